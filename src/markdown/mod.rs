//! Markdown to HTML: heading ids, a table of contents, highlighted code and
//! the list of links the page makes.
//!
//! A page's text goes through, in order: `compat` (Python-Markdown's habits, as CommonMark),
//! `blocks` (callouts and tabs, as HTML wrappers), then `events`, the one pass over
//! pulldown-cmark's events that writes the HTML and gathers the page's facts (`toc` makes
//! its contents). Each rewriting step keeps a `LineMap`, so that offsets point at the file
//! as written. Includes (`include`) and intrasite links (`intrasite`) are expanded before
//! any of this, by the caller.

pub(crate) mod blocks;
mod code_text;
mod compat;
mod events;
pub(crate) mod highlight;
pub(crate) mod html_attrs;
pub(crate) mod include;
pub(crate) mod intrasite;
mod links;
mod math;
mod strs;
mod toc;

use pulldown_cmark::Options;
use serde::Serialize;

pub(crate) use blocks::Warning;
pub(crate) use code_text::CodeText;
pub(crate) use highlight::{Highlight, Highlighter};
pub(crate) use links::{Link, Links};
pub(crate) use strs::Strs;

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
    /// The code blocks and the titles drawn as raw HTML, by section: what search indexes as code.
    #[serde(default)]
    pub code: CodeText,
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
    /// Gives back what growing the text and lists left spare: a build keeps every page's facts
    /// to its end.
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
        self.code.shrink_to_fit();
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

/// The Markdown extensions quire reads, for every parse of a page.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// Renders one page's Markdown (its includes already in place).
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
        None => events::render_events(markdown, opts),
        Some(prepared) => {
            let mut out = events::render_events(&prepared.text, opts);
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
        let r = md("```python\ndef f():\n    ~~return 1\n```\n");
        assert!(r.html.contains("<span class=\"hll\">    "), "{}", r.html);
        assert!(!r.html.contains("~~"), "{}", r.html);
    }
}
