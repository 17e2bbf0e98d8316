//! `quire serve` on a MkDocs project whose nav a plugin makes: a new page, an edit of a
//! folder's `.pages` or of `SUMMARY.md` changes the sidebar without a restart; a broken one
//! says its file and line and the last good site stays served.

use std::fs;

use crate::common;
use common::serve::Server;
use common::Site;

/// The sidebar's entries in order, as the served chapters script lists them: sections as
/// `Title:`, pages by title.
fn sidebar(server: &Server) -> Vec<String> {
    let home = server.body("/");
    let script = common::between(&home, "<script src=\"theme/chapters.", "\"");
    let js = server.body(&format!("/theme/chapters.{script}"));
    let start = js.find("[{").expect("the chapters' data");
    let mut de = serde_json::Deserializer::from_str(&js[start..]).into_iter::<serde_json::Value>();
    let mut out = Vec::new();
    for chapter in de.next().unwrap().unwrap().as_array().unwrap() {
        titles(chapter, &mut out);
    }
    out
}

fn titles(chapter: &serde_json::Value, out: &mut Vec<String>) {
    let title = chapter["title"].as_str().unwrap();
    let Some(items) = chapter["items"].as_array() else {
        out.push(title.to_string());
        return;
    };
    out.push(format!("{title}:"));
    for item in items {
        match item.as_array() {
            Some(page) => out.push(page[0].as_str().unwrap().to_string()),
            None => titles(item, out),
        }
    }
}

fn awesome_site() -> Site {
    let site = Site::new()
        .with(
            "mkdocs.yml",
            "site_name: Awe\nplugins:\n  - awesome-pages\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/guide/.pages", "nav:\n  - install.md\n  - ...\n")
        .with("docs/guide/install.md", "# Install\n")
        .with("docs/guide/usage.md", "# Usage\n");
    fs::remove_dir(site.path().join("content")).unwrap();
    site
}

#[test]
fn a_new_page_and_an_edited_pages_file_reorder_the_sidebar_while_serving() {
    let site = awesome_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    assert_eq!(sidebar(&server), ["Welcome", "Guide:", "Install", "Usage"]);

    // A page comes: it takes its place among the rest.
    site.write("docs/guide/advanced.md", "# Advanced\n");
    assert_eq!(events.next_build().name, "built");
    assert_eq!(
        sidebar(&server),
        ["Welcome", "Guide:", "Install", "Advanced", "Usage"]
    );

    // The folder's `.pages` changes the order, and the section's title.
    site.write(
        "docs/guide/.pages",
        "title: The Guide\nnav:\n  - usage.md\n  - ...\n  - install.md\n",
    );
    assert_eq!(events.next_build().name, "built");
    assert_eq!(
        sidebar(&server),
        ["Welcome", "The Guide:", "Usage", "Advanced", "Install"]
    );

    // A `.pages` that is not YAML: its file and line, and the last good site stays.
    site.write("docs/guide/.pages", "nav:\n  - usage.md\n\t- install.md\n");
    let e = events.next_build();
    assert_eq!(e.name, "failed", "{}", e.data);
    assert_eq!(
        e.data["errors"][0]["file"], "docs/guide/.pages",
        "{}",
        e.data
    );
    server.wait_printed("docs/guide/.pages:3");
    assert_eq!(
        sidebar(&server),
        ["Welcome", "The Guide:", "Usage", "Advanced", "Install"]
    );

    // Fixed: built again.
    site.write("docs/guide/.pages", "nav:\n  - install.md\n  - ...\n");
    assert_eq!(events.next_build().name, "built");
    assert_eq!(
        sidebar(&server),
        ["Welcome", "Guide:", "Install", "Advanced", "Usage"]
    );
}

#[test]
fn an_edited_summary_md_reorders_the_sidebar_and_a_broken_one_keeps_the_last_good_site() {
    let site = Site::new()
        .with("mkdocs.yml", "site_name: Lit\nplugins:\n  - literate-nav\n")
        .with(
            "docs/SUMMARY.md",
            "* [Home](index.md)\n* [One](one.md)\n* [Two](two.md)\n",
        )
        .with("docs/index.md", "# Welcome\n")
        .with("docs/one.md", "# One\n")
        .with("docs/two.md", "# Two\n");
    fs::remove_dir(site.path().join("content")).unwrap();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    assert_eq!(sidebar(&server), ["Home", "One", "Two"]);

    site.write(
        "docs/SUMMARY.md",
        "* [Home](index.md)\n* [Second](two.md)\n* [First](one.md)\n",
    );
    assert_eq!(events.next_build().name, "built");
    assert_eq!(sidebar(&server), ["Home", "Second", "First"]);

    // An item that is neither link nor section: SUMMARY.md's line, the last good site stays.
    site.write("docs/SUMMARY.md", "* [Home](index.md)\n* Just words\n");
    let e = events.next_build();
    assert_eq!(e.name, "failed", "{}", e.data);
    assert_eq!(e.data["errors"][0]["file"], "docs/SUMMARY.md", "{}", e.data);
    assert_eq!(e.data["errors"][0]["line"], 2, "{}", e.data);
    server.wait_printed("docs/SUMMARY.md:2");
    assert_eq!(sidebar(&server), ["Home", "Second", "First"]);
}
