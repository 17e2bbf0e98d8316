//! What a person should look at when it changes: the HTML of representative
//! pages, and what quire says about each kind of invalid site. The expected
//! files are under tests/golden/ and tests/fixtures/invalid/*/expected.txt;
//! after reviewing a change, `QUIRE_BLESS=1 cargo test --release golden`
//! writes the new ones.

use crate::common;

use std::fs;
use std::path::Path;

use common::{repo, Site};

fn blessing() -> bool {
    std::env::var_os("QUIRE_BLESS").is_some()
}

/// Compares `actual` with the expected file, or writes it when blessing.
fn expect_file(path: &Path, actual: &str) {
    if blessing() {
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run QUIRE_BLESS=1 cargo test --release golden to write it",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{} differs from what quire makes now, first at line {}:\n- {}\n+ {}\n\
         Look at the change; if it is right, QUIRE_BLESS=1 cargo test --release golden accepts it.",
        path.display(),
        line + 1,
        expected.lines().nth(line).unwrap_or("(end of file)"),
        actual.lines().nth(line).unwrap_or("(end of file)"),
    );
}

#[test]
fn golden_demo_pages_are_as_reviewed() {
    let site = Site::demo();
    site.build().succeeds();
    for (output, golden) in [
        ("serverless.html", "serverless.html"),
        ("index.html", "index.html"),
        ("blog/aws-lambda-python-3-6.html", "post.html"),
    ] {
        expect_file(
            &repo().join("tests/golden").join(golden),
            &site.read(output),
        );
    }
}

#[test]
fn golden_each_invalid_site_is_refused_with_what_to_do() {
    let cases = repo().join("tests/fixtures/invalid");
    let mut names: Vec<String> = fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let site = Site::fixture(&format!("invalid/{name}"));
        let _ = fs::remove_file(site.path().join("expected.txt"));
        let run = site.build().fails();
        let said = run
            .stderr
            .replace(&site.path().display().to_string(), "SITE");
        expect_file(&cases.join(&name).join("expected.txt"), &said);
        assert!(
            !site.output().exists(),
            "{name}: a refused build writes no output folder"
        );
    }
}
