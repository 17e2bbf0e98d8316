//! The whole pipeline: load → parse → model → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::config::Config;
use crate::content::site::{static_claims, Claim, Site};
use crate::content::{self, Inventory};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::highlight::STYLESHEET as SYNTAX_CSS;
use crate::markdown::Highlighter;
use crate::output::{self, Output, WriteStats};
use crate::publish::{self, Assets, Processing};
use crate::render::{OutputFile, PageFacts, RenderContext};
use crate::templates::{Templates, THEME_CSS};

/// A site read and understood, ready to render.
pub struct LoadedSite {
    pub config: Config,
    pub inventory: Inventory,
    pub site: Site,
    pub templates: Templates,
    /// The built-in stylesheet, named by its content hash so a deploy never serves a stale one.
    pub stylesheet: OutputFile,
    /// Search script and index, sitemap and feed.
    pub assets: Assets,
}

/// Reads, parses and places every page, and loads the templates; all problems are returned together.
pub fn load(site_dir: &Path, output_dir: &Path) -> Result<LoadedSite, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let config = Config::load(site_dir).map_err(|e| errors.push(e)).ok();
    let base_path = config
        .as_ref()
        .map_or_else(|| "/".to_string(), Config::base_path);
    let inventory = content::discover(site_dir, output_dir).map_err(|e| vec![e])?;
    let (templates, pages) = rayon::join(
        || Templates::load(site_dir, &base_path),
        || {
            inventory
                .sources
                .par_iter()
                .map(|source| content::load_page(site_dir, source))
                .collect::<Vec<_>>()
        },
    );
    let templates = templates.map_err(|e| errors.extend(e)).ok();
    let mut loaded = Vec::with_capacity(pages.len());
    for p in pages {
        match p {
            Ok(page) => loaded.push(page),
            Err(e) => errors.extend(e),
        }
    }
    let stylesheet = stylesheet_file();
    let assets = config.as_ref().map(Assets::new);
    let mut claims = output_claims(&inventory, &stylesheet);
    claims.extend(assets.iter().flat_map(Assets::claims));
    let (aliases, alias_errors) = publish::alias_claims(&loaded);
    claims.extend(aliases);
    errors.extend(alias_errors);
    let site = Site::new(loaded, &claims)
        .map_err(|e| errors.extend(e))
        .ok();
    if let (Some(site), Some(templates)) = (&site, &templates) {
        errors.extend(check_templates(site, templates));
    }
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    Ok(LoadedSite {
        config: config.expect("no errors"),
        inventory,
        site: site.expect("no errors"),
        templates: templates.expect("no errors"),
        stylesheet,
        assets: assets.expect("no errors"),
    })
}

/// The files every build writes besides pages and static files (links may point at them).
pub fn builtin_outputs(stylesheet: &OutputFile) -> Vec<String> {
    vec![
        "index.html".to_string(),
        "blog.html".to_string(),
        stylesheet.path.clone(),
    ]
}

/// The outputs besides pages (static files, built-in listings and stylesheet), for the collision check.
pub fn output_claims(inventory: &Inventory, stylesheet: &OutputFile) -> Vec<Claim> {
    let mut claims = static_claims(&inventory.static_files);
    for builtin in builtin_outputs(stylesheet) {
        claims.push(Claim {
            origin: PathBuf::from(format!("(built-in) {builtin}")),
            output: builtin,
        });
    }
    claims
}

/// One error for each page that asks for a template that does not exist.
pub fn check_templates(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for page in &site.pages {
        let name = RenderContext::template_for(page);
        if !templates.has(&name) {
            let line = page.meta.template.as_ref().map_or(1, |(_, l)| *l);
            errors.push(
                Diagnostic::error(
                    "template",
                    &page.source,
                    format!("the template {name:?} does not exist"),
                )
                .at_line(line)
                .hint(format!(
                    "add templates/{name}, or use one of the built-in templates: page, post"
                )),
            );
        }
    }
    errors
}

fn stylesheet_file() -> OutputFile {
    let css = format!("{THEME_CSS}\n{SYNTAX_CSS}");
    let hash = xxhash_rust::xxh3::xxh3_64(css.as_bytes());
    OutputFile {
        path: format!("theme/quire.{:08x}.css", hash as u32),
        bytes: css.into_bytes(),
    }
}

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub posts: usize,
    pub static_files: usize,
    pub stats: WriteStats,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

pub struct BuildSettings<'a> {
    pub site_dir: &'a Path,
    pub output_dir: &'a Path,
    /// Called once per rendered page, for a progress bar.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Reuse rendered Markdown from SITE_DIR/.quire-cache (and keep it up to date).
    pub use_cache: bool,
    /// Minify and precompress what is written.
    pub processing: Processing,
    /// Overwrite files quire did not write (`--force`).
    pub force: bool,
}

/// Builds the site into the output folder. On any error nothing in the output folder changes.
pub fn build(
    settings: &BuildSettings,
    highlighter: &Highlighter,
) -> Result<Summary, Vec<Diagnostic>> {
    build_keeping(settings, highlighter).map(|(summary, _, _)| summary)
}

/// `build`, handing back the loaded site too, for `quire serve`'s incremental rebuilds.
pub fn build_keeping(
    settings: &BuildSettings,
    highlighter: &Highlighter,
) -> Result<(Summary, LoadedSite, Vec<PageFacts>), Vec<Diagnostic>> {
    let start = Instant::now();
    output::check_output_dir(settings.site_dir, settings.output_dir).map_err(|e| vec![e])?;
    let loaded = load(settings.site_dir, settings.output_dir)?;
    let out = Output::open(settings.output_dir)
        .map_err(|e| {
            vec![Diagnostic::error(
                "output",
                settings.output_dir,
                format!("cannot open the output folder: {e}"),
            )]
        })?
        .with_processing(settings.processing)
        .with_force(settings.force);
    let cache = settings
        .use_cache
        .then(|| Cache::open(settings.site_dir))
        .flatten();
    let (facts, mut errors) = render_into(
        &loaded,
        highlighter,
        cache.as_ref(),
        &out,
        settings.progress,
    );
    if !errors.is_empty() {
        out.abort();
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    let stats = out.commit().map_err(|e| vec![e])?;
    if let Some(cache) = &cache {
        cache.prune();
    }
    let site = &loaded.site;
    // A build reports what `quire check` finds, but a broken link never stops it.
    let mut warnings = crate::check::as_warnings(crate::check::run(&loaded, &facts));
    warnings.extend(publish::no_host_warning(&loaded.assets));
    warnings.extend(loaded.inventory.skipped_links_note());
    let summary = Summary {
        pages: site.pages.len() - site.posts.len(),
        posts: site.posts.len(),
        static_files: loaded.inventory.static_files.len(),
        stats,
        elapsed: start.elapsed(),
        warnings,
    };
    Ok((summary, loaded, facts))
}

pub fn render_context<'a>(
    loaded: &'a LoadedSite,
    highlighter: &'a Highlighter,
) -> RenderContext<'a> {
    RenderContext::new(
        &loaded.site,
        &loaded.config,
        &loaded.templates,
        highlighter,
        crate::templates::join_url(&loaded.config.base_path(), &loaded.stylesheet.path),
    )
    .with_site_fields(loaded.assets.site_fields(&loaded.config.base_path()))
}

/// Renders every page and copies every static file into the staged output.
pub fn render_into(
    loaded: &LoadedSite,
    highlighter: &Highlighter,
    cache: Option<&Cache>,
    out: &Output,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Vec<PageFacts>, Vec<Diagnostic>) {
    let ctx = render_context(loaded, highlighter).with_cache(cache);
    let total = loaded.site.pages.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, total);
    };
    let sink = |f: OutputFile| out.stage(&f.path, &f.bytes);
    let ((facts, mut errors), static_errors) = rayon::join(
        || ctx.render_all(&sink, &tick),
        || {
            loaded
                .inventory
                .static_files
                .par_iter()
                .filter_map(|f| out.stage_copy(&f.output, &f.source).err())
                .collect::<Vec<_>>()
        },
    );
    errors.extend(static_errors);
    if let Err(e) = out.stage(&loaded.stylesheet.path, &loaded.stylesheet.bytes) {
        errors.push(e);
    }
    errors.extend(publish::stage_all(
        &ctx,
        &loaded.config,
        &loaded.assets,
        &facts.iter().collect::<Vec<_>>(),
        out,
    ));
    (facts, errors)
}
