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
