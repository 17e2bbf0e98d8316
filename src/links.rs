//! Site links, placed once.
//!
//! Markdown, raw HTML and templates write every link into the site as a
//! site-relative path (`/deployment.html`), whatever the site's address. One last
//! pass over each finished page places them (url.rs's `Placement`): under the base path
//! (`/docs/deployment.html`) when the site is published under one, or relative to
//! the page (`../deployment.html` from `blog/x.html`) when its address is not known,
//! the way mdBook does, so that output/serverless.html opened from disk shows its
//! stylesheet and images. Nothing before this pass knows the base path, so
//! rendered Markdown is the same for every address and is cached once.

use std::borrow::Cow;

use crate::markdown::html_attrs;
use crate::url::Placement;

/// Attributes that hold a URL the browser fetches or follows.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "action", "data"];

/// An attribute that holds the site root itself (the theme's scripts add paths to it).
const ROOT_ATTRIBUTE: &str = "data-root";

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
    use crate::url::Urls;

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
            finish(html.into(), &Placement::from_root(&urls("/docs/", true))),
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
