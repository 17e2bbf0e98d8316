//! Site settings from the optional `site.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    /// Where the site is published, e.g. `https://example.org/docs/`. Its path
    /// part prefixes every link quire makes.
    pub base_url: String,
    pub author: String,
    /// How many posts the home page and the feed show.
    pub recent_posts: usize,
    /// Write links relative to each page (works from disk and under any path). Default: when
    /// base_url has no host, yes; when it names the host, links are absolute paths under it.
    pub relative_urls: Option<bool>,
    /// The folder `--8<--` include paths are relative to, relative to the site folder
    /// (default: the site folder itself).
    pub snippets: Option<PathBuf>,
    /// Anything else the templates want, as `site.extra.NAME`.
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// The site folder this was read from (not a setting): includes are read relative to it.
    #[serde(skip)]
    pub site_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Documentation".into(),
            base_url: "/".into(),
            author: String::new(),
            recent_posts: 20,
            relative_urls: None,
            snippets: None,
            extra: BTreeMap::new(),
            site_dir: PathBuf::new(),
        }
    }
}

impl Config {
    /// Reads `site.yaml` from the site folder; a missing file gives the defaults.
    pub fn load(site_dir: &Path) -> Result<Config, Diagnostic> {
        Config::read(site_dir).map(|c| Config {
            site_dir: site_dir.to_path_buf(),
            ..c
        })
    }

    fn read(site_dir: &Path) -> Result<Config, Diagnostic> {
        let path = site_dir.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Diagnostic::error(
                    "config",
                    CONFIG_FILE,
                    format!("cannot read: {e}"),
                ))
            }
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        serde_yaml::from_str::<Config>(text).map_err(|e| {
            let mut d = Diagnostic::error("config", CONFIG_FILE, e.to_string());
            if let Some(loc) = e.location() {
                d = d.at(loc.line(), loc.column());
            }
            d.hint("known keys are title, base_url, author, recent_posts, relative_urls, snippets and extra (a map for your templates)")
        })
    }

    /// Where the site lives, resolved once: everything that makes a URL reads this.
    pub fn urls(&self) -> Urls {
        Urls {
            base_path: self.base_path(),
            site_url: site_url(&self.base_url),
            relative: self.relative_urls(),
        }
    }

    /// The folder include paths are relative to.
    pub fn snippets_dir(&self) -> PathBuf {
        match &self.snippets {
            Some(dir) => self.site_dir.join(dir),
            None => self.site_dir.clone(),
        }
    }

    pub fn relative_urls(&self) -> bool {
        self.relative_urls.unwrap_or(!self.base_url.contains("://"))
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// `https://example.org/docs` gives `/docs/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let path = match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            }
            None => url,
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        }
    }
}

/// Where the site lives: its path, its address if known, and how links are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// The path the site is published under: `/` or `/docs/`.
    pub base_path: String,
    /// `base_url` with its host, ending in `/` (`https://example.org/docs/`); none when
    /// `base_url` is only a path, since sitemaps and feeds need absolute URLs.
    pub site_url: Option<String>,
    /// Site links are made relative to each page (see links.rs): the default while the
    /// site's address is not known, so that the output works opened from disk.
    pub relative: bool,
}

/// `https://example.org/docs` → `https://example.org/docs/`; a bare path has no host and gives none.
pub fn site_url(base_url: &str) -> Option<String> {
    let url = base_url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().unwrap_or("");
    if scheme.is_empty() || host.is_empty() {
        return None;
    }
    let config = Config {
        base_url: url.to_string(),
        ..Config::default()
    };
    Some(format!("{scheme}://{host}{}", config.base_path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_need_a_host() {
        assert_eq!(
            site_url("https://example.org/docs"),
            Some("https://example.org/docs/".into())
        );
        assert_eq!(
            site_url("https://example.org"),
            Some("https://example.org/".into())
        );
        assert_eq!(site_url("/docs/"), None);
        assert_eq!(site_url("/"), None);
        assert_eq!(site_url("https:///x"), None);
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::parse("title: X\ntitel: Y\n").unwrap_err();
        assert!(err.message.contains("titel"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn base_path_from_url() {
        let mut c = Config::default();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://example.org/docs".into();
        assert_eq!(c.base_path(), "/docs/");
        c.base_url = "https://example.org".into();
        assert_eq!(c.base_path(), "/");
        c.base_url = "/sub/dir/".into();
        assert_eq!(c.base_path(), "/sub/dir/");
    }
}
