//! Issue 27: git, external checks and hidden pages: nothing runs, nothing private is fetched or listed.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use super::common::{self, git, Site};

fn last_updated(html: &str) -> Option<&str> {
    html.find("Last updated <time datetime=\"")
        .map(|i| common::between(&html[i..], "datetime=\"", "\""))
}

// Finding 7: a site cloned from someone else is a git repository whose `.git/config` is theirs.
// Its fsmonitor hook, clean filter, index hook and signature program all point at a script;
// building, checking and previewing the site must never run it, and the dates still come.
#[test]
fn finding_7_a_shipped_git_config_runs_nothing() {
    let site = Site::new()
        .with("site.yaml", "title: Cloned\n")
        .with("content/a.md", "title: A\n\nAlpha.\n")
        .with("content/b.md", "title: B\n\nBeta.\n");
    let dir = site.path();
    git(dir, &["init", "-q", "-b", "main"], "2021-03-04T05:06:07");
    git(dir, &["add", "."], "2021-03-04T05:06:07");
    git(dir, &["commit", "-qm", "first"], "2021-03-04T05:06:07");

    // What the stranger shipped in .git, after their own commit.
    let marker = dir.join("ran");
    let script = dir.join(".git/payload.sh");
    fs::write(
        &script,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let hook = dir.join(".git/hooks/post-index-change");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::copy(&script, &hook).unwrap();
    let s = script.display();
    let mut config = fs::read_to_string(dir.join(".git/config")).unwrap();
    config.push_str(&format!(
        "[core]\n\tfsmonitor = {s}\n[filter \"evil\"]\n\tclean = {s}\n\tsmudge = {s}\n\
         \trequired = true\n[filter \"with.dots\"]\n\tprocess = {s}\n\
         [log]\n\tshowSignature = true\n[gpg]\n\tprogram = {s}\n\
         [diff]\n\texternal = {s}\n"
    ));
    fs::write(dir.join(".git/config"), config).unwrap();
    site.write(
        ".gitattributes",
        "*.md filter=evil diff=evil\n*.yaml filter=with.dots\n",
    );
    // b.md's time changes but not its size: git must look inside, through the filter.
    let later = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    fs::File::options()
        .write(true)
        .open(dir.join("content/b.md"))
        .unwrap()
        .set_modified(later)
        .unwrap();

    site.build().succeeds();
    assert!(
        !marker.exists(),
        "build ran: {}",
        fs::read_to_string(&marker).unwrap()
    );
    // Still git's dates: both pages as committed (b.md's text is as committed).
    for page in ["a.html", "b.html"] {
        assert_eq!(
            last_updated(&site.read(page)),
            Some("2021-03-04T05:06:07Z"),
            "{page}"
        );
    }
    site.quire(&["check"]);
    assert!(
        !marker.exists(),
        "check ran: {}",
        fs::read_to_string(&marker).unwrap()
    );
    {
        let server = common::serve::Server::start(dir, &[]);
        assert!(server.body("/a.html").contains("Alpha."));
        site.write("content/a.md", "title: A\n\nAlpha, edited.\n");
        server.events().next_build();
        assert!(server.body("/a.html").contains("edited"));
    }
    assert!(
        !marker.exists(),
        "serve ran: {}",
        fs::read_to_string(&marker).unwrap()
    );
}

/// An HTTP proxy on this machine that answers every request itself (200) and never connects
/// anywhere: it records the request line of each (`CONNECT host:port ...` or `GET url ...`).
struct FakeProxy {
    port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl FakeProxy {
    fn start() -> FakeProxy {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut stream = stream;
                    // The head of one request: its first line.
                    let head = |reader: &mut BufReader<std::net::TcpStream>| {
                        let mut first = String::new();
                        reader.read_line(&mut first).ok()?;
                        loop {
                            let mut line = String::new();
                            if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
                                break;
                            }
                        }
                        Some(first.trim().to_string())
                    };
                    let Some(first) = head(&mut reader) else {
                        return;
                    };
                    log.lock().unwrap().push(first.clone());
                    if first.starts_with("CONNECT ") {
                        let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                        if head(&mut reader).is_none() {
                            return;
                        }
                    }
                    let _ = stream.write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                    );
                });
            }
        });
        FakeProxy { port, seen }
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// `quire check --external` with one proxy variable set to `proxy` and no other.
fn check_through(site: &Site, var: &str, proxy: &str) -> common::Run {
    let mut cmd = Command::new(common::QUIRE);
    cmd.args([
        "check",
        "--external",
        "--cache-hours",
        "0",
        "--timeout",
        "5",
    ])
    .arg(site.path())
    .env("NO_COLOR", "1");
    for v in common::PROXY_VARS {
        cmd.env_remove(v);
    }
    cmd.env(var, proxy);
    common::Run::from(cmd.output().expect("run quire"))
}

// Finding 14: behind a proxy quire vetted the proxy's address, not the link's. With a proxy
// on this machine (as a private one is: loopback), every link was refused naming 127.0.0.1;
// with a public one, private and metadata addresses were asked of it. Now each link's own
// address is vetted, whatever the proxy: the private ones are refused, by their own address,
// and never reach the proxy; the public one is fetched through it. (Nothing here reaches
// beyond this machine: the proxy answers for every host itself.)
#[test]
fn finding_14_behind_a_proxy_each_links_own_address_is_vetted() {
    let proxy = FakeProxy::start();
    let site = Site::new().with(
        "content/a.md",
        "title: A\nmeta: A.\n\n[metadata](http://169.254.169.254/latest/meta-data/)\n\
         [lan](http://10.0.0.1/admin) [nat64](http://[64:ff9b::a9fe:a9fe]/x)\n\
         [web](http://93.184.216.34/page)\n",
    );
    let address = format!("http://127.0.0.1:{}", proxy.port);
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        let r = check_through(&site, var, &address);
        let seen = proxy.take();
        for refused in [
            "169.254.169.254 is a link-local address",
            "10.0.0.1 is a private address",
            "64:ff9b::a9fe:a9fe is a link-local address",
        ] {
            assert!(r.stderr.contains(refused), "{var}: {refused}\n{}", r.stderr);
        }
        assert!(
            !r.stderr.contains("127.0.0.1"),
            "{var}: the proxy was vetted\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("93.184.216.34"), "{var}: {}", r.stderr);
        assert_eq!(seen.len(), 1, "{var}: {seen:?}");
        assert!(seen[0].contains("93.184.216.34"), "{var}: {seen:?}");
    }
}

// Smaller finding: a cached "ok" dated in the future (2100) was trusted for ever; now it is
// stale, and the link is checked again (here: refused as private, so it is seen to be checked).
#[test]
fn finding_smaller_a_cached_answer_from_the_future_is_stale() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let site = Site::new()
        .with(
            "content/a.md",
            "title: A\nmeta: A.\n\n[future](http://10.0.0.1/future) [recent](http://10.0.0.2/recent)\n",
        )
        .with(
            ".quire-cache/external-links.json",
            &format!(
                "{{\"urls\": {{\"http://10.0.0.1/future\": {{\"status\": 200, \"checked\": 4102444800}},\
                 \"http://10.0.0.2/recent\": {{\"status\": 200, \"checked\": {}}}}}}}",
                now - 60
            ),
        );
    let r = site.check_external(&["--cache-hours", "24"]);
    assert!(r.stderr.contains("http://10.0.0.1/future"), "{}", r.stderr);
    // An answer of a minute ago is still trusted.
    assert!(!r.stderr.contains("http://10.0.0.2/recent"), "{}", r.stderr);
}

/// Every file under `dir`, as text.
fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            text.push_str(&String::from_utf8_lossy(&fs::read(e.path()).unwrap()));
        }
    }
    text
}

// Finding 15: `status: hidden` ("listed nowhere") pages were in sitemap.xml, the search index
// and tag pages, and a hidden post's category page was made. Hidden is hidden everywhere: the
// page is written at its address, and nothing else leads to it.
#[test]
fn finding_15_hidden_pages_are_listed_nowhere() {
    let site = Site::new()
        .with(
            "site.yaml",
            "title: Site\nbase_url: https://docs.example.org/\nllms_txt: true\nchecks: {missing-meta: off}\n",
        )
        .with(
            "content/pages/01-guide/01-a.md",
            "title: Guide A\n\nAlpha.\n",
        )
        .with(
            "content/pages/01-guide/02-secret.md",
            "title: Secret Plan\nstatus: hidden\ntags: [classified, shared]\n\nZebraword text.\n",
        )
        .with(
            "content/pages/01-guide/03-c.md",
            "title: Guide C\n\nGamma.\n",
        )
        .with(
            "content/posts/covert.md",
            "title: Covert Post\ndate: 2024-01-02\nstatus: hidden\ncategory: Covert\n\
             tags: [classified]\nauthor: Ghost\n\nQuokkaword text.\n",
        )
        .with(
            "content/posts/open.md",
            "title: Open Post\ndate: 2024-01-01\ntags: [shared]\ncategory: Open\n\nHello.\n",
        );
    site.build().succeeds();
    let out = site.output();
    // Written, at their own addresses.
    assert!(site.read("guide/secret.html").contains("Zebraword"));
    let covert_url = "blog/covert.html";
    assert!(site.read(covert_url).contains("Quokkaword"));

    let leaks = |what: &str, text: &str| {
        for hidden in [
            "secret.html",
            covert_url,
            "Secret Plan",
            "Covert Post",
            "ebraword",
            "uokkaword",
        ] {
            assert!(!text.contains(hidden), "{what} has {hidden}:\n{text}");
        }
    };
    leaks("sitemap.xml", &site.read("sitemap.xml"));
    leaks("the search index", &all_text(&out.join("theme/search")));
    leaks("llms.txt", &site.read("llms.txt"));
    leaks("llms-full.txt", &site.read("llms-full.txt"));
    for feed in ["feed.xml", "atom.xml", "feeds/all.atom.xml"] {
        if out.join(feed).exists() {
            leaks(feed, &site.read(feed));
        }
    }
    // Listings, the sidebar and prev/next of the hidden page's neighbours.
    for page in [
        "index.html",
        "blog.html",
        "guide/a.html",
        "guide/c.html",
        "blog/open.html",
        "tags/shared.html",
        "tags/index.html",
        "category/open.html",
    ] {
        leaks(page, &site.read(page));
    }
    // Terms only hidden pages carry have no page, and are in no list of terms.
    for gone in [
        "tags/classified.html",
        "category/covert.html",
        "author/ghost.html",
        "authors.html",
    ] {
        assert!(!out.join(gone).exists(), "{gone} was made");
    }
    for list in ["tags/index.html", "sitemap.xml", "blog/open.html"] {
        let text = site.read(list);
        assert!(
            !text.contains("classified") && !text.contains("covert.html"),
            "{list}:\n{text}"
        );
    }
    // The hidden page links to no term page that does not list it.
    assert!(
        !site.read("guide/secret.html").contains("tags/"),
        "{}",
        site.read("guide/secret.html")
    );
    // And nothing links to a page that is not there.
    let r = site.quire(&["check"]).succeeds();
    assert!(
        !r.stderr.contains("classified") && !r.stderr.contains("covert.html"),
        "{}",
        r.stderr
    );
}
