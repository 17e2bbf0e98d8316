//! The search box in a real browser, on a site published under a subpath:
//! it finds pages, and shows what it finds as text, never as HTML.

use crate::common;

use std::time::Duration;

use common::browser::{open_from_disk, Browser};
use common::{Site, StaticServer};

/// Types into the search box the way a user does, and waits for the results list.
fn search(browser: &Browser, query: &str) -> serde_json::Value {
    browser.eval(&format!(
        "const i = document.getElementById('quire-search'); i.focus(); i.value = {query:?};
         i.dispatchEvent(new Event('input', {{bubbles: true}}));"
    ));
    browser.wait_for(
        "const l = document.getElementById('quire-search-results');
         if (!l || l.hidden || !l.children.length) return null;
         // Results come asynchronously (index files load as needed): wait for this query's.
         if (l.getAttribute('data-query') !== document.getElementById('quire-search').value) return null;
         return Array.from(l.querySelectorAll('li')).map(li => {
           const a = li.querySelector('a');
           const title = li.querySelector('.search-title');
           // The title's text, the link without its section anchor, and any elements parsed from the title.
           // The 'Show N more pages' row is a link without an address.
           return [title ? title.textContent : li.textContent, a && a.hasAttribute('href') ? a.getAttribute('href').split('#')[0] : null,
                   title ? title.querySelectorAll('*').length : -1];
         });",
        Duration::from_secs(10),
    )
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn the_search_box_finds_the_serverless_page_and_escapes_titles() {
    let site = Site::demo()
        .with(
            "site.yaml",
            "title: Python Deployment Guide\nbase_url: https://example.org/docs/\n",
        )
        .with(
            "content/pages/05-deployment/90-evil.md",
            "title: <img src=x onerror=alert(1)>\n\nAnother lambda page.\n",
        )
        .with(
            "content/pages/05-deployment/91-moved.md",
            "title: Moved\naliases: /old/moved/\n\nThis page moved.\n",
        );
    // Published under /docs/: the server's root holds the docs/ folder.
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("docs");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let server = StaticServer::start(root.path());
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&format!("{}/docs/servers.html", server.url));
    // The index is loaded only once the box is used.
    let index_requested = "return performance.getEntriesByType('resource').some(e => e.name.includes('/theme/search/'));";
    let before = browser.eval(index_requested);
    assert_eq!(before, false, "the index is not loaded up front");

    let results = search(&browser, "lambda");
    assert_eq!(browser.eval(index_requested), true);
    let rows = results.as_array().unwrap();
    let serverless = rows
        .iter()
        .find(|r| r[0] == "Serverless")
        .unwrap_or_else(|| panic!("Serverless not among {results}"));
    assert_eq!(serverless[1], "/docs/serverless.html");
    // The hostile title is shown as its text: one link element, no <img>, no alert.
    let evil = rows
        .iter()
        .find(|r| r[0] == "<img src=x onerror=alert(1)>")
        .unwrap_or_else(|| panic!("the page with a hostile title not among {results}"));
    assert_eq!(evil[2], 0, "nothing parsed from the title");
    let imgs =
        browser.eval("return document.querySelectorAll('#quire-search-results img').length;");
    assert_eq!(imgs, 0);

    // A prefix of the last word finds pages too; a word nowhere finds nothing.
    let prefix = search(&browser, "serverl");
    assert!(
        prefix
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r[0] == "Serverless"),
        "{prefix}"
    );
    let none = search(&browser, "zyxwvut");
    assert_eq!(none[0][0], "No pages found");

    // Following a result opens the page.
    search(&browser, "lambda");
    browser.eval("document.querySelector('#quire-search-results a[href^=\"/docs/serverless.html\"]').click();");
    let title = browser.wait_for(
        "return location.pathname === '/docs/serverless.html' ? document.title : null;",
        Duration::from_secs(10),
    );
    assert_eq!(title, "Serverless · Python Deployment Guide");

    // An old address redirects to the page, staying on this host.
    browser.goto(&format!("{}/docs/old/moved/", server.url));
    let moved = browser.wait_for(
        "return location.pathname === '/docs/deployment/moved.html' ? document.title : null;",
        Duration::from_secs(10),
    );
    assert_eq!(moved, "Moved · Python Deployment Guide");

    // The 404 page, wherever the host serves it, has its stylesheet and its search box.
    browser.goto(&format!("{}/docs/404.html", server.url));
    let styled = browser.wait_for(
        "const s = document.querySelector('.sidebar');
         return s && getComputedStyle(s).position === 'sticky' && !!document.getElementById('quire-search');",
        Duration::from_secs(10),
    );
    assert_eq!(styled, true);
    let found = search(&browser, "lambda");
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r[0] == "Serverless"),
        "{found}"
    );
}

/// A page of the kind developers search: code with a title, a callout, tabs, and a word in
/// three of its sections.
const SERVER_PAGE: &str = r#"title: Serving the app

Widgets come first.

## Running it

Start it from the standard library:

```python title="serve.py"
from wsgiref.simple_server import make_server
GREETING_NAME = "world"
app = makeServer(GREETING_NAME)
```

!!! tip "Deploy early"
    Ship small changes often.

## Installing

=== "pip"

    ```
    pip install waitress
    ```

=== "uv"

    Run `uv add waitress`.

Widgets again.

## Tuning

More about widgets.
"#;

/// The site the search tests read: the demo, the page above, and a dozen pages that all say
/// "gizmo" (more than the box shows at once).
fn developer_site() -> Site {
    let mut site = Site::demo().with("content/pages/05-deployment/92-serving.md", SERVER_PAGE);
    for n in 0..12 {
        site = site.with(
            &format!("content/pages/06-devops/9{n:02}-gizmo-{n}.md"),
            &format!("title: Gizmo {n}\n\nThe gizmo number {n}.\n"),
        );
    }
    site.build().succeeds();
    site
}

/// Types `query` with real key presses into an emptied box and waits for its results: per row
/// `[title or text, href, code words marked, "N more on this page"]`.
fn type_query(browser: &Browser, query: &str) -> Vec<serde_json::Value> {
    browser.eval(
        "const i = document.getElementById('quire-search'); i.focus(); i.value = '';
         document.getElementById('quire-search-results').removeAttribute('data-query');",
    );
    browser.press(&[query]);
    rows(browser)
}

fn rows(browser: &Browser) -> Vec<serde_json::Value> {
    let found = browser.wait_for(
        "const l = document.getElementById('quire-search-results');
         if (!l || l.hidden || !l.children.length) return null;
         if (l.getAttribute('data-query') !== document.getElementById('quire-search').value) return null;
         return Array.from(l.querySelectorAll('li')).map(li => {
           const t = s => { const e = li.querySelector(s); return e ? e.textContent : null; };
           const a = li.querySelector('a');
           return [t('.search-title') || li.textContent, a && a.getAttribute('href'),
                   Array.from(li.querySelectorAll('.search-code mark')).map(m => m.textContent),
                   t('.search-more')];
         });",
        Duration::from_secs(15),
    );
    found.as_array().unwrap().clone()
}

fn row_of<'r>(rows: &'r [serde_json::Value], title: &str) -> &'r serde_json::Value {
    rows.iter()
        .find(|r| r[0] == title)
        .unwrap_or_else(|| panic!("{title} not among {rows:?}"))
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn search_finds_what_developers_type_in_code_callouts_and_tabs() {
    let site = developer_site();
    let Some(browser) = open_from_disk(&site, "index.html", (1366, 900)) else {
        return;
    };
    // The issue's three examples, on the demo's page about writing: a function name in an
    // included file, a constant, a callout's title. Found, with their section and the code
    // word marked.
    let found = type_query(&browser, "make_server");
    let writing = row_of(&found, "Writing these docs");
    assert_eq!(writing[1], "writing-docs.html#includes");
    assert_eq!(writing[2], serde_json::json!(["make_server"]));
    let page = row_of(&found, "Serving the app");
    assert_eq!(page[1], "deployment/serving.html#running-it");
    // The count of pages found is shown below them.
    let count = browser
        .eval("return document.querySelector('#quire-search-results .search-count').textContent;");
    assert_eq!(count, "2 pages");
    for query in ["GREETING_NAME", "Deploy early"] {
        let found = type_query(&browser, query);
        row_of(&found, "Writing these docs");
        row_of(&found, "Serving the app");
    }
    // An identifier's parts, a camelCase name whole, a code title, a command in a tab.
    for query in [
        "greeting name",
        "simple server",
        "makeServer",
        "serve.py",
        "pip install waitress",
    ] {
        let found = type_query(&browser, query);
        row_of(&found, "Serving the app");
    }
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn every_result_is_reachable_and_escape_keeps_the_query() {
    let site = developer_site();
    let Some(browser) = open_from_disk(&site, "index.html", (1366, 900)) else {
        return;
    };
    // Three sections of one page say "widgets": the best is shown, the two others on demand.
    let found = type_query(&browser, "widgets");
    let page = row_of(&found, "Serving the app");
    assert_eq!(page[3], "2 more on this page");
    browser.eval("document.querySelector('#quire-search-results .search-more').click();");
    let sections = browser.wait_for(
        "const s = document.querySelectorAll('#quire-search-results li.search-sub a');
         return s.length ? Array.from(s).map(a => a.getAttribute('href')) : null;",
        Duration::from_secs(5),
    );
    assert_eq!(sections.as_array().unwrap().len(), 2, "{sections}");

    // Twelve pages say "gizmo": ten are shown with the count, the rest a keypress away.
    let found = type_query(&browser, "gizmo");
    let pages = |rows: &[serde_json::Value]| {
        rows.iter()
            .filter(|r| r[0].as_str().unwrap().starts_with("Gizmo "))
            .count()
    };
    assert_eq!(pages(&found), 10, "{found:?}");
    assert_eq!(
        browser.eval("return document.querySelector('.search-count').textContent;"),
        "12 pages"
    );
    assert_eq!(
        browser.eval("return document.querySelector('.search-next').textContent;"),
        "Show 2 more pages"
    );
    browser.press(&[Browser::ARROW_DOWN.repeat(11).as_str(), Browser::ENTER]);
    let all = browser.wait_for(
        "const n = document.querySelectorAll('#quire-search-results .search-title').length;
         return n === 12 && !document.querySelector('.search-next') ? n : null;",
        Duration::from_secs(5),
    );
    assert_eq!(all, 12);
    assert_eq!(
        browser.eval("return document.activeElement.id;"),
        "quire-search",
        "the keyboard stays in the box"
    );

    // Escape closes the list and keeps what was typed; the box shows it again on focus.
    browser.press(&[Browser::ESCAPE]);
    let closed = browser.eval(
        "return [document.getElementById('quire-search-results').hidden, document.getElementById('quire-search').value];",
    );
    assert_eq!(closed, serde_json::json!([true, "gizmo"]));
    browser.eval("document.getElementById('quire-search').focus();");
    let open = browser.eval("return !document.getElementById('quire-search-results').hidden;");
    assert_eq!(open, true);
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn tab_completes_and_the_page_opened_marks_the_query_until_cleared() {
    let site = developer_site();
    let Some(browser) = open_from_disk(&site, "index.html", (1366, 900)) else {
        return;
    };
    // Half an identifier typed: Tab completes it from the index, and searches for it.
    type_query(&browser, "GREETING_N");
    let hint = browser.eval(
        "return document.querySelector('#quire-search-results .search-complete').textContent;",
    );
    assert_eq!(hint, "Tab GREETING_NAME");
    browser.press(&[Browser::TAB]);
    let found = rows(&browser);
    assert_eq!(
        browser.eval("return document.getElementById('quire-search').value;"),
        "GREETING_NAME"
    );
    row_of(&found, "Serving the app");

    // The result opens its page with the query's words marked, from disk as from a server.
    browser
        .eval("document.querySelector('#quire-search-results a[href*=\"serving.html\"]').click();");
    let marks = browser.wait_for(
        "if (!location.pathname.endsWith('/deployment/serving.html')) return null;
         const m = document.querySelectorAll('#content mark.search-hit');
         return m.length ? Array.from(m).map(e => e.textContent) : null;",
        Duration::from_secs(10),
    );
    assert_eq!(marks, serde_json::json!(["GREETING_NAME", "GREETING_NAME"]));
    let bar = browser.eval("return document.querySelector('.search-hits').textContent;");
    assert!(bar.as_str().unwrap().contains("2 matches"), "{bar}");
    browser.eval("document.querySelector('.search-hits button').click();");
    let left = browser.eval(
        "return [document.querySelectorAll('mark.search-hit').length, !!document.querySelector('.search-hits'),
                 document.querySelector('pre').textContent.includes('GREETING_NAME = \"world\"')];",
    );
    assert_eq!(left, serde_json::json!([0, false, true]));
    // Opened again without a search, the page marks nothing.
    browser.eval("location.reload();");
    let unmarked = browser.wait_for(
        "return document.readyState === 'complete' && document.querySelector('pre')
           ? [document.querySelectorAll('mark.search-hit').length] : null;",
        Duration::from_secs(10),
    );
    assert_eq!(unmarked, serde_json::json!([0]));
}

/// Every sealed search file of a built site, opened: what a reader's browser can download.
fn whole_search_index(site: &Site) -> String {
    let root = site.output().join("theme/search");
    let mut files = vec![root.clone()];
    let mut opened = String::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "js") {
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .to_string();
            opened.push_str(&common::search_json(&site.output(), &rel));
        }
    }
    opened
}

#[test]
fn a_section_marked_data_search_exclude_is_left_out_of_the_index() {
    let site = Site::new().with(
        "content/notes.md",
        "title: Notes\n\n## Public\n\nOrchidvisible words.\n\n\
         ## Internal { data-search-exclude }\n\nMarmosetsecret words.\n\n\
         ```python\nwombat_hidden_call()\n```\n\n## After\n\nAfterward words.\n",
    );
    site.build().succeeds();
    let index = whole_search_index(&site).to_lowercase();
    for found in ["orchidvisible", "afterward"] {
        assert!(
            index.contains(found),
            "{found} is not in the index: {index}"
        );
    }
    for left_out in ["marmosetsecret", "wombat", "internal"] {
        assert!(
            !index.contains(left_out),
            "{left_out} is in the index: {index}"
        );
    }
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn one_page_left_is_one_more_page() {
    let mut site = Site::new().with("site.yaml", "title: Gizmos\n");
    for n in 0..11 {
        site = site.with(
            &format!("content/pages/{n:02}-gizmo-{n}.md"),
            &format!("title: Gizmo {n}\n\nThe gizmo number {n}.\n"),
        );
    }
    site.build().succeeds();
    let Some(browser) = open_from_disk(&site, "index.html", (1366, 900)) else {
        return;
    };
    type_query(&browser, "gizmo");
    assert_eq!(
        browser.eval(
            "return document.querySelector('#quire-search-results .search-next').textContent;"
        ),
        "Show 1 more page"
    );
}
