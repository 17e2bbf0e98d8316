//! A writer previewing on a phone with `quire serve`: a warning shows as a slim strip in the
//! page's own (dark) theme, an edit that breaks the build shows its error over the page until it
//! is fixed, and a bad `markdown:` setting in site.yaml does the same instead of stopping the
//! server.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::serve::Server;
use common::Site;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

const PAGE: &str = "content/guide.md";

fn guide(header: &str) -> String {
    format!(
        "title: Guide\nmeta: How to read it.\n{header}\n# Guide\n\n{}\n",
        "Text to read. ".repeat(300)
    )
}

/// The panel as the reader sees it: its share of the window's height, whether its background is
/// dark, and its text; `null` while there is none.
const PANEL: &str = "const o = document.getElementById('quire-overlay');
    if (!o) return null;
    const [r, g, b] = getComputedStyle(o).backgroundColor.match(/[\\d.]+/g).map(Number);
    return [o.getBoundingClientRect().height / innerHeight, (0.2126 * r + 0.7152 * g + 0.0722 * b) < 80, o.innerText];";

/// `PANEL` once the panel says `text`.
fn panel_saying(text: &str) -> String {
    PANEL.replace(
        "return [",
        &format!("if (!o.innerText.includes('{text}')) return null; return ["),
    )
}

const GONE: &str = "return (document.readyState === 'complete' && !document.getElementById('quire-overlay')) || null;";

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn on_a_phone_in_the_dark_theme_the_serve_panel_is_slim_dark_and_goes_when_fixed() {
    let site = Site::new()
        .with("site.yaml", "title: Handbook\n")
        .with(PAGE, &guide(""));
    let server = Server::start(site.path(), &[]);
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    browser.set_window_size(390, 844);
    browser.goto(&format!("{}/guide.html", server.url));
    browser.eval("localStorage.setItem('quire-theme', 'dark'); location.reload();");
    let live = "return document.readyState === 'complete' && document.documentElement.dataset.quireLive === 'connected' && document.documentElement.getAttribute('data-theme') === 'dark' || null;";
    browser.wait_for(live, WAIT);
    assert_eq!(browser.eval(PANEL), json!(null), "nothing to say yet");

    // A warning: a slim dark strip naming the file and line.
    site.write(PAGE, guide("icon: material/rocket-lanch\n"));
    let warned = browser.wait_for(&panel_saying("warning"), WAIT);
    assert!(warned[0].as_f64().unwrap() <= 0.15, "{warned}");
    assert_eq!(warned[1], true, "dark in the dark theme: {warned}");
    assert!(
        warned[2].as_str().unwrap().contains("content/guide.md:3"),
        "{warned}"
    );

    // An edit that breaks the build: its error over the page, gone once fixed.
    site.write(PAGE, guide("sortorder: soon\n"));
    let failed = browser.wait_for(&panel_saying("failed"), WAIT);
    assert_eq!(failed[1], true, "{failed}");
    assert!(
        failed[2].as_str().unwrap().contains("content/guide.md:3"),
        "{failed}"
    );
    site.write(PAGE, guide(""));
    browser.wait_for(GONE, WAIT);
    assert_eq!(browser.eval(PANEL), json!(null));

    // A bad `markdown:` key in site.yaml: the panel again, and the server lives on.
    site.write(
        "site.yaml",
        "title: Handbook\nmarkdown:\n  admonitoin: false\n",
    );
    let refused = browser.wait_for(&panel_saying("site.yaml"), WAIT);
    assert!(
        refused[2].as_str().unwrap().contains("admonitoin"),
        "{refused}"
    );
    site.write("site.yaml", "title: Handbook\n");
    browser.wait_for(GONE, WAIT);
    assert!(server.body("/guide.html").contains("Text to read."));
}
