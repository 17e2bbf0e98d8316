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
//! - A link whose text holds a link (`[[a](/x.html)](/y.html)`, `[see [a](/x) here](/y)`) is
//!   the outer link, its text shown as written: Python-Markdown reads the outer one first, and
//!   CommonMark, which allows no link in a link, the inner one (leaving the outer brackets and
//!   address as text). The brackets inside the text are escaped.
//!
//! `[TOC]` and `~~` after indentation in code are handled where the events are (mod.rs).

use super::blocks::LineMap;

/// The text with its Python-Markdown lines rewritten; `None` when no rule applies.
pub(super) struct Adapted {
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

pub(super) fn adapt(text: &str) -> Option<Adapted> {
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
    // Plain lines waiting to be written: a link's text may run over several of them.
    let mut para: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let start = src;
        src += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let plain = fence.is_none() && raw_end.is_none() && is_plain(line, lines.get(i + 1));
        if plain {
            para.push((start, raw));
            continue;
        }
        changed |= flush(&mut para, &mut out, &mut map);
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
    changed |= flush(&mut para, &mut out, &mut map);
    changed.then_some(Adapted { text: out, map })
}

/// Whether a line is one no rule but the nested-link one looks at: text of a paragraph.
fn is_plain(line: &str, next: Option<&&str>) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    if body.trim().is_empty() || indent >= 4 || line.starts_with('\t') {
        return false;
    }
    let fence = body.starts_with("```") || body.starts_with("~~~");
    let next_is_text = next.is_some_and(|n| !n.trim().is_empty());
    !(fence
        || body.starts_with('<')
        || unspaced_heading(body).is_some()
        || (next_is_text && lone_inline_tag(body)))
}

/// Writes the waiting plain lines, with the brackets of links inside links escaped; whether
/// any were.
fn flush(para: &mut Vec<(usize, &str)>, out: &mut String, map: &mut LineMap) -> bool {
    let text: String = para.iter().map(|(_, raw)| *raw).collect();
    let mut escapes = nested_link_brackets(&text).into_iter().peekable();
    let changed = escapes.peek().is_some();
    let mut offset = 0;
    for (start, raw) in para.drain(..) {
        map.push(out.len(), start, true);
        let mut from = 0;
        while let Some(at) = escapes.next_if(|&at| at < offset + raw.len()) {
            let at = at - offset;
            out.push_str(&raw[from..at]);
            out.push('\\');
            map.push(out.len(), start + at, true);
            from = at;
        }
        out.push_str(&raw[from..]);
        offset += raw.len();
    }
    changed
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
    // A link inside a link's text, on one line or across several.
    text.matches("](").nth(1).is_some() && !nested_link_brackets(text).is_empty()
}

/// The offsets of the brackets to escape in a text: those inside the text of an inline link
/// (`[…](`) whose text holds a link of its own. Code spans and escaped brackets are skipped;
/// an image's text is left as it is. One pass with a stack of open brackets, so that a text
/// of unclosed `[`s costs no more than any other.
fn nested_link_brackets(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    // Open brackets: offset, and whether a link closed inside it.
    let mut open: Vec<(usize, bool)> = Vec::new();
    // Inline links (not images) holding a link: their text's range.
    let mut nested: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' => {
                i = code_span_end(b, i);
                continue;
            }
            b'[' => open.push((i, false)),
            b']' => {
                if let Some((start, holds_link)) = open.pop() {
                    let inline = b.get(i + 1) == Some(&b'(');
                    if inline {
                        if let Some(outer) = open.last_mut() {
                            outer.1 = true;
                        }
                        let image = start > 0 && b[start - 1] == b'!';
                        if holds_link && !image {
                            nested.push((start, i));
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Outermost ones only (a range inside another is escaped with it), in order.
    nested.sort_unstable();
    let mut escapes = Vec::new();
    let mut covered = 0;
    for (start, end) in nested {
        if start < covered {
            continue;
        }
        covered = end;
        let mut j = start + 1;
        while j < end {
            match b[j] {
                b'\\' => j += 1,
                b'`' => {
                    j = code_span_end(b, j);
                    continue;
                }
                b'[' | b']' => escapes.push(j),
                _ => {}
            }
            j += 1;
        }
    }
    escapes
}

/// Where the code span opening at `i` ends (after its closing backticks), or just past the
/// backticks when none close it.
pub(super) fn code_span_end(b: &[u8], i: usize) -> usize {
    let run = b[i..].iter().take_while(|&&c| c == b'`').count();
    let mut j = i + run;
    while j < b.len() {
        if b[j] == b'`' {
            let n = b[j..].iter().take_while(|&&c| c == b'`').count();
            if n == run {
                return j + n;
            }
            j += n;
        } else {
            j += 1;
        }
    }
    i + run
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
    fn a_link_in_a_link_is_the_outer_one_as_python_markdown_reads_it() {
        assert_eq!(
            adapted("[[a](/x.html)](/y.html)\n"),
            "[\\[a\\](/x.html)](/y.html)\n"
        );
        assert_eq!(
            adapted("Go [see [a](x) here](y) and [b](z).\n"),
            "Go [see \\[a\\](x) here](y) and [b](z).\n"
        );
        assert_eq!(
            adapted("Text [[a](x) over\ntwo](y) lines.\n"),
            "Text [\\[a\\](x) over\ntwo](y) lines.\n"
        );
        let text = "# Head\n\nA [[b](/b.html)\nc](/c.html) d [e](/e.html).\n";
        let a = adapt(text).unwrap();
        let at = |t: &str, s: &str| t.find(s).unwrap();
        assert_eq!(a.map.map(at(&a.text, "(/c.html)")), at(text, "(/c.html)"));
        assert_eq!(a.map.map(at(&a.text, "[e]")), at(text, "[e]"));
        for kept in [
            "[a [b] c](y)\n",
            "[x](y) and [z](w)\n",
            "`[[a](x)](y)`\n",
            "![[a](x)](y)\n",
            "[[a](x)][ref]\n",
            "\\[[a](x)](y)\n",
            "    [[a](x)](y)\n",
            "```\n[[a](x)](y)\n```\n",
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
