//! The one planner: what a build renders and stages, from what the prior knew. Everything
//! else stays as the previous build wrote it.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::prior::{Facts, Prior, PriorPages};
use super::SiteWide;
use crate::changes::Changes;
use crate::content::site::Site;
use crate::load::LoadedSite;
use crate::render::{ContextHashes, RenderContext};
use crate::routes::Routes;

/// What a build renders and stages.
pub(super) struct Plan {
    /// Page indices to render.
    pub pages: Vec<usize>,
    /// Pages not rendered whose search entries are made again: they share a page file of the
    /// index with a page rendered (a record keeps their words, not their text).
    pub search_mates: Vec<usize>,
    pub listings: bool,
    pub stylesheet: bool,
    /// Static files to copy (absolute source paths); `None`: all of them.
    pub static_files: Option<HashSet<PathBuf>>,
    pub defer_site_wide: bool,
    pub hashes: Option<ContextHashes>,
}

/// The site a plan is for: just loaded, with its render context and outputs, and what the
/// prior knew of each of its pages (`kept`).
pub(super) struct Now<'a> {
    pub loaded: &'a LoadedSite,
    pub ctx: &'a RenderContext<'a>,
    pub kept: &'a Facts,
}

impl Plan {
    /// Every page, listing and file.
    fn everything(site: &Site, hashes: Option<ContextHashes>) -> Plan {
        Plan {
            pages: (0..site.pages.len()).collect(),
            search_mates: Vec::new(),
            listings: true,
            stylesheet: true,
            static_files: None,
            defer_site_wide: false,
            hashes,
        }
    }

    pub(super) fn new(
        prior: &Prior,
        now: &Now,
        changes: &Changes,
        site_wide: SiteWide,
        keep_hashes: bool,
    ) -> Plan {
        let site = &now.loaded.site;
        if prior.is_empty() {
            return Plan::everything(site, keep_hashes.then(|| now.ctx.hashes()));
        }
        let moved = prior.moved(&now.loaded.routes);
        let changed: Vec<usize> = (now.kept.iter().enumerate())
            .filter(|(_, k)| k.is_none())
            .map(|(i, _)| i)
            .collect();
        let static_files = prior.statics_to_copy(now.loaded, changes, moved);
        // Only page texts changed, so no file comes or goes: the site-wide files may follow.
        let defer_site_wide = site_wide == SiteWide::Later && now.loaded.same_shape && !moved;
        if let (true, Some(hashes)) = (now.loaded.same_shape, &prior.hashes) {
            // Only texts changed: nothing any other page shows of them did.
            return Plan {
                pages: changed,
                search_mates: Vec::new(),
                listings: false,
                stylesheet: false,
                static_files,
                defer_site_wide,
                hashes: Some(hashes.clone()),
            };
        }
        let hashes = now.ctx.hashes();
        let Some(good) = &prior.hashes else {
            return Plan::everything(site, Some(hashes));
        };
        if changes.templates || changes.config || good.shared != hashes.shared {
            return Plan::everything(site, Some(hashes));
        }
        let changed: HashSet<usize> = changed.into_iter().collect();
        let (pages, listings) = reached(site, good, &hashes, &changed, moved);
        // A content page that came into or left a built-in's place: the built-ins are written
        // again (a tag page steps aside without any listing looking different).
        let stepped_aside = match &prior.loaded {
            Some(prev) => !Routes::same_replaced(&prev.routes, &now.loaded.routes),
            None => moved,
        };
        let listings = listings || stepped_aside;
        let search_mates = match prior.pages {
            PriorPages::Record(_) => crate::search::mates(&pages, site.pages.len()),
            _ => Vec::new(),
        };
        Plan {
            pages,
            search_mates,
            listings,
            // Its name is its content's hash: the same name, the same bytes.
            stylesheet: false,
            static_files,
            defer_site_wide,
            hashes: Some(hashes),
        }
    }
}

/// The pages a change reaches, and whether the listings show it: the pages `changed`, those
/// whose chapter, translations or prev/next look different (`good` is how they looked), and
/// after an output `moved`, those that may link to it by file (`{filename}`).
fn reached(
    site: &Site,
    good: &ContextHashes,
    hashes: &ContextHashes,
    changed: &HashSet<usize>,
    moved: bool,
) -> (Vec<usize>, bool) {
    let chapter_changed = |id: &str| good.chapters.get(id) != hashes.chapters.get(id);
    let pages = (0..site.pages.len())
        .filter(|i| {
            changed.contains(i)
                || site.chapter_of_page[*i].is_some_and(|c| chapter_changed(&site.chapters[c].id))
                || (moved && may_have_intrasite(&site.pages[*i]))
                || differs(
                    &good.translations,
                    &hashes.translations,
                    &site.pages[*i].source,
                )
                || differs(&good.neighbours, &hashes.neighbours, &site.pages[*i].source)
        })
        .collect();
    let listings = good.loose != hashes.loose
        || good.posts != hashes.posts
        || good.chapters != hashes.chapters
        || good.terms != hashes.terms;
    (pages, listings)
}

/// Whether a page's hash in `good` and in `now` differ (one having none counts).
fn differs(good: &BTreeMap<PathBuf, u64>, now: &BTreeMap<PathBuf, u64>, source: &Path) -> bool {
    good.get(source) != now.get(source)
}

/// Whether a page's text may hold intrasite links (a page whose file cannot be read is
/// rendered, which reports why).
fn may_have_intrasite(page: &crate::content::Page) -> bool {
    (page.text()).map_or(true, |t| {
        crate::markdown::intrasite::may_have(&t[page.body_offset..])
    })
}
