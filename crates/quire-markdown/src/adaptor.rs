//! What the pass over a page's events (events.rs) is made of: adaptors, each a struct with
//! its own state, in a row; and the `Page` they share.

use std::ops::Range;

use pulldown_cmark::Event;

use super::Rendered;

/// One step of the pass over a page's events, with its own state.
pub(super) trait Adaptor<'m> {
    /// Takes one event, at `range` in the Markdown: hands it (or what it became) to the next
    /// adaptor, or keeps it (`None`), writing what it stands for with `page.push`.
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>>;

    /// Once the page's HTML is written into `out`.
    fn finish(&mut self, _out: &mut Rendered) {}
}

/// What the adaptors share: the page's text, its facts, and the events to write.
pub(super) struct Page<'m> {
    pub markdown: &'m str,
    pub out: Rendered,
    /// Nothing but blank raw HTML so far: a `# Title` here is the page's own title.
    pub first_block: bool,
    /// What pulldown-cmark's HTML writer gets: the page's events, some rewritten.
    events: Vec<Event<'m>>,
    /// The events of the open heading, held until it is written (kept between headings, so
    /// that their room is reused); `holding` while one is open.
    held: Vec<Event<'m>>,
    holding: bool,
}

impl<'m> Page<'m> {
    pub(super) fn new(markdown: &'m str) -> Self {
        Page {
            markdown,
            out: Rendered::default(),
            first_block: true,
            events: Vec::new(),
            held: Vec::new(),
            holding: false,
        }
    }

    /// The page's facts, with its HTML written.
    pub(super) fn write(self) -> Rendered {
        let mut out = self.out;
        let mut html = String::with_capacity(self.markdown.len() * 3 / 2);
        let events = super::attrs::apply(self.events);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.html = html;
        out
    }

    /// Writes an event: held while a heading is open.
    #[inline]
    pub(super) fn push(&mut self, event: Event<'m>) {
        if self.holding {
            self.held.push(event);
            return;
        }
        // Blank raw HTML lines do not count as content before a title.
        if matches!(&event, Event::Start(_))
            || matches!(&event, Event::Html(h) if !h.trim().is_empty())
        {
            self.first_block = false;
        }
        self.events.push(event);
    }

    /// How many events are written so far: the index the next one gets.
    pub(super) fn written(&self) -> usize {
        self.events.len()
    }

    /// The events written and the page's facts, for a last pass over both before writing.
    pub(super) fn events_and_facts(&mut self) -> (&mut [Event<'m>], &mut Rendered) {
        (&mut self.events, &mut self.out)
    }

    /// Whether a heading is open, its events held.
    pub(super) fn holding(&self) -> bool {
        self.holding
    }

    /// Holds the events that follow, until `release`.
    pub(super) fn hold(&mut self) {
        self.held.clear();
        self.holding = true;
    }

    /// Writes the held events between `start` and `end`.
    pub(super) fn release(&mut self, start: Event<'m>, end: Event<'m>) {
        self.holding = false;
        self.events.push(start);
        self.events.append(&mut self.held);
        self.events.push(end);
    }
}
