//! A MkDocs-Material project's palette colours its site as Material does: the header in the
//! primary colour, the links too, the accent under the pointer and on focus; the light and
//! dark schemes follow quire's light and dark theme. Every text still reads (axe-core finds
//! nothing serious), whatever the colour.

use std::fs;
use std::time::Duration;

use serde_json::Value;

use crate::common::browser::{open, Browser};
use crate::common::Site;

const WAIT: Duration = Duration::from_secs(15);

/// A MkDocs project with this `theme.palette` (YAML under `palette:`), header tabs and two
/// chapters, built into `output/` (its `site_dir`), as the browser helpers expect.
fn project(palette: &str) -> Site {
    let site = Site::new();
    fs::remove_dir(site.path().join("content")).unwrap();
    let site = site
        .with(
            "mkdocs.yml",
            &format!(
                "site_name: Gadget Docs\nsite_dir: output\nrepo_url: https://github.com/acme/gadget\n\
theme:\n  name: material\n  features: [navigation.tabs]\n  palette:\n{palette}\n\
nav:\n  - Home: index.md\n  - Guide:\n      - guide/install.md\n      - guide/tune.md\n"
            ),
        )
        .with(
            "docs/index.md",
            "# Welcome\n\nSee [the install](guide/install.md) and [tuning](guide/tune.md).\n\n- [x] done\n- [ ] to do\n",
        )
        .with("docs/guide/install.md", "# Install\n\nRun it. Then [tune](tune.md).\n")
        .with("docs/guide/tune.md", "# Tune\n\nFaster. Back to [install](install.md).\n");
    let run = site.build().succeeds();
    assert!(!run.stderr.contains("palette"), "{}", run.stderr);
    site
}

/// The page's header, tabs and links as the reader sees them in `theme`: the colours as
/// `rgb(…)`, and the lowest contrast between a text of the header and its ground.
fn colours(browser: &Browser, theme: &str) -> Value {
    browser.eval(&format!(
        "document.documentElement.setAttribute('data-theme', '{theme}');"
    ));
    browser.wait_for(
        "const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
             v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
             return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
         const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
         // A text colour with alpha (Material's 87% black), as it shows on its ground.
         const over = (fg, bg) => { const f = fg.match(/[\\d.]+/g).map(Number), b = bg.match(/[\\d.]+/g).map(Number);
             const a = f.length > 3 ? f[3] : 1; return 'rgb(' + [0, 1, 2].map(i => Math.round(f[i] * a + b[i] * (1 - a))).join(', ') + ')'; };
         const bar = getComputedStyle(document.querySelector('.topbar'));
         const texts = [...document.querySelectorAll('.topbar .brand, .topbar .repo, nav.tabs a')]
             .map(e => contrast(over(getComputedStyle(e).color, bar.backgroundColor), bar.backgroundColor));
         const link = getComputedStyle(document.querySelector('article p a'));
         return [bar.backgroundColor, over(bar.color, bar.backgroundColor), Math.min(...texts) >= 4.5,
                 link.color, getComputedStyle(document.querySelector('nav.tabs')).backgroundColor];",
        WAIT,
    )
}

/// `rgb(r, g, b)` as its three numbers.
fn rgb(css: &Value) -> [u32; 3] {
    let n: Vec<u32> = (css.as_str().unwrap())
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse().unwrap())
        .collect();
    [n[0], n[1], n[2]]
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn the_header_takes_the_primary_colour_of_the_scheme_shown() {
    // httpx's palette: the light scheme without a primary (Material's indigo), the dark one blue.
    let site = project(
        "    - scheme: default\n      media: \"(prefers-color-scheme: light)\"\n    - scheme: slate\n      media: \"(prefers-color-scheme: dark)\"\n      primary: blue\n",
    );
    let head = site.read("index.html");
    assert_eq!(
        head.matches("--bar-bg:").count(),
        3,
        "set once in the head, for light, dark, and dark by the system: {head}"
    );
    let Some((browser, _server)) = open(&site, "index.html", (1366, 900)) else {
        return;
    };
    let light = colours(&browser, "light");
    assert_eq!(light[0], "rgb(64, 81, 181)", "Material's indigo: {light}");
    assert_eq!(light[1], "rgb(255, 255, 255)", "{light}");
    assert_eq!(light[2], true, "{light}");
    assert_eq!(light[4], light[0], "the tabs are on the header's colour");
    let [r, g, b] = rgb(&light[3]);
    assert!(b > r && b > g, "the links are indigo too: {light}");

    let dark = colours(&browser, "dark");
    let [r, g, b] = rgb(&dark[0]);
    // Material's blue (#2094f3) does not hold white text at 4.5:1: a darker blue does.
    assert!(b > g && g > r && b < 0xf3, "{dark}");
    assert_eq!(dark[2], true, "{dark}");
    let [r, g, b] = rgb(&dark[3]);
    assert!(
        b > r && b > g && r + g + b > 300,
        "light blue links on the dark page: {dark}"
    );
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn axe_finds_nothing_serious_in_deep_orange_or_white_on_phone_and_desktop_in_both_themes() {
    let Some(axe) = crate::reader_browser::axe_source() else {
        return;
    };
    for (primary, text) in [
        ("deep orange", "rgb(255, 255, 255)"),
        ("white", "rgb(33, 33, 33)"),
    ] {
        let site = project(&format!("    primary: {primary}\n    accent: lime\n"));
        let Some((browser, server)) = open(&site, "guide/install/index.html", (390, 844)) else {
            return;
        };
        let mut failures = Vec::new();
        for (width, height) in [(390, 844), (1366, 900)] {
            browser.set_window_size(width, height);
            for theme in ["light", "dark"] {
                browser.eval(&format!("localStorage.setItem('quire-theme', '{theme}');"));
                browser.goto(&format!("{}/guide/install/", server.url));
                browser.wait_for("return document.readyState === 'complete'", WAIT);
                let seen = colours(&browser, theme);
                assert_eq!(seen[1], text, "{primary}, {theme}: {seen}");
                assert_eq!(seen[2], true, "{primary}, {theme}: {seen}");
                if primary == "deep orange" {
                    let [r, g, b] = rgb(&seen[0]);
                    assert!(r > g && g > b, "still orange: {seen}");
                }
                browser.eval(&axe);
                for item in crate::reader_browser::axe_violations(&browser) {
                    failures.push(format!("{primary}, {width}px, {theme}: {item}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn an_unknown_colour_is_one_warning_at_its_line_with_the_nearest_name() {
    let site = Site::new();
    fs::remove_dir(site.path().join("content")).unwrap();
    let site = site
        .with(
            "mkdocs.yml",
            "site_name: Gadget Docs\ntheme:\n  name: material\n  palette:\n    - scheme: default\n      primary: indigo\n    - scheme: slate\n      primary: \"deep orang\"\n      accent: teal\n",
        )
        .with("docs/index.md", "# Welcome\n\nText.\n");
    let run = site.build().succeeds();
    let run = run
        .says("mkdocs.yml:8")
        .says("`primary: deep orang` is not a colour Material knows")
        .says("did you mean `primary: deep orange`?");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(said.matches("deep orang`").count(), 1, "{said}");
    // The other scheme keeps its colour; this one Material's default.
    let page = fs::read_to_string(site.path().join("site/index.html")).unwrap();
    assert!(page.contains(":root{--bar-bg:#4051b5;"), "{page}");
    assert_eq!(page.matches("--bar-bg:#4051b5").count(), 3, "{page}");
}
