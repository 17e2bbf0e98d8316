//! Reading a site: settings, file lists, front matter and templates, placed
//! into the site model, with the routes of everything the build will write
//! (checked for collisions).
//!
//! There is one loader. A clean build calls it with no previous site; `quire
//! serve` and `build --watch` call it with the last good site and what changed,
//! and it re-reads only that. Both paths end in the same checks, so an
//! incremental build can refuse exactly what a clean one refuses.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::changes::Changes;
use crate::config::Config;
use crate::content::gitdates::GitDates;
use crate::content::site::Site;
use crate::content::{self, Inventory, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::layout::ContentDir;
use crate::markdown::blocks::STYLESHEET as BLOCKS_CSS;
use crate::markdown::highlight::STYLESHEET as SYNTAX_CSS;
use crate::markdown::icons::STYLESHEET as ICONS_CSS;
use crate::options::Options;
use crate::publish::{self, Assets};
use crate::render::{OutputFile, RenderContext};
use crate::routes::{self, Routes};
use crate::search::seal;
use crate::templates::{Templates, THEME_CSS};
use crate::url::Urls;

/// A site read and understood, ready to render. Cheap to clone: what is big is shared.
#[derive(Clone)]
pub struct LoadedSite {
    pub config: Arc<Config>,
    /// Where the site lives, from `config`: the one value every URL is made from.
    pub urls: Arc<Urls>,
    pub inventory: Arc<Inventory>,
    pub site: Site,
    pub templates: Arc<Templates>,
    /// The built-in stylesheet, named by its content hash so a deploy never serves a stale one.
    pub stylesheet: Arc<OutputFile>,
    /// The sidebar's chapter list as one script for every page, named by its content hash.
    pub(crate) chapters_script: Arc<OutputFile>,
    /// Search script and index, sitemap and feed.
    pub assets: Arc<Assets>,
    /// Every file the build writes, with what writes it: checked for collisions, and what
    /// the build, the checks and intrasite links take as the site's outputs.
    pub(crate) routes: Arc<Routes>,
    /// What git says of when each source last changed; `None` outside a git work tree.
    pub git: Option<Arc<GitDates>>,
    /// True when only page texts changed since the previous site: every page keeps its title,
    /// place and output, so nothing any other page shows of it changed.
    pub same_shape: bool,
}

/// Reads the site, re-reading only what `changes` names when a previous site is given:
/// settings → file lists → templates and pages → placed (model, routes) → git dates.
/// All problems are returned together.
pub(crate) fn load(
    opts: &Options,
    previous: Option<&LoadedSite>,
    changes: &Changes,
) -> Result<LoadedSite, Vec<Diagnostic>> {
    if let Some(prev) = previous {
        if let Some(site) = text_edits_only(opts, prev, changes)? {
            return Ok(site);
        }
    }
    let previous = previous.filter(|_| !changes.config);
    let mut errors = Vec::new();
    let (config, urls) = settings(opts, previous, &mut errors);
    // With site.yaml unread, where it would put the pages without a `content_dir:`: the pages'
    // own errors are listed beside its error.
    let content = match config.as_deref() {
        Some(c) => c.content.clone(),
        None => ContentDir::decide(&opts.site_dir, None),
    };
    let inventory = match previous {
        Some(p) if !needs_rescan(opts, p, changes) => Arc::clone(&p.inventory),
        _ => match content::discover(&opts.site_dir, &content, &opts.output_dir) {
            Ok(inventory) => Arc::new(inventory),
            // With site.yaml's own error, if it has one: both are to be fixed.
            Err(e) => {
                errors.extend(e);
                diagnostic::sort(&mut errors);
                return Err(errors);
            }
        },
    };
    let reading = Reading {
        opts,
        previous,
        changes,
        config: config.as_deref(),
        content: &content,
    };
    let (templates, pages) = reading.templates_and_pages(&inventory, &mut errors);
    // `{attach}` links move files beside their pages, before the routes are made.
    let inventory = match content::attach::relocate(&inventory.static_files, &pages, &content) {
        Some(static_files) => Arc::new(Inventory {
            static_files,
            ..(*inventory).clone()
        }),
        None => inventory,
    };
    let stylesheet = match previous {
        Some(p) => Arc::clone(&p.stylesheet),
        None => Arc::new(stylesheet_file()),
    };
    let mut placed = config.as_deref().and_then(|config| {
        let (placed, found) = place(config, pages, &inventory, &stylesheet, opts);
        errors.extend(found);
        placed
    });
    if let (Some(placed), Some(templates), Some(config)) =
        (&mut placed, &templates, config.as_deref())
    {
        let theme = &config.pelican_theme;
        (placed.site).use_own_templates_for_pelicans(theme, &opts.site_dir, |t| templates.has(t));
    }
    if let (Some(placed), Some(templates)) = (&placed, &templates) {
        errors.extend(check_templates(&placed.site, templates));
    }
    let git = git_dates(opts, previous, &inventory, &content, changes);
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    let Placed {
        mut site,
        chapters_script,
        assets,
        routes,
    } = placed.expect("no errors");
    site.date_pages(git.as_deref());
    Ok(LoadedSite {
        config: config.expect("no errors"),
        urls,
        inventory,
        site,
        templates: templates.expect("no errors"),
        stylesheet,
        chapters_script,
        assets,
        routes,
        git,
        same_shape: false,
    })
}

/// site.yaml (the previous settings when it did not change), and where the site lives.
fn settings(
    opts: &Options,
    previous: Option<&LoadedSite>,
    errors: &mut Vec<Diagnostic>,
) -> (Option<Arc<Config>>, Arc<Urls>) {
    if let Some(p) = previous {
        return (Some(Arc::clone(&p.config)), Arc::clone(&p.urls));
    }
    let config = Config::load_file(&opts.site_dir, opts.config_file.as_deref())
        .and_then(|mut c| {
            if let Some(blog) = c.pages.blog.as_mut().filter(|_| opts.serving) {
                blog.on_serve();
            }
            // The output folder is clear of the site's other sources from the start (see
            // `Options`); of the pages' folder once site.yaml has said where it is.
            let content = c.content.under(&opts.site_dir);
            crate::output::check_output_clear_of(&opts.site_dir, &content, &opts.output_dir)?;
            Ok(c)
        })
        .map(Arc::new)
        .map_err(|e| errors.push(e))
        .ok();
    let urls = (config.as_deref())
        .map(Config::urls)
        .unwrap_or_else(|| Config::default().urls());
    (config, Arc::new(urls))
}

/// What reading templates and pages needs: the previous site shares what did not change.
struct Reading<'r> {
    opts: &'r Options,
    previous: Option<&'r LoadedSite>,
    changes: &'r Changes,
    config: Option<&'r Config>,
    content: &'r ContentDir,
}

impl Reading<'_> {
    /// The templates and every page (the previous ones where their file did not change, the
    /// others read again), read side by side; their errors go to `errors`.
    fn templates_and_pages(
        &self,
        inventory: &Inventory,
        errors: &mut Vec<Diagnostic>,
    ) -> (Option<Arc<Templates>>, Vec<Arc<Page>>) {
        let templates_prev = self.previous.filter(|_| !self.changes.templates);
        let (templates, pages) = rayon::join(
            || match templates_prev {
                Some(p) => Ok(Arc::clone(&p.templates)),
                None => Templates::load(&self.opts.site_dir).map(Arc::new),
            },
            || self.pages(inventory),
        );
        let templates = templates.map_err(|e| errors.extend(e)).ok();
        let mut loaded = Vec::with_capacity(pages.len());
        for p in pages {
            match p {
                Ok(page) => loaded.push(page),
                Err(e) => errors.extend(e),
            }
        }
        (templates, loaded)
    }

    fn pages(&self, inventory: &Inventory) -> Vec<Result<Arc<Page>, Vec<Diagnostic>>> {
        let defaults = Config::default();
        let placing = content::Placing {
            lang: self.config.map(|c| c.lang.as_str()),
            content: self.content,
            ..content::Placing::of(self.config.unwrap_or(&defaults))
        };
        let site_dir: Arc<Path> = Arc::from(self.opts.site_dir.as_path());
        (inventory.built_sources().into_par_iter())
            .map(|source| match self.unchanged(source) {
                Some(page) => Ok(page),
                None => content::load_page(&site_dir, source, &placing)
                    .map(|p| with_page_rules(self.config, p))
                    // A one-off build reads each text again when it renders it.
                    .map(|p| {
                        if self.opts.keeps_state {
                            p
                        } else {
                            p.without_text(&site_dir)
                        }
                    })
                    .map(Arc::new),
            })
            .collect()
    }

    /// The previous site's page from `source`, when its file did not change.
    fn unchanged(&self, source: &Path) -> Option<Arc<Page>> {
        let prev = self.previous?;
        if self.changes.pages.contains(source) {
            return None;
        }
        (prev.site.pages)
            .binary_search_by(|p| p.source.as_path().cmp(source))
            .ok()
            .map(|i| Arc::clone(&prev.site.pages[i]))
    }
}

/// A mkdocs.yml's rules applied to a page read: excluded pages and drafts are not built, and
/// the old paths `redirect_maps` sends to it are its aliases.
fn with_page_rules(config: Option<&Config>, mut page: Page) -> Page {
    let Some(config) = config.filter(|c| c.pages != crate::config::PageRules::default()) else {
        return page;
    };
    let path = page
        .source
        .strip_prefix(config.content.rel())
        .unwrap_or(&page.source);
    let path = path.to_string_lossy().replace('\\', "/");
    let rules = &config.pages;
    page.meta.draft |= rules.excludes(&path) || rules.is_draft(&path);
    for alias in rules.aliases_of(&path, config.pretty_urls) {
        if !page.meta.aliases.contains(&alias) {
            page.meta.aliases.push(alias);
        }
    }
    page
}

/// The site model, and what is made from it alone: the chapter script, the publishing files
/// and the routes of everything the build writes.
struct Placed {
    site: Site,
    chapters_script: Arc<OutputFile>,
    assets: Arc<Assets>,
    routes: Arc<Routes>,
}

/// The pages placed into the site model, with the routes of everything the build will write;
/// and the errors: each alias that cannot be used, each collision (which leaves nothing placed).
fn place(
    config: &Config,
    pages: Vec<Arc<Page>>,
    inventory: &Inventory,
    stylesheet: &OutputFile,
    opts: &Options,
) -> (Option<Placed>, Vec<Diagnostic>) {
    let lang = Some(config.lang.as_str());
    // Material's blog: its posts' pages and the pages it makes of them.
    let (pages, mut blog_problems) = crate::content::mkdocs_blog::with_views(pages, config);
    let (pages, tags_problems) = crate::content::mkdocs_tags::with_listings(pages, config);
    blog_problems.extend(tags_problems);
    if blog_problems.iter().any(|d| d.is_error()) {
        return (None, blog_problems);
    }
    // A MkDocs project without a `nav:` has the one its nav plugin or MkDocs makes of its files.
    let plugin_nav = match crate::content::nav_plugins::nav(&pages, config, &opts.site_dir) {
        // Its warnings are the review's (check::review): here any word stops the build.
        Some(Ok((nav, _))) => Some(nav),
        Some(Err(errors)) => return (None, errors),
        None => None,
    };
    let auto_nav = (config.from_mkdocs && config.nav.is_none() && plugin_nav.is_none())
        .then(|| crate::content::mkdocs::auto_nav(&pages, config));
    let nav = plugin_nav
        .as_ref()
        .or(config.nav.as_ref())
        .or(auto_nav.as_ref());
    let site = match nav {
        Some(nav) => match Site::with_nav(pages, lang, nav, &config.content, &inventory.sources) {
            Ok(site) => site,
            Err(errors) => return (None, errors),
        },
        None => Site::new(pages, lang),
    };
    // The pages' outputs, in page order: the key changes only when a page comes, goes or moves.
    let search_key = seal::Key::of(config, site.pages.iter().map(|p| p.output.as_str()));
    let assets = Assets::new(config, search_key);
    let chapters_script = crate::render::assets::chapters_script(&site);
    let (published, mut errors) = publish::routes(&assets, &site);
    errors.extend(blog_problems);
    let routes = Routes::new(routes::Sources {
        site: &site,
        static_files: &inventory.static_files,
        stylesheet: &stylesheet.path,
        chapters_script: &chapters_script.path,
        published,
        precompress: opts.processing.precompress,
    });
    let placed = routes
        .map_err(|e| errors.extend(e))
        .ok()
        .map(|routes| Placed {
            site,
            chapters_script: Arc::new(chapters_script),
            assets: Arc::new(assets),
            routes: Arc::new(routes),
        });
    (placed, errors)
}

/// Git's dates: read afresh for a clean build, else the previous ones with the edits since.
fn git_dates(
    opts: &Options,
    previous: Option<&LoadedSite>,
    inventory: &Inventory,
    content: &ContentDir,
    changes: &Changes,
) -> Option<Arc<GitDates>> {
    match previous {
        Some(prev) => prev.git.as_ref().map(|g| {
            let same_files = std::ptr::eq(inventory, &*prev.inventory);
            let sources = (!same_files).then_some(&inventory.sources[..]);
            Arc::new(g.after_edits(&opts.site_dir, sources, &changes.pages))
        }),
        None => {
            let cache = (opts.use_cache).then(|| opts.site_dir.join(crate::layout::CACHE_DIR));
            let folders = (content.rel(), opts.output_dir.as_path());
            GitDates::read(
                &opts.site_dir,
                folders,
                &inventory.sources,
                cache.as_deref(),
            )
            .map(Arc::new)
        }
    }
}

/// The common case while serving, kept cheap on big sites: pages whose text changed but whose
/// front matter did not. The model keeps its shape; only these pages are read again. `None`
/// when the changes are of another kind (the full path then handles them).
fn text_edits_only(
    opts: &Options,
    prev: &LoadedSite,
    changes: &Changes,
) -> Result<Option<LoadedSite>, Vec<Diagnostic>> {
    // No change at all (serve's site-wide pass after an edit) is the simplest case of all: the
    // full path would make the whole model and routes again before that pass writes its files.
    let simple = !changes.config
        && !changes.templates
        && !changes.rescan
        && changes.assets.is_empty()
        && (!changes.pages.is_empty() || changes.included.is_empty());
    if !simple {
        return Ok(None);
    }
    let mut site = prev.site.clone();
    let mut edited = Vec::with_capacity(changes.pages.len());
    for source in &changes.pages {
        let Ok(i) = site
            .pages
            .binary_search_by(|p| p.source.as_path().cmp(source))
        else {
            return Ok(None);
        };
        let config = &prev.config;
        // A nav plugin's SUMMARY.md is the nav: the model changes shape.
        if content::nav_plugins::is_nav_file(config, source) {
            return Ok(None);
        }
        let loaded = content::load_page(&opts.site_dir, source, &content::Placing::of(config))
            .map(|p| with_page_rules(Some(config), p));
        let page = match loaded {
            Ok(page) => site.as_placed(i, page),
            // A gone or unreadable file: the full path reports it properly.
            Err(_) if !opts.site_dir.join(source).is_file() => return Ok(None),
            Err(e) => return Err(e),
        };
        let old = &site.pages[i];
        if page.meta != old.meta
            || page.output != old.output
            || page.is_post != old.is_post
            || page.file_links != old.file_links
        {
            return Ok(None);
        }
        site.pages.set(i, Arc::new(page));
        edited.push(i);
    }
    let git = git_dates(
        opts,
        Some(prev),
        &prev.inventory,
        &prev.config.content,
        changes,
    );
    site.date_edited_pages(&edited, git.as_deref());
    // Field by field: `..prev.clone()` would copy the previous site's model once more.
    Ok(Some(LoadedSite {
        config: Arc::clone(&prev.config),
        urls: Arc::clone(&prev.urls),
        inventory: Arc::clone(&prev.inventory),
        site,
        templates: Arc::clone(&prev.templates),
        stylesheet: Arc::clone(&prev.stylesheet),
        // Made from the site's shape alone, which is as it was: no output comes or goes.
        chapters_script: Arc::clone(&prev.chapters_script),
        assets: Arc::clone(&prev.assets),
        routes: Arc::clone(&prev.routes),
        git,
        same_shape: true,
    }))
}

/// Whether the file lists must be read again: a page or file is new or gone.
fn needs_rescan(opts: &Options, prev: &LoadedSite, changes: &Changes) -> bool {
    if changes.rescan {
        return true;
    }
    let known: HashSet<&Path> = prev
        .inventory
        .sources
        .iter()
        .map(PathBuf::as_path)
        .collect();
    let statics: HashSet<&Path> = prev
        .inventory
        .static_files
        .iter()
        .map(|f| f.source.as_path())
        .collect();
    changes
        .pages
        .iter()
        .any(|p| !known.contains(p.as_path()) || !opts.site_dir.join(p).is_file())
        || changes.assets.iter().any(|a| {
            let path = opts.site_dir.join(a);
            !statics.contains(path.as_path()) || !path.is_file()
        })
}

/// One error for each page that asks for a template that does not exist.
pub(crate) fn check_templates(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
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
    let css = format!("{THEME_CSS}\n{SYNTAX_CSS}\n{BLOCKS_CSS}{ICONS_CSS}");
    crate::render::hashed("theme/quire", "css", css.into_bytes())
}
