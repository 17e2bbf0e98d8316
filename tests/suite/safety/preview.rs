//! Issue 27: The preview and the search data: no cross-origin reads, bounded memory for any file.

use super::common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::browser::Browser;
use common::serve::Server;
use common::{Site, StaticServer};

/// A site with one page whose text nobody outside may read.
fn site_with_a_secret() -> Site {
    Site::demo().with(
        "content/pages/05-deployment/90-internal.md",
        "title: Internal\n\nThe vault code is zebracorn4711, for staff only.\n",
    )
}

/// Types `query` into the search box and returns the titles of the results.
fn search(browser: &Browser, query: &str) -> serde_json::Value {
    browser.eval(&format!(
        "const i = document.getElementById('quire-search'); i.focus(); i.value = {query:?};
         i.dispatchEvent(new Event('input', {{bubbles: true}}));"
    ));
    browser.wait_for(
        "const l = document.getElementById('quire-search-results');
         if (!l || l.hidden || !l.children.length) return null;
         if (l.getAttribute('data-query') !== document.getElementById('quire-search').value) return null;
         return Array.from(l.querySelectorAll('.search-title, .search-none')).map(t => t.textContent);",
        Duration::from_secs(10),
    )
}

fn finds_the_secret_page(browser: &Browser, url: &str) {
    browser.goto(url);
    let titles = search(browser, "zebracorn4711");
    assert_eq!(titles, serde_json::json!(["Internal"]), "at {url}");
}

/// An attacker's page, served from another origin: it defines `quireSearch`, loads each of
/// the victim's search files with `<script src>` and with `fetch`, and keeps whatever it got.
fn attacker_page(dir: &Path, victim: &str, files: &[String]) {
    let list = serde_json::to_string(files).unwrap();
    fs::write(
        dir.join("index.html"),
        format!(
            r#"<!DOCTYPE html><html><head><title>x</title></head><body><script>
window.got = [];
window.settled = 0;
window.quireSearch = function () {{ got.push(JSON.stringify(Array.from(arguments))); }};
const files = {list};
for (const f of files) {{
  const s = document.createElement("script");
  s.src = "{victim}/theme/search/" + f;
  s.onload = s.onerror = () => settled++;
  document.head.appendChild(s);
  fetch("{victim}/theme/search/" + f).then(r => r.text()).then(t => got.push(t))
    .catch(() => got.push("fetch refused")).finally(() => settled++);
}}
</script></body></html>"#
        ),
    )
    .unwrap();
}

/// What the attacker's page got, once every load has ended.
fn stolen(browser: &Browser, page: &str, files: usize) -> String {
    browser.goto(page);
    let got = browser.wait_for(
        &format!(
            "return window.settled === {} ? window.got : null;",
            files * 2
        ),
        Duration::from_secs(20),
    );
    got.to_string().to_lowercase()
}

fn search_files(output: &Path) -> Vec<String> {
    common::snapshot(&output.join("theme/search"))
        .into_keys()
        .collect()
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn finding_6_a_page_of_another_origin_cannot_read_the_search_index_of_a_built_site() {
    let site = site_with_a_secret();
    site.build().succeeds();
    let output = site.output();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    // The reader's search works from disk and at a host's root (under a sub-path: the tests of
    // search_browser.rs).
    finds_the_secret_page(
        &browser,
        &format!("file://{}/serverless.html", output.display()),
    );
    let victim = StaticServer::start(&output);
    finds_the_secret_page(&browser, &format!("{}/serverless.html", victim.url));

    // Another origin (another port) tries both ways in; it gets no page's text.
    let evil = tempfile::tempdir().unwrap();
    let files = search_files(&output);
    attacker_page(evil.path(), &victim.url, &files);
    let attacker = StaticServer::start(evil.path());
    let got = stolen(
        &browser,
        &format!("{}/index.html", attacker.url),
        files.len(),
    );
    assert!(
        got.contains("quiresearch") || got.contains("d/0"),
        "the scripts ran: {got:.300}"
    );
    for word in ["zebracorn4711", "vault", "internal", "serverless"] {
        assert!(
            !got.contains(word),
            "the attacker read {word:?}: {got:.2000}"
        );
    }
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn finding_6_a_page_of_another_origin_cannot_load_the_previews_search_files() {
    let site = site_with_a_secret();
    let server = Server::start(site.path(), &[]);
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    // The preview's own pages search as before.
    finds_the_secret_page(&browser, &format!("{}/serverless.html", server.url));

    let evil = tempfile::tempdir().unwrap();
    let files = search_files(&site.output());
    attacker_page(evil.path(), &server.url, &files);
    let attacker = StaticServer::start(evil.path());
    let got = stolen(
        &browser,
        &format!("{}/index.html", attacker.url),
        files.len(),
    );
    assert!(
        !got.contains("quiresearch"),
        "the preview let another origin run its search files: {got:.300}"
    );
    for word in ["zebracorn4711", "vault", "serverless"] {
        assert!(
            !got.contains(word),
            "the attacker read {word:?}: {got:.2000}"
        );
    }
    // A link from another site still opens the preview.
    let nav = server.raw(
        "GET /serverless.html HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: cross-site\r\n\
         Sec-Fetch-Mode: navigate\r\nConnection: close\r\n\r\n",
    );
    assert!(nav.starts_with("HTTP/1.1 200"), "{nav:.300}");
}

/// A static file of `len` bytes, each telling its place (`a`…`z` over and over).
fn video(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

#[test]
fn finding_11_the_preview_serves_ranges_of_a_big_file_and_heads_without_the_body() {
    let site = Site::new().with("content/a.md", "title: A\n\nText\n");
    let bytes = video(3_000_000);
    site.write("static/video.mp4", &bytes);
    let server = Server::start(site.path(), &[]);
    let request = |head: &str| {
        server.raw(&format!(
            "{head}\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.port
        ))
    };

    // A player asks for a piece in the middle: exactly those bytes, as 206.
    let part = request("GET /video.mp4 HTTP/1.1\r\nRange: bytes=1000000-1000099");
    assert!(part.starts_with("HTTP/1.1 206"), "{part:.300}");
    assert_eq!(
        header(&part, "content-range"),
        Some("bytes 1000000-1000099/3000000")
    );
    assert_eq!(body(&part).as_bytes(), &bytes[1_000_000..1_000_100]);
    assert_eq!(header(&part, "accept-ranges"), Some("bytes"));

    // From a place to the end.
    let tail = request("GET /video.mp4 HTTP/1.1\r\nRange: bytes=2999990-");
    assert!(tail.starts_with("HTTP/1.1 206"), "{tail:.300}");
    assert_eq!(body(&tail).as_bytes(), &bytes[2_999_990..]);

    // Past the end: 416, saying how long the file is.
    let past = request("GET /video.mp4 HTTP/1.1\r\nRange: bytes=3000000-3000010");
    assert!(past.starts_with("HTTP/1.1 416"), "{past:.300}");
    assert_eq!(header(&past, "content-range"), Some("bytes */3000000"));

    // HEAD: the length, no body.
    let head = request("HEAD /video.mp4 HTTP/1.1");
    assert!(head.starts_with("HTTP/1.1 200"), "{head:.300}");
    assert_eq!(header(&head, "content-length"), Some("3000000"));
    assert_eq!(body(&head), "");

    // The whole file, as it is; pages still get the live-reload script; a missing file the 404.
    let whole = request("GET /video.mp4 HTTP/1.1");
    assert!(whole.starts_with("HTTP/1.1 200"), "{:.300}", whole);
    assert_eq!(body(&whole).as_bytes(), &bytes[..]);
    assert!(server.body("/a.html").contains("livereload.js"));
    assert_eq!(server.get("/nothing.mp4").0, 404);
}

// Finding 6: the key is a secret of the site's own, not of its settings alone. Two sites with
// no site.yaml had one key, so another site's author could compute it and read the index.
#[test]
fn finding_6_sites_without_settings_do_not_share_a_search_key() {
    let key_of = |site: &Site| common::search_key_in(&site.read("index.html"));
    let intranet = Site::new()
        .with("content/a.md", "title: A\n\nAlpha.\n")
        .with("content/payroll.md", "title: Payroll\n\nSalaries.\n");
    let stranger = Site::new().with("content/a.md", "title: A\n\nAlpha.\n");
    intranet.build().succeeds();
    stranger.build().succeeds();
    assert_ne!(key_of(&intranet), key_of(&stranger));

    // The same site gives the same key (and bytes) wherever it is built.
    let again = Site::new()
        .with("content/a.md", "title: A\n\nAlpha.\n")
        .with("content/payroll.md", "title: Payroll\n\nSalaries.\n");
    again.build().succeeds();
    assert_eq!(key_of(&intranet), key_of(&again));

    // A page that comes changes the key in every page, and the index opens with it.
    stranger.write("content/b.md", "title: B\n\nBravo.\n");
    stranger.build().succeeds();
    let key = key_of(&stranger);
    for page in ["a.html", "b.html", "index.html"] {
        assert_eq!(common::search_key_in(&stranger.read(page)), key, "{page}");
    }
    assert!(common::search_json(&stranger.output(), "meta.js").contains('{'));
}
