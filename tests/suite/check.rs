//! `quire check`, as a writer and a CI job see it: every kind of problem at
//! its exact place with its fix, nothing for valid links, the exit codes, the
//! JSON output, and external links against a local server.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Run, Site};
use serde_json::Value;

/// (location, kind, suggestion) of each problem in `quire check --format json`.
fn problems(run: &Run) -> Vec<(String, String, String)> {
    let items: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    items
        .iter()
        .map(|d| {
            (
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
                d["kind"].as_str().unwrap().to_string(),
                d["suggestion"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn p(loc: &str, kind: &str, suggestion: &str) -> (String, String, String) {
    (loc.into(), kind.into(), suggestion.into())
}

const GUIDE: &str = "content/pages/01-guide/00-guide.md";
const DEPLOYMENT: &str = "content/pages/01-guide/01-deployment.md";

#[test]
fn every_problem_of_the_fixture_is_found_at_its_place_with_its_fix() {
    let site = Site::fixture("check-broken");
    let run = site.quire(&["check", "--format", "json"]).fails();
    assert_eq!(
        problems(&run),
        vec![
            p(&format!("{GUIDE}:6:12"), "broken-link", "did you mean /deployment.html?"),
            p(
                &format!("{GUIDE}:7:44"),
                "missing-anchor",
                "did you mean install.html#requirements?"
            ),
            p(&format!("{GUIDE}:11:49"), "missing-file", "did you mean /img/diagram.png?"),
            p(
                &format!("{GUIDE}:12:56"),
                "broken-link",
                ""
            ),
            p(&format!("{GUIDE}:13:1"), "missing-file", "did you mean /img/logo.png?"),
            p(
                &format!("{GUIDE}:17:1"),
                "duplicate-heading",
                "links to #details go to the first one; rename one, or give this one an id: `{#other-id}` after its text"
            ),
            p(&format!("{GUIDE}:20:1"), "broken-link", "did you mean /blog.html?"),
            p(&format!("{GUIDE}:21:1"), "broken-link", "did you mean /deployment.html?"),
            p(
                &format!("{DEPLOYMENT}:1:null"),
                "missing-meta",
                "add a line `meta: one sentence about the page` to the front matter"
            ),
            p(&format!("{DEPLOYMENT}:4:15"), "mis-encoded", "did you mean \"isn’t\"?"),
            p(&format!("{DEPLOYMENT}:4:34"), "mis-encoded", "did you mean \"Café\"?"),
            p("content/posts/first.md:5:50", "broken-link", "did you mean ../install.html?"),
            p(
                "content/posts/undated.md:1:null",
                "post-without-date",
                "add a line `date: YYYY-MM-DD` to the front matter"
            ),
        ]
    );
    // The whole object, for one of them: what editors and CI read.
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        items[0],
        serde_json::json!({
            "file": GUIDE, "line": 6, "column": 12, "severity": "error", "kind": "broken-link",
            "message": "broken link: /deploymnt.html points to a page that does not exist",
            "suggestion": "did you mean /deployment.html?"
        })
    );
    assert!(items[3]["message"]
        .as_str()
        .unwrap()
        .contains("../outside.html goes above the site's root folder"));
    assert_eq!(items[9]["severity"], "warning");
    // Checking writes nothing.
    assert!(
        !site.output().exists(),
        "quire check wrote an output folder"
    );
}

#[test]
fn text_output_names_file_line_and_fix_and_counts() {
    let site = Site::fixture("check-broken");
    let run = site.quire(&["check"]).fails();
    let want = format!(
        "error: {GUIDE}:6:12: broken link: /deploymnt.html points to a page that does not exist\n  help: did you mean /deployment.html?\n"
    );
    assert!(run.stderr.contains(&want), "{}", run.stderr);
    assert!(run.stderr.contains(&format!(
        "warning: {DEPLOYMENT}:4:15: mis-encoded text \"isnâ€™t\" (UTF-8 read as Windows-1252)\n  help: did you mean \"isn’t\"?"
    )));
    assert!(
        run.stderr.contains("✘ 8 errors and 5 warnings in 5 pages"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_with_only_warnings_passes_unless_warnings_are_denied() {
    let site = Site::new().with(
        "content/a.md",
        "title: A\n\nSee [b](b.html#part) and [the top](#a).\n\n## A\n",
    );
    site.write(
        "content/b.md",
        "title: B\nmeta: B.\n\n<h2 id=\"part\">Part</h2>\n",
    );
    let run = site.quire(&["check"]).succeeds();
    assert!(
        run.stderr
            .contains("content/a.md:1: the page has no `meta`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("✔ No errors in 2 pages (1 warning)"),
        "{}",
        run.stderr
    );
    site.quire(&["check", "--deny-warnings"]).fails();
    site.write(
        "content/a.md",
        "title: A\nmeta: A.\n\nSee [b](b.html#part).\n",
    );
    let run = site
        .quire(&["check", "--deny-warnings", "--format", "json"])
        .succeeds();
    assert_eq!(run.stdout, "[]\n");
}

#[test]
fn a_missing_anchor_names_the_ids_the_page_has_or_that_it_has_none() {
    // Ids from headings and from raw HTML both count; nothing close to "zzz" exists, so the
    // writer is shown what is there instead.
    let site = Site::new()
        .with(
            "content/a.md",
            "title: A\nmeta: A.\n\n[one](b.html#zzz) [two](c.html#zzz) [ok](b.html#box)\n",
        )
        .with(
            "content/b.md",
            "title: B\nmeta: B.\n\n## First part\n\n## Second part\n\n<div id=\"box\"></div>\n",
        )
        .with("content/c.md", "title: C\nmeta: C.\n\nNo headings.\n");
    let run = site.quire(&["check", "--format", "json"]).fails();
    assert_eq!(
        problems(&run),
        vec![
            p(
                "content/a.md:4:1",
                "missing-anchor",
                "its ids are: first-part, second-part, box"
            ),
            p(
                "content/a.md:4:19",
                "missing-anchor",
                "/c.html has no headings or ids"
            ),
        ]
    );
}

#[test]
fn a_site_that_cannot_load_reports_why_in_either_format() {
    let site = Site::new().with("content/a.md", "title: A\ndate: someday\n\nText.\n");
    let run = site.quire(&["check"]).fails();
    assert!(run.stderr.contains("error: content/a.md"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("✘ 1 error: the site could not be built"),
        "{}",
        run.stderr
    );
    let run = site.quire(&["check", "--format", "json"]).fails();
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["file"], "content/a.md");
    assert_eq!(items[0]["severity"], "error");
    assert!(
        items[0]["message"].as_str().unwrap().contains("someday"),
        "{}",
        items[0]
    );
}

#[test]
fn valid_links_raise_nothing() {
    // Every form of link that must pass, in a page, a post and raw HTML.
    let site = Site::new()
        .with("site.yaml", "base_url: https://example.org/docs/\n")
        .with(
            "content/pages/01-a/00-a.md",
            "slug: a\nmeta: A.\n\n## Setup\n\n## Setup\n\n<div id=\"raw\"></div>\n\
             [1](/b.html) [2](b.html#tail) [3](./b.html?x=1#tail) [4](#setup) [5](#setup-1)\n\
             [6](#raw) [7](/) [8](/blog.html) [9](/blog/p.html#intro) [10](/img/x%20y.png)\n\
             <a href=\"/b.html#named\">11</a> <img src=\"/img/x y.png\"> [12](#top) [13](#)\n\
             [14](mailto:a@b.c) [15](https://example.org/) [16](/index.html)\n",
        )
        .with(
            "content/pages/01-a/01-b.md",
            "slug: b\nmeta: B.\n\n## Tail\n\n<a name=\"named\"></a>\n",
        )
        .with(
            "content/posts/p.md",
            "title: P\ndate: 2020-01-01\nmeta: P.\n\n## Intro\n\n[up](../b.html#tail) [self](p.html) [home](..)\n",
        )
        .with("static/img/x y.png", "png")
        .with("static/guide/index.html", "<p>A hand-made page.</p>")
        .with("content/c.md", "title: C\nmeta: C.\n\n[guide](/guide) [guide](/guide/) [guide](/guide/index.html#x)\n");
    let run = site.quire(&["check", "--format", "json"]).succeeds();
    // Only the duplicate heading, which is worth a warning though both anchors work.
    assert_eq!(
        problems(&run),
        vec![p(
            "content/pages/01-a/00-a.md:6:1",
            "duplicate-heading",
            "links to #setup go to the first one; rename one, or give this one an id: `{#other-id}` after its text"
        )]
    );
}

#[test]
fn the_demo_site_has_only_the_seed_mojibake() {
    let site = Site::demo();
    let run = site.quire(&["check", "--format", "json"]).succeeds();
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(items.len(), 1, "{}", run.stdout);
    let d = &items[0];
    assert_eq!(
        d["file"],
        "content/pages/05-deployment/38-serverless.markdown"
    );
    assert_eq!(d["line"], 128);
    assert_eq!(d["column"], 42);
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["kind"], "mis-encoded");
    assert_eq!(d["suggestion"], "did you mean \"isn’t\"?");
    let line = std::fs::read_to_string(
        common::repo().join("content/pages/05-deployment/38-serverless.markdown"),
    )
    .unwrap()
    .lines()
    .nth(127)
    .unwrap()
    .to_string();
    assert_eq!(line.chars().skip(41).take(3).collect::<String>(), "â€™");
}

#[test]
fn build_reports_the_checks_as_warnings_without_failing() {
    let site = Site::demo();
    let run = site.build().succeeds();
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(
        "warning: content/pages/05-deployment/38-serverless.markdown:128:42: mis-encoded text \"isnâ€™t\""
    ));

    let site = Site::fixture("check-broken");
    let run = site.build().succeeds();
    assert!(run.stderr.contains(&format!(
        "warning: {GUIDE}:6:12: broken link: /deploymnt.html points to a page that does not exist"
    )));
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(site.output().join("guide.html").is_file());
}

#[test]
fn a_misspelt_header_key_is_named_with_its_line_and_the_key_meant() {
    // `sortoder` is a slip for `sortorder`; `layout` is another tool's key, kept quietly.
    let page = "title: Install\nmeta: How to install.\nsortoder: 2\nlayout: wide\n\nText.\n";
    let yaml = "---\ntitle: Deploy\nmeta: How to deploy.\ntittle: x\n---\n\nText.\n";
    let site = Site::new()
        .with("content/install.md", page)
        .with("content/deploy.md", yaml);
    let run = (site.build().succeeds())
        .says("warning: content/install.md:3: quire reads no header key \"sortoder\"")
        .says("did you mean \"sortorder\"?")
        .says("warning: content/deploy.md:4: quire reads no header key \"tittle\"")
        .says("2 warnings (2 misspelt-key)");
    assert!(!run.stderr.contains("layout"), "{}", run.stderr);
    assert!(site.output().join("install.html").is_file());

    let json = problems(&site.quire(&["check", "--format", "json"]).succeeds());
    assert!(json.contains(&p(
        "content/install.md:3:null",
        "misspelt-key",
        "did you mean \"sortorder\"? (a key of your own is kept for templates, as page.extra.sortoder)"
    )), "{json:?}");

    site.write("site.yaml", "title: S\nchecks:\n  misspelt-key: off\n");
    let run = site.build().succeeds();
    assert!(!run.stderr.contains("sortoder"), "{}", run.stderr);
}

/// A tiny HTTP server for the external checks: `/ok` 200, `/moved` 301 to
/// `/target` (200), `/gone` 404, `/slow` answers after 5 s. It records each
/// request's path and User-Agent.
struct TestServer {
    url: String,
    hits: Arc<Mutex<Vec<(String, String)>>>,
}

impl TestServer {
    fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let h = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let h = h.clone();
                std::thread::spawn(move || answer(stream, &h));
            }
        });
        TestServer { url, hits }
    }

    fn count(&self, path: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }
}

fn answer(mut stream: TcpStream, hits: &Mutex<Vec<(String, String)>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("user-agent") {
                agent = v.trim().to_string();
            }
        }
    }
    hits.lock().unwrap().push((path.clone(), agent));
    let (status, extra) = match path.as_str() {
        "/ok" | "/target" => ("200 OK", String::new()),
        "/moved" => ("301 Moved Permanently", "Location: /target\r\n".to_string()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 2\r\nConnection: close\r\n\r\nok"
    );
}

fn check_external(site: &Site, extra: &[&str]) -> Run {
    // The test's server is on this machine, which `check` refuses unless told.
    let mut args = vec!["--allow-private", "--timeout", "1", "--format", "json"];
    args.extend_from_slice(extra);
    site.check_external(&args)
}

#[test]
fn external_links_are_fetched_once_and_remembered() {
    let server = TestServer::start();
    let u = &server.url;
    let site = Site::new()
        .with(
            "content/a.md",
            &format!(
                "title: A\nmeta: A.\n\n[ok]({u}/ok) [moved]({u}/moved)\n[gone]({u}/gone#part)\n<a href=\"{u}/slow\">slow</a>\n"
            ),
        )
        .with("content/b.md", &format!("title: B\nmeta: B.\n\n[gone]({u}/gone)\n[ok again]({u}/ok#x)\n"));

    let run = check_external(&site, &[]).fails();
    let found = problems(&run);
    let kinds: Vec<(&str, &str)> = found
        .iter()
        .map(|(l, k, _)| (l.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("content/a.md:5:1", "broken-external-link"),
            ("content/a.md:6:10", "external-unreachable"),
            ("content/b.md:4:1", "broken-external-link"),
        ],
        "{}",
        run.stdout
    );
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        items[0]["message"],
        format!("broken link: {u}/gone answered 404 (Not Found)")
    );
    assert_eq!(items[1]["severity"], "warning");
    assert!(
        items[1]["message"].as_str().unwrap().contains("timed out"),
        "{}",
        items[1]
    );
    // Each URL once per run (the fragment aside), a retry for the one that timed out.
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(server.count("/gone"), 1);
    assert_eq!(server.count("/moved"), 1);
    assert_eq!(server.count("/target"), 1);
    assert_eq!(server.count("/slow"), 2);
    assert!(server
        .hits
        .lock()
        .unwrap()
        .iter()
        .all(|(_, agent)| agent.starts_with("Mozilla/5.0")));
    assert!(site
        .path()
        .join(".quire-cache/external-links.json")
        .is_file());

    // A second run answers from the cache, except for the link that gave no answer.
    let again = check_external(&site, &[]).fails();
    assert_eq!(problems(&again), found);
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(server.count("/gone"), 1);
    assert_eq!(server.count("/slow"), 4);

    // With no cache time, everything is fetched again.
    check_external(&site, &["--cache-hours", "0"]).fails();
    assert_eq!(server.count("/ok"), 2);
}

/// Docs written for GitHub have no header, so nothing to put a `meta:` in: only pages written
/// with one are asked for it.
#[test]
fn only_pages_with_a_header_are_asked_for_a_meta_description() {
    let site = Site::new()
        .with("content/github.md", "# Written for GitHub\n\nText.\n")
        .with("content/quire.md", "title: Written for quire\n\nText.\n");
    let run = site.quire(&["check", "--format", "json"]);
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let asked: Vec<&str> = (items.iter())
        .filter(|i| i["kind"] == "missing-meta")
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["content/quire.md"]);
}
