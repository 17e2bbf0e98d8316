//! The one pass over pulldown-cmark's events that renders a page: each event goes down a row
//! of adaptors (see mod.rs), each of which keeps it, changes it, or hands it on; what reaches
//! the end of the row is written as it is. The `Page` the adaptors share holds what they
//! gather (the page's facts) and the events pulldown-cmark's HTML writer gets, holding back
//! those of a heading until its id is known.
//!
//! This is the hot loop of a build: an adaptor allocates only for what it keeps, never per
//! event, and the row is called directly, not through a list of trait objects.

use std::ops::Range;

use pulldown_cmark::Event;

use super::adaptor::{Adaptor, Page};
use super::annotate;
use super::code::Code;
use super::formulas::Formulas;
use super::headings::Headings;
use super::intrasite::Skipped;
use super::page_links::PageLinks;
use super::quotes::Quotes;
use super::text::Text;
use super::toc_marker::TocMarker;
use super::{MarkdownOptions, Rendered};

/// Renders Markdown that needs no more rewriting (see chain.rs); `skipped`, when given, learns
/// from the parse where code and comments are.
pub(super) fn render_events(
    markdown: &str,
    opts: &MarkdownOptions,
    skipped: Option<&mut Skipped>,
) -> Rendered {
    // Abbreviation definitions are blanked out of the text (same length, so offsets hold).
    let source = super::dialect::Source::new(markdown, opts.extensions);
    let mut pass = Pass::new(source.text(), opts);
    let events = source.events(opts, skipped);
    let events = super::deflist::Tight::new(events.into_iter(), source.text());
    let mut events = super::emoji::Shortcodes::new(events, source.text(), opts.extensions.emoji);
    for (event, range) in events.by_ref() {
        pass.event(event, range);
    }
    let warnings = &mut pass.page.out.warnings;
    warnings.append(&mut events.warnings);
    warnings.sort_by_key(|w| w.offset);
    pass.finish()
}

/// The page and its row of adaptors, in the order an event meets them.
struct Pass<'m, 'h> {
    page: Page<'m>,
    toc_marker: TocMarker,
    code: Code<'h>,
    text: Text,
    links: PageLinks,
    headings: Headings<'m, 'h>,
    quotes: Quotes,
    formulas: Formulas,
}

impl<'m, 'h> Pass<'m, 'h> {
    fn new(markdown: &'m str, opts: &MarkdownOptions<'h>) -> Self {
        Pass {
            page: Page::new(markdown),
            toc_marker: TocMarker::new(opts.extensions.toc.title.clone()),
            code: Code::new(opts.highlighter, opts.extensions),
            text: Text::default(),
            links: PageLinks,
            headings: Headings::new(&opts.extensions.toc),
            quotes: Quotes::default(),
            formulas: Formulas,
        }
    }

    /// One event, at `range` in the Markdown, down the row.
    #[inline]
    fn event(&mut self, event: Event<'m>, range: Range<usize>) {
        let page = &mut self.page;
        let Some(event) = self.toc_marker.event(event, &range, page) else {
            return;
        };
        let Some(event) = self.code.event(event, &range, page) else {
            return;
        };
        let Some(event) = self.text.event(event, &range, page) else {
            return;
        };
        let Some(event) = self.links.event(event, &range, page) else {
            return;
        };
        let Some(event) = self.headings.event(event, &range, page) else {
            return;
        };
        let Some(event) = self.quotes.event(event, &range, page) else {
            return;
        };
        let Some(event) = self.formulas.event(event, &range, page) else {
            return;
        };
        page.push(event);
    }

    /// Writes the HTML; then the adaptors finish (the contents first, then where they go).
    fn finish(mut self) -> Rendered {
        // Code annotations: each marked block takes the ordered list that follows it.
        let (events, facts) = self.page.events_and_facts();
        annotate::apply(events, &self.code.marked, &mut facts.warnings);
        if self.code.annotate {
            super::prose_annotate::apply(events, self.code.marked.len());
        }
        let mut out = self.page.write();
        self.headings.finish(&mut out);
        self.toc_marker.finish(&mut out);
        out
    }
}
