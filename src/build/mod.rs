//! The pipeline, as a list of stages:
//!
//! load → plan → render pages → site-wide files → review → commit
//!
//! `Builder::build` takes what the last good build knew (a [`Prior`], empty for a clean build)
//! and what changed since, and returns what this one knows for the next. `quire build` reads
//! its prior from `.quire-cache` (cache/record.rs), `quire serve` keeps the one its last build
//! returned: one type down one path, so a clean build, a resumed one and a serve edit cannot
//! disagree about what a site writes. `quire check` runs the same stages with a writer that
//! writes nothing.

mod plan;
mod prior;
mod sink;

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::changes::Changes;
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, LoadedSite};
use crate::markdown::Highlighter;
use crate::options::Options;
use crate::output::WriteStats;
use crate::publish;
use crate::render::{MarkdownStore, OutputFile, PageFacts, Parts, RenderContext};
use crate::search;
use plan::{Now, Plan};
pub use prior::Prior;
pub(crate) use prior::Saved;
use prior::{facts_in_order, Facts};
pub(crate) use prior::{outputs_digest, page_digest, Folder, PriorPages};
use sink::Sink;

/// When the files made from every page (search index, feed, sitemap) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteWide {
    /// In this build.
    Now,
    /// In a later build with no changes, where this one only re-renders pages whose text
    /// changed: `quire serve` shows an edited page before the site-wide pass.
    Later,
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

/// How far rendering has come: pages done, pages to do.
pub(crate) type Progress<'p> = &'p (dyn Fn(usize, usize) + Sync);

/// Builds sites with one set of options: the highlighter and the Markdown store live as long
/// as it.
pub struct Builder {
    pub opts: Options,
    pub highlighter: Highlighter,
    store: Option<Box<dyn MarkdownStore>>,
    /// `false`: the build writes nothing (`quire check`).
    writes: bool,
    /// Pages' facts keep their links out of the site too (`quire check --external`).
    links_out: bool,
}

impl Builder {
    pub fn new(opts: Options) -> Builder {
        Builder {
            highlighter: Highlighter::new(),
            opts,
            store: None,
            writes: true,
            links_out: false,
        }
    }

    /// Keeps rendered Markdown in `store` from one build to the next.
    pub(crate) fn with_store(mut self, store: Option<Box<dyn MarkdownStore>>) -> Builder {
        self.store = store;
        self
    }

    /// Runs every stage but writes nothing: `quire check`.
    pub(crate) fn writing_nothing(mut self) -> Builder {
        self.writes = false;
        self
    }

    /// Keeps every page's links out of the site in what the build returns.
    pub(crate) fn keeping_links_out(mut self) -> Builder {
        self.links_out = true;
        self
    }

    /// Builds into the output folder what a clean build of the sources would write, starting
    /// from what `prior` knew, and returns what this build knows. On any error nothing in the
    /// output folder changes and `prior` stays the one to start from.
    pub fn build(
        &self,
        prior: &Prior,
        changes: &Changes,
        site_wide: SiteWide,
        review: Review,
        progress: Progress,
    ) -> Result<(Summary, Prior), Vec<Diagnostic>> {
        let started = Instant::now();
        let loaded = self.load(prior, changes)?;
        let out = self.open(prior)?;
        // A record of a folder edited since (by hand, or by another build) is not trusted.
        let nothing = Prior::default();
        let prior = if out.holds(prior, &self.opts.output_dir) {
            prior
        } else {
            &nothing
        };
        let mut ctx = self.render_context(&loaded);
        let kept = prior.kept(&loaded.site, loaded.same_shape, changes);
        let now = Now {
            loaded: &loaded,
            ctx: &ctx,
            kept: &kept,
        };
        let keep_hashes = self.opts.keeps_state || self.opts.use_cache;
        let plan = Plan::new(prior, &now, changes, site_wide, keep_hashes);
        let run = Run {
            opts: &self.opts,
            prior,
            loaded: &loaded,
            plan: &plan,
            out: &out,
        };
        let search = run.search_gather();
        let mut pages = run.render_pages(&mut ctx, kept, &search, progress);
        let site_wide = run.site_wide_files(&ctx, &pages.facts, search, &mut pages.errors);
        let review = run.review(&pages, &site_wide, review);
        if !review.errors.is_empty() {
            out.abort();
            let mut errors = review.errors;
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
        drop(ctx);
        let done = Done {
            started,
            changes,
            review,
            pages,
            site_wide,
        };
        self.commit(out, &plan, prior, loaded, done)
    }

    /// Reads the site, the previous model's unchanged parts shared.
    fn load(&self, prior: &Prior, changes: &Changes) -> Result<LoadedSite, Vec<Diagnostic>> {
        if self.writes {
            crate::output::check_output_dir(&self.opts.site_dir, &self.opts.output_dir)
                .map_err(|e| vec![e])?;
        }
        self.opts.check_links().map_err(|e| vec![e])?;
        load::load(&self.opts, prior.loaded.as_ref(), changes)
    }

    /// Where the build writes: the output folder, locked, or nowhere.
    fn open(&self, prior: &Prior) -> Result<Sink, Vec<Diagnostic>> {
        if !self.writes {
            return Ok(Sink::Nowhere);
        }
        Sink::folder(&self.opts, prior.folder_files()).map_err(|e| vec![e])
    }

    /// The one way templates get their context.
    fn render_context<'a>(&'a self, loaded: &'a LoadedSite) -> RenderContext<'a> {
        let parts = Parts {
            site: &loaded.site,
            config: &loaded.config,
            urls: &loaded.urls,
            templates: &loaded.templates,
            stylesheet: crate::url::SitePath::new(&loaded.stylesheet.path).link(),
            chapters_script: &loaded.chapters_script,
        };
        RenderContext::new(parts, &self.highlighter)
            .with_site_fields(loaded.assets.site_fields())
            .with_targets(crate::render::intrasite::Targets::new(
                &loaded.site,
                &loaded.inventory.static_files,
                &loaded.routes,
                &loaded.config.content,
            ))
            .with_store(self.store.as_deref())
            .site_links_only(!self.links_out)
    }

    /// Moves what was staged into the output folder, and says what this build knows.
    fn commit(
        &self,
        out: Sink,
        plan: &Plan,
        prior: &Prior,
        loaded: LoadedSite,
        done: Done,
    ) -> Result<(Summary, Prior), Vec<Diagnostic>> {
        if plan.defer_site_wide {
            // No file comes or goes (that is when the site-wide files may wait).
            out.keep_previous();
        } else if !prior.is_empty() {
            // Everything not staged stays as the last good build wrote it; the search index,
            // staged whole, loses the files no word or page needs any more.
            out.keep(loaded.routes.outputs().map(str::to_string));
        }
        let (written, removed) = out.changes();
        let committed = out.commit().map_err(|e| vec![e])?;
        let mut warnings = done.review.warnings;
        warnings.extend(committed.warning);
        // A build that rendered only some pages used only their entries.
        if let (true, Some(store)) = (prior.is_empty() && self.writes, &self.store) {
            store.prune();
        }
        let site = &loaded.site;
        let summary = Summary {
            // Counted from the pages: hidden posts and translations are in no list.
            pages: site.pages.len() - site.post_count,
            posts: site.post_count,
            static_files: loaded.inventory.static_files.len(),
            pages_rendered: plan.pages.len(),
            stats: committed.stats,
            // After a change of settings every page may look different: say so, not which.
            changed: (prior.loaded.is_some() && !done.changes.config)
                .then(|| written.into_iter().chain(removed).collect()),
            more: plan.defer_site_wide,
            elapsed: done.started.elapsed(),
            checked: if plan.defer_site_wide {
                Some(Vec::new())
            } else {
                (done.review.checked.as_ref())
                    .map(|c| c.iter().map(|&i| site.pages[i].source.clone()).collect())
            },
            warnings,
        };
        let next = Prior {
            pages: PriorPages::Model(done.pages.facts),
            hashes: plan.hashes.clone(),
            claimed: None,
            statics: None,
            folder: Folder::Files(committed.files),
            includes: done.pages.includes,
            search: done.site_wide.search,
            unchecked: done.review.unchecked,
            site_wide_due: plan.defer_site_wide,
            loaded: Some(loaded),
        };
        Ok((summary, next))
    }
}

/// One build's stages, over what they share.
struct Run<'a> {
    opts: &'a Options,
    prior: &'a Prior,
    loaded: &'a LoadedSite,
    plan: &'a Plan,
    out: &'a Sink,
}

/// What the render stage leaves.
struct Pages {
    /// Every page's facts: the prior's for pages not rendered, the new ones for the others.
    facts: Facts,
    includes: Arc<BTreeSet<String>>,
    errors: Vec<Diagnostic>,
}

/// What the site-wide stage leaves.
struct SiteWideFiles {
    /// What rendering learnt of every page, in page order, which the review reads too; `None`
    /// when the site-wide files wait for a later build (`SiteWide::Later`).
    facts: Option<Vec<PageFacts>>,
    /// The search index's shares, for the next build.
    search: Option<search::Shares>,
}

/// What the review stage found.
struct Reviewed {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// The pages looked at; `None`: every page.
    checked: Option<HashSet<usize>>,
    /// Pages rendered and not yet looked at (their review waits with the site-wide files).
    unchecked: HashSet<PathBuf>,
}

/// Everything the commit stage needs from the stages before it.
struct Done<'c> {
    started: Instant,
    changes: &'c Changes,
    review: Reviewed,
    pages: Pages,
    site_wide: SiteWideFiles,
}

impl Run<'_> {
    /// The search index's shares as this build starts: the prior's, for the pages it does not
    /// render. Each page rendered puts its share in as it goes.
    fn search_gather(&self) -> search::Gather {
        let (opts, loaded) = (self.opts, self.loaded);
        let keeping = search::Keeping {
            texts: opts.keeps_state,
            summaries: loaded.config.llms_txt,
            shares: opts.keeps_state || opts.use_cache,
        };
        let (key, pages) = (loaded.assets.search_key, &loaded.site.pages);
        let Some(last) = &self.prior.search else {
            return search::Gather::new(key, pages.len(), keeping);
        };
        let rendering: HashSet<usize> = self.plan.pages.iter().copied().collect();
        // By page not rendered, its number in the last build.
        let from: Vec<Option<usize>> = (0..pages.len())
            .map(|i| match &self.prior.loaded {
                _ if rendering.contains(&i) => None,
                // Pages are sorted by source; one not rendered is the very page it was.
                Some(p) if !loaded.same_shape => (p.site.pages)
                    .binary_search_by(|q| q.source.cmp(&pages[i].source))
                    .ok()
                    .filter(|&j| Arc::ptr_eq(&p.site.pages[j], &pages[i])),
                // The same pages in the same order (a record's page that moved is rendered).
                _ => Some(i),
            })
            .collect();
        search::Gather::after(last, &from, key, keeping)
    }

    /// Renders the planned pages and listings and copies the planned static files.
    fn render_pages(
        &self,
        ctx: &mut RenderContext,
        mut facts: Facts,
        search: &search::Gather,
        progress: Progress,
    ) -> Pages {
        let sink = |f: OutputFile| self.out.stage(&f.path, &f.bytes);
        // The listings first: they are made from the site model alone, and the contents page's
        // view of every page is let go before the pages' facts pile up.
        let mut errors = Vec::new();
        if self.plan.listings {
            let listings = [ctx.render_index(), ctx.render_blog()];
            for listing in listings.into_iter().chain(ctx.render_terms()) {
                // A content page written there instead is rendered with the pages.
                let replaced = |f: &OutputFile| self.loaded.routes.replaced(&f.path);
                if !listing.as_ref().is_ok_and(replaced) {
                    errors.extend(listing.and_then(sink).err());
                }
            }
        }
        let (results, copy_errors) = rayon::join(
            || self.render_each(ctx, search, progress),
            || self.copy_static_files(ctx, search),
        );
        errors.extend(copy_errors);
        ctx.forget_chapter_views();
        // The included files are listed again only when a page that includes some was rendered.
        let mut includes_moved = !(self.prior.loaded.is_some() && self.loaded.same_shape);
        for r in results {
            match r {
                Ok(f) => {
                    let before = facts[f.page].as_ref().map(|r| &r.includes);
                    includes_moved |= before.is_some_and(|b| !b.is_empty());
                    includes_moved |= !f.rendered.includes.is_empty();
                    facts.set(f.page, Some(f.rendered));
                }
                Err(e) => errors.push(*e),
            }
        }
        let includes = if includes_moved {
            Arc::new(
                (facts.iter().flatten())
                    .flat_map(|r| r.includes.iter().cloned())
                    .collect(),
            )
        } else {
            Arc::clone(&self.prior.includes)
        };
        if self.plan.stylesheet {
            let css = &self.loaded.stylesheet;
            errors.extend(self.out.stage(&css.path, &css.bytes).err());
        }
        // hook: code — the mermaid script, only for a site with a diagram.
        if facts.iter().flatten().any(|r| r.diagrams) {
            let script = crate::markdown::mermaid::script();
            errors.extend(self.out.stage(&script.path, &script.bytes).err());
        }
        Pages {
            facts,
            includes,
            errors,
        }
    }

    /// Each planned page rendered and staged, in parallel.
    fn render_each(
        &self,
        ctx: &RenderContext,
        search: &search::Gather,
        progress: Progress,
    ) -> Vec<Result<PageFacts, Box<Diagnostic>>> {
        let sink = |f: OutputFile| self.out.stage(&f.path, &f.bytes);
        let total = self.plan.pages.len();
        let done = AtomicUsize::new(0);
        (self.plan.pages.par_iter())
            .map(|&i| {
                let (file, facts) = ctx.render_page(i)?;
                sink(file)?;
                let facts = search.take(&self.loaded.site, facts, &sink)?;
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(facts)
            })
            // Boxed: the list has a slot per page until rendering ends, and a slot is as big as
            // its largest kind: the rare failed page's diagnostic must not size every slot.
            .map(|r: Result<PageFacts, Diagnostic>| r.map_err(Box::new))
            .collect()
    }

    /// The planned static files copied, and the search entries of unrendered pages that share
    /// a search page file with a rendered one made again.
    fn copy_static_files(&self, ctx: &RenderContext, search: &search::Gather) -> Vec<Diagnostic> {
        let sink = |f: OutputFile| self.out.stage(&f.path, &f.bytes);
        let statics = &self.plan.static_files;
        let copied = (self.loaded.inventory.static_files.par_iter())
            .filter(|f| statics.as_ref().is_none_or(|s| s.contains(&f.source)))
            .filter_map(|f| self.out.stage_copy(&f.output, &f.source).err());
        let mates = (self.plan.search_mates.par_iter()).filter_map(|&i| {
            (ctx.page_markdown(i))
                .and_then(|r| search.entry_again(&self.loaded.site, i, &r, &sink))
                .err()
        });
        copied.chain(mates).collect()
    }

    /// The files made from every page: search index, feed, sitemap, chapters script; they
    /// wait for a later build when the plan says so (`SiteWide::Later`).
    fn site_wide_files(
        &self,
        ctx: &RenderContext,
        facts: &Facts,
        search: search::Gather,
        errors: &mut Vec<Diagnostic>,
    ) -> SiteWideFiles {
        if self.plan.defer_site_wide {
            return SiteWideFiles {
                facts: None,
                search: search.into_shares(),
            };
        }
        let facts = facts_in_order(facts);
        errors.extend(self.out.stage_file(&self.loaded.chapters_script).err());
        let staged = publish::stage_all(
            ctx,
            &self.loaded.config,
            &self.loaded.assets,
            &self.loaded.routes,
            &facts.iter().collect::<Vec<_>>(),
            search,
            &|f| self.out.stage(&f.path, &f.bytes),
        );
        errors.extend(staged.errors);
        self.out.keep(staged.kept);
        SiteWideFiles {
            facts: Some(facts),
            search: staged.search,
        }
    }

    /// The checks, on every page after a clean build or when a page came, went or moved (what
    /// links reach may have changed); else on the pages rendered since they last ran. Pages
    /// whose site-wide files follow later are checked then too: looking up suggestions for a
    /// page's broken links costs more as the site grows, and must not delay serving the page.
    fn review(&self, pages: &Pages, site_wide: &SiteWideFiles, review: Review) -> Reviewed {
        let site = &self.loaded.site;
        let mut unchecked = self.prior.unchecked.clone();
        unchecked.extend(
            self.plan
                .pages
                .iter()
                .map(|&i| site.pages[i].source.clone()),
        );
        let routes = &self.loaded.routes;
        let checked = (self.prior.loaded.is_some() && !self.prior.moved(routes)).then(|| {
            // Looked up by source (pages are sorted by it): an edit must not hash every page's
            // path, a cost that grows with the site.
            (unchecked.iter())
                .filter_map(|s| site.pages.binary_search_by(|p| p.source.cmp(s)).ok())
                .collect()
        });
        let mut errors = pages.errors.clone();
        let Some(all) = &site_wide.facts else {
            // The review waits with the site-wide files, but a finding that site.yaml makes an
            // error (`checks: {broken-link: error}`) must keep the edited pages unwritten: look
            // at them now, for errors only (their warnings come with the site-wide pass).
            if errors.is_empty() && self.loaded.config.makes_errors_of_checks() {
                let only: HashSet<usize> = self.plan.pages.iter().copied().collect();
                let all = facts_in_order(&pages.facts);
                errors = (review(self.loaded, &all, Some(&only)).into_iter())
                    .filter(Diagnostic::is_error)
                    .collect();
            }
            return Reviewed {
                errors,
                warnings: Vec::new(),
                checked,
                unchecked,
            };
        };
        let mut warnings = Vec::new();
        if errors.is_empty() {
            let found = review(self.loaded, all, checked.as_ref());
            (errors, warnings) = found.into_iter().partition(Diagnostic::is_error);
            if checked.is_none() {
                warnings.extend(self.loaded.inventory.skipped_links_note());
                warnings.extend(
                    (self.loaded.inventory).unread_formats_warning(&self.loaded.config.site_dir),
                );
                warnings.extend(self.loaded.site.theme_templates_warning());
                warnings.extend(self.loaded.inventory.shadowed_readme_warnings());
                warnings.extend(self.loaded.routes.replaced_note(&self.loaded.site));
                warnings.extend(self.loaded.git.as_ref().and_then(|g| g.warning()));
            }
            unchecked.clear();
        }
        Reviewed {
            errors,
            warnings,
            checked,
            unchecked,
        }
    }
}
