//! Issue 27: Script and markup from a page stay text: the TOC, maths, edit links, printed paths.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::browser::Browser;
use common::{between, Run, Site, QUIRE};

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
            [
                "The <img src=x onerror=\"window.pwned='img'\"> element",
                "href"
            ],
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

/// A page with formulas that hold markup, as maths about HTML or a hostile page would.
fn page_with_markup_in_maths() -> Site {
    Site::new().with(
        "content/maths.md",
        "title: Maths\n\n\
Inline $\\operatorname{<img src=x onerror=\"window.pwned='math'\">}$ is a name.\n\n\
$$\\operatorname{a<b} < c$$\n\n\
$x \\mathrel{&} y$ and after it, the last paragraph.\n",
    )
}

// Finding 18: the pieces of a formula are text in the MathML, whatever they hold.
#[test]
fn finding_18_markup_in_a_formula_stays_text() {
    let site = page_with_markup_in_maths();
    site.build().succeeds();
    let html = site.read("maths.html");
    let article = between(&html, "<article", "</article>");
    assert!(
        article.contains("<mi>&lt;img src=x onerror=\"window.pwned='math'\"&gt;</mi>"),
        "{article}"
    );
    assert!(article.contains("<mi>a&lt;b</mi>"), "{article}");
    assert!(article.contains("<mo>&lt;</mo>"), "{article}");
    assert!(article.contains("<mo>&amp;</mo>"), "{article}");
    assert!(!article.contains("<img"), "{article}");
}

// Finding 18, in a browser: no formula runs script, and the page after them is whole.
#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn finding_18_no_formula_runs_script_in_chromium() {
    let site = page_with_markup_in_maths();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&format!(
        "file://{}",
        site.output().join("maths.html").display()
    ));
    browser.wait_for(
        "return document.readyState === 'complete';",
        Duration::from_secs(10),
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        browser.eval("return window.pwned === undefined ? null : String(window.pwned);"),
        serde_json::Value::Null,
        "a formula ran script"
    );
    let page = browser.eval(
        "return [document.querySelectorAll('article math').length, \
         document.querySelectorAll('article img').length, \
         [...document.querySelectorAll('article math mi')].map(m => m.textContent).filter(t => t.length > 1), \
         [...document.querySelectorAll('article p')].pop().textContent.includes('the last paragraph')];",
    );
    assert_eq!(
        page,
        serde_json::json!([
            3,
            0,
            ["<img src=x onerror=\"window.pwned='math'\">", "a<b"],
            true
        ])
    );
}

// Finding 12: a formula nested thousands deep is refused with a warning at its line, at once.
#[test]
fn finding_12_a_deeply_nested_formula_is_shown_as_code_with_a_warning() {
    // 12,000 superscripts inside each other: 48 KB, seconds of parsing without a limit.
    let depth = 12_000;
    let formula = format!("{}x{}", "x^{".repeat(depth), "}".repeat(depth));
    let site = Site::new().with(
        "content/deep.md",
        &format!("title: Deep\nmeta: A formula.\n\nBefore.\n\n$${formula}$$\n\nAfter.\n"),
    );
    let started = Instant::now();
    let run = site.build().succeeds();
    let took = started.elapsed();
    // A guard against a hang, not a benchmark: the limit makes this milliseconds.
    assert!(took < Duration::from_secs(10), "the build took {took:?}");
    let run = run.says("warning: content/deep.md:6:1: the formula nests");
    assert!(
        run.stderr.contains("split it into smaller formulas"),
        "{}",
        run.stderr
    );
    let html = site.read("deep.html");
    assert!(
        html.contains("<code class=\"math display\">x^{x^{"),
        "shown as code"
    );
    assert!(html.contains("<p>After.</p>"));
}

fn build_with_edit_url(url: &str) -> (Site, Run) {
    let site = Site::new()
        .with("site.yaml", &format!("title: Docs\nedit_url: {url}\n"))
        .with("content/a.md", "title: A\nmeta: A page.\n\nText.\n");
    let run = site.build();
    (site, run)
}

// Smaller finding: `edit_url: javascript:…` is refused, naming the key; http(s) and paths work.
#[test]
fn finding_edit_url_refuses_script_addresses() {
    for url in [
        "\"javascript:alert(document.domain)//\"",
        "\" JavaScript:alert(1)\"",
        "\"java\\tscript:alert(1)\"",
        "\"data:text/html,<script>alert(1)</script>\"",
        "\"vbscript:msgbox(1)\"",
    ] {
        let (site, run) = build_with_edit_url(url);
        run.fails()
            .says("error: site.yaml:2: `edit_url:` is a `")
            .says("write an http(s) address");
        assert!(!site.output().exists(), "{url}: nothing is written");
    }
    for (url, href) in [
        (
            "https://github.com/org/repo/edit/main/",
            "https://github.com/org/repo/edit/main/content/a.md",
        ),
        ("/edit/", "edit/content/a.md"),
    ] {
        let (site, run) = build_with_edit_url(url);
        run.succeeds();
        let html = site.read("a.html");
        assert!(
            html.contains(&format!("<a href=\"{href}\">Edit this page</a>")),
            "{url}: {}",
            between(&html, "<div class=\"page-foot\">", "</div>")
        );
    }
}

// Finding 16: a file name with terminal escape sequences is printed escaped, on a terminal too.
#[test]
fn finding_16_control_characters_in_a_file_name_never_reach_the_terminal() {
    let name = "content/a\x1b]0;pwned\x07\r\u{9b}2J.md";
    let site = Site::new().with(name, "title: A\n\nNo meta, so a warning names the file.\n");
    // Colours forced, as on a terminal: nothing strips escape sequences on the way.
    let out = Command::new(QUIRE)
        .args(["check"])
        .arg(site.path())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let run = Run::from(out);
    for (what, raw) in [
        ("BEL", "\x07"),
        ("CR", "\r"),
        ("CSI", "\u{9b}"),
        ("OSC", "\x1b]"),
    ] {
        assert!(
            !run.stderr.contains(raw) && !run.stdout.contains(raw),
            "a raw {what} reached the terminal:\n{:?}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains(r"content/a\x1b]0;pwned\x07\x0d\u{9b}2J.md"),
        "the name is shown, escaped:\n{:?}",
        run.stderr
    );
}
