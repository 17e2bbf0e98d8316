//! The features docs teams expect of a site generator (issue 15): `quire init`, edit links,
//! sharing tags, tags and categories, last-updated dates from git, llms.txt. All through the
//! real binary on real folders.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{git, snapshot, Run, Site, QUIRE};

fn quire_in(dir: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(QUIRE)
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run quire"),
    )
}

// ---------------------------------------------------------------------------------------------
// quire init

#[test]
fn init_makes_a_site_that_builds_and_checks_without_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let run = quire_in(tmp.path(), &["init", "docs"]).succeeds();
    assert!(run.stdout.contains("quire serve docs"), "{}", run.stdout);
    let site = tmp.path().join("docs");
    for file in [
        "site.yaml",
        "content/pages/01-getting-started/00-getting-started.md",
        "content/pages/02-guides/00-guides.md",
        "content/posts/hello-world.md",
        "static/img/logo.svg",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    assert!(fs::read_to_string(site.join("site.yaml"))
        .unwrap()
        .contains("# "));

    let build = quire_in(tmp.path(), &["build", "docs"]).succeeds();
    assert!(
        !build.stderr.contains("warning"),
        "the starter site builds with warnings:\n{}",
        build.stderr
    );
    assert!(build
        .stdout
        .contains("Built 4 pages, 1 post and 1 static file"));
    let out = site.join("output");
    for file in [
        "index.html",
        "getting-started/getting-started.html",
        "getting-started/writing-pages.html",
        "guides/guides.html",
        "guides/deploying.html",
        "blog/hello-world.html",
        "img/logo.svg",
        "tags/writing.html",
        "category/news.html",
    ] {
        assert!(out.join(file).is_file(), "{file} not built");
    }
    let page = fs::read_to_string(out.join("getting-started/writing-pages.html")).unwrap();
    assert!(page.contains("class=\"admonition"), "no callout");
    assert!(page.contains("<pre"), "no code");
    let first = fs::read_to_string(out.join("getting-started/getting-started.html")).unwrap();
    assert!(first.contains("What to edit"));
    assert!(first.contains("src=\"../img/logo.svg\""), "{first}");

    let check = quire_in(tmp.path(), &["check", "docs", "--deny-warnings"]);
    assert_eq!(check.code, Some(0), "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn init_in_the_current_folder_and_in_one_holding_only_git() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    fs::write(tmp.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    quire_in(tmp.path(), &["init"]).succeeds();
    assert!(tmp.path().join("site.yaml").is_file());
    assert_eq!(
        fs::read_to_string(tmp.path().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    quire_in(tmp.path(), &["build"]).succeeds();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_touches_nothing() {
    let site = Site::new().with("notes.txt", "mine");
    let before = snapshot(site.path());
    let run = site.quire(&["init"]).fails();
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(snapshot(site.path()), before);
    assert!(!site.path().join("site.yaml").exists());

    // A file where the folder should be is refused too.
    let run = quire_in(site.path(), &["init", "notes.txt"]).fails();
    assert!(run.stderr.contains("is a file"), "{}", run.stderr);
    assert_eq!(snapshot(site.path()), before);
}

#[test]
fn init_help_says_what_it_makes_and_what_it_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let run = quire_in(tmp.path(), &["init", "--help"]).succeeds();
    for words in ["site.yaml", "empty", "quire serve docs"] {
        assert!(run.stdout.contains(words), "{words}:\n{}", run.stdout);
    }
    let run = quire_in(tmp.path(), &["--help"]).succeeds();
    assert!(run.stdout.contains("init"), "{}", run.stdout);
}

#[test]
fn a_folder_without_content_points_to_init() {
    let tmp = tempfile::tempdir().unwrap();
    let run = quire_in(tmp.path(), &["build"]).fails();
    assert!(run.stderr.contains("quire init"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Edit links, canonical addresses and sharing tags

fn sharing_site(base_url: &str) -> Site {
    Site::new()
        .with(
            "site.yaml",
            &format!(
                "title: Docs & Co\nbase_url: {base_url}\nimage: /img/share.png\n\
edit_url: https://github.com/org/repo/edit/main/docs\n"
            ),
        )
        .with(
            "content/pages/01-guide/00-guide.md",
            "---\ntitle: Guide\nmeta: All about the guide.\n---\n\nThe guide.\n",
        )
        .with(
            "content/pages/01-guide/10-first steps.md",
            "---\ntitle: First steps\nslug: first-steps\nimage: img/first.png\n---\n\nThe very first paragraph \
             says what the page is for.\n\nA second one.\n",
        )
        .with(
            "content/pages/01-guide/20-private.md",
            "title: Private\nmeta: Not to be edited.\nedit: false\n\nText.\n",
        )
        .with(
            "content/posts/news.md",
            "title: News\ndate: 2026-03-01 10:30\nmodified: 2026-04-02\nmeta: What is new.\n\nNews.\n",
        )
}

fn meta_content<'a>(html: &'a str, property: &str) -> &'a str {
    crate::common::between(html, &format!("property=\"{property}\" content=\""), "\"")
}

#[test]
fn a_site_with_a_host_gives_every_page_a_canonical_address_and_sharing_tags() {
    let site = sharing_site("https://example.org/docs/");
    site.build().succeeds();

    let guide = site.read("guide/guide.html");
    assert!(guide
        .contains("<link rel=\"canonical\" href=\"https://example.org/docs/guide/guide.html\">"));
    assert_eq!(meta_content(&guide, "og:title"), "Guide");
    assert_eq!(
        meta_content(&guide, "og:description"),
        "All about the guide."
    );
    assert_eq!(
        meta_content(&guide, "og:url"),
        "https://example.org/docs/guide/guide.html"
    );
    assert_eq!(meta_content(&guide, "og:type"), "website");
    assert_eq!(meta_content(&guide, "og:site_name"), "Docs &amp; Co");
    // No picture of its own: the site's.
    assert_eq!(
        meta_content(&guide, "og:image"),
        "https://example.org/docs/img/share.png"
    );
    assert!(guide.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(!guide.contains("article:published_time"));

    // No meta: the first paragraph; its own image, made absolute.
    let first = site.read("first-steps.html");
    assert_eq!(
        meta_content(&first, "og:description"),
        "The very first paragraph says what the page is for."
    );
    assert_eq!(
        meta_content(&first, "og:image"),
        "https://example.org/docs/img/first.png"
    );

    let post = site.read("blog/news.html");
    assert_eq!(meta_content(&post, "og:type"), "article");
    assert_eq!(
        meta_content(&post, "article:published_time"),
        "2026-03-01T10:30:00Z"
    );
    assert_eq!(
        meta_content(&post, "article:modified_time"),
        "2026-04-02T00:00:00Z"
    );

    let index = site.read("index.html");
    assert!(index.contains("<link rel=\"canonical\" href=\"https://example.org/docs/\">"));
    let blog = site.read("blog.html");
    assert_eq!(meta_content(&blog, "og:title"), "Blog · Docs &amp; Co");
}

#[test]
fn without_a_host_there_are_no_canonical_or_sharing_tags() {
    let site = sharing_site("/docs/");
    site.build().succeeds();
    for (path, bytes) in site.snapshot() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for tag in ["rel=\"canonical\"", "og:", "twitter:", "article:"] {
            assert!(!html.contains(tag), "{path} has {tag}");
        }
    }
}

#[test]
fn edit_links_lead_to_each_source_unless_a_page_opts_out() {
    let site = sharing_site("/");
    site.build().succeeds();
    let edit = |html: &str| {
        crate::common::between(html, "<div class=\"page-foot\">", "</div>")
            .split("href=\"")
            .nth(1)
            .map(|s| s.split('"').next().unwrap().to_string())
    };
    assert_eq!(
        edit(&site.read("guide/guide.html")).as_deref(),
        Some("https://github.com/org/repo/edit/main/docs/content/pages/01-guide/00-guide.md")
    );
    assert_eq!(
        edit(&site.read("first-steps.html")).as_deref(),
        Some(
            "https://github.com/org/repo/edit/main/docs/content/pages/01-guide/10-first%20steps.md"
        )
    );
    assert_eq!(
        edit(&site.read("blog/news.html")).as_deref(),
        Some("https://github.com/org/repo/edit/main/docs/content/posts/news.md")
    );
    assert!(!site.read("guide/private.html").contains("Edit this page"));

    // Off when unset.
    site.write("site.yaml", "title: Docs\n");
    site.build().succeeds();
    assert!(!site.read("guide/guide.html").contains("Edit this page"));

    // A value edit cannot take is an error at its line.
    site.write(
        "content/pages/01-guide/20-private.md",
        "title: Private\nedit: sometimes\n\nText.\n",
    );
    site.build()
        .fails()
        .says("20-private.md:2")
        .says("edit \"sometimes\" is not true or false");
}

// ---------------------------------------------------------------------------------------------
// Tags and categories

fn tagged_site() -> Site {
    Site::new()
        .with("site.yaml", "title: Docs\nbase_url: https://example.org/\n")
        .with(
            "content/pages/01-guide/10-zebra.md",
            "---\ntitle: Zebra setup\ntags: [AWS, Python]\n---\n\nStripes.\n",
        )
        .with(
            "content/pages/01-guide/20-apple.md",
            "title: Apple setup\ntags: aws, deploy\n\nFruit.\n",
        )
        .with(
            "content/posts/old.md",
            "title: Old news\ndate: 2020-01-01\ncategory: Release Notes\ntags: aws\n\nOld.\n",
        )
        .with(
            "content/posts/new.md",
            "title: New news\ndate: 2021-06-01\ncategory: release notes\n\nNew.\n",
        )
        .with(
            "content/pages/01-guide/30-plain.md",
            "title: Plain\n\nNo tags.\n",
        )
}

/// The link texts of a list, in order.
fn listed(html: &str, list_start: &str) -> Vec<String> {
    crate::common::between(html, list_start, "</ul>")
        .split("<a href=\"")
        .skip(1)
        .map(|a| crate::common::between(a, ">", "</a>").to_string())
        .collect()
}

#[test]
fn each_tag_has_a_page_listing_posts_newest_first_then_pages_by_title() {
    let site = tagged_site();
    site.build().succeeds();

    let aws = site.read("tags/aws.html");
    assert_eq!(
        listed(&aws, "<ul class=\"post-list\">"),
        vec!["Old news", "Apple setup", "Zebra setup"]
    );
    assert!(
        aws.contains("Tagged “AWS”"),
        "first spelling in source order"
    );
    assert_eq!(
        listed(&site.read("tags/python.html"), "<ul class=\"post-list\">"),
        vec!["Zebra setup"]
    );

    let index = site.read("tags/index.html");
    let cloud = crate::common::between(&index, "<ul class=\"tag-cloud\">", "</ul>");
    assert!(
        cloud.contains(">AWS</a> <span class=\"count\">3 pages</span>"),
        "{cloud}"
    );
    assert!(
        cloud.contains(">deploy</a> <span class=\"count\">1 page</span>"),
        "{cloud}"
    );
    assert!(cloud.contains("href=\"/tags/python.html\""), "{cloud}");

    // Shown on the pages, linking to their tag's page.
    let zebra = site.read("guide/zebra.html");
    assert_eq!(listed(&zebra, "<ul class=\"tags\""), vec!["AWS", "Python"]);
    assert!(zebra.contains("href=\"/tags/aws.html\" rel=\"tag\""));
    assert!(!site.read("guide/plain.html").contains("class=\"tags\""));

    // A post's category has a page of its posts, and the post links to it.
    let category = site.read("category/release-notes.html");
    assert_eq!(
        listed(&category, "<ul class=\"post-list\">"),
        vec!["New news", "Old news"]
    );
    assert!(site
        .read("blog/new.html")
        .contains("<a href=\"/category/release-notes.html\">Release notes</a>"));

    // In the sitemap and the manifest; search finds a page by its tag.
    let sitemap = site.read("sitemap.xml");
    for url in [
        "https://example.org/tags/index.html",
        "https://example.org/tags/aws.html",
        "https://example.org/category/release-notes.html",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
    let manifest = fs::read_to_string(site.output().join(".quire-manifest")).unwrap();
    assert!(manifest.contains("tags/deploy.html"));
    let words: String = snapshot(&site.output().join("theme/search"))
        .into_iter()
        .filter(|(p, _)| p.starts_with("t-"))
        .map(|(p, _)| crate::common::search_json(&site.output(), &p))
        .collect();
    assert!(words.contains("\"deploy\""), "the tag is a search word");
}

#[test]
fn a_tag_page_that_would_take_another_file_is_an_error() {
    let site = tagged_site().with("static/tags/aws.html", "mine");
    site.build()
        .fails()
        .says("tags/aws.html")
        .says("10-zebra.md");
}

#[test]
fn tags_follow_edits_in_serve_as_a_clean_build_writes_them() {
    use crate::common::serve::Server;
    let site = tagged_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    site.write(
        "content/pages/01-guide/30-plain.md",
        "title: Plain\ntags: python, new-tag\n\nNow tagged.\n",
    );
    events.next_build();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !site.output().join("tags/new-tag.html").exists() {
        assert!(std::time::Instant::now() < deadline, "no new tag page");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // A title edit of a tagged page reaches its tag pages.
    site.write(
        "content/pages/01-guide/10-zebra.md",
        "---\ntitle: Zebra crossing\ntags: [AWS]\n---\n\nStripes.\n",
    );
    events.next_build();
    // Zebra left python: its page is now Plain's alone.
    let wait_for = |path: &str, text: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let now = fs::read_to_string(site.output().join(path)).unwrap_or_default();
            if now.contains(text) {
                return now;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path}: no {text:?}:\n{now}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for("tags/aws.html", "Zebra crossing");
    let python = wait_for("tags/python.html", "Plain");
    assert!(!python.contains("Zebra"), "{python}");
    // The tag no page carries any more goes.
    site.write(
        "content/pages/01-guide/30-plain.md",
        "title: Plain\n\nUntagged.\n",
    );
    events.next_build();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while site.output().join("tags/new-tag.html").exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the old tag page stays"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(server);
    assert_served_as_built(&site);
}

/// The output `quire serve` left is what a clean build of the same sources writes.
fn assert_served_as_built(site: &Site) {
    let served = site.snapshot();
    let clean = Site::new();
    crate::common::copy_tree(site.path(), clean.path());
    fs::remove_dir_all(clean.output()).unwrap();
    clean.quire(&["build", "--no-cache"]).succeeds();
    let strip = |m: std::collections::BTreeMap<String, Vec<u8>>| {
        m.into_iter()
            .filter(|(p, _)| !p.starts_with(".quire"))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (served, clean) = (strip(served), strip(clean.snapshot()));
    let differ: Vec<&String> = (served.keys().chain(clean.keys()))
        .filter(|k| served.get(*k) != clean.get(*k))
        .collect();
    assert!(differ.is_empty(), "serve and build differ in {differ:?}");
}

// ---------------------------------------------------------------------------------------------
// Last updated, from git

/// A site in a git repository (under docs/) whose history has fixed dates and a rename.
fn site_in_git() -> (tempfile::TempDir, std::path::PathBuf) {
    let repo = tempfile::tempdir().unwrap();
    let site = repo.path().join("docs");
    let write = |rel: &str, text: &str| {
        let p = site.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    write(
        "site.yaml",
        "title: Dated\nbase_url: https://example.org/\nchecks: {missing-meta: off}\n",
    );
    write(".gitignore", "/output/\n");
    write(
        "content/pages/01-a/10-edited.md",
        "title: Edited\n\nFirst.\n",
    );
    write(
        "content/pages/01-a/20-old name.md",
        "title: Moved\nslug: moved\n\nMoved as it is.\n",
    );
    write(
        "content/pages/01-a/30-own.md",
        "title: Own date\nmodified: 2025-05-05\n\nMine.\n",
    );
    write(
        "content/posts/post.md",
        "title: Post\ndate: 2026-01-01\n\nA post.\n",
    );
    let r = repo.path();
    git(r, &["init", "-q", "-b", "main"], "2026-01-10T09:00:00");
    git(r, &["add", "."], "2026-01-10T09:00:00");
    git(r, &["commit", "-qm", "first"], "2026-01-10T09:00:00");
    write(
        "content/pages/01-a/10-edited.md",
        "title: Edited\n\nSecond.\n",
    );
    write(
        "content/posts/post.md",
        "title: Post\ndate: 2026-01-01\n\nA post, fixed.\n",
    );
    git(r, &["commit", "-qam", "edit"], "2026-02-20T14:30:00");
    git(
        r,
        &[
            "mv",
            "docs/content/pages/01-a/20-old name.md",
            "docs/content/pages/01-a/25-moved.md",
        ],
        "2026-03-05T08:00:00",
    );
    git(r, &["commit", "-qm", "move"], "2026-03-05T08:00:00");
    (repo, site)
}

fn last_updated(html: &str) -> Option<&str> {
    html.find("Last updated <time datetime=\"")
        .map(|i| crate::common::between(&html[i..], "datetime=\"", "\""))
}

#[test]
fn a_commit_that_changes_no_file_still_brings_new_dates() {
    // A build with nothing changed is skipped by its inputs' fingerprint; the commit checked
    // out is one of them: committing a page as it is changes no file, but its date.
    let (repo, site) = site_in_git();
    let page = site.join("content/pages/01-a/40-new.md");
    fs::write(&page, "title: New\n\nNew.\n").unwrap();
    let written = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_780_000_000);
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(written)
        .unwrap();
    let build = || {
        let out = Command::new(crate::common::QUIRE)
            .args(["build", "-q"])
            .arg(&site)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        fs::read_to_string(site.join("output/a/new.html")).unwrap()
    };
    assert_eq!(
        last_updated(&build()),
        Some("2026-05-28T20:26:40Z"),
        "its file's time"
    );
    build();
    git(repo.path(), &["add", "."], "2026-06-01T10:00:00");
    git(
        repo.path(),
        &["commit", "-qm", "add"],
        "2026-06-01T10:00:00",
    );
    assert_eq!(
        last_updated(&build()),
        Some("2026-06-01T10:00:00Z"),
        "the commit's date"
    );
}

#[test]
fn pages_show_when_git_last_changed_them_and_modified_wins() {
    let (_repo, site) = site_in_git();
    // Not committed: a new page, and an edit of a committed one. Their files' times count.
    fs::write(
        site.join("content/pages/01-a/40-new.md"),
        "title: New\n\nNew.\n",
    )
    .unwrap();
    let new_time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_780_000_000);
    fs::File::options()
        .write(true)
        .open(site.join("content/pages/01-a/40-new.md"))
        .unwrap()
        .set_modified(new_time)
        .unwrap();

    let run = quire_in(&site, &["build"]).succeeds();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let read = |p: &str| fs::read_to_string(site.join("output").join(p)).unwrap();
    assert_eq!(
        last_updated(&read("a/edited.html")),
        Some("2026-02-20T14:30:00Z")
    );
    assert!(read("a/edited.html").contains(">2026-02-20</time>"));
    // Moved without a change: the date of its text, not of the move.
    assert_eq!(
        last_updated(&read("moved.html")),
        Some("2026-01-10T09:00:00Z")
    );
    assert_eq!(
        last_updated(&read("a/own.html")),
        Some("2025-05-05T00:00:00Z")
    );
    assert_eq!(
        last_updated(&read("a/new.html")),
        Some("2026-05-28T20:26:40Z")
    );

    let sitemap = read("sitemap.xml");
    assert!(sitemap
        .contains("<loc>https://example.org/a/edited.html</loc><lastmod>2026-02-20</lastmod>"));
    assert!(
        sitemap.contains("<loc>https://example.org/moved.html</loc><lastmod>2026-01-10</lastmod>")
    );
    let feed = read("feed.xml");
    assert!(
        feed.contains("<updated>2026-02-20T14:30:00Z</updated>"),
        "{feed}"
    );
    assert!(
        read("blog/post.html").contains("article:modified_time\" content=\"2026-02-20T14:30:00Z\"")
    );

    // The same commit builds the same bytes again (the dates now from the cache).
    let before = snapshot(&site.join("output"));
    fs::remove_dir_all(site.join("output")).unwrap();
    quire_in(&site, &["build"]).succeeds();
    assert!(site.join(".quire-cache/git-dates").is_file());
    assert!(
        snapshot(&site.join("output")) == before,
        "a second build differs"
    );

    // An edit not yet committed: the file's time.
    fs::write(
        site.join("content/pages/01-a/10-edited.md"),
        "title: Edited\n\nThird.\n",
    )
    .unwrap();
    fs::File::options()
        .write(true)
        .open(site.join("content/pages/01-a/10-edited.md"))
        .unwrap()
        .set_modified(new_time)
        .unwrap();
    quire_in(&site, &["build"]).succeeds();
    assert_eq!(
        last_updated(&read("a/edited.html")),
        Some("2026-05-28T20:26:40Z")
    );
}

#[test]
fn a_shallow_clone_warns_once_and_shows_no_wrong_dates() {
    let (repo, _site) = site_in_git();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "c"],
        "2026-03-06T00:00:00",
    );
    let site = clone.path().join("c/docs");
    let run = quire_in(&site, &["build"]).succeeds();
    assert_eq!(
        run.stderr.matches("shallow clone").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("1 warning (1 git-dates)"),
        "{}",
        run.stdout
    );
    let read = |p: &str| fs::read_to_string(site.join("output").join(p)).unwrap();
    for page in ["a/edited.html", "moved.html", "blog/post.html"] {
        assert_eq!(last_updated(&read(page)), None, "{page}");
    }
    assert_eq!(
        last_updated(&read("a/own.html")),
        Some("2025-05-05T00:00:00Z")
    );
}

#[test]
fn outside_git_there_are_no_dates_but_modified() {
    let site = Site::new().with("content/a.md", "title: A\n\nA.\n").with(
        "content/b.md",
        "title: B\nmodified: 2024-02-29 10:00\n\nB.\n",
    );
    site.build().succeeds();
    assert_eq!(last_updated(&site.read("a.html")), None);
    assert_eq!(
        last_updated(&site.read("b.html")),
        Some("2024-02-29T10:00:00Z")
    );
}

#[test]
fn a_site_outside_any_repository_never_starts_git() {
    use std::os::unix::fs::PermissionsExt;
    // A `git` first on PATH that leaves a mark when started.
    let bin = tempfile::tempdir().unwrap();
    let mark = bin.path().join("started");
    let fake = bin.path().join("git");
    fs::write(
        &fake,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", mark.display()),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let site = Site::new().with("content/a.md", "title: A\n\nA.\n");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap()
    );
    let build = || {
        let run = Command::new(QUIRE)
            .args(["build", "-q"])
            .arg(site.path())
            .env("PATH", &path)
            .env_remove("GIT_DIR")
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    build();
    assert!(
        !mark.exists(),
        "git was started for a site in no repository"
    );
    // In a repository it is asked (and fails here: the build goes on without dates).
    fs::create_dir(site.path().join(".git")).unwrap();
    build();
    assert!(mark.exists(), "git is asked inside a repository");
}

// ---------------------------------------------------------------------------------------------
// llms.txt

fn llms_site() -> Site {
    Site::new()
        .with(
            "site.yaml",
            "title: Deploy Docs\ndescription: How to ship\n  Python apps.\nbase_url: https://example.org/docs/\nllms_txt: true\n",
        )
        .with(
            "content/pages/01-start/00-start.md",
            "---\ntitle: Start\nmeta: Where to begin.\n---\n\n# Start here\n\nWelcome.\n",
        )
        .with(
            "content/pages/01-start/10-install.md",
            "title: Install\n\nRun this first:\n\n```sh\npip install x\n```\n\n--8<-- \"snippets/note.md\"\n",
        )
        .with("snippets/note.md", "An included note.\n")
        .with(
            "content/pages/01-start/05-sub/10-deep.md",
            "title: Deep\nmeta: A sub-chapter page.\n\nDeep text.\n",
        )
        .with(
            "content/pages/02-ops/10-monitor.md",
            "title: Monitor\nmeta: Watch it run.\n\nGraphs.\n",
        )
        .with("content/about.md", "title: About\nmeta: Who we are.\n\nUs.\n")
        .with(
            "content/posts/launch.md",
            "title: Launch\ndate: 2026-02-02\nmeta: We launched.\n\nHooray.\n",
        )
}

#[test]
fn llms_txt_lists_the_chapters_and_every_page_has_its_markdown() {
    let site = llms_site();
    site.build().succeeds();
    assert_eq!(
        site.read("llms.txt"),
        "# Deploy Docs\n\n> How to ship Python apps.\n\n\
## Start\n\n\
- [Start](https://example.org/docs/start/start.md): Where to begin.\n\
- [Install](https://example.org/docs/start/install.md): Run this first:\n\n\
## Start / Sub\n\n\
- [Deep](https://example.org/docs/start/sub/deep.md): A sub-chapter page.\n\n\
## Ops\n\n\
- [Monitor](https://example.org/docs/ops/monitor.md): Watch it run.\n\n\
## Pages\n\n\
- [About](https://example.org/docs/about.md): Who we are.\n\n\
## Blog\n\n\
- [Launch](https://example.org/docs/blog/launch.md): We launched.\n"
    );
    // Front matter gone, includes in place, a title where the text has none.
    assert_eq!(site.read("start/start.md"), "# Start here\n\nWelcome.\n");
    assert_eq!(
        site.read("start/install.md"),
        "# Install\n\nRun this first:\n\n```sh\npip install x\n```\n\nAn included note.\n"
    );
    assert_eq!(site.read("blog/launch.md"), "# Launch\n\nHooray.\n");

    let full = site.read("llms-full.txt");
    assert!(full.starts_with("# Deploy Docs\n\n> How to ship Python apps.\n"));
    let order: Vec<usize> = [
        "# Start here",
        "# Install",
        "# Deep",
        "# Monitor",
        "# About",
        "# Launch",
    ]
    .iter()
    .map(|h| {
        full.find(&format!("\n{h}\n"))
            .unwrap_or_else(|| panic!("{h}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "sidebar order: {order:?}"
    );
    assert!(full.contains("Source: https://example.org/docs/start/install.md\n\n# Install"));
    assert!(!full.contains("meta:"));

    let manifest = fs::read_to_string(site.output().join(".quire-manifest")).unwrap();
    for f in [
        "llms.txt",
        "llms-full.txt",
        "start/start.md",
        "blog/launch.md",
    ] {
        assert!(
            manifest.lines().any(|l| l.contains(f)),
            "{f} not in the manifest"
        );
    }

    // Byte-identical from build to build.
    let first = site.snapshot();
    fs::remove_dir_all(site.output()).unwrap();
    site.quire(&["build", "--no-cache"]).succeeds();
    assert!(site.snapshot() == first, "a second build differs");

    // Off: none of it, and the files are removed.
    site.write(
        "site.yaml",
        "title: Deploy Docs\nbase_url: https://example.org/docs/\n",
    );
    site.build().succeeds();
    for f in [
        "llms.txt",
        "llms-full.txt",
        "start/start.md",
        "blog/launch.md",
    ] {
        assert!(!site.output().join(f).exists(), "{f} stays");
    }
}

#[test]
fn without_a_host_llms_txt_links_from_the_root_and_a_static_md_in_the_way_is_an_error() {
    let site = llms_site().with("site.yaml", "title: Deploy Docs\nllms_txt: true\n");
    site.build().succeeds();
    let index = site.read("llms.txt");
    assert!(index.starts_with("# Deploy Docs\n\n## Start\n"), "{index}");
    assert!(
        index.contains("- [Launch](blog/launch.md): We launched.\n"),
        "{index}"
    );

    let site = site.with("static/ops/monitor.md", "mine");
    site.build().fails().says("ops/monitor.md");
}

#[test]
fn llms_files_follow_edits_in_serve() {
    use crate::common::serve::Server;
    // Served at the root (the test's helper reads the port off the address).
    let site = llms_site().with("site.yaml", "title: Deploy Docs\nllms_txt: true\n");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    // A text edit (the site-wide files follow the page), then a new page.
    site.write(
        "content/pages/02-ops/10-monitor.md",
        "title: Monitor\nmeta: Watch it run.\n\nGraphs and alerts.\n",
    );
    events.next_build();
    site.write(
        "content/pages/02-ops/20-scale.md",
        "title: Scale\nmeta: Grow.\n\nMore machines.\n",
    );
    events.next_build();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !fs::read_to_string(site.output().join("llms.txt"))
        .unwrap_or_default()
        .contains("[Scale]")
        || !fs::read_to_string(site.output().join("ops/monitor.md"))
            .unwrap_or_default()
            .contains("alerts")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "llms files not updated"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(server);
    assert_served_as_built(&site);
}

// ---------------------------------------------------------------------------------------------
// What a reader sees of it, in a real browser

#[test]
fn tags_dates_and_edit_links_are_accessible_and_fit_a_phone() {
    use crate::common::browser::Browser;
    use crate::common::StaticServer;
    let site = tagged_site()
        .with(
            "site.yaml",
            "title: Docs\nbase_url: https://example.org/\nrelative_urls: true\n\
edit_url: https://github.com/org/repository-with-a-long-name/edit/main/documentation/\n",
        )
        .with(
            "content/pages/01-guide/10-zebra.md",
            "---\ntitle: Zebra setup\nmodified: 2026-02-03\nmeta: Stripes.\n\
tags: [AWS, Python, a-rather-long-tag-name-for-a-phone, deploy, more, tags]\n---\n\nStripes.\n",
        );
    site.build().succeeds();
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let axe = crate::reader_browser::axe_source();
    let server = StaticServer::start(&site.output());
    let mut failures = Vec::new();
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.set_window_size(width, height);
        for theme in ["light", "dark"] {
            for page in [
                "guide/zebra.html",
                "blog/old.html",
                "tags/index.html",
                "tags/aws.html",
                "category/release-notes.html",
            ] {
                browser.goto(&format!("{}/{page}", server.url));
                browser.eval(&format!(
                    "document.documentElement.setAttribute('data-theme', '{theme}');"
                ));
                browser.wait_for(
                    "return document.readyState === 'complete'",
                    std::time::Duration::from_secs(15),
                );
                let wide = browser.eval(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
                );
                if wide == serde_json::Value::Bool(true) {
                    failures.push(format!("{page} at {width}px scrolls sideways"));
                }
                if let Some(axe) = &axe {
                    browser.eval(axe);
                    for item in crate::reader_browser::axe_violations(&browser) {
                        failures.push(format!("{page} at {width}px, {theme}: {item}"));
                    }
                }
            }
        }
    }
    browser.set_window_size(390, 844);
    browser.goto(&format!("{}/guide/zebra.html", server.url));
    let foot = browser.eval(
        "const f = document.querySelector('.page-foot'); return [f.innerText, \
         f.getBoundingClientRect().right <= window.innerWidth];",
    );
    assert!(
        foot[0]
            .as_str()
            .unwrap()
            .contains("Last updated 2026-02-03 · Edit this page"),
        "{foot}"
    );
    assert_eq!(foot[1], serde_json::Value::Bool(true), "the foot fits");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_edit_in_serve_dates_the_page_by_its_file_as_a_clean_build_does() {
    use crate::common::serve::Server;
    let (_repo, site_dir) = site_in_git();
    // Served at the root (the test's helper reads the port off the address).
    fs::write(
        site_dir.join("site.yaml"),
        "title: Dated\nchecks: {missing-meta: off}\n",
    )
    .unwrap();
    let server = Server::start(&site_dir, &[]);
    let events = server.events();
    let page = site_dir.join("content/pages/01-a/10-edited.md");
    fs::write(&page, "title: Edited\n\nEdited in serve.\n").unwrap();
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_790_000_000);
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(time)
        .unwrap();
    // The write and the time may be two events; wait for the page to say so.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let html = fs::read_to_string(site_dir.join("output/a/edited.html")).unwrap_or_default();
        if last_updated(&html) == Some("2026-09-21T14:13:20Z") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{html}");
        let _ = events.next(std::time::Duration::from_millis(200));
    }
    events.builds_within(std::time::Duration::from_millis(800));
    drop(server);
    let served = snapshot(&site_dir.join("output"));
    fs::remove_dir_all(site_dir.join("output")).unwrap();
    quire_in(&site_dir, &["build", "--no-cache"]).succeeds();
    let built = snapshot(&site_dir.join("output"));
    let differ: Vec<&String> = (served.keys().chain(built.keys()))
        .filter(|k| !k.starts_with(".quire") && served.get(*k) != built.get(*k))
        .collect();
    assert!(differ.is_empty(), "serve and build differ in {differ:?}");
}
