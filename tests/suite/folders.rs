//! A folder of Markdown written for GitHub, built as it is: each page is written where its
//! file is, a folder's `index.md` or `README.md` is the folder's page, the top one is the home
//! page, and with `pretty_urls` every page is a folder of its own.

use std::path::Path;

use crate::common::{self, between, Site};

/// Docs as a project keeps them: no front matter, the same file name in two folders, a README
/// and an index, a README at the top.
fn github_docs() -> Site {
    Site::new()
        .with("site.yaml", "checks: {missing-meta: off}\n")
        .with(
            "content/README.md",
            "# Welcome\n\nThe home of the project.\n",
        )
        .with("content/api/index.md", "# API\n\nThe API.\n")
        .with(
            "content/api/fields.md",
            "# API fields\n\nFields of the API.\n",
        )
        .with("content/concepts/README.md", "# Concepts\n\nIdeas.\n")
        .with(
            "content/concepts/fields.md",
            "# Fields\n\nWhat a field is.\n",
        )
        .with("content/guide/05-install.md", "# Install\n\nHow.\n")
        .with("content/guide/10-usage.md", "# Usage\n\nThen.\n")
        .with(
            "content/guide/README.md",
            "# Guide (GitHub)\n\nRead on GitHub.\n",
        )
        .with("content/guide/index.md", "# Guide\n\nThe guide.\n")
}

/// The HTML files of the output, by path.
fn pages(site: &Site) -> Vec<String> {
    (site.snapshot().into_keys())
        .filter(|p| p.ends_with(".html"))
        .collect()
}

/// Every relative link and source of every HTML file that names no file of the output: what a
/// reader opening the site from disk would find broken.
fn dead_on_disk(output: &Path) -> Vec<String> {
    let mut dead = Vec::new();
    for (path, bytes) in common::snapshot(output) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                let file = url.split(['#', '?']).next().unwrap();
                if file.is_empty() || url.contains("://") || url.starts_with('/') {
                    continue;
                }
                let at = Path::new(&path).parent().unwrap().join(file);
                if !output.join(&at).is_file() {
                    dead.push(format!("{path}: {url}"));
                }
            }
        }
    }
    dead
}

#[test]
fn a_github_docs_folder_is_written_where_its_files_are() {
    let site = github_docs();
    let run = site.build().succeeds();
    assert_eq!(
        pages(&site),
        [
            "404.html",
            "api/fields.html",
            "api/index.html",
            "blog.html",
            "concepts/fields.html",
            "concepts/index.html",
            "guide/index.html",
            "guide/install.html",
            "guide/usage.html",
            "index.html",
        ]
    );
    // Two pages of one name, each in its folder.
    assert!(site.read("api/fields.html").contains("Fields of the API."));
    assert!(site
        .read("concepts/fields.html")
        .contains("What a field is."));
    // The top README is the home page, in place of the contents quire makes.
    assert!(site.read("index.html").contains("The home of the project."));
    let run = run.says("content/README.md replaces the built-in index.html");
    // index.md is the guide's page; its README is left out, with one warning naming both.
    assert!(site.read("guide/index.html").contains("The guide."));
    assert!(!site.read("guide/index.html").contains("Read on GitHub."));
    let warning =
        "content/guide/README.md is not built: content/guide/index.md is its folder's page";
    assert_eq!(run.stderr.matches(warning).count(), 1, "{}", run.stderr);
    assert_eq!(dead_on_disk(&site.output()), Vec::<String>::new());
}

#[test]
fn a_folders_index_page_titles_its_chapter_and_comes_first() {
    let site = github_docs();
    site.build().succeeds();
    let usage = site.read("guide/usage.html");
    let sidebar = between(&usage, "<ol class=\"pages\">", "</ol>");
    let titles: Vec<&str> = (sidebar.split("<a ").skip(1))
        .map(|a| between(a, ">", "</a>"))
        .collect();
    // The index page is the chapter's link (below), not again one of its pages.
    assert_eq!(titles, ["Install", "Usage"], "{sidebar}");
    assert!(
        usage.contains("href=\"../guide/install.html\" rel=\"prev\""),
        "{usage}"
    );
    assert!(
        usage.contains("<a href=\"../guide/index.html\">Guide</a>"),
        "{usage}"
    );
}

#[test]
fn pretty_urls_make_each_page_a_folder_that_opens_from_disk() {
    let site = github_docs().with(
        "site.yaml",
        "pretty_urls: true\nchecks: {missing-meta: off}\n",
    );
    site.build().succeeds();
    assert_eq!(
        pages(&site),
        [
            "404.html",
            "api/fields/index.html",
            "api/index.html",
            "blog.html",
            "concepts/fields/index.html",
            "concepts/index.html",
            "guide/index.html",
            "guide/install/index.html",
            "guide/usage/index.html",
            "index.html",
        ]
    );
    // From disk, a folder's link names its index.html.
    let usage = site.read("guide/usage/index.html");
    assert!(
        usage.contains("href=\"../../guide/install/index.html\" rel=\"prev\""),
        "{usage}"
    );
    assert_eq!(dead_on_disk(&site.output()), Vec::<String>::new());
    site.quire(&["check"]).succeeds();
}

#[test]
fn pretty_urls_are_linked_as_folders_on_a_host() {
    let site = github_docs().with(
        "site.yaml",
        "pretty_urls: true\nbase_url: https://example.org/docs/\nchecks: {missing-meta: off}\n",
    );
    site.build().succeeds();
    let usage = site.read("guide/usage/index.html");
    assert!(
        usage.contains("href=\"/docs/guide/install/\" rel=\"prev\""),
        "{usage}"
    );
    assert!(
        usage.contains("<link rel=\"canonical\" href=\"https://example.org/docs/guide/usage/\""),
        "{usage}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/docs/guide/usage/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/docs/guide/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("index.html"), "{sitemap}");
    site.quire(&["check"]).succeeds();
}

#[test]
fn pages_with_a_slug_keep_their_flat_address() {
    let site = Site::new()
        .with(
            "content/guide/install.md",
            "title: Install\nslug: setup\n\nHow.\n",
        )
        .with("content/guide/usage.md", "title: Usage\n\nThen.\n");
    site.build().succeeds();
    assert!(site.output().join("setup.html").is_file());
    assert!(site.output().join("guide/usage.html").is_file());
    assert!(!site.output().join("guide/install.html").exists());
}

#[test]
fn a_page_saved_as_404_is_the_sites_404_page() {
    let site = Site::new()
        .with("content/a.md", "title: A\n\nA page.\n")
        .with(
            "content/missing.md",
            "title: Lost\nsave_as: 404.html\nstatus: hidden\n\nNothing here, sorry.\n",
        );
    site.build()
        .succeeds()
        .says("content/missing.md replaces the built-in 404.html");
    assert!(site.read("404.html").contains("Nothing here, sorry."));
}

#[test]
fn the_built_in_home_page_comes_back_when_the_page_in_its_place_goes() {
    let site = Site::new()
        .with("content/index.md", "# Home\n\nMy own home.\n")
        .with("content/guide/a.md", "# A\n\nA page.\n");
    site.build().succeeds();
    assert!(site.read("index.html").contains("My own home."));
    site.remove("content/index.md");
    let run = site.build().succeeds();
    assert!(
        !run.stderr.contains("replaces the built-in"),
        "{}",
        run.stderr
    );
    let home = site.read("index.html");
    assert!(!home.contains("My own home."), "{home}");
    assert!(home.contains("guide/a.html"), "{home}");
}

#[test]
fn two_pages_in_one_place_are_still_an_error() {
    let site = Site::new()
        .with("content/index.md", "# Home\n\nOne.\n")
        .with(
            "content/about.md",
            "title: About\nsave_as: index.html\n\nTwo.\n",
        );
    site.build()
        .fails()
        .says("content/about.md and content/index.md all write output/index.html");
}

#[test]
fn while_serving_a_built_in_steps_aside_and_comes_back() {
    let site = Site::new()
        .with("content/index.md", "# Home\n\nMy own home.\n")
        .with("content/guide/a.md", "title: A\ntags: ops\n\nA page.\n")
        .with(
            "content/ops.md",
            "title: Ops\nsave_as: tags/ops.html\nstatus: hidden\n\nAll about ops.\n",
        );
    let server = common::serve::Server::start(site.path(), &[]);
    let events = server.events();
    assert!(server.body("/").contains("My own home."));
    assert!(server.body("/tags/ops.html").contains("All about ops."));

    site.remove("content/index.md");
    events.next_build();
    let home = site.read("index.html");
    assert!(
        !home.contains("My own home.") && home.contains("guide/a.html"),
        "{home}"
    );

    // A hidden page is listed nowhere: nothing but its place says the tag page is due.
    site.remove("content/ops.md");
    events.next_build();
    let tag = site.read("tags/ops.html");
    assert!(
        !tag.contains("All about ops.") && tag.contains("guide/a.html"),
        "{tag}"
    );

    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    site.quire(&["build", "-q", "-o", out.to_str().unwrap()])
        .succeeds();
    assert_eq!(site.snapshot(), common::snapshot(&out));
}
