//! An MkDocs project built as it is gives the pages and the nav real MkDocs gives: encode/httpx's
//! docs (tests/fixtures/real/httpx/docs) with the project's own `mkdocs.yml`, against the page
//! URLs and nav lines MkDocs 1.6.1 + Material 9.8.2 produced for them, written by
//! `bench/mkdocs_parity.py /work/httpx --urls … --nav …` (tests/fixtures/mkdocs_parity/httpx).
//! The full comparison (titles, H1s, links, blocks) is that script's, run by hand.

use crate::common::{copy_tree, repo, QUIRE};

use std::path::{Path, PathBuf};
use std::process::Command;

/// The httpx project as its repository has it: `mkdocs.yml` beside `docs/`; built to `site/`.
fn build_httpx(tmp: &Path) -> PathBuf {
    copy_tree(
        &repo().join("tests/fixtures/real/httpx/docs"),
        &tmp.join("docs"),
    );
    std::fs::copy(
        repo().join("tests/fixtures/mkdocs_parity/httpx/mkdocs.yml"),
        tmp.join("mkdocs.yml"),
    )
    .unwrap();
    let out = tmp.join("out");
    let run = Command::new(QUIRE)
        .args(["build", tmp.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .expect("run quire");
    let printed =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{printed}");
    out
}

fn expected(name: &str) -> Vec<String> {
    let path = repo().join("tests/fixtures/mkdocs_parity/httpx").join(name);
    (std::fs::read_to_string(path).unwrap().lines())
        .map(str::to_string)
        .collect()
}

/// `a/index.html` → `/a/`, as MkDocs names a page.
fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{file}"),
    }
}

#[test]
fn an_mkdocs_project_gets_every_page_at_the_url_mkdocs_gives_it_and_no_other() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_httpx(tmp.path());
    let mut pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| {
            let html = std::fs::read_to_string(e.path()).unwrap();
            html.contains("<article class=\"page\"") && !html.contains("http-equiv=\"refresh\"")
        })
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            url_of(&rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|u| u != "/404.html" && u != "/blog.html")
        .collect();
    pages.sort();
    assert_eq!(pages, expected("urls.txt"));
}

/// quire's sidebar (the chapters script, which holds every chapter) as the lines
/// bench/mkdocs_parity.py writes of Material's: `Section › Page → /url/`, `Section ›` for a
/// section without a page of its own.
fn nav_lines(out: &Path) -> Vec<String> {
    let script = std::fs::read_dir(out.join("theme"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("chapters.")
        })
        .expect("a chapters script");
    let js = std::fs::read_to_string(script).unwrap();
    let data = js.split("var chapters = ").nth(1).unwrap();
    let data = &data[..data.find(";\n").unwrap()];
    let chapters: Vec<serde_json::Value> = serde_json::from_str(data).unwrap();
    let mut lines = Vec::new();
    for c in &chapters {
        chapter_lines(c, &[], &mut lines);
    }
    lines
}

fn target(path: &str, link: bool) -> String {
    if link {
        return path.to_string();
    }
    url_of(if path.is_empty() { "index.html" } else { path })
}

fn chapter_lines(c: &serde_json::Value, trail: &[String], lines: &mut Vec<String>) {
    let mut here = trail.to_vec();
    here.push(c["title"].as_str().unwrap().to_string());
    let items = c["items"].as_array().cloned().unwrap_or_default();
    let path = c["path"].as_str().unwrap();
    let link = c["link"].as_bool().unwrap_or(false);
    let listed = items
        .iter()
        .any(|x| x.get(1).and_then(|p| p.as_str()) == Some(path));
    lines.push(match items.is_empty() || link || !listed {
        true => format!("{} → {}", here.join(" › "), target(path, link)),
        false => format!("{} ›", here.join(" › ")),
    });
    for x in &items {
        match x.as_array() {
            Some(page) => lines.push(format!(
                "{} › {} → {}",
                here.join(" › "),
                page[0].as_str().unwrap(),
                target(page[1].as_str().unwrap(), false)
            )),
            None => chapter_lines(x, &here, lines),
        }
    }
}

#[test]
fn an_mkdocs_project_gets_the_nav_mkdocs_gives_it_in_order_titles_and_sections() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_httpx(tmp.path());
    assert_eq!(nav_lines(&out), expected("nav.txt"));
}
