//! Code blocks: held to their end, when all their text is there to highlight, and written as
//! the highlighter's HTML. Their text is never the page's words.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::adaptor::{Adaptor, Page};
use super::fence::Fence;
use super::{annotate, mermaid, Highlight, Warning};

/// A code block, held until its end.
struct OpenCode {
    fence: Fence,
    text: String,
    /// An indented block, whose first line may name its language (`:::python`).
    indented: bool,
    offset: usize,
}

pub(super) struct Code<'h> {
    highlighter: &'h dyn Highlight,
    /// site.yaml's `annotate` and `mermaid` switches.
    pub(super) annotate: bool,
    mermaid: bool,
    open: Option<OpenCode>,
    /// Code blocks so far: line anchors are named by the block's number.
    blocks: usize,
    /// The code blocks with annotation markers, turned into markers before the page is written.
    pub(super) marked: Vec<annotate::Marked>,
}

impl<'h> Code<'h> {
    pub(super) fn new(highlighter: &'h dyn Highlight, ext: &crate::Extensions) -> Self {
        Code {
            highlighter,
            annotate: ext.annotate,
            mermaid: ext.mermaid,
            open: None,
            blocks: 0,
            marked: Vec::new(),
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
        let (mut fence, indented) = match kind {
            CodeBlockKind::Fenced(info) => (Fence::parse(&info), false),
            CodeBlockKind::Indented => (Fence::default(), true),
        };
        fence.index = self.blocks;
        self.blocks += 1;
        for problem in std::mem::take(&mut fence.problems) {
            page.out.warnings.push(Warning {
                offset,
                message: problem,
                hint: "see the code block options in quire's manual, docs/writing/callouts-tabs-math.md".into(),
            });
        }
        self.open = Some(OpenCode {
            fence,
            text: String::new(),
            indented,
            offset,
        });
    }

    /// Writes the held code block, highlighted.
    fn end(&mut self, page: &mut Page) {
        let mut code = self.open.take().expect("inside a code block");
        if code.indented {
            language_line(&mut code);
        }
        let text = marks_first(code.text);
        if self.mermaid && code.fence.lang == "mermaid" {
            page.push(Event::Html(
                mermaid::block(&text, !page.out.diagrams).into(),
            ));
            page.out.diagrams = true;
            return;
        }
        let section = page.out.heading_text_offsets.len();
        (page.out.code).push_block(section, code.fence.title.as_deref(), &text);
        let mut html = self.highlighter.render_fence(&text, &code.fence);
        if !self.annotate {
            html = annotate::unmarked(&html);
        } else if annotate::has_markers(&html) {
            let event = page.written();
            self.marked.push(annotate::Marked {
                event,
                offset: code.offset,
            });
        }
        page.push(Event::Html(html.into()));
    }
}

/// Python-Markdown's `:::python` first line of an indented block names its language.
fn language_line(code: &mut OpenCode) {
    if let Some(marked) = code.text.strip_prefix(":::") {
        let (first, rest) = marked.split_once('\n').unwrap_or((marked, ""));
        if !first.trim().is_empty() && !first.starts_with(':') {
            let index = code.fence.index;
            code.fence = Fence {
                index,
                ..Fence::parse(first)
            };
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
