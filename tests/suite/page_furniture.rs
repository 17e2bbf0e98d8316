//! A reader who knows Material for MkDocs finds the page as they expect it: every section
//! linkable, contents on every page of two sections, code blocks with only a Copy icon,
//! remembered tab choices, maths in a maths font, the site's logo, repository and footer
//! links, and a page as dense as Material's.

use crate::common;

use std::time::Duration;

use common::browser::{open, Browser};
use common::{Site, StaticServer};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(15);

/// Material for MkDocs 9.8.2 (mkdocs 1.6.1) on the demo pages, headless Chromium at 1366 px:
/// the sum of the twelve pages' heights (bench/README.md, "Page density (issue 31)").
const MATERIAL_DEMO_HEIGHT: u64 = 17_622;

/// The demo's pages, as quire writes them (Material's are the same sources).
const DEMO_PAGES: [&str; 12] = [
    "introduction.html",
    "python-2-or-3.html",
    "writing-docs.html",
    "deployment.html",
    "servers.html",
    "serverless.html",
    "aws-lambda.html",
    "google-cloud-functions.html",
    "devops.html",
    "application-programming-interfaces.html",
    "blog/aws-lambda-python-2-7.html",
    "blog/aws-lambda-python-3-6.html",
];

fn long_text(words: usize) -> String {
    "Some words that take room on the page. ".repeat(words / 8)
}

fn guide() -> Site {
    let body = long_text(400);
    Site::new().with(
        "content/guide.md",
        &format!(
            "title: Guide\n\n# Guide\n\n{body}\n\n## Install\n\n{body}\n\n## Deploy early\n\n{body}\n\n### Roll back\n\n{body}\n"
        ),
    )
}

#[test]
fn every_heading_has_a_permalink_and_pages_of_two_sections_have_contents() {
    let site = guide()
        .with(
            "content/one.md",
            "title: One\n\n# One\n\nText.\n\n## Only section\n\nText.\n",
        )
        .with(
            "content/quiet.md",
            "title: Quiet\ntoc: false\n\n## A\n\nText.\n\n## B\n\nText.\n",
        );
    site.build().succeeds();
    let html = site.read("guide.html");
    assert!(
        html.contains("<h2 id=\"install\">Install<a class=\"headerlink\" href=\"#install\" title=\"Permanent link\">¶</a></h2>"),
        "Material's permalink markup: {html}"
    );
    assert!(
        html.contains("<nav class=\"toc\""),
        "two sections: contents"
    );
    assert!(
        html.contains("href=\"#roll-back\""),
        "the contents hold subsections"
    );
    assert!(
        !site.read("one.html").contains("class=\"toc"),
        "one section: no contents"
    );
    assert!(
        !site.read("quiet.html").contains("class=\"toc"),
        "toc: false turns them off"
    );

    // site.yaml's `toc: false` turns them off everywhere but where a page asks.
    let site = guide().with("site.yaml", "toc: false\n").with(
        "content/asks.md",
        "title: Asks\ntoc: true\n\n## A\n\nText.\n\n## B\n\nText.\n",
    );
    site.build().succeeds();
    assert!(!site.read("guide.html").contains("class=\"toc"));
    assert!(site.read("asks.html").contains("<nav class=\"toc\""));
}

#[test]
fn a_permalink_copied_and_opened_lands_on_its_section() {
    let site = guide();
    site.build().succeeds();
    let Some((browser, server)) = open(&site, "guide.html", (1366, 900)) else {
        return;
    };
    // Hidden until the heading is hovered or the link focused; the keyboard reaches it.
    let hidden = browser.eval(
        "return getComputedStyle(document.querySelector('#deploy-early .headerlink')).opacity;",
    );
    assert_eq!(hidden, "0");
    browser.eval("document.querySelector('#install .headerlink').focus();");
    browser.press(&[Browser::TAB]);
    let focused = browser.wait_for(
        "const a = document.activeElement; return a.matches('#deploy-early .headerlink') && getComputedStyle(a).opacity === '1' ? a.href : null;",
        WAIT,
    );
    let link = focused.as_str().expect("the permalink takes the focus");
    assert!(link.ends_with("/guide.html#deploy-early"), "{link}");

    // A reader pastes the link in a new visit: the section is at the top, below the header.
    browser.goto(&format!("{}/", server.url));
    browser.goto(link);
    let place = browser.wait_for(
        "if (document.readyState !== 'complete') return null;
         const h = document.getElementById('deploy-early').getBoundingClientRect();
         const bar = document.querySelector('.topbar').getBoundingClientRect();
         return [Math.round(h.top - bar.bottom), window.scrollY > 0];",
        WAIT,
    );
    let gap = place[0].as_i64().unwrap();
    assert!(
        (0..=40).contains(&gap),
        "the heading is just below the header: {place}"
    );
    assert_eq!(place[1], true, "the page scrolled to the section");
}

#[test]
fn copy_is_an_icon_in_the_corner_and_copies_exactly_the_code() {
    let site = Site::new().with(
        "content/code.md",
        "title: Code\n\n# Code\n\n```python linenums=\"1\" hl_lines=\"2\"\ndef f():\n\treturn 1\n~~x = f()  # <b>\n```\n\n\
```toml title=\"pyproject.toml\"\n[project]\nname = \"app\"\n```\n",
    );
    site.build().succeeds();
    let Some((browser, server)) = open(&site, "code.html", (1366, 900)) else {
        return;
    };
    let shape = browser.eval(
        "return [...document.querySelectorAll('div.highlight')].map(b => {
           const btn = b.querySelector('button.copy-button'), r = b.getBoundingClientRect(),
                 c = btn.getBoundingClientRect(), pre = b.querySelector('pre').getBoundingClientRect();
           return [btn.getAttribute('aria-label'), btn.textContent.trim(), Math.round(r.right - c.right) <= 8,
                   Math.round(c.top - r.top) <= 8, Math.round(pre.top - r.top), !!b.querySelector('.code-lang')];
         });",
    );
    let blocks = shape.as_array().unwrap();
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        blocks[0],
        json!(["Copy to clipboard", "", true, true, 0, false]),
        "an icon button in the corner, no bar above the code"
    );
    let title_bar = blocks[1][4].as_i64().unwrap();
    assert!(
        (10..=32).contains(&title_bar),
        "one slim bar for the title: {}",
        blocks[1]
    );

    // As a reader does it (a script's click is no user gesture, which the clipboard needs).
    browser.eval("document.querySelector('.copy-button').focus();");
    browser.press(&[Browser::ENTER]);
    let copied = browser.wait_for(
        "const b = document.querySelector('.copy-button');
         return b.dataset.state ? [b.dataset.state, window.quireLastCopy, b.parentNode.querySelector('[role=status]').textContent] : null;",
        WAIT,
    );
    assert_eq!(
        copied,
        json!([
            "copied",
            "def f():\n\treturn 1\nx = f()  # <b>\n",
            "Copied to clipboard"
        ]),
        "exactly the code: no line numbers, no marker"
    );
    let pasted = browser.eval(
        "const t = document.createElement('textarea'); document.body.appendChild(t); t.focus();
         return document.execCommand('paste') ? t.value : null;",
    );
    if !pasted.is_null() {
        assert_eq!(pasted, "def f():\n\treturn 1\nx = f()  # <b>\n");
    }

    // On a phone the code takes the whole width.
    browser.set_window_size(390, 844);
    browser.goto(&format!("{}/code.html", server.url));
    let width = browser.wait_for(
        "if (document.readyState !== 'complete') return null;
         const r = document.querySelector('div.highlight').getBoundingClientRect();
         return [Math.round(r.left), Math.round(document.documentElement.clientWidth - r.right)];",
        WAIT,
    );
    assert_eq!(width, json!([0, 0]), "edge to edge on a phone");
}

#[test]
fn a_tab_chosen_on_one_page_is_chosen_on_the_next() {
    let tabs = "=== \"pip\"\n\n    ```\n    pip install app\n    ```\n\n=== \"uv\"\n\n    ```\n    uv add app\n    ```\n";
    let site = Site::new()
        .with("content/a.md", &format!("title: A\n\n# A\n\n{tabs}"))
        .with("content/b.md", &format!("title: B\n\n# B\n\n{tabs}"));
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = StaticServer::start(&site.output());
    let shown = "if (document.readyState !== 'complete') return null;
        return [...document.querySelectorAll('.tabbed-block')].filter(b => b.offsetParent !== null).map(b => b.textContent.trim());";
    browser.goto(&format!("{}/a.html", server.url));
    assert_eq!(browser.wait_for(shown, WAIT), json!(["pip install app"]));
    browser.eval("document.querySelector('label[for=__tabbed_1_2]').click();");
    assert_eq!(browser.wait_for(shown, WAIT), json!(["uv add app"]));
    // The code sits flush in its tab: no box inside the box.
    let flush = browser.eval(
        "const h = [...document.querySelectorAll('.tabbed-block .highlight')].find(b => b.offsetParent);
         const set = h.closest('.tabbed-set').getBoundingClientRect(), r = h.getBoundingClientRect();
         return [Math.round(r.left - set.left) <= 1, Math.round(set.right - r.right) <= 1];",
    );
    assert_eq!(flush, json!([true, true]));
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        browser.goto(&format!("{}/b.html", server.url));
        let got = browser.wait_for(shown, WAIT);
        if got == json!(["uv add app"]) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the next page opens on the chosen tab: {got}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_site_yaml_furniture_reaches_every_page() {
    let site = guide()
        .with(
            "site.yaml",
            "title: Docs\nlogo: img/logo.svg\nfavicon: img/favicon.png\nrepo_url: https://github.com/example/docs.git\n\
copyright: \"© 2026 Example <Inc>\"\nsocial:\n  - icon: fontawesome/brands/github\n    link: https://github.com/example\n  - name: Forum\n    link: https://forum.example.org\n",
        )
        .with(
            "static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    site.build().succeeds();
    let html = site.read("guide.html");
    assert!(
        html.contains("<link rel=\"icon\" href=\"img/favicon.png\">"),
        "{html}"
    );
    assert!(html.contains("<img class=\"logo\" src=\"img/logo.svg\" alt=\"\""));
    assert!(html.contains("<a class=\"repo\" href=\"https://github.com/example/docs.git\""));
    assert!(html.contains("<span class=\"repo-name\">example/docs</span>"));
    assert!(
        html.contains("© 2026 Example &lt;Inc&gt;"),
        "text, not HTML"
    );
    assert!(html.contains(
        "<a href=\"https://github.com/example\" rel=\"me\" aria-label=\"Github\" title=\"Github\"><svg"
    ));
    assert!(html.contains("<a href=\"https://forum.example.org\" rel=\"me\">Forum</a>"));

    // A social link without its address is named with the file and line.
    let site = Site::new()
        .with("site.yaml", "title: Docs\nsocial:\n  - icon: github\n")
        .with("content/a.md", "title: A\n\nText.\n");
    site.build().fails().says("site.yaml").says("link");
}

#[test]
fn maths_is_greek_in_a_maths_font_and_scrolls_on_a_phone() {
    let wide = "a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12} + a_{13} + a_{14} + a_{15} + a_{16} + a_{17} + a_{18} + a_{19} + a_{20}";
    let site = Site::new().with(
        "content/m.md",
        &format!("title: M\n\n# M\n\nThe mean $\\mu$ of $x$.\n\n$$\n{wide}\n$$\n\nAfter.\n"),
    );
    site.build().succeeds();
    let html = site.read("m.html");
    assert!(html.contains("<mi>\u{3BC}</mi>"), "{html}");
    assert!(!html.contains('\u{B5}'), "no micro sign");
    let Some((browser, _server)) = open(&site, "m.html", (390, 844)) else {
        return;
    };
    let got = browser.wait_for(
        "if (document.readyState !== 'complete') return null;
         const m = document.querySelector('math'), p = m.parentElement, box = document.querySelector('.math-display');
         return [getComputedStyle(m).fontFamily.includes('Math'),
                 Math.abs(parseFloat(getComputedStyle(m).fontSize) / parseFloat(getComputedStyle(p).fontSize) - 1) < 0.1,
                 box.scrollWidth > box.clientWidth,
                 document.documentElement.scrollWidth <= document.documentElement.clientWidth];",
        WAIT,
    );
    assert_eq!(
        got,
        json!([true, true, true, true]),
        "maths font, text size, the formula scrolls in its box and not the page"
    );
}

#[test]
fn without_javascript_no_dead_controls_show() {
    let site = guide();
    site.build().succeeds();
    let Some((browser, _server)) = open(&site, "guide.html", (1366, 900)) else {
        return;
    };
    // As the page is before its scripts run (the `js` class is what the inline script adds).
    let shown = browser.eval(
        "document.documentElement.classList.remove('js');
         return ['.search', '.theme-toggle'].map(s => getComputedStyle(document.querySelector(s)).display);",
    );
    assert_eq!(shown, json!(["none", "none"]));
}

/// The demo's pages at 1366 px, summed: within 10 % of Material's on the same pages.
#[test]
fn the_demo_pages_take_no_more_scrolling_than_in_material() {
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = StaticServer::start(&site.output());
    browser.set_window_size(1366, 900);
    let mut total = 0;
    let mut each = Vec::new();
    for page in DEMO_PAGES {
        browser.goto(&format!("{}/{page}", server.url));
        let h = browser.wait_for(
            "if (document.readyState !== 'complete') return null; return document.documentElement.scrollHeight;",
            WAIT,
        );
        let h = h.as_u64().unwrap();
        each.push(format!("{page}: {h}"));
        total += h;
    }
    let limit = MATERIAL_DEMO_HEIGHT * 110 / 100;
    assert!(
        total <= limit,
        "{total} px against Material's {MATERIAL_DEMO_HEIGHT} (at most {limit}):\n{}",
        each.join("\n")
    );
}
