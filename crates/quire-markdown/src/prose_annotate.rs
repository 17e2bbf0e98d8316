//! Annotations in prose, as Material's `{ .annotate }` has them: a paragraph or list item with
//! the class `annotate` whose text holds markers `(1)`, and the ordered list right after it as
//! their bodies. The markers are the same buttons as in code (see annotate.rs), each opening
//! its list item, a popover; a marker with no item stays the text it was written as.
//!
//! The annotated block may also be a tight list item, whose own ordered list after its text
//! holds the bodies (Python-Markdown puts the class on the `<li>`), or a block written as HTML
//! with the class: an admonition (`!!! note annotate "Title (1)"`), a collapsible block, a
//! `<div class="annotate" markdown>`; its markers are in its title and its prose, and the list
//! comes after its end.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::annotate::{button, markers, popovers};
use crate::attrs;
use crate::highlight::escape_into;

/// Makes each `{ .annotate }` block followed by an ordered list an annotated one; `first` is
/// the number its first block's ids start at (the code blocks' come before).
pub(crate) fn apply(events: &mut [Event], first: usize) {
    let mut block = first;
    for i in 0..events.len() {
        let Some(Annotated { text, list }) = annotated(events, i) else {
            continue;
        };
        let items = popovers(events, list, block);
        for event in &mut events[text] {
            match event {
                Event::Text(text) => {
                    if let Some(html) = with_markers(text, block, items) {
                        *event = Event::InlineHtml(html.into());
                    }
                }
                Event::Html(html) if is_title(html) => {
                    if let Some(html) = title_with_markers(html, block, items) {
                        *event = Event::Html(html.into());
                    }
                }
                _ => {}
            }
        }
        block += 1;
    }
}

/// An annotated block: where the text that may hold its markers is among the events, and
/// where its list starts.
struct Annotated {
    text: Range<usize>,
    list: usize,
}

/// The annotated block `events[i]` marks, if it is one with its list.
fn annotated(events: &[Event], i: usize) -> Option<Annotated> {
    match &events[i] {
        Event::InlineHtml(h) if i > 0 && attrs::has_class(h, "annotate") => {
            let start = attrs::start_of(events, i - 1)?;
            match (&events[start], events.get(i + 1)) {
                (
                    Event::Start(Tag::Paragraph | Tag::Item),
                    Some(Event::Start(Tag::List(Some(_)))),
                ) => Some(Annotated {
                    text: start + 1..i - 1,
                    list: i + 1,
                }),
                (Event::Start(Tag::Item), _) => {
                    let list = own_list(events, start + 1..i - 1)?;
                    Some(Annotated {
                        text: start + 1..list,
                        list,
                    })
                }
                _ => None,
            }
        }
        Event::Html(h) if opens_annotated(h) => {
            let end = closing(events, i)?;
            let list = (end + 1..events.len()).find(|&j| !is_between_blocks(&events[j]))?;
            matches!(events[list], Event::Start(Tag::List(Some(_)))).then_some(Annotated {
                text: i + 1..end,
                list,
            })
        }
        _ => None,
    }
}

/// A tight item's ordered list right after its text (among the item's `events`), if it has one.
fn own_list(events: &[Event], item: Range<usize>) -> Option<usize> {
    let mut depth = 0usize;
    for j in item {
        match &events[j] {
            Event::Start(Tag::List(Some(_))) if depth == 0 => return Some(j),
            Event::Start(Tag::List(None) | Tag::Paragraph) if depth == 0 => return None,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.checked_sub(1)?,
            Event::Html(_) if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Whether a block of HTML opens a `<div>` or `<details>` with the class `annotate` (not a
/// code block's: code has its own markers, see annotate.rs).
fn opens_annotated(html: &str) -> bool {
    if !html.starts_with("<div ") && !html.starts_with("<details ") {
        return false;
    }
    let tag = &html[..html.find('>').unwrap_or(html.len())];
    let classes = tag
        .split_once(" class=\"")
        .and_then(|(_, v)| v.split_once('"'))
        .map_or("", |(classes, _)| classes);
    let mut classes = classes.split_whitespace();
    classes.clone().any(|c| c == "annotate") && !classes.any(|c| c == "highlight")
}

/// Where the `<div>` or `<details>` that `events[open]` opens is closed: the block of HTML
/// after which as many of them are closed as were opened.
fn closing(events: &[Event], open: usize) -> Option<usize> {
    let mut depth = 0isize;
    for (j, event) in events.iter().enumerate().skip(open) {
        let Event::Html(h) = event else {
            continue;
        };
        for tag in ["<div", "<details"] {
            depth += h.matches(tag).count() as isize;
        }
        for tag in ["</div>", "</details>"] {
            depth -= h.matches(tag).count() as isize;
        }
        if depth <= 0 {
            return Some(j);
        }
    }
    None
}

/// What may come between the end of one block written as HTML and the next block.
fn is_between_blocks(event: &Event) -> bool {
    match event {
        Event::End(TagEnd::HtmlBlock) | Event::Start(Tag::HtmlBlock) | Event::SoftBreak => true,
        Event::Html(h) => h.trim().is_empty(),
        _ => false,
    }
}

/// Whether a line of a block's HTML is its title (an admonition's or a collapsible block's).
fn is_title(html: &str) -> bool {
    html.starts_with("<p class=\"admonition-title\">") || html.starts_with("<summary")
}

/// A title's HTML with the markers in its text (not in its tags) as buttons; `None` when none.
fn title_with_markers(html: &str, block: usize, items: usize) -> Option<String> {
    let mut out = String::with_capacity(html.len() + 128);
    let mut changed = false;
    let mut rest = html;
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..text_end];
        changed |= place_markers(text, (block, items), &mut out, |o, t| o.push_str(t));
        let tag_end = rest[text_end..]
            .find('>')
            .map_or(rest.len(), |e| text_end + e + 1);
        out.push_str(&rest[text_end..tag_end]);
        rest = &rest[tag_end..];
    }
    changed.then_some(out)
}

/// The text as HTML with its markers for items `1..=items` as buttons; `None` when it has none.
fn with_markers(text: &CowStr, block: usize, items: usize) -> Option<String> {
    let mut html = String::with_capacity(text.len() + 128);
    place_markers(text, (block, items), &mut html, escape_into).then_some(html)
}

/// Writes `text` with the markers for items `1..=items` of `block` as buttons, what is between
/// them by `write`; whether it had any.
fn place_markers(
    text: &str,
    (block, items): (usize, usize),
    out: &mut String,
    write: impl Fn(&mut String, &str),
) -> bool {
    let mut last = 0;
    for m in markers(text).into_iter().filter(|m| m.number <= items) {
        write(out, &text[last..m.start]);
        out.push_str(&button(block, m.number));
        last = m.end;
    }
    write(out, &text[last..]);
    last > 0
}

#[cfg(test)]
mod tests {
    use crate::{render, Extensions, Highlighter, MarkdownOptions};

    fn html(text: &str, extensions: &Extensions) -> String {
        let highlighter = Highlighter::new();
        let opts = MarkdownOptions {
            highlighter: &highlighter,
            extensions,
        };
        render(text, &opts).html
    }

    #[test]
    fn a_paragraph_marked_annotate_points_at_the_list_after_it() {
        let out = html(
            "Lorem (1) ipsum (2) <b>(3)</b>.\n{ .annotate }\n\n1. One.\n2. Two.\n",
            &Extensions::default(),
        );
        assert!(out.starts_with("<p class=\"annotate\">Lorem <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-1\" data-n=\"1\" aria-label=\"Annotation 1\"></button> ipsum <button"), "{out}");
        assert!(
            out.contains("<b>(3)</b>"),
            "a marker with no item stays text: {out}"
        );
        assert!(
            out.contains("<ol class=\"annotations\">")
                && out.contains("<li id=\"__annotation-0-2\" popover>Two.</li>"),
            "{out}"
        );
    }

    #[test]
    fn without_the_class_or_the_switch_the_text_stays() {
        let plain = html("Lorem (1).\n\n1. One.\n", &Extensions::default());
        assert!(plain.starts_with("<p>Lorem (1).</p>\n<ol>"), "{plain}");
        let off = Extensions {
            annotate: false,
            ..Extensions::default()
        };
        let out = html("Lorem (1).\n{ .annotate }\n\n1. One.\n", &off);
        assert!(
            out.starts_with("<p class=\"annotate\">Lorem (1).</p>\n<ol>"),
            "{out}"
        );
    }

    #[test]
    fn an_admonition_marked_annotate_points_at_the_list_after_it() {
        let out = html(
            "!!! note annotate \"A title (1)\"\n    Body (2) and (3).\n\n1. One.\n2. Two.\n",
            &Extensions::default(),
        );
        assert!(
            out.contains("<p class=\"admonition-title\">A title <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-1\""),
            "{out}"
        );
        assert!(out.contains("Body <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-2\""), "{out}");
        assert!(out.contains(" and (3).</p>"), "{out}");
        assert!(out.contains("</div>\n<ol class=\"annotations\">"), "{out}");
        let details = html(
            "??? tip annotate \"Open (1)\"\n    Body.\n\n1. One.\n",
            &Extensions::default(),
        );
        assert!(details.contains("<summary>Open <button"), "{details}");
        assert!(details.contains("<ol class=\"annotations\">"), "{details}");
    }

    #[test]
    fn a_tight_item_marked_annotate_takes_its_own_list() {
        let out = html(
            "- A tight item (1)\n  { .annotate }\n    1. Its note (1).\n- Another.\n",
            &Extensions::default(),
        );
        assert!(
            out.contains("<li class=\"annotate\">A tight item <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-1\""),
            "{out}"
        );
        assert!(
            out.contains("<ol class=\"annotations\">\n<li id=\"__annotation-0-1\" popover>Its note (1).</li>"),
            "{out}"
        );
        assert!(out.contains("<li>Another.</li>"), "{out}");
        let nested = html(
            "* Outer\n    * Nested (1)\n      { .annotate }\n        1. One\n",
            &Extensions::default(),
        );
        assert!(
            nested.contains("<li class=\"annotate\">Nested <button"),
            "{nested}"
        );
    }

    #[test]
    fn an_annotated_item_with_no_list_of_its_own_keeps_its_text() {
        let out = html(
            "- An item (1)\n  { .annotate }\n    - A bullet.\n",
            &Extensions::default(),
        );
        assert!(out.contains("<li class=\"annotate\">An item (1)"), "{out}");
        assert!(!out.contains("<button"), "{out}");
    }
}
