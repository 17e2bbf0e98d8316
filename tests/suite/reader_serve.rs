//! The search index under `quire serve`: it follows edits, and files it no longer needs go.

use crate::common;

use std::time::Duration;

use common::serve::Server;
use common::Site;

#[test]
fn serve_drops_search_files_no_word_needs_any_more() {
    // Word files are named by the first prefix they hold: this page's word opens the first
    // file, which must go with it.
    let site = Site::new()
        .with(
            "content/rare.md",
            "title: Rare\n\naaqqword appears here only.\n",
        )
        .with("content/zed.md", "title: Zed\n\nZzother.\n");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let first = site.output().join("theme/search/t-6161.js");
    assert_eq!(
        common::search_words(&site.output()).get("aaqqword"),
        Some(&"t-6161.js".to_string()),
        "the index has a file that begins with aa…"
    );
    site.write("content/rare.md", "title: Rare\n\nNothing unusual now.\n");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while first.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "theme/search/t-6161.js outlived its last word"
        );
        let _ = events.next(Duration::from_millis(200));
    }
    // Every word file left is one meta.js names.
    let meta: serde_json::Value =
        serde_json::from_str(&common::search_json(&site.output(), "meta.js")).unwrap();
    let named: std::collections::BTreeSet<String> = (meta["files"].as_array().unwrap().iter())
        .map(|f| {
            let prefix = f[0].as_str().unwrap();
            let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
            format!("t-{hex}.js")
        })
        .collect();
    let on_disk: std::collections::BTreeSet<String> =
        common::snapshot(&site.output().join("theme/search"))
            .into_keys()
            .filter(|k| k.starts_with("t-"))
            .collect();
    assert_eq!(on_disk, named);
    let page = common::snapshot(&site.output().join("theme/search"))
        .into_iter()
        .filter(|(k, _)| k.starts_with("d/"))
        .map(|(k, _)| common::search_json(&site.output(), &k))
        .find(|t| t.contains("\"t\":\"Rare\""))
        .expect("the page is still indexed");
    assert!(page.contains("Nothing unusual now."), "{page}");
}
