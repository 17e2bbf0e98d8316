//! A MkDocs project whose nav is made by a navigation plugin instead of `nav:`: literate-nav's
//! SUMMARY.md, awesome-pages' `.pages` files. The expected navs are what `mkdocs build`
//! (MkDocs 1.6.1, Material 9.8.2, mkdocs-literate-nav 0.6.3, mkdocs-awesome-pages-plugin
//! 2.10.1, mkdocs-awesome-nav 3.3.0) makes of these very projects, written out in the same
//! `title -> url` form as `nav_lines` by this hook (added with a config that `INHERIT`s the
//! project's: `hooks: [navhook.py]`, then `mkdocs build`):
//!
//! ```python
//! NAV = None
//! def on_nav(nav, config, files):
//!     global NAV
//!     NAV = nav
//! def _lines(items, depth, out):
//!     for it in items:
//!         pad = "  " * depth
//!         if it.is_section:
//!             out.append(f"{pad}{it.title}:")
//!             _lines(it.children, depth + 1, out)
//!         else:
//!             out.append(f"{pad}{it.title} -> {(it.url or '.') if it.is_page else it.url}")
//! def on_post_build(config):  # every title is read by then
//!     out = []
//!     _lines(NAV.items, 0, out)
//!     open("nav.txt", "w").write("\n".join(out))
//! ```

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

#[test]
fn literate_nav_implicit_index_opens_each_section_with_its_index() {
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Lit\ntheme:\n  name: material\nplugins:\n  - search\n  - literate-nav:\n      implicit_index: true\n",
        )
        .with(
            "docs/SUMMARY.md",
            "# Summary\n\n* [Start](start.md)\n* [Guide](guide/)\n* [Reference](ref/)\n* *.md\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/start.md", "# Start\n")
        .with("docs/zed.md", "# Zed\n")
        .with("docs/guide/SUMMARY.md", "* [Install](install.md)\n* [Use](use.md)\n")
        .with("docs/guide/index.md", "# The guide\n")
        .with("docs/guide/install.md", "# Install\n")
        .with("docs/guide/use.md", "# Use\n")
        // Listed somewhere in its SUMMARY.md, the index stays where it is listed.
        .with(
            "docs/ref/SUMMARY.md",
            "* [Client](client.md)\n* [About the reference](README.md)\n",
        )
        .with("docs/ref/README.md", "# Ref\n")
        .with("docs/ref/client.md", "# Client\n")
        .with("docs/more/index.md", "# More\n")
        .with("docs/more/other.md", "# Other\n");
    let out = built(&site);
    let expected = "\
Welcome -> .
Start -> start/
Guide:
  The guide -> guide/
  Install -> guide/install/
  Use -> guide/use/
Reference:
  Client -> ref/client/
  About the reference -> ref/
Zed -> zed/";
    assert_eq!(nav_lines(&out).join("\n"), expected);
    // The pages it leaves out are told as left out of SUMMARY.md, not of `nav:`.
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds()
        .says("2 pages are not in docs/SUMMARY.md:");
}

#[test]
fn summary_md_is_built_and_its_folder_links_are_nav_not_broken_links() {
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Lit
plugins:
  - literate-nav
",
        )
        .with("docs/SUMMARY.md", "* [Home](index.md)\n* [API](api/)\n")
        .with("docs/index.md", "# Welcome\n")
        .with("docs/api/client.md", "# Client\n");
    let out = site.path().join("out");
    let run = site
        .quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    assert!(!run.stderr.contains("broken link"), "{}", run.stderr);
    assert_eq!(
        nav_lines(&out).join("\n"),
        "Home -> .\nAPI:\n  Client -> api/client/"
    );
    // MkDocs builds it, outside the nav (and says the folder link at INFO only).
    assert!(out.join("SUMMARY/index.html").is_file());
}

#[test]
fn with_literate_nav_the_wildcards_and_folders_of_mkdocs_yml_nav_are_filled_in() {
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Wild\ntheme:\n  name: material\nplugins:\n  - literate-nav\nnav:\n  - Home: index.md\n  - \"*.md\"\n  - API: api/\n  - Guides: \"guide/*\"\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/beta.md", "# Beta\n")
        .with("docs/alpha.md", "# Alpha\n")
        .with("docs/api/server.md", "# Server\n")
        .with("docs/api/client.md", "# Client\n")
        .with("docs/guide/zeta.md", "# Zeta guide\n")
        .with("docs/guide/eta.md", "# Eta guide\n");
    let out = built(&site);
    let expected = "\
Home -> .
Alpha -> alpha/
Beta -> beta/
API:
  Client -> api/client/
  Server -> api/server/
Guides:
  Eta guide -> guide/eta/
  Zeta guide -> guide/zeta/";
    assert_eq!(nav_lines(&out).join("\n"), expected);
}

#[test]
fn awesome_pages_sorts_naturally_by_title_ignoring_case_and_by_the_plugin_wide_order() {
    let mut site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Sorted\ntheme:\n  name: material\nplugins:\n  - awesome-pages:\n      order: desc\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/about.md", "# About\n")
        .with("docs/contact.md", "# Contact\n")
        .with("docs/chapters/.pages", "title: Chapters\nsort_type: natural\norder: asc\n")
        .with("docs/people/.pages", "order_by: title\norder: asc\n")
        .with("docs/people/a.md", "# Zoe\n")
        .with("docs/people/b.md", "# Adam\n")
        .with("docs/people/c.md", "---\ntitle: Mia\n---\nText\n")
        .with("docs/Mixed/.pages", "ignore_case: true\norder: asc\n")
        .with("docs/Mixed/beta.md", "# x\n")
        .with("docs/Mixed/Alpha.md", "# x\n")
        .with("docs/Mixed/Gamma.md", "# x\n");
    for n in [1, 2, 10, 11, 3] {
        site = site.with(
            &format!("docs/chapters/ch{n}.md"),
            &format!("# Chapter {n}\n"),
        );
    }
    let out = built(&site);
    // The top folder by the plugin's `order: desc`, by name: `Mixed` last (capitals first).
    let expected = "\
People:
  Adam -> people/b/
  Mia -> people/c/
  Zoe -> people/a/
Welcome -> .
Contact -> contact/
Chapters:
  Chapter 1 -> chapters/ch1/
  Chapter 2 -> chapters/ch2/
  Chapter 3 -> chapters/ch3/
  Chapter 10 -> chapters/ch10/
  Chapter 11 -> chapters/ch11/
About -> about/
Mixed:
  x -> Mixed/Alpha/
  x -> Mixed/beta/
  x -> Mixed/Gamma/";
    assert_eq!(nav_lines(&out).join("\n"), expected);
}

#[test]
fn a_pages_entry_naming_nothing_is_an_error_at_its_line_unless_the_plugin_is_not_strict() {
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Strict\nplugins:\n  - awesome-pages\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/guide/install.md", "# Install\n")
        .with(
            "docs/guide/.pages",
            "nav:\n  - install.md\n  - missing.md\n  - ...\n",
        );
    // MkDocs stops: `NavEntryNotFound: Nav entry "missing.md" not found. [guide/.pages]`.
    site.quire(&["build"])
        .fails()
        .says("docs/guide/.pages:3")
        .says("`missing.md`");
    site.write(
        "mkdocs.yml",
        "site_name: Strict\nplugins:\n  - awesome-pages:\n      strict: false\n",
    );
    let out = built(&site);
    assert_eq!(
        nav_lines(&out).join("\n"),
        "Welcome -> .\nGuide:\n  Install -> guide/install/"
    );
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds()
        .says("docs/guide/.pages:3");
}

#[test]
fn awesome_nav_reads_nav_yml_with_globs_sorting_ignore_hide_and_flattening() {
    let nav_yml = "flatten_single_child_sections: true\nignore: \"*.draft.md\"\nnav:\n  - index.md\n  - guide\n  - Chapters:\n    - \"ch*.md\"\n  - glob: \"*\"\n    sort:\n      direction: desc\n      sections: first\n  - GitHub: https://github.com/x/y\n";
    let mut site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: AwesomeNav\ntheme:\n  name: material\nplugins:\n  - awesome-nav\n",
        )
        .with("docs/.nav.yml", nav_yml)
        .with("docs/index.md", "# Welcome\n")
        .with("docs/about.md", "# About\n")
        .with("docs/zeta.md", "# Zeta\n")
        .with("docs/notes.draft.md", "# Draft\n")
        .with(
            "docs/guide/.nav.yml",
            "title: User Guide\nsort:\n  by: title\nnav:\n  - install.md\n  - \"*\"\n",
        )
        .with("docs/guide/install.md", "# Install\n")
        // By title is by the front matter's title, else the file's name.
        .with("docs/guide/b.md", "---\ntitle: Alpha\n---\n# Beta\n")
        .with("docs/guide/a.md", "---\ntitle: Zulu\n---\n# A page\n")
        .with("docs/guide/c.md", "# Plain\n")
        .with("docs/single/only.md", "# Only\n")
        .with("docs/secret/.nav.yml", "hide: true\n")
        .with("docs/secret/s.md", "# S\n")
        .with("docs/more/x.md", "# X\n")
        .with("docs/more/y.md", "# Y\n");
    for n in [1, 2, 10] {
        site = site.with(&format!("docs/ch{n}.md"), &format!("# Chapter {n}\n"));
    }
    let out = built(&site);
    let expected = "\
Welcome -> .
User Guide:
  Install -> guide/install/
  Alpha -> guide/b/
  Plain -> guide/c/
  Zulu -> guide/a/
Chapters:
  Chapter 1 -> ch1/
  Chapter 2 -> ch2/
  Chapter 10 -> ch10/
More:
  Y -> more/y/
  X -> more/x/
Zeta -> zeta/
Only -> single/only/
About -> about/
GitHub -> https://github.com/x/y";
    assert_eq!(nav_lines(&out).join("\n"), expected);
    // Hidden and ignored pages are built, outside the nav.
    assert!(out.join("secret/s/index.html").is_file());
    assert!(out.join("notes.draft/index.html").is_file());
}

#[test]
fn a_nav_yml_glob_key_alone_is_a_titled_entry_as_the_plugin_reads_it() {
    // awesome-nav's model reads `- glob: "b*.md"` as the entry `glob` naming `b*.md`, a
    // file there is not: MkDocs makes it a link and warns; with `sort:` beside it, a glob.
    let site = Site::new()
        .with("mkdocs.yml", "site_name: G\nplugins:\n  - awesome-nav\n")
        .with(
            "docs/.nav.yml",
            "nav:\n  - glob: \"b*.md\"\n  - a.md\n  - glob: \"c*.md\"\n    sort:\n      direction: desc\n",
        )
        .with("docs/a.md", "# A\n")
        .with("docs/b.md", "# B\n")
        .with("docs/c1.md", "# C1\n")
        .with("docs/c2.md", "# C2\n");
    let out = site.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds()
        .says("docs/.nav.yml:2");
    assert_eq!(
        nav_lines(&out).join("\n"),
        "glob -> b*.md\nA -> a/\nC2 -> c2/\nC1 -> c1/"
    );
}
