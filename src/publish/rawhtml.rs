//! Root-relative URLs in raw HTML (`<img src="/img/x.png">`) placed under the
//! site's base path, as Markdown links already are.

use std::borrow::Cow;

/// Attributes that hold a URL the browser fetches or follows.
const URL_ATTRIBUTES: &[&str] = &["src", "href", "poster", "action", "data"];

/// Prefixes every root-relative URL attribute in `html` with `base_path`
/// (`/docs/`). Text outside tags, comments, and URLs that are absolute
/// (`https://…`, `//host/…`) or relative are left alone.
pub fn rebase_html<'a>(html: &'a str, base_path: &str) -> Cow<'a, str> {
    if base_path == "/" || !html.contains('<') {
        return Cow::Borrowed(html);
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 32);
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            continue;
        }
        i = lt + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // Skip the tag name, then read attributes until the tag ends.
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
            i += 1;
        }
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < bytes.len()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let name = &html[name_start..i];
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_start, value_end, next) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| j + 1 + e);
                    (j + 1, end, (end + 1).min(html.len()))
                }
                _ => {
                    let end = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| j + e);
                    (j, end, end)
                }
            };
            let value = &html[value_start..value_end];
            if URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name))
                && value.starts_with('/')
                && !value.starts_with("//")
            {
                out.push_str(&html[copied..value_start]);
                out.push_str(base_path);
                out.push_str(&value[1..]);
                copied = value_end;
            }
            i = next;
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
