//! Issue 11, "Nothing lost, nothing leaked": quire never deletes or changes what it did not
//! write, a failed build changes nothing, and the preview and the link checker stay inside
//! their bounds. Each test is one finding of the issue, tried as an attacker or a careless
//! user would, on the real binary.
//!
//! Issue 27, "round two": a site from someone else cannot run script, read secrets, write
//! outside, or take the preview down. Its findings are tested in the submodules below, one
//! file per seam of the attack surface.

use crate::common;

mod escaping;
mod includes;
mod inputs;
mod network;
mod outputs;
mod preview;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Site, QUIRE};

/// Everything under a folder, links included (as their target) and not followed: a snapshot
/// to compare before and after a build that must change nothing.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    if !dir.exists() {
        return all;
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
        let t = e.file_type();
        let what = if t.is_symlink() {
            format!("link -> {}", fs::read_link(e.path()).unwrap().display())
        } else if t.is_dir() {
            "folder".to_string()
        } else {
            let bytes = fs::read(e.path()).unwrap();
            format!(
                "file {} {:016x}",
                bytes.len(),
                xxhash(&bytes) // a checksum is enough to see any change
            )
        };
        all.insert(rel, what);
    }
    all
}

fn xxhash(bytes: &[u8]) -> u64 {
    // FNV-1a: the test needs no crate for a checksum of a few files.
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[allow(dead_code)]
fn run(args: &[&str], site: &Path) -> Run {
    let out = Command::new(QUIRE)
        .args(args)
        .arg(site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run::from(out)
}

fn error_lines(r: &Run) -> usize {
    r.stderr.lines().filter(|l| l.starts_with("error")).count()
}

fn small_site() -> Site {
    Site::new()
        .with("content/a.md", "title: A\n\nAlpha.\n")
        .with("content/b.md", "title: B\n\nBravo.\n")
        .with("static/img/x.png", "png bytes")
}

// Finding 1: stale-file removal went through a symlinked folder of the output.
#[test]
fn finding_1_a_rebuild_never_deletes_through_a_symlinked_output_folder() {
    let site = small_site();
    site.build().succeeds();
    let mine = tempfile::tempdir().unwrap();
    fs::write(mine.path().join("x.png"), "the user's own picture").unwrap();
    fs::remove_dir_all(site.output().join("img")).unwrap();
    symlink(mine.path(), site.output().join("img")).unwrap();
    site.remove("static/img/x.png");
    site.build().succeeds();
    assert_eq!(
        fs::read_to_string(mine.path().join("x.png")).unwrap(),
        "the user's own picture"
    );
}

// Finding 1: a manifest entry leading through a link is not trusted.
#[test]
fn finding_1_a_tampered_manifest_cannot_remove_through_a_link() {
    let site = small_site();
    site.build().succeeds();
    let mine = tempfile::tempdir().unwrap();
    fs::write(mine.path().join("victim.txt"), "keep me").unwrap();
    symlink(mine.path(), site.output().join("lnk")).unwrap();
    let manifest = site.output().join(".quire-manifest");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str("lnk/victim.txt\n");
    fs::write(&manifest, text).unwrap();
    site.build().succeeds();
    assert!(mine.path().join("victim.txt").exists());
    assert!(fs::symlink_metadata(site.output().join("lnk")).is_ok());
}

// Finding 2: cache pruning entered a linked folder inside .quire-cache/.
#[test]
fn finding_2_cache_pruning_never_follows_a_link() {
    let site = small_site();
    site.build().succeeds();
    let mine = tempfile::tempdir().unwrap();
    fs::write(mine.path().join("notes.txt"), "keep me").unwrap();
    let hex = "0123456789abcdef0123456789abcdef";
    fs::write(mine.path().join(hex), "named like an entry").unwrap();
    // The one-file-per-entry folder of earlier versions, which a clean build removes.
    fs::create_dir_all(site.path().join(".quire-cache/md")).unwrap();
    symlink(mine.path(), site.path().join(".quire-cache/md/01")).unwrap();
    symlink(mine.path(), site.path().join(".quire-cache/md/zz")).unwrap();
    site.write("content/b.md", "title: B\n\nA change, so the build runs.\n");
    site.build().succeeds();
    assert!(mine.path().join("notes.txt").exists());
    assert!(mine.path().join(hex).exists());
    // A pack that is a link is neither read, nor appended to, nor compacted over.
    let pack = site.path().join(".quire-cache/md.pack");
    fs::remove_file(&pack).unwrap();
    let outside = mine.path().join("pack");
    fs::write(&outside, "keep me too").unwrap();
    symlink(&outside, &pack).unwrap();
    site.write("content/b.md", "title: B\n\nAnother change.\n");
    site.build().succeeds();
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep me too");
    assert!(fs::symlink_metadata(&pack)
        .unwrap()
        .file_type()
        .is_symlink());
}

// Finding 3: an alias that collides with a static file's path (file.txt → file.txt/index.html).
#[test]
fn finding_3_an_alias_over_a_static_file_fails_naming_the_page_and_changes_nothing() {
    let site = small_site().with("static/file.txt", "plain text");
    site.build().succeeds();
    site.write(
        "content/a.md",
        "title: A\naliases: file.txt\n\nAlpha, changed.\n",
    );
    site.write("content/c.md", "title: C\n\nNew page.\n");
    let before = tree(&site.output());
    let r = site.build().fails().says("content/a.md:2");
    assert!(r.stderr.contains("file.txt"), "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
}

// Finding 3: a symlinked subfolder of the output stopped the commit half-way.
#[test]
fn finding_3_a_symlinked_subfolder_fails_the_build_before_anything_changes() {
    let site = small_site();
    site.build().succeeds();
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(elsewhere.path(), site.output().join("sub")).unwrap();
    site.write("content/a.md", "title: A\n\nAlpha, changed.\n");
    site.write("content/x.md", "title: X\nslug: sub/x\n\nInside.\n");
    let before = tree(&site.output());
    site.build().fails().says("sub is a symbolic link");
    assert_eq!(tree(&site.output()), before);
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

/// Makes a folder read-only for this process, also for root (which ignores mode bits).
/// `false` when this system allows neither.
fn make_read_only(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(dir.join(".probe"), "").is_err() {
        return true;
    }
    let _ = fs::remove_file(dir.join(".probe"));
    Command::new("chattr")
        .arg("+i")
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = Command::new("chattr")
        .arg("-i")
        .arg(dir)
        .stderr(Stdio::null())
        .status();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
}

// Finding 3: a read-only subfolder of the output stopped the commit half-way.
#[test]
fn finding_3_a_read_only_subfolder_fails_the_build_before_anything_changes() {
    let site = small_site().with("content/sub/c.md", "title: C\nslug: sub/c\n\nC.\n");
    site.build().succeeds();
    site.write("content/a.md", "title: A\n\nAlpha, changed.\n");
    site.write("content/sub/c.md", "title: C\nslug: sub/c\n\nC, changed.\n");
    let sub = site.output().join("sub");
    if !make_read_only(&sub) {
        eprintln!("skipped: cannot make a folder read-only here");
        return;
    }
    let before = tree(&site.output());
    let r = site.build();
    make_writable(&sub);
    let r = r.fails().says("cannot write in this folder");
    assert!(r.stderr.contains("was not changed"), "{}", r.stderr);
    assert_eq!(error_lines(&r), 1, "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
    // Once it is writable again, the build goes through.
    site.build().succeeds();
    assert!(site.read("sub/c.html").contains("C, changed."));
}

// Finding 3 and 9: `slug: zz` beside `slug: zz.html/b` (a file and a folder at once).
#[test]
fn finding_9_a_page_that_is_a_file_and_a_folder_names_the_source_line() {
    let site = small_site();
    site.build().succeeds();
    let before = tree(&site.output());
    site.write("content/c.md", "title: C\nslug: zz\n\nC.\n");
    site.write("content/d.md", "title: D\nslug: zz.html/b\n\nD.\n");
    let r = site.build().fails();
    assert!(
        r.stderr.contains("content/d.md:2") || r.stderr.contains("content/c.md:2"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(".quire-staging"), "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
}

// Finding 9: a 300-character slug failed with a staging path instead of the page.
#[test]
fn finding_9_an_overlong_slug_names_the_page_and_line() {
    let site = small_site().with(
        "content/c.md",
        &format!("title: C\nslug: {}\n\nC.\n", "x".repeat(300)),
    );
    let r = site.build().fails().says("content/c.md:2");
    assert!(!r.stderr.contains(".quire-staging"), "{}", r.stderr);
    assert!(!site.output().exists());
}

// Finding 9: `-o` at a file gave one "Not a directory" per output file.
#[test]
fn finding_9_output_at_a_file_is_one_error() {
    let site = small_site().with("a-file", "not a folder");
    let r = site
        .quire(&["build", "-o", site.path().join("a-file").to_str().unwrap()])
        .fails();
    assert_eq!(error_lines(&r), 1, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(site.path().join("a-file")).unwrap(),
        "not a folder"
    );
}

// Finding 9: a full disk gave one error per file, and the folder must stay as it was.
#[test]
fn finding_9_a_full_disk_is_one_error_with_a_count_and_changes_nothing() {
    let disk = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(disk.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    }
    let out = disk.path().join("out");
    let site = small_site();
    let o = out.to_str().unwrap();
    site.quire(&["build", "--no-cache", "-o", o]).succeeds();
    let before = tree(&out);
    let big = "A long line of words that fills the small disk quickly. ".repeat(200);
    for i in 0..60 {
        site.write(
            &format!("content/p{i}.md"),
            format!("title: P{i}\n\n{big}\n"),
        );
    }
    let r = site.quire(&["build", "--no-cache", "-o", o]);
    let after = tree(&out);
    let _ = Command::new("umount").arg(disk.path()).status();
    let r = r.fails().says("was not changed");
    assert_eq!(error_lines(&r), 1, "{}", r.stderr);
    assert!(r.stderr.contains(" files "), "no count: {}", r.stderr);
    assert_eq!(after, before);
}

/// A site that takes a moment to build.
fn big_site(pages: usize) -> Site {
    let site = Site::new();
    for i in 0..pages {
        let body = format!("Words of page {i}, over and over.\n\n").repeat(30);
        site.write(
            &format!("content/{:02}-part/p{i:05}.md", i % 10),
            format!("title: Page {i}\n\n## Section\n\n{body}```python\nx = {i}\n```\n"),
        );
    }
    site
}

// Finding 3: two builds into one output folder at once deleted each other's staging.
#[test]
fn finding_3_two_builds_at_once_never_corrupt_the_output() {
    let site = big_site(600);
    let reference = big_site(600);
    reference.quire(&["build", "--no-cache"]).succeeds();
    let clean = tree(&reference.output());
    let spawn = || {
        Command::new(QUIRE)
            .args(["build", "-q", "--no-cache"])
            .arg(site.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let r = Run::from(child.wait_with_output().unwrap());
        match r.code {
            Some(0) => {}
            Some(1) => assert!(
                r.stderr.contains("another quire process (pid "),
                "{}",
                r.stderr
            ),
            _ => panic!("quire crashed: {}", r.stderr),
        }
    }
    assert!(!site.output().join(".quire-staging").exists());
    assert_eq!(tree(&site.output()), clean);
}

// Finding 3: a build beside a running serve stops with a message naming it.
#[test]
fn finding_3_a_build_beside_a_running_serve_names_it_and_changes_nothing() {
    let site = small_site();
    let server = common::serve::Server::start(site.path(), &[]);
    let before = tree(&site.output());
    let started = Instant::now();
    let r = site.build().fails();
    assert!(
        r.stderr.contains(&format!("pid {}", server.pid())),
        "{}",
        r.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(tree(&site.output()), before);
    drop(server);
}

// Finding 5: `-o` at a folder quire never wrote overwrote the user's files there.
#[test]
fn finding_5_output_at_a_foreign_folder_is_refused_without_force() {
    let site = small_site();
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("index.html"), "my own home page").unwrap();
    fs::write(home.path().join("robots.txt"), "my robots").unwrap();
    let before = tree(home.path());
    let o = home.path().to_str().unwrap();
    site.quire(&["build", "-o", o])
        .fails()
        .says("index.html")
        .says("--force");
    assert_eq!(tree(home.path()), before);
    site.quire(&["build", "-o", o, "--force"]).succeeds();
    assert!(fs::read_to_string(home.path().join("index.html"))
        .unwrap()
        .contains("<html"));
}

// Finding 5: in quire's own folder too, a user's file at a new page's path stays.
#[test]
fn finding_5_a_users_file_at_a_new_pages_path_is_not_overwritten() {
    let site = small_site();
    site.build().succeeds();
    fs::write(site.output().join("c.html"), "written by hand").unwrap();
    site.write("content/c.md", "title: C\n\nC.\n");
    site.build().fails().says("c.html").says("--force");
    assert_eq!(site.read("c.html"), "written by hand");
}

// Finding 6: two swapped cache entries made each page show the other's body.
#[test]
fn finding_6_swapped_cache_entries_are_not_trusted() {
    let site = Site::new()
        .with("content/a.md", "title: A\n\nAlpha body.\n")
        .with("content/b.md", "title: B\n\nBravo body.\n");
    site.build().succeeds();
    // Each entry's payload becomes the other's, under its own header.
    let pack = site.path().join(".quire-cache/md.pack");
    let text = fs::read_to_string(&pack).unwrap();
    assert_eq!(text.matches("QUIRE5 ").count(), 2);
    let swapped = text
        .replace("Alpha body.", "\0")
        .replace("Bravo body.", "Alpha body.")
        .replace('\0', "Bravo body.");
    fs::write(&pack, swapped).unwrap();
    site.write("static/touch.txt", "any change");
    site.build().succeeds();
    assert!(site.read("a.html").contains("Alpha body."));
    assert!(site.read("b.html").contains("Bravo body."));
}

/// Runs a build that must finish in `limit`; killed and failed otherwise.
fn build_within(site: &Site, limit: Duration) -> Run {
    let mut child = Command::new(QUIRE)
        .args(["build", "-q"])
        .arg(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the build hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Run::from(child.wait_with_output().unwrap())
}

// Finding 6: a FIFO in the cache hung the build; a link to /dev/zero ate the memory.
#[test]
fn finding_6_a_fifo_or_a_device_link_in_the_cache_is_ignored() {
    let site = Site::new()
        .with("content/a.md", "title: A\n\nAlpha body.\n")
        .with("content/b.md", "title: B\n\nBravo body.\n");
    site.build().succeeds();
    let pack = site.path().join(".quire-cache/md.pack");
    fs::remove_file(&pack).unwrap();
    let made = Command::new("mkfifo").arg(&pack).status().unwrap();
    assert!(made.success());
    fs::remove_dir_all(site.output()).unwrap();
    build_within(&site, Duration::from_secs(60)).succeeds();
    assert!(site.read("a.html").contains("Alpha body."));
    fs::remove_file(&pack).unwrap();
    symlink("/dev/zero", &pack).unwrap();
    fs::remove_dir_all(site.output()).unwrap();
    build_within(&site, Duration::from_secs(60)).succeeds();
    assert!(site.read("a.html").contains("Alpha body."));
    assert!(site.read("b.html").contains("Bravo body."));
}

// Finding 4: a self-including template overflowed the stack (exit 134, no file named).
#[test]
fn finding_4_a_template_that_includes_itself_is_an_error_naming_it() {
    let site = small_site().with(
        "templates/page.html",
        "<html>{{ content | safe }}\n{% include \"page.html\" %}</html>\n",
    );
    site.build()
        .fails()
        .says("templates/page.html:2")
        .says("page.html → page.html");
}

// Finding 4: two templates including each other.
#[test]
fn finding_4_templates_including_each_other_are_an_error_naming_both() {
    let site = small_site()
        .with("templates/a.html", "A {% include 'b.html' %}")
        .with("templates/b.html", "B\n\n{%- include \"a.html\" -%}");
    site.build().fails().says("a.html → b.html → a.html");
}

// Finding 4: in `quire serve` the loop is reported and the server stays up.
#[test]
fn finding_4_serve_reports_a_template_loop_and_stays_up() {
    let site = small_site();
    let server = common::serve::Server::start(site.path(), &[]);
    site.write(
        "templates/page.html",
        "<html>{{ content | safe }}{% include \"page.html\" %}</html>",
    );
    server.wait_printed("page.html → page.html");
    assert!(server.body("/a.html").contains("Alpha."));
    site.remove("templates/page.html");
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.body("/a.html").contains("Alpha."));
}

// Finding 7: unique heading ids were found by retrying from 1 for each duplicate (n²).
// The bound is on the build's CPU time, which a busy machine does not stretch as it does the
// clock: a quadratic search makes some 800 million probes at this size, seconds of CPU.
#[test]
fn finding_7_forty_thousand_identical_headings_build_in_linear_time() {
    let site = Site::new().with(
        "content/a.md",
        &format!("title: A\n\n{}", "## Same\n\n".repeat(40_000)),
    );
    let took = cpu_time_of(
        Command::new(QUIRE)
            .args(["build", "--no-cache"])
            .arg(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    assert!(took < Duration::from_secs(4), "took {took:?} of CPU");
    let html = site.read("a.html");
    assert!(html.contains("id=\"same-39999\""));
    assert!(!html.contains("id=\"same-40000\""));
}

/// Runs a command to its end and gives its CPU time (user and system), asserting it succeeded.
/// Its own: other tests' children, running meanwhile, are not counted.
#[allow(clippy::zombie_processes)] // reaped by wait4, not by std's handle
fn cpu_time_of(command: &mut Command) -> Duration {
    let child = command.spawn().expect("run quire");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 reaps this child (std's handle is never waited on after) and writes only
    // the status and usage it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        assert_eq!(libc::wait4(pid, &mut status, 0, &mut usage), pid);
        usage
    };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "status {status}"
    );
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

// Finding 8: `slug: .quire-staging/x` "built", but the page was missing.
#[test]
fn finding_8_quires_own_folder_names_are_not_slugs() {
    for slug in [".quire-staging/x", ".quire-cache", ".quire-manifest"] {
        let site = small_site().with("content/c.md", &format!("title: C\nslug: {slug}\n\nC.\n"));
        site.build().fails().says("content/c.md:2").says(".quire-");
    }
}

// Finding 8: dot files in static/ were left out; editor droppings must still be.
#[test]
fn finding_8_dot_files_in_static_are_published_and_droppings_are_not() {
    let site = small_site()
        .with(
            "static/.well-known/security.txt",
            "Contact: mailto:a@example.org\n",
        )
        .with("static/.nojekyll", "")
        .with("static/.htaccess", "Options -Indexes\n")
        .with("static/.DS_Store", "junk")
        .with("static/.page.html.swp", "junk")
        .with("static/notes.txt~", "junk")
        .with("static/.#lock", "junk");
    site.build().succeeds();
    let out = site.output();
    assert!(site.read(".well-known/security.txt").contains("Contact"));
    assert!(out.join(".nojekyll").is_file());
    assert!(site.read(".htaccess").contains("Indexes"));
    for junk in [".DS_Store", ".page.html.swp", "notes.txt~", ".#lock"] {
        assert!(!out.join(junk).exists(), "{junk} was published");
    }
}

// Finding 8: symbolic links were skipped without a word.
#[test]
fn finding_8_skipped_symlinks_are_noted_once() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("secret.txt"), "not for the site").unwrap();
    for name in ["one.txt", "two.txt", "three.txt"] {
        symlink(
            elsewhere.path().join("secret.txt"),
            site.path().join("static").join(name),
        )
        .unwrap();
    }
    let r = site.build().succeeds();
    let notes = r.stderr.matches("symbolic link").count();
    assert_eq!(notes, 1, "{}", r.stderr);
    assert!(r.stderr.contains("and 2 others"), "{}", r.stderr);
    assert!(!site.output().join("one.txt").exists());
}

// Finding 9: impossible dates and times went into `<time datetime>`.
#[test]
fn finding_9_impossible_dates_are_refused_with_the_line() {
    for date in [
        "2024-02-31",
        "2023-02-29",
        "2024-01-01 99:99",
        "2024-06-31 10:00",
    ] {
        let site = small_site().with(
            "content/posts/p.md",
            &format!("title: P\ndate: {date}\n\nPost.\n"),
        );
        site.build().fails().says("content/posts/p.md:2");
    }
    small_site()
        .with(
            "content/posts/p.md",
            "title: P\ndate: 2024-02-29 23:59\n\nPost.\n",
        )
        .build()
        .succeeds();
}

// Finding 10: the overlap check was bypassed when content/ is a link and -o names its target.
#[test]
fn finding_10_output_at_the_target_of_a_linked_content_folder_is_refused() {
    let site = Site::new();
    let real = tempfile::tempdir().unwrap();
    fs::write(real.path().join("a.md"), "title: A\n\nAlpha.\n").unwrap();
    fs::remove_dir(site.path().join("content")).unwrap();
    symlink(real.path(), site.path().join("content")).unwrap();
    let before = tree(real.path());
    site.quire(&["build", "-o", real.path().to_str().unwrap()])
        .fails()
        .says("overlap");
    assert_eq!(tree(real.path()), before);
    let inside = real.path().join("out");
    site.quire(&["build", "-o", inside.to_str().unwrap()])
        .fails()
        .says("overlap");
}

fn status_of(response: &str) -> &str {
    response.lines().next().unwrap_or("")
}

// Finding 11: the preview answered any Host on pages (DNS rebinding could read it).
#[test]
fn finding_11_the_preview_checks_the_host_of_every_request() {
    let site = small_site();
    let ask = |server: &common::serve::Server, host: &str, path: &str| {
        server.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    let server = common::serve::Server::start(site.path(), &[]);
    let port = server.port;
    for path in [
        "/a.html",
        "/",
        "/img/x.png",
        "/__quire/livereload.js",
        "/nope.html",
    ] {
        let r = ask(&server, &format!("evil.example:{port}"), path);
        assert!(status_of(&r).contains(" 403 "), "{path}: {r}");
        assert!(!r.contains("Alpha."), "{path} leaked");
    }
    drop(server);
    // A name of the user's own, given with --host, is let in; other names still are not.
    let server = common::serve::Server::start(site.path(), &["--host", "docs.test"]);
    let port = server.port;
    let r = ask(&server, &format!("evil.example:{port}"), "/a.html");
    assert!(status_of(&r).contains(" 403 "), "{r}");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("docs.test:{port}"),
    ] {
        let r = ask(&server, &host, "/a.html");
        assert!(status_of(&r).contains(" 200 "), "{host}: {r}");
    }
}

// Finding 11: a request head trickled in byte by byte (slowloris) held the connection for ever.
#[test]
fn finding_11_slow_request_heads_are_cut_off() {
    use std::io::{Read, Write};
    let site = small_site();
    let server = common::serve::Server::start(site.path(), &[]);
    let mut conns: Vec<std::net::TcpStream> = (0..20)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.set_read_timeout(Some(Duration::from_millis(100)))
                .unwrap();
            s.write_all(b"GET /a.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    let mut open = conns.len();
    while open > 0 && started.elapsed() < Duration::from_secs(20) {
        open = 0;
        for s in &mut conns {
            let mut buf = [0u8; 256];
            let closed = match s.read(&mut buf) {
                Ok(_) => true,
                Err(e) => !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
            };
            if !closed && s.write_all(b"X-Slow: 1\r\n").is_ok() {
                open += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(400));
    }
    assert_eq!(
        open,
        0,
        "slow connections still open after {:?}",
        started.elapsed()
    );
    // The server still answers everyone else.
    assert!(server.body("/a.html").contains("Alpha."));
}

/// A listener on this machine that counts the connections it is offered; it never answers.
struct Tripwire {
    port: u16,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Tripwire {
    fn start() -> Tripwire {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = hits.clone();
        std::thread::spawn(move || {
            // Held open, never answered: a fetch that got here would wait for its timeout.
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                held.push(stream);
            }
        });
        Tripwire { port, hits }
    }

    fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

fn check_external(site: &Site, extra: &[&str]) -> Run {
    let mut args = vec!["--cache-hours", "0"];
    args.extend_from_slice(extra);
    site.check_external(&args)
}

// Finding 12: `check --external` fetched loopback, private and link-local addresses.
#[test]
fn finding_12_external_checks_never_reach_this_machine_or_private_networks() {
    let wire = Tripwire::start();
    let p = wire.port;
    let site = Site::new().with(
        "content/a.md",
        &format!(
            "title: A\nmeta: A.\n\n[a](http://127.0.0.1:{p}/a) [b](http://localhost:{p}/b)\n\
             [c](http://[::ffff:127.0.0.1]:{p}/c) [d](http://169.254.169.254/latest/meta-data/)\n\
             [e](http://10.0.0.1:{p}/e) [f](http://0.0.0.0:{p}/f)\n"
        ),
    );
    let r = check_external(&site, &["--timeout", "3"]);
    assert_eq!(
        wire.hits(),
        0,
        "the local listener was reached:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("--allow-private"), "{}", r.stderr);
    assert!(r.stderr.contains("loopback"), "{}", r.stderr);
    assert!(r.stderr.contains("link-local"), "{}", r.stderr);
    // Told so, it does fetch them.
    let site = Site::new().with(
        "content/a.md",
        &format!("title: A\nmeta: A.\n\n[a](http://127.0.0.1:{p}/a)\n"),
    );
    check_external(&site, &["--timeout", "1", "--allow-private"]);
    assert!(wire.hits() > 0);
}

// Finding 12: no overall deadline (20 dead links on one host took 43 s at --timeout 2).
#[test]
fn finding_12_external_checks_stop_at_the_deadline_and_say_what_was_not_checked() {
    let wire = Tripwire::start();
    let p = wire.port;
    let links: String = (0..20)
        .map(|i| format!("[l{i}](http://127.0.0.1:{p}/dead{i})\n"))
        .collect();
    let site = Site::new().with("content/a.md", &format!("title: A\nmeta: A.\n\n{links}"));
    let started = Instant::now();
    let r = check_external(
        &site,
        &["--allow-private", "--timeout", "2", "--deadline", "3"],
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(12), "took {took:?}");
    assert!(r.stderr.contains("not checked"), "{}", r.stderr);
    assert!(r.stderr.contains("--deadline"), "{}", r.stderr);
}

/// A small, seeded random source (xorshift), so that a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FM_KEYS: &[&str] = &[
    "title",
    "slug",
    "date",
    "modified",
    "sortorder",
    "template",
    "aliases",
    "draft",
    "tags",
    "summary",
    "meta",
    "toc",
    "sidebar_title",
    "author",
    "x",
    "",
    "title ",
    " slug",
    "---",
];
const FM_VALUES: &[&str] = &[
    "",
    "A page",
    "a/b",
    "../up",
    "/abs",
    "2024-02-29",
    "2024-02-31",
    "99:99",
    "2017-03-28 14:30",
    "-1",
    "99999999999999999999",
    "true",
    "no",
    "[a, b]",
    "{a: 1}",
    "\"quoted",
    "'q'",
    "é ü ß 中文",
    "\u{0}",
    "\t",
    "x:y",
    "#frag",
    "?q",
    "%2e%2e",
    "page.html",
    "index",
    ".quire-x",
    "a b",
    "~",
    "&amp;",
    "<b>",
    "*",
    "|",
    ">",
    "- item",
    "{{ x }}",
    "{% include 'page.html' %}",
];
const MD_PIECES: &[&str] = &[
    "# H\n",
    "## Same\n",
    "### H {#id}\n",
    "#### \n",
    "text *em* **strong**\n",
    "[l](other.html)\n",
    "[l](#missing)\n",
    "![i](img.png)\n",
    "<div>raw</div>\n",
    "<script>x</script>\n",
    "```\ncode\n",
    "```python\nx = 1\n```\n",
    "```nolang\n",
    "~~~\n",
    "- a\n- b\n",
    "1. x\n",
    "> q\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "[^1]\n\n[^1]: note\n",
    "\\\n",
    "---\n",
    "***\n",
    "<!-- c -->\n",
    "&#0;\n",
    "\u{feff}\n",
    "\r\n",
    "https://example.org/\n",
    "[x]: http://a\n",
    "{{ page.title }}\n",
    "{% if %}\n",
    "\u{202e}rtl\n",
];
const YAML: &[&str] = &[
    "title: T\n",
    "base_url: https://example.org/docs/\n",
    "base_url: not a url\n",
    "base_url: \n",
    "extra: {a: 1}\n",
    "unknown_key: 1\n",
    "title: [1, 2]\n",
    "- list\n",
    ": :\n",
    "title: \"x\n",
    "search: false\n",
    "feed: 3\n",
    "language: en\n",
    "&a x: *a\n",
    "\t\n",
    "title: é\n",
];

fn random_site(rng: &mut Rng) -> Site {
    let site = Site::new();
    if rng.below(2) == 0 {
        let yaml: String = (0..rng.below(4)).map(|_| rng.pick(YAML)).collect();
        site.write("site.yaml", yaml);
    }
    for page in 0..1 + rng.below(5) {
        let mut text = String::new();
        if rng.below(6) == 0 {
            text.push_str("---\n");
        }
        for _ in 0..rng.below(6) {
            text.push_str(&format!("{}: {}\n", rng.pick(FM_KEYS), rng.pick(FM_VALUES)));
        }
        if rng.below(6) == 0 {
            text.push_str("---\n");
        }
        text.push('\n');
        for _ in 0..rng.below(12) {
            text.push_str(rng.pick(MD_PIECES));
        }
        for _ in 0..rng.below(3) {
            text.push_str(&nested(rng));
        }
        for _ in 0..rng.below(3) {
            let target = rng.pick(&[
                "s0",
                "s1",
                "s2",
                "s3",
                "pipe",
                "../.git/config",
                "../output/p0.html",
            ]);
            text.push_str(&format!("--8<-- \"snippets/{target}.md\"\n"));
        }
        let folder = rng.pick(&["", "posts/", "pages/01-part/", "02-guide/"]);
        site.write(&format!("content/{folder}p{page}.md"), text);
    }
    // An include graph: snippets including each other (cycles, fan-out, chains) and
    // themselves, beside text, a secret in a dot-folder and a FIFO.
    let snippets = rng.below(5);
    for s in 0..snippets {
        let mut text = String::new();
        for _ in 0..rng.below(12) {
            match rng.below(3) {
                0 => text.push_str(rng.pick(MD_PIECES)),
                _ => text.push_str(&format!(
                    "--8<-- \"snippets/s{}.md\"\n",
                    rng.below(snippets + 1)
                )),
            }
        }
        site.write(&format!("snippets/s{s}.md"), text);
    }
    site.write(".git/config", "[http]\n\textraheader = secret\n");
    if rng.below(4) == 0 {
        fs::create_dir_all(site.path().join("snippets")).unwrap();
        let made = Command::new("mkfifo")
            .arg(site.path().join("snippets/pipe.md"))
            .status()
            .unwrap();
        assert!(made.success());
    }
    site
}

/// Blocks nested a few, tens or thousands deep: callouts, tabs, quotes and lists.
fn nested(rng: &mut Rng) -> String {
    let depth = match rng.below(3) {
        0 => 1 + rng.below(4),
        1 => 28 + rng.below(10),
        _ => 200 + rng.below(2800),
    };
    match rng.below(4) {
        0 => (0..depth.min(600))
            .map(|i| format!("{}!!! note\n", "\t".repeat(i)))
            .chain(["\t".repeat(depth.min(600)) + "x\n"])
            .collect(),
        1 => (0..depth.min(600))
            .map(|i| format!("{}=== \"T{i}\"\n", "\t".repeat(i)))
            .chain(["\t".repeat(depth.min(600)) + "x\n"])
            .collect(),
        2 => format!("{}x\n\n", "> ".repeat(depth)),
        _ => format!("{}x\n\n", "- ".repeat(depth)),
    }
}

// Item 11 of the issue: random front matter, Markdown and site.yaml never panic quire, and every
// error names a file. Seeded, so any failure replays; bounded in time.
#[test]
fn random_sites_never_panic_and_every_error_names_a_file() {
    let started = Instant::now();
    let mut runs = 0;
    for seed in 1..=200u64 {
        if started.elapsed() > Duration::from_secs(15) {
            break;
        }
        let mut rng = Rng(seed.wrapping_mul(0x9e3779b97f4a7c15) | 1);
        let site = random_site(&mut rng);
        // Under `timeout`, so that a build that hangs (on a FIFO, say) fails the test.
        let out = Command::new("timeout")
            .args(["60", QUIRE, "build", "-q", "--no-cache"])
            .arg(site.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let r = Run::from(out);
        runs += 1;
        assert!(
            matches!(r.code, Some(0 | 1)) && !r.stderr.contains("panicked"),
            "seed {seed}: exit {:?}\n{}",
            r.code,
            r.stderr
        );
        for line in r.stderr.lines().filter(|l| l.starts_with("error")) {
            assert!(
                line.contains("content/") || line.contains("site.yaml"),
                "seed {seed}: an error without its file: {line}\n{}",
                r.stderr
            );
        }
        if r.code == Some(1) {
            assert!(
                !site.output().exists(),
                "seed {seed}: a failed build left output"
            );
        }
    }
    assert!(runs >= 20, "only {runs} random sites in the time");
}

// Finding 8, in the preview: a dot file saved in static/ is published as `quire build` would.
#[test]
fn finding_8_serve_publishes_a_dot_file_saved_in_static() {
    let site = small_site();
    let server = common::serve::Server::start(site.path(), &[]);
    let events = server.events();
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:a@example.org\n",
    );
    events.next_build();
    assert!(site.read(".well-known/security.txt").contains("Contact"));
    assert!(server.body("/.well-known/security.txt").contains("Contact"));
}
