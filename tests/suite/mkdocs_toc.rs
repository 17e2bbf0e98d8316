//! A MkDocs project's `toc:` options shape its headings as Python-Markdown's toc writes them:
//! the permalink's text and title, the contents' depth and title, and the ids' case; and
//! whether fences nest (`pymdownx.superfences`), which MkDocs reads next to them.

use std::fs;

use crate::common::Site;

/// A MkDocs project whose `markdown_extensions` is `toc` with these options, and one page.
fn project(toc_options: &str, page: &str) -> Site {
    let site = Site::new();
    fs::remove_dir(site.path().join("content")).unwrap();
    site.with(
        "mkdocs.yml",
        &format!("site_name: X\nmarkdown_extensions:\n  - toc:\n{toc_options}"),
    )
    .with("docs/index.md", page)
}

/// The page as built, and what the build printed.
fn built(site: &Site) -> (String, String) {
    let run = site.build().succeeds();
    let html = fs::read_to_string(site.path().join("site/index.html")).unwrap();
    (html, run.stderr + &run.stdout)
}

const PAGE: &str = "# Title\n\n## Hello World\n\n### Deeper Down\n\n#### Deepest\n\n## Second\n\n### Second Deeper\n";

/// The links of the page's contents (the sidebar's `<nav class="toc">`, which shows two levels
/// of the page's tree).
fn contents(html: &str) -> Vec<&str> {
    let start = html
        .find("<nav class=\"toc\"")
        .expect("a page with contents");
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    nav.split("href=\"#")
        .skip(1)
        .map(|l| &l[..l.find('"').unwrap()])
        .collect()
}

#[test]
fn the_permalink_is_the_symbol_and_title_the_project_chose() {
    let (html, _) = built(&project(
        "      permalink: \"#\"\n      permalink_title: Link to this section\n",
        PAGE,
    ));
    assert!(
        html.contains("<h2 id=\"hello-world\">Hello World<a class=\"headerlink\" href=\"#hello-world\" title=\"Link to this section\">#</a></h2>"),
        "{html}"
    );
    let (html, _) = built(&project("      permalink: true\n", PAGE));
    assert!(
        html.contains("href=\"#hello-world\" title=\"Permanent link\">¶</a></h2>"),
        "{html}"
    );
}

#[test]
fn without_permalink_headings_have_ids_and_no_link_as_in_mkdocs() {
    let (html, _) = built(&project("      title: Contents\n", PAGE));
    assert!(
        html.contains("<h2 id=\"hello-world\">Hello World</h2>"),
        "{html}"
    );
    assert!(!html.contains("class=\"headerlink\""), "{html}");
}

#[test]
fn toc_depth_limits_the_contents_and_deeper_headings_keep_their_ids() {
    let (html, _) = built(&project("      toc_depth: 2\n", PAGE));
    assert_eq!(contents(&html), ["hello-world", "second"]);
    assert!(html.contains("<h4 id=\"deepest\">"), "{html}");
    let (html, _) = built(&project("      toc_depth: \"3-4\"\n", PAGE));
    assert_eq!(contents(&html), ["deeper-down", "deepest", "second-deeper"]);
}

#[test]
fn a_toc_depth_that_is_no_level_is_a_warning_with_its_line() {
    let (html, printed) = built(&project("      toc_depth: \"5-2\"\n", PAGE));
    assert!(
        printed.contains("mkdocs.yml:4") && printed.contains("toc depth `5-2`"),
        "{printed}"
    );
    assert_eq!(
        contents(&html),
        ["hello-world", "deeper-down", "second", "second-deeper"]
    );
}

#[test]
fn pymdownx_slugify_keeps_the_case_unless_told_lower() {
    let slugify = |kwds: &str| {
        format!(
            "      slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{{kwds}}}}}\n"
        )
    };
    let (html, _) = built(&project(&slugify("case: none"), PAGE));
    assert!(html.contains("<h2 id=\"Hello-World\">"), "{html}");
    let (html, _) = built(&project(&slugify("case: lower"), PAGE));
    assert!(html.contains("<h2 id=\"hello-world\">"), "{html}");
}

#[test]
fn the_title_heads_the_contents_toc_places() {
    let (html, _) = built(&project(
        "      title: On this page\n",
        "# Title\n\n[TOC]\n\n## One\n",
    ));
    assert!(
        html.contains("<div class=\"toc\">\n<span class=\"toctitle\">On this page</span><ul>"),
        "{html}"
    );
}

/// Without `pymdownx.superfences`, Python-Markdown finds fences only at the start of a line:
/// one in a list item is text, as MkDocs shows it; listing superfences makes it code.
#[test]
fn a_fence_in_a_list_is_code_only_with_superfences() {
    let page = "# Steps\n\n1. Install:\n\n    ```bash\n    pip install x\n    ```\n\n```python\ntop = 1\n```\n";
    let (plain, _) = built(&project("      permalink: true\n", page));
    let words = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("<p><code>bash pip install x </code></p>"),
        "{plain}"
    );
    assert_eq!(
        plain.matches("<pre").count(),
        1,
        "the top-level fence is code: {plain}"
    );
    let site = project("      permalink: true\n  - pymdownx.superfences\n", page);
    let (fenced, _) = built(&site);
    assert_eq!(fenced.matches("<pre").count(), 2, "{fenced}");
}

#[test]
fn repeated_headings_take_python_markdowns_ids_so_the_projects_links_to_them_resolve() {
    // typer's pages repeat "Example" and link to the repeats by the ids MkDocs wrote.
    let page = "# Title\n\nSee [the second](#usage_1) and [the third](#usage_2), and \
                [step two](#step_2).\n\n## Usage\n\n## Usage\n\n## Usage\n\n## step_1\n\n## step_1\n";
    let (html, out) = built(&project("      permalink: true\n", page));
    for id in ["usage", "usage_1", "usage_2", "step_1", "step_2"] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "no id {id}:\n{html}"
        );
    }
    assert!(!html.contains("id=\"usage-1\""), "{html}");
    assert!(!out.contains("missing-anchor"), "{out}");
}

#[test]
fn a_quire_site_keeps_its_own_ids_for_repeats() {
    let site = Site::new().with("content/a.md", "title: A\n\n## Usage\n\n## Usage\n");
    site.build().succeeds();
    let html = fs::read_to_string(site.path().join("output/a.html")).unwrap();
    assert!(html.contains("id=\"usage-1\""), "{html}");
}

#[test]
fn ids_fold_to_ascii_as_python_markdowns_slugify_unless_the_project_names_another() {
    // What MkDocs 1.6.1 (Python-Markdown 3.11) writes for these headings, by each slugify.
    let page = "# Title\n\n## Café crème\n\n## 日本語\n\n## C++ and C#\n";
    let (html, _) = built(&project("      permalink: true\n", page));
    for id in ["cafe-creme", "_1", "c-and-c"] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "no id {id}:\n{html}"
        );
    }
    let (html, _) = built(&project(
        "      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n",
        page,
    ));
    for id in ["café-crème", "日本語"] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "no id {id}:\n{html}"
        );
    }
}

/// Material shows `toc: title:` as the heading of the page's contents beside it; a project
/// without one, and a quire site, keep the theme's "On this page".
#[test]
fn the_title_heads_the_sidebar_contents_too() {
    let (html, _) = built(&project("      title: \"Contents & more\"\n", PAGE));
    assert!(
        html.contains(
            "<nav class=\"toc\" aria-label=\"Contents &amp; more\"><h2>Contents &amp; more</h2>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<summary>Contents &amp; more</summary>"),
        "{html}"
    );
    assert!(!html.contains("On this page"), "{html}");
    let (html, _) = built(&project("      permalink: true\n", PAGE));
    assert!(
        html.contains("<nav class=\"toc\" aria-label=\"On this page\"><h2>On this page</h2>"),
        "{html}"
    );
}
