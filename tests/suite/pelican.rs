//! A site written for Pelican builds unchanged: its intrasite links (`{filename}`, `{static}`,
//! `|filename|`…) lead where Pelican's would, an unknown one is named with its line, and
//! `quire check` follows them to their pages and anchors.

use crate::common;

use common::serve::Server;
use common::{between, Site};

/// The page's content, without the theme around it.
fn article(site: &Site, output: &str) -> String {
    let html = site.read(output);
    between(&html, "<article", "</article>").to_string()
}

/// `quire import pelican FILE`, FILE in the site folder.
fn import_file(site: &Site, file: &str) -> common::Run {
    let out = std::process::Command::new(common::QUIRE)
        .args(["import", "pelican"])
        .arg(site.path().join(file))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    common::Run::from(out)
}

/// A Pelican site of these settings (after `SITENAME = 'Notes'`) and files, imported as
/// `quire import pelican` imports it: the site, and the site.yaml the import wrote.
pub(crate) fn imported(settings: &str, files: &[(&str, &str)]) -> (Site, String) {
    let conf = format!("SITENAME = 'Notes'\n{settings}");
    let site = (files.iter()).fold(
        Site::new().with("pelicanconf.py", &conf),
        |site, (rel, text)| site.with(rel, text),
    );
    site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    (site, yaml)
}

/// A listing's main column.
fn article_or_main(site: &Site, output: &str) -> String {
    let html = site.read(output);
    between(&html, "<main", "</main>").to_string()
}

#[test]
fn every_intrasite_link_form_leads_to_the_targets_output() {
    let site = Site::fixture("pelican");
    site.build().succeeds();
    let post = article(&site, "blog/first-post.html");
    for expected in [
        // `{filename}` from the content folder, fragment kept; the old `|filename|` form.
        "<a href=\"../about.html#the-team\">about us</a>",
        "<a href=\"../about.html\">old way</a>",
        // A reference definition.
        "<a href=\"../about.html\">reference</a>",
        // `{static}` and `{attach}` (relative to the post's folder) name the copied file.
        "<img src=\"../images/logo.png\" alt=\"The logo\" title=\"Logo\" />",
        "<img src=\"../images/logo.png\" alt=\"Attached\" />",
        // Raw HTML, either quote, query kept.
        "<a href=\"../about.html?from=post\">About</a> <img src='../images/logo.png'>",
        // Code keeps what it shows.
        "<code>[x]({filename}/nowhere.md)</code>",
        "<code data-lang=\"markdown\">[x]({filename}/nowhere.md)\n",
    ] {
        assert!(post.contains(expected), "{expected}\nnot in\n{post}");
    }
    // Relative to the page's own folder, and `{index}`.
    let about = article(&site, "about.html");
    assert!(
        about.contains("<a href=\"blog/first-post.html\">the first post</a> or <a href=\"index.html\">home</a>"),
        "{about}"
    );
    assert!(site.output().join("images/logo.png").is_file());
}

#[test]
fn intrasite_links_are_site_links_under_a_base_path() {
    let site = Site::fixture("pelican").with(
        "site.yaml",
        "title: Engines\nbase_url: https://example.org/docs/\n",
    );
    site.build().succeeds();
    let post = article(&site, "blog/first-post.html");
    assert!(
        post.contains("<a href=\"/docs/about.html#the-team\">about us</a>"),
        "{post}"
    );
    assert!(post.contains("<img src='/docs/images/logo.png'>"), "{post}");
}

/// A file may be named with what a URL may not hold as it is: its link is percent-encoded like
/// every URL quire writes, raw HTML's too (`[`, `]`, `^` and `|` were once written as they are).
#[test]
fn intrasite_links_to_oddly_named_files_are_valid_urls() {
    let site = Site::new()
        .with("content/images/a[1]^|b.png", "png")
        .with(
            "content/home.md",
            "Title: Home\n\n![x]({static}/images/a[1]^|b.png)\n\n<img src=\"{static}/images/a[1]^|b.png\">\n",
        );
    site.build().succeeds();
    let home = article(&site, "home.html");
    let encoded = "images/a%5B1%5D%5E%7Cb.png";
    assert!(
        home.contains(&format!("<img src=\"{encoded}\" alt=\"x\" />")),
        "{home}"
    );
    assert!(home.contains(&format!("<img src=\"{encoded}\">")), "{home}");
    assert!(site.output().join("images/a[1]^|b.png").is_file());
}

#[test]
fn an_unknown_target_is_an_error_with_its_line_and_a_suggestion() {
    let site = Site::new()
        .with("content/pages/guide.md", "Title: Guide\n\n## Start\n")
        .with(
            "content/home.md",
            "Title: Home\n\nSee [the guide]({filename}/pages/guid.md#start),\n\
             and <img src=\"{static}/images/logo.png\">.\n",
        );
    let run = site.build().fails();
    let said = run.stderr;
    assert!(
        said.contains("error: content/home.md:3:17: unknown intrasite link {filename}/pages/guid.md#start: there is no page or file content/pages/guid.md"),
        "{said}"
    );
    assert!(
        said.contains("help: did you mean {filename}/pages/guide.md#start?"),
        "{said}"
    );
    assert!(
        said.contains("also at 4:15: unknown intrasite link {static}/images/logo.png"),
        "{said}"
    );
    assert!(!site.output().exists());
}

#[test]
fn tag_category_and_author_links_say_why_they_cannot_resolve() {
    let site = Site::new().with(
        "content/home.md",
        "Title: Home\n\nSee [python]({tag}python).\n",
    );
    site.build()
        .fails()
        .says("content/home.md:3:14: the intrasite link {tag}python needs the tag page /tags/python.html, which this site does not have: no page has this tag");
    let site = Site::new().with(
        "content/home.md",
        "Title: Home\n\nBy [Ada]({author}Ada Lovelace) in [notes]({category}notes).\n",
    );
    // `{author}Ada Lovelace` is no link in CommonMark (a space); `{category}` is.
    site.build()
        .fails()
        .says("{category}notes needs the category page /category/notes.html");
    // An author of pages only, or a misspelt one, has no page; the nearest is suggested.
    let site = Site::fixture("pelican").with(
        "content/pages/credits.md",
        "Title: Credits\nAuthor: Grace Hopper\n\nBy [Grace]({author}grace-hopper), [Ada]({author}ada-lovelase).\n",
    );
    site.build()
        .fails()
        .says("content/pages/credits.md:4:12: the intrasite link {author}grace-hopper needs the author page /author/grace-hopper.html, which this site does not have: no listed post names this author")
        .says("also at 4:41: the intrasite link {author}ada-lovelase needs the author page /author/ada-lovelase.html, which this site does not have: no listed post names this author (did you mean {author}ada-lovelace?)");
}

#[test]
fn authors_of_posts_get_pages_that_author_links_lead_to() {
    let site = Site::fixture("pelican").with(
        "site.yaml",
        "title: Engines\nbase_url: https://example.org/\n",
    );
    site.build().succeeds();
    // Each author's posts, newest first; the authors page with counts.
    let ada = article_or_main(&site, "author/ada-lovelace.html");
    assert!(ada.contains("<h1>Posts by Ada Lovelace</h1>"), "{ada}");
    let habits = ada.find("Python-Markdown habits").unwrap();
    let first = ada.find("First post: on engines").unwrap();
    assert!(habits < first, "{ada}");
    assert!(
        !ada.contains("Premier"),
        "a translation is listed nowhere: {ada}"
    );
    let charles = site.read("author/charles-babbage.html");
    assert!(charles.contains("First post: on engines") && !charles.contains("habits"));
    let authors = site.read("authors.html");
    assert!(
        authors.contains("<a href=\"/author/ada-lovelace.html\" rel=\"author\">Ada Lovelace</a> <span class=\"count\">2 posts</span>"),
        "{authors}"
    );
    // The post links its authors; `{author}` links resolve to their pages.
    let post = site.read("blog/first-post.html");
    assert!(
        post.contains(" · By <a href=\"/author/ada-lovelace.html\" rel=\"author\">Ada Lovelace</a>, <a href=\"/author/charles-babbage.html\" rel=\"author\">Charles Babbage</a></p>"),
        "{post}"
    );
    let about = article(&site, "about.html");
    assert!(
        about.contains("Ada's <a href=\"/author/ada-lovelace.html\">posts</a>"),
        "{about}"
    );
    // In the sitemap; and a page's author has no page.
    let sitemap = site.read("sitemap.xml");
    for url in [
        "authors.html",
        "author/ada-lovelace.html",
        "author/charles-babbage.html",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{url}</loc>")),
            "{url}"
        );
    }
    // A site whose posts name no author has no author pages at all.
    let plain = Site::new()
        .with("content/a.md", "Title: A\nAuthor: Ada\n\nA page.\n")
        .with(
            "content/posts/p.md",
            "Title: P\nDate: 2024-01-01\n\nA post.\n",
        );
    plain.build().succeeds();
    assert!(!plain.output().join("authors.html").exists());
    assert!(!plain.output().join("author").exists());
    // A content page written where the authors page goes takes its place.
    let own =
        Site::fixture("pelican").with("content/pages/authors.md", "Title: Our authors\n\nText.\n");
    own.build()
        .succeeds()
        .says("content/pages/authors.md replaces the built-in authors.html");
    assert!(own.read("authors.html").contains("Our authors"));
}

#[test]
fn pages_with_one_slug_in_other_languages_are_translations() {
    let site = Site::fixture("pelican");
    site.build().succeeds();
    // `Lang: fr` on a page whose slug another page (in the site's language, `en`) has:
    // written to `{slug}-{lang}.html`, listed nowhere, and each links the other.
    let about = article(&site, "about.html");
    assert!(
        about.contains("<p class=\"translations\">Translations: <a href=\"about-fr.html\" hreflang=\"fr\" lang=\"fr\">fr</a></p>"),
        "{about}"
    );
    let fr = site.read("about-fr.html");
    assert!(
        fr.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "{fr}"
    );
    assert!(
        fr.contains("Translations: <a href=\"about.html\" hreflang=\"en\" lang=\"en\">en</a>"),
        "{fr}"
    );
    let index = site.read("index.html");
    assert!(!index.contains("about-fr"), "{index}");
    // `Translation: true` still makes one, and the original links it.
    let post = article(&site, "blog/first-post.html");
    assert!(
        post.contains("href=\"../blog/first-post-fr.html\" hreflang=\"fr\""),
        "{post}"
    );

    // With no page in the site's language, the pages not marked as translations are the
    // originals (Pelican's rule): both listed, each still at `{slug}-{lang}.html`.
    let site = Site::new()
        .with("site.yaml", "title: T\nlang: de\n")
        .with("content/a.md", "Title: A\nSlug: a\nLang: fr\n\nFr.\n")
        .with("content/b.md", "Title: B\nSlug: a\nLang: it\n\nIt.\n");
    site.build().succeeds();
    let index = site.read("index.html");
    assert!(
        index.contains("a-fr.html") && index.contains("a-it.html"),
        "{index}"
    );
    assert!(site.read("a-fr.html").contains("<html lang=\"fr\">"));

    // One slug, one language: the same collision as ever.
    let site = Site::fixture("pelican").with(
        "content/pages/about-fr2.md",
        "Title: Encore\nSlug: about\nLang: fr\n\nTexte.\n",
    );
    site.build().fails().says(
        "content/pages/about-fr.md and content/pages/about-fr2.md all write output/about-fr.html",
    );
    // A language is a tag, checked with its line.
    let site = Site::new().with("content/a.md", "Title: A\nLang: ../x\n\nA.\n");
    site.build()
        .fails()
        .says("content/a.md:2: lang \"../x\" is not a language tag");
    let site = Site::new().with("site.yaml", "title: T\nlang: 'e n'\n");
    site.build()
        .fails()
        .says("site.yaml:2: `lang:` \"e n\" is not a language tag");
}

#[test]
fn an_attached_file_is_written_beside_the_post_that_attaches_it() {
    let site = Site::fixture("pelican");
    site.build().succeeds();
    // `{attach}figures/mill.svg` in posts/first-post.md: beside blog/first-post.html, the
    // folders between the post's source and the file kept; not where it is in content/.
    assert!(site.output().join("blog/figures/mill.svg").is_file());
    assert!(!site.output().join("posts").exists());
    let post = article(&site, "blog/first-post.html");
    assert!(
        post.contains("<img src=\"../blog/figures/mill.svg\" alt=\"The mill\" />"),
        "{post}"
    );
    // logo.png was linked by `{static}` before it was attached: it stays (Pelican's rule).
    assert!(post.contains("<img src=\"../images/logo.png\" alt=\"Attached\" />"));
    // With Pelican's URL settings, beside the post's own folder.
    site.quire(&["import", "pelican"]).succeeds();
    site.build().succeeds();
    assert!(site
        .output()
        .join("2024/03/first-post/figures/mill.svg")
        .is_file());
    assert!(!site.output().join("blog/figures/mill.svg").exists());

    // The first post to attach a file, newest first, takes it; the others link there.
    let site = Site::new()
        .with("content/images/chart.png", "png")
        .with(
            "content/posts/old.md",
            "Title: Old\nDate: 2020-01-01\nSave_as: 2020/old.html\n\n![c]({attach}../images/chart.png)\n",
        )
        .with(
            "content/posts/new.md",
            "Title: New\nDate: 2021-01-01\nSave_as: 2021/new.html\n\n![c]({attach}/images/chart.png)\n",
        )
        .with("content/about.md", "Title: About\n\n![c]({static}/images/chart.png)\n");
    site.build().succeeds();
    assert!(site.output().join("2021/chart.png").is_file());
    assert!(!site.output().join("images/chart.png").exists());
    assert!(!site.output().join("2020/chart.png").exists());
    assert!(article(&site, "2020/old.html").contains("src=\"../2021/chart.png\""));
    assert!(article(&site, "about.html").contains("src=\"2021/chart.png\""));

    // Where it would go is claimed: a page there collides.
    let site = Site::new()
        .with("content/posts/figure.png", "png")
        .with(
            "content/posts/p.md",
            "Title: P\nDate: 2021-01-01\n\n![f]({attach}figure.png)\n",
        )
        .with("content/f.md", "Title: F\nSave_as: blog/figure.png\n\nF.\n");
    site.build()
        .fails()
        .says("all write output/blog/figure.png");
}

#[test]
fn serve_moves_a_file_when_a_post_attaches_it() {
    let site = Site::fixture("pelican");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    server.body("/images/logo.png");
    // habits.md, the newest post, attaches the logo before anything else names it.
    let habits = site.path().join("content/posts/habits.md");
    let text = std::fs::read_to_string(&habits).unwrap();
    site.write(
        "content/posts/habits.md",
        text.replace("[TOC]\n", "[TOC]\n\n![Logo]({attach}../images/logo.png)\n"),
    );
    events.next_build();
    assert!(site.output().join("blog/logo.png").is_file());
    assert!(!site.output().join("images/logo.png").exists());
    let post = server.body("/blog/first-post.html");
    assert!(
        post.contains("<img src=\"../blog/logo.png\" alt=\"The logo\""),
        "{post}"
    );
    // And back, when the link goes.
    site.write("content/posts/habits.md", text);
    events.next_build();
    assert!(site.output().join("images/logo.png").is_file());
    assert!(!site.output().join("blog/logo.png").exists());
}

#[test]
fn check_follows_intrasite_links_to_their_anchors() {
    let site = Site::fixture("pelican");
    site.quire(&["check"]).succeeds().says("No errors");
    site.write(
        "content/pages/about.md",
        "Title: About the engine\nSlug: about\n\nSee [the team]({filename}about.md#teem).\n\n## The team\n",
    );
    site.quire(&["check"])
        .fails()
        .says("content/pages/about.md:4:")
        .says("missing anchor: this page has no heading or id \"teem\"");
}

#[test]
fn serve_follows_a_target_that_moves() {
    let site = Site::fixture("pelican");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    assert!(server
        .body("/blog/first-post.html")
        .contains("about.html#the-team\""));
    // The target's slug changes: the page linking to it is rendered again.
    let about = site.path().join("content/pages/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    site.write(
        "content/pages/about.md",
        text.replace("Slug: about", "Slug: about-us"),
    );
    events.next_build();
    let post = server.body("/blog/first-post.html");
    assert!(
        post.contains("href=\"../about-us.html#the-team\""),
        "{post}"
    );
}

#[test]
fn pelican_metadata_summary_authors_hidden_save_as_and_translations() {
    let site = Site::fixture("pelican").with(
        "site.yaml",
        "title: Engines\nbase_url: https://example.org/\n",
    );
    site.build()
        .succeeds()
        .says("Built 4 pages, 3 posts and 2 static files");
    // `Summary:` is the listing's and the feed's text; `Authors:` the feed entry's authors.
    let blog = site.read("blog.html");
    assert!(blog.contains("<p>What the engine is for.</p>"), "{blog}");
    let feed = site.read("feed.xml");
    assert!(
        feed.contains("<summary type=\"text\">What the engine is for.</summary>"),
        "{feed}"
    );
    assert!(
        feed.contains("<author><name>Ada Lovelace</name></author>\n<author><name>Charles Babbage</name></author>"),
        "{feed}"
    );
    // `Status: hidden` is built and listed nowhere; `Status: draft` is not built.
    assert!(site.read("colophon.html").contains("Set in type."));
    let index = site.read("index.html");
    assert!(!index.contains("colophon"), "{index}");
    assert!(!site.output().join("notes-draft.html").exists());
    // `Save_as:` names the file.
    assert!(site
        .read("engine/index.html")
        .contains("The mill and the store."));
    assert!(index.contains("href=\"/engine/index.html\""), "{index}");
    // `Translation: true` with `Lang:` is `{slug}-{lang}.html`, listed nowhere, in no feed.
    let fr = site.read("blog/first-post-fr.html");
    assert!(
        fr.contains("<a href=\"/blog/first-post.html\">l'original</a>"),
        "{fr}"
    );
    assert!(!blog.contains("Premier") && !feed.contains("Premier"));
}

#[test]
fn pelican_fields_reach_templates() {
    let site = Site::new()
        .with(
            "templates/tagged.html",
            "{% for t in page.tags %}{{ t.name }}={{ t.url }},{% endfor %}|{{ page.authors | join(sep=',') }}|{{ page.lang }}|{{ page.summary }}",
        )
        .with(
            "content/a.md",
            "Title: A\nTAGS: python, web\nAuthor: Ada\nLang: fr\nSummary: Short.\nTemplate: tagged\n\nBody.\n",
        );
    site.build().succeeds();
    // Tags are links to their pages (issue 15), the names as written.
    // In another language than the site's (`en`), as Pelican writes it: `{slug}-{lang}.html`.
    assert_eq!(
        site.read("a-fr.html"),
        "python=/tags/python.html,web=/tags/web.html,|Ada|fr|Short."
    );
}

#[test]
fn summaries_are_pelicans_first_words_when_site_yaml_says_how_many() {
    let site = Site::new()
        .with(
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nsummary_words: 5\n",
        )
        .with(
            "content/posts/p.md",
            "Title: P\nDate: 2024-01-01\n\nOne *two*, three.\n\nFour five six.\n",
        )
        .with(
            "content/posts/q.md",
            "Title: Q\nDate: 2024-01-02\nSummary: Said.\n\nOne two three four five six.\n",
        );
    site.build().succeeds();
    let feed = site.read("feed.xml");
    // Words across paragraphs, cut after the fifth (its punctuation with the rest); `Summary:` wins.
    assert!(
        feed.contains("<summary type=\"text\">One two, three. Four five …</summary>"),
        "{feed}"
    );
    assert!(
        feed.contains("<summary type=\"text\">Said.</summary>"),
        "{feed}"
    );
    assert!(site
        .read("blog/p.html")
        .contains("<meta property=\"og:description\" content=\"One two, three. Four five …\">"));
    // `quire import pelican` writes Pelican's length (its default, else SUMMARY_MAX_LENGTH).
    let site = Site::fixture("pelican");
    site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        yaml.contains("summary_words: 50  # Pelican's default SUMMARY_MAX_LENGTH\n"),
        "{yaml}"
    );
}

#[test]
fn bad_status_and_save_as_are_named_with_their_line() {
    let site = Site::new().with("content/a.md", "Title: A\nStatus: secret\n\nBody.\n");
    site.build()
        .fails()
        .says("content/a.md:2: status \"secret\" is not draft, hidden or published");
    let site = Site::new().with("content/a.md", "Title: A\nSave_as: ../a.html\n\nBody.\n");
    site.build()
        .fails()
        .says("content/a.md:2: `save_as:` \"../a.html\" has a `..` segment");
}

#[test]
fn python_markdown_habits_render_as_pelican_shows_them() {
    let site = Site::fixture("pelican");
    site.build().succeeds();
    let html = article(&site, "blog/habits.html");
    for expected in [
        // `[TOC]` is where the contents go; `##Setting up` is a heading.
        "<div class=\"toc\">\n<ul>\n<li><a href=\"#setting-up\">Setting up</a>",
        "<h2 id=\"setting-up\">Setting up<a class=\"headerlink\" href=\"#setting-up\"",
        "<h3 id=\"tabs\">Tabs<a class=\"headerlink\"",
        // The line after a lone `<img>` is still Markdown.
        "<p><img src=\"../images/logo.png\" alt=\"logo\"> \nThe logo, then <a href=\"../about.html\">a link</a> and <em>emphasis</em>.</p>",
        // `~~` after indentation marks the line, which keeps its indentation.
        "<span class=\"hll\">        ",
    ] {
        assert!(html.contains(expected), "{expected}\nnot in\n{html}");
    }
    assert!(!html.contains("~~"), "{html}");
    assert!(!html.contains("[TOC]"), "{html}");
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn a_tab_in_code_is_four_columns_wide_as_pygments_draws_it() {
    let site = Site::new().with("content/a.md", "Title: Tabs\n\n```\n\tX\n    Y\n```\n");
    site.build().succeeds();
    let Some(browser) = common::browser::Browser::start_or_skip() else {
        return;
    };
    let server = common::StaticServer::start(&site.output());
    browser.goto(&format!("{}/a.html", server.url));
    // Where X (after a tab) and Y (after four spaces) start on screen.
    let lefts = browser.wait_for(
        "const code = document.querySelector('pre code'); if (!code) return null;
         const at = (ch) => { const w = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
           for (let n = w.nextNode(); n; n = w.nextNode()) { const i = n.data.indexOf(ch);
             if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
               return r.getBoundingClientRect().left; } } return null; };
         return [at('X'), at('Y')];",
        std::time::Duration::from_secs(10),
    );
    let (x, y) = (lefts[0].as_f64().unwrap(), lefts[1].as_f64().unwrap());
    assert!((x - y).abs() < 0.5, "a tab ends at {x}, four spaces at {y}");
}

#[test]
fn import_pelican_writes_a_commented_site_yaml_and_names_what_it_could_not_map() {
    let site = Site::fixture("pelican");
    let run = site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        yaml.starts_with("# site.yaml, made by `quire import pelican` from pelicanconf.py.\n"),
        "{yaml}"
    );
    for line in [
        "title: Engines of Thought  # SITENAME\n",
        "author: Ada Lovelace  # AUTHOR\n",
        "relative_urls: true  # RELATIVE_URLS\n",
        "recent_posts: 10  # DEFAULT_PAGINATION\n",
        "extra:  # for your templates, as site.extra.NAME\n  links:  # LINKS\n    - - Pelican\n      - https://getpelican.com/\n",
        // MARKDOWN replaces Pelican's default (extra and all), as in Pelican.
        "markdown:  # MARKDOWN: markdown.extensions.toc\n  attr_list: false\n",
        "timezone: Europe/London  # TIMEZONE\n",
    ] {
        assert!(yaml.contains(line), "{line}\nnot in\n{yaml}");
    }
    for said in [
        "pelicanconf.py:7: SITEURL is empty",
        "pelicanconf.py:14: FEED_ALL_ATOM is not mapped",
    ] {
        assert!(run.stdout.contains(said), "{said}\nnot in\n{}", run.stdout);
    }
    // The import then the build: the site is titled as Pelican titles it.
    site.build().succeeds();
    assert!(site
        .read("pages/about.html")
        .contains("<title>About the engine · Engines of Thought</title>"));

    // An existing site.yaml is kept unless --force.
    site.write("site.yaml", "title: Mine\n");
    site.quire(&["import", "pelican"])
        .fails()
        .says("site.yaml exists already; run again with --force to replace it");
    assert_eq!(
        std::fs::read_to_string(site.path().join("site.yaml")).unwrap(),
        "title: Mine\n"
    );
    site.quire(&["import", "pelican", "--force"]).succeeds();
    assert!(std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .contains("Engines of Thought"));
}

#[test]
fn import_pelican_reads_a_named_file_and_never_runs_it() {
    let site = Site::new()
        .with("pelicanconf.py", "SITENAME = 'Mine'\n")
        .with(
            "publishconf.py",
            "import os\nimport sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n\n\
         SITEURL = 'https://example.org/blog'\nFEED_MAX_ITEMS = 15\n\
         DELETE_OUTPUT_DIRECTORY = open('/tmp/quire-import-ran', 'w')\n",
        );
    let file = site.path().join("publishconf.py");
    // The helper appends a site folder; the file is the one argument here.
    let out = std::process::Command::new(common::QUIRE)
        .args(["import", "pelican"])
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "publishconf.py:3: `sys.path.append(os.curdir)` is code, not a setting; skipped"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("publishconf.py:8: DELETE_OUTPUT_DIRECTORY is computed"),
        "{stdout}"
    );
    assert!(!std::path::Path::new("/tmp/quire-import-ran").exists());
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        yaml.contains("base_url: https://example.org/blog/  # SITEURL (publishconf.py)\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("recent_posts: 15  # FEED_MAX_ITEMS\n"),
        "{yaml}"
    );

    // A file it imports that is missing, or an import cycle, is named with its line.
    let site = Site::new().with("publishconf.py", "X = 1\nfrom .pelicanconf import *\n");
    import_file(&site, "publishconf.py")
        .fails()
        .says("publishconf.py:2: `from pelicanconf import *` needs ")
        .says("pelicanconf.py, which does not exist");
    let site = Site::new()
        .with("settings.py", "from publishconf import *\n")
        .with(
            "publishconf.py",
            "SITEURL = 'x'\n\nfrom settings import *\n",
        );
    site.quire(&["import", "pelican"])
        .fails()
        .says("publishconf.py:3: `from settings import *` imports ")
        .says("settings.py again, which is already being read (a cycle)");
    assert!(!site.path().join("site.yaml").exists());

    // A folder without settings says what to do.
    Site::new()
        .quire(&["import", "pelican"])
        .fails()
        .says("has no pelicanconf.py or settings.py; name the settings file");
}

#[test]
fn import_pelican_follows_publishconf_into_pelicanconf() {
    let site = Site::fixture("pelican");
    let run = import_file(&site, "publishconf.py").succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    // pelicanconf.py's settings, then publishconf.py's on top of them.
    for line in [
        "from publishconf.py (with pelicanconf.py).\n",
        "title: Engines of Thought  # SITENAME (pelicanconf.py)\n",
        "base_url: https://engines.example.org/  # SITEURL (publishconf.py)\n",
        "lang: en  # DEFAULT_LANG (pelicanconf.py)\n",
        "relative_urls: false  # RELATIVE_URLS (publishconf.py)\n",
        "  posts: '{date:%Y}/{date:%m}/{slug}/index.html'  # ARTICLE_SAVE_AS\n",
    ] {
        assert!(yaml.contains(line), "{line}\nnot in\n{yaml}");
    }
    // What is not mapped, in the order Python reads it; an overridden setting only once.
    let said = &run.stdout;
    let code = said
        .find("publishconf.py:8: `sys.path.append(os.curdir)`")
        .unwrap();
    let metadata = said.find("pelicanconf.py:24: EXTRA_PATH_METADATA").unwrap();
    let feeds = said.find("publishconf.py:15: FEED_ALL_ATOM").unwrap();
    assert!(code < metadata && metadata < feeds, "{said}");
    assert!(!said.contains("pelicanconf.py:13: FEED_ALL_ATOM"), "{said}");
    site.build().succeeds();
    assert!(site
        .read("sitemap.xml")
        .contains("https://engines.example.org/pages/about.html"));
}

#[test]
fn permalinks_place_pages_and_posts_and_import_maps_pelicans_url_settings() {
    let site = Site::fixture("pelican");
    let run = site.quire(&["import", "pelican"]).succeeds();
    assert!(
        run.stdout
            .contains("pelicanconf.py:34: ARTICLE_URL is implied"),
        "{}",
        run.stdout
    );
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        yaml.contains("permalinks:  # where pages and posts are written\n  slugs: title  # Pelican's default SLUGIFY_SOURCE\n  pages: pages/{slug}.html  # PAGE_URL\n  posts: '{date:%Y}/{date:%m}/{slug}/index.html'  # ARTICLE_SAVE_AS\n"),
        "{yaml}"
    );
    site.build().succeeds();
    // Posts by date, pages under pages/; a page's own save_as still wins.
    let post = article(&site, "2024/03/first-post/index.html");
    assert!(
        post.contains("<a href=\"../../../pages/about.html#the-team\">about us</a>"),
        "{post}"
    );
    assert!(site
        .read("pages/about.html")
        .contains("The engine computes."));
    assert!(site
        .read("engine/index.html")
        .contains("The mill and the store."));
    // A translation is where Pelican's ARTICLE_LANG_SAVE_AS (here its default) puts it.
    assert!(
        yaml.contains(
            "  posts_lang: '{slug}-{lang}.html'  # Pelican's default ARTICLE_LANG_SAVE_AS\n"
        ),
        "{yaml}"
    );
    assert!(site.output().join("first-post-fr.html").is_file());
    assert!(site.output().join("pages/about-fr.html").is_file());
    assert!(site
        .read("blog.html")
        .contains("href=\"2024/03/first-post/index.html\""));
}

#[test]
fn permalinks_that_collide_are_refused_like_slugs() {
    let site = Site::new()
        .with(
            "site.yaml",
            "title: T\npermalinks:\n  posts: \"{slug}.html\"\n",
        )
        .with("content/intro.md", "Title: Intro\n\nPage.\n")
        .with(
            "content/posts/intro.md",
            "Title: Intro post\nDate: 2024-01-01\n\nPost.\n",
        );
    site.build()
        .fails()
        .says("content/intro.md and content/posts/intro.md all write output/intro.html");
    let site = Site::new().with(
        "site.yaml",
        "title: T\npermalinks:\n  pages: \"../{slug}.html\"\n",
    );
    site.build().fails().says(
        "error: site.yaml:3: `permalinks: pages:` the path \"../slug.html\" has a `..` segment",
    );
}

/// Pelican names a page without `Slug:` after its title (SLUGIFY_SOURCE = 'title', its default);
/// an imported site keeps those addresses, so links into the old site still work.
#[test]
fn an_imported_site_names_pages_after_their_titles_as_pelican_does() {
    let site = Site::new()
        .with("pelicanconf.py", "SITENAME = 'Notes'\n")
        .with(
            "content/pages/2019-notes.md",
            "Title: Déjà vu: what's new in 3.12?\n\nText.\n",
        )
        .with(
            "content/pages/own.md",
            "Title: Own slug\nSlug: kept\n\nText.\n",
        )
        .with(
            "content/posts/a.md",
            "Title: C++ vs. C#\nDate: 2024-01-02\n\nA post.\n",
        );
    site.quire(&["import", "pelican"]).succeeds();
    site.build().succeeds();
    assert!(site
        .output()
        .join("pages/deja-vu-whats-new-in-312.html")
        .is_file());
    assert!(site.output().join("pages/kept.html").is_file());
    assert!(site.output().join("c-vs-c.html").is_file());
    assert!(!site.output().join("pages/notes.html").exists());

    // `SLUGIFY_SOURCE = 'basename'` keeps the file names.
    site.write("pelicanconf.py", "SLUGIFY_SOURCE = 'basename'\n");
    site.quire(&["import", "pelican", "--force"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(yaml.contains("  slugs: file  # SLUGIFY_SOURCE\n"), "{yaml}");
    site.build().succeeds();
    assert!(site.output().join("pages/notes.html").is_file());
}
