//! A MkDocs project in a real browser: a Material blog previewed with `quire serve` (the index,
//! a post followed from it, an edit of the post shown by the reload), and a project built with
//! directory URLs opened from disk (`file://…/index.html`), where the nav, the pages' `.md`
//! links and the search work as on a server.

use crate::common;

use std::fs;
use std::time::Duration;

use common::browser::{open_from_disk, Browser};
use common::serve::Server;
use common::Site;

const WAIT: Duration = Duration::from_secs(30);

const POST: &str = "docs/blog/posts/first-light.md";

fn post(text: &str) -> String {
    format!("---\ndate: 2024-01-15\n---\n\n# First light\n\n{text}\n\n<!-- more -->\n\nThe rest.\n")
}

/// A MkDocs project of these files, without the content/ folder a quire site has.
fn project(files: &[(&str, &str)]) -> Site {
    let site = files
        .iter()
        .fold(Site::new(), |s, (rel, text)| s.with(rel, text));
    fs::remove_dir(site.path().join("content")).unwrap();
    site
}

/// Waits until the page has loaded and the live reload is connected; returns the location.
fn loaded(browser: &Browser, path_part: &str) -> String {
    let script = format!(
        "return (document.readyState === 'complete' && location.pathname.includes('{path_part}')
            && document.documentElement.dataset.quireLive === 'connected') ? location.pathname : null;"
    );
    browser
        .wait_for(&script, WAIT)
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn a_material_blog_under_serve_follows_a_post_and_shows_its_edit() {
    let site = project(&[
        (
            "mkdocs.yml",
            "site_name: Lantern Notes\nplugins:\n  - blog\n",
        ),
        ("docs/index.md", "# Lantern Notes\n"),
        ("docs/blog/index.md", "# Field log\n"),
        (POST, &post("The first lamp was lit on a cold morning.")),
    ]);
    let server = Server::start(site.path(), &[]);
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.goto(&format!("{}/blog/", server.url));
    loaded(&browser, "/blog/");
    let excerpt = browser.eval("return document.querySelector('article.md-post').innerText;");
    assert!(
        excerpt.as_str().unwrap().contains("cold morning"),
        "{excerpt}"
    );

    // The reader follows the post's title to the post, at Material's URL.
    browser.eval("document.querySelector('article.md-post h2 a').click();");
    let at = loaded(&browser, "/blog/2024/01/15/first-light/");
    assert!(at.starts_with("/blog/2024/01/15/first-light/"), "{at}");

    // The writer edits the post: the open page reloads with the edit.
    site.write(POST, post("The second lamp was lit at noon."));
    let shown = browser.wait_for(
        "return document.body.innerText.includes('second lamp') ? document.querySelector('h1').textContent.replace('¶', '').trim() : null;",
        WAIT,
    );
    assert_eq!(shown, "First light");
}

/// The link on the page whose text is `text`, clicked; the page it leads to once loaded.
fn follow(browser: &Browser, text: &str) -> String {
    browser.eval(&format!(
        "sessionStorage.setItem('left', location.href);
         Array.from(document.querySelectorAll('a')).find(a => a.textContent.trim() === '{text}').click();"
    ));
    browser
        .wait_for(
            "return (document.readyState === 'complete' && location.href !== sessionStorage.getItem('left'))
                ? location.href : null;",
            WAIT,
        )
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn a_mkdocs_project_opened_from_disk_works_as_on_a_server() {
    let site = project(&[
        (
            "mkdocs.yml",
            "site_name: Lamp Docs\nnav:\n  - Home: index.md\n  - Guide: guide/index.md\n  - Wicks: guide/wicks.md\n",
        ),
        (
            "docs/index.md",
            "# Lamp Docs\n\nRead [the guide](guide/index.md), or [wicks by folder](guide/wicks/).\n",
        ),
        ("docs/guide/index.md", "# Guide\n\nHow to light a lamp.\n"),
        ("docs/guide/wicks.md", "# Wicks\n\nTrim cotton wicks straight.\n"),
    ]);
    let out = site.output();
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let Some(browser) = open_from_disk(&site, "index.html", (1366, 900)) else {
        return;
    };
    let h1 = "return document.querySelector('h1').textContent.replace('¶', '').trim();";

    // The nav's links name each folder's index.html, which a browser opens from disk.
    let at = follow(&browser, "Wicks");
    assert!(at.ends_with("/guide/wicks/index.html"), "{at}");
    assert_eq!(browser.eval(h1), "Wicks");

    // A page's link to a `.md` file is the page's, from disk too.
    browser.open_page(&site, "index.html");
    let at = follow(&browser, "the guide");
    assert!(at.ends_with("/guide/index.html"), "{at}");
    assert_eq!(browser.eval(h1), "Guide");

    // A folder URL written by hand is kept as written, as MkDocs keeps it: from disk it opens
    // the folder, not its page (docs/mkdocs.md says so).
    browser.open_page(&site, "index.html");
    let href = browser.eval(
        "return Array.from(document.querySelectorAll('a')).find(a => a.textContent === 'wicks by folder').getAttribute('href');",
    );
    assert_eq!(href, "guide/wicks/");

    // The search finds a page's words and leads to it.
    browser.eval("const i = document.getElementById('quire-search'); i.focus(); i.value = '';");
    browser.press(&["cotton"]);
    let found = browser.wait_for(
        "const a = document.querySelector('#quire-search-results li a'); return a ? a.textContent : null;",
        WAIT,
    );
    assert!(found.as_str().unwrap().contains("Wicks"), "{found}");
    browser.eval("document.querySelector('#quire-search-results li a').click();");
    let at = browser.wait_for(
        "return document.readyState === 'complete' && location.href.includes('wicks/index.html') ? location.href : null;",
        WAIT,
    );
    assert!(
        at.as_str().unwrap().contains("/guide/wicks/index.html"),
        "{at}"
    );
    assert_eq!(browser.eval(h1), "Wicks");
}
