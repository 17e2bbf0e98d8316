//! What makes the output folder ready to publish as it is: sitemap, feed,
//! search, a 404 page and redirects for old paths.

pub(crate) mod feed;
pub(crate) mod llms;
pub(crate) mod redirects;
pub(crate) mod sitemap;

use crate::config::Config;
use crate::content::site::Site;
use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, PageFacts, RenderContext};
use crate::routes::{Route, Routes};
use crate::search::{self, seal};
use crate::url::SitePath;

pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";
pub(crate) const FEED: &str = "feed.xml";
pub(crate) const NOT_FOUND: &str = "404.html";

/// The publishing files whose names are known before rendering, so that
/// templates can link to them and the site's routes hold them.
pub struct Assets {
    /// `base_url` with its host, ending in `/` (`https://example.org/docs/`);
    /// none when `base_url` is only a path, since sitemaps and feeds need absolute URLs.
    pub site_url: Option<String>,
    pub search_script: OutputFile,
    /// The file the search index starts from, with a fixed name: were it named by its hash,
    /// every page linking to it would change whenever any page's text did. The script asks
    /// for it afresh on each page's first query; it names the version of the other files.
    pub search_index: String,
    /// What the search files are sealed with: pages carry it in the search script's address.
    pub search_key: seal::Key,
    /// llms.txt, llms-full.txt and a `.md` beside each page (`llms_txt: true`).
    pub llms_txt: bool,
}

impl Assets {
    /// `search_key`: `seal::Key::of` the site's settings and pages.
    pub fn new(config: &Config, search_key: seal::Key) -> Assets {
        Assets {
            site_url: config.urls().site_url,
            search_script: crate::render::hashed(
                "theme/search",
                "js",
                search::SCRIPT.as_bytes().to_vec(),
            ),
            search_index: search::META.to_string(),
            search_key,
            llms_txt: config.llms_txt,
        }
    }

    /// What templates see as `site.feed`, `site.search_script` and `site.search_index`.
    pub fn site_fields(&self) -> Vec<(&'static str, tera::Value)> {
        let url = |p: &str| tera::Value::String(SitePath::new(p).link());
        vec![
            (
                "feed",
                match self.site_url {
                    Some(_) => url(FEED),
                    None => tera::Value::Null,
                },
            ),
            (
                "search_script",
                tera::Value::String(format!(
                    "{}#{}",
                    SitePath::new(&self.search_script.path).link(),
                    self.search_key.hex()
                )),
            ),
            ("search_index", url(&self.search_index)),
        ]
    }
}

/// Where the publishing files go: these assets, the redirect pages of every page's aliases and,
/// with `llms_txt`, the Markdown beside each page; and an error naming the file and line of
/// each alias that cannot be used.
pub(crate) fn routes(assets: &Assets, site: &Site) -> (Vec<Route>, Vec<Diagnostic>) {
    let mut files = vec![ROBOTS, &assets.search_script.path, &assets.search_index];
    if assets.site_url.is_some() {
        files.extend([SITEMAP, FEED]);
    }
    if assets.llms_txt {
        files.extend([llms::LLMS_TXT, llms::LLMS_FULL]);
    }
    // A content page may be the site's 404 page.
    let mut routes = vec![Route::built_in(NOT_FOUND).yielding()];
    routes.extend(files.into_iter().map(Route::built_in));
    let mut errors = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        for alias in &page.meta.aliases {
            match redirects::alias_output(alias) {
                Ok(output) => routes.push(Route::page(output, i)),
                Err(msg) => errors.push(
                    Diagnostic::error("alias", &page.source, msg)
                        .at_line(page.meta.aliases_line.unwrap_or(1))
                        .hint("write an old path of the site, e.g. `aliases: /old-name.html, /guide/old/`"),
                ),
            }
        }
    }
    if assets.llms_txt {
        routes.extend(
            (site.pages.iter().enumerate())
                .map(|(i, p)| Route::page(llms::markdown_output(&p.output), i)),
        );
    }
    (routes, errors)
}

/// What staging the site-wide files left.
pub(crate) struct SiteWideStaged {
    pub errors: Vec<Diagnostic>,
    /// The search index's shares, for the next build.
    pub search: Option<search::Shares>,
    /// Search files that stay as the last build wrote them.
    pub kept: Vec<String>,
}

/// Renders and stages the publishing files: 404 page (unless a content page is the site's,
/// see `Routes::replaced`), redirects, search index, sitemap, robots.txt and feed.
pub(crate) fn stage_all(
    ctx: &RenderContext,
    config: &Config,
    assets: &Assets,
    routes: &Routes,
    facts: &[&PageFacts],
    search: search::Gather,
    stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> SiteWideStaged {
    let site = ctx.site;
    // The search index is staged as it is made: its page files hold every page's text.
    let index = search.index_files(site, facts, stage);
    let mut errors = index.errors;
    let mut files = Vec::new();
    files.extend([
        assets.search_script.clone(),
        OutputFile {
            path: ROBOTS.to_string(),
            bytes: sitemap::robots(assets.site_url.as_deref()).into_bytes(),
        },
    ]);
    files.extend(redirects::pages(
        site,
        assets.site_url.as_deref(),
        &ctx.urls,
    ));
    if let Some(site_url) = &assets.site_url {
        files.push(OutputFile {
            path: SITEMAP.to_string(),
            bytes: sitemap::sitemap(site, site_url).into_bytes(),
        });
        files.push(OutputFile {
            path: FEED.to_string(),
            bytes: feed::atom(site, config, facts, site_url).into_bytes(),
        });
    }
    if assets.llms_txt {
        match llms::files(site, config, facts, assets.site_url.as_deref()) {
            Ok(f) => files.extend(f),
            Err(e) => errors.push(e),
        }
    }
    match ctx.render_not_found() {
        _ if routes.replaced(NOT_FOUND) => {}
        Ok(f) => files.push(f),
        Err(e) => errors.push(e),
    }
    errors.extend(files.into_iter().filter_map(|f| stage(f).err()));
    SiteWideStaged {
        errors,
        search: index.shares,
        kept: index.kept_files,
    }
}

/// The file a site's settings are in, as the note about a missing host names it.
#[derive(Clone, Copy)]
pub(crate) enum SiteFileKind {
    SiteYaml,
    MkDocs,
}

/// The note a build prints when `base_url` has no host.
/// Why there is no sitemap or feed, as a note: the site is fine without them. It names the
/// setting where the site writes it: site.yaml's `base_url`, a mkdocs.yml's `site_url`.
pub(crate) fn no_host_note(assets: &Assets, file: Option<SiteFileKind>) -> Option<Diagnostic> {
    assets.site_url.is_none().then(|| {
        let (message, hint) = match file {
            Some(SiteFileKind::SiteYaml) => (
                "base_url in site.yaml has no host, so sitemap.xml and feed.xml were not written",
                "they need absolute URLs: `base_url: https://your.host/path/`",
            ),
            Some(SiteFileKind::MkDocs) => (
                "mkdocs.yml has no site_url, so sitemap.xml and feed.xml were not written",
                "they need absolute URLs: `site_url: https://your.host/path/`",
            ),
            None => (
                "the default base_url has no host, so sitemap.xml and feed.xml were not written",
                "a site.yaml with `base_url: https://your.host/path/` gives them",
            ),
        };
        Diagnostic::note("base_url", message).hint(hint)
    })
}
