//! Code the way Material writers write it: the brace form of a fence's options, annotations
//! in comments that open their notes, mermaid diagrams drawn from quire's own copy of mermaid
//! (opened from disk too), and what is wrong in any of it named with its file and line.

use crate::common;

use std::time::Duration;

use common::between;
use common::browser::Browser;

use crate::writing::{content, page};

#[test]
fn the_brace_form_keeps_the_language_title_and_lines() {
    let site = page(
        "``` { .python .annotate title=\"a.py\" hl_lines=\"1-2 3\" }\nimport os\nx = 1\ny = 2\n```\n",
    );
    site.build().succeeds();
    let html = content(&site);
    let block = between(
        &html,
        "<div class=\"language-python annotate highlight\">",
        "</div>",
    );
    assert!(
        block.starts_with("<span class=\"filename\">a.py</span><pre><code data-lang=\"python\">"),
        "{html}"
    );
    assert!(
        block.contains("<span class=\"k\">import </span>"),
        "highlighted: {block}"
    );
    assert_eq!(block.matches("class=\"hll\"").count(), 3, "{block}");
}

#[test]
fn annotations_become_markers_that_open_their_notes() {
    let site = page(
        "```python\nimport os  # (1)!\npath = os.sep  # the separator (2)\n```\n\n\
1. The standard library's `os`.\n2. A *string*.\n\nAfter.\n",
    );
    site.build().succeeds();
    let html = content(&site);
    assert!(!html.contains("# (1)!"), "the `!` comment is gone: {html}");
    assert!(html.contains("# the separator <button type=\"button\" class=\"annotation\" popovertarget=\"__annotation-0-2\" data-n=\"2\" aria-label=\"Annotation 2\"></button>"), "{html}");
    assert!(
        html.contains(
            "<ol class=\"annotations\">\n<li id=\"__annotation-0-1\" popover>The standard library"
        ),
        "{html}"
    );
    assert!(
        html.contains("<li id=\"__annotation-0-2\" popover>A <em>string</em>.</li>"),
        "{html}"
    );
}

#[test]
fn a_marker_without_its_note_is_named_and_the_page_still_builds() {
    let site = page(
        "Intro.\n\n```yaml\na: 1 # (1)!\nb: 2 # (2)!\n```\n\n1. Only one.\n\n```js\nx(); // (1)!\n```\n\nNo list.\n\n```py hl_lines=\"3-1\" colour=\"red\"\nx\n```\n",
    );
    site.build().succeeds();
    // A build shows the first few of each kind; `quire check` lists them all.
    site.quire(&["check"])
        .says("content/guide.md:5:1: the code's annotation marker (2) has no item in the list after the block, which has 1")
        .says("content/guide.md:12:1: the code's annotation marker (1) has no list after the block")
        .says("content/guide.md:18:1: hl_lines: `3-1` runs backwards; write `1-3`")
        .says("content/guide.md:18:1: `colour` is not a code block option");
    let html = content(&site);
    assert!(
        html.contains("// (1)!"),
        "a marker with no note stays as written: {html}"
    );
}

#[test]
fn a_diagram_loads_quires_mermaid_only_on_its_page() {
    let site =
        page("```mermaid\ngraph LR\n  A --> B\n```\n\n```mermaid\ngraph TD\n  C --> D\n```\n")
            .with("content/other.md", "title: Other\n\nNo diagram.\n");
    site.build().succeeds();
    let html = content(&site);
    assert!(
        html.contains("<pre class=\"mermaid\"><code>graph LR\n  A --&gt; B</code></pre>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<script src=\"theme/mermaid.").count(),
        1,
        "{html}"
    );
    assert!(!site.read("other.html").contains("mermaid"));
    let scripts: Vec<_> = std::fs::read_dir(site.output().join("theme"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("mermaid."))
        .collect();
    assert_eq!(scripts.len(), 1, "{scripts:?}");

    let plain = page("```python\nx = 1\n```\n");
    plain.build().succeeds();
    assert!(
        !std::fs::read_dir(plain.output().join("theme"))
            .unwrap()
            .any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("mermaid.")),
        "a site without diagrams gets no mermaid"
    );
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn diagrams_draw_from_disk_and_annotations_open_by_keyboard() {
    let site = page(
        "```mermaid\ngraph LR\n  Write --> Build\n```\n\n```python\nx = 1  # (1)!\n```\n\n1. The answer.\n",
    );
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&format!(
        "file://{}",
        site.output().join("guide.html").display()
    ));
    let svg = browser.wait_for(
        "const s = document.querySelector('.mermaid-diagram svg'); return s && s.textContent.includes('Build') && document.querySelector('pre.mermaid').hidden;",
        Duration::from_secs(30),
    );
    assert_eq!(svg, true, "the diagram is drawn as SVG from file://");
    // The theme switch draws it again, dark.
    browser.eval("document.documentElement.setAttribute('data-theme', 'dark'); return 0;");
    let dark = browser.wait_for(
        "const s = document.querySelector('.mermaid-diagram svg'); return s && s.id.endsWith('-2');",
        Duration::from_secs(30),
    );
    assert_eq!(dark, true, "drawn again for the dark theme");
    // The marker is a button: focused and pressed, it opens its note; Escape closes it.
    let closed = browser.eval(
        "const b = document.querySelector('button.annotation'); b.focus(); return document.activeElement === b && !document.getElementById('__annotation-0-1').matches(':popover-open');",
    );
    assert_eq!(closed, true);
    browser.press(&[Browser::ENTER]);
    let open = browser.wait_for(
        "const li = document.getElementById('__annotation-0-1'); return li.matches(':popover-open') && li.textContent.trim() === 'The answer.';",
        Duration::from_secs(5),
    );
    assert_eq!(open, true, "Enter opens the annotation");
    browser.press(&[Browser::ESCAPE]);
    let shut = browser.wait_for(
        "return !document.getElementById('__annotation-0-1').matches(':popover-open');",
        Duration::from_secs(5),
    );
    assert_eq!(shut, true, "Escape closes it");
}
