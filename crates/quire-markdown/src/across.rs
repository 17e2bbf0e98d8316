//! Mark and insert around other inline Markdown (`==a *b* c==`, `^^an **x** one^^`), as
//! pymdownx.mark and pymdownx.caret read them: inline.rs reads a construct within one run of
//! text, and emphasis, a link or code cut the run, so a delimiter it left open in one run may
//! close in a later one of the same paragraph, at the same depth of inline tags.
//!
//! A pass over the events dialect.rs adapted: an opening delimiter left as text (not before a
//! space), then a closing one (not after a space) further on, with only whole inline elements
//! between them, become `<mark>` and `</mark>`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The delimiters read across elements, each with its tag and whether its switch is on.
fn delimiters(ext: &crate::Extensions) -> Vec<(&'static str, &'static str)> {
    let mut d = Vec::new();
    if ext.mark {
        d.push(("==", "mark"));
    }
    if ext.caret {
        d.push(("^^", "ins"));
    }
    d
}

/// A delimiter left open: the event it is in, where in its text, and the inline depth.
struct Open {
    event: usize,
    at: usize,
    depth: usize,
}

/// The events with the delimiters that open in one run of text and close in another made
/// elements.
pub(super) fn read<'a>(events: Vec<Spanned<'a>>, ext: &crate::Extensions) -> Vec<Spanned<'a>> {
    let mut events = events;
    for (delim, tag) in delimiters(ext) {
        if !events
            .iter()
            .any(|(e, _)| matches!(e, Event::Text(t) if t.contains(delim)))
        {
            continue;
        }
        events = pair(events, delim, tag);
    }
    events
}

/// One delimiter's pairs: for each, the opening and closing text events split at them.
fn pair<'a>(events: Vec<Spanned<'a>>, delim: &str, tag: &str) -> Vec<Spanned<'a>> {
    // (event, offset) of each delimiter that opens, and of the one that closes it.
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    let mut open: Option<Open> = None;
    let mut depth = 0usize;
    let mut code = false;
    for (k, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            _ => {}
        }
        match event {
            _ if code => open = None,
            Event::Start(t) if inline(t) => depth += 1,
            Event::End(t) if inline_end(*t) => {
                depth = depth.saturating_sub(1);
                if open.as_ref().is_some_and(|o| o.depth > depth) {
                    open = None;
                }
            }
            Event::Start(_) | Event::End(_) => {
                open = None;
                depth = 0;
            }
            Event::Text(text) => {
                if let Some(o) = open.as_ref().filter(|o| o.depth == depth && o.event < k) {
                    if let Some(at) = closing(text, delim) {
                        cuts.push((o.event, o.at, true));
                        cuts.push((k, at, false));
                        open = None;
                        continue;
                    }
                }
                if let Some(at) = opening(text, delim) {
                    open = Some(Open {
                        event: k,
                        at,
                        depth,
                    });
                }
            }
            _ => {}
        }
    }
    if cuts.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + cuts.len() * 2);
    let mut cuts = cuts.into_iter().peekable();
    for (k, (event, range)) in events.into_iter().enumerate() {
        let Some(&(_, at, opens)) = cuts.peek().filter(|c| c.0 == k) else {
            out.push((event, range));
            continue;
        };
        cuts.next();
        let Event::Text(text) = event else {
            unreachable!("cuts are made in text events only")
        };
        let (before, after) = (&text[..at], &text[at + delim.len()..]);
        let html = if opens {
            format!("<{tag}>")
        } else {
            format!("</{tag}>")
        };
        for (piece, is_html) in [(before, false), (html.as_str(), true), (after, false)] {
            if piece.is_empty() {
                continue;
            }
            let piece = CowStr::from(piece.to_string());
            let e = if is_html {
                Event::InlineHtml(piece)
            } else {
                Event::Text(piece)
            };
            out.push((e, range.clone()));
        }
    }
    out
}

/// Whether a tag is one of a paragraph's inline elements.
fn inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// Where the last delimiter in `text` that may open is: not before a space or another
/// delimiter character, nothing but text after it.
fn opening(text: &str, delim: &str) -> Option<usize> {
    let c = &delim[..1];
    let at = text.rfind(delim)?;
    let after = &text[at + delim.len()..];
    let before_ok = !text[..at].ends_with(c);
    (before_ok && !after.starts_with(c) && !after.starts_with(char::is_whitespace)).then_some(at)
}

/// Where the first delimiter in `text` that may close is: not after a space.
fn closing(text: &str, delim: &str) -> Option<usize> {
    let c = &delim[..1];
    let at = text.find(delim)?;
    let before = &text[..at];
    let after = &text[at + delim.len()..];
    (!before.ends_with(char::is_whitespace) && !after.starts_with(c)).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delimiter_opens_before_a_word_and_closes_after_one() {
        assert_eq!(opening("==A ", "=="), Some(0));
        assert_eq!(opening("x == y", "=="), None);
        assert_eq!(closing(" phrase== and", "=="), Some(7));
        assert_eq!(closing(" ==", "=="), None);
    }
}
