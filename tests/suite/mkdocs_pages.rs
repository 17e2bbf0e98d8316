//! A MkDocs project built as it is: its pages titled and its nav made as MkDocs 1.6 makes them,
//! Material's front-matter keys doing what Material does, and what MkDocs' plugins would have
//! generated shown for what it is, with one warning of each kind.

use std::path::Path;

use crate::common::{self, between, Site};

/// A MkDocs project: `mkdocs.yml` and its docs/ folder.
fn project(mkdocs_yml: &str) -> Site {
    Site::new().with("mkdocs.yml", mkdocs_yml)
}

/// The whole nav as the chapters script holds it, one line per entry as
/// tests/fixtures/mkdocs-autonav/expected-nav.txt writes Material's sidebar: `title -> url`
/// for a page, `title:` for a section, its entries indented under it.
pub(crate) fn nav_lines(output: &Path) -> Vec<String> {
    let data = chapters(output);
    let mut lines = Vec::new();
    for chapter in data.as_array().unwrap() {
        chapter_lines(chapter, 0, &mut lines);
    }
    lines
}

fn url(path: &str) -> String {
    match path.strip_suffix("index.html").unwrap_or(path) {
        "" => ".".to_string(),
        p => p.to_string(),
    }
}

fn chapter_lines(chapter: &serde_json::Value, depth: usize, lines: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    let title = chapter["title"].as_str().unwrap();
    let items = chapter["items"].as_array();
    let path = chapter["path"].as_str().unwrap();
    match items {
        None => lines.push(format!("{pad}{title} -> {}", url(path))),
        Some(items) => {
            lines.push(format!("{pad}{title}:"));
            for item in items {
                match item.as_array() {
                    Some(page) => lines.push(format!(
                        "{pad}  {} -> {}",
                        page[0].as_str().unwrap(),
                        url(page[1].as_str().unwrap())
                    )),
                    None => chapter_lines(item, depth + 1, lines),
                }
            }
        }
    }
}

#[test]
fn without_a_nav_the_sidebar_is_the_one_mkdocs_makes() {
    // expected-nav.txt is Material's sidebar from `mkdocs build` (1.6.1, Material 9.8.2) of
    // this very folder, read by a script from its index.html.
    let site = Site::fixture("mkdocs-autonav");
    let out = site.path().join("site-by-quire");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let expected = std::fs::read_to_string(
        common::repo().join("tests/fixtures/mkdocs-autonav/expected-nav.txt"),
    )
    .unwrap();
    assert_eq!(nav_lines(&out).join("\n"), expected.trim_end());
    // Each page's <title> is its title, as MkDocs decides it.
    for (page, title) in [
        ("my_page/index.html", "My page"),
        ("about/index.html", "About us"),
        ("user-guide/Advanced/tuning/index.html", "Tuning"),
        ("api_reference/client/index.html", "The Client class"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let shown = between(&html, "<title>", "<");
        assert!(shown.starts_with(title), "{page}: {shown}");
    }
}

#[test]
fn the_nav_title_is_the_pages_title_and_untitled_sections_take_their_index() {
    let site = project(
        "site_name: Tool\nnav:\n  - Introduction: index.md\n  - Start: start.md\n  - \"\":\n    - tutorial/index.md\n    - tutorial/first.md\n",
    )
    .with("docs/index.md", "Welcome, no heading here.\n")
    .with("docs/start.md", "Text before.\n\n# Getting going\n")
    .with("docs/tutorial/index.md", "# Tutorial - User Guide\n\nRead on.\n")
    .with("docs/tutorial/first.md", "# First steps\n")
    .with("docs/extra.md", "# Not in the nav\n");
    let out = site.path().join("out");
    let run = site
        .quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    // MkDocs names the page outside the nav (at INFO): one note, naming it.
    let outside: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("not in mkdocs.yml's `nav:`"))
        .collect();
    assert_eq!(outside.len(), 1, "{}", run.stderr);
    assert!(outside[0].contains("`docs/extra.md`"), "{}", outside[0]);
    let start = std::fs::read_to_string(out.join("start/index.html")).unwrap();
    assert!(between(&start, "<title>", "<").starts_with("Start"));
    // Its own heading, further down, is its H1; the nav's title is not shown over it.
    assert!(start.contains("id=\"getting-going\">Getting going<"));
    assert!(!start.contains("<h1>Start</h1>"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<h1>Introduction</h1>"),
        "the nav title is shown as its H1"
    );
    let lines = nav_lines(&out);
    assert!(
        lines.contains(&"Tutorial - User Guide:".to_string()),
        "{lines:#?}"
    );
    assert!(
        out.join("extra/index.html").is_file(),
        "built though not in the nav"
    );
}

#[test]
fn materials_front_matter_keys_do_what_material_does() {
    let page = |front: &str, body: &str| format!("---\n{front}\n---\n\n{body}\n");
    let sections = "## One\n\nText.\n\n## Two\n\nText.";
    let hidden = "hide: [navigation, toc, footer, path, tags]\ntags: [a, b]";
    let site = project("site_name: Keys\n")
        .with(
            "docs/index.md",
            &page("description: The home page.", "# Home"),
        )
        .with(
            "docs/hides.md",
            &page(hidden, &format!("# Hides\n\n{sections}")),
        )
        .with(
            "docs/shows.md",
            &page("tags: [a, b]", &format!("# Shows\n\n{sections}")),
        )
        .with(
            "docs/secret.md",
            &page("search:\n  exclude: true", "# Secret\n\nzanzibarword"),
        )
        .with(
            "docs/new.md",
            &page(
                "status: new\ntemplate: home.html\nicon: material/star",
                "# New\n\nzoqword",
            ),
        )
        .with(
            "docs/old.md",
            &page(
                "status: deprecated\nauthors: [ann, bob]\ncategories: [News]",
                "# Old",
            ),
        )
        .with(
            "docs/blog/posts/hello.md",
            &page(
                "date:\n  created: 2024-01-02\n  updated: 2024-02-03",
                "# Hello",
            ),
        );
    let out = site.path().join("out");
    let run = site
        .quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let read = |page: &str| std::fs::read_to_string(out.join(page)).unwrap();
    assert!(read("index.html").contains("<meta name=\"description\" content=\"The home page.\">"));
    // Each part `hide:` names is on the page that does not hide it, and off the one that does.
    let (hides, shows) = (read("hides/index.html"), read("shows/index.html"));
    for (part, mark) in [
        (
            "navigation",
            "<nav class=\"sidebar\" id=\"sidebar\" aria-label=\"Chapters\">",
        ),
        ("toc", "<nav class=\"toc\""),
        ("footer", "<nav class=\"prevnext\""),
        ("path", "<nav class=\"breadcrumbs\""),
        ("tags", "<ul class=\"tags\""),
    ] {
        assert!(shows.contains(mark), "{part} is shown unless hidden");
        assert!(!hides.contains(mark), "hide: {part}");
    }
    // The index (sealed word files) has the findable page's word, not the excluded page's.
    let words = common::search_words(&out);
    assert!(words.contains_key("zoqword"), "the control word is indexed");
    assert!(
        !words.contains_key("zanzibarword"),
        "search: exclude leaves the page out"
    );
    assert!(
        run.stderr.contains("Material (Jinja) template"),
        "{}",
        run.stderr
    );
    assert!(out.join("new/index.html").is_file());
    assert!(out.join("old/index.html").is_file());
}

#[test]
fn api_blocks_autorefs_and_macros_show_for_what_they_are_with_one_warning_each() {
    let site = project("site_name: Api\n")
        .with(
            "docs/index.md",
            "# Api\n\n::: httpx.Client\n    :docstring:\n    :members: get\n\nSee [`Client`][httpx.Client].\n",
        )
        .with("docs/more.md", "# More\n\n::: httpx.get\n\nVersion {{ version }}.\n");
    let out = site.path().join("out");
    let run = site
        .quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("API reference for <code>httpx.Client</code> is not generated by quire"));
    assert!(!home.contains(":members:"));
    assert!(
        home.contains("See <code>Client</code>."),
        "autorefs as code"
    );
    for (what, count) in [
        ("API reference blocks", "(2 on 2 pages)"),
        ("cross-references (autorefs)", "(1 on 1 page)"),
        ("MkDocs macros or hooks", "(1 on 1 page)"),
    ] {
        let line = (run.stderr.lines())
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no warning for {what}: {}", run.stderr));
        assert!(line.contains(count), "{line}");
        assert_eq!(
            run.stderr.matches(what).count(),
            1,
            "one warning for {what}"
        );
    }
}

/// The sidebar's chapters, as the chapters script of the built site holds them.
fn chapters(output: &Path) -> serde_json::Value {
    let home = std::fs::read_to_string(output.join("index.html")).unwrap();
    let script = between(&home, "<script src=\"theme/chapters.", "\"");
    let js = std::fs::read_to_string(output.join(format!("theme/chapters.{script}"))).unwrap();
    let start = js.find("[{").expect("the chapters' data");
    let mut de = serde_json::Deserializer::from_str(&js[start..]).into_iter::<serde_json::Value>();
    de.next().unwrap().unwrap()
}

/// The sidebar's top chapter titled `title`, as the chapters script holds it.
fn chapter(output: &Path, title: &str) -> serde_json::Value {
    let data = chapters(output);
    let found = (data.as_array().unwrap().iter()).find(|c| c["title"] == title);
    found
        .unwrap_or_else(|| panic!("no chapter {title}: {data}"))
        .clone()
}

#[test]
fn the_home_pages_title_is_the_site_name_alone_as_material_writes_it() {
    let site = project("site_name: Tool\n")
        .with("docs/index.md", "# Welcome\n")
        .with("docs/guide.md", "# Guide\n");
    let out = site.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let title = |rel: &str| {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        between(&html, "<title>", "</title>").to_string()
    };
    assert_eq!(title("index.html"), "Tool");
    assert_eq!(title("guide/index.html"), "Guide · Tool");
    // A title in the front matter is said on the home page too (Material's `page.meta.title`).
    site.write(
        "docs/index.md",
        "---\ntitle: Start here\n---\n\n# Welcome\n",
    );
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    assert_eq!(title("index.html"), "Start here · Tool");
}

#[test]
fn with_navigation_indexes_a_sections_index_page_is_the_sections_own_link() {
    let nav = "nav:\n  - Home: index.md\n  - Guide:\n    - guide/index.md\n    - Install: guide/install.md\n";
    let pages = |yml: &str| {
        project(yml)
            .with("docs/index.md", "# Welcome\n")
            .with("docs/guide/index.md", "# About the guide\n")
            .with("docs/guide/install.md", "# Install\n")
    };
    let site = pages(&format!(
        "site_name: Tool\ntheme:\n  name: material\n  features: [navigation.indexes]\n{nav}"
    ));
    let out = site.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    // Material: the section's title links to guide/, and only Install is listed under it.
    let guide = chapter(&out, "Guide");
    assert_eq!(guide["path"], "guide/index.html", "{guide}");
    assert_eq!(
        nav_lines(&out),
        ["Home -> .", "Guide:", "  Install -> guide/install/"]
    );
    // Without the feature, the section is a heading and its index one of its pages.
    let plain = pages(&format!("site_name: Tool\ntheme:\n  name: material\n{nav}"));
    let out = plain.path().join("out");
    plain
        .quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    assert_eq!(
        nav_lines(&out),
        [
            "Home -> .",
            "Guide:",
            "  About the guide -> guide/",
            "  Install -> guide/install/"
        ]
    );
}

#[test]
fn pages_outside_the_nav_get_one_line_and_not_in_nav_quiets_it() {
    let yml = "site_name: Tool\nnav:\n  - index.md\n";
    let pages = |yml: &str| {
        project(yml)
            .with("docs/index.md", "# Welcome\n")
            .with("docs/old.md", "# Old\n")
            .with("docs/extra/a.md", "# A\n")
            .with("docs/extra/b.md", "# B\n")
    };
    let run = pages(yml).build().succeeds();
    let said: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("not in mkdocs.yml's `nav:`"))
        .collect();
    assert_eq!(said.len(), 1, "{}", run.stderr);
    assert!(said[0].contains("3 pages are not in"), "{}", said[0]);
    // `not_in_nav` names the pages meant to be outside it: not a word of those.
    let run = pages(&format!("{yml}not_in_nav: |\n  /extra/\n"))
        .build()
        .succeeds();
    let said: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("`nav:`"))
        .collect();
    assert_eq!(said.len(), 1, "{}", run.stderr);
    assert!(
        said[0].contains("1 page is not in mkdocs.yml's `nav:`"),
        "{}",
        said[0]
    );
    assert!(said[0].contains("docs/old.md"), "{}", said[0]);
    let run = pages(&format!("{yml}not_in_nav: |\n  /extra/\n  old.md\n"))
        .build()
        .succeeds();
    assert!(!run.stderr.contains("`nav:`"), "{}", run.stderr);
}

#[test]
fn a_mkdocs_project_is_not_told_of_built_ins_nor_of_each_repeated_heading() {
    let site = project("site_name: Tool\n")
        .with("docs/index.md", "# Welcome\n")
        .with(
            "docs/options.md",
            "# Options\n\n## Verbose\n\n### Example\n\nx\n\n## Quiet\n\n### Example\n\ny\n\n## Color\n\n### Example\n\nz\n",
        )
        .with("docs/args.md", "# Args\n\n## Name\n\n### Example\n\nx\n\n## Age\n\n### Example\n\ny\n");
    let run = site.build().succeeds();
    let all = format!("{}{}", run.stderr, run.stdout);
    assert!(!all.contains("replaces the built-in"), "{all}");
    let repeated: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("duplicate heading"))
        .collect();
    assert_eq!(repeated.len(), 1, "{all}");
    assert!(
        repeated[0].contains("3 duplicate headings on 2 pages"),
        "{}",
        repeated[0]
    );
    // Each still has its own id: the second Example is not the first's.
    let options = std::fs::read_to_string(site.path().join("site/options/index.html")).unwrap();
    assert!(options.contains("id=\"example-1\""), "{options}");
}
