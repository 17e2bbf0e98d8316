//! Issue 27: What quire reads: no root, site file or template through a link it was not given; no FIFO.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::small_site;
use crate::common::serve::Server;
use crate::common::{Run, Site, QUIRE};

/// `quire ARGS SITE`, stopped (and the test failed) if it has not finished within `limit`:
/// a quire that waits on a FIFO would otherwise hang the test run.
fn run_within(args: &[&str], site: &Path, limit: Duration) -> Run {
    let mut child = Command::new(QUIRE)
        .args(args)
        .arg(site)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("quire {args:?} still running after {limit:?}: it waits on something");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A Pelican site as someone else's repository might hold it: settings, and a `site.yaml`
/// that is a link to where a shell reads its start-up commands.
fn pelican_site_linking(site_yaml_to: &Path) -> Site {
    let site = Site::new().with(
        "pelicanconf.py",
        "SITENAME = 'Imported'\nSITEURL = 'https://example.org'\n",
    );
    symlink(site_yaml_to, site.path().join("site.yaml")).unwrap();
    site
}

// Finding 2: `quire import pelican` wrote through a `site.yaml` link: a dangling one created its
// target, and `--force` overwrote the file the link led to.
#[test]
fn finding_2_import_never_writes_through_a_site_yaml_link() {
    let home = tempfile::tempdir().unwrap();

    // A dangling link: nothing may appear where it leads, with or without --force.
    let profile = home.path().join(".bash_profile");
    let site = pelican_site_linking(&profile);
    site.quire(&["import", "pelican"])
        .fails()
        .says("exists already")
        .says("symbolic link");
    assert!(!profile.exists(), "the import created the link's target");
    site.quire(&["import", "pelican", "--force"]).succeeds();
    assert!(!profile.exists(), "--force created the link's target");
    let yaml = site.path().join("site.yaml");
    assert!(!fs::symlink_metadata(&yaml).unwrap().is_symlink());
    assert!(fs::read_to_string(&yaml).unwrap().contains("Imported"));

    // A link to a real file: --force replaces the link, and the file is left as it was.
    let bashrc = home.path().join(".bashrc");
    fs::write(&bashrc, "alias ll='ls -l'\n").unwrap();
    let site = pelican_site_linking(&bashrc);
    site.quire(&["import", "pelican", "--force"]).succeeds();
    assert_eq!(fs::read_to_string(&bashrc).unwrap(), "alias ll='ls -l'\n");
    let yaml = site.path().join("site.yaml");
    assert!(!fs::symlink_metadata(&yaml).unwrap().is_symlink());
    assert!(fs::read_to_string(&yaml).unwrap().contains("Imported"));
    let strays: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

// Finding 4: a committed `static -> /etc` published /etc; a `templates` link was read too.
#[test]
fn finding_4_linked_static_and_templates_folders_are_skipped_with_one_note() {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("shadow"),
        "root:secret-hash:19000::::::\n",
    )
    .unwrap();
    fs::write(elsewhere.path().join("page.html"), "LEAKED TEMPLATE").unwrap();
    let site = Site::new().with("content/a.md", "title: A\n\nAlpha.\n");
    symlink(elsewhere.path(), site.path().join("static")).unwrap();
    symlink(elsewhere.path(), site.path().join("templates")).unwrap();

    let r = site.build().succeeds();
    assert!(
        !site.output().join("shadow").exists(),
        "static/ was followed"
    );
    assert!(
        !site.read("a.html").contains("LEAKED TEMPLATE"),
        "templates/ was followed"
    );
    assert_eq!(r.stderr.matches("symbolic link").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("static"), "{}", r.stderr);
    assert!(r.stderr.contains("and 1 other"), "{}", r.stderr);
}

// Finding 4: a committed `content` link published whatever folder it led to.
#[test]
fn finding_4_a_linked_content_folder_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("notes.md"),
        "title: Private\n\nMy notes.\n",
    )
    .unwrap();
    let site = Site::new();
    fs::remove_dir(site.path().join("content")).unwrap();
    symlink(elsewhere.path(), site.path().join("content")).unwrap();
    site.build()
        .fails()
        .says("content/ folder is a symbolic link");
    assert!(!site.output().join("notes.html").exists());
}

// Finding 4 (the site file): a `site.yaml` link is not read, whether it leads to a file
// elsewhere or to a device that never ends.
#[test]
fn finding_4_a_linked_site_yaml_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("other.yaml");
    fs::write(&other, "title: Someone else's settings\n").unwrap();
    for to in [other.as_path(), Path::new("/dev/zero")] {
        let site = small_site();
        symlink(to, site.path().join("site.yaml")).unwrap();
        run_within(&["build"], site.path(), Duration::from_secs(20))
            .fails()
            .says("site.yaml")
            .says("symbolic link");
        assert!(!site.output().exists());
    }
}

// Finding 13: a FIFO as site.yaml hung the build forever; as a template or a page it was
// passed over without a word.
#[test]
fn finding_13_a_fifo_anywhere_quire_reads_is_refused_by_name() {
    for (fifo, says) in [
        ("site.yaml", "site.yaml"),
        ("templates/page.html", "templates/page.html"),
        ("content/c.md", "content/c.md"),
        ("static/data.json", "static/data.json"),
    ] {
        let site = small_site();
        mkfifo(&site.path().join(fifo));
        run_within(&["build"], site.path(), Duration::from_secs(20))
            .fails()
            .says(says)
            .says("named pipe (FIFO), not a regular file");
        assert!(
            !site.output().exists(),
            "{fifo}: a failed build wrote output"
        );
    }
}

// Finding 13: a FIFO put in place of site.yaml or a page stopped serve's rebuilds for good.
#[test]
fn finding_13_serve_refuses_a_fifo_and_recovers_when_it_is_a_file_again() {
    for (file, good) in [
        ("site.yaml", "title: Mine\n"),
        ("content/a.md", "title: A\n\nAlpha again.\n"),
    ] {
        let site = small_site().with("site.yaml", "title: Mine\n");
        let server = Server::start(site.path(), &[]);
        let events = server.events();
        // In place of the file, as an editor's save renames a new file over the old one.
        let fifo = site.path().join("pipe.tmp");
        mkfifo(&fifo);
        fs::rename(&fifo, site.path().join(file)).unwrap();
        let failed = events.next_build();
        assert_eq!(failed.name, "failed", "{file}: {}", failed.data);
        assert!(
            failed.data.to_string().contains("named pipe"),
            "{file}: {}",
            failed.data
        );
        let tmp = site.path().join("new.tmp");
        fs::write(&tmp, good).unwrap();
        fs::rename(&tmp, site.path().join(file)).unwrap();
        let built = events.next_build();
        assert_eq!(built.name, "built", "{file}: {}", built.data);
        assert!(server.body("/a.html").contains("Alpha"));
    }
}

/// How many inotify watches a process holds (Linux lists them in /proc/PID/fdinfo).
fn inotify_watches(pid: u32) -> usize {
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fdinfo")) else {
        return 0;
    };
    fds.filter_map(|e| fs::read_to_string(e.ok()?.path()).ok())
        .map(|info| {
            info.lines()
                .filter(|l| l.starts_with("inotify wd:"))
                .count()
        })
        .sum()
}

// Finding 17: a link to /usr in the site cost 17,021 inotify watches, and every write there
// a rebuild, although the build skips the link.
#[test]
fn finding_17_the_watcher_does_not_follow_a_link_out_of_the_site() {
    let elsewhere = tempfile::tempdir().unwrap();
    for i in 0..300 {
        fs::create_dir_all(elsewhere.path().join(format!("d{i}/sub"))).unwrap();
    }
    let site = small_site();
    symlink(elsewhere.path(), site.path().join("content/big")).unwrap();
    symlink(elsewhere.path(), site.path().join("static/big")).unwrap();
    let server = Server::start(site.path(), &[]);
    let events = server.events();

    let watches = inotify_watches(server.pid());
    assert!(
        watches < 50,
        "{watches} inotify watches for a site of 4 folders"
    );

    fs::write(elsewhere.path().join("d7/sub/new.md"), "title: N\n\nNew.\n").unwrap();
    fs::write(elsewhere.path().join("d8/new.png"), "png").unwrap();
    let builds = events.builds_within(Duration::from_secs(2));
    assert!(
        builds.is_empty(),
        "writes outside the site rebuilt it: {:?}",
        builds
            .iter()
            .map(|e| e.data.to_string())
            .collect::<Vec<_>>()
    );

    // The site's own files are still watched.
    site.write("content/a.md", "title: A\n\nAlpha edited.\n");
    assert_eq!(events.next_build().name, "built");
}
