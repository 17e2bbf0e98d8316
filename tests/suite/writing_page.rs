//! The demo's Markdown showcase (content/pages/07-writing/): a release runbook written with
//! every construct of Material for MkDocs' dialect, as a Material user writes them. A reader
//! sees none of them as the syntax they were written in, each is the element Material makes,
//! and the page is usable by keyboard and passes axe-core on a phone and a desktop, light and
//! dark.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::{between, Site, StaticServer};
use serde_json::{json, Value};

const PAGE: &str = "markdown-showcase.html";
const SOURCE: &str = "content/pages/07-writing/00-markdown-showcase.markdown";
const WAIT: Duration = Duration::from_secs(15);
const ARROW_RIGHT: &str = "\u{E014}";

fn demo() -> Site {
    let site = Site::demo();
    let run = site.build().succeeds();
    assert!(
        !run.stderr.contains(SOURCE),
        "the showcase builds without a warning: {}",
        run.stderr
    );
    site
}

/// `html` without the elements named in `tags` (and what they hold).
fn without(html: &str, tags: &[&str]) -> String {
    let mut out = html.to_string();
    for tag in tags {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        while let Some(i) = out.find(&open) {
            let j = out[i..]
                .find(&close)
                .unwrap_or_else(|| panic!("<{tag}> is closed"));
            out.replace_range(i..i + j + close.len(), " ");
        }
    }
    out
}

/// What a reader reads as prose: the article's text without its code, scripts and drawings.
fn prose(article: &str) -> String {
    let text = without(article, &["pre", "code", "script", "svg"]);
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn the_showcase_page_shows_no_construct_as_the_syntax_it_is_written_in() {
    let site = demo();
    let html = site.read(PAGE);
    let article = between(&html, "<article class=\"page\">", "</article>");
    let text = prose(article);
    for syntax in [
        "!!!",
        "???",
        "===",
        "///",
        "++",
        ":material-",
        ":octicons-",
        ":fontawesome-",
        ":simple-",
        ":smile:",
        "{ .",
        "{:",
        "{ target",
        "{ width",
        "*[",
        "[^",
        "[x]",
        "[ ]",
        "$$",
        "$L",
        "==",
        "^^",
        "~2~",
        "^2^",
        "(c)",
        "-->",
        "#!python",
    ] {
        assert!(
            !text.contains(syntax),
            "{syntax:?} is left in the text:\n{text}"
        );
    }
    // In the code itself: the annotation markers that `!` asks to take out.
    let code = without(article, &["script"]);
    assert!(!code.contains("(1)!") && !code.contains("# (2)"), "{code}");
    assert!(
        !article.contains(" markdown>") && !article.contains(" markdown=\""),
        "md_in_html's attribute is left out"
    );
}

#[test]
fn each_construct_is_the_element_material_makes() {
    let site = demo();
    let html = site.read(PAGE);
    let article = between(&html, "<article class=\"page\">", "</article>");
    let has = |what: &str, needle: &str| {
        assert!(
            article.contains(needle),
            "{what}: no {needle:?} in\n{article}"
        );
    };
    has("a callout", "<div class=\"admonition warning\">");
    has("??? closed", "<details class=\"question\">");
    has("???+ open", "<details class=\"info\" open");
    has(
        "a kind of the site's own",
        "<div class=\"admonition checklist\">",
    );
    has("=== tabs", "<div class=\"tabbed-set tabbed-alternate\"");
    has("===+ chooses its tab", "id=\"__tabbed_1_2\" checked");
    has("/// details with a type", "<details class=\"danger\">");
    has("/// details, open", "<details open");
    has(
        "/// tip",
        "<div class=\"admonition tip\">\n<p class=\"admonition-title\">Small releases",
    );
    has("attr_list on a link", "class=\"md-button\">nginx page</a>");
    has(
        "attr_list target",
        "target=\"_blank\">release notes template</a>",
    );
    has("attr_list on an image", "width=\"320\" loading=\"lazy\"");
    has("attr_list on a paragraph", "<p class=\"lead\">");
    has("md_in_html grid cards", "<div class=\"grid cards\">\n<ul>");
    has("a definition list", "<dl>\n<dt><code>--workers</code></dt>");
    has(
        "a footnote",
        "<a class=\"footnote-ref\" href=\"#fn:timeout\">1</a>",
    );
    has("the footnotes", "<div class=\"footnote\">");
    has(
        "an abbreviation",
        "<abbr title=\"Web Server Gateway Interface\">WSGI</abbr>",
    );
    has("a task list", "<li class=\"task-list-item\">");
    has("keys", "<kbd class=\"key-control\">Ctrl</kbd>");
    has(
        "inlinehilite",
        "<code class=\"language-python highlight\">importlib",
    );
    has("an emoji", "title=\":smile:\"");
    has(
        "a brace fence's title",
        "<span class=\"filename\">gunicorn.conf.py</span>",
    );
    has(
        "line numbers",
        "<td class=\"linenos\"><div class=\"linenodiv\"><pre>",
    );
    has("line six", "<span class=\"normal\">6</span>");
    has("code annotations", "<ol class=\"annotations\">");
    has("a diagram", "<pre class=\"mermaid\">");
    has("display maths", "<math display=\"block\">");
    has("inline maths", "<math display=\"inline\">");
    has("mark", "<mark>marked text</mark>");
    has("caret", "<ins>inserted text</ins>");
    has("tilde", "H<sub>2</sub>O");
    has("superscript", "x<sup>2</sup>");
    has("smart symbols", "&copy; 2026");
    has("a magic link to an issue", "/issues/42\" class=\"magiclink");
    has("a bare address", "<a href=\"https://gunicorn.org\">");
    let count = |needle: &str| article.matches(needle).count();
    assert_eq!(count("class=\"hll\""), 2, "hl_lines=\"3 4\"");
    // Three markers in the code, two in the annotated paragraph.
    assert_eq!(count("<button type=\"button\" class=\"annotation\""), 5);
    assert!(
        count("<span class=\"twemoji\"><svg") >= 10,
        "every icon drawn"
    );
    // Tabs inside a list item: the second step holds its own tab set.
    let step = between(article, "Build the wheel", "</li>");
    assert!(step.contains("tabbed-set"), "{step}");
    // A callout inside a list item and one inside a definition.
    assert!(between(article, "Install the wheel", "</li>").contains("admonition tip"));
    assert!(between(article, "<dt><code>--timeout", "</dd>").contains("admonition note"));
    // The diagram's script is the site's own copy, on this page only.
    assert!(html.contains("<script src=\"theme/mermaid."));
    assert!(!site.read("servers.html").contains("theme/mermaid."));
}

/// Writing `{ .annotate }` under a paragraph turns its `(1)` into a marker whose note is the
/// list after it, as in code (Material's annotations in prose).
#[test]
fn annotations_in_prose_open_like_those_in_code() {
    let site = demo();
    let html = site.read(PAGE);
    let paragraph = between(&html, "<p class=\"annotate\">", "</p>");
    assert!(paragraph.contains("class=\"annotation\""), "{paragraph}");
    assert!(!paragraph.contains("(1)"), "{paragraph}");
    // Each marker opens its item of the list after the paragraph, a popover.
    let target = between(paragraph, "popovertarget=\"", "\"");
    assert!(
        html.contains(&format!("<li id=\"{target}\" popover>See <a")),
        "{target}"
    );
}

/// The page served and a browser on it at `width`×`height`; `None` without a browser.
fn open(site: &Site, (width, height): (u32, u32)) -> Option<(Browser, StaticServer)> {
    let browser = Browser::start_or_skip()?;
    let server = StaticServer::start(&site.output());
    browser.set_window_size(width, height);
    browser.goto(&format!("{}/{PAGE}", server.url));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    Some((browser, server))
}

#[test]
fn icons_and_emoji_are_the_size_of_their_text_and_the_diagram_is_drawn() {
    let site = demo();
    let Some((browser, _server)) = open(&site, (1366, 900)) else {
        return;
    };
    let sizes = browser.wait_for(
        "if (!document.querySelector('.mermaid-diagram svg')) return null;
         const ratio = e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e.parentElement).fontSize);
         const all = [...document.querySelectorAll('article img.twemoji, article span.twemoji')].map(ratio);
         return [all.length, all.every(r => r > 0.8 && r < 1.5), document.querySelector('pre.mermaid').hidden];",
        WAIT,
    );
    assert_eq!(
        sizes,
        json!([11, true, true]),
        "every icon and emoji about as tall as the text; the diagram drawn in place of its source"
    );
}

/// The focused element, as `[tag, id, checked, popovertarget]`.
const FOCUSED: &str = "const a = document.activeElement;
    return [a.tagName, a.id, !!a.checked, a.getAttribute('popovertarget')];";

#[test]
fn tabs_switch_and_annotations_open_with_the_keyboard() {
    let site = demo();
    let Some((browser, _server)) = open(&site, (1366, 900)) else {
        return;
    };
    // Tabs are a group of radio buttons: Tab reaches the chosen one, the arrows choose.
    browser.eval("document.querySelector('#install-the-server .headerlink').focus();");
    browser.press(&[Browser::TAB]);
    assert_eq!(
        browser.eval(FOCUSED),
        json!(["INPUT", "__tabbed_1_2", true, null]),
        "the tab ===+ chose takes the focus"
    );
    browser.press(&[ARROW_RIGHT]);
    let shown = browser.wait_for(
        "const set = document.querySelector('.tabbed-set');
         const on = [...set.querySelectorAll('.tabbed-block')].filter(b => b.offsetParent !== null);
         const label = set.querySelector('label[for=\"' + document.activeElement.id + '\"]');
         return on.length === 1 && on[0].textContent.includes('poetry')
           ? [document.activeElement.id, label.textContent, getComputedStyle(label).borderBottomColor !== getComputedStyle(set.querySelector('label')).borderBottomColor]
           : null;",
        WAIT,
    );
    assert_eq!(
        shown,
        json!(["__tabbed_1_3", "Poetry", true]),
        "→ shows the next tab, marked as chosen"
    );

    // An annotation's marker is a button: Enter opens its note, Escape closes it.
    browser.eval("document.querySelector('#the-applications-entry-point .headerlink').focus();");
    let mut marker = Value::Null;
    for _ in 0..4 {
        browser.press(&[Browser::TAB]);
        marker = browser.eval(FOCUSED);
        if !marker[3].is_null() {
            break;
        }
    }
    assert_eq!(marker, json!(["BUTTON", "", false, "__annotation-0-1"]));
    let note = "const n = document.getElementById('__annotation-0-1'), r = n.getBoundingClientRect();
        return [n.matches(':popover-open'), r.width > 100 && r.height > 10, n.textContent.trim().slice(0, 30)];";
    assert_eq!(
        browser.eval(note),
        json!([false, false, "The application factory: confi"])
    );
    browser.press(&[Browser::ENTER]);
    let opened = browser.wait_for(
        &format!("const v = (() => {{ {note} }})(); return v[0] ? v : null;"),
        WAIT,
    );
    assert_eq!(
        opened,
        json!([true, true, "The application factory: confi"])
    );
    browser.press(&[Browser::ESCAPE]);
    let closed = browser.wait_for(
        &format!("const v = (() => {{ {note} }})(); return v[0] ? null : v;"),
        WAIT,
    );
    assert_eq!(closed[0], false);
    assert_eq!(
        browser.eval(FOCUSED)[3],
        "__annotation-0-1",
        "the focus stays on the marker"
    );
}

/// axe-core findings on this page that are not in the demo's content, each reported to the
/// Markdown crate's owner (issue 30): `(rule, a part of the element's selector, why)`. Each
/// must still be found (the test says when one is fixed, so that it leaves this list), and
/// anything else fails.
const REPORTED: [(&str, &str, &str); 0] = [];

/// axe-core's serious and critical findings on the page, one `[rule, selector]` per element.
fn axe_findings(browser: &Browser, axe: &str) -> Vec<(String, String)> {
    browser.eval(axe);
    browser.eval(
        "window.__axe = null; axe.run(document, {resultTypes: ['violations']}).then(r => window.__axe = [r.passes.length,
           r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
             .flatMap(v => v.nodes.map(n => [v.id, n.target.join(' ')]))]);",
    );
    let v = browser.wait_for("return window.__axe;", Duration::from_secs(60));
    assert!(v[0].as_u64().unwrap() >= 10, "axe ran its rules: {v}");
    v[1].as_array()
        .unwrap()
        .iter()
        .map(|f| (f[0].as_str().unwrap().into(), f[1].as_str().unwrap().into()))
        .collect()
}

#[test]
fn axe_finds_nothing_serious_on_the_showcase_on_phone_and_desktop_in_both_themes() {
    let Some(axe) = crate::reader_browser::axe_source() else {
        return;
    };
    let site = demo();
    let Some((browser, server)) = open(&site, (390, 844)) else {
        return;
    };
    let mut failures = Vec::new();
    let mut seen = [false; REPORTED.len()];
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.set_window_size(width, height);
        for theme in ["light", "dark"] {
            // The theme chosen, then the page opened afresh in it: its diagram is drawn once,
            // in that theme, and axe reads the drawing rather than its source.
            browser.eval(&format!("localStorage.setItem('quire-theme', '{theme}');"));
            browser.goto(&format!("{}/{PAGE}", server.url));
            browser.wait_for(
                &format!("return document.readyState === 'complete' && document.documentElement.getAttribute('data-theme') === '{theme}' && document.querySelector('.mermaid-diagram svg') !== null;"),
                WAIT,
            );
            for (rule, target) in axe_findings(&browser, &axe) {
                match REPORTED
                    .iter()
                    .position(|(r, part, _)| *r == rule && target.contains(part))
                {
                    Some(i) => seen[i] = true,
                    None => failures.push(format!("{width}px, {theme}: {rule}: {target}")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for ((rule, part, why), seen) in REPORTED.iter().zip(seen) {
        assert!(
            seen,
            "{rule} on {part} is fixed ({why}): take it out of REPORTED"
        );
    }
}
