//! quire's own manual, `docs/`, is a folder of Markdown written to read on GitHub: no front
//! matter, relative `.md` links, a `site.yaml` with a `nav:`. quire checks it clean and builds
//! it as it is, a page for every file and no link left pointing at a `.md`.

use std::fs;
use std::path::Path;

use crate::common::{copy_tree, repo, Site};

/// A copy of the repository's `docs/` as a site folder, without what a local build left
/// there. A copy, so that the test writes no cache into the repository and the pages carry no
/// git dates (a shallow CI clone would warn that it has none).
fn manual() -> Site {
    let site = Site::new();
    // The manual is a folder of Markdown with no content/ of its own.
    fs::remove_dir(site.path().join("content")).unwrap();
    for e in fs::read_dir(repo().join("docs")).unwrap() {
        let e = e.unwrap();
        if e.file_name() != "output" && e.file_name() != ".quire-cache" {
            copy_tree(&e.path(), &site.path().join(e.file_name()));
        }
    }
    site
}

/// The manual's pages, relative to `docs/`, with `/` between folders.
fn pages(docs: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(docs)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(docs).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}

/// Where a page of a folder of Markdown is written: `guide/x.md` → `guide/x.html`, and an
/// `index.md` or `README.md` → its folder's `index.html`.
fn output_of(page: &str) -> String {
    let (dir, file) = page.rsplit_once('/').unwrap_or(("", page));
    let stem = file.strip_suffix(".md").unwrap();
    let name = if stem == "index" || stem == "README" {
        "index"
    } else {
        stem
    };
    if dir.is_empty() {
        format!("{name}.html")
    } else {
        format!("{dir}/{name}.html")
    }
}

/// Every `href` in an HTML page, with its fragment and query cut.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.split(['#', '?']).next().unwrap_or(href))
        .collect()
}

#[test]
fn the_manual_checks_clean() {
    let run = manual().quire(&["check"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    let problems: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .collect();
    assert!(problems.is_empty(), "quire check docs found:\n{said}");
    assert_eq!(run.code, Some(0), "quire check docs failed:\n{said}");
}

#[test]
fn the_manual_builds_a_page_for_every_file_and_no_md_link_is_left() {
    let docs = manual();
    let pages = pages(docs.path());
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = docs.quire(&["build", "--output", out.to_str().unwrap()]);
    assert_eq!(
        run.code,
        Some(0),
        "quire build docs failed:\n{}{}",
        run.stdout,
        run.stderr
    );

    assert!(pages.len() > 10, "the manual has its pages: {pages:?}");
    for page in &pages {
        let html = out.join(output_of(page));
        assert!(html.is_file(), "{page} has no page at {}", html.display());
    }
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("quire's manual") || home.contains("quire&#x27;s manual"),
        "the home page is docs/index.md:\n{home}"
    );

    for e in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = fs::read_to_string(e.path()).unwrap();
            let left: Vec<&str> = hrefs(&html)
                .into_iter()
                .filter(|h| h.ends_with(".md"))
                .collect();
            assert!(
                left.is_empty(),
                "{} still links to sources: {left:?}",
                e.path().display()
            );
        }
    }
}
