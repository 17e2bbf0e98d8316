//! Incremental rebuilds that always write what a clean `quire build` would.
//!
//! The site model (pages with their front matter, chapters, templates) stays in
//! memory between rebuilds. A change re-reads only the files it names, rebuilds
//! the model (cheap: no Markdown), and then re-renders only the pages whose
//! inputs differ from the last good build: the changed pages themselves, the
//! pages of a chapter whose sidebar view changed, or every page when what all
//! pages share changed (templates, settings, the list of chapters, recent
//! posts). Changes that fail are kept and tried again with the next ones, so
//! that the output always moves from one good build to the next.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::watch::Changes;
use crate::build::{self, BuildSettings, LoadedSite};
use crate::cache::Cache;
use crate::config::Config;
use crate::content::site::{check_unique_outputs, Site};
use crate::content::{self, Inventory, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::Highlighter;
use crate::output::Output;
use crate::publish::{self, Assets};
use crate::render::{ContextHashes, OutputFile, PageFacts, RenderContext};
use crate::templates::Templates;

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Built {
    /// Output paths written or removed; `None` after a full build (every page may have changed).
    pub changed: Option<Vec<String>>,
    pub pages_rendered: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Whether files made from the whole site (search index, feed) are still to be brought up
    /// to date by `finish_shared`: the edited pages are served first, without waiting for them.
    pub more: bool,
}

/// What one way of rebuilding did: the output files it changed (`None`: maybe all) and how many
/// pages it rendered; or every error.
type Step = Result<(Option<Vec<String>>, usize), Vec<Diagnostic>>;

/// The model of the site as last read; after a failed rebuild it may be ahead of the output.
struct Model {
    config: Config,
    inventory: Inventory,
    site: Site,
    /// None after templates failed to load.
    templates: Option<Templates>,
    stylesheet: OutputFile,
    assets: Assets,
}

pub struct Rebuilder {
    site_dir: PathBuf,
    output_dir: PathBuf,
    highlighter: Highlighter,
    model: Option<Model>,
    /// The shared views of the last good build, which the output folder holds.
    good: Option<ContextHashes>,
    /// Changes not yet in the output: everything since the last good build.
    pending: Changes,
    /// Whether the model is the one the output was built from (give or take page texts), and
    /// not one left half-changed by a failed rebuild.
    settled: bool,
    warnings: Vec<Diagnostic>,
    /// What rendering learnt of each page (by source): the search index and the feed are made
    /// from every page's, so a rebuild that renders a few pages needs the others' too.
    facts: HashMap<PathBuf, PageFacts>,
    cache: Option<Cache>,
    /// The site-wide files lag behind the pages (see `Built::more`).
    shared_due: bool,
}

impl Rebuilder {
    pub fn new(site_dir: &Path, output_dir: &Path) -> Rebuilder {
        Rebuilder {
            site_dir: site_dir.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
            highlighter: Highlighter::new(),
            model: None,
            good: None,
            pending: Changes::everything(),
            settled: false,
            warnings: Vec::new(),
            facts: HashMap::new(),
            cache: Cache::open(site_dir),
            shared_due: false,
        }
    }

    /// The path part of `base_url`, under which the site is served.
    pub fn base_path(&self) -> String {
        self.model
            .as_ref()
            .map_or_else(|| "/".to_string(), |m| m.config.base_path())
    }

    /// Applies the changes (and any that failed before); on failure the output folder is unchanged.
    pub fn rebuild(&mut self, changes: Changes) -> Result<Built, Vec<Diagnostic>> {
        self.pending.merge(changes);
        let start = Instant::now();
        let result = if self.pending.config || self.model.is_none() {
            self.full()
        } else if let Some(result) = self.edit_in_place() {
            result
        } else {
            self.incremental()
        };
        result.map(|(changed, pages_rendered)| {
            self.pending = Changes::default();
            self.settled = true;
            Built {
                changed,
                pages_rendered,
                elapsed: start.elapsed(),
                warnings: self.warnings.clone(),
                more: self.shared_due,
            }
        })
    }

    /// Brings the files made from the whole site (search index, feed, sitemap…) up to date after
    /// an edit whose pages were written first; `None` when they already are.
    pub fn finish_shared(&mut self) -> Option<Result<Built, Vec<Diagnostic>>> {
        if !std::mem::take(&mut self.shared_due) {
            return None;
        }
        let start = Instant::now();
        let model = self.model.as_ref()?;
        let ctx = model.context(&self.highlighter, self.cache.as_ref());
        let out = match open_output(&self.output_dir) {
            Ok(out) => out,
            Err(e) => return Some(Err(e)),
        };
        let mut errors = stage_shared(&ctx, model, &mut self.facts, &out);
        if !errors.is_empty() {
            out.abort();
            diagnostic::sort(&mut errors);
            return Some(Err(errors));
        }
        // The search index is staged whole: its files that no word or page needs any more go.
        out.keep_previous_outside(crate::publish::search::DIR);
        let (written, _) = out.changes();
        Some(
            out.commit()
                .map(|_| Built {
                    changed: Some(written),
                    pages_rendered: 0,
                    elapsed: start.elapsed(),
                    warnings: self.warnings.clone(),
                    more: false,
                })
                .map_err(|e| vec![e]),
        )
    }

    fn full(&mut self) -> Step {
        self.model = None;
        self.good = None;
        let settings = BuildSettings {
            site_dir: &self.site_dir,
            output_dir: &self.output_dir,
            progress: &|_, _| {},
            use_cache: true,
            processing: Default::default(),
        };
        let (summary, loaded, facts) = build::build_keeping(&settings, &self.highlighter)?;
        let LoadedSite {
            config,
            inventory,
            site,
            templates,
            stylesheet,
            assets,
        } = loaded;
        self.facts = facts
            .into_iter()
            .map(|f| (site.pages[f.page].source.clone(), f))
            .collect();
        let model = Model {
            config,
            inventory,
            site,
            templates: Some(templates),
            stylesheet,
            assets,
        };
        self.good = Some(model.context(&self.highlighter, None).hashes());
        let rendered = model.site.pages.len();
        self.model = Some(model);
        // Hook for `quire check`'s warnings: whatever the full build reports is shown in every
        // tab's overlay until the next full build.
        self.warnings = summary.warnings;
        Ok((None, rendered))
    }

    /// The common case, kept cheap on big sites: pages whose text changed but whose front matter
    /// did not. Nothing another page shows of them changed, so the site model keeps its shape,
    /// only these pages are re-rendered, and no shared view is rebuilt or compared. `None` when
    /// the changes are of another kind.
    fn edit_in_place(&mut self) -> Option<Step> {
        let pending = &self.pending;
        let model = self.model.as_mut()?;
        let simple = !pending.templates
            && !pending.rescan
            && pending.assets.is_empty()
            && !pending.pages.is_empty()
            && model.templates.is_some()
            && self.good.is_some()
            && self.settled;
        if !simple {
            return None;
        }
        let site = &model.site;
        let mut edits = Vec::new();
        for source in &pending.pages {
            let i = site
                .pages
                .binary_search_by(|p| p.source.as_path().cmp(source))
                .ok()?;
            let page = match content::load_page(&self.site_dir, source) {
                Ok(page) => page,
                // A new, gone or unreadable file: the full path reports it properly.
                Err(_) if !self.site_dir.join(source).is_file() => return None,
                Err(e) => return Some(Err(e)),
            };
            let old = &site.pages[i];
            if page.meta != old.meta || page.output != old.output || page.is_post != old.is_post {
                return None;
            }
            edits.push((i, page));
        }
        for (i, page) in edits {
            model.site.pages[i] = page;
        }
        let indices: Vec<usize> = pending
            .pages
            .iter()
            .filter_map(|s| {
                model
                    .site
                    .pages
                    .binary_search_by(|p| p.source.as_path().cmp(s))
                    .ok()
            })
            .collect();
        Some(self.write_pages(&indices))
    }

    /// Re-renders these pages over their old output, and what is made from every page's text
    /// (search index, feed); no file comes or goes.
    fn write_pages(&mut self, indices: &[usize]) -> Step {
        let model = self.model.as_ref().expect("checked by the caller");
        let ctx = model.context(&self.highlighter, self.cache.as_ref());
        let out = open_output(&self.output_dir)?;
        let mut errors = render_and_stage(&ctx, indices, &out, &mut self.facts);
        if !errors.is_empty() {
            out.abort();
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
        // No file comes or goes; the site-wide files follow in `finish_shared`.
        out.keep_previous();
        self.shared_due = true;
        let (written, removed) = out.changes();
        out.commit().map_err(|e| {
            self.good = None;
            vec![e]
        })?;
        let mut changed = written;
        changed.extend(removed);
        Ok((Some(changed), indices.len()))
    }

    fn incremental(&mut self) -> Step {
        let site_dir = self.site_dir.clone();
        self.settled = false;
        let model = self.model.as_mut().expect("checked by the caller");
        let pending = &mut self.pending;

        if pending.templates || model.templates.is_none() {
            model.templates = None;
            model.templates = Some(Templates::load(&site_dir, &model.config.base_path())?);
        }

        // A page or file that is new or gone means the file lists must be read again.
        let known: HashSet<&Path> = model
            .site
            .pages
            .iter()
            .map(|p| p.source.as_path())
            .collect();
        let statics: HashSet<&Path> = model
            .inventory
            .static_files
            .iter()
            .map(|f| f.source.as_path())
            .collect();
        pending.rescan |= pending
            .pages
            .iter()
            .any(|p| !known.contains(p.as_path()) || !site_dir.join(p).is_file());
        pending.rescan |= pending.assets.iter().any(|a| {
            let path = site_dir.join(a);
            !statics.contains(path.as_path()) || !path.is_file()
        });
        if pending.rescan {
            model.inventory =
                content::discover(&site_dir, &self.output_dir).map_err(|e| vec![e])?;
        }

        // Read every changed source (and, after a rescan, every one not in the model yet).
        let sources: HashSet<&Path> = model
            .inventory
            .sources
            .iter()
            .map(PathBuf::as_path)
            .collect();
        let mut to_load: BTreeSet<PathBuf> = pending
            .pages
            .iter()
            .filter(|p| sources.contains(p.as_path()))
            .cloned()
            .collect();
        if pending.rescan {
            to_load.extend(
                sources
                    .iter()
                    .filter(|s| !known.contains(*s))
                    .map(|s| s.to_path_buf()),
            );
        }
        let loaded: Vec<Result<Page, Vec<Diagnostic>>> = to_load
            .par_iter()
            .map(|s| content::load_page(&site_dir, s))
            .collect();
        let mut errors = Vec::new();
        let mut fresh = Vec::new();
        for r in loaded {
            match r {
                Ok(p) => fresh.push(p),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            diagnostic::sort(&mut errors);
            return Err(errors);
        }

        // The new model: old pages, less the changed and the gone ones, plus the fresh ones.
        let mut pages = std::mem::take(&mut model.site.pages);
        pages.retain(|p| !to_load.contains(&p.source) && sources.contains(p.source.as_path()));
        // In source order, as `Site::new` keeps them, so that its sort has nothing to do.
        for page in fresh.into_iter().filter(|p| !p.meta.draft) {
            let at = pages.partition_point(|p| p.source < page.source);
            pages.insert(at, page);
        }
        let claims = build::output_claims(&model.inventory, &model.stylesheet);
        if let Err(e) = check_unique_outputs(&pages, &claims) {
            model.site.pages = pages;
            return Err(e);
        }
        model.site = match Site::new(pages, &claims) {
            Ok(site) => site,
            Err(e) => {
                // Checked above, so this cannot happen; should it, start again from the disk.
                self.model = None;
                return Err(e);
            }
        };
        let templates = model.templates.as_ref().expect("loaded above");
        let mut errors = build::check_templates(&model.site, templates);
        if !errors.is_empty() {
            diagnostic::sort(&mut errors);
            return Err(errors);
        }

        let ctx = model.context(&self.highlighter, self.cache.as_ref());
        let hashes = ctx.hashes();
        let good = self.good.as_ref();
        let all = pending.templates || good.is_none_or(|g| g.shared != hashes.shared);
        let chapter_changed =
            |id: &str| good.is_none_or(|g| g.chapters.get(id) != hashes.chapters.get(id));
        let site = &model.site;
        let selected: Vec<usize> = (0..site.pages.len())
            .filter(|&i| {
                all || to_load.contains(&site.pages[i].source)
                    || site.chapter_of_page[i]
                        .is_some_and(|c| chapter_changed(&site.chapters[c].id))
            })
            .collect();
        let listings = all
            || good.is_none_or(|g| {
                g.loose != hashes.loose || g.posts != hashes.posts || g.chapters != hashes.chapters
            });

        let out = open_output(&self.output_dir)?;
        let mut errors = render_and_stage(&ctx, &selected, &out, &mut self.facts);
        if listings {
            for listing in [ctx.render_index(), ctx.render_blog()] {
                if let Err(e) = listing.and_then(|f| out.stage(&f.path, &f.bytes)) {
                    errors.push(e);
                }
            }
        }
        let copy_all = pending.rescan || all;
        let assets: HashSet<PathBuf> = pending.assets.iter().map(|a| site_dir.join(a)).collect();
        for f in &model.inventory.static_files {
            if copy_all || assets.contains(&f.source) {
                if let Err(e) = out.stage_copy(&f.output, &f.source) {
                    errors.push(e);
                }
            }
        }
        if all {
            if let Err(e) = out.stage(&model.stylesheet.path, &model.stylesheet.bytes) {
                errors.push(e);
            }
        }
        // Pages that are gone take their facts with them.
        let sources: HashSet<&Path> = site.pages.iter().map(|p| p.source.as_path()).collect();
        self.facts.retain(|s, _| sources.contains(s.as_path()));
        errors.extend(stage_shared(&ctx, model, &mut self.facts, &out));
        if !errors.is_empty() {
            out.abort();
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
        // Everything else stays as the last good build wrote it.
        out.keep(model.expected_outputs());
        let (written, removed) = out.changes();
        out.commit().map_err(|e| {
            // Part of the output may have moved: only a full build is sure to be right again.
            self.good = None;
            vec![e]
        })?;
        self.good = Some(hashes);
        let mut changed = written;
        changed.extend(removed);
        Ok((Some(changed), selected.len()))
    }
}

/// Renders these pages into `out`, keeping what was learnt of each.
fn render_and_stage(
    ctx: &RenderContext,
    indices: &[usize],
    out: &Output,
    facts: &mut HashMap<PathBuf, PageFacts>,
) -> Vec<Diagnostic> {
    let results: Vec<Result<PageFacts, Diagnostic>> = indices
        .par_iter()
        .map(|&i| {
            let (file, f) = ctx.render_page(i)?;
            out.stage(&file.path, &file.bytes)?;
            Ok(f)
        })
        .collect();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => {
                facts.insert(ctx.site.pages[f.page].source.clone(), f);
            }
            Err(e) => errors.push(e),
        }
    }
    errors
}

/// What a clean build makes from the whole site besides pages: the chapter script, and the
/// publishing files (search index, feed, sitemap, redirects, 404), from every page's facts.
fn stage_shared(
    ctx: &RenderContext,
    model: &Model,
    facts: &mut HashMap<PathBuf, PageFacts>,
    out: &Output,
) -> Vec<Diagnostic> {
    // Point each page's facts at its place in the current model (pages come and go).
    for (i, p) in ctx.site.pages.iter().enumerate() {
        if let Some(f) = facts.get_mut(&p.source) {
            f.page = i;
        }
    }
    let all: Vec<&PageFacts> = ctx
        .site
        .pages
        .iter()
        .filter_map(|p| facts.get(&p.source))
        .collect();
    let mut errors = Vec::new();
    if let Err(e) = out.stage(&ctx.chapters_script.path, &ctx.chapters_script.bytes) {
        errors.push(e);
    }
    errors.extend(publish::stage_all(
        ctx,
        &model.config,
        &model.assets,
        &all,
        out,
    ));
    errors
}

fn open_output(dir: &Path) -> Result<Output, Vec<Diagnostic>> {
    Output::open(dir).map_err(|e| {
        vec![Diagnostic::error(
            "output",
            dir,
            format!("cannot open the output folder: {e}"),
        )]
    })
}

impl Model {
    fn context<'a>(
        &'a self,
        highlighter: &'a Highlighter,
        cache: Option<&'a Cache>,
    ) -> RenderContext<'a> {
        RenderContext::new(
            &self.site,
            &self.config,
            self.templates.as_ref().expect("only called with templates"),
            highlighter,
            crate::templates::join_url(&self.config.base_path(), &self.stylesheet.path),
        )
        .with_site_fields(self.assets.site_fields(&self.config.base_path()))
        .with_cache(cache)
    }

    /// Every file a clean build of this model writes.
    fn expected_outputs(&self) -> impl Iterator<Item = String> + '_ {
        let fixed = ["index.html", "blog.html", self.stylesheet.path.as_str()];
        self.site
            .pages
            .iter()
            .map(|p| p.output.clone())
            .chain(self.inventory.static_files.iter().map(|f| f.output.clone()))
            .chain(fixed.into_iter().map(str::to_string))
    }
}
