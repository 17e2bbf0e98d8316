//! Formulas (`$…$`, `$$…$$`), written as MathML by math.rs; one that does not parse is shown
//! as code, with a warning.

use std::ops::Range;

use pulldown_cmark::Event;

use super::adaptor::{Adaptor, Page};
use super::{math, Warning};

#[derive(Default)]
pub(super) struct Formulas;

impl<'m> Adaptor<'m> for Formulas {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        match event {
            // Pandoc's rule, which pulldown-cmark lacks: a closing `$` right before a digit is
            // not one, so prices (`$5-$10`, `US$5/US$6`) stay text.
            Event::InlineMath(_)
                if page.markdown[range.end..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                let text = page.markdown[range.clone()].to_string();
                page.push(Event::Text(text.into()));
            }
            Event::InlineMath(tex) => formula(&tex, false, range.start, page),
            Event::DisplayMath(tex) => formula(&tex, true, range.start, page),
            e => return Some(e),
        }
        None
    }
}

/// A formula, as MathML (or, when it does not parse, as code and a warning).
fn formula(tex: &str, display: bool, offset: usize, page: &mut Page) {
    page.first_block = false;
    let (html, problem) = math::render(tex, display);
    if let Some(problem) = problem {
        page.out.warnings.push(Warning {
            offset,
            message: problem.message,
            hint: problem.hint.into(),
        });
    }
    page.push(Event::InlineHtml(html.into()));
}
