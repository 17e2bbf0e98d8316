//! A MkDocs project with Material's blog plugin builds as Material builds it: every post, the
//! blog's index, archive and category pages (paginated) at Material's URLs with its titles,
//! the excerpts in its order (pinned first, then newest first), each post with its authors and
//! reading time; the tags index lists each tag's pages under Material's anchors.
//!
//! `tests/fixtures/mkdocs_blog/expected.txt` is what real Material wrote for the project beside
//! it (made by `gen.py` there, versions in `VERSIONS`); quire's build is read the same way.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::common::serve::Server;
use crate::common::{repo, Site};

/// The words of an HTML fragment: tags out, entities and the headings' `¶` aside.
fn text(fragment: &str) -> String {
    let mut plain = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = plain
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace('¶', " ");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `href` on the page at `page` (a URL from the root), from the root: `index.html` off.
fn absolute(page: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    if !page.ends_with('/') {
        parts.pop();
    }
    for part in href.split('/') {
        match part {
            "" | "." | "index.html" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    match parts.is_empty() {
        true => "/".to_string(),
        false => format!("/{}/", parts.join("/")),
    }
}

/// An image's `src` on the page at `page`: from the root (`/assets/a.png`), or the URL as
/// written.
fn file_url(page: &str, src: &str) -> String {
    match src.contains("://") {
        true => src.to_string(),
        false => absolute(page, src).trim_end_matches('/').to_string(),
    }
}

/// The items of a view's page links, as gen.py's `pager` writes them: `N@HREF`, `icon@HREF`
/// (a link without a number: first, previous, next, last), `[N]` (this page), `..`.
fn pager(url: &str, nav: &str) -> String {
    let mut items = Vec::new();
    let mut rest = nav;
    while let Some(at) = rest.find(['<']) {
        rest = &rest[at..];
        let (tag, label, len) = match (rest.starts_with("<a "), rest.starts_with("<span ")) {
            (true, _) => {
                let end = rest.find("</a>").unwrap_or(rest.len());
                ("a", text(&rest[..end]), end)
            }
            (_, true) => {
                let end = rest.find("</span>").unwrap_or(rest.len());
                ("span", text(&rest[..end]), end)
            }
            _ => ("", String::new(), 1),
        };
        match tag {
            "a" => {
                let href = after(rest, "href=\"", &["\""]).unwrap_or("");
                let label = match label.parse::<usize>() {
                    Ok(_) => label,
                    Err(_) => "icon".to_string(),
                };
                items.push(format!("{label}@{}", absolute(url, href)));
            }
            "span" if rest.starts_with("<span class=\"md-pagination__current") => {
                items.push(format!("[{label}]"))
            }
            "span" => items.push(label),
            _ => {}
        }
        rest = &rest[len.max(1)..];
    }
    items.join(" ")
}

/// `author`, `related` and `pager` facts of a post's or view's page, as gen.py reads them.
fn furniture(url: &str, html: &str, facts: &mut BTreeSet<String>) {
    let authors = after(html, "<div class=\"md-post__authors\">", &["</div>"]).unwrap_or("");
    for profile in authors.split("<p class=\"md-profile\">").skip(1) {
        let src = after(profile, "src=\"", &["\""]).unwrap_or("");
        let strong = after(profile, "<strong>", &["</strong>"]).unwrap_or("");
        let href = after(strong, "href=\"", &["\""]).map_or(String::new(), |h| absolute(url, h));
        facts.insert(format!(
            "author\t{url}\t{}\t{}\t{href}",
            text(strong),
            file_url(url, src)
        ));
    }
    let related = after(html, "Related links", &["</nav>"]).unwrap_or("");
    for link in related.split("<a href=\"").skip(1) {
        let href = link.split('"').next().unwrap_or("");
        let target = match href.contains("://") {
            true => href.to_string(),
            false => absolute(url, href),
        };
        let title = after(link, ">", &["</a>"]).unwrap_or("");
        facts.insert(format!("related\t{url}\t{}\t{target}", text(title)));
    }
    if let Some(nav) = after(html, "<nav class=\"md-pagination\">", &["</nav>"]) {
        facts.insert(format!("pager\t{url}\t{}", pager(url, nav)));
    }
}

/// The text after the first `start` in `html`, up to the first of `ends` (or the end).
fn after<'a>(html: &'a str, start: &str, ends: &[&str]) -> Option<&'a str> {
    let rest = &html[html.find(start)? + start.len()..];
    let end = (ends.iter())
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `excerpt`, `exlink`, `eximg`, `tag` and `taglink` facts of the page at `url` of the site
/// built in `out`, as gen.py reads them from Material's.
fn listed(url: &str, html: &str, out: &Path, facts: &mut BTreeSet<String>) {
    let articles = html
        .split("<article class=\"md-post md-post--excerpt\">")
        .skip(1);
    for (n, article) in articles.enumerate() {
        let article = article.split("</article>").next().unwrap_or("");
        let h2 = after(article, "<h2", &["</h2>"]).unwrap_or("");
        let href = after(h2, "href=\"", &["\""]).unwrap_or("");
        let title = after(h2, ">", &["</a>"]).map(|t| after(t, ">", &[]).unwrap_or(t));
        let rest = after(article, "</h2>", &["<nav class=\"md-post__action\""]).unwrap_or("");
        facts.insert(format!(
            "excerpt\t{url}\t{}\t{}\t{}\t{}",
            n + 1,
            absolute(url, href),
            text(title.unwrap_or("")),
            text(rest)
        ));
        for link in rest.split("<a href=\"").skip(1) {
            let href = link.split('"').next().unwrap_or("");
            facts.insert(format!("exlink\t{url}\t{}\t{}", n + 1, absolute(url, href)));
        }
        for img in rest.split("<img ").skip(1) {
            let src = after(img, "src=\"", &["\""]).unwrap_or("");
            let file = absolute(url, src);
            let found = out.join(file.trim_matches('/')).is_file();
            let found = if found { "found" } else { "missing" };
            facts.insert(format!("eximg\t{url}\t{}\t{found}", n + 1));
        }
    }
    // A page's own tags (quire's `<ul class="tags">`, Material's `<nav class="md-tags">`).
    let own = after(html, "<ul class=\"tags\"", &["</ul>"]).unwrap_or("");
    for link in own.split("<a href=\"").skip(1) {
        let href = link.split('"').next().unwrap_or("");
        let name = after(link, ">", &["</a>"]).unwrap_or("");
        let fragment = href.split_once('#').map_or("", |(_, f)| f);
        facts.insert(format!(
            "taglink\t{url}\t{}\t{}#{fragment}",
            text(name),
            absolute(url, href)
        ));
    }
    for tag in html.split("<h2 id=\"tag:").skip(1) {
        let anchor = tag.split('"').next().unwrap_or("");
        let body = tag.split("<h2 ").next().unwrap_or("");
        let body = body.split("</article>").next().unwrap_or("");
        let pages: Vec<String> = (body.split("<a href=\"").skip(1))
            .map(|h| absolute(url, h.split('"').next().unwrap_or("")))
            .collect();
        facts.insert(format!("tag\t{url}\ttag:{anchor}\t{}", pages.join(", ")));
    }
}

/// Every page's URL and H1, and what `listed` reads, of the site built in `out`.
fn facts(out: &Path) -> (BTreeSet<String>, Vec<(String, String)>) {
    let mut facts = BTreeSet::new();
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel.starts_with("theme/") || rel == "404.html" {
            continue;
        }
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        let html = fs::read_to_string(entry.path()).unwrap();
        let h1 = after(&html, "<h1", &["</h1>"]).and_then(|h| after(h, ">", &[]));
        facts.insert(format!("page\t{url}\t{}", text(h1.unwrap_or(""))));
        listed(&url, &html, out, &mut facts);
        furniture(&url, &html, &mut facts);
        pages.push((url, html));
    }
    (facts, pages)
}

#[test]
fn a_material_blog_builds_at_materials_urls_with_its_lists() {
    let fixture = repo().join("tests/fixtures/mkdocs_blog");
    let site = Site::fixture("mkdocs_blog/project");
    let out = site.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    let (built, pages) = facts(&out);
    let expected = fs::read_to_string(fixture.join("expected.txt")).unwrap();
    let mut missing = Vec::new();
    for line in expected.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[0] {
            "post" => {
                let (url, authors, minutes) = (fields[1], fields[2], fields[3]);
                let Some((_, html)) = pages.iter().find(|(u, _)| u == url) else {
                    missing.push(format!("{line}  (no page)"));
                    continue;
                };
                let words = text(html);
                let named = authors.split(", ").filter(|a| !a.is_empty());
                for author in named.filter(|a| !words.contains(a)) {
                    missing.push(format!("{line}  (author {author} not shown)"));
                }
                if !words.contains(&format!("{minutes} min read")) {
                    missing.push(format!("{line}  (reading time not shown)"));
                }
            }
            _ if !built.contains(line) => missing.push(line.to_string()),
            _ => {}
        }
    }
    // No view lists a post Material's does not, nor in another place.
    let listed: BTreeSet<&str> = expected
        .lines()
        .filter(|l| l.starts_with("excerpt"))
        .collect();
    let extra: Vec<&String> = (built.iter())
        .filter(|l| l.starts_with("excerpt") && !listed.contains(l.as_str()))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "as Material writes it, and not in quire's build:\n{}\n\nin quire's build only:\n{}",
        missing.join("\n"),
        extra
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_post_the_blog_cannot_list_is_an_error_naming_it() {
    let project = |options: &str, post: &str| {
        Site::new()
            .with(
                "mkdocs.yml",
                &format!("site_name: S\nplugins:\n  - blog:\n{options}"),
            )
            .with("docs/index.md", "# Home\n")
            .with("docs/blog/posts/a.md", post)
    };
    let build = |site: &Site| {
        let out = site.path().join("out");
        site.quire(&["build", "-o", out.to_str().unwrap()])
    };
    // Material stops at a post without the separator when excerpts are required.
    let site = project(
        "      post_excerpt: required\n",
        "---\ndate: 2024-01-02\n---\n\n# A\n\nNo separator.\n",
    );
    build(&site)
        .fails()
        .says("docs/blog/posts/a.md")
        .says("post_excerpt: required");
    // …and at an author its authors file does not list.
    let site = project(
        "      post_readtime: false\n",
        "---\ndate: 2024-01-02\nauthors: [zed]\n---\n\n# A\n",
    );
    build(&site)
        .fails()
        .says("docs/blog/posts/a.md")
        .says("`zed`");
    // With the separator and no authors, the post is listed, its excerpt only.
    let site = project(
        "      post_excerpt: required\n",
        "---\ndate: 2024-01-02\n---\n\n# A\n\nShown.\n\n<!-- more -->\n\nHidden.\n",
    );
    build(&site).succeeds();
    let index = fs::read_to_string(site.path().join("out/blog/index.html")).unwrap();
    assert!(index.contains("Shown.") && !index.contains("Hidden."));
    assert!(site
        .path()
        .join("out/blog/2024/01/02/a/index.html")
        .is_file());
}

/// A blog of one published post and one draft, with these blog options.
fn blog_with_a_draft(options: &str) -> Site {
    Site::new()
        .with(
            "mkdocs.yml",
            &format!("site_name: S\nplugins:\n  - blog:\n{options}"),
        )
        .with("docs/index.md", "# Home\n")
        .with(
            "docs/blog/posts/out.md",
            "---\ndate: 2024-01-02\n---\n\n# Out now\n\nPublished.\n",
        )
        .with(
            "docs/blog/posts/soon.md",
            "---\ndate: 2024-02-03\ndraft: true\n---\n\n# Coming soon\n\nUnfinished.\n",
        )
}

#[test]
fn drafts_are_served_but_not_built_as_material_does() {
    // `quire build` leaves the draft out: no page, not on the blog's index.
    let site = blog_with_a_draft("      post_readtime: false\n");
    let out = site.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    assert!(out.join("blog/2024/01/02/out-now/index.html").is_file());
    assert!(!out.join("blog/2024/02/03/coming-soon").exists());
    let index = fs::read_to_string(out.join("blog/index.html")).unwrap();
    assert!(index.contains("Out now") && !index.contains("Coming soon"));

    // `quire serve` shows it (Material's `draft_on_serve`, on by default), marked a draft.
    let server = Server::start(site.path(), &[]);
    let (status, _, _) = server.get("/blog/2024/02/03/coming-soon/");
    assert_eq!(status, 200);
    let index = server.body("/blog/");
    assert!(index.contains("Coming soon"), "{index}");
    assert!(index.contains("<span class=\"md-draft\">Draft</span>"));
    drop(server);

    // …unless the project says `draft_on_serve: false`.
    let site = blog_with_a_draft("      draft_on_serve: false\n");
    let server = Server::start(site.path(), &[]);
    let (status, _, _) = server.get("/blog/2024/02/03/coming-soon/");
    assert_eq!(status, 404);
    assert!(!server.body("/blog/").contains("Coming soon"));
}

#[test]
fn a_post_dated_in_the_future_is_a_draft_when_the_blog_says_so() {
    let post = |draft: &str| format!("---\ndate: 2999-01-01\n{draft}---\n\n# Tomorrow\n\nLater.\n");
    let built = |options: &str, draft: &str| {
        let site = blog_with_a_draft(options).with("docs/blog/posts/later.md", &post(draft));
        let out = site.path().join("out");
        site.quire(&["build", "-o", out.to_str().unwrap()])
            .succeeds();
        out.join("blog/2999/01/01/tomorrow/index.html").is_file()
    };
    // Material builds a future post unless `draft_if_future_date: true`…
    assert!(built("      post_readtime: false\n", ""));
    assert!(!built("      draft_if_future_date: true\n", ""));
    // …and a post's own `draft: false` wins over its date.
    assert!(built(
        "      draft_if_future_date: true\n",
        "draft: false\n"
    ));
}
