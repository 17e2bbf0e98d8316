//! Python-Markdown's `[TOC]`: a paragraph of just that is where the contents go. Its events
//! are left out, and a placeholder stands for the contents until the headings are all known.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::adaptor::{Adaptor, Page};
use super::{toc, Rendered};

#[derive(Default)]
pub(super) struct TocMarker {
    /// The title above the contents (toc's `title`).
    title: Option<String>,
    /// In a `[TOC]` paragraph, whose events are dropped.
    inside: bool,
    /// A `[TOC]` paragraph was met: the contents replace its placeholder at the end.
    placed: bool,
}

impl TocMarker {
    pub(super) fn new(title: Option<String>) -> Self {
        TocMarker {
            title,
            ..TocMarker::default()
        }
    }
}

impl<'m> Adaptor<'m> for TocMarker {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        if self.inside {
            self.inside = !matches!(event, Event::End(TagEnd::Paragraph));
            return None;
        }
        if matches!(event, Event::Start(Tag::Paragraph))
            && !page.holding()
            && page.markdown[range.clone()].trim() == toc::MARKER
        {
            self.inside = true;
            self.placed = true;
            page.first_block = false;
            page.push(Event::Html(toc::PLACEHOLDER.into()));
            return None;
        }
        Some(event)
    }

    /// Places the contents (made by then) where the marker was.
    fn finish(&mut self, out: &mut Rendered) {
        if self.placed {
            out.html = out.html.replace(
                toc::PLACEHOLDER,
                &toc::html(&out.toc, self.title.as_deref()),
            );
        }
    }
}
