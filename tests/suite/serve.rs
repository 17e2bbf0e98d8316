//! `quire serve` and `quire build --watch`, run for real: edits of every kind
//! reach what is served (equal, byte for byte, to a fresh build), reload
//! events come only once the files are in place, errors reach the open tabs,
//! and the server refuses every path out of the site.

use crate::common;

use std::fs;
use std::time::Duration;

use common::serve::{changed, Server};
use common::{snapshot, Site};

const SERVERLESS: &str = "content/pages/05-deployment/38-serverless.markdown";
const INJECTED: &str = "<script src=\"/__quire/livereload.js\"";

/// Saves the way vim, JetBrains and VS Code do: a whole new file renamed over the old one.
fn atomic_save(site: &Site, rel: &str, text: &str) {
    let target = site.path().join(rel);
    let temp = target.with_extension("markdown.tmp");
    fs::write(&temp, text).unwrap();
    fs::rename(&temp, &target).unwrap();
}

/// What is in the output folder equals what a fresh `quire build` of the same sources writes.
fn assert_equals_fresh_build(site: &Site) {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    site.quire(&["build", "-q", "-o", out.to_str().unwrap()])
        .succeeds();
    let served = snapshot(&site.output());
    let built = snapshot(&out);
    let names =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&served), names(&built), "the same files");
    for (name, bytes) in &built {
        assert!(
            served[name] == *bytes,
            "{name} differs from a fresh build:\n--- served\n{}\n--- fresh\n{}",
            String::from_utf8_lossy(&served[name]),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn edits_creates_deletes_and_renames_are_served_as_a_fresh_build_would_write_them() {
    let site = Site::demo();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let original = fs::read_to_string(site.path().join(SERVERLESS)).unwrap();
    assert!(server.body("/serverless.html").contains("<h1"));

    // A plain write: only this page changes, and it is in place when the event arrives.
    site.write(
        SERVERLESS,
        original.replace("# Serverless\n", "# Serverless\n\nFirst edit.\n"),
    );
    let e = events.next_build();
    // The page is served first; the search index (every page's text) follows at once.
    assert_eq!(changed(&e), ["serverless.html"]);
    let page = server.body("/serverless.html");
    assert!(page.contains("First edit."));
    server.wait_printed("Rebuilt 1 page, 1 file changed");
    assert!(
        page.contains(INJECTED),
        "served pages get the live-reload script"
    );
    assert!(
        !site.read("serverless.html").contains("livereload"),
        "the output never does"
    );

    // An editor's atomic save.
    atomic_save(
        &site,
        SERVERLESS,
        &original.replace("# Serverless\n", "# Serverless\n\nSecond edit.\n"),
    );
    let e = events.next_build();
    assert_eq!(changed(&e), ["serverless.html"]);
    assert!(server.body("/serverless.html").contains("Second edit."));

    // A sidebar title change reaches the other pages of the chapter, and every other page: the
    // chapters script, linked by its content's name, lists every chapter's pages.
    site.write(
        SERVERLESS,
        original.replace(
            "sidebartitle: Serverless",
            "sidebartitle: Functions as a Service",
        ),
    );
    let c = changed(&events.next_build());
    assert!(c.contains(&"servers.html".to_string()), "{c:?}");
    assert!(c.contains(&"python-2-or-3.html".to_string()), "{c:?}");
    assert!(server
        .body("/servers.html")
        .contains(">Functions as a Service</a>"));

    // A new page appears in its chapter's sidebar.
    site.write(
        "content/pages/05-deployment/50-edge.markdown",
        "title: Edge Functions\nsortorder: 0900\n\nAt the edge.\n",
    );
    events.next_build();
    assert!(server
        .body("/deployment/edge.html")
        .contains("At the edge."));
    assert!(server
        .body("/servers.html")
        .contains("href=\"deployment/edge.html\""));

    // A rename moves it: the old address is gone everywhere.
    fs::rename(
        site.path()
            .join("content/pages/05-deployment/50-edge.markdown"),
        site.path()
            .join("content/pages/05-deployment/50-edge-computing.markdown"),
    )
    .unwrap();
    let c = changed(&events.next_build());
    assert!(
        c.contains(&"deployment/edge.html".to_string())
            && c.contains(&"deployment/edge-computing.html".to_string()),
        "{c:?}"
    );
    assert_eq!(server.get("/deployment/edge.html").0, 404);
    assert!(server
        .body("/servers.html")
        .contains("href=\"deployment/edge-computing.html\""));

    // A deleted page disappears from the output and from every sidebar.
    site.remove("content/pages/05-deployment/50-edge-computing.markdown");
    events.next_build();
    assert_eq!(server.get("/deployment/edge-computing.html").0, 404);
    for page in ["servers.html", "serverless.html", "index.html"] {
        assert!(
            !server.body(&format!("/{page}")).contains("edge-computing"),
            "{page}"
        );
    }

    // A new chapter folder, then renamed, then deleted as a whole.
    site.write(
        "content/pages/07-extra/00-extra.markdown",
        "title: Extra\n\nExtra chapter.\n",
    );
    site.write(
        "content/pages/07-extra/01-more.markdown",
        "title: More\n\nMore.\n",
    );
    events.next_build();
    // The chapter list is one script that every page loads.
    let chapter_list = || {
        let page = server.body("/serverless.html");
        let src = common::between(&page, "<script src=\"theme/chapters.", "\"").to_string();
        server.body(&format!("/theme/chapters.{src}"))
    };
    assert!(chapter_list().contains("\"title\":\"Extra\""));
    fs::rename(
        site.path().join("content/pages/07-extra"),
        site.path().join("content/pages/08-bonus"),
    )
    .unwrap();
    events.next_build();
    assert!(server.body("/bonus/more.html").contains("More."));
    fs::remove_dir_all(site.path().join("content/pages/08-bonus")).unwrap();
    events.next_build();
    assert_eq!(server.get("/bonus/more.html").0, 404);
    assert!(!chapter_list().contains("\"title\":\"Extra\""));

    // A static file: copied alone.
    site.write(
        "static/img/visuals/new.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let c = changed(&events.next_build());
    assert_eq!(c, ["img/visuals/new.svg"]);
    let (status, ct, _) = server.get("/img/visuals/new.svg");
    assert_eq!((status, ct.as_str()), (200, "image/svg+xml"));

    // A template change re-renders every page; site.yaml rebuilds all.
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<article class=\"custom\">{{ page.content | safe }}</article>{% endblock content %}");
    let c = changed(&events.next_build());
    assert!(
        c.contains(&"serverless.html".to_string()) && c.contains(&"python-2-or-3.html".to_string()),
        "{c:?}"
    );
    assert!(server
        .body("/serverless.html")
        .contains("<article class=\"custom\">"));
    site.write("site.yaml", "title: Renamed Guide\nauthor: quire demo\n");
    let e = events.next_build();
    assert!(
        e.data["changed"].is_null(),
        "a full build reloads every tab: {}",
        e.data
    );
    assert!(server.body("/servers.html").contains("Renamed Guide"));

    assert_equals_fresh_build(&site);
}

#[test]
fn a_burst_of_files_is_one_rebuild_and_editor_droppings_none() {
    let site = Site::demo();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    // Like a `git checkout` that brings in a whole chapter.
    for i in 0..300 {
        site.write(
            &format!("content/pages/09-many/{i:03}-page-{i}.markdown"),
            format!("title: Page {i}\n\nBody {i}.\n"),
        );
    }
    let builds = events.builds_within(Duration::from_secs(10));
    assert_eq!(builds.len(), 1, "one rebuild for the burst: {builds:?}");
    assert!(server.body("/many/page-299.html").contains("Body 299."));

    // What editors leave beside the file is not a change to the site.
    for name in [
        ".38-serverless.markdown.swp",
        "38-serverless.markdown~",
        ".#38-serverless.markdown",
        "4913",
        "x.bck",
        "y.tmp",
    ] {
        site.write(&format!("content/pages/05-deployment/{name}"), "junk");
    }
    site.write(".git/index", "junk");
    site.write("output/stray.txt", "junk");
    let none = events.builds_within(Duration::from_millis(600));
    assert!(none.is_empty(), "{none:?}");
    site.remove("output/stray.txt");
    assert_equals_fresh_build(&site);
}

#[test]
fn errors_reach_every_tab_and_the_last_good_pages_stay_served() {
    let site = Site::demo();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let good = server.body("/serverless.html");

    // Broken front matter: file, line and message, in the terminal and the event.
    site.write(
        SERVERLESS,
        "title: Serverless\nsortorder: soon\nslug: serverless\n\nBody.\n",
    );
    let e = events.next_build();
    assert_eq!(e.name, "failed", "{}", e.data);
    let err = &e.data["errors"][0];
    assert_eq!(err["file"], SERVERLESS);
    assert_eq!(err["line"], 2);
    assert!(
        err["message"].as_str().unwrap().contains("sortorder"),
        "{err}"
    );
    assert_eq!(
        server.body("/serverless.html"),
        good,
        "the last good page stays"
    );
    // A tab opened now learns of the error at once.
    let late = server.events();
    assert_eq!(late.status.name, "failed");
    assert_eq!(late.status.data["errors"][0]["line"], 2);
    server.wait_printed(&format!("{SERVERLESS}:2"));

    // Fixed: a good build, and the page has the fix.
    site.write(
        SERVERLESS,
        "title: Serverless\nslug: serverless\nsortorder: 0835\n\nFixed body.\n",
    );
    assert_eq!(events.next_build().name, "built");
    assert!(server.body("/serverless.html").contains("Fixed body."));

    // A template error names the template and its line.
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.content | safe }\n{% endblock content %}");
    let e = events.next_build();
    assert_eq!(e.name, "failed");
    assert_eq!(
        e.data["errors"][0]["file"], "templates/page.html",
        "{}",
        e.data
    );
    assert!(e.data["errors"][0]["line"].as_u64().is_some(), "{}", e.data);
    fs::remove_file(site.path().join("templates/page.html")).unwrap();
    assert_eq!(events.next_build().name, "built");

    // A missing template.
    site.write(
        SERVERLESS,
        "title: Serverless\ntemplate: nope\nslug: serverless\n\nBody.\n",
    );
    let e = events.next_build();
    assert_eq!(e.name, "failed");
    assert!(
        e.data["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nope.html"),
        "{}",
        e.data
    );
    assert_eq!(e.data["errors"][0]["line"], 2);
    site.write(SERVERLESS, "title: Serverless\nslug: serverless\n\nBack.\n");
    assert_eq!(events.next_build().name, "built");
    assert!(server.body("/serverless.html").contains("Back."));
    assert_equals_fresh_build(&site);
}

#[test]
fn files_types_indexes_404_and_methods() {
    let site = Site::demo()
        .with(
            "static/guide/index.html",
            "<html><body>Guide index</body></html>",
        )
        .with("static/style/x.css", "body{}")
        .with("static/data/x.json", "{}");
    let server = Server::start(site.path(), &[]);
    let (status, ct, body) = server.get("/");
    assert_eq!((status, ct.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("Python Deployment Guide") && body.contains(INJECTED));
    assert!(server.body("/guide/").contains("Guide index"));
    assert_eq!(server.get("/style/x.css").1, "text/css; charset=utf-8");
    assert_eq!(
        server.get("/data/x.json").1,
        "application/json; charset=utf-8"
    );
    assert_eq!(server.get("/img/visuals/serverless.png").1, "image/png");
    let stylesheet = server.body("/serverless.html");
    let css = stylesheet
        .split("href=\"")
        .find(|s| s.starts_with("theme/"))
        .unwrap();
    let css = format!("/{}", &css[..css.find('"').unwrap()]);
    assert_eq!(server.get(&css).1, "text/css; charset=utf-8");

    // The site's 404 page (the theme's, until the site overrides it), with status 404.
    let (status, ct, body) = server.get("/nope.html");
    assert_eq!((status, ct.as_str()), (404, "text/html; charset=utf-8"));
    assert!(body.contains("Page not found"), "{body}");
    let events = server.events();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}Our own 404{% endblock content %}",
    );
    events.next_build();
    let (status, _, body) = server.get("/nope.html");
    assert_eq!(status, 404);
    assert!(body.contains("Our own 404") && body.contains(INJECTED));

    // GET and HEAD only.
    let head = server
        .raw("HEAD /serverless.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.contains("content-length:") && !head.contains("<html"),
        "{head}"
    );
    for method in ["POST", "PUT", "DELETE"] {
        let r = server.raw(&format!("{method} /serverless.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        assert!(r.starts_with("HTTP/1.1 405"), "{method}: {r}");
        assert!(r.to_ascii_lowercase().contains("allow: get, head"), "{r}");
    }
}

#[test]
fn no_path_leads_out_of_the_site() {
    let site = Site::demo();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(site.path(), &[]);
    let out = site.output();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), out.join("leakdir")).unwrap();
    let secret_rel = outside.path().join("secret.txt");
    let secret_rel = secret_rel.to_str().unwrap();
    let depth = "/..".repeat(12);
    for path in [
        format!("{depth}{secret_rel}"),
        format!("{}{secret_rel}", "/%2e%2e".repeat(12)),
        format!("{}{secret_rel}", "/%2E%2E".repeat(12)),
        format!("/x{}{}", "%2f..".repeat(12), secret_rel.replace('/', "%2f")),
        format!("/{}", "..\\".repeat(12)) + &secret_rel.replace('/', "\\"),
        format!("/{}", "..%5c".repeat(12)) + &secret_rel.replace('/', "%5c"),
        format!("/{secret_rel}"),
        secret_rel.to_string(),
        "/leak.txt".to_string(),
        "/leakdir/secret.txt".to_string(),
        "/.quire-manifest".to_string(),
    ] {
        let r = server.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ));
        let status = r.lines().next().unwrap_or("");
        assert!(!status.contains(" 200 "), "{path} was served: {status}");
        assert!(!r.contains("TOP SECRET"), "{path} leaked the file");
    }
    // A link inside the output folder is fine.
    std::os::unix::fs::symlink(out.join("serverless.html"), out.join("alias.html")).unwrap();
    assert!(server.body("/alias.html").contains("Serverless"));
}

#[test]
fn the_event_stream_answers_only_its_own_address() {
    let site = Site::demo();
    let server = Server::start(site.path(), &[]);
    let ask = |host: &str, origin: Option<&str>| {
        let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
        server.raw(&format!(
            "GET /__quire/events HTTP/1.1\r\nHost: {host}\r\n{origin}Connection: close\r\n\r\n"
        ))
    };
    let p = server.port;
    assert!(ask(&format!("evil.example:{p}"), None).starts_with("HTTP/1.1 403"));
    assert!(ask(
        &format!("127.0.0.1:{p}"),
        Some(&format!("http://evil.example:{p}"))
    )
    .starts_with("HTTP/1.1 403"));
    // The stream itself stays open, so read only its head.
    let mut s = std::net::TcpStream::connect(("127.0.0.1", p)).unwrap();
    use std::io::{Read, Write};
    s.write_all(format!("GET /__quire/events HTTP/1.1\r\nHost: localhost:{p}\r\n\r\n").as_bytes())
        .unwrap();
    let mut head = [0u8; 64];
    let n = s.read(&mut head).unwrap();
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 200"));
}

#[test]
fn two_hundred_connections_at_once_and_clients_that_leave() {
    use std::io::{Read, Write};
    let site = Site::demo();
    site.write("static/big.bin", vec![7u8; 4 << 20]);
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    // Clients that hang up halfway through a large response.
    for _ in 0..20 {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let mut buf = [0u8; 1024];
        let _ = s.read(&mut buf);
    }
    // 200 connections open together, then each asks for a page.
    let conns: Vec<std::net::TcpStream> = (0..200)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let handles: Vec<_> = conns
        .into_iter()
        .map(|mut s| {
            std::thread::spawn(move || {
                s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
                s.write_all(
                    b"GET /serverless.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                )
                .unwrap();
                let mut out = String::new();
                s.read_to_string(&mut out).unwrap();
                out
            })
        })
        .collect();
    for h in handles {
        let r = h.join().unwrap();
        assert!(
            r.starts_with("HTTP/1.1 200") && r.contains("</html>"),
            "{}",
            &r[..r.len().min(200)]
        );
    }
    assert!(server.body("/servers.html").contains("Servers"));
}

#[test]
fn a_taken_port_is_said_and_the_next_one_used() {
    let site = Site::demo();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start(site.path(), &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    server.wait_printed(&format!("port {port} is in use"));
    assert!(server.body("/serverless.html").contains("Serverless"));
}

#[test]
fn ctrl_c_stops_it_cleanly_even_with_tabs_open() {
    let site = Site::demo();
    let mut server = Server::start(site.path(), &[]);
    let _events = server.events();
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    server.wait_printed("Stopped.");
}

#[test]
fn polling_sees_changes_too() {
    let site = Site::demo();
    let server = Server::start(site.path(), &["--poll"]);
    assert!(server.printed().contains("by polling"));
    let events = server.events();
    site.write(
        SERVERLESS,
        "title: Serverless\nslug: serverless\n\nPolled.\n",
    );
    events.next_build();
    assert!(server.body("/serverless.html").contains("Polled."));
}

#[test]
fn build_watch_rebuilds_the_output_without_a_server() {
    let site = Site::demo();
    let mut child = std::process::Command::new(common::QUIRE)
        .args(["build", "--watch"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    assert!(lines.any(|l| l.unwrap().contains("Watching")));
    site.write(
        SERVERLESS,
        "title: Serverless\nslug: serverless\n\nWatched.\n",
    );
    let line = lines.next().unwrap().unwrap();
    assert!(line.contains("Rebuilt"), "{line}");
    let html = site.read("serverless.html");
    let _ = child.kill();
    let _ = child.wait();
    assert!(html.contains("Watched.") && !html.contains("livereload"));
    assert_equals_fresh_build(&site);
}

#[test]
fn a_site_that_does_not_build_is_served_with_its_errors() {
    let site = Site::new().with("content/a.md", "title: A\ndate: someday\n\nx\n");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    assert_eq!(events.status.name, "failed");
    assert_eq!(events.status.data["errors"][0]["file"], "content/a.md");
    server.wait_printed("content/a.md:2");
    let (status, _, body) = server.get("/a.html");
    assert_eq!(status, 404);
    assert!(
        body.contains(INJECTED),
        "even the 404 page shows the errors"
    );
    site.write("content/a.md", "title: A\n\nNow fine.\n");
    assert_eq!(events.next_build().name, "built");
    assert!(server.body("/a.html").contains("Now fine."));
}

#[test]
#[cfg_attr(
    quire_no_browser,
    ignore = "needs chromedriver and Chromium (Debian: apt-get install chromium chromium-driver)"
)]
fn the_open_tab_follows_edits_keeps_its_scroll_and_shows_errors_in_chromium() {
    use common::browser::Browser;
    let site = Site::demo();
    let long: String = (0..150)
        .map(|i| format!("Paragraph {i} of a long page.\n\n"))
        .collect();
    let page = |version: &str| {
        format!(
            "title: Serverless\nslug: serverless\nsortorder: 0835\nmeta: A test page.\n\n<link rel=\"stylesheet\" href=\"/extra.css\">\n\n{version}\n\n{long}"
        )
    };
    site.write("static/extra.css", "main p { color: rgb(0, 0, 0); }");
    site.write(SERVERLESS, page("First version."));
    let server = Server::start(site.path(), &[]);
    let Some(browser) = Browser::start_or_skip() else {
        return;
    };
    let wait = |script: &str| browser.wait_for(script, Duration::from_secs(30));
    let connected = || wait("return document.documentElement.dataset.quireLive === 'connected'");
    browser.goto(&format!("{}/serverless.html", server.url));
    wait("return document.body.innerText.includes('First version.')");
    connected();

    // The edit appears without the test reloading.
    browser.eval("window.quireMarker = 1; return true;");
    site.write(SERVERLESS, page("Second version."));
    wait("return document.body.innerText.includes('Second version.')");
    assert_eq!(
        browser.eval("return window.quireMarker === undefined;"),
        true,
        "the tab reloaded itself"
    );
    connected();

    // Scrolled down, an edit keeps the place.
    let y = browser.eval("window.scrollTo(0, 1500); return window.scrollY;");
    assert!(y.as_f64().unwrap() > 1000.0, "the page scrolls: {y}");
    atomic_save(&site, SERVERLESS, &page("Third version."));
    wait("return document.body.innerText.includes('Third version.')");
    wait(&format!("return Math.abs(window.scrollY - {y}) < 2;"));
    connected();

    // A stylesheet change is swapped in without a reload.
    browser.eval("window.quireMarker = 2; return true;");
    site.write("static/extra.css", "main p { color: rgb(200, 0, 0); }");
    wait("return getComputedStyle(document.querySelector('main p')).color === 'rgb(200, 0, 0)';");
    assert_eq!(browser.eval("return window.quireMarker;"), 2);

    // Another page's edit leaves this tab alone.
    let servers = "content/pages/05-deployment/01-servers.markdown";
    let text = fs::read_to_string(site.path().join(servers)).unwrap();
    site.write(servers, format!("{text}\n\nServers, edited.\n"));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !server.body("/servers.html").contains("Servers, edited.") {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        browser.eval("return window.quireMarker;"),
        2,
        "not reloaded"
    );

    // A template error shows over the page; its fix clears it and reloads.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.content | safe }\n{% endblock content %}",
    );
    let shown =
        wait("const o = document.getElementById('quire-overlay'); return o && o.innerText;");
    assert!(
        shown.as_str().unwrap().contains("templates/page.html"),
        "{shown}"
    );
    assert!(browser.eval("return document.body.innerText.includes('Third version.');") == true);
    fs::remove_file(site.path().join("templates/page.html")).unwrap();
    wait("return !document.getElementById('quire-overlay') && window.quireMarker === undefined;");
    connected();

    // Broken front matter: the overlay names the file and line.
    site.write(
        SERVERLESS,
        "title: Serverless\nsortorder: soon\nslug: serverless\n\nBody.\n",
    );
    let shown =
        wait("const o = document.getElementById('quire-overlay'); return o && o.innerText;");
    assert!(
        shown.as_str().unwrap().contains(&format!("{SERVERLESS}:2")),
        "{shown}"
    );
    if let Ok(dir) = std::env::var("QUIRE_SCREENSHOTS") {
        fs::write(format!("{dir}/serve-overlay.png"), browser.screenshot_png()).unwrap();
    }
    site.write(SERVERLESS, page("Fourth version."));
    wait("return !document.getElementById('quire-overlay') && document.body.innerText.includes('Fourth version.');");
    connected();

    // The server restarts: the tab reconnects by itself, reloads, and follows edits again.
    browser.eval("window.quireMarker = 3; return true;");
    let port = server.port;
    drop(server);
    let server = Server::start(site.path(), &["--port", &port.to_string()]);
    assert_eq!(server.port, port, "the same port again");
    wait("return window.quireMarker === undefined && document.documentElement.dataset.quireLive === 'connected';");
    site.write(SERVERLESS, page("Fifth version."));
    wait("return document.body.innerText.includes('Fifth version.');");
}

#[test]
fn a_save_soon_after_another_is_served_before_the_site_wide_files() {
    let site = Site::demo();
    // A long window, so that the second save lands inside it on any machine.
    let server = Server::start_with_env(site.path(), &[], &[("QUIRE_SHARED_DELAY_MS", "3000")]);
    let events = server.events();
    let original = fs::read_to_string(site.path().join(SERVERLESS)).unwrap();
    let next = |what: &str| loop {
        let e = events
            .next(Duration::from_secs(30))
            .unwrap_or_else(|| panic!("no {what} event"));
        if e.name == "built" || e.name == "updated" || e.name == "failed" {
            return e;
        }
    };

    site.write(
        SERVERLESS,
        original.replace("# Serverless\n", "# Serverless\n\nFirstsavemarker.\n"),
    );
    let first = next("first built");
    assert_eq!(changed(&first), ["serverless.html"]);
    assert_eq!(first.data["more"], true, "{}", first.data);
    assert!(server.body("/serverless.html").contains("Firstsavemarker."));
    // The whole search index (its files under theme/search/), as one text.
    let index = || {
        common::snapshot(&site.output().join("theme/search"))
            .into_keys()
            .map(|rel| common::search_json(&site.output(), &rel))
            .collect::<String>()
    };
    assert!(!index().contains("firstsavemarker"), "the index waits");

    site.write(
        SERVERLESS,
        original.replace("# Serverless\n", "# Serverless\n\nSecondsavemarker.\n"),
    );
    let second = next("second built");
    assert_eq!(
        second.name, "built",
        "the second save's page comes before the site-wide files: {second:?}"
    );
    assert!(server
        .body("/serverless.html")
        .contains("Secondsavemarker."));
    assert!(
        !index().contains("secondsavemarker"),
        "the index still waits"
    );

    // Once the writer pauses, the site-wide files follow, from the last save.
    let updated = next("updated");
    assert_eq!(updated.name, "updated", "{updated:?}");
    assert!(index().contains("secondsavemarker"));
    assert!(!index().contains("firstsavemarker"));
    assert_equals_fresh_build(&site);
}

#[test]
fn a_finding_made_an_error_stops_an_edit_whose_site_wide_files_wait() {
    // The edited page is served before the site-wide pass; `checks: {broken-link: error}`
    // must still keep a page with a broken link out of the output, as `quire build` does.
    let site = Site::demo();
    let yaml = fs::read_to_string(site.path().join("site.yaml")).unwrap();
    // The demo's site.yaml may already have a `checks:` map: the setting goes into it.
    let yaml = match yaml.find("\nchecks:\n") {
        Some(i) => format!("{}  broken-link: error\n{}", &yaml[..i + 9], &yaml[i + 9..]),
        None => format!("{yaml}checks:\n  broken-link: error\n"),
    };
    site.write("site.yaml", yaml);
    let server = Server::start_with_env(site.path(), &[], &[("QUIRE_SHARED_DELAY_MS", "3000")]);
    let events = server.events();
    let good = server.body("/serverless.html");
    let original = fs::read_to_string(site.path().join(SERVERLESS)).unwrap();

    site.write(
        SERVERLESS,
        original.replace(
            "# Serverless\n",
            "# Serverless\n\nSee [gone](/no-such-page.html).\n",
        ),
    );
    let e = events.next_build();
    assert_eq!(e.name, "failed", "{}", e.data);
    assert_eq!(e.data["errors"][0]["file"], SERVERLESS, "{}", e.data);
    assert!(
        e.data["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-page.html"),
        "{}",
        e.data
    );
    assert_eq!(
        server.body("/serverless.html"),
        good,
        "the page stays as it was"
    );

    site.write(
        SERVERLESS,
        original.replace("# Serverless\n", "# Serverless\n\nFixedmarker.\n"),
    );
    let e = events.next_build();
    assert_eq!(e.name, "built", "{}", e.data);
    assert!(server.body("/serverless.html").contains("Fixedmarker."));
}

#[test]
fn a_failure_of_the_site_wide_pass_reaches_the_tabs() {
    let site = Site::demo();
    let server = Server::start_with_env(site.path(), &[], &[("QUIRE_SHARED_DELAY_MS", "0")]);
    let events = server.events();
    // Something outside quire's control stands where the search index goes.
    let index = site.output().join("theme/search/meta.js");
    fs::remove_file(&index).unwrap();
    fs::create_dir_all(index.join("in-the-way")).unwrap();
    let original = fs::read_to_string(site.path().join(SERVERLESS)).unwrap();
    site.write(SERVERLESS, format!("{original}\nA sentence more.\n"));
    // The edited page comes first, then the site-wide files, whose failure is an `updated` event.
    let built = loop {
        let e = events.next(Duration::from_secs(30)).expect("a build");
        if e.name == "built" {
            break e;
        }
    };
    assert_eq!(built.data["more"], true, "{}", built.data);
    assert!(server.body("/serverless.html").contains("A sentence more."));
    let updated = loop {
        let e = events
            .next(Duration::from_secs(30))
            .expect("the site-wide pass");
        if e.name == "updated" {
            break e;
        }
    };
    let errors = updated.data["errors"].as_array().expect("errors");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("meta.js")
            || errors[0]["location"].as_str().unwrap().contains("meta.js"),
        "{}",
        updated.data
    );
    // A tab opened now is told too; the terminal said it.
    assert_eq!(server.events().status.name, "failed");
    server.wait_printed("meta.js");

    // Out of the way again: the next save brings everything up to date.
    fs::remove_dir_all(&index).unwrap();
    site.write(SERVERLESS, format!("{original}\nTwo sentences more.\n"));
    let updated = loop {
        let e = events
            .next(Duration::from_secs(30))
            .expect("the site-wide pass");
        if e.name == "updated" {
            break e;
        }
    };
    assert!(updated.data.get("errors").is_none(), "{}", updated.data);
    assert!(index.is_file());
}

#[test]
fn an_edit_of_mkdocs_yml_shows_and_a_broken_one_keeps_the_last_good_site_served() {
    let site = Site::new()
        .with("mkdocs.yml", "site_name: Gadget Docs\n")
        .with("docs/index.md", "# Welcome\n")
        .with("docs/guide.md", "# Guide\n\nHow to.\n");
    fs::remove_dir(site.path().join("content")).unwrap();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let title = || common::between(&server.body("/guide/"), "<title>", "</title>").to_string();
    assert_eq!(title(), "Guide · Gadget Docs");

    // A new site_name: every page says it after the rebuild.
    site.write("mkdocs.yml", "site_name: Renamed Docs\n");
    assert_eq!(events.next_build().name, "built");
    assert_eq!(title(), "Guide · Renamed Docs");

    // A YAML mistake: its file and line in the event (the page's panel) and the terminal,
    // and the last good site stays served.
    site.write(
        "mkdocs.yml",
        "site_name: Broken Docs\ntheme:\n  name: material\n\tfeatures: []\n",
    );
    let e = events.next_build();
    assert_eq!(e.name, "failed", "{}", e.data);
    assert_eq!(e.data["errors"][0]["file"], "mkdocs.yml", "{}", e.data);
    assert_eq!(e.data["errors"][0]["line"], 4, "{}", e.data);
    server.wait_printed("mkdocs.yml:4");
    assert_eq!(title(), "Guide · Renamed Docs", "the last good page stays");
    assert_eq!(
        server.events().status.name,
        "failed",
        "a tab opened now is told"
    );

    // Fixed: built again, with the fixed name.
    site.write("mkdocs.yml", "site_name: Fixed Docs\n");
    assert_eq!(events.next_build().name, "built");
    assert_eq!(title(), "Guide · Fixed Docs");
}
