//! Markdown to HTML: heading ids, a table of contents, highlighted code and
//! the list of links the page makes, in one pass over pulldown-cmark's events.

pub(crate) mod blocks;
mod compat;
pub(crate) mod highlight;
pub(crate) mod html_attrs;
pub(crate) mod include;
pub(crate) mod intrasite;
mod links;
mod math;
mod strs;

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub(crate) use blocks::Warning;
pub(crate) use highlight::{Highlight, Highlighter};
pub(crate) use links::{Link, Links};
pub(crate) use strs::Strs;

/// A heading's start tag, held until its text (and so its id) is known.
type OpenHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
);

/// What rendering one page's Markdown gives. (The cache stores it as it is, the HTML aside.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Rendered {
    #[serde(skip)]
    pub html: String,
    /// The heading tree, without a leading top-level heading (that is the page title).
    pub toc: Vec<TocEntry>,
    /// Every id a heading got, in order.
    pub heading_ids: Strs,
    /// Every heading's text, in order (for checks and search).
    pub headings: Strs,
    /// Byte offset in the Markdown of each heading in `headings`.
    pub heading_offsets: Vec<usize>,
    /// Byte offset in `text` where each heading in `headings` starts: search splits the
    /// text into sections there, to link a result to its heading's anchor.
    #[serde(default)]
    pub heading_text_offsets: Vec<usize>,
    /// The `id`s (and `<a name>`s) set in raw HTML, which links may target like heading ids.
    pub html_ids: Strs,
    /// Links and images, as written, with their byte offset in the Markdown.
    pub links: Links,
    /// Whether the Markdown begins with its own `# Title`.
    pub starts_with_h1: bool,
    /// The page's words as plain text (code blocks left out), at most
    /// `TEXT_LIMIT` bytes: what search indexes.
    pub text: String,
    /// The first paragraph as plain text, for feed summaries.
    pub summary: String,
    /// What in the Markdown could not be rendered as meant (an unknown callout kind, a formula
    /// that does not parse), at body offsets: `quire check` and builds report them.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The files the page includes (`--8<--`), relative to the site folder: an edit to one
    /// re-renders the page.
    #[serde(default)]
    pub includes: Vec<String>,
}

impl Rendered {
    /// Gives back what growing the text and lists left spare (a third of them on average): a
    /// build keeps every page's facts to its end.
    pub fn shrink_to_fit(&mut self) {
        fn toc(entries: &mut Vec<TocEntry>) {
            entries.shrink_to_fit();
            entries.iter_mut().for_each(|e| toc(&mut e.children));
        }
        toc(&mut self.toc);
        self.heading_ids.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.heading_offsets.shrink_to_fit();
        self.heading_text_offsets.shrink_to_fit();
        self.html_ids.shrink_to_fit();
        self.links.shrink_to_fit();
        self.text.shrink_to_fit();
        self.summary.shrink_to_fit();
        self.warnings.shrink_to_fit();
        self.includes.shrink_to_fit();
    }
}

/// Enough text for search to find a page by its words, without holding whole books in memory.
pub(crate) const TEXT_LIMIT: usize = 32 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// How Markdown is rendered for one site.
pub(crate) struct MarkdownOptions<'a> {
    pub highlighter: &'a dyn Highlight,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

pub(crate) fn render(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    match compat::adapt(markdown) {
        None => render_blocks(markdown, opts),
        Some(adapted) => {
            let mut out = render_blocks(&adapted.text, opts);
            remap(&mut out, &adapted.map);
            out
        }
    }
}

/// Renders a text whose Python-Markdown lines are adapted: its callouts and tabs, then the rest.
fn render_blocks(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    match blocks::prepare(markdown) {
        None => render_events(markdown, opts),
        Some(prepared) => {
            let mut out = render_events(&prepared.text, opts);
            remap(&mut out, &prepared.map);
            out.warnings.extend(prepared.warnings);
            out.warnings.sort_by_key(|w| w.offset);
            out
        }
    }
}

/// Moves the offsets of what was rendered from a rewritten text to the text it was made from.
pub(crate) fn remap(out: &mut Rendered, map: &blocks::LineMap) {
    for o in &mut out.heading_offsets {
        *o = map.map(*o);
    }
    out.links.map_offsets(|o| map.map(o));
    for w in &mut out.warnings {
        w.offset = map.map(w.offset);
    }
}

fn render_events(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids = UsedIds::default();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    let mut first_block = true;

    // A heading's or code block's events are held back until its end, when its id or highlighting is known.
    let mut heading: Option<OpenHeading> = None;
    let mut heading_events: Vec<Event> = Vec::new();
    let mut heading_text = String::new();
    // The info string, the code, and whether the block is indented (for a `:::lang` line).
    let mut code: Option<(String, String, bool)> = None;
    // The callout kind of each open blockquote (GitHub's `> [!NOTE]`).
    let mut quotes: Vec<bool> = Vec::new();
    let mut heading_start = 0;
    let mut summary_done = false;
    let mut in_summary = false;

    // Python-Markdown's `[TOC]`: a paragraph of just that is where the contents go.
    let mut toc_marker = false;
    let mut toc_placed = false;

    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        if toc_marker {
            toc_marker = !matches!(event, Event::End(TagEnd::Paragraph));
            continue;
        }
        if matches!(event, Event::Start(Tag::Paragraph))
            && heading.is_none()
            && markdown[range.clone()].trim() == TOC_MARKER
        {
            toc_marker = true;
            toc_placed = true;
            first_block = false;
            events.push(Event::Html(TOC_PLACEHOLDER.into()));
            continue;
        }
        // An HTML block's start covers the whole block, so a tag split over lines is scanned whole.
        if matches!(event, Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)) {
            collect_html(&markdown[range.clone()], range.start, &mut out);
        }
        if let Some((_, buf, _)) = &mut code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (mut info, mut buf, indented) = code.take().expect("inside a code block");
                    if indented {
                        // Python-Markdown's `:::python` first line names the language.
                        if let Some(marked) = buf.strip_prefix(":::") {
                            let (first, rest) = marked.split_once('\n').unwrap_or((marked, ""));
                            if !first.trim().is_empty() && !first.starts_with(':') {
                                info = first.trim().to_string();
                                buf = rest.to_string();
                            }
                        }
                    }
                    let buf = marks_first(buf);
                    let html = opts.highlighter.render_block(&buf, &info);
                    events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            continue;
        }
        collect_text(&event, &mut out, &mut in_summary, &mut summary_done);
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: record_link(dest_url, false, range.start, &mut out),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: record_link(dest_url, true, range.start, &mut out),
                title,
                id,
            }),
            other => other,
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                if first_block && level == HeadingLevel::H1 {
                    out.starts_with_h1 = true;
                }
                first_block = false;
                heading = Some((level, id, classes, attrs));
                heading_start = range.start;
                out.heading_text_offsets.push(out.text.len());
                heading_events.clear();
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                let (level, id, classes, attrs) = heading.take().expect("checked");
                let id = match id {
                    Some(id) => unique_id(id.to_string(), &mut used_ids),
                    None => unique_id(slugify(&heading_text), &mut used_ids),
                };
                let lvl = level as u8;
                flat_toc.push((lvl, id.clone(), heading_text.trim().to_string()));
                out.heading_ids.push(&id);
                out.headings.push(heading_text.trim());
                out.heading_offsets.push(heading_start);
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
                events.append(&mut heading_events);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                first_block = false;
                let (info, indented) = match kind {
                    CodeBlockKind::Fenced(info) => (info.to_string(), false),
                    CodeBlockKind::Indented => (String::new(), true),
                };
                for problem in highlight::fence_problems(&info) {
                    out.warnings.push(Warning {
                        offset: range.start,
                        message: problem,
                        hint: "see the code block options in the README".into(),
                    });
                }
                code = Some((info, String::new(), indented));
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                first_block = false;
                quotes.push(kind.is_some());
                events.push(match kind {
                    Some(kind) => Event::Html(alert_start(kind).into()),
                    None => Event::Start(Tag::BlockQuote(None)),
                });
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                let alert = quotes.pop().unwrap_or(false);
                events.push(if alert {
                    Event::Html("</div>\n".into())
                } else {
                    Event::End(TagEnd::BlockQuote(kind))
                });
            }
            // Pandoc's rule, which pulldown-cmark lacks: a closing `$` right before a digit is
            // not one, so prices (`$5-$10`, `US$5/US$6`) stay text.
            Event::InlineMath(_)
                if markdown[range.end..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                let text = Event::Text(markdown[range.clone()].to_string().into());
                if heading.is_some() {
                    heading_events.push(text);
                } else {
                    events.push(text);
                }
            }
            e @ (Event::InlineMath(_) | Event::DisplayMath(_)) => {
                first_block = false;
                let (tex, display) = match &e {
                    Event::DisplayMath(t) => (t, true),
                    Event::InlineMath(t) => (t, false),
                    _ => unreachable!("matched above"),
                };
                let (html, problem) = math::render(tex, display);
                if let Some(problem) = problem {
                    out.warnings.push(Warning {
                        offset: range.start,
                        message: problem.message,
                        hint: problem.hint.into(),
                    });
                }
                let html = Event::InlineHtml(html.into());
                if heading.is_some() {
                    heading_events.push(html);
                } else {
                    events.push(html);
                }
            }
            e if heading.is_some() => {
                if let Event::Text(t) | Event::Code(t) = &e {
                    heading_text.push_str(t);
                }
                heading_events.push(e);
            }
            e => {
                if matches!(e, Event::Start(_)) || matches!(e, Event::Html(_)) {
                    // Blank raw HTML lines do not count as content before a title.
                    let blank = matches!(&e, Event::Html(h) if h.trim().is_empty());
                    if !blank {
                        first_block = false;
                    }
                }
                events.push(e);
            }
        }
    }

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = html;
    let skip_title = usize::from(out.starts_with_h1);
    out.toc = build_toc(&flat_toc[skip_title.min(flat_toc.len())..]);
    if toc_placed {
        out.html = out.html.replace(TOC_PLACEHOLDER, &toc_html(&out.toc));
    }
    out
}

const TOC_MARKER: &str = "[TOC]";
/// Stands for the contents until the headings are all known: no page can hold it, since
/// pulldown-cmark replaces every NUL of a page's text.
const TOC_PLACEHOLDER: &str = "<!--quire:toc\u{0}-->";

/// The contents as Python-Markdown's toc extension writes them at `[TOC]`.
fn toc_html(toc: &[TocEntry]) -> String {
    fn list(entries: &[TocEntry], html: &mut String) {
        html.push_str("<ul>\n");
        for e in entries {
            html.push_str("<li><a href=\"#");
            highlight::escape_into(html, &e.id);
            html.push_str("\">");
            highlight::escape_into(html, &e.title);
            html.push_str("</a>");
            if !e.children.is_empty() {
                html.push('\n');
                list(&e.children, html);
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
    let mut html = String::from("<div class=\"toc\">\n");
    if !toc.is_empty() {
        list(toc, &mut html);
    }
    // No line break: the next block's start writes one.
    html.push_str("</div>");
    html
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
fn alert_start(kind: pulldown_cmark::BlockQuoteKind) -> String {
    use pulldown_cmark::BlockQuoteKind as K;
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

/// Gathers the plain text search and feeds need; code blocks never reach here.
fn collect_text(event: &Event, out: &mut Rendered, in_summary: &mut bool, summary_done: &mut bool) {
    match event {
        Event::Text(t) | Event::Code(t) => {
            if out.text.len() < TEXT_LIMIT {
                out.text.push_str(t);
            }
            if *in_summary {
                out.summary.push_str(t);
            }
        }
        Event::End(TagEnd::Paragraph) if *in_summary => {
            *in_summary = false;
            *summary_done = true;
            out.summary = out.summary.trim().to_string();
            space(&mut out.text);
        }
        Event::SoftBreak | Event::HardBreak => {
            space(&mut out.text);
            if *in_summary {
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
        Event::Start(Tag::Paragraph) if !*summary_done => *in_summary = true,
        _ => {}
    }
}

/// Separates the words of two blocks, once.
fn space(text: &mut String) {
    if text.len() < TEXT_LIMIT && !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// Notes a link or image as written (for the checks). Site links stay site-relative:
/// the base path or `../` is placed by the last pass over the page (links.rs).
fn record_link<'a>(dest: CowStr<'a>, image: bool, offset: usize, out: &mut Rendered) -> CowStr<'a> {
    out.links.push(&dest, offset, image);
    dest
}

/// A heading's id: its text in lower case, words joined by `-`, other punctuation dropped.
pub(crate) fn slugify(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !s.is_empty() {
                s.push('-');
            }
            dash = false;
            s.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// The heading ids a page has given out, and for each base id the next suffix to try, so that
/// n identical headings cost n steps, not n² (40,000 of them took two minutes).
#[derive(Default)]
struct UsedIds {
    used: HashSet<String>,
    next_suffix: std::collections::HashMap<String, usize>,
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

fn build_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn take(flat: &[(u8, String, String)], i: &mut usize, parent_level: u8) -> Vec<TocEntry> {
        let mut entries = Vec::new();
        while *i < flat.len() && flat[*i].0 > parent_level {
            let (level, id, title) = flat[*i].clone();
            *i += 1;
            let children = take(flat, i, level);
            entries.push(TocEntry {
                level,
                id,
                title,
                children,
            });
        }
        entries
    }
    let mut i = 0;
    let mut all = Vec::new();
    while i < flat.len() {
        all.extend(take(flat, &mut i, 0));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Rendered {
        let h = Highlighter::new();
        render(text, &MarkdownOptions { highlighter: &h })
    }

    #[test]
    fn heading_ids_are_unique_within_a_page() {
        let r = md("## Hosting Options\n\n## Hosting options\n\n## Hosting: options!\n");
        assert_eq!(
            r.heading_ids.iter().collect::<Vec<_>>(),
            ["hosting-options", "hosting-options-1", "hosting-options-2"]
        );
        assert!(
            r.html.contains("<h2 id=\"hosting-options-1\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn explicit_ids_are_kept() {
        let r = md("## Intro {#start}\n");
        assert_eq!(r.heading_ids.iter().collect::<Vec<_>>(), ["start"]);
    }

    #[test]
    fn toc_is_a_tree_without_the_title_heading() {
        let r = md("# Title\n\n## A\n\n### A1\n\n## B\n");
        assert!(r.starts_with_h1);
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].title, "A");
        assert_eq!(r.toc[0].children[0].id, "a1");
    }

    #[test]
    fn starts_with_h1_only_when_the_heading_comes_first() {
        assert!(!md("Intro.\n\n# Title\n").starts_with_h1);
        assert!(!md("## Sub\n").starts_with_h1);
    }

    #[test]
    fn code_is_highlighted_and_raw_html_passes() {
        let r = md("<img src=\"/a.png\" class=\"technical-diagram\">\n\n```python\nx = 1\n```\n");
        assert!(r.html.contains("class=\"technical-diagram\""));
        assert!(r.html.contains("<div class=\"highlight\">"));
    }

    #[test]
    fn links_are_collected_and_stay_site_relative() {
        // The base path is placed by the last pass over the page (links.rs), not here,
        // so the same Markdown renders the same HTML for every address.
        let r = md("[a](/deployment.html) and ![d](/img/x.png) and [e](https://example.org/)");
        let dests: Vec<_> = r.links.iter().map(|l| l.dest).collect();
        assert_eq!(
            dests,
            vec!["/deployment.html", "/img/x.png", "https://example.org/"]
        );
        assert!(r.html.contains("href=\"/deployment.html\""));
        assert!(r.html.contains("src=\"/img/x.png\""));
    }

    #[test]
    fn raw_html_links_and_ids_are_collected_with_offsets() {
        let text = "# T\n\n<div id=\"box\">\n<img\n  src=\"/a.png\">\n</div>\n\nSee <a href=\"b.html#x\">b</a> and <a name=old></a>.\n";
        let r = md(text);
        let found: Vec<_> = r
            .links
            .iter()
            .map(|l| (l.dest, &text[l.offset..l.offset + l.dest.len()], l.image))
            .collect();
        assert_eq!(
            found,
            vec![("/a.png", "/a.png", true), ("b.html#x", "b.html#x", false)]
        );
        assert_eq!(r.html_ids.iter().collect::<Vec<_>>(), ["box", "old"]);
    }

    #[test]
    fn headings_know_where_they_are() {
        let text = "Intro.\n\n## A\n\ntext\n\nB\n-\n";
        let r = md(text);
        assert_eq!(r.heading_offsets, vec![8, 20]);
        assert!(text[8..].starts_with("## A"));
    }

    #[test]
    fn text_and_summary_for_search_and_feeds() {
        let r = md(
            "# Title\n\nFirst *para*\ngraph [link](/x.html).\n\nSecond.\n\n```\nhidden_code\n```\n",
        );
        assert_eq!(r.summary, "First para graph link.");
        assert_eq!(r.text, "Title First para graph link. Second. ");
        assert!(!r.text.contains("hidden_code"));
    }

    #[test]
    fn extensions_are_on() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>gone</del>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn python_markdown_toc_marker_places_the_contents() {
        let r = md("Intro.\n\n[TOC]\n\n## A & B\n\n### A1\n\n## C\n\nSee [TOC] inline.\n");
        assert!(
            r.html.contains("<p>Intro.</p>\n<div class=\"toc\">\n<ul>\n<li><a href=\"#a-b\">A &amp; B</a>\n<ul>\n<li><a href=\"#a1\">A1</a></li>\n</ul>\n</li>\n<li><a href=\"#c\">C</a></li>\n</ul>\n</div>\n<h2"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>See [TOC] inline.</p>"), "{}", r.html);
        assert_eq!(r.summary, "Intro.");
    }

    #[test]
    fn emphasis_marks_after_indentation_in_code() {
        assert_eq!(
            marks_first("def f():\n    ~~return 1\n~~x\n".into()),
            "def f():\n~~    return 1\n~~x\n"
        );
        let r = md("```python\ndef f():\n    ~~return 1\n```\n");
        assert!(r.html.contains("<span class=\"hll\">    "), "{}", r.html);
        assert!(!r.html.contains("~~"), "{}", r.html);
    }
}
