//! A writer coming from MkDocs: a folder of Markdown written for GitHub, and a `nav:` in
//! site.yaml that says what the sidebar lists and in what order. Without one, the folders are
//! the chapters, each folder's README first.

use std::time::Duration;

use crate::common;

use common::serve::Server;
use common::{between, Site};

const NAV: &str = "title: Handbook
nav:
  - overview.md
  - Getting started: start.md
  - Guide:
      - guide/install.md
      - Advanced: guide/adv/README.md
      - Reference:
          - api/fields.md
      - Status: https://status.example.org/
  - GitHub: https://github.com/x/y
";

/// A GitHub-style folder: no front matter, titles from each page's `# heading`; `Guide` and
/// `Reference` are sections of the nav, not folders; `guide/adv/tuning.md` is in no nav entry;
/// two entries lead out of the site.
fn handbook() -> Site {
    Site::new()
        .with("site.yaml", NAV)
        .with("content/overview.md", "# Overview\n\nWhat this is.\n")
        .with("content/start.md", "# Getting started\n\nFirst steps.\n")
        .with("content/guide/install.md", "# Install\n\nHow.\n")
        .with(
            "content/guide/adv/README.md",
            "# Advanced topics\n\nMore.\n",
        )
        .with("content/guide/adv/tuning.md", "# Tuning\n\nFaster.\n")
        .with("content/api/fields.md", "# Fields\n\nEvery field.\n")
}

/// The built page titled `title` (wherever its folder puts it), as HTML.
fn page_titled(site: &Site, title: &str) -> String {
    let wanted = format!("<title>{title} · ");
    common::snapshot(&site.output())
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .find(|html| html.contains(&wanted))
        .unwrap_or_else(|| panic!("no page titled {title:?} was built"))
}

fn sidebar(html: &str) -> &str {
    between(html, "<nav class=\"sidebar\"", "</nav>")
}

/// The entries the chapters script adds to every sidebar, as (title, path, link) in order.
fn script_entries(site: &Site, html: &str) -> Vec<(String, String, bool)> {
    let src = between(sidebar(html), "<script src=\"", "\"");
    entries_of(&site.read(src.trim_start_matches("../")))
}

fn entries_of(script: &str) -> Vec<(String, String, bool)> {
    let data = between(script, "var chapters = ", ";\n");
    let list: serde_json::Value = serde_json::from_str(data).unwrap();
    (list.as_array().unwrap().iter())
        .map(|c| {
            (
                c["title"].as_str().unwrap().to_string(),
                c["path"].as_str().unwrap().to_string(),
                c["link"] == true,
            )
        })
        .collect()
}

/// The titles of the entries of a sidebar's open chapter: its pages, then its sections.
fn open_chapter(html: &str) -> Vec<&str> {
    let pages = between(sidebar(html), "<ol class=\"pages\">", "</ol></li>");
    pages
        .split("</a>")
        .filter_map(|item| item.rsplit('>').next())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

#[test]
fn the_nav_sets_the_sidebar_its_order_and_prev_next() {
    let site = handbook();
    let run = site.build().succeeds();

    // The top of the sidebar is the nav's, in its order: a page, a page it titles, a section
    // that is no folder, and a link out of the site, marked as one.
    let install = page_titled(&site, "Install");
    let top = script_entries(&site, &install);
    let titles: Vec<&str> = top.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(titles, ["Overview", "Getting started", "Guide", "GitHub"]);
    assert_eq!(
        top[3],
        ("GitHub".into(), "https://github.com/x/y".into(), true)
    );
    assert!(top[..3].iter().all(|(_, _, link)| !link));
    let src = between(sidebar(&install), "<script src=\"", "\"");
    let script = site.read(src.trim_start_matches("../"));
    assert!(
        script.contains("(another site)") && script.contains("\\u2197"),
        "the link is said and shown to leave the site: {script}"
    );

    // The open section lists its pages in the nav's order, named as the nav names them, then
    // its own section.
    assert_eq!(open_chapter(&install), ["Install", "Advanced", "Reference"]);
    assert!(
        sidebar(&install).contains("<li class=\"subchapter\"><a href=\"https://status.example.org/\" aria-label=\"Status (another site)\">Status <span aria-hidden=\"true\">↗</span></a></li>"),
        "a link in a section is marked too: {}",
        sidebar(&install)
    );
    assert!(
        install.contains("rel=\"next\">Advanced topics →</a>"),
        "{install}"
    );
    // prev/next read the nav from top to bottom, into and out of its sections.
    assert!(install.contains("rel=\"prev\">← Getting started</a>"));
    let advanced = page_titled(&site, "Advanced topics");
    assert!(advanced.contains("rel=\"prev\">← Install</a>"));
    assert!(advanced.contains("rel=\"next\">Fields →</a>"));

    // A section in a section: the sidebar goes down through both, and the breadcrumbs lead
    // up to the outer one (the inner one leads to this very page).
    let fields = page_titled(&site, "Fields");
    let crumbs = between(&fields, "<nav class=\"breadcrumbs\"", "</nav>");
    assert!(crumbs.contains(">Guide</a>"), "{crumbs}");
    let path = between(sidebar(&fields), "<ol class=\"chapter-path\">", "</ol>");
    assert!(path.contains(">Reference</a>"), "{path}");
    assert!(sidebar(&fields).contains(">Guide</a>"));

    // A page at the top of the nav is an entry of its own: open, it is marked, with no list
    // of one page under it.
    let start = page_titled(&site, "Getting started");
    assert!(sidebar(&start).contains("aria-current=\"page\">Getting started</a>"));
    assert!(!sidebar(&start).contains("<ol class=\"pages\">"));

    // The page the nav leaves out is built, in no sidebar, and one note says so.
    let tuning = page_titled(&site, "Tuning");
    assert!(!sidebar(&tuning).contains("<ol class=\"pages\">"));
    assert!(!install.contains("Tuning") && !script.contains("Tuning"));
    let notes = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(
        notes.matches("not in site.yaml's `nav:`").count(),
        1,
        "{notes}"
    );
    assert!(
        notes.contains("1 page is not in site.yaml's `nav:`"),
        "{notes}"
    );
    assert!(notes.contains("content/guide/adv/tuning.md"), "{notes}");
}

/// The prev and next links of the page titled `title`, by their titles.
fn prev_next(site: &Site, title: &str) -> (Option<String>, Option<String>) {
    let html = page_titled(site, title);
    let link = |rel: &str, arrow: &str| {
        let at = format!("rel=\"{rel}\">");
        html.contains(&at).then(|| {
            between(&html, &at, "</a>")
                .replace(arrow, "")
                .trim()
                .to_string()
        })
    };
    (link("prev", "←"), link("next", "→"))
}

#[test]
fn prev_next_read_the_whole_nav_in_order_skipping_its_links() {
    let site = handbook();
    site.build().succeeds();
    let some = |t: &str| Some(t.to_string());
    // The first page has no prev, the last no next; top-level pages and the ends of
    // sections lead on; the `Status` link between Reference and GitHub is no stop.
    assert_eq!(
        prev_next(&site, "Overview"),
        (None, some("Getting started"))
    );
    assert_eq!(
        prev_next(&site, "Getting started"),
        (some("Overview"), some("Install"))
    );
    assert_eq!(prev_next(&site, "Fields"), (some("Advanced topics"), None));
    // The page the nav leaves out is read nowhere.
    assert_eq!(prev_next(&site, "Tuning"), (None, None));
}

#[test]
fn a_nav_path_that_names_no_page_fails_with_its_line_and_the_nearest_path() {
    let site = handbook().with(
        "site.yaml",
        &NAV.replace("guide/install.md", "guide/instal.md"),
    );
    site.build()
        .fails()
        .says("site.yaml:6")
        .says("`guide/instal.md`")
        .says("did you mean `guide/install.md`?");
    assert!(
        !site.output().exists(),
        "nothing is written: {:?}",
        common::snapshot(&site.output()).keys()
    );
    // Not even a path whose only page is a post (listed on the blog, by date).
    let site = handbook()
        .with("content/news.md", "title: News\ndate: 2024-01-02\n\nNew.\n")
        .with("site.yaml", &format!("{NAV}  - news.md\n"));
    site.build().fails().says("site.yaml:12").says("is a post");
}

#[test]
fn a_page_listed_twice_takes_its_first_place() {
    let site = handbook().with(
        "site.yaml",
        &NAV.replace(
            "  - overview.md\n",
            "  - Home: guide/install.md\n  - overview.md\n",
        ),
    );
    site.build().succeeds();
    let install = page_titled(&site, "Install");
    // Its first listing is at the top: there it is open, on its own; the Guide still lists it.
    assert!(sidebar(&install).contains("class=\"current-link\" aria-current=\"page\">Home</a>"));
    assert!(
        !sidebar(&install).contains("<ol class=\"pages\">"),
        "listed once"
    );
    // It is read first, and not again where the Guide lists it.
    assert!(!install.contains("rel=\"prev\""));
    assert!(install.contains("rel=\"next\">Overview →</a>"));
    let start = page_titled(&site, "Getting started");
    assert!(
        start.contains("rel=\"next\">Advanced topics →</a>"),
        "{start}"
    );
    let advanced = page_titled(&site, "Advanced topics");
    assert_eq!(open_chapter(&advanced), ["Home", "Advanced", "Reference"]);
}

#[test]
fn without_a_nav_each_folder_opens_with_its_readme_then_prefixes_then_titles() {
    let site = Site::new()
        .with("content/guide/gamma.md", "# Gamma\n\nText.\n")
        .with("content/guide/02-alpha.md", "# Alpha\n\nText.\n")
        .with("content/guide/beta.md", "# Beta\n\nText.\n")
        .with("content/guide/01-zed.md", "# Zed\n\nText.\n")
        .with("content/guide/README.md", "# The guide\n\nStart here.\n");
    site.build().succeeds();
    let beta = page_titled(&site, "Beta");
    // The README titles the chapter, and is its link rather than again one of its pages.
    assert!(
        sidebar(&beta).contains(">The guide</a>\n"),
        "{}",
        sidebar(&beta)
    );
    assert_eq!(open_chapter(&beta), ["Zed", "Alpha", "Beta", "Gamma"]);
}

#[test]
fn editing_the_nav_while_serving_rebuilds_every_sidebar() {
    let site = Site::new()
        .with("content/a.md", "slug: a\n\n# A\n\nText.\n")
        .with("content/b.md", "slug: b\n\n# B\n\nText.\n")
        .with("site.yaml", "nav:\n  - First: a.md\n  - Second: b.md\n");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let order = |server: &Server| {
        let html = server.body("/a.html");
        let src = between(sidebar(&html), "<script src=\"", "\"").to_string();
        let entries = entries_of(&server.body(&format!("/{}", src.trim_start_matches('/'))));
        entries.into_iter().map(|(t, _, _)| t).collect::<Vec<_>>()
    };
    assert_eq!(order(&server), ["First", "Second"]);
    std::thread::sleep(Duration::from_millis(50));
    site.write("site.yaml", "nav:\n  - Second: b.md\n  - First: a.md\n");
    let e = events.next_build();
    assert_eq!(e.name, "built", "{}", e.data);
    assert_eq!(order(&server), ["Second", "First"]);
}

#[test]
fn while_serving_prev_next_follow_a_retitled_neighbour_and_an_edited_nav() {
    let site = Site::new()
        .with("content/a.md", "slug: a\n\n# A\n\nText.\n")
        .with("content/b.md", "slug: b\n\n# B\n\nText.\n")
        .with("content/c.md", "slug: c\n\n# C\n\nText.\n")
        .with(
            "site.yaml",
            "nav:\n  - a.md\n  - Part:\n    - b.md\n  - c.md\n",
        );
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let next_of = |server: &Server, page: &str| {
        let html = server.body(page);
        between(&html, "rel=\"next\">", "</a>").to_string()
    };
    assert_eq!(next_of(&server, "/a.html"), "B →");
    // B is in a section of its own: A's chapter looks the same, and A's next still changes.
    std::thread::sleep(Duration::from_millis(50));
    site.write("content/b.md", "slug: b\ntitle: Bee\n\nText.\n");
    let e = events.next_build();
    assert_eq!(e.name, "built", "{}", e.data);
    assert_eq!(next_of(&server, "/a.html"), "Bee →");
    std::thread::sleep(Duration::from_millis(50));
    site.write(
        "site.yaml",
        "nav:\n  - a.md\n  - c.md\n  - Part:\n    - b.md\n",
    );
    let e = events.next_build();
    assert_eq!(e.name, "built", "{}", e.data);
    assert_eq!(next_of(&server, "/a.html"), "C →");
    assert_eq!(next_of(&server, "/c.html"), "Bee →");
}

#[test]
fn a_section_lists_its_pages_and_sections_in_the_order_the_nav_writes_them() {
    let site = Site::new()
        .with("content/a.md", "# A\n\nText.\n")
        .with("content/b.md", "# B\n\nText.\n")
        .with("content/s.md", "# S\n\nText.\n")
        .with(
            "site.yaml",
            "nav:\n  - Part:\n    - a.md\n    - Sub:\n      - s.md\n    - b.md\n",
        );
    site.build().succeeds();
    let b = page_titled(&site, "B");
    assert_eq!(open_chapter(&b), ["A", "Sub", "B"], "{}", sidebar(&b));
    assert!(
        sidebar(&b).contains("aria-current=\"page\"><a href=\"b.html\">B</a>"),
        "{}",
        sidebar(&b)
    );
}
