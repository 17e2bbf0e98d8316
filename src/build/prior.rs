//! What the last good build knew, handed to the next as plain data.
//!
//! `quire serve` and `build --watch` keep the `Prior` their last build returned; `quire build`
//! reads one from `.quire-cache` (cache/record.rs); a clean build starts from `Prior::default()`,
//! which knows nothing. The build takes all three down the same path: the planner asks the
//! prior what it knows of each page of the site just loaded, and renders the rest.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::changes::Changes;
use crate::content::chunked::Chunked;
use crate::content::site::Site;
use crate::content::Page;
use crate::date::Date;
use crate::load::LoadedSite;
use crate::markdown::Rendered;
use crate::output;
use crate::render::{ContextHashes, PageFacts};
use crate::routes::Routes;
use crate::search;

/// What one page's rendering learnt, by page (in the site's order).
pub(crate) type Facts = Chunked<Option<Arc<Rendered>>>;

/// What the last good build knew. Empty (`default`) for a clean build.
#[derive(Default)]
pub struct Prior {
    /// The site as that build loaded it, held in memory only (serve, watch): the loader then
    /// reads again only what changed. A prior read from disk has none, and its build loads the
    /// whole site.
    pub loaded: Option<LoadedSite>,
    /// What rendering learnt of each page, and how to tell the page is as it was then.
    pub(crate) pages: PriorPages,
    /// The views pages share, to tell which pages a change reaches.
    pub(crate) hashes: Option<ContextHashes>,
    /// The outputs a record's build claimed, as one number (`outputs_digest`); in memory, the
    /// routes of `loaded` say it.
    pub(crate) claimed: Option<u64>,
    /// Static files changed since (relative to the site folder), as a record read from disk
    /// knows them; `None` in memory, where the changes name them.
    pub(crate) statics: Option<BTreeSet<PathBuf>>,
    /// The output folder as that build committed it: a record's hash of it (checked under the
    /// folder's lock), or the files a server's last commit left.
    pub(crate) folder: Folder,
    /// Every file some page includes: the server watches them.
    pub(crate) includes: Arc<BTreeSet<String>>,
    /// Each page's share of the search index, by page number.
    pub(crate) search: Option<search::Shares>,
    /// Pages rendered but not yet checked: they are, with the site-wide files.
    pub(crate) unchecked: HashSet<PathBuf>,
    /// The site-wide files are behind the pages (see `SiteWide::Later`).
    pub site_wide_due: bool,
}

/// What a prior knows of its pages.
#[derive(Default)]
pub(crate) enum PriorPages {
    #[default]
    Nothing,
    /// Beside `Prior::loaded`'s pages, in their order: a page is as it was when the model
    /// holds the very same page (the loader shares what it did not read again).
    Model(Facts),
    /// From disk, in that build's order: each page's source, and its digest and facts where
    /// the files it included are as they were. A page is as it was when it has the same place
    /// and the same digest (its search file is named by its number).
    Record(Vec<RecordPage>),
}

/// A page as a record knows it: its source, and its digest and facts when still good.
pub(crate) type RecordPage = (PathBuf, Option<(u64, Arc<Rendered>)>);

/// The output folder as the last build committed it.
#[derive(Default)]
pub(crate) enum Folder {
    #[default]
    Unknown,
    /// Its hash (`output::folder_hash`): a record is trusted only if the folder still has it.
    Hash(u128),
    /// The files it holds: this process's last commit, made under a lock it still holds.
    Files(Arc<output::Files>),
}

impl Prior {
    /// Whether the prior knows nothing (a clean build).
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self.pages, PriorPages::Nothing)
    }

    /// What rendering learnt of each page, in page order.
    pub fn facts(&self) -> Vec<PageFacts> {
        match &self.pages {
            PriorPages::Model(facts) => facts_in_order(facts),
            _ => Vec::new(),
        }
    }

    /// Every file some page includes (`--8<--`), relative to the site folder.
    pub fn included_files(&self) -> impl Iterator<Item = &str> {
        self.includes.iter().map(String::as_str)
    }

    /// The sources of the pages that include a file for which `touched` holds.
    pub fn includers(&self, touched: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
        let (Some(loaded), PriorPages::Model(facts)) = (&self.loaded, &self.pages) else {
            return Vec::new();
        };
        if !self.includes.iter().any(|i| touched(Path::new(i))) {
            return Vec::new();
        }
        (loaded.site.pages.iter().zip(facts))
            .filter(|(_, r)| {
                r.as_ref()
                    .is_some_and(|r| r.includes.iter().any(|i| touched(Path::new(i))))
            })
            .map(|(page, _)| page.source.clone())
            .collect()
    }

    /// What this prior knows of each page of `site` (just loaded): the facts of the pages that
    /// are as they were, `None` for the others.
    pub(crate) fn kept(&self, site: &Site, same_shape: bool, changes: &Changes) -> Facts {
        match (&self.pages, &self.loaded) {
            (PriorPages::Model(facts), Some(prev)) if same_shape => {
                // The same pages in the same order: only those the changes name were read again.
                let mut kept = facts.clone();
                for source in &changes.pages {
                    if let Ok(i) = site
                        .pages
                        .binary_search_by(|p| p.source.as_path().cmp(source))
                    {
                        if !Arc::ptr_eq(&site.pages[i], &prev.site.pages[i]) {
                            kept.set(i, None);
                        }
                    }
                }
                kept
            }
            (PriorPages::Model(facts), Some(prev)) => (site.pages.iter())
                .map(|page| {
                    // Pages are sorted by source; those that are gone take their facts along.
                    let j = (prev.site.pages)
                        .binary_search_by(|q| q.source.cmp(&page.source))
                        .ok()?;
                    Arc::ptr_eq(&prev.site.pages[j], page)
                        .then(|| facts[j].clone())
                        .flatten()
                })
                .collect(),
            (PriorPages::Record(pages), _) => (site.pages.iter().zip(&site.updated).enumerate())
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|(i, (page, updated))| {
                    let (source, kept) = pages.get(i)?;
                    let (digest, facts) = kept.as_ref().filter(|_| *source == page.source)?;
                    (*digest == page_digest(page, updated.as_ref())).then(|| Arc::clone(facts))
                })
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
            _ => (0..site.pages.len()).map(|_| None).collect(),
        }
    }

    /// Whether an output came, went or moved since: what intrasite links resolve to may have.
    pub(crate) fn moved(&self, routes: &Arc<Routes>) -> bool {
        match (&self.loaded, self.claimed) {
            (Some(prev), _) => !Routes::same_outputs(&prev.routes, routes),
            (None, Some(digest)) => digest != outputs_digest(routes),
            (None, None) => true,
        }
    }

    /// The static files to copy (absolute paths); `None`: all of them.
    pub(crate) fn statics_to_copy(
        &self,
        loaded: &LoadedSite,
        changes: &Changes,
        moved: bool,
    ) -> Option<HashSet<PathBuf>> {
        let site_dir = &loaded.config.site_dir;
        match (&self.loaded, &self.statics) {
            // A file came or went: the list was made again.
            (Some(prev), _) if !Arc::ptr_eq(&loaded.inventory, &prev.inventory) => None,
            (Some(_), _) => Some(changes.assets.iter().map(|a| site_dir.join(a)).collect()),
            // An `{attach}`ed file follows its page: after a move, copy them all.
            (None, Some(changed)) if !moved => {
                Some(changed.iter().map(|f| site_dir.join(f)).collect())
            }
            _ => None,
        }
    }

    /// The files the output folder held after the last commit of this process.
    pub(crate) fn folder_files(&self) -> Option<Arc<output::Files>> {
        match &self.folder {
            Folder::Files(files) => Some(Arc::clone(files)),
            _ => None,
        }
    }

    /// Whether the output folder is as this prior's build left it (asked under the folder's
    /// lock, so that no other quire writes it after).
    pub(crate) fn folder_unchanged(&self, output_dir: &Path) -> bool {
        match &self.folder {
            Folder::Hash(h) => output::folder_hash(output_dir) == Some(*h),
            _ => true,
        }
    }

    /// What the next one-off build needs to pick up from this one (cache/record.rs); `None`
    /// when a page has no facts (never after a good one-off build) or no view hashes were kept.
    pub(crate) fn saved(&self) -> Option<Saved<'_>> {
        let (Some(loaded), PriorPages::Model(facts)) = (&self.loaded, &self.pages) else {
            return None;
        };
        let site_dir = &loaded.config.site_dir;
        let site = &loaded.site;
        let pages = (site.pages.iter().zip(&site.updated).zip(facts.iter()))
            .map(|((page, updated), r)| Some((&**page, updated.as_ref(), &**r.as_ref()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Saved {
            pages,
            hashes: self.hashes.as_ref()?,
            search: self.search.as_ref(),
            outputs: &loaded.routes,
            statics: (loaded.inventory.static_files.iter())
                .filter_map(|f| f.source.strip_prefix(site_dir).ok())
                .collect(),
        })
    }
}

/// What a good build of `pages` (with their facts, in page order) leaves for the next one.
pub(crate) struct Saved<'a> {
    pub(crate) pages: Vec<(&'a Page, Option<&'a Date>, &'a Rendered)>,
    pub(crate) hashes: &'a ContextHashes,
    pub(crate) search: Option<&'a search::Shares>,
    pub(crate) outputs: &'a Routes,
    /// The files copied as they are, relative to the site folder.
    pub(crate) statics: Vec<&'a Path>,
}

pub(crate) fn facts_in_order(rendered: &Facts) -> Vec<PageFacts> {
    (rendered.iter().enumerate())
        .filter_map(|(i, r)| {
            r.as_ref().map(|r| PageFacts {
                page: i,
                rendered: Arc::clone(r),
            })
        })
        .collect()
}

/// A page as the site model holds it, dates included: anything in it may show on its page.
/// Made from its `Debug` form so that a field added to `Page` can never be left out; a
/// one-off build's page holds its text's hash, not the text.
pub(crate) fn page_digest(page: &Page, updated: Option<&Date>) -> u64 {
    let mut h = HashWriter(Xxh3::new());
    let _ = write!(h, "{page:?}\0{updated:?}");
    h.0.digest()
}

struct HashWriter(Xxh3);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// The outputs a site claims, as one number.
pub(crate) fn outputs_digest(routes: &Routes) -> u64 {
    let mut h = Xxh3::new();
    for o in routes.outputs() {
        h.update(o.as_bytes());
        h.update(b"\0");
    }
    h.digest()
}
