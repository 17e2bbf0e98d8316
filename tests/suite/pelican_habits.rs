//! A Pelican site of any age builds as it is: its own home and 404 pages (`save_as:`, any
//! case of the key) take the place of quire's, `Status: hidden` pages are written and listed
//! nowhere, and tags, categories and authors are at Pelican's addresses (`café` → `cafe`).

use crate::common::Site;

#[test]
fn the_sites_own_home_and_404_pages_take_the_place_of_quires_with_one_note() {
    let site = Site::new()
        .with(
            "content/pages/home.md",
            "Title: Welcome\nsave_as: index.html\nURL: \n\nThe home of the blog.\n",
        )
        .with(
            "content/pages/missing.md",
            "Title: Lost\nSave_as: 404.html\n\nNothing is here.\n",
        )
        .with(
            "content/posts/first.md",
            "Title: First\nDate: 2017-03-15 7:45\n\nA post.\n",
        );
    let run = site.build().succeeds();
    assert!(site.read("index.html").contains("The home of the blog."));
    assert!(site.read("404.html").contains("Nothing is here."));
    assert_eq!(
        run.stderr.matches("replaces the built-in").count(),
        2,
        "{}",
        run.stderr
    );
    let notes = (run.stderr.lines()).filter(|l| l.starts_with("note: ") && l.contains("built-in"));
    assert_eq!(notes.count(), 1, "{}", run.stderr);
}

#[test]
fn a_hidden_page_is_written_and_listed_nowhere() {
    let site = Site::new()
        .with(
            "site.yaml",
            "title: Blog\nbase_url: https://blog.example/\n",
        )
        .with("content/pages/about.md", "Title: About\n\nWho we are.\n")
        .with(
            "content/pages/thanks.md",
            "Title: Thanks for subscribing\nSlug: thanks\nStatus: hidden\nTags: mail\n\nYou are in.\n",
        )
        .with(
            "content/posts/later.md",
            "Title: Later\nDate: 2017-03-15\nStatus: hidden\nTags: mail\n\nNot yet.\n",
        );
    site.build().succeeds();
    assert!(site.read("thanks.html").contains("You are in."));
    assert!(site.read("blog/later.html").contains("Not yet."));
    for listing in [
        "about.html",
        "index.html",
        "blog.html",
        "feed.xml",
        "sitemap.xml",
    ] {
        let text = site.read(listing);
        assert!(!text.contains("thanks.html"), "{listing}: {text}");
        assert!(!text.contains("later.html"), "{listing}: {text}");
    }
    assert!(!site.output().join("tags/mail.html").exists());
}

#[test]
fn tags_categories_and_authors_are_at_pelicans_addresses() {
    let site = Site::new().with(
        "content/posts/coffee.md",
        "Title: Coffee\nDate: 2017-03-15\nCategory: Crème brûlée\nTags: café, Ölçü Birimleri, C++\nAuthor: José Müller\n\nStrong.\n",
    );
    site.build().succeeds();
    let post = site.read("blog/coffee.html");
    for page in [
        "tags/cafe.html",
        "tags/olcu-birimleri.html",
        "tags/c.html",
        "category/creme-brulee.html",
        "author/jose-muller.html",
    ] {
        assert!(site.output().join(page).is_file(), "{page}");
        assert!(
            post.contains(&format!("{page}\"")),
            "{page} not linked in {post}"
        );
    }
}
