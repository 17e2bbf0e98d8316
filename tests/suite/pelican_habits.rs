//! A Pelican site of any age builds as it is: its own home and 404 pages (`save_as:`, any
//! case of the key) take the place of quire's, `Status: hidden` pages are written and listed
//! nowhere, and tags, categories and authors are at Pelican's addresses (`café` → `cafe`),
//! Pelican 3's SLUG_SUBSTITUTIONS included; a slug with spaces is a file with spaces, as
//! Pelican writes it; `Summary:` is Markdown; PAGE_PATHS say which files are pages.

use crate::common::{between, Site};
use crate::pelican::imported;

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

/// A post of a real 2016 blog, as its settings and header are (what Pelican 4.12 and 3.7 both
/// write for it is in the comments).
fn quic_blog(settings: &str) -> (Site, String) {
    imported(
        &format!(
            "SITEURL = 'https://notes.example'\nARTICLE_URL = '{{category}}/{{slug}}.html'\n\
             ARTICLE_SAVE_AS = ARTICLE_URL\n{settings}"
        ),
        &[(
            "content/QUIC-install.md",
            "Title: QUIC install\nDate: 2016-03-30 10:00\nCategory: protocol\n\
             Slug: QUIC build environment\nTags: C++, C#\nAuthor: C++ Fan\n\
             Summary: Git中的`submodule`命令 with [a link](https://example.org) and *emphasis*\n\n\
             How to build it.\n",
        )],
    )
}

#[test]
fn a_slug_with_spaces_is_a_file_with_spaces_linked_percent_encoded() {
    let (site, _) = quic_blog("");
    site.build().succeeds();
    // Pelican writes `protocol/QUIC build environment.html`; its feed links it encoded.
    let post = site.read("protocol/QUIC build environment.html");
    assert!(post.contains("How to build it."), "{post}");
    let encoded = "protocol/QUIC%20build%20environment.html";
    let feed = site.read("feed.xml");
    assert!(
        feed.contains(&format!("href=\"https://notes.example/{encoded}\"")),
        "{feed}"
    );
    let home = site.read("index.html");
    assert!(home.contains(encoded), "{home}");
    assert!(!home.contains("QUIC build environment.html"), "{home}");
    site.quire(&["check"]).succeeds();
}

#[test]
fn a_summary_is_markdown_as_pelican_renders_it() {
    let (site, _) = quic_blog("");
    site.build().succeeds();
    // Pelican's reader renders the field: its listings and feed show the HTML, its page's
    // description the text.
    let html = "<p>Git中的<code>submodule</code>命令 with <a href=\"https://example.org\">a link</a> and <em>emphasis</em></p>";
    let listing = site.read("blog.html");
    assert!(listing.contains(html), "{listing}");
    let feed = site.read("feed.xml");
    let summary = between(&feed, "<summary type=\"html\">", "</summary>");
    assert_eq!(
        summary
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\""),
        html
    );
    let post = site.read("protocol/QUIC build environment.html");
    assert!(
        post.contains(
            "<meta name=\"description\" content=\"Git中的submodule命令 with a link and emphasis\">"
        ),
        "{post}"
    );
}

#[test]
fn pelican_3_slug_substitutions_come_first_for_tags_and_categories_and_never_for_authors() {
    let (site, yaml) = quic_blog(
        "SLUG_SUBSTITUTIONS = (('C++', 'cpp'),)\nTAG_SUBSTITUTIONS = (('C#', 'csharp'),)\n",
    );
    site.write(
        "content/cats.md",
        "Title: Cats\nDate: 2016-04-01\nCategory: C++\n\nMeow.\n",
    );
    site.build().succeeds();
    // As Pelican 3.7 and 4.12 write them: tag/cpp.html, tag/csharp.html, category/cpp.html
    // (SLUG_SUBSTITUTIONS, then TAG_SUBSTITUTIONS) and author/c-fan.html (never SLUG's); the
    // article in C++ at ARTICLE_SAVE_AS's `{category}/{slug}.html` by that category's slug.
    for page in [
        "cpp/cats.html",
        "tags/cpp.html",
        "tags/csharp.html",
        "category/cpp.html",
        "author/c-fan.html",
    ] {
        assert!(site.output().join(page).is_file(), "{page}\n{yaml}");
    }
}

#[test]
fn pages_are_the_files_in_page_paths_and_the_rest_are_articles() {
    let (site, yaml) = imported(
        "DEFAULT_DATE = (2012, 1, 1)\nPAGE_PATHS = ['static-pages']\n",
        &[
            (
                "content/static-pages/about.md",
                "Title: About\nDate: 2015-05-30 11:20\n\nWho writes.\n",
            ),
            (
                "content/pages/notes.md",
                "Title: Notes\n\nIn pages/, which is not a page folder here.\n",
            ),
        ],
    );
    assert!(
        yaml.contains("pelican_paths:") && yaml.contains("  pages: ['static-pages']  # PAGE_PATHS"),
        "{yaml}"
    );
    site.build().succeeds();
    // As Pelican 4.12 and 3.7 write them: the page at PAGE_SAVE_AS's pages/about.html, with no
    // date shown; the file in pages/ an article dated DEFAULT_DATE.
    let about = site.read("pages/about.html");
    assert!(!about.contains("post-meta"), "a page, not a post: {about}");
    let notes = site.read("notes.html");
    assert!(notes.contains("datetime=\"2012-01-01\""), "{notes}");
}

/// Articles in folders, one naming its category, one at the top (as Pelican 4.12 and 3.7 write
/// them at ARTICLE_SAVE_AS's `{category}/{slug}.html`).
fn articles_in_folders(settings: &str) -> (Site, String) {
    imported(
        &format!(
            "DEFAULT_DATE = (2012, 1, 1)\nARTICLE_URL = '{{category}}/{{slug}}.html'\n\
             ARTICLE_SAVE_AS = ARTICLE_URL\n{settings}"
        ),
        &[
            (
                "content/python/loops.md",
                "Title: Loops\n\nFor and while.\n",
            ),
            (
                "content/python/named.md",
                "Title: Named\nCategory: Rust\n\nIts own category.\n",
            ),
            ("content/top.md", "Title: Top\n\nAt the top.\n"),
        ],
    )
}

#[test]
fn an_article_without_a_category_is_in_its_folders_as_use_folder_as_category_says() {
    let (site, _) = articles_in_folders("");
    site.build().succeeds();
    // Pelican's default USE_FOLDER_AS_CATEGORY: the folder's name is the category.
    assert!(site.read("python/loops.html").contains("For and while."));
    assert!(site.read("category/python.html").contains("Loops"));
    assert!(site.output().join("rust/named.html").is_file());
    assert!(site.output().join("misc/top.html").is_file());
    // DEFAULT_CATEGORY is a category like any other: Pelican writes its page.
    assert!(site.read("category/misc.html").contains("Top"));

    let (site, yaml) = articles_in_folders("USE_FOLDER_AS_CATEGORY = False\n");
    assert!(
        yaml.contains("  folder_as_category: false  # USE_FOLDER_AS_CATEGORY"),
        "{yaml}"
    );
    site.build().succeeds();
    // DEFAULT_CATEGORY's `misc` instead.
    assert!(site.read("misc/loops.html").contains("For and while."));
    assert!(site.read("category/misc.html").contains("Loops"));
    assert!(!site.output().join("category/python.html").exists());
    assert!(site.output().join("rust/named.html").is_file());
}
