//! The search box in a real browser, on a site published under a subpath:
//! it finds pages, and shows what it finds as text, never as HTML.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
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
           return [title ? title.textContent : li.textContent, a ? a.getAttribute('href').split('#')[0] : null,
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
