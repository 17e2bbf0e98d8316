//! Reading a site: settings, file lists, front matter and templates, placed
//! into the site model, with every output path the build will claim checked
//! for collisions.
//!
//! There is one loader. A clean build calls it with no previous site; `quire
//! serve` and `build --watch` call it with the last good site and what changed,
//! and it re-reads only that. Both paths end in the same checks, so an
//! incremental build can refuse exactly what a clean one refuses.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::changes::Changes;
use crate::config::{Config, Urls};
use crate::content::gitdates::GitDates;
use crate::content::site::{static_claims, Claim, Site};
use crate::content::{self, Inventory, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::blocks::STYLESHEET as BLOCKS_CSS;
use crate::markdown::highlight::STYLESHEET as SYNTAX_CSS;
use crate::options::Options;
use crate::publish::{self, Assets};
use crate::render::{OutputFile, RenderContext};
use crate::templates::{Templates, THEME_CSS};

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
    /// Search script and index, sitemap and feed.
    pub assets: Arc<Assets>,
    /// What git says of when each source last changed; `None` outside a git work tree.
    pub git: Option<Arc<GitDates>>,
    /// True when only page texts changed since the previous site: every page keeps its title,
    /// place and output, so nothing any other page shows of it changed.
    pub same_shape: bool,
}

/// Reads the site, re-reading only what `changes` names when a previous site is given.
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

    let config = match previous {
        Some(p) => Some(Arc::clone(&p.config)),
        None => Config::load(&opts.site_dir)
            .map(Arc::new)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    let urls = match previous {
        Some(p) => Arc::clone(&p.urls),
        None => Arc::new(
            config
                .as_deref()
                .map(Config::urls)
                .unwrap_or_else(|| Config::default().urls()),
        ),
    };

    let inventory = match previous {
        Some(p) if !needs_rescan(opts, p, changes) => Arc::clone(&p.inventory),
        _ => match content::discover(&opts.site_dir, &opts.output_dir) {
            Ok(inventory) => Arc::new(inventory),
            // With site.yaml's own error, if it has one: both are to be fixed.
            Err(e) => {
                errors.extend(e);
                diagnostic::sort(&mut errors);
                return Err(errors);
            }
        },
    };

    // Pages: the previous ones where their file did not change, the others read again.
    let reuse = |source: &Path| -> Option<Arc<Page>> {
        let prev = previous?;
        if changes.pages.contains(source) {
            return None;
        }
        prev.site
            .pages
            .binary_search_by(|p| p.source.as_path().cmp(source))
            .ok()
            .map(|i| Arc::clone(&prev.site.pages[i]))
    };
    let permalinks = config
        .as_deref()
        .map(|c| c.permalinks.clone())
        .unwrap_or_default();
    let lang = config.as_deref().map(|c| c.lang.as_str());
    let templates_prev = previous.filter(|_| !changes.templates);
    let site_dir: Arc<std::path::Path> = Arc::from(opts.site_dir.as_path());
    let (templates, pages) = rayon::join(
        || match templates_prev {
            Some(p) => Ok(Arc::clone(&p.templates)),
            None => Templates::load(&opts.site_dir).map(Arc::new),
        },
        || {
            inventory
                .sources
                .par_iter()
                .map(|source| match reuse(source) {
                    Some(page) => Ok(page),
                    None => content::load_page(&opts.site_dir, source)
                        .and_then(|p| p.with_permalinks(&permalinks, lang))
                        // A one-off build reads each text again when it renders it.
                        .map(|p| {
                            if opts.keeps_state {
                                p
                            } else {
                                p.without_text(&site_dir)
                            }
                        })
                        .map(Arc::new),
                })
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
    // `{attach}` links move files beside their pages, before anything claims an output.
    let inventory = match content::attach::relocate(&inventory.static_files, &loaded) {
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
    let mut assets = config.as_deref().map(Assets::new);
    let site = match &assets {
        Some(assets) => {
            let (mut claims, claim_errors) = other_claims(&inventory, &stylesheet, assets, &loaded);
            if opts.processing.precompress {
                claims = with_compressed_copies(claims, &loaded);
            }
            errors.extend(claim_errors);
            Site::new(loaded, &claims, lang)
                .map_err(|e| errors.extend(e))
                .ok()
        }
        None => None,
    };
    if let (Some(site), Some(templates)) = (&site, &templates) {
        errors.extend(check_templates(site, templates));
    }
    if let (Some(assets), Some(site), Some(config)) = (&mut assets, &site, config.as_deref()) {
        assets.search_key =
            crate::search::seal::Key::of(config, site.pages.iter().map(|p| p.output.as_str()));
    }
    let assets = assets.map(Arc::new);
    let git = git_dates(opts, previous, &inventory, changes);
    let mut site = site;
    if let Some(site) = &mut site {
        site.date_pages(git.as_deref());
    }
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    Ok(LoadedSite {
        config: config.expect("no errors"),
        urls,
        inventory,
        site: site.expect("no errors"),
        templates: templates.expect("no errors"),
        stylesheet,
        assets: assets.expect("no errors"),
        git,
        same_shape: false,
    })
}

/// Git's dates: read afresh for a clean build, else the previous ones with the edits since.
fn git_dates(
    opts: &Options,
    previous: Option<&LoadedSite>,
    inventory: &Inventory,
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
            GitDates::read(&opts.site_dir, &inventory.sources, cache.as_deref()).map(Arc::new)
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
    // No change at all (serve's site-wide pass after an edit) is the simplest case of all: at
    // 100,000 pages the full path's model and claims were most of that pass before its files.
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
        let loaded = content::load_page(&opts.site_dir, source)
            .and_then(|p| p.with_permalinks(&prev.config.permalinks, Some(&prev.config.lang)));
        let page = match loaded {
            Ok(page) => page,
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
    let git = git_dates(opts, Some(prev), &prev.inventory, changes);
    site.date_edited_pages(&edited, git.as_deref());
    // Field by field: `..prev.clone()` would copy the previous site's model once more.
    Ok(Some(LoadedSite {
        config: Arc::clone(&prev.config),
        urls: Arc::clone(&prev.urls),
        inventory: Arc::clone(&prev.inventory),
        site,
        templates: Arc::clone(&prev.templates),
        stylesheet: Arc::clone(&prev.stylesheet),
        assets: Arc::clone(&prev.assets),
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

/// The outputs besides pages (static files, built-in listings, stylesheet, publishing files and
/// aliases), for the collision check; and an error for each alias that cannot be used.
fn other_claims(
    inventory: &Inventory,
    stylesheet: &OutputFile,
    assets: &Assets,
    pages: &[Arc<Page>],
) -> (Vec<Claim>, Vec<Diagnostic>) {
    let mut claims = static_claims(&inventory.static_files);
    for builtin in builtin_outputs(stylesheet) {
        claims.push(Claim {
            origin: PathBuf::from(format!("(built-in) {builtin}")),
            output: builtin,
        });
    }
    claims.extend(assets.claims());
    let (aliases, errors) = publish::alias_claims(pages);
    claims.extend(aliases);
    claims.extend(content::taxonomy::claims(pages));
    if assets.llms_txt {
        claims.extend(pages.iter().filter(|p| !p.meta.draft).map(|p| Claim {
            output: publish::llms::markdown_output(&p.output),
            origin: p.source.clone(),
        }));
    }
    (claims, errors)
}

/// The claims and, for every text file among them and the pages, its `--precompress` copies
/// (`x.html.gz`, `x.html.br`): a static `x.html.gz` would otherwise replace one.
fn with_compressed_copies(mut claims: Vec<Claim>, pages: &[Arc<Page>]) -> Vec<Claim> {
    let texts: Vec<(String, PathBuf)> = (claims.iter().map(|c| (&c.output, &c.origin)))
        .chain(pages.iter().map(|p| (&p.output, &p.source)))
        .filter(|(output, _)| crate::output::compress::is_text(output))
        .map(|(output, origin)| (output.clone(), origin.clone()))
        .collect();
    for (output, origin) in texts {
        for ext in ["gz", "br"] {
            claims.push(Claim {
                output: format!("{output}.{ext}"),
                origin: PathBuf::from(format!("{} (its --precompress copy)", origin.display())),
            });
        }
    }
    claims
}

/// The files every build writes besides pages, static files and publishing files.
fn builtin_outputs(stylesheet: &OutputFile) -> Vec<String> {
    vec![
        "index.html".to_string(),
        "blog.html".to_string(),
        stylesheet.path.clone(),
    ]
}

impl LoadedSite {
    /// Every file a build of this site writes (before `--precompress` copies), sorted: the
    /// one list that the collision check, `quire check`'s link targets and serve's
    /// incremental writes all agree on.
    pub fn outputs(&self) -> BTreeSet<String> {
        let pages: Vec<Arc<Page>> = self.site.pages.iter().cloned().collect();
        let (claims, _) = other_claims(&self.inventory, &self.stylesheet, &self.assets, &pages);
        let mut all: BTreeSet<String> = claims.into_iter().map(|c| c.output).collect();
        all.extend(self.site.pages.iter().map(|p| p.output.clone()));
        all.extend((self.site.taxonomy.author_claims(&pages).into_iter()).map(|c| c.output));
        all.insert(RenderContext::chapters_script_path(&self.site));
        all
    }
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
    let css = format!("{THEME_CSS}\n{SYNTAX_CSS}\n{BLOCKS_CSS}");
    crate::render::hashed("theme/quire", "css", css.into_bytes())
}
