//! The whole pipeline: load → render → write, clean or incremental.
//!
//! `Builder::build` takes the state the last good build left (none for a clean
//! build) and what changed since; it loads through the one loader, renders
//! what the change reaches, and writes through the one writer. A clean build
//! is the same call with no previous state, so the two cannot disagree about
//! what a site may write.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::changes::Changes;
use crate::content::chunked::Chunked;
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, LoadedSite};
use crate::markdown::{Highlighter, Rendered};
use crate::options::Options;
use crate::output::{self, Output, WriteStats};
use crate::publish;
use crate::render::{ContextHashes, OutputFile, PageFacts, RenderContext};
use crate::resume::Resumed;
use crate::search;

/// When the files made from every page (search index, feed, sitemap) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteWide {
    /// In this build.
    Now,
    /// In a later build with no changes, where this one only re-renders pages whose text
    /// changed: `quire serve` shows an edited page before the site-wide pass (~0.6 s at
    /// 10,000 pages).
    Later,
}

/// What a good build leaves for the next one to start from.
pub struct BuildState {
    pub loaded: LoadedSite,
    /// What rendering learnt of each page, beside `loaded.site.pages`: the search index, the
    /// feed and the checks are made from every page's, so a build that renders a few pages needs
    /// the others' too. (A list, not a map by source: an edit copies it.)
    rendered: Chunked<Option<Arc<Rendered>>>,
    /// Every file some page includes: the server watches them, on each turn of its loop.
    includes: Arc<BTreeSet<String>>,
    /// The sidebar's script, the same while only texts change.
    chapters_script: Arc<OutputFile>,
    /// The search index's shares, for the next build (this process's, or through resume.rs).
    search: Option<search::Shares>,
    /// The views pages share, to tell which pages a change reaches.
    hashes: Option<ContextHashes>,
    outputs: Arc<BTreeSet<String>>,
    /// The files the output folder holds, with their digests, as this build's commit left them.
    files: Arc<output::Files>,
    /// The site-wide files are behind the pages (see `SiteWide::Later`).
    pub site_wide_due: bool,
    /// Pages rendered but not yet checked: they are, with the site-wide files.
    unchecked: HashSet<PathBuf>,
}

impl BuildState {
    /// What rendering learnt of each page, in page order.
    pub fn facts(&self) -> Vec<PageFacts> {
        facts_in_order(&self.rendered)
    }

    /// Every file some page includes (`--8<--`), relative to the site folder.
    pub fn included_files(&self) -> impl Iterator<Item = &str> {
        self.includes.iter().map(String::as_str)
    }

    /// The sources of the pages that include a file for which `touched` holds.
    pub fn includers(&self, touched: impl Fn(&std::path::Path) -> bool) -> Vec<PathBuf> {
        if !self
            .includes
            .iter()
            .any(|i| touched(std::path::Path::new(i)))
        {
            return Vec::new();
        }
        (self.loaded.site.pages.iter().zip(&self.rendered))
            .filter(|(_, r)| {
                r.as_ref()
                    .is_some_and(|r| r.includes.iter().any(|i| touched(std::path::Path::new(i))))
            })
            .map(|(page, _)| page.source.clone())
            .collect()
    }
}

impl BuildState {
    /// What the next one-off build needs to pick up from this one (resume.rs); `None` when a
    /// page has no facts (never after a good one-off build) or no view hashes were kept.
    pub fn saved(&self) -> Option<crate::resume::Saved<'_>> {
        let site_dir = &self.loaded.config.site_dir;
        let site = &self.loaded.site;
        let pages = (site
            .pages
            .iter()
            .zip(&site.updated)
            .zip(self.rendered.iter()))
        .map(|((page, updated), r)| Some((&**page, updated.as_ref(), &**r.as_ref()?)))
        .collect::<Option<Vec<_>>>()?;
        Some(crate::resume::Saved {
            pages,
            hashes: self.hashes.as_ref()?,
            search: self.search.as_ref(),
            outputs: &self.outputs,
            statics: (self.loaded.inventory.static_files.iter())
                .filter_map(|f| f.source.strip_prefix(site_dir).ok())
                .collect(),
        })
    }
}

fn facts_in_order(rendered: &Chunked<Option<Arc<Rendered>>>) -> Vec<PageFacts> {
    (rendered.iter().enumerate())
        .filter_map(|(i, r)| {
            r.as_ref().map(|r| PageFacts {
                page: i,
                rendered: Arc::clone(r),
            })
        })
        .collect()
}

/// What a build did, for the summary line and the browser.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub posts: usize,
    pub static_files: usize,
    /// Pages whose template was rendered this time.
    pub pages_rendered: usize,
    pub stats: WriteStats,
    /// Output paths written or removed; `None` after a clean build (any may have changed).
    pub changed: Option<Vec<String>>,
    /// Whether the site-wide files are still to follow (see `SiteWide::Later`).
    pub more: bool,
    pub elapsed: Duration,
    /// What the review found that does not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// The sources of the pages the review looked at; `None`: every page.
    pub checked: Option<Vec<PathBuf>>,
}

/// What the caller finds in a site before it is written (quire's checks, which build does not
/// know): findings that are errors stop the build and leave the output folder as it was; the
/// rest are the build's warnings. `only` names the pages to look at (indices into the site's
/// pages); `None`: all of them.
pub(crate) type Review<'r> =
    &'r (dyn Fn(&LoadedSite, &[PageFacts], Option<&HashSet<usize>>) -> Vec<Diagnostic> + Sync);

/// Builds sites with one set of options: the highlighter and the cache live as long as it.
pub struct Builder {
    pub opts: Options,
    pub highlighter: Highlighter,
    cache: Option<Cache>,
}

impl Builder {
    pub fn new(opts: Options) -> Builder {
        Builder {
            cache: opts
                .use_cache
                .then(|| Cache::open(&opts.site_dir))
                .flatten(),
            highlighter: Highlighter::new(),
            opts,
        }
    }

    /// Builds into the output folder what a clean build of the sources would write. On any error
    /// nothing in the output folder changes and `previous` stays the state to start from.
    pub fn build(
        &self,
        previous: Option<&BuildState>,
        changes: &Changes,
        site_wide: SiteWide,
        review: Review,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Summary, BuildState), Vec<Diagnostic>> {
        let start = match previous {
            Some(p) => Start::After(p, changes),
            None => Start::Clean,
        };
        self.run(start, site_wide, review, progress)
    }

    /// `build` of the whole site, picking up from what the last one-off build left on disk:
    /// it writes what a clean build would, rendering only the pages a change reached.
    pub fn resume(
        &self,
        resumed: &Resumed,
        review: Review,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Summary, BuildState), Vec<Diagnostic>> {
        self.run(Start::Resumed(resumed), SiteWide::Now, review, progress)
    }

    fn run(
        &self,
        from: Start,
        site_wide: SiteWide,
        review: Review,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Summary, BuildState), Vec<Diagnostic>> {
        let start = Instant::now();
        let opts = &self.opts;
        let (previous, changes, resumed) = match from {
            Start::Clean => (None, &Changes::everything(), None),
            Start::After(p, changes) => (Some(p), changes, None),
            Start::Resumed(r) => (None, &Changes::everything(), Some(r)),
        };
        output::check_output_dir(&opts.site_dir, &opts.output_dir).map_err(|e| vec![e])?;
        opts.check_links().map_err(|e| vec![e])?;
        let loaded = load::load(opts, previous.map(|p| &p.loaded), changes)?;
        let mut ctx = render_context_after(&loaded, &self.highlighter, previous)
            .with_cache(self.cache.as_ref())
            .site_links_only();
        // Only texts changed: no file comes or goes (at 10,000 pages listing them costs more
        // than rendering the edited page).
        let outputs = match previous {
            Some(p) if loaded.same_shape => Arc::clone(&p.outputs),
            _ => Arc::new(loaded.outputs()),
        };
        // What the last build learnt of the pages that are as they were (a resumed build).
        let kept = resumed.map(|r| r.facts(&loaded.site));
        let plan = match (resumed, &kept) {
            (Some(r), Some(kept)) => Plan::resumed(r, kept, (&loaded, &ctx, &outputs), opts),
            _ => Plan::new(
                previous,
                changes,
                (&loaded, &ctx, &outputs),
                site_wide,
                opts,
            ),
        };

        let out = Output::open_after(&opts.output_dir, previous.map(|p| Arc::clone(&p.files)))
            .map_err(|e| {
                vec![Diagnostic::error(
                    "output",
                    &opts.output_dir,
                    format!("cannot open the output folder: {e}"),
                )]
            })?
            .with_processing(opts.processing)
            .with_force(opts.force);
        if resumed.is_some_and(|r| !r.folder_unchanged(&opts.output_dir)) {
            // Not as the record says (edited by hand, or by another build): start over.
            out.abort();
            return self.run(Start::Clean, site_wide, review, progress);
        }
        let sink = |f: OutputFile| out.stage(&f.path, &f.bytes);

        let mut rendered: Chunked<Option<Arc<Rendered>>> = match previous {
            Some(p) if loaded.same_shape => p.rendered.clone(),
            // Pages are sorted by source; those that are gone take what was learnt of them along.
            Some(p) => (loaded.site.pages.iter())
                .map(|page| {
                    (p.loaded.site.pages)
                        .binary_search_by(|q| q.source.cmp(&page.source))
                        .ok()
                        .and_then(|j| p.rendered[j].clone())
                })
                .collect(),
            None => (0..loaded.site.pages.len()).map(|_| None).collect(),
        };
        if let Some(kept) = kept {
            // The pages not rendered are as the last build saw them: their facts are its.
            let rendering: HashSet<usize> = plan.pages.iter().copied().collect();
            for (i, facts) in kept.into_iter().enumerate() {
                if !rendering.contains(&i) {
                    rendered.set(i, facts);
                }
            }
        }
        let gather = search_gather(opts, &loaded, &plan, previous, resumed);
        // The listings first: they are made from the site model alone, and the contents page's
        // view of every page (~600 bytes a page) is let go before the pages' facts pile up.
        let mut listing_errors = Vec::new();
        if plan.listings {
            let listings = [ctx.render_index(), ctx.render_blog()];
            for listing in listings.into_iter().chain(ctx.render_terms()) {
                if let Err(e) = listing.and_then(sink) {
                    listing_errors.push(e);
                }
            }
        }
        let total = plan.pages.len();
        let done = AtomicUsize::new(0);
        let (results, mut errors) = rayon::join(
            || {
                plan.pages
                    .par_iter()
                    .map(|&i| {
                        let (file, facts) = ctx.render_page(i)?;
                        sink(file)?;
                        let facts = gather.take(&loaded.site, facts, &sink)?;
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                        Ok(facts)
                    })
                    // Boxed: the list has a slot per page until rendering ends, and a
                    // diagnostic is ten times the size of a page's facts.
                    .map(|r: Result<PageFacts, Diagnostic>| r.map_err(Box::new))
                    .collect::<Vec<_>>()
            },
            || {
                let copied = (loaded.inventory.static_files.par_iter())
                    .filter(|f| plan.copy_all_static || plan.static_files.contains(&f.source))
                    .filter_map(|f| out.stage_copy(&f.output, &f.source).err());
                // Unrendered pages sharing a search page file with a rendered one.
                let mates = (plan.search_mates.par_iter()).filter_map(|&i| {
                    (ctx.page_markdown(i))
                        .and_then(|r| gather.entry_again(&loaded.site, i, &r, &sink))
                        .err()
                });
                copied.chain(mates).collect::<Vec<_>>()
            },
        );
        ctx.forget_chapter_views();
        // The included files are listed again only when a page that includes some was rendered.
        let mut includes_moved = !(previous.is_some() && loaded.same_shape);
        for r in results {
            match r {
                Ok(f) => {
                    let before = rendered[f.page].as_ref().map(|r| &r.includes);
                    includes_moved |= before.is_some_and(|b| !b.is_empty());
                    includes_moved |= !f.rendered.includes.is_empty();
                    rendered.set(f.page, Some(f.rendered));
                }
                Err(e) => errors.push(*e),
            }
        }
        errors.extend(listing_errors);
        let includes = match previous {
            Some(p) if !includes_moved => Arc::clone(&p.includes),
            _ => Arc::new(
                (rendered.iter().flatten())
                    .flat_map(|r| r.includes.iter().cloned())
                    .collect(),
            ),
        };
        if plan.stylesheet {
            if let Err(e) = out.stage(&loaded.stylesheet.path, &loaded.stylesheet.bytes) {
                errors.push(e);
            }
        }
        // What rendering learnt of every page, in page order: the site-wide files and the
        // review below are both made from it (not needed while the site-wide files wait).
        let facts = (!plan.defer_site_wide).then(|| facts_in_order(&rendered));
        let search = match &facts {
            Some(facts) => {
                if let Err(e) = sink((*ctx.chapters_script).clone()) {
                    errors.push(e);
                }
                let (staged, search) = publish::stage_all(
                    &ctx,
                    &loaded.config,
                    &loaded.assets,
                    &facts.iter().collect::<Vec<_>>(),
                    gather,
                    &out,
                );
                errors.extend(staged);
                search
            }
            // The site-wide pass follows later, from these.
            None => gather.into_shares(),
        };
        // The checks look at every page after a clean build, or when a page came, went or moved
        // (what links reach may have changed); else at the pages rendered since they last did.
        // Pages whose site-wide files follow later are checked then too: looking up suggestions
        // for a page's broken links among 10,000 pages takes longer than serving the page.
        let mut unchecked: HashSet<PathBuf> =
            previous.map_or_else(HashSet::new, |p| p.unchecked.clone());
        unchecked.extend(
            plan.pages
                .iter()
                .map(|&i| loaded.site.pages[i].source.clone()),
        );
        let checked: Option<HashSet<usize>> = match previous {
            // Looked up by source (pages are sorted by it): hashing every page's path on each
            // edit of a 10,000-page site cost more than rendering the page.
            Some(p) if p.outputs == outputs => Some(
                (unchecked.iter())
                    .filter_map(|source| {
                        (loaded.site.pages)
                            .binary_search_by(|page| page.source.cmp(source))
                            .ok()
                    })
                    .collect(),
            ),
            _ => None,
        };
        let mut warnings = Vec::new();
        if errors.is_empty() && facts.is_none() && loaded.config.makes_errors_of_checks() {
            // The review waits with the site-wide files, but a finding that site.yaml makes an
            // error (`checks: {broken-link: error}`) must keep the edited pages unwritten: look
            // at them now, for errors only (their warnings come with the site-wide pass).
            let only: HashSet<usize> = plan.pages.iter().copied().collect();
            let all = facts_in_order(&rendered);
            errors = review(&loaded, &all, Some(&only))
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
        }
        if let (true, Some(facts)) = (errors.is_empty(), &facts) {
            let (found, rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
                review(&loaded, facts, checked.as_ref())
                    .into_iter()
                    .partition(Diagnostic::is_error);
            errors = found;
            warnings = rest;
            if checked.is_none() {
                warnings.extend(loaded.inventory.skipped_links_note());
                warnings.extend(loaded.git.as_ref().and_then(|g| g.warning()));
            }
            unchecked.clear();
        }
        if !errors.is_empty() {
            out.abort();
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
        if plan.defer_site_wide {
            // No file comes or goes (that is when the site-wide files may wait).
            out.keep_previous();
        } else if previous.is_some() || resumed.is_some() {
            // Everything not staged stays as the last good build wrote it; of the search index,
            // whose files are no outputs, what the site-wide pass neither staged nor kept goes.
            out.keep(outputs.iter().cloned());
        }
        let (written, removed) = out.changes();
        let committed = out.commit().map_err(|e| vec![e])?;
        warnings.extend(committed.warning);
        // A build that rendered only some pages used only their entries.
        if matches!(from, Start::Clean) {
            if let Some(cache) = &self.cache {
                cache.prune();
            }
        }
        let hashes = plan.hashes;
        let site = &loaded.site;
        let summary = Summary {
            // Counted from the pages: hidden posts and translations are in no list.
            pages: site.pages.len() - site.post_count,
            posts: site.post_count,
            static_files: loaded.inventory.static_files.len(),
            pages_rendered: plan.pages.len(),
            stats: committed.stats,
            // After a change of settings every page may look different: say so, not which.
            changed: (previous.is_some() && !changes.config)
                .then(|| written.into_iter().chain(removed).collect()),
            more: plan.defer_site_wide,
            elapsed: start.elapsed(),
            checked: if plan.defer_site_wide {
                Some(Vec::new())
            } else {
                checked.map(|c| c.iter().map(|&i| site.pages[i].source.clone()).collect())
            },
            warnings,
        };
        let chapters_script = Arc::clone(&ctx.chapters_script);
        drop(ctx);
        Ok((
            summary,
            BuildState {
                loaded,
                rendered,
                includes,
                chapters_script,
                search,
                hashes,
                outputs,
                files: committed.files,
                site_wide_due: plan.defer_site_wide,
                unchecked,
            },
        ))
    }
}

/// Whether two builds' lists of outputs are the same: the same list, when only texts changed
/// (comparing 150,000 paths took 5 ms of an edit at 100,000 pages).
fn same_outputs(a: &BTreeSet<String>, b: &Arc<BTreeSet<String>>) -> bool {
    std::ptr::eq(a, &**b) || *a == **b
}

/// Where a build starts from.
enum Start<'p> {
    /// Nothing: every page is rendered.
    Clean,
    /// The state the last build of this process left, and what changed since.
    After(&'p BuildState, &'p Changes),
    /// What the last one-off build left on disk.
    Resumed(&'p Resumed),
}

/// What a build renders and stages; everything else stays as the previous build wrote it.
struct Plan {
    /// Page indices to render.
    pages: Vec<usize>,
    /// Pages not rendered whose search entries are made again: they share a page file of the
    /// index with a page rendered (a resumed build's record keeps their words, not their text).
    search_mates: Vec<usize>,
    listings: bool,
    stylesheet: bool,
    copy_all_static: bool,
    /// Static files to copy when not all are (absolute source paths).
    static_files: HashSet<PathBuf>,
    defer_site_wide: bool,
    hashes: Option<ContextHashes>,
}

impl Plan {
    /// Every page, listing and file.
    fn everything(site: &crate::content::site::Site, hashes: Option<ContextHashes>) -> Plan {
        Plan {
            pages: (0..site.pages.len()).collect(),
            search_mates: Vec::new(),
            listings: true,
            stylesheet: true,
            copy_all_static: true,
            static_files: HashSet::new(),
            defer_site_wide: false,
            hashes,
        }
    }

    fn new(
        previous: Option<&BuildState>,
        changes: &Changes,
        (loaded, ctx, outputs): (&LoadedSite, &RenderContext, &BTreeSet<String>),
        site_wide: SiteWide,
        opts: &Options,
    ) -> Plan {
        let site = &loaded.site;
        // A one-off build keeps the hashes for the next one, on disk (resume.rs).
        let everything = || {
            Plan::everything(
                site,
                (opts.keeps_state || opts.use_cache).then(|| ctx.hashes()),
            )
        };
        let Some(prev) = previous else {
            return everything();
        };
        let static_files = changes
            .assets
            .iter()
            .map(|a| opts.site_dir.join(a))
            .collect();
        let copy_all_static = !Arc::ptr_eq(&loaded.inventory, &prev.loaded.inventory);
        // Only page texts changed, so no file comes or goes: the site-wide files may follow.
        let defer_site_wide = site_wide == SiteWide::Later
            && loaded.same_shape
            && same_outputs(outputs, &prev.outputs);
        let changed_pages = || {
            (0..site.pages.len()).filter(|&i| {
                let page = &site.pages[i];
                prev.loaded
                    .site
                    .pages
                    .binary_search_by(|p| p.source.cmp(&page.source))
                    .map_or(true, |j| !Arc::ptr_eq(&prev.loaded.site.pages[j], page))
            })
        };
        if loaded.same_shape && prev.hashes.is_some() {
            // Only texts changed: nothing any other page shows of them did.
            let pages = changes
                .pages
                .iter()
                .filter_map(|s| {
                    site.pages
                        .binary_search_by(|p| p.source.as_path().cmp(s))
                        .ok()
                })
                .collect();
            return Plan {
                pages,
                search_mates: Vec::new(),
                listings: false,
                stylesheet: false,
                copy_all_static: false,
                static_files,
                defer_site_wide,
                hashes: prev.hashes.clone(),
            };
        }
        let hashes = ctx.hashes();
        let Some(good) = &prev.hashes else {
            return everything();
        };
        if changes.templates || changes.config || good.shared != hashes.shared {
            return Plan::everything(site, Some(hashes));
        }
        let changed: HashSet<usize> = changed_pages().collect();
        // Only when an output came, went or moved can a page or file that intrasite links
        // name have moved: scanning every page's text for them costs more than an edit.
        let moved = !same_outputs(outputs, &prev.outputs);
        let (pages, listings) = reached(site, good, &hashes, &changed, moved);
        Plan {
            pages,
            search_mates: Vec::new(),
            listings,
            stylesheet: false,
            copy_all_static,
            static_files,
            defer_site_wide,
            hashes: Some(hashes),
        }
    }

    /// The plan of a build that picks up from what the last one-off build left (resume.rs).
    fn resumed(
        resumed: &Resumed,
        kept: &[Option<Arc<Rendered>>],
        (loaded, ctx, outputs): (&LoadedSite, &RenderContext, &BTreeSet<String>),
        opts: &Options,
    ) -> Plan {
        let site = &loaded.site;
        let hashes = ctx.hashes();
        if hashes.shared != resumed.hashes.shared {
            return Plan::everything(site, Some(hashes));
        }
        let changed: HashSet<usize> = (0..site.pages.len())
            .filter(|&i| kept[i].is_none())
            .collect();
        let moved = resumed.moved(outputs);
        let (pages, listings) = reached(site, &resumed.hashes, &hashes, &changed, moved);
        let search_mates = search::mates(&pages, site.pages.len());
        let statics = resumed.statics(moved);
        Plan {
            pages,
            search_mates,
            listings,
            // Its name is its content's hash: the same name, the same bytes.
            stylesheet: false,
            copy_all_static: statics.is_none(),
            static_files: statics.map_or_else(HashSet::new, |s| {
                s.iter().map(|f| opts.site_dir.join(f)).collect()
            }),
            defer_site_wide: false,
            hashes: Some(hashes),
        }
    }
}

/// The search index's shares as this build starts: the last build's (this process's, or the
/// last one-off build's), for the pages it does not render.
fn search_gather(
    opts: &Options,
    loaded: &LoadedSite,
    plan: &Plan,
    previous: Option<&BuildState>,
    resumed: Option<&Resumed>,
) -> search::Gather {
    let keeping = search::Keeping {
        texts: opts.keeps_state,
        summaries: loaded.config.llms_txt,
        shares: opts.keeps_state || opts.use_cache,
    };
    let (key, pages) = (loaded.assets.search_key, &loaded.site.pages);
    let last = match previous {
        Some(p) => p.search.as_ref(),
        None => resumed.and_then(|r| r.search.as_ref()),
    };
    let Some(last) = last else {
        return search::Gather::new(key, pages.len(), keeping);
    };
    let rendering: HashSet<usize> = plan.pages.iter().copied().collect();
    // By page not rendered, its number in the last build.
    let from: Vec<Option<usize>> = (0..pages.len())
        .map(|i| match previous {
            _ if rendering.contains(&i) => None,
            // Pages are sorted by source; one not rendered is the very page it was.
            Some(p) if !loaded.same_shape => (p.loaded.site.pages)
                .binary_search_by(|q| q.source.cmp(&pages[i].source))
                .ok()
                .filter(|&j| Arc::ptr_eq(&p.loaded.site.pages[j], &pages[i])),
            // The same pages in the same order; a resumed build renders a page that moved in
            // it (`Resumed::facts`).
            _ => Some(i),
        })
        .collect();
    search::Gather::after(last, &from, key, keeping)
}

/// The pages a change reaches, and whether the listings show it: the pages `changed`, those
/// whose chapter or translations look different (`good` is how they looked), and after an
/// output `moved`, those that may link to it by file (`{filename}`).
fn reached(
    site: &crate::content::site::Site,
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
                || good.translations.get(&site.pages[*i].source)
                    != hashes.translations.get(&site.pages[*i].source)
        })
        .collect();
    let listings = good.loose != hashes.loose
        || good.posts != hashes.posts
        || good.chapters != hashes.chapters
        || good.terms != hashes.terms;
    (pages, listings)
}

/// Whether a page's text may hold intrasite links (a page whose file cannot be read is
/// rendered, which reports why).
fn may_have_intrasite(page: &crate::content::Page) -> bool {
    (page.text()).map_or(true, |t| {
        crate::markdown::intrasite::may_have(&t[page.body_offset..])
    })
}

/// The one way templates get their context.
pub(crate) fn render_context<'a>(
    loaded: &'a LoadedSite,
    highlighter: &'a Highlighter,
) -> RenderContext<'a> {
    render_context_after(loaded, highlighter, None)
}

/// `render_context` for a build after `previous`, sharing what only texts changed cannot change.
fn render_context_after<'a>(
    loaded: &'a LoadedSite,
    highlighter: &'a Highlighter,
    previous: Option<&BuildState>,
) -> RenderContext<'a> {
    let script = previous
        .filter(|_| loaded.same_shape)
        .map(|p| Arc::clone(&p.chapters_script));
    RenderContext::new(
        &loaded.site,
        (&loaded.config, &loaded.urls),
        &loaded.templates,
        highlighter,
        crate::templates::site_url_of(&loaded.stylesheet.path),
        script,
    )
    .with_site_fields(loaded.assets.site_fields())
    .with_targets(crate::render::intrasite::Targets::new(
        &loaded.site,
        &loaded.inventory.static_files,
        || loaded.outputs(),
    ))
}
