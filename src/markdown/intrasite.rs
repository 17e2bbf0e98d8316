//! Pelican's intrasite links: `{filename}/pages/x.md`, `{static}/images/x.png`, `{attach}`,
//! `{tag}`, `{category}`, `{author}`, `{index}`, and the old `|filename|` form.
//!
//! Pelican replaces them in the HTML it made, in the URL attributes of tags, so that code
//! (whose `<` are escaped) is never touched. quire replaces them in the Markdown before it is
//! rendered, where a link destination or a raw HTML URL attribute holds one, outside code:
//! the rendered page, its recorded links (which the checks follow) and the render cache all
//! see the target's own URL, as if the writer had typed it.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::blocks::{self, LineMap};

/// What an intrasite link names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A page's source (`{filename}`), or any file of the content folder.
    Filename,
    /// A file copied as it is (`{static}`).
    Static,
    /// A file copied beside the first post or page that attaches it (`{attach}`).
    Attach,
    Tag,
    Category,
    Author,
    /// The home page (`{index}`).
    Index,
}

const KINDS: &[(&str, Kind)] = &[
    ("filename", Kind::Filename),
    ("static", Kind::Static),
    ("attach", Kind::Attach),
    ("tag", Kind::Tag),
    ("category", Kind::Category),
    ("author", Kind::Author),
    ("index", Kind::Index),
];

/// URL attributes Pelican looks in (its `_link_replacer`); Markdown links and images too.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "poster",
    "data",
    "cite",
    "formaction",
    "action",
    "content",
];

/// One intrasite link found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found<'t> {
    /// Where the whole link (`{filename}/a.md#x`) is in the text.
    pub range: Range<usize>,
    /// The link as written.
    pub written: &'t str,
    pub kind: Kind,
    /// What follows the marker, up to a `?` or `#`: a path, or a tag's name.
    pub value: &'t str,
    /// The `?query#fragment`, kept as it is.
    pub suffix: &'t str,
}

/// An intrasite link whose target is unknown: at its offset in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unresolved {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// A text with its intrasite links replaced by URLs.
#[derive(Debug)]
pub(crate) struct Rewritten {
    pub text: String,
    pub map: LineMap,
}

/// The cheap test that lets pages without intrasite links skip the rest: one pass over the
/// text for `{` and `|`, not one search per marker name, so that the text is read once however
/// many marker names there are.
pub(crate) fn may_have(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'{', b'|', b).any(|open| {
        let rest = &b[open + 1..];
        KINDS.iter().any(|(name, _)| {
            rest.starts_with(name.as_bytes()) && matches!(rest.get(name.len()), Some(b'}' | b'|'))
        })
    })
}

/// Every intrasite link in a link destination or URL attribute outside code, in order.
pub(crate) fn find(text: &str) -> Vec<Found<'_>> {
    if !may_have(text) {
        return Vec::new();
    }
    let code = code_ranges(text);
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find(['{', '|']) {
        let start = at + i;
        at = start + 1;
        let Some((kind, marker_len)) = marker(&text[start..]) else {
            continue;
        };
        let Some(close) = opener(&text[..start]) else {
            continue;
        };
        // Code spans come in order and never overlap: the last one starting at or before.
        let before = code.partition_point(|r| r.start <= start);
        if before > 0 && code[before - 1].contains(&start) {
            continue;
        }
        let value_start = start + marker_len;
        let end = text[value_start..]
            .find(|c: char| match close {
                Close::Quote(q) => c == q || c == '\n',
                Close::Angle => c == '>' || c == '\n',
                Close::Space => c.is_whitespace() || c == ')' || c == '>',
            })
            .map_or(text.len(), |e| value_start + e);
        let rest = &text[value_start..end];
        let split = rest.find(['?', '#']).unwrap_or(rest.len());
        found.push(Found {
            range: start..end,
            written: &text[start..end],
            kind,
            value: &rest[..split],
            suffix: &rest[split..],
        });
        at = end.max(at);
    }
    found
}

/// The kind of the marker `text` starts with, and the marker's length (`{filename}` → 10).
fn marker(text: &str) -> Option<(Kind, usize)> {
    let rest = &text[1..];
    KINDS.iter().find_map(|&(name, kind)| {
        let after = rest.strip_prefix(name)?;
        after
            .starts_with(['}', '|'])
            .then_some((kind, name.len() + 2))
    })
}

/// How the URL a marker starts ends.
#[derive(Clone, Copy)]
enum Close {
    Quote(char),
    Angle,
    Space,
}

/// Whether the text before a marker makes it a URL (`](`, `]: `, `href="`), and how it ends.
fn opener(before: &str) -> Option<Close> {
    let (rest, close) = if let Some(r) = before.strip_suffix(['"', '\'']) {
        let q = before[r.len()..].chars().next().expect("one quote");
        (r, Close::Quote(q))
    } else if let Some(r) = before.strip_suffix('<') {
        (r, Close::Angle)
    } else {
        (before, Close::Space)
    };
    let rest = rest.trim_end_matches([' ', '\t']);
    if let Some(r) = rest.strip_suffix('(') {
        return r.ends_with(']').then_some(close);
    }
    if let Some(r) = rest.strip_suffix(':') {
        return r.ends_with(']').then_some(close);
    }
    let r = rest.strip_suffix('=')?.trim_end_matches([' ', '\t']);
    let name_len = r
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = &r[r.len() - name_len..];
    let is_url = URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name));
    // An unquoted attribute value ends at a space or `>`, like a bare Markdown destination.
    is_url.then_some(close)
}

/// Where code is in the text (fenced, indented and inline), which keeps its links as written.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    // Callout and tab bodies are indented: read as pulldown-cmark will read them after
    // blocks::prepare, or they would all look like indented code.
    let prepared = blocks::prepare(text);
    let (source, map) = match &prepared {
        Some(p) => (p.text.as_str(), Some(&p.map)),
        None => (text, None),
    };
    let back = |o: usize| map.map_or(o, |m| m.map(o));
    Parser::new_ext(source, super::parser_options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, r)| back(r.start)..back(r.end))
        .collect()
}

/// The text with every intrasite link replaced by what `resolve` makes of it; `Ok(None)` when
/// it has none. Every link that cannot be resolved is returned.
pub(crate) fn rewrite(
    text: &str,
    resolve: impl Fn(&Found) -> Result<String, (String, String)>,
) -> Result<Option<Rewritten>, Vec<Unresolved>> {
    let found = find(text);
    if found.is_empty() {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = LineMap::default();
    let mut errors = Vec::new();
    let mut at = 0;
    map.push(0, 0, true);
    for f in &found {
        match resolve(f) {
            Ok(url) => {
                out.push_str(&text[at..f.range.start]);
                // The URL stands for the link as written: any offset in it is the link's.
                map.push(out.len(), f.range.start, false);
                out.push_str(&url);
                map.push(out.len(), f.range.end, true);
                at = f.range.end;
            }
            Err((message, hint)) => errors.push(Unresolved {
                offset: f.range.start,
                message,
                hint,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.push_str(&text[at..]);
    Ok(Some(Rewritten { text: out, map }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Vec<(&str, Kind, &str, &str)> {
        find(text)
            .into_iter()
            .map(|f| (f.written, f.kind, f.value, f.suffix))
            .collect()
    }

    #[test]
    fn links_images_definitions_and_attributes() {
        let text = "[a]({filename}/pages/a.md#part) ![i]({static}/images/x.png \"T\")\n\
                    [r]: {filename}../b.md\n\
                    <img src=\"{attach}x.png\"> <a href='|filename|c.md?q=1'>c</a>\n\
                    [t](<{tag}Big Data>) [h]({index})\n";
        assert_eq!(
            written(text),
            vec![
                (
                    "{filename}/pages/a.md#part",
                    Kind::Filename,
                    "/pages/a.md",
                    "#part"
                ),
                ("{static}/images/x.png", Kind::Static, "/images/x.png", ""),
                ("{filename}../b.md", Kind::Filename, "../b.md", ""),
                ("{attach}x.png", Kind::Attach, "x.png", ""),
                ("|filename|c.md?q=1", Kind::Filename, "c.md", "?q=1"),
                ("{tag}Big Data", Kind::Tag, "Big Data", ""),
                ("{index}", Kind::Index, "", ""),
            ]
        );
    }

    #[test]
    fn code_and_prose_keep_them() {
        let text = "Write `[a]({filename}/a.md)` or {filename} in prose.\n\n\
                    ```\n[a]({filename}/a.md)\n```\n\n    <a href=\"{filename}/a.md\">\n\n\
                    <p class=\"{tag}\">x</p>\n";
        assert_eq!(written(text), vec![]);
    }

    #[test]
    fn callout_bodies_are_not_code() {
        let text = "!!! note\n    See [a]({filename}/a.md).\n";
        assert_eq!(written(text).len(), 1);
    }

    #[test]
    fn rewriting_keeps_offsets_pointing_at_the_source() {
        let text = "x [a]({filename}/a.md#p) y [b]({filename}/b.md)\n";
        let r = rewrite(text, |f| {
            Ok(format!("/{}.html{}", &f.value[1..2], f.suffix))
        })
        .unwrap()
        .unwrap();
        assert_eq!(r.text, "x [a](/a.html#p) y [b](/b.html)\n");
        let b = r.text.find("[b]").unwrap();
        assert_eq!(r.map.map(b), text.find("[b]").unwrap());
        let url = r.text.find("/b.html").unwrap();
        assert_eq!(r.map.map(url), text.find("{filename}/b.md").unwrap());
    }

    #[test]
    fn every_unknown_link_is_returned() {
        let text = "[a]({filename}/a.md) [b]({filename}/b.md)\n";
        let errors = rewrite(text, |f| Err((f.value.to_string(), String::new()))).unwrap_err();
        let offsets: Vec<usize> = errors.iter().map(|e| e.offset).collect();
        assert_eq!(offsets, vec![4, 25]);
    }
}
