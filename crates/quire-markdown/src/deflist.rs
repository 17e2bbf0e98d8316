//! Definition lists as Python-Markdown writes them: pulldown-cmark wraps every definition's
//! text in `<p>`, Python-Markdown only a "loose" one. A definition right under its term (no
//! blank line between) that holds one paragraph and nothing else is its bare text:
//! `<dd>A fruit.</dd>`; with a blank line before its `:`, or more blocks in it, it keeps its
//! paragraphs.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

type Item<'m> = (Event<'m>, Range<usize>);

/// pulldown-cmark's events (with their ranges) with tight definitions unwrapped.
pub(super) struct Tight<'m, I> {
    inner: I,
    markdown: &'m str,
    held: VecDeque<Item<'m>>,
}

impl<'m, I: Iterator<Item = Item<'m>>> Tight<'m, I> {
    pub(super) fn new(inner: I, markdown: &'m str) -> Self {
        Tight {
            inner,
            markdown,
            held: VecDeque::new(),
        }
    }

    /// The events of the definition just started, up to its end (nested definitions are
    /// taken as they are).
    fn hold_definition(&mut self, start: Item<'m>) {
        let mut events = vec![start];
        let mut depth = 0usize;
        for item in self.inner.by_ref() {
            let end = match &item.0 {
                Event::Start(_) => {
                    depth += 1;
                    false
                }
                Event::End(_) if depth == 0 => true,
                Event::End(_) => {
                    depth -= 1;
                    false
                }
                _ => false,
            };
            events.push(item);
            if end {
                break;
            }
        }
        if only_one_paragraph(&events) {
            events.remove(events.len() - 2);
            events.remove(1);
        }
        self.held.extend(events);
    }
}

impl<'m, I: Iterator<Item = Item<'m>>> Iterator for Tight<'m, I> {
    type Item = Item<'m>;

    fn next(&mut self) -> Option<Item<'m>> {
        if let Some(item) = self.held.pop_front() {
            return Some(item);
        }
        let item = self.inner.next()?;
        if matches!(item.0, Event::Start(Tag::DefinitionListDefinition))
            && !blank_line_before(self.markdown, item.1.start)
        {
            self.hold_definition(item);
            return self.held.pop_front();
        }
        Some(item)
    }
}

/// Whether a definition's events (its start and end included) are one paragraph.
fn only_one_paragraph(events: &[Item]) -> bool {
    let n = events.len();
    if n < 4
        || !matches!(events[1].0, Event::Start(Tag::Paragraph))
        || !matches!(events[n - 2].0, Event::End(TagEnd::Paragraph))
        || !matches!(
            events[n - 1].0,
            Event::End(TagEnd::DefinitionListDefinition)
        )
    {
        return false;
    }
    let mut depth = 0usize;
    let mut blocks = 0;
    for (event, _) in &events[1..n - 1] {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    blocks += 1;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    blocks == 1
}

/// Whether the line before the one holding `at` is blank (or there is none).
fn blank_line_before(markdown: &str, at: usize) -> bool {
    let line_start = markdown[..at].rfind('\n').map_or(0, |k| k + 1);
    if line_start == 0 {
        return true;
    }
    let before = &markdown[..line_start - 1];
    let previous = &before[before.rfind('\n').map_or(0, |k| k + 1)..];
    previous.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn render(md: &str) -> String {
        let parser = Parser::new_ext(md, Options::ENABLE_DEFINITION_LIST).into_offset_iter();
        let mut out = String::new();
        html::push_html(&mut out, Tight::new(parser, md).map(|(e, _)| e));
        out
    }

    #[test]
    fn a_definition_under_its_term_is_bare_text_unless_it_holds_more() {
        let html = render("Apple\n:   A fruit.\n:   Red.\n\nLoose\n\n:   After a blank line.\n\nMore\n:   First.\n\n    Second.\n");
        assert!(html.contains("<dd>A fruit.</dd>"), "{html}");
        assert!(html.contains("<dd>Red.</dd>"), "{html}");
        assert!(html.contains("<p>After a blank line.</p>"), "{html}");
        assert!(html.contains("<p>First.</p>"), "{html}");
    }
}
