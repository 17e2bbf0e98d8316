//! The one place that writes to the output folder.
//!
//! A build stages every new or changed file in `.quire-staging/` inside the
//! output folder. Nothing in the folder changes until the whole build has
//! succeeded and every path it would write has been checked (no link, file or
//! foreign file in the way, every folder writable). Then a journal of the
//! commit is written, the files are renamed into place, stale files removed
//! and the manifest replaced; a commit that a kill or a system error stops
//! half-way is completed from the journal by the next build. A file whose
//! bytes are unchanged is not rewritten, so its mtime stays. Files are removed
//! only when an earlier build of quire wrote them and they still hold what it
//! wrote: the manifest lists each file with a digest of its bytes (the same on
//! any machine for the same input), and a stale file whose bytes differ, or that
//! an older manifest lists without a digest, is left where it is and named in a
//! warning; a manifest committed to a repository cannot name a user's own file
//! for removal without knowing its contents. Nothing is removed through a
//! symbolic link.

use std::collections::{btree_map, BTreeMap, BTreeSet, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::diagnostic::Diagnostic;

pub(crate) mod compress;
mod digest;
pub(crate) mod minify;

/// How files are transformed on their way to the output folder (`--minify`, `--precompress`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Processing {
    pub minify: bool,
    pub precompress: bool,
}

pub(crate) use crate::layout::MANIFEST;
pub(crate) use digest::folder_hash;
const STAGING: &str = ".quire-staging";
/// What a commit is about to do, so that a kill part-way is completed by the next build.
const JOURNAL: &str = ".quire-manifest.journal";
const MANIFEST_HEADER: &str =
    "# Files written by quire; it removes only these when their source is gone.";
/// The second line of a manifest: what follows each path. Each line is read on its own: a
/// path with no digest after it is an older manifest's (see `Files`).
const MANIFEST_FORMAT: &str =
    "# format 2: path, tab, xxh3-64 of the bytes quire wrote there (a file whose bytes differ is never removed)";
const JOURNAL_HEADER: &str = "# quire commit in progress; the next build completes it.";
/// A journal line saying that no file comes or goes: the commit only replaces files (the
/// journal names them with their new digests; the manifest's other lines stay).
const SAME_FILES: &str = "same-files";
/// How long a second quire waits for the first to finish before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(3);
/// How many names an error lists before it only counts the rest.
const LIST: usize = 5;

/// The files quire wrote in the output folder, each with the digest (xxh3-64) of the bytes it
/// wrote there; `None`: listed by an older quire, which recorded no digest (such a file is
/// quire's to overwrite, never to remove).
pub(crate) type Files = BTreeMap<String, Option<u64>>;

/// The folders this process holds locked. A lock (flock) belongs to an open file, so a second
/// open by the same process would wait for itself: a server's rebuilds run inside its own hold.
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// An exclusive hold on a folder (a `flock` on the folder itself, so no lock file is left in
/// it), released when dropped or when the process ends, however it ends.
pub(crate) struct Lock {
    dir: PathBuf,
    _file: File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        HELD.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|d| d != &self.dir);
    }
}

/// Locks the folder `dir`, waiting up to `wait` for another process to let go. `None` when this
/// very process holds it already.
pub(crate) fn lock_dir(dir: &Path, wait: Duration, what: &str) -> io::Result<Option<Lock>> {
    let dir = dir.canonicalize()?;
    let deadline = Instant::now() + wait;
    let file = File::open(&dir)?;
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    if held.contains(&dir) {
        return Ok(None);
    }
    loop {
        match file.try_lock() {
            Ok(()) => {
                held.push(dir.clone());
                return Ok(Some(Lock { dir, _file: file }));
            }
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => {
                let ino = file.metadata().map(|m| m.ino()).unwrap_or(0);
                let who = holder_pid(ino).map_or_else(
                    || "another quire process".to_string(),
                    |pid| format!("another quire process (pid {pid})"),
                );
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "{who} is writing to {what}; wait for it to finish (or stop that \
                         `quire build`/`quire serve`) and run this again"
                    ),
                ));
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// The process holding a flock on the file with inode `ino`, as Linux lists it in /proc/locks
/// (`1: FLOCK ADVISORY WRITE 1234 08:01:5678 0 EOF`); elsewhere unknown.
fn holder_pid(ino: u64) -> Option<u32> {
    let locks = fs::read_to_string("/proc/locks").ok()?;
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = fields.iter().position(|f| *f == "FLOCK")?;
        let pid = fields.get(at + 3)?.parse().ok()?;
        let file = fields.get(at + 4)?;
        (file.rsplit(':').next()? == ino.to_string()).then_some(pid)
    })
}

/// Holds the output folder for as long as it lives (`quire serve` keeps it for its whole run,
/// so that a `quire build` beside it waits or stops instead of mixing two builds).
pub(crate) fn lock_output(dir: &Path) -> anyhow::Result<Option<Lock>> {
    fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot create the output folder: {e}", dir.display()))?;
    lock_dir(dir, LOCK_WAIT, &format!("{}", dir.display()))
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
}

/// Where output goes, and which of its files quire wrote before.
pub(crate) struct Output {
    /// The output folder, canonical: every path below is checked against it.
    root: PathBuf,
    staging: PathBuf,
    /// What the manifest lists: the files earlier builds wrote, with their digests.
    previous: Arc<Files>,
    /// Every file earlier builds wrote stays (see `keep_previous`).
    keep_all: AtomicBool,
    had_manifest: bool,
    created_dir: bool,
    force: bool,
    staged: Mutex<Vec<String>>,
    /// The files this build writes or keeps, with the digests of their bytes.
    produced: Mutex<Files>,
    /// The manifest as the user named it, for messages.
    shown: PathBuf,
    /// Stale files a completed earlier commit left because their bytes were not quire's.
    left: Vec<String>,
    /// System errors while staging, reported once with a count at commit.
    failures: Mutex<Vec<(String, io::Error)>>,
    /// The folders of the staging area made so far: asking again for each of 15,000 files
    /// (a failed mkdir and a stat each) was a tenth of a cold build's system time.
    made_dirs: Mutex<HashSet<PathBuf>>,
    processing: Processing,
    // Dropped last: the folder is free again only when this value is gone.
    lock: Option<Lock>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// What a commit does: files to move into place, and the manifest after it.
struct Plan {
    moves: Vec<String>,
    manifest: Arc<Files>,
    /// No file comes or goes (the manifest on disk lists the same files; it is written again
    /// only when a digest changed).
    same_files: bool,
}

/// What a commit did, and the files the output folder now holds (for the next `Output::open`).
pub(crate) struct Committed {
    pub stats: WriteStats,
    pub files: Arc<Files>,
    /// Stale files left in place because their bytes are not those quire wrote.
    pub warning: Option<Diagnostic>,
}

impl Output {
    /// Opens (and locks) the output folder, completing a commit that an earlier build left
    /// half-done and clearing what an interrupted build left in staging.
    #[cfg(test)]
    pub(crate) fn open(dir: &Path) -> io::Result<Output> {
        Output::open_after(dir, None)
    }

    /// Like `open`, given the files this process's last commit left (`Committed::files`): a
    /// server holds the folder's lock between its builds, so no one else changed the manifest,
    /// and reading 20,000 names back costs more than rendering the edited page.
    pub(crate) fn open_after(dir: &Path, known: Option<Arc<Files>>) -> io::Result<Output> {
        if let Ok(m) = fs::metadata(dir) {
            if !m.is_dir() {
                return Err(io::Error::other(format!(
                    "{} is a file, not a folder; name a folder with `-o`",
                    dir.display()
                )));
            }
        }
        let created_dir = !dir.exists();
        fs::create_dir_all(dir)?;
        let lock = match lock_dir(dir, LOCK_WAIT, "this output folder") {
            Ok(lock) => lock,
            Err(e) => {
                if created_dir {
                    let _ = fs::remove_dir(dir);
                }
                return Err(e);
            }
        };
        let root = dir.canonicalize()?;
        let staging = root.join(STAGING);
        let recovered = recover(&root, &staging)?;
        clear_staging(&staging)?;
        let _ = fs::remove_file(root.join(format!("{JOURNAL}.tmp")));
        let _ = fs::remove_file(root.join(format!("{MANIFEST}.tmp")));
        let had_manifest = root.join(MANIFEST).is_file();
        let previous = match known {
            // A commit this process left half-done was completed just now: the disk knows best.
            Some(files) if had_manifest && recovered.is_none() => files,
            _ => Arc::new(read_manifest(&root.join(MANIFEST))),
        };
        Ok(Output {
            root,
            staging,
            previous,
            keep_all: AtomicBool::new(false),
            had_manifest,
            created_dir,
            force: false,
            staged: Mutex::new(Vec::new()),
            produced: Mutex::new(Files::new()),
            shown: dir.join(MANIFEST),
            left: recovered.unwrap_or_default(),
            failures: Mutex::new(Vec::new()),
            made_dirs: Mutex::new(HashSet::new()),
            processing: Processing::default(),
            lock,
        })
    }

    /// Minify and/or precompress what is staged from now on.
    pub(crate) fn with_processing(mut self, processing: Processing) -> Output {
        self.processing = processing;
        self
    }

    /// Overwrite files in the folder that quire did not write (`--force`).
    pub(crate) fn with_force(mut self, force: bool) -> Output {
        self.force = force;
        self
    }

    /// Stages a file quire made (minified with `--minify`), and its compressed
    /// copies with `--precompress`.
    pub(crate) fn stage(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let minified = self
            .processing
            .minify
            .then(|| minify::minify(path, bytes))
            .flatten();
        self.stage_with_copies(path, minified.as_deref().unwrap_or(bytes))
    }

    fn stage_with_copies(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.stage_exact(path, bytes)?;
        if self.processing.precompress && compress::is_text(path) {
            self.stage_exact(&format!("{path}.gz"), &compress::gzip(bytes))?;
            self.stage_exact(&format!("{path}.br"), &compress::brotli(bytes))?;
        }
        Ok(())
    }

    /// Stages one file as it is; unchanged bytes are noted but not written.
    fn stage_exact(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let rel = self.claim(path, Some(xxh3_64(bytes)))?;
        let target = self.root.join(&rel);
        // Compare sizes first: most changed files differ in length, and then the old bytes need
        // not be read. A link is never taken for the file: it is replaced (or refused) at commit.
        let same_len = fs::symlink_metadata(&target)
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if same_len && fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let temp = self.staging.join(&rel);
        let written = temp
            .parent()
            .map_or(Ok(()), |dir| self.make_dir(dir))
            .and_then(|()| fs::write(&temp, bytes));
        self.staged_or_failed(path, written);
        Ok(())
    }

    /// Notes a staged file, or the system error that kept it from being staged.
    fn staged_or_failed(&self, path: &str, written: io::Result<()>) {
        match written {
            Ok(()) => self
                .staged
                .lock()
                .expect("no panics while held")
                .push(path.to_string()),
            // Counted and reported once at commit: a full disk is one problem, not one per file.
            Err(e) => self
                .failures
                .lock()
                .expect("no panics while held")
                .push((path.to_string(), e)),
        }
    }

    /// Checks that `path` is one quire may write, and records that this build writes it (with
    /// the digest of its bytes, or `None` until they are known: see `record`).
    fn claim(&self, path: &str, digest: Option<u64>) -> Result<PathBuf, Diagnostic> {
        let rel = safe_relative(path).ok_or_else(|| {
            Diagnostic::error(
                "output",
                path,
                "refusing to write outside the output folder",
            )
        })?;
        if is_reserved(path) {
            return Err(Diagnostic::error(
                "output",
                path,
                "this name is quire's own bookkeeping or a repository's folder",
            )
            .hint(
                "rename the file or page; `.git/` and names starting with `.quire-` are reserved",
            ));
        }
        self.produced
            .lock()
            .expect("no panics while held")
            .insert(path.to_string(), digest);
        Ok(rel)
    }

    /// Records the digest of the bytes a claimed file holds once this build is committed.
    fn record(&self, path: &str, digest: u64) {
        self.produced
            .lock()
            .expect("no panics while held")
            .insert(path.to_string(), Some(digest));
    }

    /// Makes a folder of the staging area, once.
    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        if self
            .made_dirs
            .lock()
            .expect("no panics while held")
            .contains(dir)
        {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        (self.made_dirs.lock().expect("no panics while held")).insert(dir.to_path_buf());
        Ok(())
    }

    /// Stages a copy of a file, unless the output already holds the same bytes.
    /// The site's own files are never minified, only precompressed.
    ///
    /// Streamed, never read whole: a site's videos and archives may be hundreds of megabytes,
    /// and holding each at once made a build's memory the size of its largest files.
    pub(crate) fn stage_copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        let cannot_read =
            |e: io::Error| Diagnostic::error("io", source, format!("cannot read: {e}"));
        let rel = self.claim(path, None)?;
        let target = self.root.join(&rel);
        match same_bytes(source, &target).map_err(cannot_read)? {
            Some(digest) => self.record(path, digest),
            None => {
                let mut from = File::open(source).map_err(cannot_read)?;
                let written = self.stage_stream(&rel, |to| io::copy(&mut from, to).map(drop));
                if let Ok(digest) = written {
                    self.record(path, digest);
                }
                self.staged_or_failed(path, written.map(drop));
            }
        }
        if self.processing.precompress && compress::is_text(path) {
            for (ext, zip) in [
                ("gz", compress::gzip_to as Zip),
                ("br", compress::brotli_to),
            ] {
                let copy = format!("{path}.{ext}");
                let rel = self.claim(&copy, None)?;
                let mut from = File::open(source).map_err(cannot_read)?;
                let written = self
                    .stage_stream(&rel, |to| zip(&mut from, to))
                    .and_then(|digest| {
                        // The copy is made to be compared: an unchanged one stays as it is.
                        let temp = self.staging.join(&rel);
                        let unchanged = same_bytes(&temp, &self.root.join(&rel))?.is_some();
                        if unchanged {
                            fs::remove_file(&temp)?;
                        }
                        Ok((digest, unchanged))
                    });
                match written {
                    Ok((digest, unchanged)) => {
                        self.record(&copy, digest);
                        if !unchanged {
                            self.staged_or_failed(&copy, Ok(()));
                        }
                    }
                    Err(e) => self.staged_or_failed(&copy, Err(e)),
                }
            }
        }
        Ok(())
    }

    /// Writes the staging copy of `rel` with `fill`; the digest of the bytes written.
    fn stage_stream(
        &self,
        rel: &Path,
        fill: impl FnOnce(&mut io::BufWriter<Hashing>) -> io::Result<()>,
    ) -> io::Result<u64> {
        let temp = self.staging.join(rel);
        if let Some(dir) = temp.parent() {
            self.make_dir(dir)?;
        }
        let mut to = io::BufWriter::new(Hashing {
            file: File::create(&temp)?,
            hash: Xxh3::new(),
        });
        fill(&mut to)?;
        let done = to.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(done.hash.digest())
    }

    /// Records files this build keeps as they are (a partial rebuild does not stage them), so
    /// that commit does not take them for stale ones; with their compressed copies, if any.
    /// A kept file's bytes are those the last build wrote: its digest is the manifest's.
    pub(crate) fn keep(&self, paths: impl IntoIterator<Item = String>) {
        let mut produced = self.produced.lock().expect("no panics while held");
        let mut keep_one = |path: String| {
            // A file this build staged has the digest of what it staged.
            if let btree_map::Entry::Vacant(slot) = produced.entry(path) {
                let digest = self.kept_digest(slot.key());
                slot.insert(digest);
            }
        };
        for path in paths {
            if self.processing.precompress && compress::is_text(&path) {
                keep_one(format!("{path}.gz"));
                keep_one(format!("{path}.br"));
            }
            keep_one(path);
        }
    }

    /// The digest of a file kept as the last build left it: the manifest's, or, when an older
    /// manifest lists it without one, that of its bytes (the file is this build's output, so
    /// that is what a build writing it would record).
    fn kept_digest(&self, path: &str) -> Option<u64> {
        match self.previous.get(path) {
            Some(Some(digest)) => Some(*digest),
            Some(None) => digest_of(&self.root.join(path)).ok(),
            None => None,
        }
    }

    /// Keeps every file the last build wrote: for an update in which no file comes or goes
    /// (the site-wide files, the search index's among them, follow in a later one).
    pub(crate) fn keep_previous(&self) {
        self.keep_all.store(true, Ordering::Relaxed);
    }

    /// What commit will do: the files it will write, and those it will remove.
    pub(crate) fn changes(&self) -> (Vec<String>, Vec<String>) {
        let mut staged = self.staged.lock().expect("no panics while held").clone();
        staged.sort();
        if self.keep_all.load(Ordering::Relaxed) {
            return (staged, Vec::new());
        }
        let produced = self.produced.lock().expect("no panics while held");
        let removed = (self.previous.keys())
            .filter(|p| !produced.contains_key(*p))
            .cloned()
            .collect();
        (staged, removed)
    }

    /// The manifest after this build, and whether it lists the same files as the one on disk
    /// (the same value, when no digest changed either).
    fn manifest_after(&self, produced: Files) -> (Arc<Files>, bool) {
        if !self.keep_all.load(Ordering::Relaxed) {
            return (Arc::new(produced), false);
        }
        let same_files = produced.keys().all(|p| self.previous.contains_key(p));
        if same_files
            && produced
                .iter()
                .all(|(p, d)| self.previous.get(p) == Some(d))
        {
            return (Arc::clone(&self.previous), true);
        }
        // What this build wrote has the digest of what it wrote.
        let mut all = (*self.previous).clone();
        all.extend(produced);
        (Arc::new(all), same_files)
    }

    /// Checks every path the commit would touch, then moves every staged file into place,
    /// removes what earlier builds wrote that this one did not, and records the new manifest.
    /// Until the journal is written nothing in the folder has changed; after, the next build
    /// completes what a failure left undone.
    pub(crate) fn commit(mut self) -> Result<Committed, Diagnostic> {
        let produced = std::mem::take(self.produced.get_mut().expect("no panics while held"));
        let (manifest, same_files) = self.manifest_after(produced);
        let mut staged = std::mem::take(self.staged.get_mut().expect("no panics while held"));
        staged.sort();
        let failures = std::mem::take(self.failures.get_mut().expect("no panics while held"));
        if let Some(e) = staging_failure(&self.root, &failures) {
            self.abort();
            return Err(e);
        }
        if let Err(e) = self.validate(&staged, &manifest, same_files) {
            self.abort();
            return Err(e);
        }
        let removed = if same_files {
            0
        } else {
            (self.previous.keys())
                .filter(|p| !manifest.contains_key(*p))
                .count()
        };
        let plan = Plan {
            moves: staged,
            manifest,
            same_files,
        };
        write_journal(&self.root, &plan).map_err(|e| {
            let _ = fs::remove_file(self.root.join(format!("{JOURNAL}.tmp")));
            let _ = clear_staging(&self.staging);
            Diagnostic::error(
                "output",
                self.root.join(JOURNAL),
                format!("cannot write: {e}; the output folder was not changed"),
            )
        })?;
        let (removed_now, left) = apply(&self.root, &self.staging, &self.previous, &plan, false)?;
        debug_assert!(removed_now <= removed);
        let mut left_all = std::mem::take(&mut self.left);
        left_all.extend(left);
        Ok(Committed {
            stats: WriteStats {
                written: plan.moves.len(),
                unchanged: plan.manifest.len() - plan.moves.len(),
                removed: removed_now,
            },
            files: plan.manifest,
            warning: left_warning(&self.shown, &left_all),
        })
    }

    /// Every reason the commit would fail or overwrite what is not quire's, found before
    /// anything changes.
    fn validate(
        &self,
        staged: &[String],
        produced: &Files,
        same_files: bool,
    ) -> Result<(), Diagnostic> {
        // A path that is both a file and a folder of another (`a` and `a/index.html`); the
        // files of the last commit were looked at then.
        let shapes = if same_files { None } else { Some(produced) };
        for path in shapes.into_iter().flat_map(Files::keys) {
            for prefix in ancestors(path) {
                if produced.contains_key(prefix) {
                    return Err(Diagnostic::error(
                        "output",
                        path,
                        format!("the build writes both {prefix} and {path}, so {prefix} would have to be a file and a folder"),
                    )
                    .hint("give one of them another name; the output folder was not changed"));
                }
            }
        }
        let mut in_the_way = Vec::new();
        let mut foreign = Vec::new();
        let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
        folders.insert(self.root.clone());
        for path in staged {
            match self.check_route(path) {
                Ok(Some(existing_dir)) => {
                    folders.insert(existing_dir);
                }
                Ok(None) => {}
                Err(why) => in_the_way.push(why),
            }
            let target = self.root.join(path);
            match fs::symlink_metadata(&target) {
                Ok(m) if m.is_dir() => {
                    in_the_way.push(format!("{path} is a folder where the build writes a file"))
                }
                Ok(_) if !self.previous.contains_key(path) && !self.force => {
                    foreign.push(path.clone())
                }
                _ => {}
            }
        }
        if let Some(first) = in_the_way.first() {
            return Err(Diagnostic::error(
                "output",
                &self.root,
                format!("{first}{}", more(in_the_way.len())),
            )
            .hint("quire writes only into real folders inside the output folder and never through a symbolic link: remove or rename what is in the way; the output folder was not changed"));
        }
        if !foreign.is_empty() {
            let listed: Vec<&str> = foreign.iter().take(LIST).map(String::as_str).collect();
            let whose = if self.had_manifest {
                "that an earlier build of quire did not write"
            } else {
                "in a folder that quire did not make (it has no .quire-manifest)"
            };
            return Err(Diagnostic::error(
                "output",
                &self.root,
                format!(
                    "the build would overwrite {} {whose}: {}{}",
                    plural(foreign.len(), "file"),
                    listed.join(", "),
                    if foreign.len() > LIST { ", …" } else { "" }
                ),
            )
            .hint("choose an empty or new output folder with `-o`, or pass `--force` to let quire take this one over; the output folder was not changed"));
        }
        let stale =
            (!same_files).then(|| (self.previous.keys()).filter(|p| !produced.contains_key(*p)));
        for stale in stale.into_iter().flatten() {
            if let Some(parent) = self.root.join(stale).parent() {
                if parent.is_dir() {
                    folders.insert(parent.to_path_buf());
                }
            }
        }
        let unwritable: Vec<(PathBuf, io::Error)> = folders
            .into_iter()
            .filter_map(|dir| probe(&dir).err().map(|e| (dir, e)))
            .collect();
        if let Some((dir, e)) = unwritable.first() {
            return Err(Diagnostic::error(
                "output",
                dir,
                format!("cannot write in this folder: {e}{}", more_folders(unwritable.len())),
            )
            .hint("make the output folder and its subfolders writable (or choose another with `-o`); the output folder was not changed"));
        }
        Ok(())
    }

    /// Whether every folder on the way to `path` is a real folder inside the output folder (or
    /// not there yet); the deepest existing one, for the write check.
    fn check_route(&self, path: &str) -> Result<Option<PathBuf>, String> {
        let mut dir = self.root.clone();
        let mut deepest = None;
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts[..parts.len() - 1].iter().enumerate() {
            dir.push(part);
            match fs::symlink_metadata(&dir) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(format!(
                        "{} is a symbolic link, and the build writes {path} inside it",
                        parts[..=i].join("/")
                    ))
                }
                Ok(m) if m.is_dir() => deepest = Some(dir.clone()),
                Ok(_) => {
                    return Err(format!(
                        "{} is a file where the build needs a folder (for {path})",
                        parts[..=i].join("/")
                    ))
                }
                Err(_) => break,
            }
        }
        Ok(deepest)
    }

    /// Throws away what was staged: a failed build leaves the output folder as it was.
    pub(crate) fn abort(mut self) {
        let _ = clear_staging(&self.staging);
        if self.created_dir {
            drop(self.lock.take());
            let _ = fs::remove_dir(&self.root);
        }
    }
}

/// Moves the planned files into place, removes stale ones (only regular files quire listed
/// that still hold the bytes it wrote, never through a link), writes the manifest, and clears
/// the journal and staging. When `recovering`, files already moved by the interrupted commit
/// are skipped. How many files it removed, and the stale ones it left because their bytes are
/// not (or not known to be) quire's.
fn apply(
    root: &Path,
    staging: &Path,
    previous: &Arc<Files>,
    plan: &Plan,
    recovering: bool,
) -> Result<(usize, Vec<String>), Diagnostic> {
    let total = plan.moves.len();
    for (done, path) in plan.moves.iter().enumerate() {
        let from = staging.join(path);
        if recovering && fs::symlink_metadata(&from).is_err() {
            continue;
        }
        let target = root.join(path);
        if let Err(e) = make_dirs(root, path).and_then(|()| fs::rename(&from, &target)) {
            return Err(half_done(&target, &e, done, total));
        }
    }
    let mut removed = 0;
    let mut left = Vec::new();
    let written = if !plan.same_files {
        // Stale files that could not be removed are still quire's: listed again, so the next
        // build tries once more. Those whose bytes are not quire's are no longer listed: they
        // are the user's to delete.
        let mut still_ours = Vec::new();
        let stale = (previous.iter()).filter(|(p, _)| !plan.manifest.contains_key(*p));
        for (stale, digest) in stale {
            match remove_owned(root, stale, *digest) {
                Ok(Removal::Removed) => removed += 1,
                Ok(Removal::Gone) => {}
                Ok(Removal::NotOurs) => left.push(stale.clone()),
                Err(_) => still_ours.push((stale.clone(), *digest)),
            }
        }
        if still_ours.is_empty() {
            write_manifest(root, &plan.manifest)
        } else {
            let mut manifest = (*plan.manifest).clone();
            manifest.extend(still_ours);
            write_manifest(root, &manifest)
        }
    } else if !Arc::ptr_eq(&plan.manifest, previous) {
        // The same files, some with new bytes: their digests change.
        write_manifest(root, &plan.manifest)
    } else {
        // The manifest on disk is already right.
        Ok(())
    };
    if let Err(e) = written {
        return Err(half_done(&root.join(MANIFEST), &e, total, total));
    }
    let _ = fs::remove_file(root.join(JOURNAL));
    let _ = clear_staging(staging);
    Ok((removed, left))
}

/// The warning for stale files left in place (see `apply`), if any.
fn left_warning(manifest: &Path, left: &[String]) -> Option<Diagnostic> {
    let first = left.first()?;
    let listed: Vec<&str> = left.iter().take(LIST).map(String::as_str).collect();
    debug_assert_eq!(listed[0], first);
    Some(
        Diagnostic::warning(
            "output",
            manifest,
            format!(
                "left {} that {} lists but whose contents quire did not write: {}{}; delete \
                 {} yourself if {} stale",
                plural(left.len(), "file"),
                manifest.display(),
                listed.join(", "),
                if left.len() > LIST { ", …" } else { "" },
                if left.len() == 1 { "it" } else { "them" },
                if left.len() == 1 { "it is" } else { "they are" },
            ),
        )
        .hint("quire removes a stale file only when it still holds the bytes quire wrote there; the manifest no longer lists these"),
    )
}

fn half_done(target: &Path, e: &io::Error, done: usize, total: usize) -> Diagnostic {
    Diagnostic::error(
        "commit",
        target,
        format!(
            "cannot write: {e}. The update stopped part-way: {done} of {total} new or changed \
             files are in place, the others wait in {STAGING}/, and {JOURNAL} records the whole \
             update, so the folder holds a mix of the old and the new build"
        ),
    )
    .hint("fix the cause (permissions, disk space) and build again: the next build completes the update")
}

/// Completes a commit that was stopped part-way (killed, or a system error), from its journal:
/// `None` when there was none, else the stale files it left (see `apply`).
fn recover(root: &Path, staging: &Path) -> io::Result<Option<Vec<String>>> {
    let Ok(text) = fs::read_to_string(root.join(JOURNAL)) else {
        return Ok(None);
    };
    let previous = Arc::new(read_manifest(&root.join(MANIFEST)));
    let mut moves = Vec::new();
    let mut manifest = Files::new();
    let mut same_files = false;
    for line in text.lines() {
        if line == SAME_FILES {
            same_files = true;
            continue;
        }
        let Some((op, entry)) = line.split_once(' ') else {
            continue;
        };
        let (path, digest) = parse_entry(entry);
        if safe_relative(path).is_none() || is_reserved(path) {
            continue;
        }
        match op {
            "move" => moves.push(path.to_string()),
            "keep" => {}
            _ => continue,
        }
        manifest.insert(path.to_string(), digest);
    }
    let manifest = if same_files {
        // The journal names only the files replaced, with their new digests.
        let mut all = (*previous).clone();
        all.extend(manifest);
        all
    } else {
        manifest
    };
    let plan = Plan {
        moves,
        manifest: Arc::new(manifest),
        same_files,
    };
    apply(root, staging, &previous, &plan, true)
        .map(|(_, left)| Some(left))
        .map_err(|d| {
            io::Error::other(format!(
                "an earlier build's update could not be completed: {}: {}",
                d.file.display(),
                d.message
            ))
        })
}

fn write_journal(root: &Path, plan: &Plan) -> io::Result<()> {
    let mut text = String::from(JOURNAL_HEADER);
    text.push('\n');
    let mut line = |op: &str, path: &str, digest: Option<u64>| {
        text.push_str(op);
        text.push(' ');
        push_entry(&mut text, path, digest);
    };
    if plan.same_files {
        // The same files: the journal need only name those being replaced, with their digests.
        for path in &plan.moves {
            line("move", path, plan.manifest.get(path).copied().flatten());
        }
        text.push_str(SAME_FILES);
        text.push('\n');
    } else {
        let moves: HashSet<&String> = plan.moves.iter().collect();
        for (path, digest) in plan.manifest.iter() {
            let op = if moves.contains(path) { "move" } else { "keep" };
            line(op, path, *digest);
        }
    }
    let temp = root.join(format!("{JOURNAL}.tmp"));
    let written = File::create(&temp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    // A full disk leaves no half-written journal behind.
    if let Err(e) = written.and_then(|()| fs::rename(&temp, root.join(JOURNAL))) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

/// A compressor from a file into a writer (`compress::gzip_to`, `compress::brotli_to`).
type Zip = fn(&mut File, &mut io::BufWriter<Hashing>) -> io::Result<()>;

/// A file being staged, and the digest of what has been written to it so far.
struct Hashing {
    file: File,
    hash: Xxh3,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Whether the file `old` (never through a link) holds exactly the bytes of `new`, compared a
/// block at a time: the digest of those bytes when it does. `Err` only when `new` cannot be
/// read.
fn same_bytes(new: &Path, old: &Path) -> io::Result<Option<u64>> {
    let new_len = fs::metadata(new)?.len();
    if !fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == new_len) {
        return Ok(None);
    }
    let Ok(mut old) = File::open(old) else {
        return Ok(None);
    };
    let mut new = File::open(new)?;
    let (mut a, mut b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    let mut hash = Xxh3::new();
    loop {
        let n = new.read(&mut a)?;
        if n == 0 {
            let ended = old.read(&mut b[..1]).is_ok_and(|m| m == 0);
            return Ok(ended.then(|| hash.digest()));
        }
        if old.read_exact(&mut b[..n]).is_err() || a[..n] != b[..n] {
            return Ok(None);
        }
        hash.update(&a[..n]);
    }
}

/// The digest of a regular file's bytes, read through an open that follows no link.
fn digest_of(path: &Path) -> io::Result<u64> {
    let mut file = crate::files::open_regular(path, crate::files::Links::Refuse)?;
    let mut hash = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hash.digest()),
            Ok(n) => hash.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// One error for every file that could not be staged, with a count (a full disk is one problem).
fn staging_failure(root: &Path, failures: &[(String, io::Error)]) -> Option<Diagnostic> {
    let (first, e) = failures.first()?;
    let hint = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "free some disk space and build again"
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "make the output folder writable (or choose another with `-o`) and build again"
        }
        _ => "check that the output folder is writable and the disk has room",
    };
    Some(
        Diagnostic::error(
            "output",
            root.join(STAGING),
            format!(
                "cannot write {} into the staging folder: {e} (first: {first}); the output \
                 folder was not changed",
                plural(failures.len(), "file")
            ),
        )
        .hint(hint),
    )
}

/// Whether a file can be made in `dir`, by making (and removing) one.
fn probe(dir: &Path) -> io::Result<()> {
    let p = dir.join(format!(".quire-probe-{}", std::process::id()));
    OpenOptions::new().write(true).create_new(true).open(&p)?;
    fs::remove_file(&p)
}

/// `a/b/c.html` → `a`, `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn more(n: usize) -> String {
    if n > 1 {
        format!(" (and {} more like it)", n - 1)
    } else {
        String::new()
    }
}

fn more_folders(n: usize) -> String {
    if n > 1 {
        format!(" (and {} more)", plural(n - 1, "folder"))
    } else {
        String::new()
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A relative path with only normal parts, or none if it would leave the folder.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// How quire's own files and folders in the output folder are named.
const RESERVED: &str = ".quire-";

/// quire's own files and folders, and a repository's: never written, never removed.
fn is_reserved(path: &str) -> bool {
    reserved_part(path).is_some()
}

/// The first part of `path` that names quire's own file or folder or a repository's, if any:
/// the one rule for what the writer refuses and what the collision check reports.
pub(crate) fn reserved_part(path: &str) -> Option<&str> {
    path.split('/').find(|part| {
        let part = part.to_ascii_lowercase();
        part.starts_with(RESERVED) || matches!(part.as_str(), ".git" | ".hg" | ".svn")
    })
}

/// Makes the folders on the way to `path`, each a real folder (a link is refused, not followed).
fn make_dirs(root: &Path, path: &str) -> io::Result<()> {
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is not a real folder (a file or a symbolic link)",
                    dir.display()
                )))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::create_dir(&dir) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            },
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What became of a stale file (`remove_owned`).
#[derive(Debug, PartialEq, Eq)]
enum Removal {
    Removed,
    /// Not there, or not safe to touch (a link on the way, not a regular file).
    Gone,
    /// Its bytes are not those quire wrote (or the manifest has no digest for it): left.
    NotOurs,
}

/// Removes a file an earlier build wrote, if it is still a regular file reached through real
/// folders inside the output folder, and still holds the bytes whose digest the manifest
/// recorded.
fn remove_owned(root: &Path, path: &str, digest: Option<u64>) -> io::Result<Removal> {
    if safe_relative(path).is_none() || is_reserved(path) {
        return Ok(Removal::Gone);
    }
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        dir.push(part);
        if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            return Ok(Removal::Gone);
        }
    }
    let target = root.join(path);
    if !fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
        return Ok(Removal::Gone);
    }
    if !dir.canonicalize().is_ok_and(|real| real.starts_with(root)) {
        return Ok(Removal::Gone);
    }
    let Some(digest) = digest else {
        return Ok(Removal::NotOurs);
    };
    if digest_of(&target)? != digest {
        return Ok(Removal::NotOurs);
    }
    fs::remove_file(&target)?;
    remove_empty_parents(root, &target);
    Ok(Removal::Removed)
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root
            || !d.starts_with(root)
            || !fs::symlink_metadata(d).is_ok_and(|m| m.is_dir())
            || fs::remove_dir(d).is_err()
        {
            break;
        }
        dir = d.parent();
    }
}

fn clear_staging(staging: &Path) -> io::Result<()> {
    match fs::symlink_metadata(staging) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(staging),
        Ok(_) => fs::remove_file(staging),
        Err(_) => Ok(()),
    }
}

/// The manifest's entries, each held to the same rules as a path quire writes.
fn read_manifest(path: &Path) -> Files {
    fs::read_to_string(path)
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(parse_entry)
                .filter(|(p, _)| safe_relative(p).is_some() && !is_reserved(p))
                .map(|(p, d)| (p.to_string(), d))
                .collect()
        })
        .unwrap_or_default()
}

/// `path<TAB>digest` (16 hex digits), or a path alone (an older manifest's line: no digest).
fn parse_entry(line: &str) -> (&str, Option<u64>) {
    match line.rsplit_once('\t') {
        Some((path, hex)) if hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (path, u64::from_str_radix(hex, 16).ok())
        }
        _ => (line, None),
    }
}

/// One line of the manifest or the journal (see `parse_entry`).
fn push_entry(text: &mut String, path: &str, digest: Option<u64>) {
    use std::fmt::Write as _;
    text.push_str(path);
    if let Some(digest) = digest {
        let _ = write!(text, "\t{digest:016x}");
    }
    text.push('\n');
}

fn write_manifest(dir: &Path, files: &Files) -> io::Result<()> {
    let mut text = String::with_capacity(files.len() * 64);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    text.push_str(MANIFEST_FORMAT);
    text.push('\n');
    for (path, digest) in files {
        push_entry(&mut text, path, *digest);
    }
    let temp = dir.join(format!("{MANIFEST}.tmp"));
    fs::write(&temp, text)?;
    fs::rename(temp, dir.join(MANIFEST))
}

/// The files the last build wrote (its manifest), when its commit is complete: no journal, no
/// staging folder. `None` when the folder has no manifest or a commit is part-way.
pub(crate) fn settled_files(dir: &Path) -> Option<Vec<String>> {
    let absent = |name: &str| matches!(fs::symlink_metadata(dir.join(name)), Err(e) if e.kind() == io::ErrorKind::NotFound);
    if !absent(JOURNAL) || !absent(STAGING) {
        return None;
    }
    let manifest = dir.join(MANIFEST);
    if !fs::symlink_metadata(&manifest).is_ok_and(|m| m.is_file()) {
        return None;
    }
    Some(read_manifest(&manifest).into_keys().collect())
}

/// Refuses an output folder that would overwrite or swallow the site's own sources.
pub(crate) fn check_output_dir(site_dir: &Path, output_dir: &Path) -> Result<(), Diagnostic> {
    let site = absolute(site_dir);
    let out = absolute(output_dir);
    // Each resolved on its own: content/ may be a link to a folder elsewhere.
    let protected = [
        site.clone(),
        absolute(&site_dir.join(crate::layout::CONTENT_DIR)),
        absolute(&site_dir.join(crate::layout::STATIC_DIR)),
        absolute(&site_dir.join(crate::layout::TEMPLATES_DIR)),
    ];
    for p in &protected {
        if p.starts_with(&out) || (out.starts_with(p) && p != &site) {
            return Err(Diagnostic::error(
                "output",
                output_dir,
                format!(
                    "the output folder {} would overlap the site's sources at {}",
                    output_dir.display(),
                    p.display()
                ),
            )
            .hint("choose an output folder of its own, e.g. `-o output` (the default)"));
        }
    }
    Ok(())
}

/// An absolute, normalised path, resolving links in the part that exists.
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // `..` is resolved by name first: `output/../content` is content/ even before output/ exists.
    let mut abs = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                abs.pop();
            }
            Component::CurDir => {}
            other => abs.push(other),
        }
    }
    // Canonicalise the longest existing prefix, then append the rest normalised.
    let mut existing = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        match part.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(part),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert!(safe_relative("a/b.html").is_some());
        for bad in ["../a", "/etc/passwd", "a/../../b", "", "a\\b"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }

    fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// A server's edit commits with a short journal (the manifest stays); a kill after the
    /// journal is written is completed by the next open, like any other commit.
    #[test]
    fn an_interrupted_commit_that_keeps_every_file_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        for (path, text) in [("a.html", "a1"), ("b/index.html", "b1"), ("c.css", "c1")] {
            out.stage(path, text.as_bytes()).unwrap();
        }
        let first = out.commit().unwrap();
        assert_eq!(first.stats.written, 3);

        let out = Output::open_after(dir.path(), Some(Arc::clone(&first.files))).unwrap();
        out.stage("b/index.html", b"b2").unwrap();
        out.keep_previous();
        let manifest_before = fs::read(dir.path().join(MANIFEST)).unwrap();
        let mut staged = out.staged.lock().unwrap().clone();
        staged.sort();
        let produced = std::mem::take(&mut *out.produced.lock().unwrap());
        let (manifest, same_files) = out.manifest_after(produced);
        assert!(same_files, "no file came or went");
        let plan = Plan {
            moves: staged,
            manifest,
            same_files,
        };
        write_journal(&out.root, &plan).unwrap();
        let journal = fs::read_to_string(dir.path().join(JOURNAL)).unwrap();
        assert_eq!(
            journal.lines().count(),
            3,
            "header, one move, the marker:\n{journal}"
        );
        // Killed here: nothing moved yet. The next open completes the commit.
        drop(out);
        let out = Output::open(dir.path()).unwrap();
        assert_eq!(out.previous.len(), 3);
        drop(out);
        let files = files_of(dir.path());
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [MANIFEST, "a.html", "b/index.html", "c.css"]);
        assert_eq!(files[2].1, b"b2");
        // The same files, one with new bytes: only its digest changed.
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        let before = String::from_utf8(manifest_before).unwrap();
        assert_eq!(
            before.replace(
                &format!("{:016x}", xxh3_64(b"b1")),
                &format!("{:016x}", xxh3_64(b"b2"))
            ),
            manifest
        );
        assert_ne!(before, manifest);
    }

    fn entry(path: &str, bytes: &[u8]) -> String {
        format!("{path}\t{:016x}", xxh3_64(bytes))
    }

    /// A commit killed after its journal is written recovers the digests the journal records.
    #[test]
    fn an_interrupted_commit_recovers_the_digests() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        out.stage("a.html", b"a1").unwrap();
        out.stage("gone.html", b"g").unwrap();
        out.commit().unwrap();

        let out = Output::open(dir.path()).unwrap();
        out.stage("a.html", b"a2").unwrap();
        out.stage("new.html", b"n").unwrap();
        let produced = std::mem::take(&mut *out.produced.lock().unwrap());
        let (manifest, same_files) = out.manifest_after(produced);
        let mut moves = out.staged.lock().unwrap().clone();
        moves.sort();
        let plan = Plan {
            moves,
            manifest,
            same_files,
        };
        write_journal(&out.root, &plan).unwrap();
        drop(out);
        let out = Output::open(dir.path()).unwrap();
        assert_eq!(out.left, Vec::<String>::new());
        drop(out);
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        let lines: Vec<&str> = manifest.lines().skip(2).collect();
        assert_eq!(lines, [entry("a.html", b"a2"), entry("new.html", b"n")]);
        assert!(!dir.path().join("gone.html").exists());
    }

    /// A manifest written by someone else removes only files holding the bytes it names.
    #[test]
    fn a_stale_file_is_removed_only_with_the_bytes_quire_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        out.stage("page.html", b"p").unwrap();
        out.stage("old.html", b"o").unwrap();
        out.commit().unwrap();
        for (name, text) in [
            ("CNAME", "example.org"),
            ("notes.txt", "mine"),
            ("x.txt", "x"),
        ] {
            fs::write(dir.path().join(name), text).unwrap();
        }
        let planted = format!(
            "{MANIFEST_HEADER}\n{}\n{}\nnotes.txt\n{}\n{}\n",
            entry("CNAME", b"not the user's"),
            entry("old.html", b"o"),
            entry("page.html", b"p"),
            // The user changed a file quire wrote: it is theirs now.
            entry("x.txt", b"what quire wrote"),
        );
        fs::write(dir.path().join(MANIFEST), planted).unwrap();

        let out = Output::open(dir.path()).unwrap();
        out.stage("page.html", b"p").unwrap();
        let done = out.commit().unwrap();
        assert_eq!(done.stats.removed, 1);
        assert!(!dir.path().join("old.html").exists());
        assert_eq!(fs::read(dir.path().join("CNAME")).unwrap(), b"example.org");
        assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");
        assert_eq!(fs::read(dir.path().join("x.txt")).unwrap(), b"x");
        let warning = done.warning.expect("a warning").message;
        assert!(
            warning.starts_with("left 3 files that ")
                && warning.contains("CNAME, notes.txt, x.txt"),
            "{warning}"
        );
        // No longer listed: the next build says nothing more of them.
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert_eq!(
            manifest.lines().skip(2).collect::<Vec<_>>(),
            [entry("page.html", b"p")]
        );
        let out = Output::open(dir.path()).unwrap();
        out.stage("page.html", b"p").unwrap();
        assert!(out.commit().unwrap().warning.is_none());
    }

    /// An older manifest (no digests) still makes its files quire's to overwrite.
    #[test]
    fn an_older_manifest_still_lets_quire_overwrite_its_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.html"), "old").unwrap();
        fs::write(
            dir.path().join(MANIFEST),
            format!("{MANIFEST_HEADER}\na.html\n"),
        )
        .unwrap();
        let out = Output::open(dir.path()).unwrap();
        out.stage("a.html", b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(fs::read(dir.path().join("a.html")).unwrap(), b"new");
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert!(
            manifest.ends_with(&format!("{}\n", entry("a.html", b"new"))),
            "{manifest}"
        );
    }

    /// Static files (streamed) and their compressed copies are listed with the digests of the
    /// bytes written, whether or not they were written this time.
    #[test]
    fn streamed_files_and_copies_have_their_digests() {
        let dir = tempfile::tempdir().unwrap();
        let src = tempfile::tempdir().unwrap();
        let source = src.path().join("s.css");
        fs::write(&source, "body { color: red }").unwrap();
        let mut manifests = Vec::new();
        for _ in 0..2 {
            let out = Output::open(dir.path())
                .unwrap()
                .with_processing(Processing {
                    minify: false,
                    precompress: true,
                });
            out.stage_copy("s.css", &source).unwrap();
            out.commit().unwrap();
            manifests.push(fs::read_to_string(dir.path().join(MANIFEST)).unwrap());
        }
        assert_eq!(manifests[0], manifests[1]);
        for name in ["s.css", "s.css.gz", "s.css.br"] {
            let bytes = fs::read(dir.path().join(name)).unwrap();
            assert!(
                manifests[0].contains(&entry(name, &bytes)),
                "{name}: {}",
                manifests[0]
            );
        }
    }

    /// A build that keeps every earlier file but adds one writes the whole manifest again.
    #[test]
    fn keeping_every_file_and_adding_one_lists_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        out.stage("a.html", b"a").unwrap();
        let first = out.commit().unwrap();
        let out = Output::open_after(dir.path(), Some(first.files)).unwrap();
        out.stage("new.html", b"n").unwrap();
        out.keep_previous();
        let second = out.commit().unwrap();
        let listed: Vec<&str> = second.files.keys().map(String::as_str).collect();
        assert_eq!(listed, ["a.html", "new.html"]);
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert!(
            manifest.contains(&format!("\n{}\n", entry("new.html", b"n"))),
            "{manifest}"
        );
    }

    #[test]
    fn output_must_not_overlap_sources() {
        let site = tempfile::tempdir().unwrap();
        let s = site.path();
        fs::create_dir(s.join("content")).unwrap();
        assert!(check_output_dir(s, &s.join("output")).is_ok());
        assert!(check_output_dir(s, s).is_err());
        assert!(check_output_dir(s, &s.join("content")).is_err());
        assert!(check_output_dir(s, &s.join("content/out")).is_err());
        assert!(check_output_dir(s, s.parent().unwrap()).is_err());
        assert!(check_output_dir(s, &s.join("output/../content")).is_err());
    }
}
