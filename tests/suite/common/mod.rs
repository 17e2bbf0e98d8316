//! A small builder for integration tests: a throw-away site folder, the real
//! `quire` binary run on it, and what it printed and wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod browser;
pub mod serve;

pub const QUIRE: &str = env!("CARGO_BIN_EXE_quire");

/// The repository's own folder: the demo site lives at its top.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The variables that send quire's HTTP requests through a proxy.
pub const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// An empty site: just a content/ folder.
    pub fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("content")).unwrap();
        Site { dir }
    }

    /// A copy of the demo site that ships in the repository.
    pub fn demo() -> Site {
        let site = Site::new();
        for part in ["content", "static", "templates", "site.yaml"] {
            copy_tree(&repo().join(part), &site.path().join(part));
        }
        site
    }

    /// A copy of a fixture site under tests/fixtures/.
    pub fn fixture(name: &str) -> Site {
        let site = Site::new();
        copy_tree(&repo().join("tests/fixtures").join(name), site.path());
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.path().join("output")
    }

    /// Adds or replaces a file (creating its folders).
    pub fn with(self, rel: &str, text: &str) -> Site {
        self.write(rel, text);
        self
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path().join(rel)).unwrap();
    }

    /// `quire build SITE`.
    pub fn build(&self) -> Run {
        self.quire(&["build"])
    }

    /// Runs quire with `args` followed by the site folder.
    pub fn quire(&self, args: &[&str]) -> Run {
        let out = Command::new(QUIRE)
            .args(args)
            .arg(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run quire");
        Run::from(out)
    }

    /// `quire check --external ARGS SITE` as it runs against the test's own servers:
    /// never through a proxy the machine may have set.
    pub fn check_external(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(QUIRE);
        cmd.args(["check", "--external"])
            .args(args)
            .arg(self.path())
            .env("NO_COLOR", "1");
        for var in PROXY_VARS {
            cmd.env_remove(var);
        }
        Run::from(cmd.output().expect("run quire"))
    }

    /// A page of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        let p = self.output().join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Every file under the output folder with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.output())
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    try_snapshot(dir).expect("nothing writes the folder while it is read")
}

/// `snapshot` of a folder something may be writing: `None` when a file went while it was read.
pub fn try_snapshot(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return Some(files);
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.ok()?;
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, fs::read(e.path()).ok()?);
        }
    }
    Some(files)
}

pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap();
        return;
    }
    if !from.is_dir() {
        return;
    }
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn succeeds(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "quire failed:\n{}\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn fails(self) -> Run {
        assert_eq!(
            self.code,
            Some(1),
            "quire should have failed:\n{}\n{}",
            self.stdout,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "quire panicked:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stderr says `text`.
    pub fn says(self, text: &str) -> Run {
        assert!(
            self.stderr.contains(text) || self.stdout.contains(text),
            "expected {text:?} in the output:\n{}\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in page"))
        + start.len();
    let j = html[i..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not after {start:?}"))
        + i;
    &html[i..j]
}

/// A plain static file server (Python's http.server) over a folder, on a free
/// loopback port; stopped when dropped. For looking at `quire build` output
/// the way a static host serves it.
pub struct StaticServer {
    child: std::process::Child,
    pub url: String,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &port.to_string(),
                "--directory",
            ])
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 for a static file server");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "static server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
        StaticServer { child, url }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The search key a page carries, in the fragment of its `<script src="…/search.HASH.js#KEY">`
/// (src/search/seal.rs).
pub fn search_key_in(html: &str) -> quire::SearchKey {
    let at = html
        .find("theme/search.")
        .and_then(|i| html[i..].find(".js#").map(|j| i + j + 4));
    let hex = at.and_then(|at| html.get(at..at + 64)).unwrap_or("");
    quire::SearchKey::from_hex(hex).unwrap_or_else(|| panic!("no search key in the page:\n{html}"))
}

/// The JSON of the search file `rel` (under `output/theme/search/`), opened with the key of the
/// output's home page.
pub fn search_json(output: &Path, rel: &str) -> String {
    let key = search_key_in(&fs::read_to_string(output.join("index.html")).unwrap());
    let text = fs::read_to_string(output.join("theme/search").join(rel)).unwrap();
    quire::open_search_file(&key, &text)
        .unwrap_or_else(|| panic!("{rel} is not a sealed search file: {text}"))
}

/// Every word of a built site's search index, with the word file (`t-….js`) it is in.
pub fn search_words(output: &Path) -> std::collections::BTreeMap<String, String> {
    let mut words = std::collections::BTreeMap::new();
    for entry in fs::read_dir(output.join("theme/search")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !(name.starts_with("t-") && name.ends_with(".js")) {
            continue;
        }
        let file: serde_json::Value = serde_json::from_str(&search_json(output, &name)).unwrap();
        for w in file["w"].as_array().unwrap() {
            words.insert(w.as_str().unwrap().to_string(), name.clone());
        }
    }
    words
}

/// git as the test's author, on its own configuration only, committing as of `date` (UTC).
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Writer")
        .env("GIT_AUTHOR_EMAIL", "writer@example.org")
        .env("GIT_COMMITTER_NAME", "Writer")
        .env("GIT_COMMITTER_EMAIL", "writer@example.org")
        .env("GIT_AUTHOR_DATE", format!("{date} +0000"))
        .env("GIT_COMMITTER_DATE", format!("{date} +0000"))
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
