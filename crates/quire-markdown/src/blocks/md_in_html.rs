//! md_in_html: an HTML element with a `markdown` attribute (`<div class="grid cards"
//! markdown>`, `markdown="1"`, `"block"`, `"span"`) holds Markdown, not raw HTML. CommonMark
//! would take everything up to the next blank line as raw HTML, so the element's start and end
//! tags are put on lines of their own, blank lines around its content, and the attribute is
//! left out (Python-Markdown removes it too). An element whose content is inline only
//! (`markdown="span"`, or `markdown` on an element Python-Markdown reads as a span: `<p>`,
//! `<h1>`, `<td>`…) gets its content rendered as inline Markdown, without paragraphs.

use super::{wrap, Line, State};

/// The elements Python-Markdown's md_in_html reads as spans under a plain `markdown`.
const SPAN_TAGS: &[&str] = &[
    "address", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "p", "summary",
    "td", "th",
];

/// The start tag of an element whose content is Markdown.
pub(super) struct Opening {
    /// The element's name, in lower case.
    name: String,
    /// The start tag as written, without its `markdown` attribute.
    tag: String,
    /// What follows the start tag on its line.
    rest: String,
    /// The content is inline Markdown only.
    span: bool,
}

/// The start tag `text` begins with, when it has a `markdown` attribute (and not `"0"`).
pub(super) fn opening(text: &str) -> Option<Opening> {
    let after = text.strip_prefix('<')?;
    let name_len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !after.as_bytes()[0].is_ascii_alphabetic() || !text.contains("markdown") {
        return None;
    }
    let (attrs, end) = attributes(&after[name_len..])?;
    let Attr(from, to, value, _) = attrs.into_iter().find(|a| a.3)?;
    if value == Some("0") {
        return None;
    }
    let name = after[..name_len].to_ascii_lowercase();
    let span = match value {
        Some("span") => true,
        None | Some("1") => SPAN_TAGS.contains(&name.as_str()),
        _ => false,
    };
    let base = 1 + name_len;
    let tag = format!(
        "{}{}",
        &text[..base + from],
        &text[base + to..base + end + 1]
    );
    Some(Opening {
        name,
        span,
        tag: tag.replace(" >", ">"),
        rest: text[base + end + 1..].to_string(),
    })
}

/// The attributes of a start tag (`s` is what follows its name): for each, where it starts
/// (its leading space included) and ends, its value, and whether it is `markdown`; and where
/// the tag's `>` is. `None` when the tag does not end on the line.
fn attributes(s: &str) -> Option<(Vec<Attr<'_>>, usize)> {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((attrs, i)),
            b'/' if b.get(i + 1) == Some(&b'>') => return Some((attrs, i + 1)),
            _ => {}
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
            i += 1;
        }
        let name = &s[name_start..i];
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            let (v, next) = match b.get(i)? {
                q @ (b'"' | b'\'') => {
                    let close = s[i + 1..].find(*q as char)? + i + 1;
                    (&s[i + 1..close], close + 1)
                }
                _ => {
                    let end = s[i..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(s.len(), |k| k + i);
                    (&s[i..end], end)
                }
            };
            value = Some(v);
            i = next;
        }
        if name.is_empty() {
            return None;
        }
        attrs.push(Attr(start, i, value, name.eq_ignore_ascii_case("markdown")));
    }
}

/// One attribute: start, end, value, and whether it is `markdown`.
struct Attr<'a>(usize, usize, Option<&'a str>, bool);

/// Writes the element whose start tag opens line `i`; returns the index after its end tag.
/// Without an end tag, the line is left as it is, with a warning.
pub(super) fn block<'a>(
    lines: &[Line<'a>],
    i: usize,
    open: Opening,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> usize {
    let line = &lines[i];
    let at = line.src;
    let rest_at = at + (line.text.len() - open.rest.len());
    let mut body = Vec::new();
    if !open.rest.trim().is_empty() {
        body.push(Line {
            text: open.rest.clone().into(),
            src: rest_at,
            real: line.real,
            indent: 0,
        });
    }
    let close = format!("</{}>", open.name);
    let mut depth = 1usize;
    let mut j = i;
    let mut text: &str = &open.rest;
    let mut text_at = rest_at;
    loop {
        if let Some(k) = closing_in(text, &open.name, &close, &mut depth) {
            if j > i {
                push_before(&mut body, &lines[j], text_at, &text[..k]);
            } else if let Some(first) = body.first_mut() {
                first.text = open.rest[..k].to_string().into();
            }
            break;
        }
        if j > i {
            body.push(lines[j].clone());
        }
        j += 1;
        let Some(next) = lines.get(j) else {
            state.warn(
                at,
                format!(
                    "the <{}> element with a markdown attribute is not closed",
                    open.name
                ),
                &format!("end it with {close} on a line of its own"),
            );
            out.push(line.clone());
            return i + 1;
        };
        text = &next.text;
        text_at = next.src;
    }
    if open.span {
        span(open.tag, &body, &close, at, out);
    } else {
        wrap(vec![open.tag], &body, &close, at, out, state);
    }
    j + 1
}

/// Writes an element whose content is inline Markdown: its content as one paragraph, marked
/// (span.rs takes the paragraph's tags out), between the element's tags.
fn span<'a>(tag: String, body: &[Line<'a>], close: &str, at: usize, out: &mut Vec<Line<'a>>) {
    let text: Vec<&str> = (body.iter())
        .filter(|l| !l.is_blank())
        .map(Line::content)
        .collect();
    // On one line: a line break in it would end a list item it is in, and a line of its own
    // could read as a block (`# x`, `- x`).
    let content = format!("{}{}", crate::span::MARKER, text.join(" "));
    for line in ["", &tag, "", &content, "", close, ""] {
        out.push(Line::made(line.to_string(), at));
    }
}

/// The part of a line before its element's end tag, as a line of its own (when not blank).
fn push_before<'a>(body: &mut Vec<Line<'a>>, line: &Line<'a>, at: usize, before: &str) {
    if !before.trim().is_empty() {
        body.push(Line {
            text: before.to_string().into(),
            src: at,
            real: line.real,
            indent: line.indent,
        });
    }
}

/// Where in `text` the element's end tag is, counting the same elements opened and closed
/// inside it (`depth` is how many are open).
fn closing_in(text: &str, name: &str, close: &str, depth: &mut usize) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut at = 0;
    while let Some(k) = lower[at..].find('<') {
        let k = at + k;
        let rest = &lower[k..];
        if rest.starts_with(close) {
            *depth -= 1;
            if *depth == 0 {
                return Some(k);
            }
        } else if rest.starts_with(&open)
            && rest[open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
        {
            *depth += 1;
        }
        at = k + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_attribute_is_found_and_left_out() {
        let o = opening("<div class=\"grid cards\" markdown>").unwrap();
        assert_eq!(
            (o.name.as_str(), o.tag.as_str()),
            ("div", "<div class=\"grid cards\">")
        );
        let o = opening("<section markdown=\"block\" id=\"x\">Text").unwrap();
        assert_eq!(
            (o.tag.as_str(), o.rest.as_str()),
            ("<section id=\"x\">", "Text")
        );
        assert_eq!(opening("<p markdown='span'>").unwrap().tag, "<p>");
        assert!(opening("<div class=\"markdown\">").is_none());
        assert!(opening("<div markdown=\"0\">").is_none());
        assert!(opening("<div markdown").is_none());
        assert!(opening("text <div markdown>").is_none());
    }

    #[test]
    fn span_content_is_inline_markdown_without_paragraphs() {
        assert!(opening("<p markdown>").unwrap().span);
        assert!(!opening("<div markdown=\"1\">").unwrap().span);
        assert!(!opening("<p markdown=\"block\">").unwrap().span);
        let p = super::super::prepare(
            "- item\n\n    <div markdown=\"span\">\n    **bold**\n    text\n    </div>\n",
            super::super::Kinds::ALL,
        )
        .expect("a block");
        assert!(
            p.text
                .contains("\n    <div>\n    \n    <q-md-span/>**bold** text\n    \n    </div>\n"),
            "{}",
            p.text
        );
    }

    #[test]
    fn an_end_tag_counts_the_same_elements_inside() {
        let mut depth = 1;
        assert_eq!(
            closing_in("<div a><p></p></div>", "div", "</div>", &mut depth),
            None
        );
        assert_eq!(depth, 1);
        assert_eq!(closing_in("x</div>", "div", "</div>", &mut depth), Some(1));
        let mut depth = 1;
        assert_eq!(
            closing_in("<divx></div>", "div", "</div>", &mut depth),
            Some(6)
        );
    }
}
