//! Any folder is a site: a folder of Markdown without content/ builds as it is, and
//! `content_dir:` in site.yaml names the folder of pages (as MkDocs' `docs_dir`).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::time::Duration;

use crate::common::serve::{changed, Server};
use crate::common::Site;

/// A folder of Markdown written for GitHub: no site.yaml, no content/, no front matter.
fn plain_folder() -> Site {
    let site = Site::new();
    fs::remove_dir(site.path().join("content")).unwrap();
    site.with(
        "README.md",
        "# Handbook\n\nWelcome aboard. ![logo](img/logo.png)\n",
    )
    .with("guide/install.md", "# Install\n\nRun the installer.\n")
    .with("img/logo.png", "not really a PNG")
}

/// The pages of the output whose text says `text`.
fn saying(output: &BTreeMap<String, Vec<u8>>, text: &str) -> Vec<String> {
    (output.iter())
        .filter(|(path, _)| path.ends_with(".html"))
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(text))
        .map(|(path, _)| path.clone())
        .collect()
}

/// Exactly one page of the output says `text`.
fn one_page_says(output: &BTreeMap<String, Vec<u8>>, text: &str) {
    let pages = saying(output, text);
    assert_eq!(
        pages.len(),
        1,
        "{text:?} in {pages:?}, of {:?}",
        output.keys()
    );
}

#[test]
fn a_plain_folder_of_markdown_builds_into_its_output_folder() {
    let site = plain_folder().with("static/extra.css", "body {}\n");
    site.build().succeeds();
    let first = site.snapshot();
    one_page_says(&first, "Run the installer.");
    one_page_says(&first, "Welcome aboard.");
    assert!(first.contains_key("img/logo.png"), "{:?}", first.keys());
    // static/ is copied by its own rule, and site.yaml never.
    assert!(first.contains_key("extra.css"), "{:?}", first.keys());
    assert!(!first.keys().any(|k| k.starts_with("static/")));

    // A second build, with nothing kept from the first, finds the same pages: the output
    // folder is not read back as pages or files to copy.
    site.quire(&["build", "--no-cache"]).succeeds();
    assert_eq!(site.snapshot(), first);
    assert!(!first.keys().any(|k| k.starts_with("output/")));

    quire_check_is_clean(&site);
}

#[test]
fn a_site_built_elsewhere_before_is_not_read_back_either() {
    let site = plain_folder().with("site.yaml", "title: Handbook\n");
    let public = site.path().join("public");
    site.quire(&["build", "-o", public.to_str().unwrap()])
        .succeeds();
    site.build().succeeds();
    let output = site.snapshot();
    assert!(
        !output.keys().any(|k| k.starts_with("public/")),
        "{:?}",
        output.keys()
    );
    assert!(!output.contains_key("site.yaml"));
    one_page_says(&output, "Run the installer.");
}

#[test]
fn content_dir_names_the_folder_of_pages() {
    let site = Site::new()
        .with("site.yaml", "title: Docs\ncontent_dir: docs\n")
        .with(
            "docs/guide/a.md",
            "# Alpha\n\nAlpha text. [b]({filename}/guide/missing.md)\n",
        )
        .with("content/b.md", "# Beta\n\nBeta text.\n");
    // Messages name a page from the site folder, and a missing page where it was looked for.
    site.build()
        .fails()
        .says("docs/guide/a.md:3")
        .says("there is no page or file docs/guide/missing.md");
    site.write("docs/guide/a.md", "# Alpha\n\nAlpha text.\n");
    site.build().succeeds();
    let output = site.snapshot();
    one_page_says(&output, "Alpha text.");
    assert!(saying(&output, "Beta text.").is_empty());
}

#[test]
fn an_output_folder_inside_the_named_folder_of_pages_is_refused() {
    let site = Site::new()
        .with("site.yaml", "content_dir: docs\n")
        .with("docs/a.md", "# Alpha\n\nAlpha text.\n");
    let inside = site.path().join("docs/site");
    let inside = inside.to_str().unwrap();
    site.quire(&["build", "-o", inside])
        .fails()
        .says("would overlap the site's sources");
    site.quire(&["serve", "--port", "0", "-o", inside])
        .fails()
        .says("would overlap the site's sources");
    assert!(!site.path().join("docs/site").exists());
}

#[test]
fn content_dir_may_be_the_site_folder_itself() {
    let site = Site::new()
        .with("site.yaml", "content_dir: .\n")
        .with("a.md", "# Alpha\n\nAlpha text.\n")
        .with("content/b.md", "# Beta\n\nBeta text.\n");
    site.build().succeeds();
    let output = site.snapshot();
    one_page_says(&output, "Alpha text.");
    // content/ is then a folder of pages like any other.
    one_page_says(&output, "Beta text.");
}

#[test]
fn content_dir_outside_the_site_folder_is_refused_with_its_line() {
    let site = Site::new()
        .with("site.yaml", "title: Docs\ncontent_dir: ../elsewhere\n")
        .with("content/a.md", "# A\n\nText.\n");
    site.build()
        .fails()
        .says("site.yaml:2")
        .says("`content_dir:` ../elsewhere is not a folder inside the site folder");
    assert!(!site.output().exists());
}

#[test]
fn a_missing_or_linked_content_dir_is_refused() {
    let site = Site::new().with("site.yaml", "content_dir: docs\n");
    site.build().fails().says("the site has no docs/ folder");

    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("notes.md"),
        "# Private\n\nMy notes.\n",
    )
    .unwrap();
    symlink(elsewhere.path(), site.path().join("docs")).unwrap();
    site.build()
        .fails()
        .says("the docs/ folder is a symbolic link");
    assert!(!site.output().exists());
}

#[test]
fn a_folder_without_any_markdown_says_what_to_do() {
    let site = Site::new().with("notes.txt", "no pages here\n");
    fs::remove_dir(site.path().join("content")).unwrap();
    site.build()
        .fails()
        .says("no Markdown pages")
        .says("quire build path/to/docs");
}

#[test]
fn serving_a_plain_folder_rebuilds_once_per_edit_and_never_for_its_own_writes() {
    let site = plain_folder();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    site.write("guide/install.md", "# Install\n\nRun the new installer.\n");
    let built = events.next_build();
    let pages = changed(&built);
    assert_eq!(pages.len(), 1, "{}", built.data);
    assert!(server
        .body(&format!("/{}", pages[0]))
        .contains("Run the new installer."));
    // The rebuild wrote into output/ and .quire-cache/, both inside the folder of pages.
    let more = events.builds_within(Duration::from_millis(1500));
    assert!(
        more.is_empty(),
        "quire rebuilt for its own writes: {more:?}"
    );

    // A new folder of pages is watched as well.
    site.write("faq/questions.md", "# Questions\n\nAsk away.\n");
    events.next_build();
    site.write("faq/questions.md", "# Questions\n\nAsk anything.\n");
    let built = events.next_build();
    let pages = changed(&built);
    assert!(
        pages
            .iter()
            .any(|p| server.body(&format!("/{p}")).contains("Ask anything.")),
        "{}",
        built.data
    );
}

fn quire_check_is_clean(site: &Site) {
    site.quire(&["check"]).succeeds();
}
