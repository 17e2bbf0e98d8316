//! A `quire build` with nothing changed since the last one writes nothing and says so; a change
//! to any kind of input is noticed, and the skipped build's folder is what a full build writes.

use std::path::Path;

use crate::common;

use common::{snapshot, Run, Site, QUIRE};

const UNCHANGED: &str = "nothing changed since the last build";

/// A site with one input of every kind a build reads.
fn site() -> Site {
    Site::new()
        .with(
            "site.yaml",
            "title: Fingerprints\nbase_url: https://example.org/\n",
        )
        .with(
            "content/pages/01-guide/00-guide.md",
            "title: Guide\n\nThe guide.\n\n--8<-- \"snippets/part.md\"\n",
        )
        .with(
            "content/pages/01-guide/01-install.md",
            "title: Install\ntemplate: special\n\nInstall text.\n",
        )
        .with(
            "content/posts/first.md",
            "title: First post\ndate: 2024-01-02\n\nPost text.\n",
        )
        .with(
            "templates/special.html",
            "<!doctype html><title>{{ page.title }}</title>{{ page.content | safe }} template-v1\n",
        )
        .with("static/note.txt", "note v1\n")
        .with("snippets/part.md", "Snippet v1.\n")
}

fn build(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    site.quire(&all).succeeds()
}

/// Builds until a build finds nothing changed (the first builds of files written just now know
/// them by their content, and a new include by its facts only once it is not new), at most three.
fn settle(site: &Site) -> Run {
    for _ in 0..3 {
        let run = build(site, &[]);
        if run.stdout.contains(UNCHANGED) {
            return run;
        }
    }
    panic!("three builds in a row and none found nothing changed");
}

fn assert_rebuilt(run: &Run, what: &str) {
    assert!(
        !run.stdout.contains(UNCHANGED),
        "a change to {what} went unnoticed:\n{}",
        run.stdout
    );
}

#[test]
fn a_build_with_nothing_changed_writes_what_a_full_build_writes() {
    let site = Site::demo();
    let first = build(&site, &[]);
    let skipped = settle(&site);
    assert!(
        skipped
            .stdout
            .starts_with("✔ Built 11 pages, 2 posts and 3 static files in "),
        "{}",
        skipped.stdout
    );
    // The same warnings as the build that did the work.
    assert_eq!(first.stderr, skipped.stderr);
    let kept = site.snapshot();
    // A full build into the same folder (no record, no cache) changes nothing in it...
    build(&site, &["--no-cache"]);
    assert_eq!(kept, site.snapshot());
    // ...and a clean build elsewhere writes the same bytes.
    let other = site.path().join("other");
    build(&site, &["--no-cache", "-o", other.to_str().unwrap()]);
    let mut clean = snapshot(&other);
    let mut kept = kept;
    clean.remove(".quire-manifest");
    kept.remove(".quire-manifest");
    assert_eq!(kept, clean);
}

#[test]
fn a_change_to_any_input_is_noticed() {
    let site = site();
    settle(&site);
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "a content page",
            "content/pages/01-guide/00-guide.md",
            "title: Guide\n\nThe guide, edited.\n\n--8<-- \"snippets/part.md\"\n",
            "guide/guide.html",
        ),
        (
            "a post",
            "content/posts/first.md",
            "title: First post\ndate: 2024-01-02\n\nPost text, edited.\n",
            "blog/first.html",
        ),
        (
            "a template",
            "templates/special.html",
            "<!doctype html><title>{{ page.title }}</title>{{ page.content | safe }} template-v2\n",
            "guide/install.html",
        ),
        ("a static file", "static/note.txt", "note v2\n", "note.txt"),
        (
            "an included file",
            "snippets/part.md",
            "Snippet v2.\n",
            "guide/guide.html",
        ),
        (
            "site.yaml",
            "site.yaml",
            "title: Fingerprints, renamed\nbase_url: https://example.org/\n",
            "guide/guide.html",
        ),
    ];
    for (what, file, text, output) in cases {
        let before = site.read(output);
        site.write(file, text);
        let run = build(&site, &[]);
        assert_rebuilt(&run, what);
        assert_ne!(before, site.read(output), "{what}: {output} did not change");
        settle(&site);
    }
    // A file that comes, and one that goes.
    site.write("static/new.txt", "new\n");
    assert_rebuilt(&build(&site, &[]), "a new static file");
    assert_eq!(site.read("new.txt"), "new\n");
    settle(&site);
    site.remove("static/new.txt");
    assert_rebuilt(&build(&site, &[]), "a removed static file");
    assert!(!site.output().join("new.txt").exists());
}

#[test]
fn other_options_or_another_quire_are_noticed() {
    let site = site();
    settle(&site);
    let minified = build(&site, &["--minify"]);
    assert_rebuilt(&minified, "--minify");
    // Back to the plain build: its record was replaced, and the files are minified now.
    assert_rebuilt(&build(&site, &[]), "dropping --minify");
    settle(&site);
    assert_rebuilt(&build(&site, &["--precompress"]), "--precompress");
    assert!(site.output().join("guide/guide.html.gz").is_file());
    settle(&site);
    // Another quire binary (a new version, or the same one rebuilt) builds in full.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("quire");
    std::fs::copy(QUIRE, &other).unwrap();
    let run = std::process::Command::new(&other)
        .args(["build", "--precompress"])
        .arg(site.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let run = Run::from(run).succeeds();
    assert_rebuilt(&run, "the quire binary");
}

#[test]
fn an_output_file_changed_by_hand_is_put_back() {
    let site = site();
    settle(&site);
    let guide = site.read("guide/guide.html");
    site.write("output/guide/guide.html", "tampered");
    assert_rebuilt(&build(&site, &[]), "an output file");
    assert_eq!(site.read("guide/guide.html"), guide);
    settle(&site);
    std::fs::remove_file(site.output().join("note.txt")).unwrap();
    assert_rebuilt(&build(&site, &[]), "a removed output file");
    assert_eq!(site.read("note.txt"), "note v1\n");
}

#[test]
fn a_damaged_or_foreign_record_is_ignored() {
    let site = site();
    settle(&site);
    let builds = site.path().join(".quire-cache/builds");
    let records: Vec<_> = std::fs::read_dir(&builds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none())
        .collect();
    assert_eq!(records.len(), 1, "one record per output folder");
    let record = &records[0];
    let good = std::fs::read(record).unwrap();
    for bad in [&good[..good.len() / 2], b"garbage".as_slice(), b""] {
        std::fs::write(record, bad).unwrap();
        assert_rebuilt(&build(&site, &[]), "a damaged record");
        settle(&site);
    }
    // A record that is a link is not followed.
    let elsewhere = site.path().join("elsewhere.json");
    std::fs::write(&elsewhere, std::fs::read(record).unwrap()).unwrap();
    std::fs::remove_file(record).unwrap();
    std::os::unix::fs::symlink(&elsewhere, record).unwrap();
    assert_rebuilt(&build(&site, &[]), "a record that is a link");
    assert!(Path::new(&elsewhere).is_file());
}

/// The summary line of a build that picked up from the last one says how many pages it rendered.
fn rendered(run: &Run) -> Option<usize> {
    let (before, _) = run.stdout.split_once(" rendered, ")?;
    let n = before.rsplit('(').next()?.split(' ').next()?;
    n.parse().ok()
}

/// Waits until the files just written are old enough to be known by their facts, and builds.
fn settle_old(site: &Site) -> Run {
    std::thread::sleep(std::time::Duration::from_millis(2100));
    settle(site)
}

/// After an edit of one page, `quire build` renders that page (and what shows it), not the
/// site; after a change of settings or templates it renders everything, as a clean build.
#[test]
fn a_build_after_one_edit_renders_only_what_the_edit_reached() {
    let site = site();
    settle_old(&site);
    site.write(
        "content/posts/first.md",
        "title: First post\ndate: 2024-01-02\n\nPost text, edited once.\n",
    );
    let run = build(&site, &[]);
    assert_eq!(rendered(&run), Some(1), "{}", run.stdout);
    assert!(site.read("blog/first.html").contains("edited once"));
    // A page's title shows in every sidebar (the chapters script, named by its content, lists
    // every chapter's pages): every page that links the script is rendered again.
    site.write(
        "content/pages/01-guide/01-install.md",
        "title: Installing\ntemplate: special\n\nInstall text.\n",
    );
    let run = build(&site, &[]);
    assert_eq!(rendered(&run), None, "{}", run.stdout);
    settle_old(&site);
    site.write(
        "templates/special.html",
        "<!doctype html><title>{{ page.title }}</title>{{ page.content | safe }} template-v3\n",
    );
    let run = build(&site, &[]);
    assert_eq!(
        rendered(&run),
        None,
        "a template change renders all: {}",
        run.stdout
    );
    assert!(site.read("guide/install.html").contains("template-v3"));
}

/// The record a build picks up from is trusted only whole, as written, and only while the
/// output folder is as that build left it.
#[test]
fn a_damaged_record_or_an_edited_output_folder_makes_a_build_start_over() {
    let site = site();
    settle_old(&site);
    let builds = site.path().join(".quire-cache/builds");
    let record = std::fs::read_dir(&builds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "resume"))
        .expect("a good build leaves a record to pick up from");
    let good = std::fs::read(&record).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    let mut longer = good.clone();
    longer.push(0);
    for (i, bad) in [
        &good[..good.len() - 1],
        &flipped[..],
        &longer[..],
        b"garbage",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(&record, bad).unwrap();
        site.write(
            "content/posts/first.md",
            format!("title: First post\ndate: 2024-01-02\n\nPost text {i}.\n"),
        );
        let run = build(&site, &[]);
        assert_eq!(
            rendered(&run),
            None,
            "a damaged record was used: {}",
            run.stdout
        );
        assert!(site
            .read("blog/first.html")
            .contains(&format!("Post text {i}.")));
    }
    // A file of the output folder edited by hand: the build starts over, and puts it back.
    settle_old(&site);
    let install = site.read("guide/install.html");
    site.write("output/guide/install.html", "tampered");
    site.write(
        "content/posts/first.md",
        "title: First post\ndate: 2024-01-02\n\nPost text again.\n",
    );
    let run = build(&site, &[]);
    assert_eq!(rendered(&run), None, "{}", run.stdout);
    assert_eq!(site.read("guide/install.html"), install);
    // A record that is a link is not followed.
    settle_old(&site);
    let elsewhere = site.path().join("elsewhere.resume");
    std::fs::rename(&record, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &record).unwrap();
    site.write(
        "content/posts/first.md",
        "title: First post\ndate: 2024-01-02\n\nPost text through a link.\n",
    );
    let run = build(&site, &[]);
    assert_eq!(
        rendered(&run),
        None,
        "a record that is a link was used: {}",
        run.stdout
    );
    // Other options (here --minify) are another build's: it starts over too.
    settle_old(&site);
    site.write(
        "content/posts/first.md",
        "title: First post\ndate: 2024-01-02\n\nPost text, minified.\n",
    );
    let run = build(&site, &["--minify"]);
    assert_eq!(rendered(&run), None, "{}", run.stdout);
    assert!(site
        .read("blog/first.html")
        .contains("Post text, minified."));
}
