//! A writer puts icons and emoji in the text as Material for MkDocs writers do
//! (`:material-account:`, `:smile:`) and gets them as SVG in the page, without a CDN; text that
//! only looks a little like a shortcode (times, paths, code) stays as written, and an icon name
//! that does not exist is named with its file, line and the nearest name.

use crate::common::{between, Site};

const PAGE: &str = "content/guide.md";

fn page(body: &str) -> Site {
    Site::new().with(PAGE, &format!("title: Guide\n\n{body}"))
}

fn content(site: &Site) -> String {
    let html = site.read("guide.html");
    between(&html, "<article", "</article>").to_string()
}

#[test]
fn icons_and_emoji_become_inline_svg() {
    let site = page(
        "Account :material-account: and GitHub :octicons-mark-github-16:, \
         :fontawesome-brands-python: and :simple-rust:.\n\nGreat :smile: :+1:\n",
    );
    site.build().succeeds();
    let html = content(&site);
    assert_eq!(
        html.matches("<span class=\"twemoji\"><svg").count(),
        4,
        "{html}"
    );
    assert!(
        html.contains("viewBox=\"0 0 16 16\""),
        "octicons are 16 px: {html}"
    );
    assert!(
        html.contains("<img alt=\"😄\" class=\"twemoji\" src=\"data:image/svg+xml,%3Csvg"),
        "{html}"
    );
    assert!(html.contains("title=\":+1:\""), "{html}");
    assert!(!html.contains("cdn.jsdelivr"), "{html}");
    let css = std::fs::read_dir(site.output().join("theme"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect::<String>();
    assert!(css.contains(".twemoji svg"), "the stylesheet sizes icons");
}

#[test]
fn times_paths_and_code_keep_their_colons() {
    let site = page(
        "At 10:30:00, a:b:c, `std::ok::Err`, crate::ok::x and :not-an-emoji:.\n\n\
         Inline `:smile:`.\n\n```yaml\nicon: :material-account:\n```\n",
    );
    let run = site.build().succeeds();
    let html = content(&site);
    assert!(!html.contains("twemoji"), "{html}");
    assert!(html.contains("At 10:30:00, a:b:c,"), "{html}");
    assert!(html.contains("crate::ok::x and :not-an-emoji:."), "{html}");
    assert!(html.contains("<code>:smile:</code>"), "{html}");
    assert!(html.contains("material-account"), "{html}");
    assert!(!run.stderr.contains("icon"), "{}", run.stderr);
}

#[test]
fn an_unknown_icon_is_a_warning_with_its_line_and_the_nearest_name() {
    let site = page("Fine :material-account:.\n\nThen :material-acount: here.\n");
    site.build().succeeds();
    assert!(content(&site).contains("Then :material-acount: here."));
    let check = site.quire(&["check"]);
    assert!(!check.stderr.contains("panicked"), "{}", check.stderr);
    check
        .says("content/guide.md:5:6: unknown icon `:material-acount:`")
        .says("did you mean `:material-account:`?");
}
