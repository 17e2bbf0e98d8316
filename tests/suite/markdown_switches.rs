//! Every construct of the Material dialect can be turned off in site.yaml's `markdown:`
//! mapping, and a page that used one then shows it as the text it is written as.

use crate::common::Site;

const PAGE: &str = "title: A\n\n\
!!! note \"Heads up\"\n    Callout body.\n\n\
=== \"One\"\n    Tab body.\n\n\
/// tip | Slash title\nSlash body.\n///\n\n\
<div class=\"grid\" markdown>\n**bold inside**\n</div>\n\n\
Term\n:   Its definition.\n\n\
> [!WARNING]\n> Alert body.\n\n\
```mermaid\ngraph LR\n  A --> B\n```\n\n\
```python\nx = 1  # (1)!\n```\n\n1. The note on x.\n";

#[test]
fn a_site_can_turn_each_block_extension_off() {
    let on = Site::new().with("content/a.md", PAGE);
    on.build().succeeds();
    let html = on.read("a.html");
    for made in [
        "admonition note",
        "tabbed-set",
        "admonition tip",
        "<strong>bold inside</strong>",
        "<dl>",
        "admonition warning",
        "class=\"mermaid\"",
        "class=\"annotation\"",
    ] {
        assert!(
            html.contains(made),
            "with every switch on, no {made:?} in {html}"
        );
    }

    let off = Site::new().with("content/a.md", PAGE).with(
        "site.yaml",
        "markdown:\n  admonition: false\n  tabbed: false\n  blocks: false\n  md_in_html: false\n  \
         def_list: false\n  mermaid: false\n  annotate: false\n",
    );
    off.build().succeeds();
    let html = off.read("a.html");
    for gone in [
        "admonition",
        "tabbed-set",
        "<strong>bold inside</strong>",
        "<dl>",
        "class=\"mermaid\"",
        "class=\"annotation\"",
    ] {
        assert!(!html.contains(gone), "switched off, yet {gone:?} in {html}");
    }
    for kept in [
        "!!! note",
        "=== \"One\"",
        "/// tip | Slash title",
        "[!WARNING]",
        "(1)!",
    ] {
        assert!(
            html.contains(kept),
            "switched off, {kept:?} is not shown as written in {html}"
        );
    }
    assert!(
        html.contains("language-mermaid"),
        "a mermaid fence off is a code block: {html}"
    );
}

#[test]
fn magic_links_point_at_the_site_repository_unless_markdown_names_another() {
    let page = "title: A\n\nFixed in #12.\n";
    let site = Site::new().with("content/a.md", page).with(
        "site.yaml",
        "repo_url: https://github.com/org/repo\nmarkdown:\n  magiclink: true\n",
    );
    site.build().succeeds();
    assert!(
        site.read("a.html")
            .contains("https://github.com/org/repo/issues/12"),
        "{}",
        site.read("a.html")
    );

    let other = Site::new().with("content/a.md", page).with(
        "site.yaml",
        "repo_url: https://github.com/org/repo\nmarkdown:\n  magiclink: true\n  repo_url: https://github.com/org/other\n",
    );
    other.build().succeeds();
    assert!(other
        .read("a.html")
        .contains("https://github.com/org/other/issues/12"));
}

/// A writer turned callouts off: an indented body under `!!! note` is then code, as
/// Python-Markdown reads it, and a link written in it is shown as written, not made a URL;
/// with callouts on, the same link leads to the page.
#[test]
fn a_link_in_a_callout_switched_off_is_code_and_stays_as_written() {
    let page = "title: A\n\n!!! note\n\n    See [the other page](other.md).\n";
    let other = "title: Other\n\nHello.\n";
    let off = Site::new()
        .with("content/a.md", page)
        .with("content/other.md", other)
        .with("site.yaml", "markdown:\n  admonition: false\n");
    off.build().succeeds();
    let html = off.read("a.html");
    assert!(
        html.contains("See [the other page](other.md)."),
        "the link in code changed: {html}"
    );

    let on = Site::new()
        .with("content/a.md", page)
        .with("content/other.md", other);
    on.build().succeeds();
    let html = on.read("a.html");
    assert!(
        html.contains("<a href=\"other.html\">the other page</a>"),
        "the link in the callout does not lead to the page: {html}"
    );
}
