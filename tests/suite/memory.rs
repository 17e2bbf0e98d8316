//! What a one-off build holds to its end (issue 17): not the pages' Markdown, and no link that
//! leads out of the site. Seen through the library's `Builder`, since the binary shows nothing
//! of its memory; the peak itself is measured in bench/ (compare.py), never in a test.

use quire::{Builder, Changes, Options, Prior, SiteWide};

use super::common::Site;

/// A clean build (from a prior that knows nothing), and what it knows after.
fn build(opts: Options) -> Prior {
    let (_, state) = Builder::new(opts)
        .build(
            &Prior::default(),
            &Changes::everything(),
            SiteWide::Now,
            &quire::review,
            &|_, _| {},
        )
        .unwrap_or_else(|e| panic!("the build failed: {e:?}"));
    state
}

fn site() -> Site {
    Site::new()
        .with(
            "content/a.md",
            "title: A\n\nSee [b](/b.html), [x](https://example.org/) and [m](mailto:a@b.org).\n",
        )
        .with("content/b.md", "title: B\n\nText.\n")
}

#[test]
fn a_one_off_build_holds_no_page_text_and_no_link_out_of_the_site() {
    let site = site();
    let state = build(Options::once(site.path(), None));
    // The model holds no text: asked for it, the page reads its file again, and sees the change.
    site.write("content/a.md", "title: A\n\nChanged since.\n");
    let page = &state.loaded.as_ref().unwrap().site.pages[0];
    assert_eq!(page.source.to_str(), Some("content/a.md"));
    let e = page.text().unwrap_err();
    assert!(
        e.message.contains("changed while quire was building"),
        "{e:?}"
    );
    let facts = state.facts();
    let dests: Vec<&str> = (facts[0].rendered.links.iter()).map(|l| l.dest).collect();
    assert_eq!(dests, ["/b.html"]);
}

#[test]
fn builds_that_follow_one_another_keep_the_texts_they_compare() {
    let site = site();
    let state = build(Options::watching(site.path(), None).unwrap());
    site.write("content/a.md", "title: A\n\nChanged since.\n");
    let text = state.loaded.as_ref().unwrap().site.pages[0].text().unwrap();
    assert!(text.contains("See [b](/b.html)"), "{text}");
}

fn headed_site() -> Site {
    Site::new()
        .with(
            "content/a.md",
            "title: Alpha\n\nIntro words.\n\n## Deploying\n\nServers deployed daily.\n",
        )
        .with(
            "content/b.md",
            "title: Beta\ntags: ops\n\n## Caching\n\nCaches warm.\n",
        )
        .with(
            "content/posts/2024-01-02-news.md",
            "title: News\ndate: 2024-01-02\n\nThe first paragraph of news.\n",
        )
}

#[test]
fn a_one_off_build_keeps_no_search_text_yet_writes_the_index_a_server_writes() {
    let site = headed_site();
    let (once_out, kept_out) = (site.path().join("once"), site.path().join("kept"));
    let once = build(Options::once(site.path(), Some(&once_out)));
    let kept = build(Options::watching(site.path(), Some(&kept_out)).unwrap());
    // The one-off build made each page's share of the index as it rendered, and let go of
    // what only search and the page's template needed; a post keeps its summary for the feed.
    let pages = &once.loaded.as_ref().unwrap().site.pages;
    for f in once.facts() {
        let r = &f.rendered;
        assert!(
            r.text.is_empty() && r.toc.is_empty(),
            "{:?}",
            pages[f.page].source
        );
        assert_eq!(r.summary.is_empty(), !pages[f.page].is_post);
    }
    let a = (kept.facts().into_iter())
        .find(|f| {
            kept.loaded.as_ref().unwrap().site.pages[f.page]
                .source
                .ends_with("a.md")
        })
        .unwrap();
    assert!(a.rendered.text.contains("Servers deployed daily"));
    // Made page by page or from every page's text at the end, the index is the same bytes.
    let index = |out: &std::path::Path| {
        let files = super::common::snapshot(&out.join("theme/search"));
        assert!(files.len() > 3, "{:?}", files.keys());
        files
    };
    assert_eq!(index(&once_out), index(&kept_out));
}
