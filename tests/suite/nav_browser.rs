//! A reader used to Material for MkDocs finds their way: every chapter in the sidebar, opened
//! in place; prev/next from the end of one chapter into the next; each chapter's index page
//! listed once; header tabs; on a phone, a drawer with the site's links over a dimmed page
//! that keeps the focus; back to top after scrolling up; no dead controls without JavaScript.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::browser::Browser;
use common::{between, Site};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(15);

/// Three chapters of a few pages each (each opened by its `00-` index page), and a post.
fn three_chapters(yaml: &str) -> Site {
    let mut site = Site::new()
        .with("site.yaml", &format!("title: Handbook\n{yaml}"))
        .with(
            "content/posts/news.md",
            "title: News\ndate: 2024-01-02\n\nNew.\n",
        );
    for (n, chapter) in ["Start", "Guide", "Reference"].iter().enumerate() {
        let folder = format!("content/pages/{:02}-{}", n + 1, chapter.to_lowercase());
        site = site.with(
            &format!("{folder}/00-index.md"),
            &format!("title: {chapter}\n\n# {chapter}\n\nAbout the {chapter}.\n"),
        );
        for p in 1..=3 {
            let text = format!(
                "title: {chapter} page {p}\n\n# {chapter} page {p}\n\n## First\n\n{}\n\n## Second\n\nText.\n",
                "A long paragraph to scroll past. ".repeat(800)
            );
            site = site.with(&format!("{folder}/{p:02}-page-{p}.md"), &text);
        }
    }
    site
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The built site's guide/page-2.html from disk, in a window of this size (`None`: no browser).
fn open_guide_page(site: &Site, width: u32, height: u32) -> Option<Browser> {
    site.build().succeeds();
    let browser = Browser::start_or_skip()?;
    browser.set_window_size(width, height);
    browser.goto(&file_url(&site.output().join("guide/page-2.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    Some(browser)
}

fn sidebar(html: &str) -> &str {
    between(html, "<nav class=\"sidebar\"", "</nav>")
}

#[test]
fn each_page_lists_its_chapter_once_and_the_script_holds_the_others() {
    let site = three_chapters("");
    site.build().succeeds();
    let page = site.read("guide/page-2.html");
    let side = sidebar(&page);
    // The chapter's own link is its index page, which its list does not repeat.
    assert_eq!(
        side.matches("href=\"../guide/index.html\"").count(),
        1,
        "{side}"
    );
    let index = site.read("guide/index.html");
    assert!(
        sidebar(&index).contains("<a href=\"../guide/index.html\" class=\"current-link\" aria-current=\"page\">Guide</a>"),
        "on the index page the chapter's link is the current one: {}",
        sidebar(&index)
    );
    // The other chapters' pages are not in the page: they are in the one shared script.
    assert!(!page.contains("reference/page-1.html"), "{side}");
    let src = between(side, "<script src=\"", "\"").trim_start_matches("../");
    let script = site.read(src);
    assert!(
        script.contains("[\"Reference page 1\",\"reference/page-1.html\"]"),
        "{script}"
    );
    assert!(
        !script.contains("[\"Reference\",\"reference/index.html\"]"),
        "the index page is the chapter's link, not one of its pages: {script}"
    );
}

#[test]
fn prev_and_next_cross_from_one_chapter_into_the_next() {
    let site = three_chapters("");
    site.build().succeeds();
    let last = site.read("start/page-3.html");
    assert!(last.contains("rel=\"next\">Guide →</a>"), "{last}");
    let first = site.read("guide/index.html");
    assert!(first.contains("rel=\"prev\">← Start page 3</a>"), "{first}");
    assert!(first.contains("rel=\"next\">Guide page 1 →</a>"), "{first}");
    let end = site.read("reference/page-3.html");
    assert!(!end.contains("rel=\"next\""), "the last page leads nowhere");
    assert!(!site.read("start/index.html").contains("rel=\"prev\""));

    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.set_window_size(1366, 900);
    browser.goto(&file_url(&site.output().join("start/page-3.html")));
    browser.wait_for("return document.readyState === 'complete'", WAIT);
    browser.eval("document.querySelector('.prevnext a[rel=next]').click();");
    let arrived = browser.wait_for(
        "return location.pathname.endsWith('/guide/index.html') && document.readyState === 'complete' ? document.querySelector('h1').firstChild.textContent : null;",
        WAIT,
    );
    // The heading's own text (its permalink, ¶, follows it).
    assert_eq!(arrived, "Guide");
}

#[test]
fn header_tabs_list_the_top_chapters_when_asked() {
    let plain = three_chapters("");
    plain.build().succeeds();
    assert!(!plain.read("guide/page-1.html").contains("class=\"tabs\""));
    let site = three_chapters("tabs: true\n");
    site.build().succeeds();
    let page = site.read("guide/page-1.html");
    let tabs = between(
        &page,
        "<nav class=\"tabs\" aria-label=\"Sections\">",
        "</nav>",
    );
    assert_eq!(
        tabs,
        "<ol><li><a href=\"../start/index.html\">Start</a></li><li><a href=\"../guide/index.html\" aria-current=\"true\">Guide</a></li><li><a href=\"../reference/index.html\">Reference</a></li></ol>"
    );
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn the_sidebar_opens_another_chapter_in_place() {
    let site = three_chapters("");
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.set_window_size(1366, 900);
    let url = file_url(&site.output().join("guide/page-2.html"));
    browser.goto(&url);
    let side = browser.wait_for(
        "if (document.readyState !== 'complete') return null;
         return [...document.querySelectorAll('.sidebar ol.chapter-list > li')].map(li => {
           const b = li.querySelector(':scope > button');
           return [li.querySelector('a').textContent, b && b.getAttribute('aria-expanded'),
                   [...li.querySelectorAll('ol.pages a')].filter(a => a.offsetParent).map(a => a.textContent)];
         });",
        WAIT,
    );
    assert_eq!(
        side,
        json!([
            ["Start", "false", []],
            [
                "Guide",
                "true",
                ["Guide page 1", "Guide page 2", "Guide page 3"]
            ],
            ["Reference", "false", []]
        ])
    );
    // Opening Reference shows its pages under it, on this very page, linked from here.
    browser.eval("document.querySelectorAll('.sidebar .chapter-toggle')[2].click();");
    let opened = browser.eval(
        "const li = document.querySelectorAll('.sidebar ol.chapter-list > li')[2];
         const b = li.querySelector(':scope > button');
         return [location.href, b.getAttribute('aria-expanded'), b.getAttribute('aria-label'),
                 [...li.querySelectorAll('ol.pages a')].filter(a => a.offsetParent).map(a => [a.textContent, a.getAttribute('href')])];",
    );
    assert_eq!(opened[0], url.as_str(), "the page stays");
    assert_eq!(opened[1], "true");
    assert_eq!(opened[2], "Reference: pages");
    assert_eq!(
        opened[3],
        json!([
            ["Reference page 1", "../reference/page-1.html"],
            ["Reference page 2", "../reference/page-2.html"],
            ["Reference page 3", "../reference/page-3.html"]
        ])
    );
    // Its links lead to the pages, from disk; the current chapter folds too.
    browser.eval("document.querySelectorAll('.sidebar .chapter-toggle')[1].click();");
    let folded = browser
        .eval("return document.querySelector('.sidebar li.current-chapter > ol.pages').hidden;");
    assert_eq!(folded, true);
    browser
        .eval("document.querySelector('.sidebar a[href=\"../reference/page-2.html\"]').click();");
    let arrived = browser.wait_for(
        "return location.pathname.endsWith('/reference/page-2.html') && document.readyState === 'complete' ? document.querySelector('.sidebar a[aria-current=page], .sidebar [aria-current=page] a').textContent : null;",
        WAIT,
    );
    assert_eq!(arrived, "Reference page 2");
}

/// Where the focus is: the menu button, or a link in the drawer (its text), or elsewhere.
const FOCUS: &str = "const a = document.activeElement;
    if (a.classList.contains('menu-button')) return 'menu';
    return document.getElementById('sidebar').contains(a) ? 'drawer' : 'outside: ' + a.outerHTML.slice(0, 80);";

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn on_a_phone_the_drawer_dims_the_page_holds_it_still_and_keeps_the_focus() {
    let site = three_chapters("");
    let Some(browser) = open_guide_page(&site, 390, 844) else {
        return;
    };
    browser.eval("window.scrollTo(0, 600);");
    let read_at = browser.wait_for("return scrollY > 500 ? scrollY : null;", WAIT);
    browser.eval("document.querySelector('.menu-button').click();");
    let open = browser.wait_for(
        "const s = document.getElementById('sidebar');
         if (getComputedStyle(s).visibility !== 'visible' || s.getBoundingClientRect().left < -1) return null;
         const b = document.querySelector('.drawer-backdrop'); const r = b.getBoundingClientRect();
         const links = [...s.querySelectorAll('.drawer-links a')].filter(a => a.offsetParent).map(a => a.textContent);
         return {links, dim: getComputedStyle(b).backgroundColor, cover: r.width >= innerWidth - 1 && r.bottom >= innerHeight - 1,
                 lock: getComputedStyle(document.documentElement).overflow, focus: document.activeElement.textContent};",
        WAIT,
    );
    assert_eq!(open["links"], json!(["Contents", "Blog"]), "{open}");
    assert_eq!(open["dim"], "rgba(0, 0, 0, 0.45)", "{open}");
    assert_eq!(open["cover"], true, "{open}");
    assert_eq!(
        open["lock"], "hidden",
        "the page behind does not scroll: {open}"
    );
    assert_eq!(open["focus"], "Guide page 2", "{open}");
    assert_eq!(
        browser.eval("return scrollY;"),
        read_at,
        "the page stays where it was read"
    );

    // Tab goes round the drawer's links and the menu button, never to the page behind.
    let stops = browser.eval(
        "return document.getElementById('sidebar').querySelectorAll('a[href], button').length;",
    );
    let mut seen = Vec::new();
    for _ in 0..stops.as_u64().unwrap() + 3 {
        browser.press(&[Browser::TAB]);
        seen.push(browser.eval(FOCUS));
    }
    assert!(
        seen.iter().all(|f| f == "menu" || f == "drawer"),
        "{seen:?}"
    );
    assert!(
        seen.contains(&json!("menu")),
        "round to the button: {seen:?}"
    );
    // Shift+Tab from the button goes back into the drawer, at its end.
    browser.eval("document.querySelector('.menu-button').focus();");
    browser.chord("\u{E008}", Browser::TAB);
    assert_eq!(browser.eval(FOCUS), "drawer");

    // Escape closes it and gives the focus back to the menu button; the page scrolls again.
    browser.press(&[Browser::ESCAPE]);
    let closed = browser.wait_for(
        "const s = document.getElementById('sidebar');
         return getComputedStyle(s).visibility === 'hidden'
           ? [document.activeElement.className, getComputedStyle(document.documentElement).overflow,
              getComputedStyle(document.querySelector('.drawer-backdrop')).display,
              document.querySelector('.menu-button').getAttribute('aria-expanded')] : null;",
        WAIT,
    );
    assert_eq!(closed, json!(["menu-button", "visible", "none", "false"]));
    assert_eq!(
        browser.eval("return scrollY;"),
        read_at,
        "the page is where it was left"
    );
    // A tap on the dimmed page closes it too, the focus back on the button.
    browser.eval("document.querySelector('.menu-button').click();");
    browser.wait_for(
        "return getComputedStyle(document.getElementById('sidebar')).visibility === 'visible' || null;",
        WAIT,
    );
    browser.eval("document.querySelector('.drawer-backdrop').click();");
    let tapped = browser.wait_for(
        "return document.documentElement.classList.contains('drawer-open') ? null : document.activeElement.className;",
        WAIT,
    );
    assert_eq!(tapped, "menu-button");
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn back_to_top_appears_when_scrolling_up() {
    let site = three_chapters("");
    let Some(browser) = open_guide_page(&site, 1366, 900) else {
        return;
    };
    let shown = "const b = document.querySelector('.back-to-top'); return b && !b.hidden && getComputedStyle(b).display !== 'none';";
    assert_eq!(browser.eval(shown), false, "hidden at the top");
    browser.eval("window.scrollTo(0, 3000);");
    browser.wait_for("return scrollY >= 2900 || null;", WAIT);
    // Let the scroll event of going down arrive before going up.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(browser.eval(shown), false, "hidden while reading on");
    // Up a little at a time, as a reader does (each step a scroll event, however loaded the
    // machine).
    let up = browser.wait_for(&format!("window.scrollBy(0, -40); {shown}"), WAIT);
    assert_eq!(up, true);
    let label = browser.eval("return document.querySelector('.back-to-top').textContent.trim();");
    assert_eq!(label, "Back to top");
    browser.eval("document.querySelector('.back-to-top').click();");
    let top = browser.wait_for(
        "return scrollY === 0 ? [document.querySelector('.back-to-top').hidden, document.activeElement.id] : null;",
        WAIT,
    );
    assert_eq!(top, json!([true, "content"]));
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn without_javascript_no_control_that_needs_it_shows() {
    let site = three_chapters("");
    let Some(browser) = open_guide_page(&site, 1366, 900) else {
        return;
    };
    // What a browser without the scripts shows: no `js` class, nothing they add.
    let shown = browser.eval(
        "document.documentElement.classList.remove('js');
         document.querySelectorAll('.chapter-toggle, .back-to-top, .drawer-backdrop').forEach(e => e.remove());
         const visible = s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length);
         return ['.search', '.theme-toggle', '.menu-button', '.search-button', '.sidebar-more'].map(visible);",
    );
    assert_eq!(shown, json!([false, false, false, false, true]));
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn axe_finds_nothing_serious_in_the_navigation_on_phone_and_desktop_in_both_themes() {
    let Some(axe) = crate::reader_browser::axe_source() else {
        return;
    };
    let site = three_chapters("tabs: true\n");
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = common::StaticServer::start(&site.output());
    let mut failures = Vec::new();
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.set_window_size(width, height);
        for theme in ["light", "dark"] {
            browser.goto(&format!("{}/guide/page-2.html", server.url));
            browser.eval(&format!(
                "localStorage.setItem('quire-theme', '{theme}'); document.documentElement.setAttribute('data-theme', '{theme}');"
            ));
            browser.wait_for("return document.readyState === 'complete'", WAIT);
            // Another chapter opened, scrolled up so that "back to top" shows; on a phone the
            // drawer open.
            browser.eval("document.querySelectorAll('.sidebar .chapter-toggle')[0].click(); window.scrollTo(0, 3000);");
            browser.wait_for("return scrollY > 2900 || null;", WAIT);
            std::thread::sleep(Duration::from_millis(200));
            browser.wait_for(
                "window.scrollBy(0, -40); return !document.querySelector('.back-to-top').hidden || null;",
                WAIT,
            );
            if width < 800 {
                browser.eval("document.querySelector('.menu-button').click();");
                browser.wait_for(
                    "return getComputedStyle(document.getElementById('sidebar')).visibility === 'visible' || null;",
                    WAIT,
                );
            }
            browser.eval(&axe);
            for item in crate::reader_browser::axe_violations(&browser) {
                failures.push(format!("{width}px, {theme}: {item}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
