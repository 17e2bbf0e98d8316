//! The one pass over pulldown-cmark's events that renders a page: one handler per family of
//! events (headings, code blocks, blockquotes, math, the rest), all on one `Pass` that holds
//! back what cannot be written yet (a heading until its id is known, a code block until it is
//! highlighted) and gathers the page's facts (ids, links, text) on the way.
//!
//! This is the hot loop of a build: a handler allocates only for what it keeps, never per event.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd,
};

use super::{highlight, html_attrs, math, parser_options, slugify, toc};
use super::{Highlight, MarkdownOptions, Rendered};
use super::{Warning, TEXT_LIMIT};

/// Renders Markdown that needs no more rewriting (its callouts and includes are in place).
pub(super) fn render_events(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    let mut pass = Pass::new(markdown, opts.highlighter);
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        pass.event(event, range);
    }
    pass.finish()
}

/// A heading's start tag, held until its text (and so its id) is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    /// Where the heading starts in the Markdown.
    start: usize,
}

/// A code block, held until its end, when all its text is there to highlight.
struct OpenCode {
    info: String,
    text: String,
    /// An indented block, whose first line may name its language (`:::python`).
    indented: bool,
}

/// The state of the pass over one page's events.
struct Pass<'m, 'h> {
    markdown: &'m str,
    highlighter: &'h dyn Highlight,
    out: Rendered,
    /// What pulldown-cmark's HTML writer gets: the page's events, some rewritten.
    events: Vec<Event<'m>>,
    used_ids: UsedIds,
    /// Each heading's level, id and text, in order: the contents are made of them at the end.
    flat_toc: Vec<(u8, String, String)>,
    /// Nothing but blank raw HTML so far: a `# Title` here is the page's own title.
    first_block: bool,
    /// The open heading; its events and text are held in `heading_events` and `heading_text`
    /// (kept between headings, so that their room is reused).
    heading: Option<OpenHeading<'m>>,
    heading_events: Vec<Event<'m>>,
    heading_text: String,
    code: Option<OpenCode>,
    /// For each open blockquote, whether it is a GitHub alert (`> [!NOTE]`), written as a callout.
    quotes: Vec<bool>,
    /// In the first paragraph, which is the summary; and past it.
    in_summary: bool,
    summary_done: bool,
    /// In a `[TOC]` paragraph, whose events are dropped.
    in_toc_marker: bool,
    /// A `[TOC]` paragraph was met: the contents replace its placeholder at the end.
    toc_placed: bool,
}

impl<'m, 'h> Pass<'m, 'h> {
    fn new(markdown: &'m str, highlighter: &'h dyn Highlight) -> Self {
        Pass {
            markdown,
            highlighter,
            out: Rendered::default(),
            events: Vec::new(),
            used_ids: UsedIds::default(),
            flat_toc: Vec::new(),
            first_block: true,
            heading: None,
            heading_events: Vec::new(),
            heading_text: String::new(),
            code: None,
            quotes: Vec::new(),
            in_summary: false,
            summary_done: false,
            in_toc_marker: false,
            toc_placed: false,
        }
    }

    /// One event, at `range` in the Markdown.
    #[inline]
    fn event(&mut self, event: Event<'m>, range: Range<usize>) {
        if self.toc_marker(&event, &range) {
            return;
        }
        // An HTML block's start covers the whole block, so a tag split over lines is scanned whole.
        if matches!(event, Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)) {
            collect_html(&self.markdown[range.clone()], range.start, &mut self.out);
        }
        // hook: search (callout titles and tab labels are raw HTML, which the text pass skips)
        if let Event::Start(Tag::HtmlBlock) = event {
            let section = self.out.heading_text_offsets.len();
            (self.out.code).push_titles(section, &self.markdown[range.clone()]);
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        self.collect_text(&event);
        self.record_link(&event, range.start);
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.start_heading(OpenHeading {
                level,
                id,
                classes,
                attrs,
                start: range.start,
            }),
            Event::End(TagEnd::Heading(_)) if self.heading.is_some() => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind, range.start),
            Event::Start(Tag::BlockQuote(kind)) => self.start_quote(kind),
            Event::End(TagEnd::BlockQuote(kind)) => self.end_quote(kind),
            // Pandoc's rule, which pulldown-cmark lacks: a closing `$` right before a digit is
            // not one, so prices (`$5-$10`, `US$5/US$6`) stay text.
            Event::InlineMath(_)
                if self.markdown[range.end..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                let text = Event::Text(self.markdown[range].to_string().into());
                self.push_inline(text);
            }
            Event::InlineMath(tex) => self.math(&tex, false, range.start),
            Event::DisplayMath(tex) => self.math(&tex, true, range.start),
            e if self.heading.is_some() => self.heading_event(e),
            e => self.block_event(e),
        }
    }

    /// Python-Markdown's `[TOC]`: a paragraph of just that is where the contents go. Whether
    /// the event belongs to such a paragraph, which is then left out.
    #[inline]
    fn toc_marker(&mut self, event: &Event, range: &Range<usize>) -> bool {
        if self.in_toc_marker {
            self.in_toc_marker = !matches!(event, Event::End(TagEnd::Paragraph));
            return true;
        }
        if matches!(event, Event::Start(Tag::Paragraph))
            && self.heading.is_none()
            && self.markdown[range.clone()].trim() == toc::MARKER
        {
            self.in_toc_marker = true;
            self.toc_placed = true;
            self.first_block = false;
            self.events.push(Event::Html(toc::PLACEHOLDER.into()));
            return true;
        }
        false
    }

    /// Gathers the plain text search and feeds need; code blocks never reach here.
    #[inline]
    fn collect_text(&mut self, event: &Event) {
        let out = &mut self.out;
        match event {
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
    }

    /// Notes a link or image as written (for the checks). Site links stay site-relative:
    /// the base path or `../` is placed by the last pass over the page (links.rs).
    #[inline]
    fn record_link(&mut self, event: &Event, offset: usize) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.out.links.push(dest_url, offset, false)
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.out.links.push(dest_url, offset, true)
            }
            _ => {}
        }
    }

    fn start_heading(&mut self, heading: OpenHeading<'m>) {
        if self.first_block && heading.level == HeadingLevel::H1 {
            self.out.starts_with_h1 = true;
        }
        self.first_block = false;
        self.out.heading_text_offsets.push(self.out.text.len());
        self.heading_events.clear();
        self.heading_text.clear();
        self.heading = Some(heading);
    }

    /// Writes the held heading with its id: the one written (`{#id}`), else one made of its text.
    fn end_heading(&mut self) {
        let OpenHeading {
            level,
            id,
            classes,
            attrs,
            start,
        } = self.heading.take().expect("a heading is open");
        let id = match id {
            Some(id) => unique_id(id.to_string(), &mut self.used_ids),
            None => unique_id(slugify(&self.heading_text), &mut self.used_ids),
        };
        let title = self.heading_text.trim();
        self.flat_toc
            .push((level as u8, id.clone(), title.to_string()));
        self.out.heading_ids.push(&id);
        self.out.headings.push(title);
        self.out.heading_offsets.push(start);
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        self.events.append(&mut self.heading_events);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Any other event inside a heading: held, its text part of the heading's.
    #[inline]
    fn heading_event(&mut self, event: Event<'m>) {
        if let Event::Text(t) | Event::Code(t) = &event {
            self.heading_text.push_str(t);
        }
        self.heading_events.push(event);
    }

    /// Any other event outside a heading: written as it is.
    #[inline]
    fn block_event(&mut self, event: Event<'m>) {
        // Blank raw HTML lines do not count as content before a title.
        if matches!(&event, Event::Start(_))
            || matches!(&event, Event::Html(h) if !h.trim().is_empty())
        {
            self.first_block = false;
        }
        self.events.push(event);
    }

    /// An inline event that is written in place, inside a heading or not.
    #[inline]
    fn push_inline(&mut self, event: Event<'m>) {
        if self.heading.is_some() {
            self.heading_events.push(event);
        } else {
            self.events.push(event);
        }
    }

    fn start_code(&mut self, kind: CodeBlockKind, offset: usize) {
        self.first_block = false;
        let (info, indented) = match kind {
            CodeBlockKind::Fenced(info) => (info.to_string(), false),
            CodeBlockKind::Indented => (String::new(), true),
        };
        for problem in highlight::fence_problems(&info) {
            self.out.warnings.push(Warning {
                offset,
                message: problem,
                hint: "see the code block options in quire's manual, docs/writing/callouts-tabs-math.md".into(),
            });
        }
        self.code = Some(OpenCode {
            info,
            text: String::new(),
            indented,
        });
    }

    /// Writes the held code block, highlighted.
    fn end_code(&mut self) {
        let mut code = self.code.take().expect("inside a code block");
        if code.indented {
            language_line(&mut code);
        }
        let text = marks_first(code.text);
        // hook: search
        (self.out.code).push_block(self.out.heading_text_offsets.len(), &code.info, &text);
        let html = self.highlighter.render_block(&text, &code.info);
        self.events.push(Event::Html(html.into()));
    }

    fn start_quote(&mut self, kind: Option<BlockQuoteKind>) {
        self.first_block = false;
        self.quotes.push(kind.is_some());
        self.events.push(match kind {
            Some(kind) => Event::Html(alert_start(kind).into()),
            None => Event::Start(Tag::BlockQuote(None)),
        });
    }

    fn end_quote(&mut self, kind: Option<BlockQuoteKind>) {
        let alert = self.quotes.pop().unwrap_or(false);
        self.events.push(if alert {
            Event::Html("</div>\n".into())
        } else {
            Event::End(TagEnd::BlockQuote(kind))
        });
    }

    /// A formula, as MathML (or, when it does not parse, as code and a warning).
    fn math(&mut self, tex: &str, display: bool, offset: usize) {
        self.first_block = false;
        let (html, problem) = math::render(tex, display);
        if let Some(problem) = problem {
            self.out.warnings.push(Warning {
                offset,
                message: problem.message,
                hint: problem.hint.into(),
            });
        }
        self.push_inline(Event::InlineHtml(html.into()));
    }

    /// Writes the HTML and places the contents.
    fn finish(self) -> Rendered {
        let mut out = self.out;
        let mut html = String::with_capacity(self.markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        out.html = html;
        let skip_title = usize::from(out.starts_with_h1);
        out.toc = toc::build(&self.flat_toc[skip_title.min(self.flat_toc.len())..]);
        if self.toc_placed {
            out.html = out.html.replace(toc::PLACEHOLDER, &toc::html(&out.toc));
        }
        out
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

/// Links and ids from raw HTML; `offset` is where `html` starts in the Markdown.
fn collect_html(html: &str, offset: usize, out: &mut Rendered) {
    for attr in html_attrs::scan(html) {
        match attr.name.as_str() {
            "href" | "src" => out
                .links
                .push(attr.value, offset + attr.offset, attr.name == "src"),
            "id" => {
                out.html_ids.push(attr.value);
            }
            "name" if attr.tag == "a" => {
                out.html_ids.push(attr.value);
            }
            _ => {}
        }
    }
}

/// Separates the words of two blocks, once.
fn space(text: &mut String) {
    if text.len() < TEXT_LIMIT && !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// The heading ids a page has given out, and for each base id the next suffix to try, so that
/// n identical headings cost n steps, not n².
#[derive(Default)]
struct UsedIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

/// `id`, or `id-1`, `id-2`… when the page already has it.
fn unique_id(id: String, ids: &mut UsedIds) -> String {
    if ids.used.insert(id.clone()) {
        return id;
    }
    let next = ids.next_suffix.entry(id.clone()).or_insert(1);
    loop {
        let candidate = format!("{id}-{next}");
        *next += 1;
        // A suffix may be taken by a heading that is literally `id-n`; then try the next.
        if ids.used.insert(candidate.clone()) {
            return candidate;
        }
    }
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
