//! Writing docs the way MkDocs, Material and GitHub writers do: callouts, content tabs, code
//! titles and line numbers, includes and math, through the real binary; bad input of each
//! kind named with its file and line.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::serve::{changed, Server};
use common::{between, Site, StaticServer};

const PAGE: &str = "content/guide.md";

pub(crate) fn page(body: &str) -> Site {
    Site::new().with(PAGE, &format!("title: Guide\n\n{body}"))
}

/// The page's content, without the theme around it.
pub(crate) fn content(site: &Site) -> String {
    let html = site.read("guide.html");
    between(&html, "<article", "</article>").to_string()
}

#[test]
fn callouts_of_both_syntaxes_with_markdown_inside() {
    let site = page(
        "> [!WARNING]\n> Mind **this**.\n\n\
!!! tip \"Fast path\"\n    A list:\n\n    - one\n    - two\n\n    ```python\n    x = 1\n    ```\n\n    !!! bug\n        Nested.\n\n\
!!! note \"\"\n    No title.\n\n\
??? question \"Closed?\"\n    Hidden.\n\n\
???+ example\n    Shown.\n\nAfter all.\n",
    );
    site.build().succeeds();
    let html = content(&site);
    assert!(
        html.contains("<div class=\"admonition warning\">\n<p class=\"admonition-title\">Warning</p>\n<p>Mind <strong>this</strong>.</p>\n</div>"),
        "{html}"
    );
    let tip = between(&html, "<div class=\"admonition tip\">", "After all.");
    assert!(
        tip.starts_with("\n<p class=\"admonition-title\">Fast path</p>"),
        "{tip}"
    );
    assert!(
        tip.contains("<li>one</li>") && tip.contains("<code data-lang=\"python\">"),
        "{tip}"
    );
    assert!(
        tip.contains(
            "<div class=\"admonition bug\">\n<p class=\"admonition-title\">Bug</p>\n<p>Nested.</p>"
        ),
        "{tip}"
    );
    assert!(
        html.contains("<div class=\"admonition note\">\n\n<p>No title.</p>")
            || html.contains("<div class=\"admonition note\">\n<p>No title.</p>"),
        "{html}"
    );
    assert!(
        html.contains("<details class=\"question\">\n<summary>Closed?</summary>"),
        "{html}"
    );
    assert!(
        html.contains("<details class=\"example\" open=\"open\">\n<summary>Example</summary>"),
        "{html}"
    );
    assert!(html.contains("<p>After all.</p>"), "{html}");
    assert!(
        !html.contains("!!!") && !html.contains("[!WARNING]"),
        "{html}"
    );
    // Every kind has its colour and icon in the stylesheet, dark mode included.
    let css_path = between(
        &site.read("guide.html"),
        "<link rel=\"stylesheet\" href=\"",
        "\"",
    )
    .to_string();
    let css = site.read(&css_path);
    for kind in [
        "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
        "bug", "example", "quote",
    ] {
        assert!(
            css.contains(&format!(".admonition.{kind} {{ --quire-callout: #")),
            "{kind}"
        );
        assert!(
            css.contains(&format!(":root[data-theme=dark] .admonition.{kind} {{")),
            "{kind}"
        );
    }
}

#[test]
fn code_titles_line_numbers_and_markers() {
    let site = page(
        "```python title=\"app.py\" linenums=\"10\" hl_lines=\"2\"\na = 1\nb = 2\n~~c = 3\n```\n\n\
Indented:\n\n    :::python\n    def f(): pass\n",
    );
    site.build().succeeds();
    let html = content(&site);
    // Numbered lines as Material writes them: a table, the numbers in a column of their own.
    let block = between(
        &html,
        "<div class=\"language-python highlight\">",
        "</table>",
    );
    assert!(
        block.starts_with("<table class=\"highlighttable\"><tr><th colspan=\"2\" class=\"filename\"><span class=\"filename\">app.py</span></th>"),
        "{block}"
    );
    assert!(
        block.contains("<span class=\"normal\">10</span>\n<span class=\"normal\">11</span>\n<span class=\"normal\">12</span></pre>"),
        "{block}"
    );
    assert!(
        block.contains("<td class=\"code\"><div><pre><code data-lang=\"python\">"),
        "{block}"
    );
    assert_eq!(block.matches("class=\"hll\"").count(), 2, "{block}");
    assert!(!block.contains("~~"), "{block}");
    let indented = between(&html, "Indented:", "</div>");
    assert!(
        indented.contains("<code data-lang=\"python\">"),
        "{indented}"
    );
    assert!(!indented.contains(":::"), "{indented}");
}

#[test]
fn tab_sets_are_radio_buttons_with_separate_panels() {
    let site = page(
        "=== \"macOS\"\n    Use `brew`.\n\n=== \"Linux\"\n\n    Use `apt`.\n\nBetween.\n\n\
=== \"macOS\"\n    Second set, mac.\n=== \"Linux\"\n    Second set, linux.\n",
    );
    site.build().succeeds();
    let html = content(&site);
    assert_eq!(
        html.matches("<div class=\"tabbed-set tabbed-alternate\"")
            .count(),
        2,
        "{html}"
    );
    let first = between(&html, "data-tabs=\"1:2\">", "Between.");
    assert!(
        first.contains("<input type=\"radio\" name=\"__tabbed_1\" id=\"__tabbed_1_1\" checked=\"checked\">\n<input type=\"radio\" name=\"__tabbed_1\" id=\"__tabbed_1_2\">"),
        "{first}"
    );
    assert!(
        first.contains(
            "<label for=\"__tabbed_1_1\">macOS</label><label for=\"__tabbed_1_2\">Linux</label>"
        ),
        "{first}"
    );
    assert_eq!(first.matches("<div class=\"tabbed-block\">").count(), 2);
    let panels: Vec<&str> = first
        .split("<div class=\"tabbed-block\">")
        .skip(1)
        .collect();
    assert!(panels[0].contains("<code>brew</code>") && !panels[0].contains("apt"));
    assert!(panels[1].contains("<code>apt</code>"));
    assert!(html.contains("data-tabs=\"2:2\""));
    assert_eq!(
        html.matches("<script class=\"quire-linked-tabs\">").count(),
        1,
        "one linking script per page"
    );
}

#[test]
fn includes_of_files_ranges_and_sections() {
    let site = page(
        "```python\n--8<-- \"snippets/app.py:greet\"\n```\n\n\
--8<-- \"snippets/part.md\"\n\n\
```text\n--8<-- \"snippets/app.py:2:3\"\n```\n\n\
;--8<-- \"written as it is\"\n",
    )
    .with(
        "snippets/app.py",
        "import os\n# --8<-- [start:greet]\ndef greet():\n    return 'hi'\n# --8<-- [end:greet]\nprint(greet())\n",
    )
    .with("snippets/part.md", "!!! info \"From a part\"\n    Included *Markdown*.\n");
    site.build().succeeds();
    let html = content(&site);
    let code = between(&html, "<code data-lang=\"python\">", "</code>");
    assert!(code.contains("greet") && code.contains("hi"), "{code}");
    assert!(
        !code.contains("import") && !code.contains("--8&lt;--") && !code.contains("print"),
        "{code}"
    );
    assert!(html.contains("<div class=\"admonition info\">\n<p class=\"admonition-title\">From a part</p>\n<p>Included <em>Markdown</em>.</p>"), "{html}");
    let range = between(&html, "<code data-lang=\"text\">", "</code>");
    assert_eq!(
        range, "def greet():\n",
        "lines 2 to 3, less the section marker"
    );
    assert!(
        html.contains("--8&lt;-- &quot;written as it is&quot;")
            || html.contains("--8&lt;-- \"written as it is\""),
        "{html}"
    );
}

#[test]
fn an_edited_include_is_never_served_stale_from_the_cache() {
    let site = page("--8<-- \"snippets/a.md\"\n").with("snippets/a.md", "Version one.\n");
    site.build().succeeds();
    assert!(content(&site).contains("Version one."));
    site.write("snippets/a.md", "Version two.\n");
    site.build().succeeds();
    assert!(content(&site).contains("Version two."));
}

#[test]
fn include_errors_name_page_line_and_path() {
    let site = Site::new()
        .with(
            "content/a.md",
            "title: A\n\nText.\n\n--8<-- \"snippets/none.md\"\n",
        )
        .with("content/b.md", "title: B\n\n--8<-- \"../outside.md\"\n")
        .with(
            "content/c.md",
            "title: C\n\nx\n--8<-- \"snippets/s.py:nope\"\n",
        )
        .with("content/d.md", "title: D\n\n--8<-- \"snippets/loop.md\"\n")
        .with("snippets/s.py", "x = 1\n")
        .with("snippets/loop.md", "--8<-- \"snippets/loop.md\"\n");
    let run = site.build().fails();
    run.says("content/a.md:5: cannot include \"snippets/none.md\": there is no such file")
        .says("content/b.md:3: cannot include \"../outside.md\"")
        .says("content/c.md:4: cannot include \"snippets/s.py:nope\": snippets/s.py has no section \"nope\"")
        .says("content/d.md:3: cannot include \"snippets/loop.md\": the includes form a cycle (snippets/loop.md → snippets/loop.md)");
    assert!(
        !site.output().join("a.html").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn a_snippets_setting_moves_the_include_folder() {
    let site = page("--8<-- \"part.md\"\n")
        .with("site.yaml", "title: T\nsnippets: docs_src\n")
        .with("docs_src/part.md", "From docs_src.\n");
    site.build().succeeds();
    assert!(content(&site).contains("From docs_src."));
}

#[test]
fn math_becomes_mathml_and_a_bad_formula_is_a_warning_shown_as_code() {
    let site = page("Inline $a^2 + b^2$ here.\n\n$$\n\\sum_{i=1}^n i\n$$\n\nBad: $\\frac{1}$ end. It costs $5 and $10, or $5-$10.\n");
    let run = site.build().succeeds();
    let html = content(&site);
    assert!(html.contains("<math"), "{html}");
    assert!(html.contains("<math display=\"block\""), "{html}");
    assert!(
        html.contains("<code class=\"math\">\\frac{1}</code>"),
        "{html}"
    );
    assert!(
        html.contains("costs $5 and $10, or $5-$10."),
        "prices are not math: {html}"
    );
    run.says("content/guide.md:9:6: cannot read the formula");
}

#[test]
fn bad_blocks_render_sensibly_and_warn_with_file_and_line() {
    let site = page(
        "!!! note\nNot indented, so not inside.\n\n\
=== \"Empty\"\n\n\
```python linenums=\"x\" title=app.py\nx = 1\n```\n\n\
!!! made-up \"Custom\"\n    Still shown.\n\n\
!!! warning \"Unclosed title\n    Body.\n\nThe end.\n\n\
!!! info\n    ```\n    code\n\nVery end.\n",
    );
    site.build().succeeds();
    let html = content(&site);
    for text in [
        "<p>Not indented, so not inside.</p>",
        "<span class=\"filename\">app.py</span>",
        "<div class=\"admonition made-up\">\n<p class=\"admonition-title\">Custom</p>\n<p>Still shown.</p>",
        "<p class=\"admonition-title\">Unclosed title</p>",
        "<p>The end.</p>",
        "<code>code\n</code></pre></div>\n</div>",
        "<p>Very end.</p>",
    ] {
        assert!(html.contains(text), "{text} not in {html}");
    }
    assert!(!html.contains("linenos"), "no numbers for linenums=\"x\"");
    // A build shows the first few of each kind; `quire check` lists them all.
    site.quire(&["check"])
        .says("content/guide.md:3:1: the note callout has no content")
        .says("content/guide.md:6:1: the tab \"Empty\" has no content")
        .says("content/guide.md:8:1: linenums=\"x\" is not a line number")
        .says("content/guide.md:8:1: title=app.py needs quotes")
        .says("content/guide.md:12:1: unknown callout kind \"made-up\"")
        .says("content/guide.md:15:1: the callout's title has no closing quote")
        .says("content/guide.md:20:1: a code block in this callout or tab is not closed");
    let check = site.quire(&["check"]);
    assert!(!check.stderr.contains("panicked"));
    check.says("content/guide.md:12:1: unknown callout kind \"made-up\"");
}

#[test]
fn serve_rerenders_exactly_the_pages_that_include_an_edited_file() {
    let site = Site::new()
        .with(
            "content/a.md",
            "title: A\n\n--8<-- \"snippets/shared.md\"\n",
        )
        .with("content/b.md", "title: B\n\nNo includes.\n")
        .with(
            "content/c.md",
            "title: C\n\n```\n--8<-- \"snippets/shared.md:1:1\"\n```\n",
        )
        .with("snippets/shared.md", "Shared one.\nSecond line.\n");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    assert!(server.body("/a.html").contains("Shared one."));
    site.write("snippets/shared.md", "Shared two.\nSecond line.\n");
    let e = events.next_build();
    assert_eq!(changed(&e), ["a.html", "c.html"]);
    assert!(server.body("/a.html").contains("Shared two."));
    assert!(server.body("/c.html").contains("Shared two."));
}

#[test]
fn tabs_switch_on_click_together_and_line_numbers_are_not_copied() {
    let site = page(
        "=== \"Python\"\n    Python one.\n=== \"Rust\"\n    Rust one.\n\nText.\n\n\
=== \"Python\"\n    Python two.\n=== \"Rust\"\n    Rust two.\n\n\
```python linenums=\"1\"\nfirst = 1\nsecond = 2\n```\n",
    );
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = StaticServer::start(&site.output());
    browser.goto(&format!("{}/guide.html", server.url));
    let visible = "return [...document.querySelectorAll('.tabbed-block')].filter(b => b.offsetParent !== null).map(b => b.textContent.trim());";
    let shown = browser.wait_for(
        &format!("const v = (() => {{ {visible} }})(); return v.length === 2 ? v : null;"),
        Duration::from_secs(10),
    );
    assert_eq!(shown, serde_json::json!(["Python one.", "Python two."]));
    browser.eval("document.querySelector('label[for=__tabbed_1_2]').click(); return true;");
    let shown = browser.wait_for(
        &format!("const v = (() => {{ {visible} }})(); return v[0] === 'Rust one.' ? v : null;"),
        Duration::from_secs(5),
    );
    assert_eq!(
        shown,
        serde_json::json!(["Rust one.", "Rust two."]),
        "same-label sets switch together"
    );
    // The keyboard reaches the tabs: the radios are focusable and arrow keys move between them.
    let focusable = browser.eval("const i = document.getElementById('__tabbed_2_1'); i.focus(); return document.activeElement === i;");
    assert_eq!(focusable, true);
    // Selecting the code, as a reader dragging over it would, gives the code without numbers.
    let selected = browser.eval(
        "const c = document.querySelector('code[data-lang=python]'); const r = document.createRange(); r.selectNodeContents(c);
         const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString();",
    );
    assert_eq!(selected, "first = 1\nsecond = 2");
    let numbers = browser.eval(
        "const n = document.querySelector('.linenos'); return n.getBoundingClientRect().width > 0 ? n.textContent : null;",
    );
    assert_eq!(numbers, serde_json::json!("1\n2"), "the numbers are shown");
    let copied =
        browser.eval("return document.querySelector('code[data-lang=python]').textContent;");
    assert_eq!(
        copied, "first = 1\nsecond = 2\n",
        "what the Copy button copies"
    );
}

/// A README's centred `<h1>` in raw HTML, or a heading after an intro, is the page's own
/// heading: the theme does not add a second (as Material checks the content for `<h1`).
#[test]
fn the_title_is_not_shown_twice_when_the_body_has_its_own_h1() {
    let site = Site::new()
        .with(
            "content/index.md",
            "<p align=\"center\"><img src=\"logo.png\" alt=\"\"></p>\n\n<h1 align=\"center\">HTTPX</h1>\n\nA client.\n",
        )
        .with("content/intro.md", "Read this first.\n\n# Introduction\n\nText.\n")
        .with("content/plain.md", "title: Plain\n\nNo heading.\n");
    site.build().succeeds();
    for (page, h1) in [
        ("index.html", "HTTPX"),
        ("intro.html", "Introduction"),
        ("plain.html", "Plain"),
    ] {
        let html = site.read(page);
        assert_eq!(html.matches("<h1").count(), 1, "{page}: {html}");
        let heading = between(&html, "<h1", "</h1>");
        assert!(heading.contains(h1), "{page}: {heading}");
    }
}

#[test]
fn pages_written_for_github_build_without_a_header() {
    let site = Site::new()
        .with(
            "content/async.md",
            "# Async Support\n\nHTTPX offers an `AsyncClient`.\n",
        )
        .with("content/plain-notes.md", "Plain text, no heading at all.\n")
        .with(
            "content/changes.md",
            "Note: the API changed in 2.0.\n\nMore text.\n",
        );
    site.build().succeeds();
    let page = site.read("async.html");
    assert!(page.contains("<title>Async Support ·"), "{page}");
    assert_eq!(
        page.matches("<h1").count(),
        1,
        "the title shows once: {page}"
    );
    let page = site.read("plain-notes.html");
    assert!(page.contains("<title>Plain notes ·"), "{page}");
    assert!(page.contains("Plain text, no heading at all."));
    // `Note:` is not a key quire reads: the paragraph is text, not a header.
    let page = site.read("changes.html");
    assert!(page.contains("<title>Changes ·"), "{page}");
    assert!(page.contains("Note: the API changed in 2.0."), "{page}");
}
