//! A reader used to Material for MkDocs finds their way: every chapter in the sidebar, opened
//! in place; prev/next from the end of one chapter into the next; each chapter's index page
//! listed once; header tabs; on a phone, a drawer with the site's links over a dimmed page
//! that keeps the focus; back to top after scrolling up; no dead controls without JavaScript.

use crate::common;

use std::time::Duration;

use common::browser::{open_from_disk, Browser};
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

/// The window sizes the tests read the pages at.
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1366, 900);

/// The built site's guide/page-2.html from disk, in a window of this size (`None`: no browser).
fn open_guide_page(site: &Site, size: (u32, u32)) -> Option<Browser> {
    site.build().succeeds();
    open_from_disk(site, "guide/page-2.html", size)
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

    let Some(browser) = open_from_disk(&site, "start/page-3.html", DESKTOP) else {
        return;
    };
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
    let Some(browser) = open_guide_page(&site, DESKTOP) else {
        return;
    };
    let url = browser.eval("return location.href;");
    let side = browser.eval(
        "return [...document.querySelectorAll('.sidebar ol.chapter-list > li')].map(li => {
           const b = li.querySelector(':scope > button');
           return [li.querySelector('a').textContent, b && b.getAttribute('aria-expanded'),
                   [...li.querySelectorAll('ol.pages a')].filter(a => a.offsetParent).map(a => a.textContent)];
         });",
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
    assert_eq!(opened[0], url, "the page stays");
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
    let Some(browser) = open_guide_page(&site, PHONE) else {
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
    let Some(browser) = open_guide_page(&site, DESKTOP) else {
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
    let Some(browser) = open_guide_page(&site, DESKTOP) else {
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
    let Some((browser, server)) = common::browser::open(&site, "guide/page-2.html", PHONE) else {
        return;
    };
    let mut failures = Vec::new();
    for (width, height) in [PHONE, DESKTOP] {
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

/// The sidebar as the reader sees it: each shown item as `[title, toggle, [items…]]`, the
/// title marked ` *` where it is the current page, the toggle its `aria-expanded` (left out
/// where it has none), the items only while they are open.
const SHOWN_TREE: &str = "const tree = ol => [...ol.children].map(li => {
      const a = li.querySelector(':scope > a'), b = li.querySelector(':scope > button');
      const sub = li.querySelector(':scope > ol.pages');
      const row = [a.textContent + (a.getAttribute('aria-current') === 'page' ? ' *' : '')];
      if (b) row.push(b.getAttribute('aria-expanded'));
      if (sub && !sub.hidden) row.push(tree(sub));
      return row;
    });
    return document.readyState === 'complete' ? tree(document.querySelector('.sidebar ol.chapter-list')) : null;";

/// A `nav:` three sections deep, with a page after the sub-sections.
fn nested_nav() -> Site {
    let mut site = Site::new().with(
        "site.yaml",
        "title: Handbook\nnav:\n  - Start: start.md\n  - Guide:\n      - guide/install.md\n      - Deploy:\n          - guide/deploy/servers.md\n          - Cloud:\n              - guide/deploy/cloud/aws.md\n              - guide/deploy/cloud/gcp.md\n      - guide/faq.md\n  - Reference:\n      - ref/api.md\n",
    );
    for (file, title) in [
        ("start", "Start"),
        ("guide/install", "Install"),
        ("guide/deploy/servers", "Servers"),
        ("guide/deploy/cloud/aws", "AWS"),
        ("guide/deploy/cloud/gcp", "GCP"),
        ("guide/faq", "FAQ"),
        ("ref/api", "API"),
    ] {
        site = site.with(
            &format!("content/{file}.md"),
            &format!("# {title}\n\nText.\n"),
        );
    }
    site
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn every_section_of_a_nav_opens_and_folds_in_place_the_current_one_open() {
    let site = nested_nav();
    site.build().succeeds();
    let Some(browser) = open_from_disk(&site, "guide/deploy/cloud/aws.html", DESKTOP) else {
        return;
    };
    let shown = browser.wait_for(SHOWN_TREE, WAIT);
    assert_eq!(
        shown,
        json!([
            ["Start"],
            [
                "Guide",
                "true",
                [
                    ["Install"],
                    [
                        "Deploy",
                        "true",
                        [["Servers"], ["Cloud", "true", [["AWS *"], ["GCP"]]]]
                    ],
                    ["FAQ"]
                ]
            ],
            ["Reference", "false"]
        ])
    );
    // The toggles are buttons that say what they open; the keyboard folds the current section.
    browser.eval("document.querySelector('.sidebar button[aria-label=\"Cloud: pages\"]').focus();");
    browser.press(&[Browser::ENTER]);
    let folded = browser.eval(SHOWN_TREE);
    assert_eq!(
        folded[1][2][1],
        json!(["Deploy", "true", [["Servers"], ["Cloud", "false"]]])
    );
    // Another chapter opens where it is, the page staying.
    browser.eval(
        "document.querySelector('.sidebar button[aria-label=\"Reference: pages\"]').click();",
    );
    assert_eq!(
        browser.eval(SHOWN_TREE)[2],
        json!(["Reference", "true", [["API"]]])
    );
    assert!(browser
        .eval("return location.href;")
        .as_str()
        .unwrap()
        .ends_with("/aws.html"));
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn nested_folders_open_in_place_too() {
    let mut site = Site::new().with("site.yaml", "title: Handbook\n");
    for (file, title) in [
        ("01-start/00-index", "Start"),
        ("02-guide/00-index", "Guide"),
        ("02-guide/01-install", "Install"),
        ("02-guide/02-tuning/00-index", "Tuning"),
        ("02-guide/02-tuning/01-cache", "Cache"),
        ("02-guide/03-upgrade/00-index", "Upgrade"),
        ("02-guide/03-upgrade/01-notes", "Notes"),
    ] {
        site = site.with(
            &format!("content/pages/{file}.md"),
            &format!("title: {title}\n\n# {title}\n\nText.\n"),
        );
    }
    site.build().succeeds();
    let cache = crate::common::snapshot(&site.output())
        .into_keys()
        .find(|p| p.ends_with("cache.html"))
        .expect("the cache page is built");
    let Some(browser) = open_from_disk(&site, &cache, DESKTOP) else {
        return;
    };
    let shown = browser.wait_for(SHOWN_TREE, WAIT);
    assert_eq!(
        shown,
        json!([
            ["Start"],
            [
                "Guide",
                "true",
                [
                    ["Install"],
                    ["Tuning", "true", [["Cache *"]]],
                    ["Upgrade", "false"]
                ]
            ]
        ])
    );
    browser
        .eval("document.querySelector('.sidebar button[aria-label=\"Upgrade: pages\"]').click();");
    assert_eq!(
        browser.eval(SHOWN_TREE)[1][2][2],
        json!(["Upgrade", "true", [["Notes"]]])
    );
}

/// The top-level chapters the sidebar shows, and whether the header's tabs show.
const SHOWN_CHAPTERS: &str = "const shown = e => !!e && e.getClientRects().length > 0;
    return [[...document.querySelectorAll('.sidebar ol.chapter-list > li')].filter(shown)
              .map(li => li.querySelector('a').textContent),
            shown(document.querySelector('nav.tabs'))];";

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn with_tabs_the_sidebar_shows_the_current_tab_and_the_phone_drawer_everything() {
    let site = three_chapters("tabs: true\n");
    let Some(browser) = open_guide_page(&site, DESKTOP) else {
        return;
    };
    assert_eq!(browser.eval(SHOWN_CHAPTERS), json!([["Guide"], true]));
    // Without tabs, every chapter as before.
    let plain = three_chapters("");
    plain.build().succeeds();
    browser.open_page(&plain, "guide/page-2.html");
    assert_eq!(
        browser.eval(SHOWN_CHAPTERS),
        json!([["Start", "Guide", "Reference"], false])
    );

    browser.set_window_size(PHONE.0, PHONE.1);
    browser.open_page(&site, "guide/page-2.html");
    browser.eval("document.querySelector('.menu-button').click();");
    browser.wait_for(
        "return getComputedStyle(document.getElementById('sidebar')).visibility === 'visible' || null;",
        WAIT,
    );
    assert_eq!(
        browser.eval(SHOWN_CHAPTERS),
        json!([["Start", "Guide", "Reference"], false])
    );
}

/// Three chapters with tabs, Guide (its index page) and one of its pages with Material's
/// `icon: material/rocket-launch`, and a Reference page with a slip in its icon's name.
fn chapters_with_icons() -> Site {
    three_chapters("tabs: true\n")
        .with(
            "content/pages/02-guide/00-index.md",
            "title: Guide\nicon: material/rocket-launch\n\n# Guide\n\nAbout.\n",
        )
        .with(
            "content/pages/02-guide/01-page-1.md",
            "title: Guide page 1\nicon: material/rocket-launch\n\n# Guide page 1\n\nText.\n",
        )
        .with(
            "content/pages/03-reference/01-page-1.md",
            "title: Reference page 1\nicon: material/rocket-lanch\n\n# Reference page 1\n\nText.\n",
        )
}

#[test]
fn a_page_icon_is_held_once_by_the_chapters_script_and_an_unknown_one_is_a_warning() {
    let site = chapters_with_icons();
    site.build()
        .succeeds()
        .says("content/pages/03-reference/01-page-1.md:2")
        .says("unknown icon `material/rocket-lanch`")
        .says("did you mean `icon: material/rocket-launch`?");
    let page = site.read("guide/page-2.html");
    let src = between(sidebar(&page), "<script src=\"", "\"").trim_start_matches("../");
    let script = site.read(src);
    // The SVG's drawing, which every copy of the icon holds (its quotes escaped in the script).
    let svg = between(&script, "<path d=\\\"", "\\\"");
    assert!(svg.len() > 20, "{script}");
    assert_eq!(
        script.matches(svg).count(),
        1,
        "the script holds it once for the chapter, its page and its tab: {script}"
    );
    assert!(!page.contains(svg), "no page repeats it: {page}");
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn a_page_icon_shows_before_its_title_in_the_sidebar_and_tab() {
    let site = chapters_with_icons();
    let Some(browser) = open_guide_page(&site, DESKTOP) else {
        return;
    };
    let icons = browser.eval(
        "const icon = a => { const s = a.querySelector('.nav-icon svg'); if (!s) return null;
           const r = s.getBoundingClientRect(), t = a.getBoundingClientRect();
           return [Math.round(r.width) > 10, r.left - t.left < 30, a.firstElementChild.className]; };
         return [...document.querySelectorAll('.sidebar ol.chapter-list a, nav.tabs a')]
           .filter(a => a.getClientRects().length).map(a => [a.textContent, icon(a)]);",
    );
    let shown = json!([true, true, "nav-icon"]);
    assert_eq!(
        icons,
        json!([
            ["Start", null],
            ["Guide", shown],
            ["Reference", null],
            ["Guide", shown],
            ["Guide page 1", shown],
            ["Guide page 2", null],
            ["Guide page 3", null]
        ])
    );
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn a_post_shows_the_tabs_with_their_icons_too() {
    let site = chapters_with_icons();
    site.build().succeeds();
    let post = site.read("blog/news.html");
    assert!(post.contains("Recent posts"), "a post's sidebar: {post}");
    let Some(browser) = open_from_disk(&site, "blog/news.html", DESKTOP) else {
        return;
    };
    let tabs = browser.eval(
        "return [...document.querySelectorAll('nav.tabs a')].map(a => [a.textContent, !!a.querySelector('.nav-icon svg')]);",
    );
    assert_eq!(
        tabs,
        json!([["Start", false], ["Guide", true], ["Reference", false]])
    );
}
