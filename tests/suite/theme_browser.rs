//! The demo site in a real browser: it looks finished on desktop and phone.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::{Site, StaticServer};

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn the_serverless_page_shows_its_diagram_sidebar_and_code_in_chromium() {
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let server = StaticServer::start(&site.output());
    browser.goto(&format!("{}/serverless.html", server.url));
    // The stylesheet applied: the sidebar is laid out beside the content.
    let layout = browser.wait_for(
        "const s = document.querySelector('.sidebar'); const m = document.querySelector('main');
         return s && m && getComputedStyle(s).position === 'sticky' && s.getBoundingClientRect().right <= m.getBoundingClientRect().left + 1;",
        Duration::from_secs(10),
    );
    assert_eq!(layout, true);
    // The diagram loaded (it has a natural size).
    let img = browser.wait_for(
        "const i = document.querySelector('img.technical-diagram'); return i && i.complete && i.naturalWidth;",
        Duration::from_secs(10),
    );
    assert!(img.as_u64().unwrap() >= 600, "diagram width {img}");
    let current = browser.eval("return document.querySelector('.sidebar .current a').textContent;");
    assert_eq!(current, "Serverless");
    // The shared script filled in the other chapters around the current one, in order.
    let chapters = browser.eval(
        "return [...document.querySelectorAll('.sidebar ol.chapter-list > li > a')].map(a => a.textContent);",
    );
    assert_eq!(
        chapters,
        serde_json::json!(["Introduction", "Deployment", "DevOps", "Markdown showcase"])
    );
    if let Ok(dir) = std::env::var("QUIRE_SCREENSHOTS") {
        std::fs::write(
            format!("{dir}/serverless-desktop.png"),
            browser.screenshot_png(),
        )
        .unwrap();
    }
    // Opened straight from disk, as a newcomer double-clicking output/serverless.html would.
    browser.goto(&format!(
        "file://{}",
        site.output()
            .join("blog/aws-lambda-python-2-7.html")
            .display()
    ));
    let from_disk = browser.wait_for(
        "const s = document.querySelector('.sidebar');
         return s && getComputedStyle(s).position === 'sticky' && document.querySelectorAll('.sidebar a').length;",
        Duration::from_secs(10),
    );
    assert!(
        from_disk.as_u64().unwrap() >= 3,
        "stylesheet applied from disk"
    );
    browser.goto(&format!(
        "file://{}",
        site.output().join("serverless.html").display()
    ));
    let img = browser.wait_for(
        "const i = document.querySelector('img.technical-diagram'); return i && i.complete && i.naturalWidth;",
        Duration::from_secs(10),
    );
    assert!(img.as_u64().unwrap() >= 600, "the diagram loads from disk");
    let chapters = browser.eval(
        "return [...document.querySelectorAll('.sidebar ol.chapter-list > li > a')].map(a => a.getAttribute('href'));",
    );
    assert_eq!(
        chapters,
        serde_json::json!([
            "introduction.html",
            "deployment.html",
            "devops.html",
            "markdown-showcase.html"
        ])
    );

    // On a phone-sized window the sidebar is a closed drawer instead of beside the text
    // (tests/reader_browser.rs opens it).
    browser.set_window_size(390, 844);
    browser.goto(&format!("{}/serverless.html", server.url));
    let stacked = browser.eval(
        "const s = document.querySelector('.sidebar');
         return [document.documentElement.clientWidth, getComputedStyle(s).visibility === 'hidden', document.documentElement.scrollWidth <= document.documentElement.clientWidth];",
    );
    assert!(
        stacked[0].as_u64().unwrap() < 500,
        "the window is phone-sized: {stacked}"
    );
    assert_eq!(stacked[1], true, "the sidebar is out of the way");
    assert_eq!(stacked[2], true, "nothing scrolls sideways");
    if let Ok(dir) = std::env::var("QUIRE_SCREENSHOTS") {
        std::fs::write(
            format!("{dir}/serverless-phone.png"),
            browser.screenshot_png(),
        )
        .unwrap();
    }
}

/// Each task of the showcase's task list as the reader sees it: `[bullet, box in the bullet's
/// place and the size of a letter, done, box's ground, tick's colour (none when not done)]`.
const TASKS: &str = "return [...document.querySelectorAll('li.task-list-item')].map(li => {
      const box = li.querySelector('.task-list-indicator'), r = box.getBoundingClientRect();
      const s = getComputedStyle(box), tick = getComputedStyle(box, '::after');
      const em = parseFloat(getComputedStyle(li).fontSize);
      return [getComputedStyle(li).listStyleType,
              r.right <= li.getBoundingClientRect().left + 1 && r.width > 0.8 * em && r.height > 0.8 * em,
              li.querySelector('input').checked, s.backgroundColor,
              tick.content === 'none' ? null : tick.borderRightColor];
    });";

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn task_lists_show_a_box_per_task_ticked_when_done_in_both_themes_and_forced_colours() {
    let site = Site::demo();
    site.build().succeeds();
    let Some(browser) =
        common::browser::open_from_disk(&site, "markdown-showcase.html", (1366, 900))
    else {
        return;
    };
    for mode in ["light", "dark", "forced colours"] {
        match mode {
            "forced colours" => browser.force_colours(true),
            theme => {
                browser.eval(&format!(
                    "document.documentElement.setAttribute('data-theme', '{theme}');"
                ));
            }
        }
        let tasks = browser.eval(TASKS);
        let tasks = tasks.as_array().unwrap();
        assert_eq!(tasks.len(), 4, "{mode}: {tasks:?}");
        let done: Vec<bool> = tasks.iter().map(|t| t[2] == true).collect();
        assert_eq!(done, [true, true, false, false], "{mode}");
        for t in tasks {
            assert_eq!(t[0], "none", "{mode}: no bullet: {t}");
            assert_eq!(t[1], true, "{mode}: a box where the bullet was: {t}");
        }
        // Done: filled and ticked, the tick another colour than the fill; to do: empty.
        let (yes, no) = (&tasks[0], &tasks[2]);
        assert_ne!(yes[3], no[3], "{mode}: {yes} {no}");
        assert!(yes[4].is_string() && yes[4] != yes[3], "{mode}: {yes}");
        assert!(no[4].is_null(), "{mode}: {no}");
    }
    browser.force_colours(false);
}
