//! Includes in a MkDocs project, as the FastAPI family writes them: `{* file hl[…] ln[…] *}`
//! (markdown-include-variants) and `{!file!}` (mdx_include). What is expected is what the real
//! extensions give with MkDocs 1.6.1 and Material 9.8.2 on tests/fixtures/mkdocs_include.

use crate::common::{self, Site};

/// `quire build` of the project into `output/` (a MkDocs project writes `site/` otherwise).
fn build(site: &Site) -> common::Run {
    let out = site.output();
    site.quire(&["build", "-o", out.to_str().unwrap()])
}

/// The fixture built into `output/`, and its home page's article.
fn built(site: &Site) -> String {
    build(site).succeeds();
    article(site, "index.html")
}

/// Every text between `open` and the next `close`, in order.
fn all<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .map(|s| s.split(close).next().unwrap())
        .collect()
}

#[test]
fn a_typer_example_shows_its_variants_as_the_extension_writes_them() {
    let site = Site::fixture("mkdocs_include");
    let article = built(&site);
    // The tabs and the folded parts, in the order MkDocs shows them.
    let labels: Vec<&str> = all(&article, "\">", "</label>")
        .into_iter()
        .filter(|l| l.starts_with("Python"))
        .collect();
    assert_eq!(
        labels,
        [
            "Python 3.10+",
            "Python 3.10+ - non-Annotated",
            "Python 3.10+",
            "Python 3.10+",
            "Python 3.10+ - non-Annotated",
            "Python 3.10+",
            "Python 3.9+",
        ]
    );
    assert_eq!(
        all(&article, "<summary>", "</summary>"),
        [
            "🤓 Other versions and variants",
            "👀 Full file preview",
            "🤓 Other versions and variants",
            "🤓 Other versions and variants",
        ]
    );
    assert_eq!(article.matches("<div class=\"admonition tip\">").count(), 2);
    assert_eq!(
        article
            .matches("Prefer to use the <code>Annotated</code> version")
            .count(),
        2
    );
    assert_eq!(article.matches("<pre>").count(), 7);
    // `hl[7]` marks line 7 of the whole file, and the same line where `ln[6:7]` shows it
    // after "Code above omitted" and a blank line (its 4th line).
    let marked: Vec<&str> = all(&article, "<span class=\"hll\">", "</span>\n</span>");
    assert_eq!(marked.len(), 3, "{article}");
    let part = article.split("Some lines of it").nth(1).unwrap();
    let code = part.split("</code>").next().unwrap();
    assert!(code.contains("Code above omitted 👆"), "{code}");
    assert!(code.contains("Code below omitted 👇"), "{code}");
    assert!(
        !code.contains("import typer"),
        "only lines 6-7 are shown: {code}"
    );
    // No directive is left as text.
    assert!(
        !article.contains("{*") && !article.contains("{!"),
        "{article}"
    );
    // `{!file[ln:3]!}` in a line: the file's line 3 in its place.
    assert!(
        article.contains("inline: <code>app = typer.Typer()</code>."),
        "{article}"
    );
}

#[test]
fn an_example_that_is_not_there_stops_the_page_at_its_line() {
    let site = Site::fixture("mkdocs_include").with(
        "docs/gone.md",
        "# Gone\n\nText.\n\n{* docs_src/none/tutorial009_py310.py hl[1] *}\n",
    );
    build(&site)
        .fails()
        .says("docs/gone.md:5")
        .says("could not find any variants for docs_src/none/tutorial009_py310.py");
}

#[test]
fn mdx_include_marks_without_the_extension_stay_as_written() {
    let site = Site::fixture("mkdocs_include");
    let yml = std::fs::read_to_string(site.path().join("mkdocs.yml")).unwrap();
    site.write(
        "mkdocs.yml",
        yml.replace("  mdx_include:\n  markdown_include_variants:\n", ""),
    );
    let article = built(&site);
    assert!(
        article.contains("{* docs_src/first/tutorial002_py310.py *}"),
        "{article}"
    );
    assert!(
        article.contains("{!docs_src/first/tutorial002_py39.py[ln:3]!}"),
        "{article}"
    );
}

/// The article of the built page at `rel`.
fn article(site: &Site, rel: &str) -> String {
    let html = site.read(rel);
    let start = html.find("<article").expect("an article");
    html[start..html.find("</article>").unwrap()].to_string()
}

#[test]
fn include_markdown_brings_in_parts_of_files_outside_the_docs_as_the_plugin_does() {
    let site = Site::fixture("mkdocs_includemd");
    build(&site).succeeds();
    // `start`/`end`: only what is between the markers, and an `{% include %}` under a note
    // keeps the note's indent on every line.
    let home = article(&site, "index.html");
    assert!(home.contains(">Install<"), "{home}");
    assert!(home.contains("pip install project"), "{home}");
    assert!(
        !home.contains("Not included") && !home.contains("{%"),
        "{home}"
    );
    let note = common::between(&home, "<div class=\"admonition note\">", "</div>");
    assert!(note.contains("<p>A note\nof two lines.</p>"), "{note}");
    // The links of the included README, written for the project's root, rebased onto
    // docs/about/changes.md, and `heading-offset`, `comments` as MkDocs gives them.
    let about = article(&site, "about/changes/index.html");
    // (quire links a folder's page as `guide/index.html` where MkDocs writes `guide/`.)
    let guide = |fragment: &str| {
        let with_file = format!("<a href=\"../../guide/index.html{fragment}\">the guide</a>");
        let folder = format!("<a href=\"../../guide/{fragment}\">the guide</a>");
        about.contains(&with_file) || about.contains(&folder)
    };
    assert!(guide("#start"), "{about}");
    let h3 = common::between(&about, "<h3", "</h3>");
    assert!(h3.contains(">1.0"), "## 1.0 one level down: {about}");
    assert!(!about.contains(">Changes<"), "cut by `start`: {about}");
    assert!(
        about.contains("<!-- BEGIN INCLUDE ../../README.md '' '&lt;!-- install-start --&gt;' -->"),
        "{about}"
    );
    assert!(guide(""), "{about}");
    assert!(about.contains("src=\"../../img/logo.svg\""), "{about}");
    assert!(about.contains("<!-- END INCLUDE -->"), "{about}");
}

#[test]
fn include_markdown_of_a_file_that_is_not_there_names_the_page_and_line() {
    let site = Site::fixture("mkdocs_includemd").with(
        "docs/gone.md",
        "# Gone\n\nSome text.\n\n{% include-markdown \"../NOPE.md\" %}\n",
    );
    build(&site).fails().says("docs/gone.md:5").says("NOPE.md");
}
