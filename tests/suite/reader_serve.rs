//! The search index under `quire serve`: it follows edits, and files it no longer needs go.

use crate::common;

use std::time::Duration;

use common::serve::Server;
use common::Site;

#[test]
fn serve_drops_search_files_no_word_needs_any_more() {
    let site = Site::demo().with(
        "content/pages/05-deployment/90-rare.md",
        "title: Rare\n\nQqzzyword appears here only.\n",
    );
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    // Words starting "qq" have their own file.
    let shard = site.output().join("theme/search/t-7171.js");
    assert!(shard.exists(), "the index has a file for qq…");
    site.write(
        "content/pages/05-deployment/90-rare.md",
        "title: Rare\n\nNothing unusual now.\n",
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while shard.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "theme/search/t-7171.js outlived its last word"
        );
        let _ = events.next(Duration::from_millis(200));
    }
    let page = common::snapshot(&site.output().join("theme/search"))
        .into_iter()
        .filter(|(k, _)| k.starts_with("d/"))
        .map(|(k, _)| common::search_json(&site.output(), &k))
        .find(|t| t.contains("\"t\":\"Rare\""))
        .expect("the page is still indexed");
    assert!(page.contains("Nothing unusual now."), "{page}");
}
