//! `--minify`: smaller HTML, CSS and JavaScript.
//!
//! CSS and JavaScript go through the `minifier` crate (rustdoc's). HTML gets
//! only changes that cannot alter how a page looks: comments go and runs of
//! whitespace between words and tags shrink to one character; tags, attribute
//! values and the insides of `pre`, `textarea`, `script` and `style` are kept
//! byte for byte. (minify-html does more, but brings two hundred crates — a
//! CSS and a JavaScript compiler — into a build that must stay quick.)

/// Minifies by file type; other files, and files the minifiers cannot
/// parse, are returned as they are.
pub(crate) fn minify(path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    let text = std::str::from_utf8(bytes).ok()?;
    match ext {
        "html" | "htm" => Some(html(text).into_bytes()),
        "css" => minifier::css::minify(text)
            .ok()
            .map(|m| m.to_string().into_bytes()),
        "js" => minifier::js::minify(text)
            .ok()
            .map(|m| m.to_string().into_bytes()),
        _ => None,
    }
}

/// Elements whose text is shown or run as written.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

pub(crate) fn html(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while !rest.is_empty() {
        match rest.find('<') {
            None => {
                collapse_into(&mut out, rest);
                break;
            }
            Some(lt) => {
                collapse_into(&mut out, &rest[..lt]);
                rest = &rest[lt..];
            }
        }
        // `rest` starts at a `<`.
        if rest.starts_with("<!--") && !rest.starts_with("<!--[") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        out.push_str(tag);
        rest = &rest[end..];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if VERBATIM.contains(&name.as_str()) {
            let close = format!("</{name}");
            let at = find_ascii_ci(rest, &close).unwrap_or(rest.len());
            out.push_str(&rest[..at]);
            rest = &rest[at..];
        }
    }
    out
}

/// The length of the tag at the start of `s`, quotes respected.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Text between tags: each run of whitespace becomes one character (a newline if it held one).
fn collapse_into(out: &mut String, text: &str) {
    let mut run: Option<char> = None;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            run = match run {
                Some('\n') => Some('\n'),
                _ if c == '\n' => Some('\n'),
                _ => Some(' '),
            };
        } else {
            if let Some(w) = run.take() {
                out.push(w);
            }
            out.push(c);
        }
    }
    if let Some(w) = run {
        out.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_comments_shrink() {
        assert_eq!(
            html("<ul>\n    <li>a  b</li>\n\n    <li>c</li>\n</ul>\n<!-- note -->\n"),
            "<ul>\n<li>a b</li>\n<li>c</li>\n</ul>\n\n"
        );
    }

    #[test]
    fn verbatim_parts_are_kept() {
        let page = "<pre><code>a\n    b  c\n</code></pre> <PRE>x  y</PRE>\n<textarea>  t  </textarea>\
<script>if (a  <  b) {}\n</script><style>a  { }</style><p title=\"a   b\" data-x='c  >  d'>e   f</p><!--[if IE]><![endif]-->";
        let out = html(page);
        for kept in [
            "<pre><code>a\n    b  c\n</code></pre>",
            "<PRE>x  y</PRE>",
            "<textarea>  t  </textarea>",
            "<script>if (a  <  b) {}\n</script>",
            "<style>a  { }</style>",
            "<p title=\"a   b\" data-x='c  >  d'>e f</p>",
            "<!--[if IE]>",
        ] {
            assert!(out.contains(kept), "{kept:?} in {out:?}");
        }
    }

    #[test]
    fn css_and_js_are_minified_and_others_left_alone() {
        let css = minify("a.css", b"a {\n  color: red;\n}\n/* c */\n").unwrap();
        assert_eq!(String::from_utf8(css).unwrap(), "a{color:red;}");
        let js = minify("a.js", b"function f(a) {\n  return a + 1; // one\n}\n").unwrap();
        assert!(js.len() < 30, "{}", String::from_utf8_lossy(&js));
        assert!(minify("a.png", b"x").is_none());
        let broken = html("<a href=\"x");
        assert_eq!(broken, "<a href=\"x");
    }
}
