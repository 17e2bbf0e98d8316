//! Issue 27: What quire writes: never through a link, never over a generated file, never outside output/.

use std::fs;
use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{small_site, tree};
use crate::common::{Run, QUIRE};

/// Runs `quire serve` until it exits or `limit` passes (then it is stopped): what it printed.
fn serve_briefly(site: &std::path::Path, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(QUIRE)
        .args(["serve", "--port", "0"])
        .arg(site)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    use std::io::Read;
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    (code, stderr)
}

// Finding 3: a committed `output -> ~/.ssh` link had build and serve write every page there.
#[test]
fn finding_3_a_committed_output_link_is_refused_by_build_and_serve() {
    let site = small_site().with("static/authorized_keys", "ssh-ed25519 AAAA attacker\n");
    let home = tempfile::tempdir().unwrap();
    let ssh = home.path().join(".ssh");
    fs::create_dir(&ssh).unwrap();
    fs::write(ssh.join("known_hosts"), "the user's own\n").unwrap();
    symlink(&ssh, site.path().join("output")).unwrap();
    let before = tree(&ssh);

    let r = site.build().fails().says("symbolic link");
    assert!(r.stderr.contains("output"), "{}", r.stderr);
    assert!(r.stderr.contains("-o"), "no way out named: {}", r.stderr);
    assert_eq!(tree(&ssh), before);

    let (code, stderr) = serve_briefly(site.path(), Duration::from_secs(20));
    assert_ne!(code, Some(0), "{stderr}");
    assert!(code.is_some(), "serve kept running: {stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(tree(&ssh), before);

    // Named with `-o`, the folder is the user's own choice.
    let o = site.path().join("output");
    site.quire(&["build", "-o", o.to_str().unwrap()]).succeeds();
    assert!(ssh.join("a.html").exists() || ssh.join("a/index.html").exists());
}

// Finding 3: the cache folder committed as a link is refused the same way.
#[test]
fn finding_3_a_committed_cache_link_is_refused() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(elsewhere.path(), site.path().join(".quire-cache")).unwrap();
    let r: Run = site.build().fails().says(".quire-cache");
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert!(!site.output().join("index.html").exists());
}

// Finding 8: a file at a generated path (a search shard, the chapters script, a --precompress
// copy) made the build fail half-way, and the next one replaced the search index with it.
#[test]
fn finding_8_nothing_generated_can_be_claimed_twice() {
    let site = small_site();
    site.build().succeeds();
    let before = tree(&site.output());
    let shard = site.output().join("theme/search/d/0.js");
    assert!(shard.exists(), "the search data file this test aims at");

    site.write("static/theme/search/d/0.js", "quireSearch('mine', {})");
    let r = site.build().fails().says("static/theme/search/d/0.js");
    assert!(r.stderr.contains("theme/"), "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
    site.remove("static/theme/search/d/0.js");

    site.write(
        "content/c.md",
        "title: C\nsave_as: theme/chapters.0123abcd.js\n\nNot a script.\n",
    );
    site.build().fails().says("content/c.md");
    assert_eq!(tree(&site.output()), before);
    site.remove("content/c.md");

    // The same site builds again as it did.
    site.build().succeeds();
    assert_eq!(tree(&site.output()), before);

    // theme/ is not quire's alone: a site's own stylesheet and scripts there are published.
    site.write("static/theme/site.css", "body { color: black }");
    site.write("static/theme/search-box.js", "// the site's own");
    site.build().succeeds();
    assert_eq!(site.read("theme/site.css"), "body { color: black }");
    assert_eq!(site.read("theme/search-box.js"), "// the site's own");
}

// Finding 8: under --precompress, `a.html.gz` is quire's copy of the page `a.html`.
#[test]
fn finding_8_a_static_file_over_a_precompressed_copy_names_both() {
    let site = small_site().with("content/a.md", "title: A\nslug: a\n\nAlpha.\n");
    site.quire(&["build", "--precompress"]).succeeds();
    let before = tree(&site.output());
    site.write("static/a.html.gz", "not gzip");
    let r = site.quire(&["build", "--precompress"]).fails();
    assert!(r.stderr.contains("static/a.html.gz"), "{}", r.stderr);
    assert!(r.stderr.contains("content/a.md"), "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
}

// Smaller finding: pages may write into `output/.git/`.
#[test]
fn finding_git_folder_of_the_output_is_no_destination() {
    let site = small_site();
    site.build().succeeds();
    let before = tree(&site.output());
    site.write(
        "content/hook.md",
        "title: Hook\nsave_as: .git/hooks/post-checkout\n\nx\n",
    );
    site.build().fails().says("content/hook.md").says(".git");
    site.remove("content/hook.md");
    site.write("static/.quire-manifest/x", "planted");
    site.write(
        "content/alias.md",
        "title: Al\naliases: sub/.GIT/config\n\nx\n",
    );
    let r = site.build().fails().says("content/alias.md");
    assert!(r.stderr.contains(".git"), "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
    // A folder such as .well-known/ is the site's own.
    site.remove("content/alias.md");
    site.remove("static/.quire-manifest/x");
    site.write("static/.well-known/security.txt", "Contact: x\n");
    site.build().succeeds();
    assert!(site.output().join(".well-known/security.txt").exists());
}

// Smaller finding: `Guide.md` and `guide.md`, or NFC and NFD names, are one file on macOS.
#[test]
fn finding_case_and_unicode_forms_collide_on_every_system() {
    let site = small_site()
        .with("content/Guide.md", "title: Guide\n\nOne.\n")
        .with("content/guide.md", "title: guide\n\nTwo.\n");
    let r = site.build().fails().says("content/Guide.md");
    assert!(r.stderr.contains("content/guide.md"), "{}", r.stderr);
    assert!(!site.output().join("index.html").exists());

    let nfc = "caf\u{e9}";
    let nfd = "cafe\u{301}";
    let site = small_site()
        .with(&format!("static/{nfc}.txt"), "composed")
        .with(&format!("static/{nfd}.txt"), "decomposed");
    let r = site.build().fails();
    assert!(
        r.stderr.contains(&format!("static/{nfc}.txt")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("static/{nfd}.txt")),
        "{}",
        r.stderr
    );
}

// Smaller finding: a full disk at the journal's write left `.quire-manifest.journal.tmp`.
#[test]
fn finding_full_disk_at_the_journal_leaves_no_temporary_file() {
    let disk = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m"])
        .arg("tmpfs")
        .arg(disk.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    }
    let out = disk.path().join("out");
    let o = out.to_str().unwrap();
    // Many files, so that the journal (a line for each) is larger than one changed page.
    let site = small_site();
    for i in 0..600 {
        site.write(
            &format!("static/many/a-rather-long-name-for-a-small-file-{i:04}.txt"),
            "x",
        );
    }
    site.quire(&["build", "--no-cache", "-o", o]).succeeds();
    // Fill the disk to the last few blocks: the one changed page fits, the journal does not.
    let mut filled = 0;
    let mut n = 0;
    loop {
        let f = disk.path().join(format!("fill-{n}"));
        if fs::write(&f, vec![0u8; 4096]).is_err() {
            let _ = fs::remove_file(&f);
            break;
        }
        n += 1;
        filled += 1;
    }
    let mut result = None;
    // Free one block at a time until the build gets past staging to the journal.
    for k in 0..filled {
        let _ = fs::remove_file(disk.path().join(format!("fill-{k}")));
        site.write("content/a.md", format!("title: A\n\nAlpha {k}.\n"));
        let r = site.quire(&["build", "--no-cache", "-o", o]);
        let stray = out.join(".quire-manifest.journal.tmp").exists();
        let at_journal = r.stderr.contains(".quire-manifest.journal");
        if r.code == Some(0) || at_journal || stray {
            result = Some((r.stderr.clone(), stray, at_journal));
            break;
        }
    }
    let _ = Command::new("umount").arg(disk.path()).status();
    let (stderr, stray, at_journal) = result.expect("the build got past staging at some point");
    assert!(at_journal, "the disk filled elsewhere: {stderr}");
    assert!(!stray, "a stray journal temp file: {stderr}");
    assert!(stderr.contains("was not changed"), "{stderr}");
}

/// Where the small site's page `b` is written.
fn page_b(out: &std::path::Path) -> std::path::PathBuf {
    ["b.html", "b/index.html"]
        .into_iter()
        .map(|p| out.join(p))
        .find(|p| p.exists())
        .expect("page b was written")
}

// Issue 27: a committed `output/.quire-manifest` that listed the user's own files (their `CNAME`,
// their notes) made the next build delete them as stale, though quire never wrote them.
#[test]
fn finding_planted_manifest_deletes_nothing_quire_did_not_write() {
    let site = small_site();
    site.build().succeeds();
    let out = site.output();
    let manifest = out.join(".quire-manifest");
    let ours = fs::read_to_string(&manifest).unwrap();
    assert!(ours.lines().skip(1).any(|l| l.contains('\t')), "{ours}");
    fs::write(out.join("CNAME"), "docs.example.org\n").unwrap();
    fs::write(out.join("notes.txt"), "the user's own notes\n").unwrap();
    // Listed with digests that are not of their bytes, and as an older quire listed files: with
    // no digest at all.
    let with_wrong_digests =
        format!("{ours}CNAME\t0123456789abcdef\nnotes.txt\tfedcba9876543210\n");
    let without_digests: String = ours
        .lines()
        .filter(|l| !l.starts_with("# format"))
        .map(|l| format!("{}\n", l.split('\t').next().unwrap()))
        .chain(["CNAME\n".to_string(), "notes.txt\n".to_string()])
        .collect();
    for planted in [with_wrong_digests, without_digests] {
        fs::write(&manifest, &planted).unwrap();
        let r = site.build().succeeds();
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "docs.example.org\n",
            "{planted}"
        );
        assert_eq!(
            fs::read_to_string(out.join("notes.txt")).unwrap(),
            "the user's own notes\n",
            "{planted}"
        );
        for says in [
            "left 2 files that ",
            ".quire-manifest lists but whose contents quire did not write: CNAME, notes.txt",
            "delete them yourself if they are stale",
        ] {
            assert!(r.stderr.contains(says), "{says:?} not in:\n{}", r.stderr);
        }
        // The manifest is quire's own again: the same bytes as before.
        assert_eq!(fs::read_to_string(&manifest).unwrap(), ours);
        // Said once: the next build (skipped, nothing changed) does not say it again.
        let r = site.build().succeeds();
        assert!(!r.stderr.contains("left "), "{}", r.stderr);
    }

    // What quire did write still goes when its source does.
    let b = page_b(&out);
    site.remove("content/b.md");
    let r = site.build().succeeds();
    assert!(!b.exists(), "the removed page's HTML stayed");
    assert!(!r.stderr.contains("left "), "{}", r.stderr);
    assert!(out.join("CNAME").exists() && out.join("notes.txt").exists());
}

// Issue 27: the digests keep the GitHub Pages workflow working: a fresh clone of a site with its
// output/ committed removes the pages it no longer makes.
#[test]
fn finding_planted_manifest_a_fresh_clone_still_removes_its_own_stale_files() {
    let site = small_site();
    site.build().succeeds();
    let clone = crate::common::Site::new();
    for part in ["content", "static", "output"] {
        crate::common::copy_tree(&site.path().join(part), &clone.path().join(part));
    }
    let b = page_b(&clone.output());
    clone.remove("content/b.md");
    let r = clone.build().succeeds();
    assert!(!b.exists(), "the removed page's HTML stayed in the clone");
    assert!(!r.stderr.contains("left "), "{}", r.stderr);
    assert!(clone.output().join("img/x.png").exists());
}
