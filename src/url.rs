//! Addresses in the site, made one way.
//!
//! Every file quire writes has one path from the output folder's root, as it is on disk
//! (`guide/install.html`, `tags/café.html`): a [`SitePath`]. It is written in four forms:
//!
//! - from the root, `/guide/install.html`: what Markdown, templates and intrasite links write,
//!   whatever the site's address, so that rendered pages are the same for every address;
//! - under the base path, `/docs/guide/install.html`, or relative to the page that links,
//!   `../guide/install.html` (for output opened from disk): the last pass over each page
//!   (links.rs) places the first form by a [`Placement`];
//! - absolute, `https://example.org/docs/guide/install.html`: the feed, the sitemap, canonical
//!   links and sharing tags, which are read away from the site and need its host.
//!
//! A path is percent-encoded once, by one set ([`PATH`]), in every form.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What a URL path may not hold as it is; the rest is %-encoded, and so is every byte that is
/// not ASCII. What stays is RFC 3986's `pchar` and `/`: letters, digits, `-._~!$&'()*+,;=:@`.
/// Browsers themselves leave `[`, `\`, `]`, `^` and `|` as they are, but those make a URL that
/// RFC 3986 and the HTML standard call invalid (sitemaps and feeds must hold valid ones), and a
/// browser reads a `\` in a path as `/`.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A path (`/`-separated) percent-encoded for a URL; borrowed when nothing needed encoding.
pub(crate) fn encode_path(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path, PATH).into()
}

/// Where the site lives: its path, its address if known, and how links are written. Made once
/// from site.yaml's `base_url` and `relative_urls`; everything that makes a URL reads this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// The path the site is published under: `/` or `/docs/`.
    pub base_path: String,
    /// `base_url` with its host, ending in `/` (`https://example.org/docs/`); none when
    /// `base_url` is only a path, since sitemaps and feeds need absolute URLs.
    pub site_url: Option<String>,
    /// Site links are made relative to each page: the default while the site's address is not
    /// known, so that the output works opened from disk.
    pub relative: bool,
}

impl Urls {
    /// From `base_url` as written (`https://example.org/docs`, `/docs/`, empty) and
    /// `relative_urls` where site.yaml sets it.
    pub(crate) fn of(base_url: &str, relative: Option<bool>) -> Urls {
        Urls {
            base_path: base_path(base_url),
            site_url: site_url(base_url),
            relative: relative.unwrap_or(!base_url.contains("://")),
        }
    }
}

/// The path part of `base_url`, always starting and ending with `/`:
/// `https://example.org/docs` gives `/docs/`.
fn base_path(base_url: &str) -> String {
    let url = base_url.trim();
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

/// `https://example.org/docs` → `https://example.org/docs/`; a bare path has no host and gives none.
fn site_url(base_url: &str) -> Option<String> {
    let url = base_url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().unwrap_or("");
    if scheme.is_empty() || host.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{host}{}", base_path(url)))
}

/// A file of the site by its path from the output folder's root, as on disk:
/// `guide/install.html`, `tags/café.html`; empty for the root folder itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SitePath<'a>(&'a str);

impl<'a> SitePath<'a> {
    /// The root folder: linked as `/`, and the site's address itself.
    pub(crate) const ROOT: SitePath<'static> = SitePath("");

    /// An output path (`blog/x.html`).
    pub(crate) fn new(output: &'a str) -> SitePath<'a> {
        SitePath(output)
    }

    /// The path as a URL path from the root, without the leading `/` (`tags/caf%C3%A9.html`):
    /// for scripts that add it to their own way to the root, and for llms.txt, at the root.
    pub(crate) fn encoded(self) -> Cow<'a, str> {
        encode_path(self.0)
    }

    /// From the root, `/tags/caf%C3%A9.html`: the site link Markdown and templates write.
    pub(crate) fn link(self) -> String {
        format!("/{}", self.encoded())
    }

    /// Placed for the file that links to it (under the base path, or relative to that file).
    pub(crate) fn placed(self, placement: &Placement) -> String {
        placement.place(&self.link()).into_owned()
    }

    /// The whole address under `site_url` (`https://example.org/docs/`, see `Urls::site_url`).
    pub(crate) fn absolute(self, site_url: &str) -> String {
        format!("{site_url}{}", self.encoded())
    }
}

/// How the site links of one output file are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Placement {
    /// At a host's root: `/x.html` stays as it is.
    AtRoot,
    /// Under a base path such as `/docs/`.
    Under(String),
    /// Relative to the file, with this many `../` to the root (possibly none).
    Relative(String),
}

impl Placement {
    /// How links are written in the file at `output` (e.g. `blog/x.html`).
    pub(crate) fn for_file(urls: &Urls, output: &str) -> Placement {
        if urls.relative {
            Placement::Relative("../".repeat(output.matches('/').count()))
        } else {
            Self::from_root(urls)
        }
    }

    /// For a file served at any address (404.html): from the root or the base path, never
    /// relative.
    pub(crate) fn from_root(urls: &Urls) -> Placement {
        if urls.base_path == "/" {
            Placement::AtRoot
        } else {
            Placement::Under(urls.base_path.clone())
        }
    }

    /// One site link (`/x.html`) placed; anything else (`https://…`, `//cdn/…`, `x.html`,
    /// `#top`) is returned as it is. In the relative form a folder (`/`, `/guide/`) names its
    /// `index.html`, which also works from disk.
    pub(crate) fn place<'u>(&self, url: &'u str) -> Cow<'u, str> {
        let Some(rest) = site_path(url) else {
            return Cow::Borrowed(url);
        };
        match self {
            Placement::AtRoot => Cow::Borrowed(url),
            Placement::Under(base) => Cow::Owned(format!("{base}{rest}")),
            Placement::Relative(prefix) => {
                let split = rest.find(['?', '#']).unwrap_or(rest.len());
                let (path, query) = rest.split_at(split);
                let index = if path.is_empty() || path.ends_with('/') {
                    "index.html"
                } else {
                    ""
                };
                Cow::Owned(format!("{prefix}{path}{index}{query}"))
            }
        }
    }

    /// The site root as a prefix for scripts to add paths to: `/docs/`, `../` or ``.
    pub(crate) fn root(&self) -> &str {
        match self {
            Placement::AtRoot => "/",
            Placement::Under(base) => base,
            Placement::Relative(prefix) => prefix,
        }
    }
}

/// `/x.html` → `x.html`; none for a URL that is not a site link (`//cdn/x`, `x.html`).
fn site_path(url: &str) -> Option<&str> {
    url.strip_prefix('/').filter(|rest| !rest.starts_with('/'))
}

/// A URL a template writes (`url_for(path=…)`) as a site link: `x.html` and `/x.html` →
/// `/x.html`; a whole address is left as it is. Not encoded: what a template writes is a URL
/// already, and may hold its own `%XX`, query or fragment.
pub(crate) fn from_root(url: &str) -> String {
    if url.contains("://") || url.starts_with("//") {
        return url.to_string();
    }
    format!("/{}", url.trim_start_matches('/'))
}

/// Whether a link as written leaves the site or is no address at all (`https://…`,
/// `mailto:…`, `//cdn/…`, empty): nothing in the site is checked for it.
pub(crate) fn leaves_site(dest: &str) -> bool {
    let dest = dest.trim();
    dest.is_empty() || dest.starts_with("//") || scheme(dest).is_some()
}

/// The scheme of an absolute URL (`https` in `https://…`, `mailto` in `mailto:x@y`).
pub(crate) fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let s = &dest[..colon];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(s)
}

/// The scheme of a link a page must not carry (`javascript`, `data`, `vbscript`, any but
/// http and https), read as a browser reads it: leading controls and spaces dropped, tabs and
/// line breaks anywhere ignored (`java\tscript:` is `javascript:`). None for http(s) and for
/// paths.
pub(crate) fn unsafe_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = scheme(&cleaned)?.to_ascii_lowercase();
    (scheme != "http" && scheme != "https").then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base_url: &str) -> Urls {
        Urls::of(base_url, None)
    }

    #[test]
    fn base_paths_with_and_without_a_trailing_slash() {
        for (base_url, path) in [
            ("", "/"),
            ("/", "/"),
            ("https://example.org", "/"),
            ("https://example.org/", "/"),
            ("https://example.org/docs", "/docs/"),
            ("https://example.org/docs/", "/docs/"),
            ("/sub/dir", "/sub/dir/"),
            ("/sub/dir/", "/sub/dir/"),
            ("sub", "/sub/"),
        ] {
            assert_eq!(urls(base_url).base_path, path, "{base_url:?}");
        }
    }

    #[test]
    fn site_urls_need_a_host() {
        assert_eq!(
            urls("https://example.org/docs").site_url.as_deref(),
            Some("https://example.org/docs/")
        );
        assert_eq!(
            urls("https://example.org").site_url.as_deref(),
            Some("https://example.org/")
        );
        for no_host in ["/docs/", "/", "", "https:///x", "://example.org/"] {
            assert_eq!(urls(no_host).site_url, None, "{no_host:?}");
        }
    }

    #[test]
    fn links_are_relative_until_the_host_is_known() {
        assert!(urls("/docs/").relative);
        assert!(!urls("https://example.org/docs/").relative);
        assert!(!Urls::of("/docs/", Some(false)).relative);
        assert!(Urls::of("https://example.org/", Some(true)).relative);
    }

    #[test]
    fn each_form_of_a_path() {
        let p = SitePath::new("guide/install.html");
        assert_eq!(p.link(), "/guide/install.html");
        assert_eq!(Placement::AtRoot.place(&p.link()), "/guide/install.html");
        let docs = urls("https://example.org/docs");
        assert_eq!(
            Placement::for_file(&docs, "blog/a.html").place(&p.link()),
            "/docs/guide/install.html"
        );
        let on_disk = urls("/docs/");
        assert_eq!(
            Placement::for_file(&on_disk, "blog/2024/a.html").place(&p.link()),
            "../../guide/install.html"
        );
        assert_eq!(
            Placement::for_file(&on_disk, "a.html").place(&p.link()),
            "guide/install.html"
        );
        assert_eq!(
            Placement::from_root(&on_disk).place(&p.link()),
            "/docs/guide/install.html"
        );
        assert_eq!(
            p.absolute("https://example.org/docs/"),
            "https://example.org/docs/guide/install.html"
        );
        assert_eq!(p.encoded(), "guide/install.html");
    }

    #[test]
    fn the_root_in_each_form() {
        let root = SitePath::ROOT;
        assert_eq!(root.link(), "/");
        assert_eq!(root.placed(&Placement::Under("/docs/".into())), "/docs/");
        assert_eq!(
            root.placed(&Placement::Relative("../".into())),
            "../index.html"
        );
        assert_eq!(root.absolute("https://e.org/d/"), "https://e.org/d/");
    }

    #[test]
    fn one_encoding_in_every_form() {
        let p = SitePath::new("tags/café.html");
        assert_eq!(p.link(), "/tags/caf%C3%A9.html");
        assert_eq!(
            Placement::Relative("../".into()).place(&p.link()),
            "../tags/caf%C3%A9.html"
        );
        assert_eq!(
            p.absolute("https://e.org/"),
            "https://e.org/tags/caf%C3%A9.html"
        );
        for (path, encoded) in [
            ("img/a b.png", "img/a%20b.png"),
            ("a#b?c%d.png", "a%23b%3Fc%25d.png"),
            ("a[1]^|\\{`}\".png", "a%5B1%5D%5E%7C%5C%7B%60%7D%22.png"),
            ("<tab>\t", "%3Ctab%3E%09"),
            ("ß/日本.html", "%C3%9F/%E6%97%A5%E6%9C%AC.html"),
            // RFC 3986's pchar stays as it is.
            ("a-b_c.d~!$&'()*+,;=:@/x", "a-b_c.d~!$&'()*+,;=:@/x"),
        ] {
            assert_eq!(SitePath::new(path).encoded(), encoded, "{path:?}");
        }
        assert!(matches!(
            SitePath::new("plain/x.html").encoded(),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn placing_leaves_other_urls_alone() {
        let under = Placement::Under("/docs/".into());
        for url in [
            "https://e.org/x",
            "//cdn/x.js",
            "x.html",
            "#top",
            "",
            "mailto:a@b",
        ] {
            assert_eq!(under.place(url), url);
        }
        assert_eq!(
            Placement::Relative("../../".into()).place("/guide/?q=1#s"),
            "../../guide/index.html?q=1#s"
        );
    }

    #[test]
    fn template_urls_start_at_the_root() {
        assert_eq!(from_root("/x.html"), "/x.html");
        assert_eq!(from_root("img/a.png"), "/img/a.png");
        assert_eq!(from_root("a%20b.html?q=1"), "/a%20b.html?q=1");
        assert_eq!(from_root("https://e.org/"), "https://e.org/");
        assert_eq!(from_root("//cdn/x.js"), "//cdn/x.js");
    }

    #[test]
    fn only_http_and_paths_are_safe_links() {
        for url in [
            "https://x.org/edit/",
            "HTTP://x",
            "/edit/",
            "edit/",
            "../e",
            "#top",
        ] {
            assert_eq!(unsafe_scheme(url), None, "{url}");
        }
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            (" JavaScript:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("\u{1}data:text/html,x", "data"),
            ("vbscript:x", "vbscript"),
        ] {
            assert_eq!(unsafe_scheme(url).as_deref(), Some(scheme), "{url:?}");
        }
    }
}
