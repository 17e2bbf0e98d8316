//! The reader's site in a real Chromium: search from disk, under a sub-path and
//! in `quire serve`; the phone and desktop layouts; code blocks' Copy buttons;
//! the theme toggle; and axe-core's accessibility rules.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::browser::Browser;
use common::serve::Server;
use common::{Site, StaticServer};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);

/// Types `query` into the search box with real key presses, and waits for its results:
/// `[title, section heading, snippet text, href, [marked words]]` per result.
fn search(browser: &Browser, query: &str) -> Vec<Value> {
    browser.eval(
        "const i = document.getElementById('quire-search');
         document.documentElement.classList.add('search-open'); i.focus(); i.value = '';
         document.getElementById('quire-search-results').removeAttribute('data-query');",
    );
    browser.press(&[query]);
    results(browser)
}

fn results(browser: &Browser) -> Vec<Value> {
    let found = browser.wait_for(
        "const l = document.getElementById('quire-search-results');
         if (!l || l.hidden || !l.children.length) return null;
         if (l.getAttribute('data-query') !== document.getElementById('quire-search').value) return null;
         return Array.from(l.querySelectorAll('li')).map(li => {
           const t = s => { const e = li.querySelector(s); return e ? e.textContent : null; };
           const a = li.querySelector('a');
           return [t('.search-title') || li.textContent, t('.search-section'), t('.search-snippet'),
                   a ? a.getAttribute('href') : null,
                   Array.from(li.querySelectorAll('mark')).map(m => m.textContent.toLowerCase())];
         });",
        WAIT,
    );
    found.as_array().unwrap().clone()
}

fn titles(found: &[Value]) -> Vec<String> {
    found
        .iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The index files this page has loaded, and their total size in bytes.
const LOADED: &str = "const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/theme/search/'));
    return [e.length, e.reduce((n, x) => n + (x.decodedBodySize || x.transferSize || 0), 0)];";

#[test]
fn search_from_disk_finds_body_words_with_a_snippet_and_works_by_keyboard() {
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    // Opened from disk, as the README tells a newcomer to, on a page one folder down.
    browser.goto(&file_url(
        &site.output().join("blog/aws-lambda-python-3-6.html"),
    ));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    assert_eq!(
        browser.eval(LOADED)[0],
        0,
        "a page that does not search loads no index"
    );

    // "/" focuses the box from anywhere.
    browser.eval("document.activeElement.blur();");
    browser.press(&["/"]);
    let focused = browser.eval("return document.activeElement.id;");
    assert_eq!(focused, "quire-search");
    browser.press(&["hedging"]);
    let found = results(&browser);
    assert_eq!(found[0][0], "Serverless", "{found:?}");
    // The section it is under, a snippet with the word marked, a link to the section.
    assert_eq!(found[0][1], "Serverless vendor lock-in?");
    let snippet = found[0][2].as_str().unwrap();
    assert!(snippet.contains("hedging your bets"), "{snippet}");
    assert_eq!(found[0][4], json!(["hedging"]));
    assert_eq!(found[0][3], "../serverless.html#serverless-vendor-lock-in");

    // Arrow keys move through the results; Enter opens the chosen one.
    browser.eval("document.getElementById('quire-search').focus();");
    let found = search(&browser, "lambda");
    assert!(found.len() >= 3, "{found:?}");
    browser.press(&[Browser::ARROW_DOWN, Browser::ARROW_DOWN]);
    let active = browser.eval(
        "const a = document.querySelector('#quire-search-results li.active a');
         return [a && a.id, document.getElementById('quire-search').getAttribute('aria-activedescendant')];",
    );
    assert_eq!(active[0], "quire-search-1");
    assert_eq!(active[1], "quire-search-1");
    let second = found[1][3].as_str().unwrap().to_string();
    browser.press(&[Browser::ENTER]);
    let target = second.split('#').next().unwrap().trim_start_matches("../");
    let arrived = browser.wait_for(
        &format!("return location.pathname.endsWith('/{target}') ? location.href : null;"),
        WAIT,
    );
    assert!(arrived.as_str().unwrap().starts_with("file://"));

    // Ctrl-K focuses too; Escape closes the results.
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    browser.eval("document.activeElement.blur();");
    browser.chord(Browser::CONTROL, "k");
    assert_eq!(
        browser.eval("return document.activeElement.id;"),
        "quire-search"
    );
    browser.press(&["serverless"]);
    results(&browser);
    browser.press(&[Browser::ESCAPE]);
    let closed = browser.eval(
        "return [document.getElementById('quire-search-results').hidden, document.activeElement.id];",
    );
    assert_eq!(closed[0], true);
    assert_ne!(closed[1], "quire-search");
}

#[test]
fn search_ranks_titles_first_stems_and_forgives_a_typo() {
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&file_url(&site.output().join("index.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    // A title match comes before pages that only mention the word.
    let found = search(&browser, "lambda");
    assert_eq!(found[0][0], "AWS Lambda", "{:?}", titles(&found));
    // Another form of the word: "deploying" finds "deployment".
    let found = search(&browser, "deploying");
    assert!(
        titles(&found).contains(&"Deployment".to_string()),
        "{found:?}"
    );
    // A letter left out of a long word.
    let found = search(&browser, "portabilty");
    assert_eq!(found[0][0], "Serverless", "{found:?}");
    assert_eq!(found[0][4], json!(["portability"]));
    // While typing, the last word counts as a prefix.
    let found = search(&browser, "vendor lo");
    assert_eq!(found[0][0], "Serverless");
    assert_eq!(found[0][1], "Serverless vendor lock-in?");
    // Words close together beat the same words far apart.
    let found = search(&browser, "vendor lock");
    assert_eq!(found[0][1], "Serverless vendor lock-in?");
    // Nothing found says so.
    let found = search(&browser, "zyxwvut");
    assert_eq!(found[0][0], "No pages found");
    // The browser stems words exactly as the index does: the list src/search/words.rs's unit
    // test holds the index to.
    let table = include_str!("../../src/search/stems.txt");
    let (words, want): (Vec<&str>, Vec<&str>) = (table.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .unzip();
    let stems = browser.eval(&format!(
        "return {}.map(w => quireSearch.stem(w));",
        json!(words)
    ));
    assert_eq!(stems, json!(want));
}

#[test]
fn search_works_under_a_sub_path_and_in_quire_serve() {
    // The default (relative links) build, placed under /docs/ by a static host.
    let site = Site::demo();
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("docs");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let server = StaticServer::start(root.path());
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    for page in ["docs/servers.html", "docs/blog/aws-lambda-python-2-7.html"] {
        browser.goto(&format!("{}/{page}", server.url));
        browser.wait_for("return document.readyState === 'complete'", WAIT);
        let found = search(&browser, "hedging");
        assert_eq!(found[0][0], "Serverless", "{page}: {found:?}");
        browser.eval("document.querySelector('#quire-search-results a').click();");
        let at = browser.wait_for(
            "return location.pathname === '/docs/serverless.html' ? location.hash : null;",
            WAIT,
        );
        assert_eq!(at, "#serverless-vendor-lock-in", "{page}");
    }

    // `quire serve` serves the same index.
    let serve = Server::start(site.path(), &[]);
    browser.goto(&format!("{}/servers.html", serve.url));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    let found = search(&browser, "hedging");
    assert_eq!(found[0][0], "Serverless", "{found:?}");
}

#[test]
fn search_and_the_controls_work_on_a_minified_build() {
    let site = Site::demo();
    site.quire(&["build", "--minify"]).succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&file_url(&site.output().join("aws-lambda.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    let found = search(&browser, "hedging");
    assert_eq!(found[0][0], "Serverless", "{found:?}");
    assert_eq!(found[0][4], json!(["hedging"]));
    let copy =
        browser.eval("return document.querySelectorAll('div.highlight .copy-button').length;");
    assert_eq!(copy, 1);
}

#[test]
fn a_missing_index_is_reported_in_the_results_box() {
    let site = Site::demo();
    site.build().succeeds();
    std::fs::remove_file(site.output().join("theme/search/meta.js")).unwrap();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&file_url(&site.output().join("servers.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    let found = search(&browser, "lambda");
    let text = found[0][0].as_str().unwrap();
    assert!(
        text.starts_with("Search is unavailable") && text.contains("meta.js"),
        "{text}"
    );
}

/// A chapter of 40 pages, each with a heading or two, as the phone test needs.
fn forty_page_site() -> Site {
    let mut site = Site::new()
        .with(
            "site.yaml",
            "title: The Very Long Name of a Documentation Site\nrelative_urls: true\n",
        )
        .with(
            "content/pages/01-guide/00-guide.md",
            "title: Guide\nsidebartitle: Guide\n\n# Guide\n\nThe guide's first page.\n",
        )
        .with(
            "content/pages/02-more/00-more.md",
            "title: More\n\n# More\n\nAnother chapter.\n",
        );
    for n in 1..=40 {
        let text = format!(
            "title: Topic number {n}\nsortorder: {n:04}\ntoc: true\n\n# Topic number {n}\n\nFirstparagraph{n} of topic {n}, which a reader wants to see at once.\n\n## Setting up\n\nSome text.\n\n## Going further\n\nMore text.\n\n```python\nprint({n})\n```\n"
        );
        site = site.with(
            &format!("content/pages/01-guide/{n:02}-topic-{n}.md"),
            &text,
        );
    }
    site
}

#[test]
fn on_a_phone_navigation_is_a_drawer_and_the_text_comes_first() {
    let site = forty_page_site();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.set_window_size(390, 844);
    browser.goto(&file_url(&site.output().join("guide/topic-20.html")));
    let layout = browser.wait_for(
        "if (document.readyState !== 'complete') return null;
         const r = s => document.querySelector(s).getBoundingClientRect();
         const side = getComputedStyle(document.querySelector('.sidebar'));
         const p = [...document.querySelectorAll('main p')].find(p => p.textContent.includes('Firstparagraph20'));
         const de = document.documentElement;
         return {width: innerWidth, header: r('.topbar').height, brand: r('.brand').height,
                 menu: r('.menu-button').width, drawer: side.visibility, expanded: document.querySelector('.menu-button').getAttribute('aria-expanded'),
                 paragraph: p.getBoundingClientRect().bottom, viewport: innerHeight,
                 sideways: de.scrollWidth > de.clientWidth};",
        WAIT,
    );
    assert!(layout["width"].as_f64().unwrap() <= 400.0, "{layout}");
    assert!(
        layout["header"].as_f64().unwrap() <= 56.0,
        "one line: {layout}"
    );
    assert!(
        layout["brand"].as_f64().unwrap() <= 32.0,
        "the title on one line: {layout}"
    );
    assert!(
        layout["menu"].as_f64().unwrap() >= 32.0,
        "a menu button: {layout}"
    );
    assert_eq!(layout["drawer"], "hidden", "the drawer starts closed");
    assert_eq!(layout["expanded"], "false");
    assert!(
        layout["paragraph"].as_f64().unwrap() <= layout["viewport"].as_f64().unwrap(),
        "the first paragraph is on the first screen: {layout}"
    );
    assert_eq!(layout["sideways"], false, "no sideways scrolling");

    // The menu button opens the drawer with the chapter's pages, Escape closes it.
    browser.eval("document.querySelector('.menu-button').click();");
    let open = browser.wait_for(
        "const s = document.querySelector('.sidebar'); const r = s.getBoundingClientRect();
         return getComputedStyle(s).visibility === 'visible' && r.left >= -1 && r.right > 200
           ? [s.querySelectorAll('.pages a').length, document.querySelector('.menu-button').getAttribute('aria-expanded'), document.activeElement.textContent] : null;",
        WAIT,
    );
    assert_eq!(open[0], 40, "the index page is the chapter's link: {open}");
    assert_eq!(open[1], "true");
    assert_eq!(
        open[2], "Topic number 20",
        "focus moves to the current page"
    );
    browser.press(&[Browser::ESCAPE]);
    browser.wait_for(
        "return getComputedStyle(document.querySelector('.sidebar')).visibility === 'hidden';",
        WAIT,
    );

    // The search button opens the box across the header; results are full width.
    browser.eval("document.querySelector('.search-button').click();");
    let box_width = browser.eval(
        "return [document.documentElement.clientWidth - document.getElementById('quire-search').getBoundingClientRect().width, document.activeElement.id];",
    );
    assert!(
        box_width[0].as_f64().unwrap() <= 24.0,
        "full width: {box_width}"
    );
    assert_eq!(box_width[1], "quire-search");
    browser.press(&["firstparagraph20"]);
    let found = results(&browser);
    assert_eq!(found[0][0], "Topic number 20");
    let widths = browser.eval(
        "const l = document.getElementById('quire-search-results').getBoundingClientRect();
         const de = document.documentElement;
         return [de.clientWidth - l.width, l.left, de.scrollWidth > de.clientWidth];",
    );
    assert!(widths[0].as_f64().unwrap() <= 1.0, "full width: {widths}");
    assert_eq!(widths[2], false, "{widths}");
    save_screenshot(&browser, "phone-search");

    // Without JavaScript (no `js` class, which <head>'s script sets) the chapters follow the text.
    browser.eval("document.documentElement.classList.remove('js', 'search-open', 'drawer-open');");
    let plain = browser.eval(
        "const s = document.querySelector('.sidebar'); const m = document.querySelector('main');
         return [getComputedStyle(s).visibility, s.getBoundingClientRect().top >= m.getBoundingClientRect().bottom - 1,
                 getComputedStyle(document.querySelector('.menu-button')).display];",
    );
    assert_eq!(plain, json!(["visible", true, "none"]));
}

#[test]
fn without_javascript_every_chapter_is_reachable() {
    // The sidebar carries the current chapter, and a link to the contents, which lists all.
    let site = forty_page_site();
    site.build().succeeds();
    let page = site.read("guide/topic-20.html");
    assert!(
        page.contains("href=\"../guide/topic-1.html\""),
        "the chapter's pages"
    );
    assert!(page.contains("class=\"sidebar-more\"><a href=\"../index.html\">All chapters</a>"));
    let index = site.read("index.html");
    assert!(index.contains("href=\"more/more.html\""), "{index}");
    // One page's HTML does not list the other chapters, so output grows linearly.
    assert!(!page.contains("href=\"../more/more.html\""));
}

#[test]
fn on_a_desktop_the_sidebar_and_the_toc_rail_stay_in_view() {
    let site = forty_page_site();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.set_window_size(1366, 900);
    browser.goto(&file_url(&site.output().join("guide/topic-20.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    // The first Tab reaches a visible "Skip to content" link, which moves the focus to the text.
    browser.press(&[Browser::TAB]);
    let skip = browser.eval(
        "const a = document.activeElement; const r = a.getBoundingClientRect();
         return [a.textContent, r.top >= 0 && r.height > 0, getComputedStyle(a).outlineStyle];",
    );
    assert_eq!(skip, json!(["Skip to content", true, "solid"]));
    browser.press(&[Browser::ENTER]);
    assert_eq!(browser.eval("return document.activeElement.id;"), "content");
    let landmarks = browser.eval(
        "return ['header', 'nav.sidebar', 'main', 'footer', '[role=search]'].map(s => !!document.querySelector(s));",
    );
    assert_eq!(landmarks, json!([true, true, true, true, true]));
    // Make the page long enough to scroll past its first section.
    browser.eval(
        "const filler = () => { const p = document.createElement('p'); p.textContent = 'Filler. '.repeat(400); return p; };
         for (const h of document.querySelectorAll('main h2')) h.after(filler());",
    );
    let layout = browser.eval(
        "const r = s => document.querySelector(s).getBoundingClientRect();
         const cs = s => getComputedStyle(document.querySelector(s));
         return {side: cs('.sidebar').position, rail: cs('nav.toc').position, inline: cs('.toc-inline').display,
                 order: r('.sidebar').right <= r('main').left + 1 && r('main').right <= r('nav.toc').left + 1,
                 crumbs: [...document.querySelectorAll('.breadcrumbs li')].map(l => l.textContent),
                 prev: document.querySelector('.prevnext .prev').textContent,
                 next: document.querySelector('.prevnext .next').textContent};",
    );
    assert_eq!(layout["side"], "sticky", "{layout}");
    assert_eq!(layout["rail"], "sticky", "{layout}");
    assert_eq!(layout["inline"], "none", "{layout}");
    assert_eq!(layout["order"], true, "sidebar | text | toc: {layout}");
    assert_eq!(
        layout["crumbs"],
        json!(["Contents", "Guide", "Topic number 20"])
    );
    assert_eq!(layout["prev"], "← Topic number 19");
    assert_eq!(layout["next"], "Topic number 21 →");
    // Scrolled to the second section: the rail marks it, and it and the sidebar are still in view.
    browser.eval("document.getElementById('going-further').scrollIntoView(); window.dispatchEvent(new Event('scroll'));");
    let marked = browser.wait_for(
        "const a = document.querySelector('nav.toc a.active');
         const t = document.querySelector('nav.toc').getBoundingClientRect();
         const s = document.querySelector('.sidebar').getBoundingClientRect();
         return a && a.getAttribute('href') === '#going-further' && scrollY > 500 && t.top >= 0 && s.top >= 0 ? [a.getAttribute('aria-current'), t.top] : null;",
        WAIT,
    );
    assert_eq!(marked[0], "location");
    // On a narrower window the TOC sits in the text, after the title, folded.
    browser.set_window_size(900, 900);
    let narrow = browser.eval(
        "const i = document.querySelector('.toc-inline');
         return [getComputedStyle(document.querySelector('nav.toc')).display, getComputedStyle(i).display,
                 document.querySelector('main h1').getBoundingClientRect().bottom <= i.getBoundingClientRect().top, i.open];",
    );
    assert_eq!(narrow, json!(["none", "block", true, false]));
}

#[test]
fn code_blocks_have_a_copy_button() {
    let site = Site::new().with(
        "content/code.md",
        "title: Code\n\n# Code\n\n```python hl_lines=2\ndef f():\n\treturn 1\n~~x = f()\n```\n",
    );
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&file_url(&site.output().join("code.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    let tools = browser.eval(
        "const b = document.querySelector('div.highlight');
         const pre = b.querySelector('pre');
         return [b.querySelector('button.copy-button').getAttribute('aria-label'), b.querySelectorAll('button.copy-button').length,
                 getComputedStyle(pre).tabSize];",
    );
    assert_eq!(tools, json!(["Copy to clipboard", 1, "4"]));
    // By keyboard: Tab to the button, Enter copies the code as written, without the marker.
    browser.eval(
        "document.activeElement.blur(); document.querySelector('main h1 .headerlink').focus();",
    );
    browser.press(&[Browser::TAB]);
    assert_eq!(
        browser.eval("return document.activeElement.className;"),
        "copy-button"
    );
    browser.press(&[Browser::ENTER]);
    let copied = browser.wait_for(
        "const b = document.querySelector('.copy-button');
         return b.dataset.state ? [b.dataset.state, window.quireLastCopy] : null;",
        WAIT,
    );
    assert_eq!(copied[0], "copied");
    assert_eq!(copied[1], "def f():\n\treturn 1\nx = f()\n");
    // What reached the clipboard is that text: paste it back.
    let pasted = browser.eval(
        "const t = document.createElement('textarea'); document.body.appendChild(t); t.focus();
         return document.execCommand('paste') ? t.value : null;",
    );
    if !pasted.is_null() {
        assert_eq!(pasted, "def f():\n\treturn 1\nx = f()\n");
    }
}

/// Opens `url` until the page, once loaded, gives `script` the value `want`: the next page
/// may open in another renderer process, which Chromium's storage reaches a moment later. On
/// a busy machine that moment outlasted a fixed half-second wait (three times, in full runs);
/// a reader never follows a link within it. Gives what the last opening gave.
fn open_until(browser: &Browser, url: &str, script: &str, want: &Value) -> Value {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        browser.goto(url);
        let got = browser.wait_for(
            &format!(
                "if (document.readyState !== 'complete') return null; return JSON.stringify((() => {{ {script} }})());"
            ),
            WAIT,
        );
        let got: Value =
            serde_json::from_str(got.as_str().unwrap_or("null")).unwrap_or(Value::Null);
        if &got == want || std::time::Instant::now() > deadline {
            return got;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_theme_toggle_switches_and_remembers_without_a_flash() {
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let page = file_url(&site.output().join("aws-lambda.html"));
    browser.goto(&page);
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    let before = browser.eval(
        "return [document.documentElement.getAttribute('data-theme'), getComputedStyle(document.body).backgroundColor];",
    );
    assert_eq!(
        before,
        json!([null, "rgb(255, 255, 255)"]),
        "the system's (light) theme"
    );
    browser.eval("document.querySelector('.theme-toggle').click();");
    let dark = browser.eval(
        "return [document.documentElement.getAttribute('data-theme'), getComputedStyle(document.body).backgroundColor,
                 getComputedStyle(document.querySelector('.highlight')).backgroundColor,
                 document.querySelector('.theme-toggle').getAttribute('aria-pressed')];",
    );
    assert_eq!(
        dark,
        json!(["dark", "rgb(13, 17, 23)", "rgb(22, 27, 34)", "true"])
    );
    // Another page: dark from its first paint (set by <head>'s script, before the stylesheet).
    let want = json!(["dark", "rgb(13, 17, 23)"]);
    let again = open_until(
        &browser,
        &file_url(&site.output().join("servers.html")),
        "return [document.documentElement.getAttribute('data-theme'), getComputedStyle(document.body).backgroundColor];",
        &want,
    );
    assert_eq!(again, want);
    let head = site.read("servers.html");
    let script = head.find("localStorage.getItem(\"quire-theme\")").unwrap();
    assert!(
        script < head.find("<link rel=\"stylesheet\"").unwrap(),
        "applied before anything is drawn"
    );
    browser.eval("document.querySelector('.theme-toggle').click();");
    let light = open_until(
        &browser,
        &page,
        "return document.documentElement.getAttribute('data-theme');",
        &json!("light"),
    );
    assert_eq!(light, "light");
}

#[test]
fn a_site_without_posts_has_no_blog_link_and_posts_show_words() {
    let site = Site::new().with("content/a.md", "title: A\n\nText.\n");
    site.build().succeeds();
    assert!(!site.read("a.html").contains("blog.html"));
    let demo = Site::demo();
    demo.build().succeeds();
    assert!(demo
        .read("servers.html")
        .contains("href=\"blog.html\">Blog</a>"));
    let blog = demo.read("blog.html");
    assert!(
        !blog.contains(">post<"),
        "the kind of page is no category: {blog}"
    );
    let post = demo.read("blog/aws-lambda-python-3-6.html");
    assert!(post.contains("<h2 class=\"sidebar-heading\">Recent posts</h2>"));
    let tagged = Site::new().with(
        "content/posts/p.md",
        "title: P\ndate: 2024-01-02\ncategory: release-notes\n\nText.\n",
    );
    tagged.build().succeeds();
    let blog = tagged.read("blog.html");
    assert!(
        blog.contains("<span class=\"category\">Release notes</span>"),
        "{blog}"
    );
}

/// axe-core's folder (tests/axe, installed by `npm ci` there; .ci/run does it).
pub(crate) fn axe_source() -> Option<String> {
    let path: PathBuf = common::repo().join("tests/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: no axe-core (run `npm ci` in tests/axe)");
            None
        }
        Err(e) => panic!("{}: {e}; run `npm ci` in tests/axe", path.display()),
    }
}

#[test]
fn axe_finds_no_serious_violations_on_phone_and_desktop_in_both_themes() {
    let Some(axe) = axe_source() else { return };
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = StaticServer::start(&site.output());
    let mut failures = Vec::new();
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.set_window_size(width, height);
        for theme in ["light", "dark"] {
            for page in [
                "serverless.html",
                // Every Markdown construct the demo shows: callouts, tabs, code, maths.
                "writing-docs.html",
                "blog/aws-lambda-python-3-6.html",
                "index.html",
                "blog.html",
            ] {
                browser.goto(&format!("{}/{page}", server.url));
                browser.eval(&format!(
                    "localStorage.setItem('quire-theme', '{theme}'); document.documentElement.setAttribute('data-theme', '{theme}');"
                ));
                browser.wait_for("return document.readyState === 'complete'", WAIT);
                browser.eval(&axe);
                let mut states = vec![page.to_string()];
                if page == "serverless.html" {
                    states.push(format!("{page} with search results and the menu open"));
                }
                for (n, state) in states.iter().enumerate() {
                    if n == 1 {
                        search(&browser, "vendor lock");
                        browser.press(&[Browser::ARROW_DOWN]);
                        if width < 800 {
                            browser.eval("document.querySelector('.menu-button').click();");
                        }
                    }
                    for item in axe_violations(&browser) {
                        failures.push(format!("{state} at {width}px, {theme}: {item}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// axe-core's serious and critical violations on the page as it is now (axe injected).
pub(crate) fn axe_violations(browser: &Browser) -> Vec<Value> {
    browser.eval(
        "window.__axe = null; axe.run(document, {resultTypes: ['violations']}).then(r => window.__axe = [r.passes.length, r.violations
           .filter(v => v.impact === 'serious' || v.impact === 'critical')
           .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').slice(0, 200)).join(' | '))]);",
    );
    let v = browser.wait_for("return window.__axe;", Duration::from_secs(60));
    assert!(v[0].as_u64().unwrap() >= 10, "axe ran its rules: {v}");
    v[1].as_array().unwrap().clone()
}

/// Saves a screenshot where `QUIRE_SCREENSHOTS` says (the README's pictures come from here).
fn save_screenshot(browser: &Browser, name: &str) {
    if let Ok(dir) = std::env::var("QUIRE_SCREENSHOTS") {
        std::fs::write(format!("{dir}/{name}.png"), browser.screenshot_png()).unwrap();
    }
}

#[test]
fn screenshots_of_the_demo_page() {
    let Ok(_) = std::env::var("QUIRE_SCREENSHOTS") else {
        return;
    };
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    for (width, height, name) in [(390, 844, "phone"), (1366, 900, "desktop")] {
        browser.set_window_size(width, height);
        for theme in ["light", "dark"] {
            // The page whose first screen has it all: every chapter, the contents, callouts and
            // a code block's Copy button.
            browser.goto(&file_url(&site.output().join("writing-docs.html")));
            browser.eval(&format!(
                "localStorage.setItem('quire-theme', '{theme}'); document.documentElement.setAttribute('data-theme', '{theme}');"
            ));
            browser.wait_for("return document.readyState === 'complete'", WAIT);
            std::thread::sleep(Duration::from_millis(300));
            save_screenshot(&browser, &format!("{name}-{theme}"));
        }
    }
}

/// gen_corpus.py, the benchmark's corpus generator: `QUIRE_GEN_CORPUS`, else the repository's own.
fn corpus_generator() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("QUIRE_GEN_CORPUS").map(PathBuf::from),
        Some(common::repo().join("bench/gen_corpus.py")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// The first query on a 10,000-page site downloads at most 300 KB; prints the index's size
/// and the query times. Slow (it generates and builds the site), so outside the default
/// test command: `cargo test --release --test suite big_site -- --ignored` (.ci/run runs it).
/// `QUIRE_BENCH_PAGES=1000` measures another size.
#[test]
#[ignore]
fn the_first_query_on_a_big_site_downloads_little() {
    let Some(gen) = corpus_generator() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "gen_corpus.py not found: set QUIRE_GEN_CORPUS"
        );
        eprintln!("skipped: gen_corpus.py not found (set QUIRE_GEN_CORPUS)");
        return;
    };
    let pages: usize = std::env::var("QUIRE_BENCH_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(&gen)
        .args(["--pages", &pages.to_string(), "--peers", "ours", "--out"])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3");
    assert!(status.success(), "gen_corpus.py failed");
    let site = dir.path().join("ours");
    let out = dir.path().join("out");
    let run = std::process::Command::new(common::QUIRE)
        .arg("build")
        .arg(&site)
        .arg("-o")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let index_bytes: u64 = common::snapshot(&out.join("theme/search"))
        .values()
        .map(|b| b.len() as u64)
        .sum();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = StaticServer::start(&out);
    let page = common::snapshot(&out)
        .into_keys()
        .find(|k| k.ends_with(".html") && k != "index.html" && k != "404.html")
        .unwrap();
    let queries = [
        "deployment",
        "cache",
        "serializer",
        "proxy",
        "migration pool",
        "deplo",
        "config style",
        "throughput",
        "middleware path",
        "templat",
        "deploying",
        "chart override",
        "monitoring",
        "permision",
        "session render",
        "decoder channel",
        "network report",
        "bucket stream",
        "iterator",
        "remote address",
        "coverage",
        "legacy",
        "generator account",
        "upload",
        "boolean",
        "endpoint",
        "assertion number",
        "custom",
        "protocol",
        "release page",
    ];
    // The search files (script and index) a page has asked for, and their size on disk: the
    // browser's own byte counts are 0 for what it takes from its cache.
    let loaded = |browser: &Browser| -> (usize, u64) {
        let urls = browser.eval(
            "return [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                .filter(p => p.startsWith('/theme/search')))];",
        );
        let urls = urls.as_array().unwrap();
        let bytes = urls
            .iter()
            .map(|u| {
                let p = out.join(u.as_str().unwrap().trim_start_matches('/'));
                // A file that is not there (a 404) downloads next to nothing.
                std::fs::metadata(&p).map_or(0, |m| m.len())
            })
            .sum();
        (urls.len(), bytes)
    };
    let mut first_bytes = Vec::new();
    // "deplo" is typed halfway through a word whose prefix is split into several files.
    for q in &queries[..6] {
        browser.goto(&format!("{}/{page}", server.url));
        browser.wait_for("return document.readyState === 'complete'", WAIT);
        let (files, _) = loaded(&browser);
        assert_eq!(files, 1, "only the script before a query");
        let found = search(&browser, q);
        assert_ne!(found[0][0], "No pages found", "{q}");
        let first_word = q.split(' ').next().unwrap();
        assert!(
            found[0][4]
                .as_array()
                .unwrap()
                .iter()
                // A match may be an identifier the word is a part of (`module_deployment`).
                .any(|m| m
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains(&first_word[..4])),
            "{q}: {:?}",
            found[0]
        );
        let (files, bytes) = loaded(&browser);
        first_bytes.push(bytes);
        assert!(
            bytes <= 300_000,
            "the first query {q:?} downloaded {bytes} bytes in {files} files"
        );
    }
    let mut ms = Vec::new();
    browser.goto(&format!("{}/{page}", server.url));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    for q in queries {
        browser.eval(&format!(
            "const i = document.getElementById('quire-search'); i.focus(); i.value = {q:?};
             i.dispatchEvent(new Event('input', {{bubbles: true}}));"
        ));
        let v = browser.wait_for(
            &format!(
                "const l = document.getElementById('quire-search-results');
             return l.getAttribute('data-query') === {q:?} && l.getAttribute('data-ms');"
            ),
            WAIT,
        );
        ms.push(v.as_str().unwrap().parse::<u64>().unwrap());
    }
    ms.sort_unstable();
    let pct = |p: usize| ms[(ms.len() * p / 100).min(ms.len() - 1)];
    eprintln!(
        "{pages} pages: index {:.1} MB ({:.0} KB per 1,000 pages); first query downloads {:?} bytes; query p50 {} ms, p95 {} ms over {} queries",
        index_bytes as f64 / 1e6,
        index_bytes as f64 / 1e3 / (pages as f64 / 1000.0),
        first_bytes,
        pct(50),
        pct(95),
        ms.len()
    );
}
