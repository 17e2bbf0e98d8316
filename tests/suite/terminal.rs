//! What quire prints, read as a newcomer reads it: a few lines however big the site, warnings
//! by kind with their number, `-q` silent on success, `checks:` obeyed by every command, and
//! error messages with one right place.

use crate::common;

use common::serve::Server;
use common::{Run, Site};
use serde_json::Value;

/// A site of `n` pages without `meta`, and a site.yaml with `extra` lines.
fn pages_without_meta(n: usize, site_yaml: &str) -> Site {
    let site = Site::new().with("site.yaml", site_yaml);
    for i in 0..n {
        site.write(
            &format!("content/p{i:04}.md"),
            format!("title: Page {i}\n\nText of page {i}.\n"),
        );
    }
    site
}

fn lines(text: &str) -> usize {
    text.lines().count()
}

#[test]
fn a_big_site_without_meta_prints_a_few_lines_and_check_lists_every_warning() {
    let site = pages_without_meta(2000, "title: Big\n");
    let run = site.build().succeeds();
    // Three shown (two lines each), one line saying how many more, the note; one summary line.
    assert_eq!(lines(&run.stderr), 8, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: content/p0000.md:1: the page has no `meta` (the description search engines and link previews show)\n  help: add a line `meta: one sentence about the page` to the front matter\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  … and 1997 more missing-meta warnings (`quire check` lists them all; `checks: {missing-meta: off}` in site.yaml turns them off)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(lines(&run.stdout), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("✔ Built 2000 pages, 0 posts and 0 static files in "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("; 2000 warnings (2000 missing-meta)\n"),
        "{}",
        run.stdout
    );

    let quiet = site.quire(&["build", "-q"]).succeeds();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));

    // `quire check` lists them all, and counts what build counts; the note is no warning.
    let check = site.quire(&["check"]).succeeds();
    assert_eq!(check.stderr.matches("warning:").count(), 2000);
    assert!(
        check
            .stderr
            .ends_with("✔ No errors in 2000 pages (2000 warnings)\n"),
        "{}",
        &check.stderr[check.stderr.len() - 200..]
    );
}

#[test]
fn the_no_host_note_is_one_dim_line_not_a_warning_and_silent_under_quiet() {
    let site = Site::new().with("content/a.md", "title: A\nmeta: A.\n\nA\n");
    let run = site.build().succeeds();
    assert_eq!(
        run.stderr,
        "note: the default base_url has no host, so sitemap.xml and feed.xml were not written (a site.yaml with `base_url: https://your.host/path/` gives them)\n"
    );
    assert!(!run.stdout.contains("warning"), "{}", run.stdout);
    let quiet = site.quire(&["build", "-q"]).succeeds();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));

    site.write("site.yaml", "title: A site\nbase_url: /docs/\n");
    let run = site.build().succeeds();
    assert_eq!(
        run.stderr,
        "note: base_url in site.yaml has no host, so sitemap.xml and feed.xml were not written (they need absolute URLs: `base_url: https://your.host/path/`)\n"
    );
    let check = site.quire(&["check"]).succeeds();
    assert!(
        check.stderr.contains("No errors in 1 page (0 warnings)"),
        "{}",
        check.stderr
    );
}

/// Two pages, one without `meta` and with a broken link.
fn site_with_checks(checks: &str) -> Site {
    Site::new()
        .with(
            "site.yaml",
            &format!("title: T\nbase_url: https://example.org/\n{checks}"),
        )
        .with(
            "content/a.md",
            "title: A\n\nSee [b](/b.html) and [gone](/gone.html).\n",
        )
        .with("content/b.md", "title: B\nmeta: B.\n\nB\n")
}

fn kinds(run: &Run) -> Vec<(String, String)> {
    let items: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    items
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const BROKEN: &str =
    "content/a.md:3:22: broken link: /gone.html points to a page that does not exist";

#[test]
fn checks_in_site_yaml_turn_kinds_off_or_into_errors_in_build_and_check() {
    // Without `checks:`: build warns of both, check fails on the link.
    let site = site_with_checks("");
    let run = site.build().succeeds();
    assert!(run.stderr.contains(&format!("warning: {BROKEN}")));
    assert!(run
        .stderr
        .contains("warning: content/a.md:1: the page has no `meta`"));
    let check = site.quire(&["check", "--format", "json"]).fails();
    assert_eq!(
        kinds(&check),
        [
            ("missing-meta".into(), "warning".into()),
            ("broken-link".into(), "error".into())
        ]
    );

    // Off, and a warning: nothing fails, and the page without meta is not mentioned.
    let site = site_with_checks("checks:\n  missing-meta: off\n  broken-link: warning\n");
    let run = site.build().succeeds();
    assert!(!run.stderr.contains("meta"), "{}", run.stderr);
    assert!(
        run.stdout.ends_with("; 1 warning (1 broken-link)\n"),
        "{}",
        run.stdout
    );
    let check = site.quire(&["check"]).succeeds();
    assert!(
        check.stderr.contains(&format!("warning: {BROKEN}")),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("✔ No errors in 2 pages (1 warning)"),
        "{}",
        check.stderr
    );
    let check = site.quire(&["check", "--format", "json"]).succeeds();
    assert_eq!(kinds(&check), [("broken-link".into(), "warning".into())]);

    // An error: the build fails and leaves the output folder as it was.
    site.build().succeeds();
    let before = site.snapshot();
    site.write(
        "site.yaml",
        "base_url: https://example.org/\nchecks: {broken-link: error}\n",
    );
    let run = site.build().fails();
    assert!(
        run.stderr.contains(&format!("error: {BROKEN}")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("✘ Build failed with 1 error; the output folder was not changed."),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot(), before);
    let check = site.quire(&["check", "--format", "json"]).fails();
    assert_eq!(
        kinds(&check),
        [
            ("missing-meta".into(), "warning".into()),
            ("broken-link".into(), "error".into())
        ]
    );
}

#[test]
fn checks_name_known_kinds_with_a_did_you_mean() {
    let site = site_with_checks("checks:\n  missing-mta: off\n");
    let run = site.build().fails();
    assert!(
        run.stderr.contains(
            "error: site.yaml:4: `checks:` names an unknown kind of check: `missing-mta`\n  help: did you mean `missing-meta`?\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn serve_obeys_checks_and_shows_a_saves_new_warnings_only() {
    let site = site_with_checks("checks:\n  broken-link: off\n");
    let server = Server::start(site.path(), &[]);
    server.wait_printed("✔ Built 2 pages, 0 posts and 0 static files in ");
    server.wait_printed(" removed); 1 warning (1 missing-meta)");
    // The two streams are read apart: the warnings may come in after the summary.
    server.wait_printed(
        "  help: add a line `meta: one sentence about the page` to the front matter\n",
    );
    let first = server.printed();
    assert_eq!(first.matches("warning:").count(), 1, "{first}");
    assert!(
        first.contains("warning: content/a.md:1: the page has no `meta`"),
        "{first}"
    );
    assert!(!first.contains("gone.html"), "{first}");

    // A new page without meta, and a change of site.yaml: only the new page's warning is printed.
    site.write("content/c.md", "title: C\n\nC\n");
    site.write(
        "site.yaml",
        "title: T2\nbase_url: https://example.org/\nchecks:\n  broken-link: off\n",
    );
    server.wait_printed("content/c.md:1: the page has no `meta`");
    server.wait_printed(" removed); 2 warnings (2 missing-meta)");
    let now = server.printed();
    let after = &now[first.len()..];
    assert_eq!(after.matches("warning:").count(), 1, "{after}");
    assert!(!after.contains("content/a.md"), "{after}");
}

#[test]
fn a_save_shows_the_warnings_it_brought_and_no_others() {
    let site = site_with_checks("");
    let server = Server::start(site.path(), &[]);
    server.wait_printed(" removed); 2 warnings (1 broken-link, 1 missing-meta)");
    // The two streams are read apart: the warnings may come in after the summary.
    server.wait_printed("/gone.html points to a page that does not exist\n  help: link to an existing page, e.g. /index.html\n");
    let first = server.printed();
    // A text edit (re-rendered in place) that adds a second broken link.
    site.write(
        "content/a.md",
        "title: A\n\nSee [b](/b.html) and [gone](/gone.html).\n\nAnd [lost](/lost.html).\n",
    );
    // Checked again with the site-wide files, after the page is served.
    server.wait_printed("/lost.html points to a page that does not exist\n  help: link to an existing page, e.g. /index.html\n");
    let now = server.printed();
    let after = &now[first.len()..];
    assert_eq!(after.matches("warning:").count(), 1, "{after}");
    assert!(
        after.contains("warning: content/a.md:5:5: broken link: /lost.html points to a page that does not exist"),
        "{after}"
    );
    assert!(after.contains("✔ Rebuilt 1 page, "), "{after}");
    // The fix: nothing new to say.
    site.write("content/a.md", "title: A\nmeta: A.\n\nSee [b](/b.html).\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while server.printed().matches("✔ Rebuilt").count() < 2 {
        assert!(std::time::Instant::now() < deadline, "{}", server.printed());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let fixed = server.printed();
    let after = &fixed[now.len()..];
    assert!(!after.contains("warning"), "{after}");
}

#[test]
fn serve_quiet_prints_only_its_address() {
    let site = site_with_checks("");
    let server = Server::start(site.path(), &["-q"]);
    let printed = server.printed();
    assert_eq!(lines(&printed), 1, "{printed}");
    assert!(printed.starts_with("Serving "), "{printed}");
}

#[test]
fn build_watch_and_serve_print_the_summary_of_build() {
    let site = Site::demo();
    let build = site.build().succeeds();
    let summary = build.stdout.split(" in ").next().unwrap().to_string();
    assert_eq!(summary, "✔ Built 11 pages, 2 posts and 3 static files");
    let server = Server::start(site.path(), &[]);
    server.wait_printed(&format!("{summary} in "));
    drop(server);
    let mut watch = std::process::Command::new(common::QUIRE)
        .args(["build", "--watch"])
        .arg(site.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufRead::lines(std::io::BufReader::new(watch.stdout.take().unwrap()));
    let first = out.next().unwrap().unwrap();
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(first.starts_with(&format!("{summary} in ")), "{first}");
}

fn good_site() -> Site {
    Site::new()
        .with("site.yaml", "title: T\nbase_url: https://example.org/\n")
        .with("content/a.md", "title: A\nmeta: A.\n\nA\n")
}

#[test]
fn yaml_errors_are_at_the_files_line_and_column_in_plain_words() {
    let site = good_site().with("content/tab.md", "---\ntitle: Tab\n\tslug: t\n---\nText.\n");
    let run = site.build().fails();
    assert!(
        run.stderr.contains("error: content/tab.md:3:1: malformed YAML front matter: a tab in the indentation (YAML indents with spaces only)\n  help: replace the tab with spaces\n"),
        "{}",
        run.stderr
    );
    let site = good_site().with(
        "content/colon.md",
        "---\ntitle: Python: the basics\n---\nText.\n",
    );
    let run = site.build().fails();
    assert!(
        run.stderr.contains("error: content/colon.md:2:14: malformed YAML front matter: a value holding `: ` must be quoted\n  help: write it in quotes: `title: \"Python: the basics\"`\n"),
        "{}",
        run.stderr
    );
    let site = good_site().with(
        "content/indent.md",
        "---\ntitle: Lists\ntags:\n  - a\n - b\n---\nText.\n",
    );
    let run = site.build().fails();
    assert!(
        run.stderr.contains("error: content/indent.md:5:2: malformed YAML front matter: this line is indented unlike the lines above it\n  help: indent the items of one list or map by the same number of spaces\n"),
        "{}",
        run.stderr
    );
    // One place only: no second line number from the YAML parser.
    assert!(!run.stderr.contains(" at line "), "{}", run.stderr);
}

#[test]
fn a_misspelt_site_yaml_key_gets_a_did_you_mean_and_the_keys_once() {
    let site = good_site().with("site.yaml", "title: T\nbase_ulr: https://example.org/\n");
    let run = site.build().fails();
    assert!(
        run.stderr.contains("error: site.yaml:2:1: unknown key `base_ulr`\n  help: did you mean `base_url`? site.yaml knows title, description, base_url, author, lang, recent_posts, summary_words, relative_urls, snippets, content_dir, edit_url, image, llms_txt, tabs, nav, checks, permalinks, pretty_urls, markdown, toc, logo, favicon, repo_url, repo_name, social, copyright, pelican_theme, timezone, default_date, slug_substitutions, pelican_paths, and `extra:` (a map for your own templates)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("recent_posts").count(), 1);
}

#[test]
fn a_template_error_is_reported_once_with_its_line_and_the_pages_it_broke() {
    let site = good_site()
        .with("content/b.md", "title: B\nmeta: B.\n\nB\n")
        .with("content/c.md", "title: C\nmeta: C.\n\nC\n")
        .with("content/d.md", "title: D\nmeta: D.\n\nD\n")
        .with(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.titel }}</h1>\n{% endblock content %}\n",
        );
    let run = site.build().fails();
    assert!(
        run.stderr.starts_with("error: templates/page.html:3:8: Variable `page.titel` not found in context\n  in 4 pages: content/a.md, content/b.md, content/c.md and 1 more\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("✘ Build failed with 1 error;"),
        "{}",
        run.stderr
    );
}

#[test]
fn teras_parse_diagram_keeps_its_lines() {
    let site = good_site().with(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
    );
    let run = site.build().fails();
    assert!(
        run.stderr.contains("error: templates/page.html:4:1: Failed to parse 'page.html'\n   --> 4:1\n    |\n  4 | {% endblock content %}\n    | ^---\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn many_colliding_files_are_listed_one_per_line() {
    let site = good_site();
    for i in 0..14 {
        site.write(
            &format!("content/same{i:02}.md"),
            format!("title: S{i}\nmeta: S.\nslug: same\n\nS\n"),
        );
    }
    let run = site.build().fails();
    let mut want = "error: content/same00.md:3: 14 files all write output/same.html:\n".to_string();
    for i in 0..10 {
        want.push_str(&format!("    content/same{i:02}.md\n"));
    }
    want.push_str("    and 4 more\n");
    assert!(run.stderr.contains(&want), "{}", run.stderr);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "measures the release binary: run with `cargo test --release`"
)]
fn the_release_binary_is_at_most_25_mb() {
    let bytes = std::fs::metadata(common::QUIRE).unwrap().len();
    assert!(
        bytes <= 25 * 1024 * 1024,
        "{} is {bytes} bytes; keep debug info out of [profile.release] (see [profile.profiling])",
        common::QUIRE
    );
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let site = site_with_checks("");
    let build = |tty: bool, no_color: bool| {
        let quire = format!("{} build {}", common::QUIRE, site.path().display());
        let mut cmd = if tty {
            // util-linux's `script` runs quire on a pseudo-terminal.
            let mut c = std::process::Command::new("script");
            c.args(["-qec", &quire, "/dev/null"]).env("TERM", "xterm");
            c
        } else {
            let mut c = std::process::Command::new(common::QUIRE);
            c.arg("build").arg(site.path());
            c
        };
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().expect("run quire");
        assert!(out.status.success());
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(printed.contains("warning"), "{printed}");
        printed.contains('\u{1b}')
    };
    assert!(build(true, false), "no colour on a terminal");
    assert!(!build(true, true), "colour despite NO_COLOR");
    assert!(!build(false, false), "colour into a pipe");
}
