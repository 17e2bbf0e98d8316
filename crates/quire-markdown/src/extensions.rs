//! site.yaml's `markdown:` mapping: which of Material for MkDocs' Markdown extensions a site's
//! pages are read with, one switch per extension, named as the Python extension is.
//!
//! Constructs that cannot occur by accident in prose are on unless turned off; those that
//! rewrite ordinary text (`(c)` → ©, a bare `#12` → a link, `==x==`) are off unless turned on,
//! so that an existing site's pages change only where they meant a construct. `quire init`
//! turns the opt-in ones on for a new site.

use serde::Deserialize;

/// The Markdown extensions of one site. Plain data: the Markdown stage reads it, and the
/// rendered-Markdown cache keys on it (`identity`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields, default)]
pub struct Extensions {
    /// `{ #id .class key=value }` after links, images, paragraphs, list items and headings.
    pub attr_list: bool,
    /// `*[HTML]: Hyper Text Markup Language` makes every `HTML` an `<abbr>`.
    pub abbr: bool,
    /// `[^1]` references and their notes, gathered at the page's end.
    pub footnotes: bool,
    /// `- [x] done` as Material's checkboxes.
    pub tasklist: bool,
    /// `++ctrl+alt+del++` as keyboard keys.
    pub keys: bool,
    /// `` `#!python x = 1` ``: inline code highlighted in the language named.
    pub inlinehilite: bool,
    /// `==marked==` (opt-in).
    pub mark: bool,
    /// `^^inserted^^` and `x^2^` (opt-in).
    pub caret: bool,
    /// `~sub~`, as in `H~2~O`; `~~deleted~~` is strikethrough either way (opt-in).
    pub tilde: bool,
    /// `(c)`, `(tm)`, `-->`, `1/2`, `+/-`, `=/=`… as their symbols (opt-in).
    pub smartsymbols: bool,
    /// Bare `https://…` and `www.…` addresses as links; with `repo_url`, also `#12`, `!3`,
    /// `@user` and `user/repo#12` (opt-in).
    pub magiclink: bool,
    /// The project's repository (`https://github.com/ORG/REPO`, GitLab or Bitbucket):
    /// magiclink's short references point there.
    pub repo_url: Option<String>,
    /// `:material-x:`, `:octicons-x-16:`, `:smile:`… as inline SVG (pymdownx.emoji with
    /// Material's icon sets and Twemoji).
    pub emoji: bool,
    /// `!!! note`, `??? tip` callouts and GitHub's `> [!NOTE]` alerts.
    pub admonition: bool,
    /// `=== "Tab"` tab sets (pymdownx.tabbed).
    pub tabbed: bool,
    /// `/// tip | Title` … `///` blocks (pymdownx.blocks).
    pub blocks: bool,
    /// `<div markdown>`: Markdown inside HTML blocks.
    pub md_in_html: bool,
    /// `Term` / `:   definition` definition lists.
    pub def_list: bool,
    /// `# (1)!` code annotations, with the ordered list after the block as their text.
    pub annotate: bool,
    /// ` ```mermaid ` fences drawn as diagrams; off, they are code blocks.
    pub mermaid: bool,
    /// Fences anywhere a block can go (pymdownx.superfences); off, only a fence at the start of
    /// a line is one, as Python-Markdown's own `fenced_code` reads them.
    pub superfences: bool,
    /// pymdownx.snippets' settings: `base_path`, `auto_append`, `auto_prepend`, `check_paths`.
    pub snippets: crate::include::SnippetOptions,
    /// Python-Markdown's `toc` options: the headings' permalinks, ids and contents.
    pub toc: Toc,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            attr_list: true,
            abbr: true,
            footnotes: true,
            tasklist: true,
            keys: true,
            inlinehilite: true,
            mark: false,
            caret: false,
            tilde: false,
            smartsymbols: false,
            magiclink: false,
            repo_url: None,
            emoji: true,
            admonition: true,
            tabbed: true,
            blocks: true,
            md_in_html: true,
            def_list: true,
            annotate: true,
            mermaid: true,
            superfences: true,
            snippets: crate::include::SnippetOptions::default(),
            toc: Toc::default(),
        }
    }
}

impl Extensions {
    /// Every extension on, as Material's documentation recommends (what `quire init` writes).
    pub fn all() -> Self {
        Extensions {
            mark: true,
            caret: true,
            tilde: true,
            smartsymbols: true,
            magiclink: true,
            ..Extensions::default()
        }
    }

    /// A text that differs whenever the rendered HTML could: the rendered-Markdown cache keys
    /// on it, so that switching an extension re-renders every page.
    pub fn identity(&self) -> String {
        format!("{self:?}")
    }
}

/// How headings are linked, named and gathered into the page's contents, as Python-Markdown's
/// `toc` extension's options say (site.yaml `markdown: toc:`, or mkdocs.yml's `toc:`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields, default)]
pub struct Toc {
    /// The text of the link after each heading (`permalink: true` is `¶`, a text is itself);
    /// `false` (`None`): no link.
    #[serde(deserialize_with = "permalink")]
    pub permalink: Option<String>,
    /// The link's `title`, what a pointer over it shows.
    pub permalink_title: String,
    /// The title above the contents `[TOC]` places.
    pub title: Option<String>,
    /// The heading levels the contents hold: `3` (levels 1 to 3) or `"2-4"`. Deeper headings
    /// keep their ids and permalinks.
    pub depth: TocDepth,
    /// `lower` (ids in lower case) or `none` (as the heading is written), as
    /// `pymdownx.slugs.slugify`'s `case` says.
    pub slug_case: SlugCase,
    /// Repeated ids as Python-Markdown's `toc` makes them (`usage_1`, `usage_2`) rather than
    /// quire's (`usage-1`): a MkDocs project's links to a repeat use those.
    #[serde(skip)]
    pub python_ids: bool,
    /// How heading text becomes an id: quire's own slug (Unicode letters kept), or
    /// Python-Markdown's `toc.slugify` (MkDocs' default), which folds to ASCII.
    #[serde(skip)]
    pub slugify: Slugify,
}

/// The function that makes a heading's id from its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Slugify {
    /// quire's (and pymdownx.slugs.slugify's): letters of any script kept, `slug_case` applied.
    #[default]
    Quire,
    /// Python-Markdown's `markdown.extensions.toc.slugify`: NFKD, non-ASCII dropped, lower
    /// case; `unicode` (its `slugify_unicode`) keeps every letter.
    PythonMarkdown { unicode: bool },
}

impl Default for Toc {
    fn default() -> Self {
        Toc {
            permalink: Some("¶".into()),
            permalink_title: "Permanent link".into(),
            title: None,
            depth: TocDepth::default(),
            slug_case: SlugCase::Lower,
            python_ids: false,
            slugify: Slugify::Quire,
        }
    }
}

/// `permalink: true | false | "#"`.
fn permalink<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Switch(bool),
        Text(String),
    }
    Ok(match Given::deserialize(d)? {
        Given::Switch(on) => on.then(|| "¶".to_string()),
        Given::Text(text) => Some(text),
    })
}

/// The heading levels a page's contents hold, `top` to `bottom`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
#[serde(try_from = "DepthGiven")]
pub struct TocDepth {
    pub top: u8,
    pub bottom: u8,
}

impl Default for TocDepth {
    fn default() -> Self {
        TocDepth { top: 1, bottom: 6 }
    }
}

impl TocDepth {
    /// Whether a heading of `level` is in the contents.
    pub fn holds(&self, level: u8) -> bool {
        (self.top..=self.bottom).contains(&level)
    }

    /// `3` or `"2-4"`, as Python-Markdown's `toc_depth` reads it.
    pub fn parse(text: &str) -> Result<TocDepth, String> {
        let number = |t: &str| match t.trim().parse::<u8>() {
            Ok(n @ 1..=6) => Ok(n),
            _ => Err(format!(
                "toc depth `{text}` is not a level from 1 to 6, nor two joined by `-` (\"2-4\")"
            )),
        };
        let (top, bottom) = match text.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => (1, number(text)?),
        };
        if top > bottom {
            return Err(format!("toc depth `{text}` starts below where it ends"));
        }
        Ok(TocDepth { top, bottom })
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DepthGiven {
    Level(u8),
    Range(String),
}

impl TryFrom<DepthGiven> for TocDepth {
    type Error = String;
    fn try_from(given: DepthGiven) -> Result<Self, String> {
        match given {
            DepthGiven::Level(n) => TocDepth::parse(&n.to_string()),
            DepthGiven::Range(text) => TocDepth::parse(&text),
        }
    }
}

/// The case of the ids made of headings' text.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum SlugCase {
    /// `Hello World` → `hello-world`.
    #[default]
    Lower,
    /// `Hello World` → `Hello-World`.
    #[serde(rename = "none")]
    AsWritten,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_rewriting_extensions_are_opt_in() {
        let d = Extensions::default();
        assert!(d.attr_list && d.abbr && d.footnotes && d.tasklist && d.keys);
        assert!(d.admonition && d.tabbed && d.blocks && d.md_in_html && d.def_list);
        assert!(d.annotate && d.mermaid && d.superfences);
        assert!(!(d.mark || d.caret || d.tilde || d.smartsymbols || d.magiclink));
        let all = Extensions::all();
        assert!(all.mark && all.smartsymbols && all.magiclink);
    }

    #[test]
    fn toc_depth_reads_as_python_markdown_reads_it() {
        assert_eq!(TocDepth::parse("2-4"), Ok(TocDepth { top: 2, bottom: 4 }));
        assert_eq!(TocDepth::parse("3"), Ok(TocDepth { top: 1, bottom: 3 }));
        assert!(TocDepth::parse("7").is_err() && TocDepth::parse("4-2").is_err());
        assert!(
            TocDepth::parse("2-4").unwrap().holds(4) && !TocDepth::parse("3").unwrap().holds(4)
        );
    }

    #[test]
    fn a_switch_changes_the_identity() {
        let on = Extensions::default();
        let off = Extensions {
            keys: false,
            ..Extensions::default()
        };
        assert_ne!(on.identity(), off.identity());
    }
}
