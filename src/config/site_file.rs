//! What reading the site file gives besides the settings site.yaml writes: which file it was,
//! the files it drew on and the notes of reading them (for any site file), and what only a
//! `mkdocs.yml` gives: the files every page's head loads, the palette, and its rules about pages.

use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

/// Rules about pages by their path under the docs folder; patterns are gitignore-style, as
/// MkDocs writes them (`drafts/`, `*.tmp.md`, `/private/**`, `!keep.md`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageRules {
    pub(crate) exclude: Vec<String>,
    pub(crate) drafts: Vec<String>,
    pub(crate) not_in_nav: Vec<String>,
    /// `(old page path, new page path or address)`: the old URL sends readers on.
    pub(crate) redirects: Vec<(String, String)>,
    /// Material's blog plugin, when `plugins:` names it (see content/mkdocs_blog.rs).
    pub(crate) blog: Option<super::mkdocs::Blog>,
    /// Material's tags plugin, when `plugins:` names it (see content/mkdocs_tags.rs).
    pub(crate) tags: Option<super::mkdocs::Tags>,
    /// literate-nav or awesome-pages, when `plugins:` names one (see content/nav_plugins/).
    pub(crate) nav_plugin: Option<super::mkdocs::NavPlugin>,
}

/// The file the settings were read from, the files it drew on, and what reading them found.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SiteFile {
    /// Relative to the site folder (`site.yaml`, `mkdocs.yml`), as messages name it; empty
    /// when the site has none.
    pub(crate) name: PathBuf,
    /// Every file read for the settings (the site file and those it `INHERIT`s), absolute or
    /// relative to the site folder: a change to any of them is a change of settings.
    pub(crate) read: Vec<PathBuf>,
    /// Warnings and notes about the settings (unknown keys of a `mkdocs.yml`, plugins not run),
    /// reported with the build's; under MkDocs' `strict: true` they are errors.
    pub(crate) notes: Vec<Diagnostic>,
    /// More paths `quire serve` watches (MkDocs' `watch:`), relative to the site folder.
    pub(crate) watch: Vec<PathBuf>,
}

/// What the theme's `<head>` and page end take from the site file, as written there.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub(crate) struct Head {
    /// Stylesheets: a path in the site or an address, in order.
    pub(crate) css: Vec<String>,
    /// Scripts, in order.
    pub(crate) scripts: Vec<Script>,
    /// The palette's colour schemes (Material's `theme.palette`), light first.
    pub(crate) palette: Vec<Scheme>,
    /// The palette's colours as the theme's custom properties (a `<style>`'s text; empty
    /// without a palette).
    pub(crate) palette_css: String,
}

/// One of `extra_javascript`: its path or address, and how it is loaded.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub(crate) struct Script {
    pub(crate) src: String,
    /// `module` for ES modules; empty for a classic script.
    pub(crate) kind: String,
    pub(crate) defer: bool,
    pub(crate) r#async: bool,
}

/// One colour scheme: Material's `scheme` (`default` or `slate`), its `media` query, and its
/// primary and accent colours as CSS colours (Material's names made hex).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub(crate) struct Scheme {
    pub(crate) scheme: String,
    pub(crate) media: Option<String>,
    pub(crate) primary: Option<String>,
    pub(crate) accent: Option<String>,
}
