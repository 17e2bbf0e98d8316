//! Code blocks: held to their end, when all their text is there to highlight, and written as
//! the highlighter's HTML. Their text is never the page's words.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::adaptor::{Adaptor, Page};
use super::{highlight, Highlight, Warning};

/// A code block, held until its end.
struct OpenCode {
    info: String,
    text: String,
    /// An indented block, whose first line may name its language (`:::python`).
    indented: bool,
}

pub(super) struct Code<'h> {
    highlighter: &'h dyn Highlight,
    open: Option<OpenCode>,
}

impl<'h> Code<'h> {
    pub(super) fn new(highlighter: &'h dyn Highlight) -> Self {
        Code {
            highlighter,
            open: None,
        }
    }
}

impl<'m> Adaptor<'m> for Code<'_> {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        if let Some(code) = &mut self.open {
            match event {
                Event::Text(t) => code.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end(page),
                _ => {}
            }
            return None;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.start(kind, range.start, page);
                None
            }
            e => Some(e),
        }
    }
}

impl Code<'_> {
    fn start(&mut self, kind: CodeBlockKind, offset: usize, page: &mut Page) {
        page.first_block = false;
        let (info, indented) = match kind {
            CodeBlockKind::Fenced(info) => (info.to_string(), false),
            CodeBlockKind::Indented => (String::new(), true),
        };
        for problem in highlight::fence_problems(&info) {
            page.out.warnings.push(Warning {
                offset,
                message: problem,
                hint: "see the code block options in quire's manual, docs/writing/callouts-tabs-math.md".into(),
            });
        }
        self.open = Some(OpenCode {
            info,
            text: String::new(),
            indented,
        });
    }

    /// Writes the held code block, highlighted.
    fn end(&mut self, page: &mut Page) {
        let mut code = self.open.take().expect("inside a code block");
        if code.indented {
            language_line(&mut code);
        }
        let text = marks_first(code.text);
        let html = self.highlighter.render_block(&text, &code.info);
        page.push(Event::Html(html.into()));
    }
}

/// Python-Markdown's `:::python` first line of an indented block names its language.
fn language_line(code: &mut OpenCode) {
    if let Some(marked) = code.text.strip_prefix(":::") {
        let (first, rest) = marked.split_once('\n').unwrap_or((marked, ""));
        if !first.trim().is_empty() && !first.starts_with(':') {
            code.info = first.trim().to_string();
            code.text = rest.to_string();
        }
    }
}

/// Code lines that mark their emphasis after their indentation (`    ~~x = 1`, as pages written
/// for Pelican do) get the marker first, where the highlighter looks for it, indentation kept.
fn marks_first(code: String) -> String {
    if !code.contains("~~") {
        return code;
    }
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        match line[indent..].strip_prefix("~~") {
            Some(rest) if indent > 0 => {
                out.push_str("~~");
                out.push_str(&line[..indent]);
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_marks_after_indentation_are_moved_first() {
        assert_eq!(
            marks_first("def f():\n    ~~return 1\n~~x\n".into()),
            "def f():\n~~    return 1\n~~x\n"
        );
    }
}
