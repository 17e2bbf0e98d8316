//! Markdown to HTML: heading ids, a table of contents, highlighted code and
//! the list of links the page makes.
//!
//! A page's text goes through two halves, each a list of small parts:
//! - `chain`: the source rewrites, in order `include` (`--8<--`), `compat` (Python-Markdown's
//!   habits, as CommonMark), `blocks` (callouts and tabs, as HTML wrappers) and `intrasite`
//!   (links to sources replaced by URLs), with one `LineMap` from the last text back to the
//!   file as written;
//! - `events`: the one pass over pulldown-cmark's events that writes the HTML and gathers the
//!   page's facts, through a row of adaptors.
//!
//! An adaptor (`adaptor::Adaptor`) is a struct with its own state, in its own file: `toc_marker`
//! (`[TOC]`), `code` (code blocks, highlighted), `text` (words for search, the summary),
//! `page_links` (links and raw HTML ids), `headings` (ids, the contents), `quotes` (GitHub
//! alerts), `formulas` (math). Each event meets them in that order (`events::Pass::event`):
//! each one gives it on (changed or not) or keeps it, writing what it stands for into the
//! shared `Page` with `push` (held while a heading is open). `finish` runs once the HTML is
//! written. An extension is one more adaptor: its file, a field of `Pass`, and its line in
//! the row where the events it reads are still whole.
//!
//! The stage reads nothing of the site but what its `Env` gives it: the highlighter, where
//! includes are read from, and what links to sources lead to.

#![warn(unreachable_pub)]

mod across;
mod adaptor;
mod annotate;
mod attrs;
pub mod autodoc;
pub mod blocks;
mod chain;
mod code;
pub mod code_text;
mod compat;
mod deflist;
mod dialect;
mod emoji;
mod events;
mod extensions;
pub mod fence;
mod formulas;
mod headings;
pub mod highlight;
pub mod html_attrs;
pub mod icons;
pub mod include;
mod inline;
pub mod intrasite;
mod keymap;
mod line_map;
mod links;
mod math;
pub mod mermaid;
mod page_links;
mod plain_fences;
mod prose_annotate;
mod quotes;
mod span;
mod strs;
mod text;
mod toc;
mod toc_marker;

use pulldown_cmark::Options;
use serde::Serialize;

pub use blocks::Warning;
pub use chain::{Stage, Stopped};
pub use code_text::CodeText;
pub use extensions::{Extensions, SlugCase, Slugify, Toc, TocDepth};
pub use highlight::{Highlight, Highlighter};
use include::Snippets;
use intrasite::LinkResolver;
pub use links::{Link, Links};
pub use strs::Strs;

/// A fingerprint of this stage's source (build.rs): what it renders may change whenever this
/// does, so a cache of its output keys on it.
pub const SOURCE_FINGERPRINT: &str = env!("QUIRE_MARKDOWN_SOURCE");

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
    /// The headings (by their number in `headings`) marked `{ data-search-exclude }`: search
    /// leaves their sections out.
    #[serde(default)]
    pub search_excluded: Vec<usize>,
    /// The page has a mermaid diagram: the build writes the script it loads.
    #[serde(default)]
    pub diagrams: bool,
    /// The links to sources outside code that name nothing, by their number in the links
    /// stage's list (chain.rs): the page cannot be made. (A render is cached with them, so
    /// that a cached page fails as a fresh one does.)
    #[serde(default)]
    pub unresolved: Vec<usize>,
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
pub const TEXT_LIMIT: usize = 32 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// How Markdown is rendered for one site.
pub struct MarkdownOptions<'a> {
    pub highlighter: &'a dyn Highlight,
    pub extensions: &'a Extensions,
}

/// The Markdown extensions a site's pages are parsed with: definition lists and GitHub's
/// alerts only when their switches are on.
fn parser_options_for(ext: &Extensions) -> Options {
    let mut options = parser_options();
    options.set(Options::ENABLE_DEFINITION_LIST, ext.def_list);
    options.set(Options::ENABLE_GFM, ext.admonition);
    options
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
        | Options::ENABLE_DEFINITION_LIST // hook: blocks
}

/// What the Markdown stage is given by the site it renders for: all it reads outside the page.
pub struct Env<'a> {
    pub options: &'a MarkdownOptions<'a>,
    /// Where `--8<--` reads from; `None`: includes stay as written.
    pub snippets: Option<&'a Snippets<'a>>,
    /// What links to sources lead to; `None`: every link stays as written.
    pub links: Option<&'a dyn LinkResolver>,
}

#[cfg(test)]
impl<'a> Env<'a> {
    /// An environment with no files and no other pages: Markdown rendered on its own.
    pub fn alone(options: &'a MarkdownOptions<'a>) -> Self {
        Env {
            options,
            snippets: None,
            links: None,
        }
    }
}

/// Answers for a render by the text pulldown-cmark reads, or runs it (a render cache).
pub type Cache<'c> = &'c mut dyn FnMut(&str, &mut dyn FnMut() -> Rendered) -> Rendered;

/// Renders a page's body: its rewrites, then its events, every offset placed in the body as
/// written. `cache` is asked with the text pulldown-cmark reads (and where links were
/// replaced in it), which is all the render depends on besides the highlighter.
pub fn render_page(body: &str, env: &Env, cache: Cache) -> Result<Rendered, Stopped> {
    let source = chain::Source::prepare(body, env)?;
    let mut rendered = cache(&source.key(), &mut || source.render(env.options));
    source.check(&rendered, env)?;
    rendered.includes = source.into_includes();
    Ok(rendered)
}

/// Renders Markdown on its own: no includes, no links to sources.
#[cfg(test)]
pub fn render(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    // Only includes and links to sources can fail a page, and there are none here.
    render_page(markdown, &Env::alone(opts), &mut |_, render| render())
        .expect("no stage fails alone")
}

/// A heading's id: its text in lower case, words joined by `-`, other punctuation dropped.
pub fn slugify(text: &str) -> String {
    slugify_as(text, SlugCase::Lower)
}

/// A heading's id in the `case` a site asks for (`pymdownx.slugs.slugify`'s `case`).
pub fn slugify_as(text: &str, case: SlugCase) -> String {
    let mut s = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !s.is_empty() {
                s.push('-');
            }
            dash = false;
            match case {
                SlugCase::Lower => s.extend(c.to_lowercase()),
                SlugCase::AsWritten => s.push(c),
            }
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

/// A heading's id as Python-Markdown's `toc.slugify` makes it: `re.sub(r'[^\w\s-]', '', NFKD
/// text as ASCII).strip().lower()`, then runs of `-` and spaces made one `-`. Unlike quire's, it
/// may be empty (the toc then names it `_1`) or keep an edge `-`.
pub fn slugify_python_markdown(text: &str, unicode: bool) -> String {
    let folded: String = match unicode {
        true => text.to_string(),
        false => (icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd().normalize(text))
            .chars()
            .filter(char::is_ascii)
            .collect(),
    };
    let kept: String = (folded.chars())
        .filter(|&c| c.is_alphanumeric() || c == '_' || c == '-' || c.is_whitespace())
        .collect();
    let mut id = String::with_capacity(kept.len());
    let mut joined = false;
    for c in kept.trim().to_lowercase().chars() {
        if c == '-' || c.is_whitespace() {
            if !joined {
                id.push('-');
            }
            joined = true;
        } else {
            id.push(c);
            joined = false;
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_markdowns_slugify_folds_to_ascii_as_mkdocs_ids_are() {
        // Each pair is what Python-Markdown 3.11's toc.slugify(text, '-') returns.
        for (text, id) in [
            ("Café crème", "cafe-creme"),
            ("Straße", "strae"),
            ("日本語", ""),
            ("C++ and C#", "c-and-c"),
            ("a -- b", "a-b"),
            ("-leading", "-leading"),
            ("snake_case  Name", "snake_case-name"),
            ("ﬁle №1", "file-no1"),
        ] {
            assert_eq!(slugify_python_markdown(text, false), id, "{text}");
        }
        assert_eq!(slugify_python_markdown("Café 日本", true), "café-日本");
    }

    fn md(text: &str) -> Rendered {
        let h = Highlighter::new();
        let extensions = crate::Extensions::all();
        let opts = MarkdownOptions {
            highlighter: &h,
            extensions: &extensions,
        };
        render(text, &opts)
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
        assert!(r.html.contains("<div class=\"language-python highlight\">"));
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
