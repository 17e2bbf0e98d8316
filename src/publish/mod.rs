//! What makes the output folder ready to publish as it is: sitemap, feed,
//! search, a 404 page and redirects for old paths.

pub(crate) mod feed;
pub(crate) mod llms;
pub(crate) mod redirects;
pub(crate) mod sitemap;

use std::path::PathBuf;

use crate::config::Config;
use crate::content::site::Claim;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::render::{OutputFile, PageFacts, RenderContext};
use crate::search::{self, seal};
use crate::templates::site_url_of;

pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";
pub(crate) const FEED: &str = "feed.xml";
pub(crate) const NOT_FOUND: &str = "404.html";

/// The publishing files whose names are known before rendering, so that
/// templates can link to them and the duplicate-output check can see them.
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
    pub fn new(config: &Config) -> Assets {
        Assets {
            site_url: config.urls().site_url,
            search_script: crate::render::hashed(
                "theme/search",
                "js",
                search::SCRIPT.as_bytes().to_vec(),
            ),
            search_index: search::META.to_string(),
            // Made again from the pages once the site is known (load.rs).
            search_key: seal::Key::of(config, std::iter::empty()),
            llms_txt: config.llms_txt,
        }
    }

    /// Every output path these assets and the other publishing files take.
    pub fn claims(&self) -> Vec<Claim> {
        let mut paths = vec![
            NOT_FOUND.to_string(),
            ROBOTS.to_string(),
            self.search_script.path.clone(),
            self.search_index.clone(),
        ];
        if self.site_url.is_some() {
            paths.extend([SITEMAP.to_string(), FEED.to_string()]);
        }
        if self.llms_txt {
            paths.extend([llms::LLMS_TXT.to_string(), llms::LLMS_FULL.to_string()]);
        }
        paths
            .into_iter()
            .map(|p| Claim {
                origin: PathBuf::from(format!("(built-in) {p}")),
                output: p,
            })
            .collect()
    }

    /// What templates see as `site.feed`, `site.search_script` and `site.search_index`.
    pub fn site_fields(&self) -> Vec<(&'static str, tera::Value)> {
        let url = |p: &str| tera::Value::String(site_url_of(p));
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
                    site_url_of(&self.search_script.path),
                    self.search_key.hex()
                )),
            ),
            ("search_index", url(&self.search_index)),
        ]
    }
}

/// The output claims of every page's aliases, or an error naming the file
/// and line of each alias that cannot be used.
pub(crate) fn alias_claims(pages: &[std::sync::Arc<Page>]) -> (Vec<Claim>, Vec<Diagnostic>) {
    let mut claims = Vec::new();
    let mut errors = Vec::new();
    for page in pages.iter().filter(|p| !p.meta.draft) {
        for alias in &page.meta.aliases {
            match redirects::alias_output(alias) {
                Ok(output) => claims.push(Claim {
                    output,
                    origin: page.source.clone(),
                }),
                Err(msg) => errors.push(
                    Diagnostic::error("alias", &page.source, msg)
                        .at_line(page.meta.aliases_line.unwrap_or(1))
                        .hint("write an old path of the site, e.g. `aliases: /old-name.html, /guide/old/`"),
                ),
            }
        }
    }
    (claims, errors)
}

/// Renders and stages the publishing files: 404 page, redirects, search
/// index, sitemap, robots.txt and feed.
pub(crate) fn stage_all(
    ctx: &RenderContext,
    config: &Config,
    assets: &Assets,
    facts: &[&PageFacts],
    search: search::Gather,
    out: &Output,
) -> (Vec<Diagnostic>, Option<search::Shares>) {
    let site = ctx.site;
    // The search index is staged as it is made: its page files hold every page's text.
    let index = search.index_files(site, facts, &|f| out.stage(&f.path, &f.bytes));
    out.keep(index.kept_files);
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
        Ok(f) => files.push(f),
        Err(e) => errors.push(e),
    }
    errors.extend(
        files
            .iter()
            .filter_map(|f| out.stage(&f.path, &f.bytes).err()),
    );
    (errors, index.shares)
}

/// The note a build prints when `base_url` has no host.
/// Why there is no sitemap or feed, as a note: the site is fine without them. It names
/// site.yaml as the place of `base_url` only where there is one.
pub(crate) fn no_host_note(assets: &Assets, has_config: bool) -> Option<Diagnostic> {
    assets.site_url.is_none().then(|| {
        let (message, hint) = if has_config {
            (
                "base_url in site.yaml has no host, so sitemap.xml and feed.xml were not written",
                "they need absolute URLs: `base_url: https://your.host/path/`",
            )
        } else {
            (
                "the default base_url has no host, so sitemap.xml and feed.xml were not written",
                "a site.yaml with `base_url: https://your.host/path/` gives them",
            )
        };
        Diagnostic::note("base_url", message).hint(hint)
    })
}
