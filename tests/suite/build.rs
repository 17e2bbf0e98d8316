//! `quire build`, from a writer's point of view: the demo site, the sidebar,
//! code, both front-matter forms, and every kind of bad input.

use crate::common;

use common::{between, Site};

#[test]
fn the_demo_site_builds_with_its_sidebar_and_diagram() {
    let site = Site::demo();
    let run = site.build().succeeds();
    assert!(
        run.stdout.contains("Built 11 pages, 2 posts"),
        "{}",
        run.stdout
    );

    let html = site.read("serverless.html");
    // The current chapter is open with its pages by sortorder, this page marked; the other chapters
    // come from one shared script, in order, so pages do not each carry the whole list.
    let sidebar = between(&html, "<nav class=\"sidebar\"", "</nav>");
    let script = between(sidebar, "<script src=\"", "\"");
    let chapters = site.read(script);
    let order: Vec<usize> = ["Introduction", "Deployment", "DevOps"]
        .iter()
        .map(|t| {
            chapters
                .find(&format!("\"title\":\"{t}\""))
                .unwrap_or_else(|| panic!("{t} missing"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "chapters out of order: {chapters}"
    );
    assert!(
        !sidebar.contains(">Introduction</a>"),
        "other chapters are not repeated in every page"
    );
    let pages = between(sidebar, "<ol class=\"pages\">", "</ol>");
    let slugs: Vec<&str> = pages
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    // The chapter's index page is its link, not again one of its pages.
    assert_eq!(
        slugs,
        [
            "servers.html",
            "serverless.html",
            "aws-lambda.html",
            "google-cloud-functions.html"
        ]
    );
    assert!(pages.contains("class=\"current\" aria-current=\"page\"><a href=\"serverless.html\">"));
    // Only the current chapter is expanded: no page of another chapter in this sidebar.
    assert!(!sidebar.contains("python-2-or-3.html"));
    // Previous/next within the chapter.
    assert!(html.contains("rel=\"prev\">← Servers</a>"), "prev link");
    assert!(
        html.contains("href=\"aws-lambda.html\" rel=\"next\""),
        "next link"
    );
    // The diagram is there and copied.
    // Site links are relative to the page, so the output works opened from disk or under any path.
    assert!(html.contains("<img src=\"img/visuals/serverless.png\""));
    assert!(html.contains("<a href=\"deployment.html\">deployment</a>"));
    assert!(site.output().join("img/visuals/serverless.png").is_file());
    // The seed starts with its own `# Serverless`: the title is shown once.
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("<meta name=\"description\" content=\"Serverless is an deployment"));
    // Listings.
    let index = site.read("index.html");
    assert!(index.contains("href=\"serverless.html\""));
    assert!(index.contains("href=\"blog/aws-lambda-python-3-6.html\""));
    let post = site.read("blog/aws-lambda-python-3-6.html");
    assert!(
        post.contains("href=\"../aws-lambda.html\""),
        "a post links up to the root"
    );
    assert!(post.contains("href=\"../index.html\""));
    let blog = site.read("blog.html");
    let newer = blog.find("aws-lambda-python-3-6").unwrap();
    let older = blog.find("aws-lambda-python-2-7").unwrap();
    assert!(newer < older, "blog lists newest first");
    assert!(blog.contains("2017-04-26"));
}

#[test]
fn sortorder_compares_as_numbers_and_sidebartitle_names_the_entry() {
    let site = Site::new()
        .with(
            "content/pages/01-guide/00-guide.md",
            "title: Guide\nsortorder: 1\n\nIndex.\n",
        )
        .with(
            "content/pages/01-guide/01-ten.md",
            "title: Ten\nsortorder: 0010\n\nText.\n",
        )
        .with(
            "content/pages/01-guide/02-nine.md",
            "title: Nine Long Title\nsidebartitle: Nine\nsortorder: 9\n\nText.\n",
        );
    site.build().succeeds();
    let html = site.read("guide/ten.html");
    let sidebar = between(&html, "<nav class=\"sidebar\"", "</nav>");
    let pages = between(sidebar, "<ol class=\"pages\">", "</ol>");
    // The index page comes first, as the chapter's own link (and only there).
    let guide = sidebar.find(">Guide<").unwrap();
    let nine = sidebar.find(">Nine<").unwrap();
    let ten = sidebar.find(">Ten<").unwrap();
    assert!(guide < nine && nine < ten, "{sidebar}");
    assert!(!pages.contains(">Guide<"), "{pages}");
    assert!(!pages.contains("Nine Long Title"));
}

#[test]
fn nested_chapters_and_folder_titles() {
    let site = Site::new()
        .with("content/02-usage/01-a.md", "title: A\n\nText.\n")
        .with(
            "content/02-usage/03-advanced-topics/01-b.md",
            "title: B\n\nText.\n",
        )
        .with("content/10-reference/01-c.md", "title: C\n\nText.\n");
    site.build().succeeds();
    let html = site.read("usage/advanced-topics/b.html");
    let sidebar = between(&html, "<nav class=\"sidebar\"", "</nav>");
    // The page sits in a sub-chapter of Usage: both are shown; folders without an index page are
    // titled by their name.
    assert!(sidebar.contains(">Usage</a>"), "{sidebar}");
    assert!(sidebar.contains(">Advanced Topics</a>"), "{sidebar}");
    // In the shared chapter list, 02 comes before 10.
    let chapters = site.read(between(sidebar, "<script src=\"", "\"").trim_start_matches("../"));
    assert!(
        chapters.find("\"Usage\"").unwrap() < chapters.find("\"Reference\"").unwrap(),
        "{chapters}"
    );
}

#[test]
fn toc_is_shown_only_where_asked_and_heading_ids_are_unique() {
    let site = Site::new()
        .with(
            "content/with-toc.md",
            "title: With\ntoc: True\n\n## Hosting options\n\nA\n\n### Detail\n\n## Hosting options\n\nB\n",
        )
        .with("content/without.md", "title: Without\ntoc: no\n\n## Only heading\n");
    site.build().succeeds();
    let html = site.read("with-toc.html");
    let toc = between(&html, "<nav class=\"toc\"", "</nav>");
    assert!(toc.contains("href=\"#hosting-options\""));
    assert!(toc.contains("href=\"#detail\""));
    assert!(toc.contains("href=\"#hosting-options-1\""));
    assert!(html.contains("<h2 id=\"hosting-options-1\">"));
    assert!(!site.read("without.html").contains("class=\"toc\""));
}

#[test]
fn code_is_highlighted_with_classes_and_emphasised_lines() {
    let site = Site::demo();
    site.build().succeeds();
    let post = site.read("blog/aws-lambda-python-2-7.html");
    assert!(
        post.contains("<div class=\"language-python highlight\"><pre><code data-lang=\"python\">")
    );
    assert!(post.contains("<span class=\"k\">"), "keywords get a class");
    assert!(
        post.contains("<span class=\"hll\">"),
        "`~~` lines are emphasised"
    );
    assert!(!post.contains("~~def"), "the marker is removed");
    let post36 = site.read("blog/aws-lambda-python-3-6.html");
    assert_eq!(
        post36.matches("<span class=\"hll\">").count(),
        2,
        "hl_lines=2-3"
    );
    assert!(!post.contains("style=\""), "classes, never inline styles");
    // The stylesheet that styles them is written and linked.
    let css_href = between(&post, "<link rel=\"stylesheet\" href=\"../", "\"");
    let css = site.read(css_href);
    assert!(css.contains(".highlight .k"));
}

#[test]
fn unknown_languages_render_as_escaped_plain_code() {
    let site = Site::new().with("content/a.md", "title: A\n\n```klingon\n<b>&</b>\n```\n");
    site.build().succeeds();
    assert!(site.read("a.html").contains("&lt;b&gt;&amp;&lt;/b&gt;"));
}

#[test]
fn titles_and_meta_are_escaped() {
    let site = Site::new().with(
        "content/x.md",
        "title: <script>alert(1)</script> & \"quotes\"\nmeta: a \"b\" <i>\n\nBody.\n",
    );
    site.build().succeeds();
    let html = site.read("x.html");
    assert!(!html.contains("<script>alert"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
    );
    assert!(html.contains("content=\"a &quot;b&quot; &lt;i&gt;\""));
}

#[test]
fn both_front_matter_forms_and_extra_fields_reach_templates() {
    let site = Site::new()
        .with(
            "content/a.md",
            "Title: Basic Data Types in Python 3: Strings\nheaderimage: /img/strings.png\n\nText A.\n",
        )
        .with(
            "content/b.md",
            "---\ntitle: \"YAML: page\"\nslug: yaml-page\nheaderimage: /img/yaml.png\ntoc: true\n---\n\n## Part\n",
        )
        .with(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><img class=\"header\" src=\"{{ page.extra.headerimage }}\">{{ page.content | safe }}{% endblock content %}",
        );
    site.build().succeeds();
    let a = site.read("a.html");
    assert!(a.contains("<h1>Basic Data Types in Python 3: Strings</h1>"));
    assert!(
        a.contains("src=\"img/strings.png\""),
        "a template override sees page.extra"
    );
    let b = site.read("yaml-page.html");
    assert!(b.contains("<h1>YAML: page</h1>"));
    assert!(b.contains("src=\"img/yaml.png\""));
}

#[test]
fn a_folder_with_only_content_builds_with_the_built_in_theme() {
    let site = Site::new().with("content/hello.md", "title: Hello\n\nWorld.\n");
    site.build().succeeds();
    let html = site.read("hello.html");
    assert!(html.contains("<h1>Hello</h1>"));
    assert!(html.contains("<p>World.</p>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Site::demo();
    let b = Site::demo();
    a.build().succeeds();
    b.build().succeeds();
    let (sa, sb) = (a.snapshot(), b.snapshot());
    assert!(sa.len() > 10);
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between builds");
    }
}

#[test]
fn a_rebuild_removes_pages_whose_source_is_gone_but_keeps_the_users_files() {
    let site = Site::new()
        .with("content/a.md", "title: A\n\nA\n")
        .with("content/b.md", "title: B\n\nB\n");
    site.build().succeeds();
    site.write("output/CNAME", "docs.example.org\n");
    site.write("output/.well-known/security.txt", "Contact: x\n");
    site.remove("content/b.md");
    let run = site.build().succeeds();
    // b.html, and b's entry in the search index (in theme/search/d/0.js, with a's).
    assert!(run.stdout.contains("1 removed"), "{}", run.stdout);
    let index = common::search_json(&site.output(), "d/0.js");
    assert!(
        index.contains("\"t\":\"A\"") && !index.contains("\"t\":\"B\""),
        "{index}"
    );
    assert!(!site.output().join("b.html").exists());
    assert!(site.output().join("a.html").exists());
    assert_eq!(site.read("CNAME"), "docs.example.org\n");
    assert!(site.output().join(".well-known/security.txt").exists());
}

// ---- bad input: a clear error naming the file and line, nothing written --------------------

/// Builds a good site once, then breaks it and checks the failed build left output/ as it was.
fn fails_without_touching_output(site: &Site, expected: &[&str]) -> common::Run {
    let before = site.snapshot();
    let mut run = site.build().fails();
    for e in expected {
        run = run.says(e);
    }
    assert_eq!(
        site.snapshot(),
        before,
        "a failed build changed the output folder"
    );
    assert!(run.stderr.contains("the output folder was not changed"));
    run
}

fn good_site() -> Site {
    let site = Site::new().with("content/ok.md", "title: OK\n\nFine.\n");
    site.build().succeeds();
    site
}

#[test]
fn a_page_without_a_title_takes_its_file_name() {
    let site = good_site();
    site.write("content/getting-started.md", "slug: untitled\n\nText.\n");
    site.build().succeeds();
    assert!(site
        .read("untitled.html")
        .contains("<title>Getting started"));
}

#[test]
fn a_header_with_a_line_of_prose_is_text_with_a_warning_naming_the_line() {
    let site = good_site();
    site.write(
        "content/bad.md",
        "title: Bad\nThis line is prose\n\nText.\n",
    );
    site.build()
        .succeeds()
        .says("content/bad.md:2")
        .says("line 2 is not `key: value`");
    let html = site.read("bad.html");
    assert!(html.contains("This line is prose"), "{html}");
}

#[test]
fn malformed_yaml() {
    let site = good_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\ntags: [a, b\n---\nText.\n",
    );
    fails_without_touching_output(&site, &["content/bad.md:", "malformed YAML"]);
}

#[test]
fn a_file_that_is_not_utf8() {
    let site = good_site();
    site.write("content/latin1.md", b"title: Caf\xe9\n\nText.\n");
    fails_without_touching_output(
        &site,
        &[
            "content/latin1.md:1:11",
            "not UTF-8",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn two_sources_with_the_same_output_are_both_named() {
    let site = good_site();
    site.write("content/one.md", "title: One\nslug: same\n\nA\n");
    site.write("content/two.md", "title: Two\nslug: same\n\nB\n");
    fails_without_touching_output(
        &site,
        &["content/one.md and content/two.md", "output/same.html"],
    );
}

#[test]
fn slugs_that_would_write_outside_the_output_folder() {
    for slug in ["../x", "/etc/x", "a/../../x"] {
        let site = good_site();
        site.write(
            "content/evil.md",
            format!("title: Evil\nslug: {slug}\n\nText.\n"),
        );
        fails_without_touching_output(&site, &["content/evil.md:2", "outside the output folder"]);
        assert!(!site.path().join("x.html").exists());
    }
}

#[test]
fn an_unknown_template() {
    let site = good_site();
    site.write(
        "content/custom.md",
        "title: Custom\ntemplate: fancy\n\nText.\n",
    );
    fails_without_touching_output(
        &site,
        &["content/custom.md:2", "\"fancy.html\" does not exist"],
    );
}

#[test]
fn a_template_syntax_error_names_the_template_and_line() {
    let site = good_site();
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    fails_without_touching_output(&site, &["templates/page.html:4:1", "Failed to parse"]);
}

#[test]
fn an_output_folder_that_overlaps_the_sources_is_refused() {
    let site = good_site();
    for out in [".", "content", ".."] {
        let target = site.path().join(out);
        let run = common::Run::from(
            std::process::Command::new(common::QUIRE)
                .args(["build"])
                .arg(site.path())
                .arg("-o")
                .arg(&target)
                .output()
                .unwrap(),
        )
        .fails();
        assert!(
            run.stderr.contains("would overlap the site's sources"),
            "{out}: {}",
            run.stderr
        );
    }
    assert!(site.path().join("content/ok.md").exists());
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = good_site();
    site.write("content/a.md", "title: A\ndate: someday\n\nText.\n");
    site.write("content/b.md", "title: B\nsortorder: soon\n\nText.\n");
    site.write("content/c.md", "title: C\nslug: ../c\n\nText.\n");
    site.write("site.yaml", "title: X\ntitel: typo\n");
    let run = fails_without_touching_output(
        &site,
        &[
            "content/a.md:2",
            "content/b.md:2",
            "content/c.md:2",
            "site.yaml:2",
            "titel",
        ],
    );
    assert!(
        run.stderr.contains("failed with 4 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_content_folder_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::Run::from(
        std::process::Command::new(common::QUIRE)
            .arg("build")
            .arg(dir.path())
            .output()
            .unwrap(),
    )
    .fails();
    assert!(run.stderr.contains("no content/ folder"), "{}", run.stderr);
}

#[test]
fn a_page_does_not_grow_with_the_number_of_chapters() {
    // The same first chapter in a site of 5 chapters and in one of 200: its page must be the same size,
    // or the whole output would grow with the square of the page count.
    let page_size = |chapters: usize| {
        let site = Site::new();
        for c in 1..=chapters {
            site.write(
                &format!("content/{c:03}-chapter-{c}/01-page-{c}.md"),
                format!("title: Page {c}\nsortorder: {c}\n\nText of page {c}.\n"),
            );
        }
        site.build().succeeds();
        site.read("chapter-1/page-1.html").len()
    };
    assert_eq!(page_size(5), page_size(200));
}

#[test]
fn a_site_with_a_known_address_keeps_absolute_paths_under_it() {
    let site = Site::new()
        .with("site.yaml", "base_url: https://example.org/docs/\n")
        .with(
            "content/posts/p.md",
            "title: P\ndate: 2020-01-02\n\n[a](/a.html) <img src=\"/img/x.png\">\n",
        )
        .with("content/a.md", "title: A\n\nText.\n");
    site.build().succeeds();
    let post = site.read("blog/p.html");
    assert!(post.contains("href=\"/docs/a.html\""), "{post}");
    assert!(
        post.contains("href=\"/docs/theme/quire."),
        "templates' links too"
    );
}

#[test]
fn relative_urls_can_be_turned_off() {
    let site = Site::new()
        .with("site.yaml", "relative_urls: false\n")
        .with(
            "content/posts/p.md",
            "title: P\ndate: 2020-01-02\n\n[a](/a.html)\n",
        )
        .with("content/a.md", "title: A\n\nText.\n");
    site.build().succeeds();
    assert!(site.read("blog/p.html").contains("href=\"/a.html\""));
}
