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
    /// pymdownx.snippets' settings: `base_path`, `auto_append`, `auto_prepend`, `check_paths`.
    pub snippets: crate::include::SnippetOptions,
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
            snippets: crate::include::SnippetOptions::default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_rewriting_extensions_are_opt_in() {
        let d = Extensions::default();
        assert!(d.attr_list && d.abbr && d.footnotes && d.tasklist && d.keys);
        assert!(d.admonition && d.tabbed && d.blocks && d.md_in_html && d.def_list);
        assert!(d.annotate && d.mermaid);
        assert!(!(d.mark || d.caret || d.tilde || d.smartsymbols || d.magiclink));
        let all = Extensions::all();
        assert!(all.mark && all.smartsymbols && all.magiclink);
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
