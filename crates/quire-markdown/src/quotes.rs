//! Blockquotes, and GitHub's alerts (`> [!NOTE]`), which are written as the same callout
//! markup as `!!! note`.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::adaptor::{Adaptor, Page};

#[derive(Default)]
pub(super) struct Quotes {
    /// For each open blockquote, whether it is an alert.
    open: Vec<bool>,
}

impl<'m> Adaptor<'m> for Quotes {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        _: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                page.first_block = false;
                self.open.push(kind.is_some());
                page.push(match kind {
                    Some(kind) => Event::Html(alert_start(kind).into()),
                    None => Event::Start(Tag::BlockQuote(None)),
                });
                None
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                let alert = self.open.pop().unwrap_or(false);
                page.push(if alert {
                    Event::Html("</div>\n".into())
                } else {
                    Event::End(TagEnd::BlockQuote(kind))
                });
                None
            }
            e => Some(e),
        }
    }
}

/// The opening of a GitHub alert, as the same callout markup as `!!! note`.
fn alert_start(kind: BlockQuoteKind) -> String {
    use BlockQuoteKind as K;
    let (class, title) = match kind {
        K::Note => ("note", "Note"),
        K::Tip => ("tip", "Tip"),
        K::Important => ("tip important", "Important"),
        K::Warning => ("warning", "Warning"),
        K::Caution => ("danger caution", "Caution"),
    };
    format!("<div class=\"admonition {class}\">\n<p class=\"admonition-title\">{title}</p>\n")
}
