//! Python-Markdown's habits that pages written for Pelican rely on, where CommonMark reads the
//! same text otherwise. Each is a line rule applied before pulldown-cmark reads the text,
//! outside fenced code, indented lines and raw `<pre>`/`<script>`/`<style>`/`<textarea>` and
//! comment blocks; everything else stays CommonMark.
//!
//! - `###Heading` with no space after the `#`s is a heading (Python-Markdown needs no space).
//! - A line holding one inline tag (`<img …>`, `<a …>`, `<span>`) directly followed by text
//!   starts a paragraph whose text is still Markdown. CommonMark makes such a line the start of
//!   a raw HTML block running to the next blank line, so the links and emphasis after it would
//!   show literally; Python-Markdown treats inline tags as inline. The line gets a trailing
//!   `&#32;` (a space, as an entity), which CommonMark does not count as "only whitespace after
//!   the tag", so the line opens a paragraph instead; the page shows the same space a line
//!   break would.
//!
//! `[TOC]` and `~~` after indentation in code are handled where the events are (mod.rs).

use super::blocks::LineMap;

/// The text with its Python-Markdown lines rewritten; `None` when no rule applies.
pub struct Adapted {
    pub text: String,
    pub map: LineMap,
}

/// Python-Markdown's block-level elements and CommonMark's HTML block names: a line opening one
/// is a block in both, so it is left alone.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "audio",
    "base",
    "basefont",
    "blockquote",
    "body",
    "canvas",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "math",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "pre",
    "progress",
    "script",
    "search",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "video",
];

/// Raw blocks whose lines are never Markdown, and how each ends.
const RAW_BLOCKS: &[(&str, &str)] = &[
    ("<pre", "</pre>"),
    ("<script", "</script>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
    ("<!--", "-->"),
];

const SPACE: &str = "&#32;";

pub fn adapt(text: &str) -> Option<Adapted> {
    // The cheap test: no line can need a rule without a `#` or a `<` in the text.
    if !may_apply(text) {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut map = LineMap::default();
    let mut changed = false;
    let mut fence: Option<(u8, usize)> = None;
    let mut raw_end: Option<&str> = None;
    let mut src = 0;
    for (i, raw) in lines.iter().enumerate() {
        let start = src;
        src += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        map.push(out.len(), start, true);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        if let Some((ch, len)) = fence {
            let closing = body.bytes().take_while(|&b| b == ch).count();
            if indent < 4 && closing >= len && body[closing..].trim().is_empty() {
                fence = None;
            }
            out.push_str(raw);
            continue;
        }
        if let Some(end) = raw_end {
            if line.to_ascii_lowercase().contains(end) {
                raw_end = None;
            }
            out.push_str(raw);
            continue;
        }
        if indent >= 4 || line.starts_with('\t') {
            out.push_str(raw);
            continue;
        }
        if let Some(ch) = body.bytes().next().filter(|b| matches!(b, b'`' | b'~')) {
            let len = body.bytes().take_while(|&b| b == ch).count();
            if len >= 3 {
                fence = Some((ch, len));
                out.push_str(raw);
                continue;
            }
        }
        let lower = if body.starts_with('<') {
            body.to_ascii_lowercase()
        } else {
            String::new()
        };
        if let Some((_, end)) = RAW_BLOCKS.iter().find(|(open, _)| lower.starts_with(open)) {
            if !lower.contains(end) {
                raw_end = Some(end);
            }
            out.push_str(raw);
            continue;
        }
        if let Some(hashes) = unspaced_heading(body) {
            // `###Heading` → `### Heading`.
            let cut = indent + hashes;
            out.push_str(&raw[..cut]);
            out.push(' ');
            map.push(out.len(), start + cut, true);
            out.push_str(&raw[cut..]);
            changed = true;
            continue;
        }
        let next_is_text = lines.get(i + 1).is_some_and(|next| !next.trim().is_empty());
        if next_is_text && lone_inline_tag(body) {
            let end = line.trim_end().len();
            out.push_str(&raw[..end]);
            map.push(out.len(), start + end, false);
            out.push_str(SPACE);
            map.push(out.len(), start + end, true);
            out.push_str(&raw[end..]);
            changed = true;
            continue;
        }
        out.push_str(raw);
    }
    changed.then_some(Adapted { text: out, map })
}

/// Whether any line may need a rule (code not told apart): most pages need none, and this
/// costs no allocation.
fn may_apply(text: &str) -> bool {
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let body = line.trim_start_matches(' ');
        if line.len() - body.len() >= 4 {
            continue;
        }
        if body.starts_with('#') && unspaced_heading(body).is_some() {
            return true;
        }
        if body.starts_with('<')
            && lines.peek().is_some_and(|n| !n.trim().is_empty())
            && lone_inline_tag(body)
        {
            return true;
        }
    }
    false
}

/// The number of `#`s when a line is a heading without a space after them (`###Heading`).
fn unspaced_heading(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    let text = rest.trim_end_matches('#').trim();
    ((1..=6).contains(&hashes) && !rest.starts_with([' ', '\t']) && !text.is_empty())
        .then_some(hashes)
}

/// Whether a line is one complete open tag of an inline element and nothing else (what
/// CommonMark takes for the start of a raw HTML block).
fn lone_inline_tag(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('<') else {
        return false;
    };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = rest[..name_len].to_ascii_lowercase();
    if name.is_empty()
        || !name.as_bytes()[0].is_ascii_alphabetic()
        || BLOCK_TAGS.contains(&name.as_str())
    {
        return false;
    }
    // The end of the tag, quotes respected; then nothing but spaces.
    let mut quote: Option<char> = None;
    for (i, c) in rest[name_len..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '<') => return false,
            (None, '>') => return rest[name_len + i + 1..].trim().is_empty(),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adapted(text: &str) -> String {
        adapt(text).map_or_else(|| text.to_string(), |a| a.text)
    }

    #[test]
    fn headings_without_a_space() {
        assert_eq!(adapted("###Heading\ntext\n"), "### Heading\ntext\n");
        for kept in [
            "### Spaced\n",
            "#######seven\n",
            "###\n",
            "```\n#include <stdio.h>\n```\n",
            "    #indented\n",
            "<style>\n#id { color: red }\n</style>\n",
            "<!--\n#comment\n-->\n",
        ] {
            assert_eq!(adapted(kept), kept);
        }
    }

    #[test]
    fn an_inline_tag_line_followed_by_text() {
        assert_eq!(
            adapted("<img src=\"a>b.png\" alt='x'>\nSee [this](/x.html).\n"),
            "<img src=\"a>b.png\" alt='x'>&#32;\nSee [this](/x.html).\n"
        );
        for kept in [
            "<img src=\"a.png\">\n\nSee.\n",
            "<div class=\"x\">\ntext\n</div>\n",
            "<img src=\"a.png\"> and text\nmore\n",
            "<video src=\"a.mp4\">\ntext\n",
            "</span>\ntext\n",
        ] {
            assert_eq!(adapted(kept), kept);
        }
    }

    #[test]
    fn offsets_map_back() {
        let text = "###Head [a](/a.html)\n<img src=\"x.png\">\nMore [b](/b.html).\n";
        let a = adapt(text).unwrap();
        let at = |t: &str, s: &str| t.find(s).unwrap();
        assert_eq!(a.map.map(at(&a.text, "[a]")), at(text, "[a]"));
        assert_eq!(a.map.map(at(&a.text, "[b]")), at(text, "[b]"));
        assert_eq!(a.map.map(at(&a.text, "###")), 0);
    }
}
