//! md_in_html's `markdown="span"`: the element's content is inline Markdown, without the
//! paragraph a block of text would be. The blocks stage (blocks/md_in_html.rs) writes that
//! content as a paragraph of its own that starts with `MARKER`, so that it is read as any
//! other text is (every inline extension switched on, links, the words search indexes);
//! `unwrap` then takes the paragraph's tags and the marker out of the events.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// What starts a span's content: an inline tag no page writes (it is followed by text on its
/// line, so CommonMark reads it as inline HTML in a paragraph, not as an HTML block).
pub(crate) const MARKER: &str = "<q-md-span/>";

/// The events with each span's paragraph tags and marker left out.
pub(crate) fn unwrap(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    let mut drop = vec![false; events.len()];
    let mut i = 1;
    while i < events.len() {
        let marker = matches!(&events[i].0, Event::InlineHtml(h) if h.as_ref() == MARKER);
        if marker && matches!(events[i - 1].0, Event::Start(Tag::Paragraph)) {
            let end =
                (i..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Paragraph)));
            if let Some(end) = end {
                drop[i - 1] = true;
                drop[i] = true;
                drop[end] = true;
            }
        }
        i += 1;
    }
    let mut k = 0;
    events.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

#[cfg(test)]
mod tests {
    use crate::{render, Extensions, Highlighter, MarkdownOptions};

    fn rendered(text: &str) -> crate::Rendered {
        let highlighter = Highlighter::new();
        let extensions = Extensions::all();
        let opts = MarkdownOptions {
            highlighter: &highlighter,
            extensions: &extensions,
        };
        render(text, &opts)
    }

    fn html(text: &str) -> String {
        rendered(text).html
    }

    #[test]
    fn search_reads_span_content_as_it_reads_a_paragraph() {
        let r = rendered("Intro.\n\n<div markdown=\"span\">\nThe *spanned* words\n</div>\n");
        assert!(r.text.contains("The spanned words"), "{:?}", r.text);
    }

    #[test]
    fn span_content_gets_the_inline_extensions_without_a_paragraph() {
        let out =
            html("<p markdown=\"span\">++ctrl+c++ and ==marked== :smile:\n# not a heading</p>\n");
        assert!(
            out.contains("<p>\n<span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd>"),
            "{out}"
        );
        assert!(out.contains("<mark>marked</mark>"), "{out}");
        assert!(out.contains("twemoji"), "{out}");
        assert!(out.contains("# not a heading</p>"), "{out}");
        assert!(!out.contains("<p><"), "{out}");
    }
}
