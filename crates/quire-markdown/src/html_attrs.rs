//! The attributes of raw HTML start tags, with their byte offsets.
//!
//! A small scanner rather than an HTML parser crate: the link checks and the
//! last pass that places site links (links.rs) need only the attributes of
//! start tags and the exact place each value sits in the text (for
//! `file:line:column`, and to splice in the base path or `../`), which
//! DOM-building parsers such as `tl` or `scraper` do not give. Comments,
//! `<!DOCTYPE>`, end tags and the bodies of `<script>` and `<style>` are skipped.

use memchr::memchr;

/// One `name="value"` of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The tag name, lower-cased.
    pub tag: String,
    /// The attribute name, lower-cased.
    pub name: String,
    /// The value, as written (entities are not decoded).
    pub value: &'a str,
    /// Byte offset of the value in the scanned text.
    pub offset: usize,
}

/// Every attribute with a value in the start tags of `html`.
pub fn scan(html: &str) -> Vec<Attr<'_>> {
    let mut attrs = Vec::new();
    for_each(html, |tag, name, value, offset| {
        attrs.push(Attr {
            tag: tag.to_ascii_lowercase(),
            name: name.to_ascii_lowercase(),
            value,
            offset,
        });
    });
    attrs
}

/// Calls `f(tag, name, value, offset)` for every attribute with a value, names as
/// written: the last pass over every finished page (links.rs) runs this over all of
/// a site's HTML, where a copy of each name would cost more than the scan.
pub fn for_each<'a>(html: &'a str, mut f: impl FnMut(&'a str, &'a str, &'a str, usize)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr(b'<', &bytes[i..]) {
        i += lt + 1;
        if bytes[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(html.len(), |j| i + j + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = bytes[i..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
            .map_or(html.len(), |j| i + j);
        let tag = &html[i..name_end];
        i = scan_attributes(html, name_end, tag, &mut f);
        for body in ["script", "style"] {
            if tag.eq_ignore_ascii_case(body) {
                // Their bodies are code, whose `<` are not tags.
                i = find_close(bytes, i, body.as_bytes()).unwrap_or(html.len());
            }
        }
    }
}

/// Where `</name` (any case) next starts at or after `from`.
fn find_close(bytes: &[u8], mut from: usize, name: &[u8]) -> Option<usize> {
    while let Some(j) = memchr(b'<', &bytes[from..]) {
        let at = from + j;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads attributes from `i` up to the tag's `>`; returns the offset after it.
fn scan_attributes<'a>(
    html: &'a str,
    mut i: usize,
    tag: &'a str,
    f: &mut impl FnMut(&'a str, &'a str, &'a str, usize),
) -> usize {
    let bytes = html.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    loop {
        i = skip_space(i);
        match bytes.get(i) {
            None => return i,
            Some(b'>') => return i + 1,
            Some(b'/') => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let name = &html[name_start..i];
        let after_name = skip_space(i);
        if bytes.get(after_name) != Some(&b'=') {
            continue; // a bare attribute such as `async`
        }
        i = skip_space(after_name + 1);
        let (value_start, value_end, next) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr(q, &bytes[i + 1..]).map_or(html.len(), |j| i + 1 + j);
                (i + 1, end, (end + 1).min(html.len()))
            }
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|&c| c.is_ascii_whitespace() || c == b'>')
                    .map_or(html.len(), |j| i + j);
                (i, end, end)
            }
        };
        f(tag, name, &html[value_start..value_end], value_start);
        i = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triples(html: &str) -> Vec<(String, String, &str, usize)> {
        scan(html)
            .into_iter()
            .map(|a| (a.tag, a.name, a.value, a.offset))
            .collect()
    }

    #[test]
    fn values_in_any_quoting_with_offsets() {
        let html = r#"<img src="/a.png" alt='x y' width=100%><A HREF = b.html>"#;
        let t = triples(html);
        assert_eq!(t[0], ("img".into(), "src".into(), "/a.png", 10));
        assert_eq!(&html[t[0].3..t[0].3 + 6], "/a.png");
        assert_eq!(t[1].2, "x y");
        assert_eq!(t[2].2, "100%");
        assert_eq!(t[3], ("a".into(), "href".into(), "b.html", 49));
    }

    #[test]
    fn tags_across_lines_and_bare_attributes() {
        let t = triples("<script async\n  src=\"/app.js\"></script>\n<div\nid=\"x\">");
        let names: Vec<_> = t.iter().map(|a| (a.1.as_str(), a.2)).collect();
        assert_eq!(names, vec![("src", "/app.js"), ("id", "x")]);
    }

    #[test]
    fn comments_end_tags_and_script_bodies_are_not_tags() {
        let t = triples(
            "<!-- <a href=\"no.html\"> --></p><script>var s = '<img src=\"no.png\">';</script><p id=yes>",
        );
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].2, "yes");
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a",
            "<",
            "<!--",
            "<script>",
            "<a b",
        ] {
            let _ = scan(html);
        }
    }
}
