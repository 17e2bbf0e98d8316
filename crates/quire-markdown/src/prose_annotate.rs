//! Annotations in prose, as Material's `{ .annotate }` has them: a paragraph or list item with
//! the class `annotate` whose text holds markers `(1)`, and the ordered list right after it as
//! their bodies. The markers are the same buttons as in code (see annotate.rs), each opening
//! its list item, a popover; a marker with no item stays the text it was written as.

use pulldown_cmark::{CowStr, Event, Tag};

use crate::annotate::{button, markers, popovers};
use crate::attrs;
use crate::highlight::escape_into;

/// Makes each `{ .annotate }` block followed by an ordered list an annotated one; `first` is
/// the number its first block's ids start at (the code blocks' come before).
pub(crate) fn apply(events: &mut [Event], first: usize) {
    let mut block = first;
    for i in 1..events.len() {
        let annotated =
            matches!(&events[i], Event::InlineHtml(h) if attrs::has_class(h, "annotate"));
        if !annotated || !matches!(events.get(i + 1), Some(Event::Start(Tag::List(Some(_))))) {
            continue;
        }
        let Some(start) = attrs::start_of(events, i - 1) else {
            continue;
        };
        if !matches!(events[start], Event::Start(Tag::Paragraph | Tag::Item)) {
            continue;
        }
        let items = popovers(events, i + 1, block);
        for event in &mut events[start + 1..i - 1] {
            if let Event::Text(text) = event {
                if let Some(html) = with_markers(text, block, items) {
                    *event = Event::InlineHtml(html.into());
                }
            }
        }
        block += 1;
    }
}

/// The text as HTML with its markers for items `1..=items` as buttons; `None` when it has none.
fn with_markers(text: &CowStr, block: usize, items: usize) -> Option<String> {
    let found: Vec<_> = (markers(text).into_iter())
        .filter(|m| m.number <= items)
        .collect();
    if found.is_empty() {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 128 * found.len());
    let mut last = 0;
    for m in found {
        escape_into(&mut html, &text[last..m.start]);
        html.push_str(&button(block, m.number));
        last = m.end;
    }
    escape_into(&mut html, &text[last..]);
    Some(html)
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
}
