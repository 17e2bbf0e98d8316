//! Code annotations, as Material's `content.code.annotate` has them: a marker `(1)` in a
//! comment of a code block (`# (1)`, `// (1)`, `/* (1) */`, `<!-- (1) -->`) points at the
//! first item of the ordered list right after the block; `(1)!` also takes the comment out.
//!
//! Material builds its markers in the browser; quire writes them: each marker is a `<button>`
//! whose `popovertarget` is its list item, and the items are popovers. So a marker opens its
//! text with a click, Enter or Space and closes with Escape, without any script; a browser
//! without popovers shows the list as it is written, after the code.
//!
//! Two steps: `mark` finds markers in a highlighted block's comments (the highlighter knows
//! what a comment is in every language) and leaves a placeholder; `apply`, once the page's
//! events are all there, turns a block's placeholders into markers when a list follows it,
//! and back into the text as written when none does.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Warning;

/// The highlighter's class for comments (see highlight.rs).
const COMMENT: &str = "<span class=\"c\">";
/// A placeholder's start: `<q-an data-n="1 2">` (with ` data-s` when the comment goes),
/// around what was written. Escaped code never holds a `<`, so it cannot be mistaken.
const HOLD: &str = "<q-an data-n=\"";
const HOLD_END: &str = "</q-an>";

/// Whether a highlighted block holds markers (`mark` found some).
pub(crate) fn has_markers(html: &str) -> bool {
    html.contains(HOLD)
}

/// A highlighted block with its placeholders taken out: its markers stay the comments they
/// are written as (annotations switched off).
pub(crate) fn unmarked(html: &str) -> String {
    if has_markers(html) {
        place(html, 0, 0).0
    } else {
        html.to_string()
    }
}

/// Puts placeholders around the markers in a highlighted block's comments.
pub(crate) fn mark(html: &str) -> Option<String> {
    if !html.contains(COMMENT) || !html.contains(')') {
        return None;
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    let mut found = false;
    while let Some(at) = rest.find(COMMENT) {
        let body_start = at + COMMENT.len();
        let Some(len) = rest[body_start..].find("</span>") else {
            break;
        };
        out.push_str(&rest[..at]);
        let body = &rest[body_start..body_start + len];
        found |= mark_comment(body, &mut out);
        rest = &rest[body_start + len + "</span>".len()..];
    }
    out.push_str(rest);
    found.then_some(out)
}

/// One comment's span, with its markers held; whether it had any.
fn mark_comment(body: &str, out: &mut String) -> bool {
    let markers = markers(body);
    if markers.is_empty() {
        out.push_str(COMMENT);
        out.push_str(body);
        out.push_str("</span>");
        return false;
    }
    let numbers = |ms: &[Marker]| {
        ms.iter()
            .map(|m| m.number.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if markers.iter().any(|m| m.strip) {
        // The whole comment goes; the line's end stays where it was.
        let trimmed = body.trim_end_matches(['\n', '\r']);
        out.push_str(&format!("{HOLD}{}\" data-s>", numbers(&markers)));
        out.push_str(COMMENT);
        out.push_str(trimmed);
        out.push_str("</span>");
        out.push_str(HOLD_END);
        out.push_str(&body[trimmed.len()..]);
        return true;
    }
    out.push_str(COMMENT);
    let mut last = 0;
    for m in &markers {
        out.push_str(&body[last..m.start]);
        out.push_str(&format!("{HOLD}{}\">", m.number));
        out.push_str(&body[m.start..m.end]);
        out.push_str(HOLD_END);
        last = m.end;
    }
    out.push_str(&body[last..]);
    out.push_str("</span>");
    true
}

pub(crate) struct Marker {
    pub(crate) number: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    strip: bool,
}

/// The `(n)` and `(n)!` in a comment's text.
pub(crate) fn markers(text: &str) -> Vec<Marker> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| from + i) {
        from = open + 1;
        let digits = text[open + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(0, |n| n);
        if digits == 0 || digits > 3 || !text[open + 1 + digits..].starts_with(')') {
            continue;
        }
        let Ok(number) = text[open + 1..open + 1 + digits].parse::<usize>() else {
            continue;
        };
        let mut end = open + digits + 2;
        let strip = text[end..].starts_with('!');
        if strip {
            end += 1;
        }
        if number > 0 {
            found.push(Marker {
                number,
                start: open,
                end,
                strip,
            });
        }
        from = end;
    }
    found
}

/// A block with markers: where its HTML is among the page's events, and where the block is in
/// the Markdown (for warnings).
pub(crate) struct Marked {
    pub event: usize,
    pub offset: usize,
}

/// Turns each marked block's placeholders into markers for the ordered list that follows it,
/// whose items become their popovers; without such a list, back into the text as written.
pub(crate) fn apply(events: &mut [Event], marked: &[Marked], warnings: &mut Vec<Warning>) {
    for (block, m) in marked.iter().enumerate() {
        let items = match events.get(m.event + 1) {
            Some(Event::Start(Tag::List(Some(_)))) => popovers(events, m.event + 1, block),
            _ => 0,
        };
        let Some(Event::Html(html)) = events.get(m.event) else {
            continue;
        };
        let (html, missing) = place(html, block, items);
        if let Some(number) = missing {
            warnings.push(Warning {
                offset: m.offset,
                message: match items {
                    0 => format!("the code's annotation marker ({number}) has no list after the block"),
                    n => format!("the code's annotation marker ({number}) has no item in the list after the block, which has {n}"),
                },
                hint: "write the annotations as an ordered list right after the code block: `1. What (1) points at`".into(),
            });
        }
        events[m.event] = Event::Html(html.into());
    }
}

/// The id of annotation `n` of a page's `block`th annotated block.
fn item_id(block: usize, n: usize) -> String {
    format!("__annotation-{block}-{n}")
}

/// Makes the list starting at `events[start]` the block's annotations; how many items it has.
pub(crate) fn popovers(events: &mut [Event], start: usize, block: usize) -> usize {
    events[start] = Event::Html("<ol class=\"annotations\">\n".into());
    let mut depth = 0usize;
    let mut items = 0;
    for event in events[start + 1..].iter_mut() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) if depth == 0 => {
                *event = Event::Html("</ol>\n".into());
                break;
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 0 => {
                items += 1;
                let id = item_id(block, items);
                *event = Event::Html(format!("<li id=\"{id}\" popover>").into());
            }
            Event::End(TagEnd::Item) if depth == 0 => *event = Event::Html("</li>\n".into()),
            _ => {}
        }
    }
    items
}

/// The block's HTML with its placeholders replaced, and the first marker with no item.
fn place(html: &str, block: usize, items: usize) -> (String, Option<usize>) {
    let mut out = String::with_capacity(html.len() + 128);
    let mut missing = None;
    let mut rest = html;
    while let Some(at) = rest.find(HOLD) {
        out.push_str(&rest[..at]);
        let after = &rest[at + HOLD.len()..];
        let quote = after.find('"').unwrap_or(0);
        let numbers: Vec<usize> = after[..quote]
            .split(' ')
            .filter_map(|n| n.parse().ok())
            .collect();
        let open_end = after.find('>').map_or(after.len(), |i| i + 1);
        let strip = after[..open_end].contains("data-s");
        let inner_end = after.find(HOLD_END).unwrap_or(after.len());
        let written = &after[open_end..inner_end];
        let absent = numbers.iter().copied().find(|&n| n > items);
        match absent {
            None => {
                for n in numbers {
                    out.push_str(&button(block, n));
                }
            }
            Some(n) => {
                // Markers that do not annotate are what they look like: a comment.
                if strip || items > 0 {
                    missing = missing.or(Some(n));
                }
                out.push_str(written);
            }
        }
        rest = after.get(inner_end + HOLD_END.len()..).unwrap_or("");
    }
    out.push_str(rest);
    (out, missing)
}

/// A marker: its number is drawn by CSS (`data-n`), so that copying the code copies no digits.
pub(crate) fn button(block: usize, n: usize) -> String {
    let id = item_id(block, n);
    format!(
        "<button type=\"button\" class=\"annotation\" popovertarget=\"{id}\" data-n=\"{n}\" aria-label=\"Annotation {n}\"></button>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(html: &str) -> String {
        mark(html).unwrap_or_else(|| html.to_string())
    }

    #[test]
    fn markers_in_comments_are_held_and_stripped_ones_take_the_comment() {
        let html =
            "x <span class=\"c\"># (1)!\n</span>y <span class=\"c\">// see (2) and (3)</span> (4)";
        let held = marked(html);
        assert_eq!(
            held,
            "x <q-an data-n=\"1\" data-s><span class=\"c\"># (1)!</span></q-an>\ny <span class=\"c\">// see <q-an data-n=\"2\">(2)</q-an> and <q-an data-n=\"3\">(3)</q-an></span> (4)"
        );
        assert!(has_markers(&held));
        assert_eq!(mark("<span class=\"c\"># no marker (x)</span>"), None);
    }

    #[test]
    fn a_list_makes_markers_without_one_the_text_stays() {
        let held = marked("a <span class=\"c\"># (1)</span>\n");
        let (html, missing) = place(&held, 0, 1);
        assert_eq!(missing, None);
        assert!(html.contains("<span class=\"c\"># <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-1\""), "{html}");
        let (html, missing) = place(&held, 0, 0);
        assert_eq!(
            (html.as_str(), missing),
            ("a <span class=\"c\"># (1)</span>\n", None)
        );
        let stripped = marked("a <span class=\"c\"># (2)!</span>\n");
        let (html, missing) = place(&stripped, 0, 1);
        assert_eq!(
            (html.as_str(), missing),
            ("a <span class=\"c\"># (2)!</span>\n", Some(2))
        );
    }

    #[test]
    fn the_list_after_the_block_becomes_its_popovers() {
        let code = marked("a <span class=\"c\"># (1)!</span>\n");
        let mut events = vec![
            Event::Html(code.into()),
            Event::Start(Tag::List(Some(1))),
            Event::Start(Tag::Item),
            Event::Text("One".into()),
            Event::Start(Tag::List(Some(1))),
            Event::Start(Tag::Item),
            Event::End(TagEnd::Item),
            Event::End(TagEnd::List(true)),
            Event::End(TagEnd::Item),
            Event::End(TagEnd::List(true)),
        ];
        let mut warnings = Vec::new();
        apply(
            &mut events,
            &[Marked {
                event: 0,
                offset: 7,
            }],
            &mut warnings,
        );
        assert!(warnings.is_empty());
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert!(html.starts_with("a <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-1\" data-n=\"1\" aria-label=\"Annotation 1\"></button>\n<ol class=\"annotations\">\n<li id=\"__annotation-0-1\" popover>One"), "{html}");
        assert!(
            html.contains("<ol>\n<li></li>\n</ol>\n</li>\n</ol>"),
            "{html}"
        );
    }
}
