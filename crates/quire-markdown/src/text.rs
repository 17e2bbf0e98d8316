//! The page's words as plain text, for search (at most `TEXT_LIMIT` bytes), and its first
//! paragraph, for feed summaries. Code blocks never reach here.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::adaptor::{Adaptor, Page};
use super::TEXT_LIMIT;

#[derive(Default)]
pub(super) struct Text {
    /// In the first paragraph, which is the summary; and past it.
    in_summary: bool,
    summary_done: bool,
}

impl<'m> Adaptor<'m> for Text {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        let out = &mut page.out;
        match &event {
            // Callout titles and tab labels are raw HTML: search keeps them with the code.
            Event::Start(Tag::HtmlBlock) => {
                let section = out.heading_text_offsets.len();
                (out.code).push_titles(section, &page.markdown[range.clone()]);
            }
            Event::Text(t) | Event::Code(t) => {
                if out.text.len() < TEXT_LIMIT {
                    out.text.push_str(t);
                }
                if self.in_summary {
                    out.summary.push_str(t);
                }
            }
            Event::End(TagEnd::Paragraph) if self.in_summary => {
                self.in_summary = false;
                self.summary_done = true;
                out.summary = out.summary.trim().to_string();
                space(&mut out.text);
            }
            Event::SoftBreak | Event::HardBreak => {
                space(&mut out.text);
                if self.in_summary {
                    out.summary.push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => space(&mut out.text),
            Event::Start(Tag::Paragraph) if !self.summary_done => self.in_summary = true,
            _ => {}
        }
        Some(event)
    }
}

/// Separates the words of two blocks, once.
fn space(text: &mut String) {
    if text.len() < TEXT_LIMIT && !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}
