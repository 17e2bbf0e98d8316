//! Publish-ready output: subpath deploys, sitemap, feed, search index, 404,
//! redirects, minified and precompressed files, and safe updates of the
//! output folder — all through the real binary.

use crate::common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{snapshot, Site, QUIRE};

const DOCS: &str = "https://example.org/docs/";

fn demo_under_docs() -> Site {
    let site = Site::demo();
    site.write(
        "site.yaml",
        format!("title: Python Deployment Guide\nauthor: quire demo\nbase_url: {DOCS}\n"),
    );
    site
}

/// Every `href="…"` and `src="…"` value in an HTML text.
fn url_attributes(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["href=\"", "src=\"", "content=\"0; url="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            urls.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    urls
}

#[test]
fn a_site_under_a_subpath_links_everything_under_it() {
    let site = demo_under_docs();
    site.write(
        "content/pages/05-deployment/38-serverless.markdown",
        fs::read_to_string(
            common::repo().join("content/pages/05-deployment/38-serverless.markdown"),
        )
        .unwrap()
            + "\n<a href=\"/servers.html\"\n   class=\"x\">servers</a>\n",
    );
    site.build().succeeds();
    let html = site.read("serverless.html");
    // Markdown links, the seed's raw-HTML diagram, a raw link spanning lines, and the theme's own links.
    for expected in [
        "href=\"/docs/deployment.html\"",
        "<img src=\"/docs/img/visuals/serverless.png\"",
        "<a href=\"/docs/servers.html\"\n   class=\"x\">",
        "<link rel=\"stylesheet\" href=\"/docs/theme/quire.",
        "<script src=\"/docs/theme/search.",
        "data-root=\"/docs/\"",
        "href=\"/docs/feed.xml\"",
        "<a class=\"brand\" href=\"/docs/\">",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    // No page of the site links to a root-relative URL outside /docs/.
    let mut checked = 0;
    for (path, bytes) in site.snapshot() {
        if !path.ends_with(".html") {
            continue;
        }
        for url in url_attributes(&String::from_utf8(bytes).unwrap()) {
            checked += 1;
            let ok = !url.starts_with('/')
                || url.starts_with("/docs/")
                || url.starts_with("//")
                || url.starts_with(DOCS);
            assert!(ok, "{path} links to {url}");
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    // The 404 page works at any address: its assets are absolute paths.
    let not_found = site.read("404.html");
    assert!(not_found.contains("Page not found"));
    assert!(not_found.contains("href=\"/docs/theme/quire."));
}

#[test]
fn the_sitemap_and_robots_follow_the_sitemap_protocol() {
    let site = demo_under_docs();
    site.build().succeeds();
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = Vec::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let mut loc = None;
        for child in url.children().filter(|n| n.is_element()) {
            match child.tag_name().name() {
                "loc" => loc = child.text().map(str::to_string),
                "lastmod" => {
                    let d = child.text().unwrap();
                    assert!(is_date(d), "lastmod {d:?} is a W3C date");
                }
                other => panic!("unexpected <{other}> in <url>"),
            }
        }
        let loc = loc.expect("every <url> has a <loc>");
        assert!(loc.starts_with(DOCS), "{loc} is absolute and under /docs/");
        locs.push(loc);
    }
    // Home, blog, 13 pages and 2 posts of the demo.
    for page in [
        "",
        "blog.html",
        "serverless.html",
        "blog/aws-lambda-python-3-6.html",
    ] {
        assert!(locs.contains(&format!("{DOCS}{page}")), "{page} in sitemap");
    }
    let pages = site
        .snapshot()
        .keys()
        .filter(|k| k.ends_with(".html") && *k != "404.html" && *k != "index.html")
        .count();
    assert_eq!(
        locs.len(),
        pages + 1,
        "every page and post, and the home page"
    );
    let post = text
        .lines()
        .find(|l| l.contains("aws-lambda-python-3-6"))
        .unwrap();
    assert!(post.contains("<lastmod>"), "a post has its date: {post}");
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/docs/sitemap.xml"));
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM)
    })
}

fn text_of(n: roxmltree::Node<'_, '_>, name: &str) -> String {
    child(n, name)
        .unwrap_or_else(|| panic!("<{name}> missing"))
        .text()
        .unwrap_or("")
        .to_string()
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    d.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && d.chars().filter(char::is_ascii_digit).count() == 8
}

fn is_rfc3339(d: &str) -> bool {
    d.len() == 20 && is_date(&d[..10]) && &d[10..11] == "T" && d.ends_with('Z')
}

#[test]
fn the_feed_is_valid_atom_with_absolute_links() {
    let site = demo_under_docs()
        .with(
            "content/posts/third.md",
            "title: Third & <newest>\ndate: 2019-05-01 10:30\n\nFirst paragraph of the\nthird post.\n\nSecond paragraph.\n",
        )
        .with("site.yaml", &format!("title: Guide\nbase_url: {DOCS}\nrecent_posts: 2\n"));
    site.build().succeeds();
    let text = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("feed.xml is XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    // RFC 4287 §4.1.1: a feed has id, title, updated, an author, and should have a self link.
    assert_eq!(text_of(feed, "id"), DOCS);
    assert_eq!(text_of(feed, "title"), "Guide");
    assert_eq!(
        text_of(feed, "updated"),
        "2019-05-01T10:30:00Z",
        "the newest post's date"
    );
    assert_eq!(text_of(child(feed, "author").unwrap(), "name"), "Guide");
    let links: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "link")
        .map(|l| (l.attribute("rel").unwrap(), l.attribute("href").unwrap()))
        .collect();
    assert!(links.contains(&("self", "https://example.org/docs/feed.xml")));
    assert!(links.contains(&("alternate", DOCS)));
    // §4.1.2: each entry has id, title, updated and a link; newest first; only recent_posts of them.
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(text_of(entries[0], "title"), "Third & <newest>");
    assert_eq!(text_of(entries[0], "id"), format!("{DOCS}blog/third.html"));
    assert_eq!(
        text_of(entries[0], "summary"),
        "First paragraph of the third post.",
        "without a meta, the first paragraph"
    );
    assert_eq!(
        text_of(entries[1], "id"),
        format!("{DOCS}blog/aws-lambda-python-3-6.html")
    );
    for e in &entries {
        assert!(is_rfc3339(&text_of(*e, "updated")));
        let link = child(*e, "link").expect("entry link");
        assert!(link.attribute("href").unwrap().starts_with(DOCS));
        assert!(!text_of(*e, "summary").is_empty());
    }
}

#[test]
fn without_a_host_there_is_no_sitemap_or_feed_and_a_note_says_why() {
    let site = Site::new().with("content/a.md", "title: A\n\nA\n");
    let run = site.build().succeeds();
    assert!(
        run.stderr.contains("base_url has no host"),
        "{}",
        run.stderr
    );
    assert!(!site.output().join("sitemap.xml").exists());
    assert!(!site.output().join("feed.xml").exists());
    assert!(!site.read("robots.txt").contains("Sitemap"));
    assert!(!site.read("a.html").contains("application/atom+xml"));
    assert!(site.read("404.html").contains("Page not found"));
    // The site's own 404 template replaces the built-in one.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}Lost? {{ site.title }}{% endblock content %}",
    );
    site.build().succeeds();
    let custom = site.read("404.html");
    assert!(custom.contains("Lost? Documentation"), "{custom}");
}

/// One file of the search index (`quireSearch("name",nonce,"sealed");`) as JSON, opened with
/// the key the home page's search script carries.
fn index_file(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    path: &str,
) -> serde_json::Value {
    let text = String::from_utf8(files[path].clone()).unwrap();
    let home = String::from_utf8(files["index.html"].clone()).unwrap();
    let json = quire::open_search_file(&common::search_key_in(&home), &text)
        .unwrap_or_else(|| panic!("{path} is not a sealed quireSearch(…) call: {text}"));
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_search_index_holds_titles_headings_and_text() {
    let site = Site::demo();
    site.build().succeeds();
    let files = site.snapshot();
    let meta = index_file(&files, "theme/search/meta.js");
    assert_eq!(meta["n"], 13, "every page and post: {meta}");
    // Page n is entry n % g of the page file d/<n / g>.js.
    let g = meta["g"]
        .as_u64()
        .expect("meta.js says how many pages a page file holds");
    let entry = |n: u64| {
        index_file(&files, &format!("theme/search/d/{}.js", n / g))[(n % g) as usize].clone()
    };
    let serverless = (0..13)
        .find(|&n| {
            let d = entry(n);
            d["t"] == "Serverless" && d["u"] == "serverless.html"
        })
        .expect("the Serverless page is in the index");
    assert!(
        files
            .keys()
            .filter(|k| k.starts_with("theme/search/d/"))
            .count()
            < 12,
        "page files hold several pages each"
    );
    // Pages holding a word, decoded from the gaps between page numbers, with where it stands.
    let word_files: Vec<serde_json::Value> = (files.keys())
        .filter(|k| k.starts_with("theme/search/t-"))
        .map(|k| index_file(&files, k))
        .collect();
    let in_file = |shard: &serde_json::Value, w: &str| -> Option<usize> {
        let words: Vec<&str> = shard["w"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(words.is_sorted(), "a word file's words are sorted");
        words.binary_search(&w).ok()
    };
    let pages_with = |w: &str| -> Vec<(u64, u64)> {
        let (shard, i) = (word_files.iter())
            .find_map(|f| Some((f, in_file(f, w)?)))
            .unwrap_or_else(|| panic!("{w} not indexed"));
        let flat = shard["p"][i].as_array().unwrap();
        let mut doc = 0;
        flat.chunks(2)
            .map(|pair| {
                doc += pair[0].as_u64().unwrap();
                (doc, pair[1].as_u64().unwrap())
            })
            .collect()
    };
    // A word of the text, of a heading ("How can code be executed without servers?") and of
    // the title (stemmed as the browser stems queries: "executed" → "execut").
    for (w, bit) in [
        ("lambda", 1),
        ("spectrum", 1),
        ("execut", 2),
        ("serverless", 4),
    ] {
        let code = pages_with(w)
            .into_iter()
            .find(|(d, _)| *d == serverless)
            .unwrap_or_else(|| panic!("{w} → Serverless"))
            .1;
        assert!(code & bit != 0, "{w}: {code}");
    }
    assert!(
        word_files.iter().all(|f| in_file(f, "the").is_none()),
        "stop words are left out"
    );
    // The section a heading starts, with its anchor, for the snippet and the link.
    let page = entry(serverless);
    let section = page["s"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[0] == "serverless-vendor-lock-in")
        .expect("a section per heading");
    assert_eq!(section[1], "Serverless vendor lock-in?");
    assert!(section[2]
        .as_str()
        .unwrap()
        .starts_with("There is some concern"));
    // The search box knows the site's root, from the page (the script finds the index itself).
    assert!(site
        .read("serverless.html")
        .contains("aria-autocomplete=\"list\" data-root=\"\""));
    let script = files
        .keys()
        .find(|k| k.starts_with("theme/search.") && k.ends_with(".js"))
        .unwrap();
    assert!(site
        .read("serverless.html")
        .contains(&format!("<script src=\"{script}#")));
}

#[test]
fn aliases_write_redirect_pages() {
    let site = Site::new()
        .with("site.yaml", &format!("base_url: {DOCS}\n"))
        .with(
            "content/new.md",
            "title: New home\naliases: /old.html, /guide/older/\n\nHere.\n",
        )
        .with(
            "content/b.md",
            "---\ntitle: B\naliases:\n  - /b-old\n---\nB\n",
        );
    site.build().succeeds();
    for old in ["old.html", "guide/older/index.html"] {
        let html = site.read(old);
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/docs/new.html\">")
        );
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/docs/new.html\">"));
    }
    assert!(site.read("b-old/index.html").contains("docs/b.html"));
    // An alias dropped from the header takes its redirect page with it.
    site.write("content/b.md", "---\ntitle: B\n---\nB\n");
    site.build().succeeds();
    assert!(!site.output().join("b-old").exists());
}

/// A page's address is written one way wherever it appears, percent-encoded as the sitemap
/// protocol asks and as browsers send it. Templates, the feed, the sitemap, sharing tags and
/// redirects once wrote `café` as it is, and intrasite links `caf%C3%A9`.
#[test]
fn a_non_ascii_address_is_written_one_way_everywhere() {
    let site = Site::new()
        .with("site.yaml", &format!("base_url: {DOCS}\nllms_txt: true\n"))
        .with(
            "content/posts/café.md",
            "title: Café\ndate: 2024-01-02\ntags: thé\naliases: /old.html\n\nHere.\n",
        )
        .with(
            "content/home.md",
            "title: Home\n\nSee [the café]({filename}/posts/café.md).\n",
        );
    site.build().succeeds();
    // A tag's slug is Pelican's, transliterated: `thé` is `the`.
    let (path, tag) = ("blog/caf%C3%A9.html", "tags/the.html");
    let post = site.read("blog/café.html");
    for written in [
        format!("<link rel=\"canonical\" href=\"{DOCS}{path}\">"),
        format!("<meta property=\"og:url\" content=\"{DOCS}{path}\">"),
        format!("href=\"/docs/{tag}\""),
    ] {
        assert!(post.contains(&written), "{written} not in\n{post}");
    }
    assert!(site
        .read("home.html")
        .contains(&format!("href=\"/docs/{path}\">the café</a>")));
    assert!(site
        .read("blog.html")
        .contains(&format!("href=\"/docs/{path}\"")));
    let sitemap = site.read("sitemap.xml");
    for loc in [path, tag] {
        assert!(
            sitemap.contains(&format!("<loc>{DOCS}{loc}</loc>")),
            "{sitemap}"
        );
    }
    assert!(site
        .read("feed.xml")
        .contains(&format!("<id>{DOCS}{path}</id>")));
    assert!(site
        .read("old.html")
        .contains(&format!("url=/docs/{path}\"")));
    assert!(site
        .read("llms.txt")
        .contains(&format!("({DOCS}blog/caf%C3%A9.md)")));
    assert!(!site.read("sitemap.xml").contains("café"));
}

#[test]
fn bad_aliases_are_errors_naming_file_and_line() {
    let site = Site::new()
        .with(
            "content/a.md",
            "title: A\nslug: a\naliases: /fine.html, ../../etc/x.html\n\nA\n",
        )
        .with("content/b.md", "title: B\naliases: /a.html\n\nB\n");
    let run = site.build().fails();
    let run = run.says("content/a.md:3").says("../../etc/x.html");
    run.says("content/b.md").says("a.html");
    assert!(!site.output().exists());
    assert!(!Path::new("/etc/x.html").exists());
}

#[test]
fn minified_and_precompressed_builds_are_smaller_byte_identical_and_owned() {
    let a = Site::demo();
    let b = Site::demo();
    a.quire(&["build", "--minify", "--precompress"]).succeeds();
    b.quire(&["build", "--minify", "--precompress"]).succeeds();
    let (sa, sb) = (a.snapshot(), b.snapshot());
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between builds");
    }
    let plain = Site::demo();
    plain.build().succeeds();
    let html = &sa["serverless.html"];
    assert!(html.len() < plain.snapshot()["serverless.html"].len());
    let css = sa.keys().find(|k| k.ends_with(".css")).unwrap();
    assert!(
        sa[css].len() < plain.snapshot()[css].len() * 9 / 10,
        "css minified"
    );
    // Each text file has .gz and .br copies that decompress to it; images do not.
    let mut compressed = 0;
    for (k, v) in &sa {
        let text = [".html", ".css", ".js", ".xml", ".txt"]
            .iter()
            .any(|e| k.ends_with(e));
        if !text || k.starts_with(".quire") {
            continue;
        }
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&sa[&format!("{k}.gz")][..])
            .read_to_end(&mut back)
            .unwrap();
        assert!(&back == v, "{k}.gz");
        let mut back = Vec::new();
        brotli::Decompressor::new(&sa[&format!("{k}.br")][..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert!(&back == v, "{k}.br");
        compressed += 1;
    }
    assert!(compressed > 15);
    assert!(!sa.contains_key("img/visuals/serverless.png.gz"));
    // The copies are quire's own: a build without --precompress removes them.
    let manifest = a.read(".quire-manifest");
    assert!(manifest.contains("serverless.html.br"));
    a.build().succeeds();
    assert!(!a.output().join("serverless.html.gz").exists());
    assert!(a.output().join("serverless.html").exists());
}

#[test]
fn an_unchanged_file_keeps_its_mtime() {
    let site = Site::demo();
    site.quire(&["build", "--precompress"]).succeeds();
    let out = site.output();
    let old = SystemTime::now() - Duration::from_secs(3600);
    for f in [
        "serverless.html",
        "serverless.html.br",
        "sitemap.xml",
        "feed.xml",
    ] {
        fs::File::options()
            .write(true)
            .open(out.join(f))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    // A change to one page rewrites that page only.
    let p = "content/pages/05-deployment/01-servers.markdown";
    let text = fs::read_to_string(site.path().join(p)).unwrap();
    site.write(p, text + "\nOne more line.\n");
    site.quire(&["build", "--precompress"]).succeeds();
    let mtime = |f: &str| fs::metadata(out.join(f)).unwrap().modified().unwrap();
    for f in [
        "serverless.html",
        "serverless.html.br",
        "sitemap.xml",
        "feed.xml",
    ] {
        assert_eq!(mtime(f), old, "{f} was rewritten");
    }
    assert!(site.read("servers.html").contains("One more line."));
}

/// A site big enough that a build takes a moment, so it can be killed part-way.
fn big_site(pages: usize, words: &str) -> Site {
    let site = Site::new().with("site.yaml", "base_url: https://example.org/\n");
    for i in 0..pages {
        let body = format!("{words} page {i}.\n\n").repeat(40);
        site.write(
            &format!("content/{:02}-part/p{i:05}.md", i % 20),
            format!("title: Page {i}\n\n## Section {i}\n\n{body}```python\nx = {i}\n```\n"),
        );
    }
    site
}

#[test]
fn a_killed_build_leaves_no_half_written_file_and_the_next_build_repairs_the_folder() {
    let site = big_site(1500, "First wording");
    site.quire(&["build"]).succeeds();
    let v1 = site.snapshot();
    // The sources of both versions, kept apart (each round overwrites the site's own); the
    // second changes every page.
    let first = big_site(1500, "First wording");
    let second = big_site(1500, "Second wording");
    second.quire(&["build"]).succeeds();
    let v2 = second.snapshot();
    let take_content = |from: &Site| {
        for entry in walkdir::WalkDir::new(from.path().join("content")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(from.path()).unwrap();
                site.write(rel.to_str().unwrap(), fs::read(entry.path()).unwrap());
            }
        }
    };
    // Kills are timed by how far the build got, not by the clock (a loaded machine made a
    // timed kill land after the build had finished): while it stages its pages, and once
    // it has begun moving them into place.
    let staging = site.output().join(".quire-staging");
    // The files this build staged: a killed one leaves its own behind.
    let staged = |since: std::time::SystemTime| {
        walkdir::WalkDir::new(&staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| e.metadata().ok().and_then(|m| m.modified().ok()) >= Some(since))
            .count()
    };
    let mut interrupted = 0;
    // The kill while committing comes first, when no killed build has left a staging folder.
    for (round, kill_at) in [None, Some(1), Some(400), Some(900), Some(1400)]
        .into_iter()
        .enumerate()
    {
        // Each killed build has every page to change: the sources flip between the versions,
        // and each round ends with the folder repaired.
        let (sources, clean) = if round % 2 == 0 {
            (&second, &v2)
        } else {
            (&first, &v1)
        };
        take_content(sources);
        let since = std::time::SystemTime::now();
        let mut child = std::process::Command::new(QUIRE)
            .args(["build", "-q"])
            .arg(site.path())
            // A killed build's output is of no interest, and would flood the test's.
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut most = 0;
        while child.try_wait().unwrap().is_none() {
            let n = staged(since);
            most = most.max(n);
            let due = match kill_at {
                Some(k) => n >= k,
                // Committing: the staging folder empties as its files are moved.
                None => most >= 1000 && n + 200 <= most,
            };
            if due {
                interrupted += 1;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.kill();
        child.wait().unwrap();
        // Every published file is whole: either the old version or the new one.
        for (path, bytes) in snapshot(&site.output()) {
            if path.starts_with(".quire-staging/") || path.starts_with(".quire-manifest") {
                continue;
            }
            let is_whole = v1.get(&path) == Some(&bytes) || v2.get(&path) == Some(&bytes);
            assert!(
                is_whole,
                "{path} is half-written after a kill at {kill_at:?}"
            );
        }
        site.quire(&["build"]).succeeds();
        let repaired = site.snapshot();
        assert_eq!(
            repaired.keys().collect::<Vec<_>>(),
            clean.keys().collect::<Vec<_>>(),
            "the next build leaves exactly the files of a clean build"
        );
        for (k, v) in clean {
            assert!(&repaired[k] == v, "{k} differs from a clean build");
        }
    }
    assert_eq!(interrupted, 5, "a build finished before it could be killed");
}
