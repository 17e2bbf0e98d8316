//! Root-relative URLs in raw HTML (`<img src="/img/x.png">`) placed under the
//! site's base path, as Markdown links already are.

use std::borrow::Cow;

use crate::markdown::html_attrs::scan;

/// Attributes that hold a URL the browser fetches or follows.
const URL_ATTRIBUTES: &[&str] = &["src", "href", "poster", "action", "data"];

/// Prefixes every root-relative URL attribute in `html` with `base_path`
/// (`/docs/`). Text outside tags, comments, script bodies, and URLs that are
/// absolute (`https://…`, `//host/…`) or relative are left alone.
pub fn rebase_html<'a>(html: &'a str, base_path: &str) -> Cow<'a, str> {
    if base_path == "/" || !html.contains('<') {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut copied = 0;
    // The same attribute scanner `quire check` reads links with, so both agree on what a URL is.
    for attr in scan(html) {
        if URL_ATTRIBUTES.contains(&attr.name.as_str())
            && attr.value.starts_with('/')
            && !attr.value.starts_with("//")
        {
            if out.is_empty() {
                out.reserve(html.len() + 32);
            }
            out.push_str(&html[copied..attr.offset]);
            out.push_str(base_path);
            out.push_str(&attr.value[1..]);
            copied = attr.offset + attr.value.len();
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(html: &str) -> String {
        rebase_html(html, "/docs/").into_owned()
    }

    #[test]
    fn root_relative_urls_move_under_the_base_path() {
        assert_eq!(
            r(r#"<img src="/img/x.png" width="100%" alt="A /b">"#),
            r#"<img src="/docs/img/x.png" width="100%" alt="A /b">"#
        );
        assert_eq!(
            r("<a href='/a.html'>/a</a>"),
            "<a href='/docs/a.html'>/a</a>"
        );
        assert_eq!(r("<A HREF=/a.html>x</A>"), "<A HREF=/docs/a.html>x</A>");
        assert_eq!(
            r("<img\n  class=\"d\"\n  src = \"/i.png\"/>"),
            "<img\n  class=\"d\"\n  src = \"/docs/i.png\"/>"
        );
        assert_eq!(
            r(r#"<video poster="/p.jpg" src="/v.mp4" controls></video>"#),
            r#"<video poster="/docs/p.jpg" src="/docs/v.mp4" controls></video>"#
        );
    }

    #[test]
    fn everything_else_is_left_alone() {
        for html in [
            r#"<a href="https://e.org/x">x</a>"#,
            r#"<img src="//cdn.e.org/x.png">"#,
            r#"<a href="rel.html">x</a>"#,
            r##"<a href="#top">x</a>"##,
            r#"<a title="/x.html" data-x="/y">x</a>"#,
            "<!-- <img src=\"/x.png\"> -->",
            "<script>var s = '<img src=\"/x.png\">';</script>",
            "text with src=\"/x.png\" outside a tag",
        ] {
            assert_eq!(r(html), html);
        }
        assert_eq!(
            rebase_html(r#"<img src="/x.png">"#, "/"),
            r#"<img src="/x.png">"#
        );
    }

    #[test]
    fn broken_html_does_not_panic() {
        for html in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"/x",
            "<a href='/x",
            "<!--",
        ] {
            let _ = r(html);
        }
        assert_eq!(r("<a href=\"/x"), "<a href=\"/docs/x");
    }
}
