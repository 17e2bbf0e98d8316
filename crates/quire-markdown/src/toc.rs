//! The table of contents: the tree of a page's headings, and Python-Markdown's `[TOC]`.

use super::{highlight, TocEntry};

/// A paragraph of just this is where Python-Markdown places the contents.
pub(super) const MARKER: &str = "[TOC]";
/// Stands for the contents until the headings are all known: no page can hold it, since
/// pulldown-cmark replaces every NUL of a page's text.
pub(super) const PLACEHOLDER: &str = "<!--quire:toc\u{0}-->";

/// The link a heading ends with, as Python-Markdown's toc extension writes it for Material
/// (`permalink: true`, `permalink_title`): the theme shows it on hover and focus, and a reader
/// copies it.
pub(super) fn permalink(id: &str, symbol: &str, title: &str) -> String {
    let mut html = String::with_capacity(id.len() + 64);
    html.push_str("<a class=\"headerlink\" href=\"#");
    highlight::escape_into(&mut html, id);
    html.push_str("\" title=\"");
    highlight::escape_into(&mut html, title);
    html.push_str("\">");
    highlight::escape_into(&mut html, symbol);
    html.push_str("</a>");
    html
}

impl TocEntry {
    /// How many sections the entries hold, at every depth.
    pub fn count(entries: &[TocEntry]) -> usize {
        entries
            .iter()
            .map(|e| 1 + TocEntry::count(&e.children))
            .sum()
    }
}

/// The tree of headings given in order as (level, id, title): each holds the deeper ones after it.
pub(super) fn build(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
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

/// The contents as Python-Markdown's toc extension writes them at `[TOC]`, under `title`.
pub(super) fn html(toc: &[TocEntry], title: Option<&str>) -> String {
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
    if let Some(title) = title {
        html.push_str("<span class=\"toctitle\">");
        highlight::escape_into(&mut html, title);
        html.push_str("</span>");
    }
    if !toc.is_empty() {
        list(toc, &mut html);
    }
    // No line break: the next block's start writes one.
    html.push_str("</div>");
    html
}
