//! Site links, placed once.
//!
//! Markdown, raw HTML and templates write every link into the site as a
//! site-relative path (`/deployment.html`), whatever the site's address. One last
//! pass over each finished page places them: under the base path
//! (`/docs/deployment.html`) when the site is published under one, or relative to
//! the page (`../deployment.html` from `blog/x.html`) when its address is not known,
//! the way mdBook does, so that output/serverless.html opened from disk shows its
//! stylesheet and images. Nothing before this pass knows the base path, so
//! rendered Markdown is the same for every address and is cached once.

use std::borrow::Cow;

use crate::config::Urls;
use crate::markdown::html_attrs;

/// Attributes that hold a URL the browser fetches or follows.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "action", "data"];

/// An attribute that holds the site root itself (the theme's scripts add paths to it).
const ROOT_ATTRIBUTE: &str = "data-root";

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
            Self::absolute(urls)
        }
    }

    /// For a file served at any address (404.html): never relative.
    pub(crate) fn absolute(urls: &Urls) -> Placement {
        if urls.base_path == "/" {
            Placement::AtRoot
        } else {
            Placement::Under(urls.base_path.clone())
        }
    }

    /// One site-relative URL placed; anything else (`https://…`, `//cdn/…`, `x.html`,
    /// `#top`) is returned as it is. In the relative form a folder (`/`, `/guide/`)
    /// names its `index.html`, which also works from disk.
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
    fn root(&self) -> &str {
        match self {
            Placement::AtRoot => "/",
            Placement::Under(base) => base,
            Placement::Relative(prefix) => prefix,
        }
    }
}

/// `/x.html` → `x.html`; none for a URL that is not a site-relative path.
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

fn site_path(url: &str) -> Option<&str> {
    url.strip_prefix('/').filter(|rest| !rest.starts_with('/'))
}

/// Places every site link in the URL attributes of a finished page. Text outside
/// tags, comments and the bodies of scripts and styles are left alone.
pub(crate) fn finish(html: String, placement: &Placement) -> String {
    if *placement == Placement::AtRoot {
        return html;
    }
    let mut out = String::new();
    let mut copied = 0;
    html_attrs::for_each(&html, |_tag, name, value, offset| {
        let placed = if name.eq_ignore_ascii_case(ROOT_ATTRIBUTE) && value == "/" {
            Cow::Borrowed(placement.root())
        } else if URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a)) {
            placement.place(value)
        } else {
            return;
        };
        if placed == value {
            return;
        }
        if out.is_empty() {
            out.reserve(html.len() + 256);
        }
        out.push_str(&html[copied..offset]);
        out.push_str(&placed);
        copied = offset + value.len();
    });
    if copied == 0 {
        return html;
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base_path: &str, relative: bool) -> Urls {
        Urls {
            base_path: base_path.to_string(),
            site_url: None,
            relative,
        }
    }

    fn relative(html: &str, output: &str) -> String {
        finish(
            html.to_string(),
            &Placement::for_file(&urls("/", true), output),
        )
    }

    #[test]
    fn links_become_relative_to_the_page() {
        let html =
            r#"<a href="/deployment.html">d</a> <img src='/img/x.png'> <a href="/">home</a>"#;
        assert_eq!(
            relative(html, "serverless.html"),
            r#"<a href="deployment.html">d</a> <img src='img/x.png'> <a href="index.html">home</a>"#
        );
        assert_eq!(
            relative(r#"<a href="/x.html#part">"#, "blog/post.html"),
            r#"<a href="../x.html#part">"#
        );
        assert_eq!(
            relative(r#"<a href="/guide/?q=1">"#, "a/b/c.html"),
            r#"<a href="../../guide/index.html?q=1">"#
        );
    }

    #[test]
    fn a_base_path_is_placed_before_every_site_link() {
        let under = Placement::for_file(&urls("/docs/", false), "blog/a.html");
        assert_eq!(
            finish(
                r#"<a href="/x.html"> <img src=/img/a.png> <video poster="/p.jpg">"#.into(),
                &under
            ),
            r#"<a href="/docs/x.html"> <img src=/docs/img/a.png> <video poster="/docs/p.jpg">"#
        );
        // A site at a host's root is written as it is, without a pass over it.
        let html = r#"<a href="/x.html">"#;
        assert_eq!(
            finish(
                html.into(),
                &Placement::for_file(&urls("/", false), "a/b.html")
            ),
            html
        );
    }

    #[test]
    fn the_root_attribute_is_a_prefix_not_a_page() {
        let html = r#"<ol data-root="/">"#;
        assert_eq!(relative(html, "a/b.html"), r#"<ol data-root="../">"#);
        assert_eq!(relative(html, "b.html"), r#"<ol data-root="">"#);
        assert_eq!(
            finish(html.into(), &Placement::absolute(&urls("/docs/", true))),
            r#"<ol data-root="/docs/">"#
        );
    }

    #[test]
    fn raw_html_as_people_write_it() {
        let under = Placement::Under("/docs/".into());
        let f = |html: &str| finish(html.into(), &under);
        assert_eq!(f("<A HREF=/a.html>x</A>"), "<A HREF=/docs/a.html>x</A>");
        assert_eq!(
            f("<img\n  class=\"d\"\n  src = \"/i.png\"/>"),
            "<img\n  class=\"d\"\n  src = \"/docs/i.png\"/>"
        );
        assert_eq!(
            f(r#"<a title="/x.html" data-x="/y">x</a>"#),
            r#"<a title="/x.html" data-x="/y">x</a>"#
        );
        for broken in ["<", "<a", "<a href", "<a href=", "<a href='/x", "<!--"] {
            let _ = f(broken);
        }
        assert_eq!(f("<a href=\"/x"), "<a href=\"/docs/x");
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

    #[test]
    fn other_urls_are_left_alone() {
        let html = r##"<a href="https://example.org/">e</a> <a href="//cdn.example/x.js"> <a href="#top"> <a href="x.html"> <p>href="/not-an-attribute"</p> <a data-href="/x"> <!-- <a href="/c"> --> <script>var a = '<a href="/s">';</script>"##;
        assert_eq!(relative(html, "blog/a.html"), html);
        assert_eq!(
            finish(
                html.into(),
                &Placement::for_file(&urls("/docs/", false), "a.html")
            ),
            html
        );
    }
}
