//! The attributes of raw HTML start tags, with their byte offsets.
//!
//! A small scanner rather than an HTML parser crate: the link checks and the
//! rebasing of root-relative URLs (publish/rawhtml.rs) need only the
//! attributes of start tags and the exact place each value sits in the source
//! (for `file:line:column`, and to splice in the base path), which
//! DOM-building parsers such as `tl` or `scraper` do not give. Comments,
//! `<!DOCTYPE>`, end tags and the bodies of `<script>` and `<style>` are skipped.

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
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |j| i + j + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |j| i + j);
        let tag = html[i..name_end].to_ascii_lowercase();
        i = scan_attributes(html, name_end, &tag, &mut attrs);
        if tag == "script" || tag == "style" {
            // Their bodies are code, whose `<` are not tags.
            let close = format!("</{tag}");
            let lower = html[i..].to_ascii_lowercase();
            i = lower.find(&close).map_or(html.len(), |j| i + j);
        }
    }
    attrs
}

/// Reads attributes from `i` up to the tag's `>`; returns the offset after it.
fn scan_attributes<'a>(html: &'a str, mut i: usize, tag: &str, out: &mut Vec<Attr<'a>>) -> usize {
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
        let name = html[name_start..i].to_ascii_lowercase();
        let after_name = skip_space(i);
        if bytes.get(after_name) != Some(&b'=') {
            continue; // a bare attribute such as `async`
        }
        i = skip_space(after_name + 1);
        let (value_start, value_end, next) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[i + 1..]
                    .find(q as char)
                    .map_or(html.len(), |j| i + 1 + j);
                (i + 1, end, (end + 1).min(html.len()))
            }
            _ => {
                let end = html[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |j| i + j);
                (i, end, end)
            }
        };
        out.push(Attr {
            tag: tag.to_string(),
            name,
            value: &html[value_start..value_end],
            offset: value_start,
        });
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
