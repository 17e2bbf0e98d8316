//! A MkDocs project whose nav is made by a navigation plugin instead of `nav:`: literate-nav's
//! SUMMARY.md, awesome-pages' `.pages` files. The expected navs are what `mkdocs build`
//! (MkDocs 1.6.1, Material 9.8.2, mkdocs-literate-nav 0.6.3, mkdocs-awesome-pages-plugin
//! 2.10.1) makes of these very projects, written out by an `on_nav` hook in the same
//! `title -> url` form as `nav_lines`.

use crate::common::{between, Site};
use crate::mkdocs_pages::nav_lines;

fn built(site: &Site) -> std::path::PathBuf {
    let out = site.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    out
}

/// The titles of the previous and next pages a page links to.
fn prev_next(out: &std::path::Path, page: &str) -> String {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    between(&html, "<nav class=\"prevnext\"", "</nav>").to_string()
}

#[test]
fn literate_nav_makes_the_nav_of_summary_md() {
    let summary = "# Summary\n\nSome words first.\n\n* [Home](index.md)\n* Guide\n    * [Install it](guide/install.md)\n    * guide/*.md\n* [API](api/)\n* [Tutorial](tutorial/index.md)\n    * [First steps](tutorial/first.md)\n* [GitHub](https://github.com/x/y)\n";
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Lit\ntheme:\n  name: material\nplugins:\n  - search\n  - literate-nav\n",
        )
        .with("docs/SUMMARY.md", summary)
        .with("docs/index.md", "# Welcome\n")
        .with("docs/guide/install.md", "# Install\n")
        .with("docs/guide/usage.md", "# Usage\n")
        .with("docs/guide/config.md", "No heading.\n")
        // A folder's own SUMMARY.md is the nav of a link to the folder.
        .with(
            "docs/api/SUMMARY.md",
            "* [The server](server.md)\n* [The client](client.md)\n",
        )
        .with("docs/api/client.md", "# Client\n")
        .with("docs/api/server.md", "# Server\n")
        .with("docs/tutorial/index.md", "# Tutorial\n")
        .with("docs/tutorial/first.md", "# First\n")
        .with("docs/extras/one.md", "# Extra\n");
    let out = built(&site);
    let expected = "\
Home -> .
Guide:
  Install it -> guide/install/
  Config -> guide/config/
  Usage -> guide/usage/
API:
  The server -> api/server/
  The client -> api/client/
Tutorial:
  Tutorial -> tutorial/
  First steps -> tutorial/first/
GitHub -> https://github.com/x/y";
    assert_eq!(nav_lines(&out).join("\n"), expected);
    // Prev/next follow the nav: after Usage comes the API's first page.
    let links = prev_next(&out, "guide/usage/index.html");
    assert!(
        links.contains("Config") && links.contains("The server"),
        "{links}"
    );
}

#[test]
fn awesome_pages_arranges_each_folder_by_its_pages_file() {
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Awe\ntheme:\n  name: material\nplugins:\n  - search\n  - awesome-pages\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/about.md", "# About\n")
        .with("docs/zeta.md", "Last.\n")
        .with(
            "docs/.pages",
            "nav:\n  - index.md\n  - guide\n  - ...\n  - Source: https://github.com/x/y\n",
        )
        .with(
            "docs/guide/.pages",
            "title: User Guide\nnav:\n  - install.md\n  - ... | glob=adv*\n  - Start here: basics.md\n  - ...\n",
        )
        .with("docs/guide/install.md", "# Install\n")
        .with("docs/guide/advanced.md", "# Advanced\n")
        .with("docs/guide/basics.md", "# Basics\n")
        .with("docs/guide/cookbook.md", "# Cookbook\n")
        .with("docs/secret/.pages", "hide: true\n")
        .with("docs/secret/a.md", "# Secret\n")
        .with("docs/single/.pages", "collapse: true\n")
        .with("docs/single/only.md", "# The only page\n")
        .with("docs/api/.pages", "arrange:\n  - z.md\n")
        .with("docs/api/a.md", "# A\n")
        .with("docs/api/z.md", "# Z\n");
    let out = built(&site);
    let expected = "\
Welcome -> .
User Guide:
  Install -> guide/install/
  Advanced -> guide/advanced/
  Start here -> guide/basics/
  Cookbook -> guide/cookbook/
About -> about/
Zeta -> zeta/
Api:
  Z -> api/z/
  A -> api/a/
The only page -> single/only/
Source -> https://github.com/x/y";
    assert_eq!(nav_lines(&out).join("\n"), expected);
    let links = prev_next(&out, "zeta/index.html");
    assert!(links.contains("About") && links.contains("Z →"), "{links}");
    // A hidden folder's pages are built, outside the nav.
    assert!(out.join("secret/a/index.html").is_file());
}

#[test]
fn a_summary_item_that_is_neither_link_nor_section_is_an_error_at_its_line() {
    let site = Site::new()
        .with("mkdocs.yml", "site_name: Lit\nplugins:\n  - literate-nav\n")
        .with("docs/SUMMARY.md", "* [Home](index.md)\n* Just words\n")
        .with("docs/index.md", "# Welcome\n");
    site.quire(&["build"])
        .fails()
        .says("docs/SUMMARY.md:2")
        .says("`Just words` in the nav names no page");
}
