//! Headings: each is held until its text, and so its id, is known (`{#id}` as written, else one
//! made of its text, unique on the page); their ids, texts and offsets are the page's facts,
//! and the contents are made of them at the end.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::adaptor::{Adaptor, Page};
use super::{slugify_as, toc, Rendered, Toc};

/// A heading's start tag, held until its text (and so its id) is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    /// Where the heading starts in the Markdown.
    start: usize,
}

pub(super) struct Headings<'m, 'o> {
    /// The site's `toc` options: permalinks, id case, the contents' depth.
    options: &'o Toc,
    open: Option<OpenHeading<'m>>,
    /// The open heading's text (kept between headings, so that its room is reused).
    text: String,
    used_ids: UsedIds,
    /// Each heading's level, id and text, in order: the contents are made of them at the end.
    flat_toc: Vec<(u8, String, String)>,
}

impl<'m> Adaptor<'m> for Headings<'m, '_> {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.start(
                    OpenHeading {
                        level,
                        id,
                        classes,
                        attrs,
                        start: range.start,
                    },
                    page,
                );
                None
            }
            Event::End(TagEnd::Heading(_)) if self.open.is_some() => {
                self.end(page);
                None
            }
            e => {
                if let (Some(_), Event::Text(t) | Event::Code(t)) = (&self.open, &e) {
                    self.text.push_str(t);
                }
                Some(e)
            }
        }
    }

    /// The contents, without the page's own title.
    fn finish(&mut self, out: &mut Rendered) {
        let skip_title = usize::from(out.starts_with_h1);
        let headings = &self.flat_toc[skip_title.min(self.flat_toc.len())..];
        let depth = self.options.depth;
        out.toc = if headings.iter().all(|(level, ..)| depth.holds(*level)) {
            toc::build(headings)
        } else {
            let held: Vec<_> = (headings.iter())
                .filter(|(level, ..)| depth.holds(*level))
                .cloned()
                .collect();
            toc::build(&held)
        };
    }
}

impl<'m, 'o> Headings<'m, 'o> {
    pub(super) fn new(options: &'o Toc) -> Self {
        Headings {
            options,
            open: None,
            text: String::new(),
            used_ids: UsedIds::default(),
            flat_toc: Vec::new(),
        }
    }

    fn start(&mut self, heading: OpenHeading<'m>, page: &mut Page<'m>) {
        if page.first_block && heading.level == HeadingLevel::H1 {
            page.out.starts_with_h1 = true;
        }
        page.first_block = false;
        page.out.heading_text_offsets.push(page.out.text.len());
        self.text.clear();
        self.open = Some(heading);
        page.hold();
    }

    /// Writes the held heading with its id: the one written (`{#id}`), else one made of its text.
    fn end(&mut self, page: &mut Page<'m>) {
        let OpenHeading {
            level,
            id,
            classes,
            mut attrs,
            start,
        } = self.open.take().expect("a heading is open");
        // `data-toc-label` names the heading in the contents; `data-search-exclude` is noted.
        let label = super::attrs::heading_facts(&mut attrs, &mut page.out);
        let id = match id {
            Some(id) => self
                .used_ids
                .unique(id.to_string(), self.options.python_ids),
            None => (self.used_ids).unique(self.slug(), self.options.python_ids),
        };
        let title = self.text.trim();
        self.flat_toc
            .push((level as u8, id.clone(), label.unwrap_or(title.into())));
        page.out.heading_ids.push(&id);
        page.out.headings.push(title);
        page.out.heading_offsets.push(start);
        // The permalink a reader copies, shown on hover and focus (as Material's toc writes it).
        if let Some(symbol) = &self.options.permalink {
            let link = toc::permalink(&id, symbol, &self.options.permalink_title);
            page.push(Event::InlineHtml(link.into()));
        }
        let start = Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        });
        page.release(start, Event::End(TagEnd::Heading(level)));
    }
}

impl Headings<'_, '_> {
    /// The id the heading's text gives, by the site's slugify.
    fn slug(&self) -> String {
        match self.options.slugify {
            crate::Slugify::Quire => slugify_as(&self.text, self.options.slug_case),
            crate::Slugify::PythonMarkdown { unicode } => {
                crate::slugify_python_markdown(&self.text, unicode)
            }
        }
    }
}

/// The heading ids a page has given out, and for each base id the next suffix to try, so that
/// n identical headings cost n steps, not n².
#[derive(Default)]
struct UsedIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UsedIds {
    /// `id`, or `id-1`, `id-2`… when the page already has it; with `python`, as Python-Markdown's
    /// `toc` does: `id_1`, and an id already ending `_n` counts on from n (`step_1` → `step_2`).
    fn unique(&mut self, id: String, python: bool) -> String {
        if python {
            return self.unique_as_python(id);
        }
        if self.used.insert(id.clone()) {
            return id;
        }
        let next = self.next_suffix.entry(id.clone()).or_insert(1);
        loop {
            let candidate = format!("{id}-{next}");
            *next += 1;
            // A suffix may be taken by a heading that is literally `id-n`; then try the next.
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    fn unique_as_python(&mut self, mut id: String) -> String {
        while id.is_empty() || self.used.contains(&id) {
            let counted = (id.rsplit_once('_')).and_then(|(base, n)| {
                let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
                digits.then(|| n.parse::<u64>().ok().map(|n| (base.to_string(), n)))?
            });
            id = match counted {
                Some((base, n)) => format!("{base}_{}", n + 1),
                None => format!("{id}_1"),
            };
        }
        self.used.insert(id.clone());
        id
    }
}
