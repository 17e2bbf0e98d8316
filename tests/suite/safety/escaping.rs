//! Issue 27: Script and markup from a page stay text: the TOC, maths, edit links, printed paths.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::{between, Site};

/// A page about HTML, with the table of contents shown in it: a heading names an element,
/// another carries a custom id that tries to close its attribute.
fn page_about_html() -> Site {
    Site::new().with(
        "content/elements.md",
        "title: Elements\ntoc: true\n\n\
## The `<img src=x onerror=\"window.pwned='img'\">` element\n\nPictures show.\n\n\
## Events {#x\"onmouseover=\"window.pwned='id'}\n\nPointers move.\n\n\
## The `<script>` element\n\nScripts run.\n\n\
## Last words\n\nThe end of the page.\n",
    )
}

// Finding 1: heading text and ids reach the inline TOC as text, not markup.
#[test]
fn finding_1_the_inline_toc_prints_headings_and_ids_as_text() {
    let site = page_about_html();
    site.build().succeeds();
    let html = site.read("elements.html");
    let toc = between(&html, "<details class=\"toc-inline\">", "</details>");
    assert!(
        toc.contains("The &lt;script&gt; element"),
        "the heading is text in the TOC:\n{toc}"
    );
    assert!(!toc.contains("<script") && !toc.contains("<img"), "{toc}");
    assert!(
        toc.contains("href=\"#x&quot;onmouseover=&quot;window.pwned=&#39;id&#39;\""),
        "the id stays inside its attribute:\n{toc}"
    );
    // The TOC in the rail and the inline one say the same.
    let rail = between(&html, "<nav class=\"toc\"", "</nav>");
    let items = |t: &str| t[t.find("<ul>").unwrap()..].to_string();
    assert_eq!(items(toc), items(rail));
}

// Finding 1, in a browser: nothing in the headings runs, and the page after the TOC is whole.
#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn finding_1_no_heading_runs_script_from_the_inline_toc_in_chromium() {
    let site = page_about_html();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&format!(
        "file://{}",
        site.output().join("elements.html").display()
    ));
    browser.wait_for(
        "return document.readyState === 'complete';",
        Duration::from_secs(10),
    );
    // Hover every TOC link, as a reader would.
    browser.eval(
        "document.querySelectorAll('.toc-inline a, nav.toc a').forEach(a => \
         a.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))); return true;",
    );
    // Let a broken image's onerror fire, if there were one.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        browser.eval("return window.pwned === undefined ? null : String(window.pwned);"),
        serde_json::Value::Null,
        "a heading ran script"
    );
    let toc = browser.eval(
        "return [...document.querySelectorAll('.toc-inline a')].map(a => \
         [a.textContent, a.getAttributeNames().join(' ')]);",
    );
    assert_eq!(
        toc,
        serde_json::json!([
            ["The <img src=x onerror=\"window.pwned='img'\"> element", "href"],
            ["Events", "href"],
            ["The <script> element", "href"],
            ["Last words", "href"]
        ])
    );
    // The rest of the page is there: every heading and paragraph, and the page's foot.
    let page = browser.eval(
        "return [document.querySelectorAll('article h2').length, \
         document.querySelector('article').textContent.includes('The end of the page.'), \
         document.querySelectorAll('article script').length];",
    );
    assert_eq!(page, serde_json::json!([4, true, 0]));
}
