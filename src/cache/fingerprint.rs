//! A `quire build` that would write nothing new is not run: the inputs' fingerprint decides.
//!
//! After a good build, a record in `.quire-cache/builds/` keeps a hash of everything that
//! build read (site.yaml, every file of the content folder as discover walks it, static/ and
//! templates/, every file a
//! page included), of what quire itself is (its version and its executable's identity) and
//! of the options that change the output (the folders, `--minify`, `--precompress`), and of
//! the git commit checked out (pages show when git last changed them); and a
//! hash of what the output folder held once the build was committed (the manifest and every
//! file it lists). The next build takes the same fingerprint first: when both hashes match,
//! the output folder already holds what the build would write, byte for byte, and the build
//! only says so (with the warnings the last one found).
//!
//! A file is known by its `lstat` facts (size, inode, mtime and ctime to the nanosecond). A
//! write changes its ctime, which no tool can set back, so an edited file never looks old.
//! Only a file written within a clock tick of being looked at could keep its facts after a
//! second write: a file changed less than `RACY` before the build started is known by its
//! content instead, as git does with its index. Any other build that writes the output folder
//! (serve, watch, `--no-cache`) replaces the manifest, so the record stops matching.
//!
//! Known limit: an include through a symbolic link kept outside content/, static/ and
//! templates/, pointed elsewhere later, is noticed only once the page or the old target
//! changes (the record knows the file the link led to, not the link).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

use super::record;
use crate::build::{Prior, Summary};
use crate::config::Config;
use crate::content::LeftOut;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{facts, read_bounded, Facts};
use crate::layout::ContentDir;
use crate::options::Options;
use crate::output::folder_hash as outputs_hash;

/// Bump when what a record means changes.
const FORMAT: &str = "quire-fingerprint-1";
/// How close to the build's start a file's last change may be for its facts to be trusted:
/// wider than any clock tick and than the 1–2 s timestamps of some file systems.
const RACY: Duration = Duration::from_secs(2);
/// No record comes near this (one with every warning of a 100,000-page site would not).
const MAX_RECORD: u64 = 64 * 1024 * 1024;

/// Seconds since the epoch of the later of mtime and ctime.
fn changed_at(f: &[i64; 7]) -> Duration {
    let at = |s: i64, ns: i64| Duration::new(s.max(0) as u64, ns.clamp(0, 999_999_999) as u32);
    at(f[3], f[4]).max(at(f[5], f[6]))
}

/// One input: a file of the site (`f:` + path) or one a page included (`i:` + path), both
/// relative to the site folder.
struct Input {
    /// A kind (`f:` a file, `d:` a folder, `i:` an included file) and the path from the site
    /// folder.
    key: String,
    /// Only when the key cannot spell the path (a name that is not UTF-8): the fingerprint holds
    /// an input for every file to the build's end, so an input keeps no path its key spells.
    odd_path: Option<PathBuf>,
    facts: Facts,
    /// The content's hash, read when the facts alone are not to be trusted.
    content: Option<u128>,
}

/// The fingerprint of a site's inputs, taken before a build reads any of them.
pub(crate) struct Snapshot {
    started: SystemTime,
    clock: Instant,
    record_path: PathBuf,
    output_dir: PathBuf,
    site_dir: PathBuf,
    /// Where the pages were when the fingerprint was taken: a build that found them elsewhere
    /// (site.yaml changed in between) leaves no record.
    content: ContentDir,
    setup: u128,
    /// `setup` without the git commit: a page's dates are part of what record.rs compares.
    setup_without_git: u128,
    inputs: Vec<Input>,
    previous: Option<Record>,
}

/// What a good build leaves for the next one to compare with.
#[derive(Serialize, Deserialize)]
struct Record {
    format: String,
    /// Quire itself and the options (see `setup_hash`).
    setup: String,
    /// All inputs, as `fold` makes it with `racy`.
    inputs: String,
    racy: Vec<String>,
    /// The files pages included, relative to the site folder.
    includes: Vec<String>,
    /// The output folder once committed; empty when the record only keeps `includes` for the
    /// next build (an included file was too new to be trusted).
    outputs: String,
    pages: usize,
    posts: usize,
    static_files: usize,
    warnings: Vec<StoredDiagnostic>,
}

/// What a skipped build reports: the last build's counts and warnings.
pub(crate) struct Skipped {
    pub pages: usize,
    pub posts: usize,
    pub static_files: usize,
    /// The files in the output folder, all as the last build left them.
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl Snapshot {
    /// Takes the fingerprint of a site's inputs; `None` when no record can be kept (no cache).
    pub(crate) fn take(opts: &Options) -> Option<Snapshot> {
        if !opts.use_cache || opts.keeps_state {
            return None;
        }
        let started = SystemTime::now();
        let clock = Instant::now();
        let site_dir = opts.site_dir.canonicalize().ok()?;
        let output_dir = absolute_output(&opts.output_dir)?;
        let builds = builds_dir(&site_dir)?;
        let record_path = builds.join(format!(
            "{:016x}",
            xxh3_64(output_dir.as_os_str().as_encoded_bytes())
        ));
        let previous = read_record(&record_path);
        // The build reads site.yaml again, and decides where the pages are as this does; a
        // site.yaml that does not read has no record to match (the build says what is wrong).
        let config = Config::load_file(&opts.site_dir, opts.config_file.as_deref()).ok()?;
        let content = config.content.clone();
        let mut inputs = Vec::new();
        inputs.push(Input {
            key: format!("f:{}", crate::config::CONFIG_FILE),
            facts: facts(&site_dir.join(crate::config::CONFIG_FILE)),
            odd_path: None,
            content: None,
        });
        // A mkdocs.yml and the files it INHERITs, as opened (from the working folder).
        for file in config.file.read.iter().filter(|_| config.from_mkdocs) {
            inputs.push(Input {
                key: format!("s:{}", file.display()),
                facts: facts(file),
                odd_path: None,
                content: None,
            });
        }
        let left_out = LeftOut::new(&content, &output_dir);
        for (dir, pages) in [
            (content.rel(), true),
            (Path::new(crate::layout::STATIC_DIR), false),
            (Path::new(crate::layout::TEMPLATES_DIR), false),
        ] {
            let root = site_dir.join(dir);
            // A folder that is not there is an input too: it may come.
            inputs.push(Input {
                key: format!("d:{}", dir.display()),
                odd_path: None,
                facts: fs::metadata(&root).ok().map(|_| [0; 7]),
                content: None,
            });
            if !root.is_dir() {
                continue;
            }
            let walk = (walkdir::WalkDir::new(&root).sort_by_file_name().into_iter())
                .filter_entry(|e| !pages || e.depth() == 0 || !left_out.skips(e));
            for e in walk {
                let Ok(e) = e else { return None };
                if e.file_type().is_dir() {
                    continue;
                }
                let rel = e.path().strip_prefix(&site_dir).ok()?;
                inputs.push(Input {
                    key: format!("f:{}", rel.to_string_lossy()),
                    facts: facts(e.path()),
                    odd_path: rel.to_str().is_none().then(|| e.path().to_path_buf()),
                    content: None,
                });
            }
        }
        if let Some(prev) = &previous {
            for include in &prev.includes {
                inputs.push(include_input(&site_dir, include));
            }
        }
        inputs.sort_by(|a, b| a.key.cmp(&b.key));
        inputs.shrink_to_fit();
        let mut snapshot = Snapshot {
            started,
            clock,
            record_path,
            setup: setup_hash(opts, &site_dir, &output_dir, true)?,
            setup_without_git: setup_hash(opts, &site_dir, &output_dir, false)?,
            output_dir,
            site_dir,
            content,
            inputs,
            previous,
        };
        let old_racy: HashSet<String> = snapshot
            .previous
            .iter()
            .flat_map(|r| r.racy.iter().cloned())
            .collect();
        for input in &mut snapshot.inputs {
            if old_racy.contains(&input.key) || is_racy(&input.facts, started) {
                input.content = Some(content_hash(&input.path(&snapshot.site_dir)));
            }
        }
        Some(snapshot)
    }

    /// The last build's report, when the output folder holds what this build would write.
    pub(crate) fn unchanged(&self) -> Option<Skipped> {
        let prev = self.previous.as_ref()?;
        if prev.format != FORMAT || prev.outputs.is_empty() || prev.setup != hex(self.setup) {
            return None;
        }
        let racy: HashSet<&str> = prev.racy.iter().map(String::as_str).collect();
        if prev.inputs != hex(self.fold(&racy)) {
            return None;
        }
        // Another quire writing this folder: the build waits for it instead.
        let _lock =
            crate::output::lock_dir(&self.output_dir, Duration::ZERO, "this output folder").ok()?;
        if prev.outputs != hex(outputs_hash(&self.output_dir)?) {
            return None;
        }
        let files = crate::output::settled_files(&self.output_dir)?.len();
        Some(Skipped {
            pages: prev.pages,
            posts: prev.posts,
            static_files: prev.static_files,
            files,
            elapsed: self.clock.elapsed(),
            warnings: restore(&prev.warnings),
        })
    }

    /// What the last build knew, for this one to pick up from, if it still holds (record.rs).
    pub(crate) fn prior(&self) -> Option<Prior> {
        record::load(&self.resume_path(), &self.inputs_for_resume())
    }

    fn resume_path(&self) -> PathBuf {
        self.record_path.with_extension("resume")
    }

    /// The inputs by key, each known as the fingerprint knows it.
    fn inputs_for_resume(&self) -> record::Inputs<'_> {
        record::Inputs {
            setup: self.setup_without_git,
            files: (self.inputs.iter())
                .map(|i| {
                    let known = match i.content {
                        None => record::Known::Facts(i.facts),
                        Some(c) => record::Known::Content(c),
                    };
                    (i.key.as_str(), known)
                })
                .collect(),
        }
    }

    /// Keeps the record of a good build for the next one; a failure only costs that one a build.
    pub(crate) fn save(mut self, summary: &Summary, state: &Prior) {
        if (state.loaded.as_ref()).is_some_and(|l| l.config.content != self.content) {
            return;
        }
        let includes: BTreeSet<String> = state.included_files().map(str::to_string).collect();
        let known: HashSet<String> = self
            .inputs
            .iter()
            .filter_map(|i| i.key.strip_prefix("i:").map(str::to_string))
            .collect();
        // Included files no page includes any more are no inputs; new ones were looked at
        // only now, after the build read them: trusted only if they changed well before.
        self.inputs.retain(|i| {
            i.key
                .strip_prefix("i:")
                .is_none_or(|p| includes.contains(p))
        });
        let mut trusted = true;
        for include in includes.iter().filter(|p| !known.contains(*p)) {
            let input = include_input(&self.site_dir, include);
            trusted &= input.facts.is_some() && !is_racy(&input.facts, self.started);
            self.inputs.push(input);
        }
        self.inputs.sort_by(|a, b| a.key.cmp(&b.key));
        let racy: Vec<String> = (self.inputs.iter())
            .filter(|i| i.content.is_some())
            .map(|i| i.key.clone())
            .collect();
        let racy_set: HashSet<&str> = racy.iter().map(String::as_str).collect();
        let folder = trusted.then(|| outputs_hash(&self.output_dir)).flatten();
        match (folder, state.saved()) {
            (Some(folder), Some(saved)) => record::save(
                &self.resume_path(),
                &self.inputs_for_resume(),
                folder,
                &saved,
            ),
            _ => {
                let _ = fs::remove_file(self.resume_path());
            }
        }
        let outputs = folder.map_or_else(String::new, hex);
        let record = Record {
            format: FORMAT.to_string(),
            setup: hex(self.setup),
            inputs: hex(self.fold(&racy_set)),
            racy,
            includes: includes.into_iter().collect(),
            outputs,
            pages: summary.pages,
            posts: summary.posts,
            static_files: summary.static_files,
            // What the commit left in the output folder is said once, by the build that did.
            warnings: (summary.warnings.iter())
                .filter(|w| w.kind != "output")
                .map(StoredDiagnostic::from)
                .collect(),
        };
        let Ok(bytes) = serde_json::to_vec(&record) else {
            return;
        };
        let temp = self
            .record_path
            .with_extension(format!("{}.tmp", std::process::id()));
        if fs::write(&temp, bytes).is_err() || fs::rename(&temp, &self.record_path).is_err() {
            let _ = fs::remove_file(&temp);
            let _ = fs::remove_file(&self.record_path);
        }
    }

    /// Forgets the record: a build is about to change the output folder.
    pub(crate) fn forget(&self) {
        let _ = fs::remove_file(&self.record_path);
    }

    /// The hash of every input, each known by its content where `racy` names it.
    fn fold(&self, racy: &HashSet<&str>) -> u128 {
        let mut h = Xxh3::new();
        for input in &self.inputs {
            h.update(input.key.as_bytes());
            h.update(b"\0");
            match (racy.contains(input.key.as_str()), input.content) {
                (true, Some(c)) => h.update(&c.to_le_bytes()),
                // Racy then, but not looked at now: it cannot match.
                (true, None) => h.update(b"unread"),
                (false, _) => match input.facts {
                    Some(f) => f.iter().for_each(|x| h.update(&x.to_le_bytes())),
                    None => h.update(b"missing"),
                },
            }
        }
        h.digest128()
    }
}

fn include_input(site_dir: &Path, include: &str) -> Input {
    Input {
        key: format!("i:{include}"),
        facts: facts(&site_dir.join(include)),
        odd_path: None,
        content: None,
    }
}

impl Input {
    fn path(&self, site_dir: &Path) -> PathBuf {
        match &self.odd_path {
            Some(path) => path.clone(),
            None => site_dir.join(&self.key[2..]),
        }
    }
}

fn is_racy(facts: &Facts, started: SystemTime) -> bool {
    let Some(f) = facts else { return false };
    let start = started.duration_since(UNIX_EPOCH).unwrap_or_default();
    changed_at(f) + RACY >= start
}

/// The hash of a file's bytes; of its target's name for a link, which is never followed.
fn content_hash(path: &Path) -> u128 {
    if let Ok(target) = fs::read_link(path) {
        return xxh3_128(target.as_os_str().as_encoded_bytes()) ^ 1;
    }
    let opened = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    let mut h = Xxh3::new();
    match opened {
        Ok(mut f) if f.metadata().is_ok_and(|m| m.is_file()) => {
            let mut buf = vec![0; 64 * 1024];
            loop {
                match f.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => h.update(&buf[..n]),
                    Err(_) => return 0,
                }
            }
        }
        // Not a regular file (a FIFO, a device): its facts say all a build uses of it.
        _ => h.update(b"not a file"),
    }
    h.digest128()
}

/// Quire itself (version and executable) and the options that change what a build writes.
fn setup_hash(opts: &Options, site_dir: &Path, output_dir: &Path, git: bool) -> Option<u128> {
    let exe = std::env::current_exe().ok()?;
    let exe_facts = facts(&exe)?;
    let mut h = Xxh3::new();
    h.update(FORMAT.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    exe_facts.iter().for_each(|x| h.update(&x.to_le_bytes()));
    h.update(exe.as_os_str().as_encoded_bytes());
    h.update(b"\0");
    h.update(site_dir.as_os_str().as_encoded_bytes());
    h.update(b"\0");
    h.update(output_dir.as_os_str().as_encoded_bytes());
    // Pages show when git last changed them: the commit checked out is an input too.
    if git {
        h.update(
            crate::content::gitdates::state(site_dir)
                .unwrap_or_default()
                .as_bytes(),
        );
    }
    h.update(b"\0");
    h.update(&[
        opts.processing.minify as u8,
        opts.processing.precompress as u8,
        opts.force as u8,
    ]);
    Some(h.digest128())
}

fn absolute_output(output_dir: &Path) -> Option<PathBuf> {
    match output_dir.canonicalize() {
        Ok(p) => Some(p),
        // Not there yet: the first build makes it, and the record is kept under its name then.
        Err(_) => {
            let parent = output_dir.parent().filter(|p| !p.as_os_str().is_empty());
            let parent = parent.map_or_else(std::env::current_dir, |p| p.canonicalize());
            Some(parent.ok()?.join(output_dir.file_name()?))
        }
    }
}

/// `.quire-cache/builds/`, made if need be; `None` if the cache or it is not a real folder.
fn builds_dir(site_dir: &Path) -> Option<PathBuf> {
    let cache = site_dir.join(crate::layout::CACHE_DIR);
    let builds = cache.join("builds");
    let real_dir = |p: &Path| fs::symlink_metadata(p).map_or(true, |m| m.is_dir());
    if !real_dir(&cache) || !real_dir(&builds) {
        return None;
    }
    fs::create_dir_all(&builds).ok()?;
    Some(builds)
}

/// The record, if it is a regular file of bounded size that parses (anything else is ignored).
fn read_record(path: &Path) -> Option<Record> {
    serde_json::from_slice(&read_bounded(path, MAX_RECORD)?).ok()
}

fn hex(h: u128) -> String {
    format!("{h:032x}")
}

/// A warning as the record keeps it.
#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    severity: u8,
    file: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    kind: String,
    message: String,
    hint: Option<String>,
    detail: Vec<String>,
    pages: Vec<PathBuf>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        StoredDiagnostic {
            severity: match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Note => 2,
            },
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            kind: d.kind.to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            detail: d.detail.clone(),
            pages: d.pages.clone(),
        }
    }
}

impl StoredDiagnostic {
    fn restore(&self, kind: &'static str) -> Diagnostic {
        Diagnostic {
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => Severity::Note,
            },
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            kind,
            message: self.message.clone(),
            hint: self.hint.clone(),
            detail: self.detail.clone(),
            pages: self.pages.clone(),
        }
    }
}

/// The warnings a record keeps, as diagnostics; each kind becomes the `&'static str` they
/// carry once (a few bytes per kind, once per run).
fn restore(stored: &[StoredDiagnostic]) -> Vec<Diagnostic> {
    let mut kinds: HashMap<&str, &'static str> = HashMap::new();
    stored
        .iter()
        .map(|s| {
            let kind = *kinds
                .entry(&s.kind)
                .or_insert_with(|| Box::leak(s.kind.clone().into_boxed_str()));
            s.restore(kind)
        })
        .collect()
}
