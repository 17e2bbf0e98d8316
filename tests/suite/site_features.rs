//! The features docs teams expect of a site generator (issue 15): `quire init`, edit links,
//! sharing tags, tags and categories, last-updated dates from git, llms.txt. All through the
//! real binary on real folders.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{snapshot, Run, Site, QUIRE};

fn quire_in(dir: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(QUIRE)
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run quire"),
    )
}

// ---------------------------------------------------------------------------------------------
// quire init

#[test]
fn init_makes_a_site_that_builds_and_checks_without_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let run = quire_in(tmp.path(), &["init", "docs"]).succeeds();
    assert!(run.stdout.contains("quire serve docs"), "{}", run.stdout);
    let site = tmp.path().join("docs");
    for file in [
        "site.yaml",
        "content/pages/01-getting-started/00-getting-started.md",
        "content/pages/02-guides/00-guides.md",
        "content/posts/hello-world.md",
        "static/img/logo.svg",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    assert!(fs::read_to_string(site.join("site.yaml"))
        .unwrap()
        .contains("# "));

    let build = quire_in(tmp.path(), &["build", "docs"]).succeeds();
    assert!(
        !build.stderr.contains("warning"),
        "the starter site builds with warnings:\n{}",
        build.stderr
    );
    assert!(build
        .stdout
        .contains("Built 4 pages, 1 post and 1 static file"));
    let out = site.join("output");
    for file in [
        "index.html",
        "getting-started.html",
        "writing-pages.html",
        "guides.html",
        "deploying.html",
        "blog/hello-world.html",
        "img/logo.svg",
    ] {
        assert!(out.join(file).is_file(), "{file} not built");
    }
    let page = fs::read_to_string(out.join("writing-pages.html")).unwrap();
    assert!(page.contains("class=\"admonition"), "no callout");
    assert!(page.contains("<pre"), "no code");
    let first = fs::read_to_string(out.join("getting-started.html")).unwrap();
    assert!(first.contains("What to edit"));
    assert!(first.contains("src=\"img/logo.svg\""), "{first}");

    let check = quire_in(tmp.path(), &["check", "docs", "--deny-warnings"]);
    assert_eq!(check.code, Some(0), "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn init_in_the_current_folder_and_in_one_holding_only_git() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    fs::write(tmp.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    quire_in(tmp.path(), &["init"]).succeeds();
    assert!(tmp.path().join("site.yaml").is_file());
    assert_eq!(
        fs::read_to_string(tmp.path().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    quire_in(tmp.path(), &["build"]).succeeds();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_touches_nothing() {
    let site = Site::new().with("notes.txt", "mine");
    let before = snapshot(site.path());
    let run = site.quire(&["init"]).fails();
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(snapshot(site.path()), before);
    assert!(!site.path().join("site.yaml").exists());

    // A file where the folder should be is refused too.
    let run = quire_in(site.path(), &["init", "notes.txt"]).fails();
    assert!(run.stderr.contains("is a file"), "{}", run.stderr);
    assert_eq!(snapshot(site.path()), before);
}

#[test]
fn init_help_says_what_it_makes_and_what_it_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let run = quire_in(tmp.path(), &["init", "--help"]).succeeds();
    for words in ["site.yaml", "empty", "quire serve docs"] {
        assert!(run.stdout.contains(words), "{words}:\n{}", run.stdout);
    }
    let run = quire_in(tmp.path(), &["--help"]).succeeds();
    assert!(run.stdout.contains("init"), "{}", run.stdout);
}

#[test]
fn a_folder_without_content_points_to_init() {
    let tmp = tempfile::tempdir().unwrap();
    let run = quire_in(tmp.path(), &["build"]).fails();
    assert!(run.stderr.contains("quire init"), "{}", run.stderr);
}
