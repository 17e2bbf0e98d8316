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
//!
//! A build walks through it in three steps:
//!
//! 1. [`Output::open_after`] locks the folder ([`lock`]), completes a commit an earlier build
//!    left part-way (from its [`journal`]), clears the staging folder and reads the
//!    [`manifest`].
//! 2. [`Output::stage`] and [`Output::stage_copy`] ([`stage`]) write each new or changed file
//!    into the staging folder ([`minify`]d and [`compress`]ed on the way when asked), noting
//!    the [`digest`] of its bytes; [`Output::keep`] names the files a partial rebuild leaves
//!    as they are. Every path is held to the rules of [`paths`].
//! 3. [`Output::commit`] ([`commit`]) finds every reason it would fail before anything changes
//!    ([`validate`]), writes the journal, moves the staged files into place, removes stale ones
//!    and writes the manifest; [`Output::abort`] throws the staging folder away instead.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use crate::layout::MANIFEST;
use commit::{clear_staging, recover};
use journal::JOURNAL;
use lock::LOCK_WAIT;
use manifest::read_manifest;

mod commit;
mod digest;
mod journal;
mod lock;
mod manifest;
mod paths;
mod stage;
mod validate;

pub(crate) mod compress;
pub(crate) mod minify;

pub(crate) use commit::{settled_files, Committed};
pub(crate) use digest::folder_hash;
pub(crate) use lock::{lock_dir, lock_output, Lock};
pub(crate) use manifest::Files;
pub(crate) use paths::{check_output_clear_of, check_output_dir, reserved_part};

/// How files are transformed on their way to the output folder (`--minify`, `--precompress`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Processing {
    pub minify: bool,
    pub precompress: bool,
}

/// Where a build's new and changed files wait for the commit, inside the output folder.
const STAGING: &str = ".quire-staging";

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
    /// The folder held nothing but the staging folder when it was opened (a new or emptied
    /// folder: a cold build's). No file the build writes can be there to compare with, so
    /// staging looks for none, and the commit may move whole folders (see `commit`).
    fresh: bool,
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
    /// The folders of the staging area made so far, each made once: asking again for every
    /// file (a failed mkdir and a stat each) is a real share of a cold build's system time.
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

impl Output {
    /// Opens (and locks) the output folder, completing a commit that an earlier build left
    /// half-done and clearing what an interrupted build left in staging.
    #[cfg(test)]
    pub(crate) fn open(dir: &Path) -> io::Result<Output> {
        Output::open_after(dir, None)
    }

    /// Like `open`, given the files this process's last commit left (`Committed::files`): a
    /// server holds the folder's lock between its builds, so no one else changed the manifest,
    /// and reading a large site's names back costs more than rendering the edited page.
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
        let fresh = holds_nothing(&root);
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
            fresh,
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
}

/// Whether the output folder holds nothing but quire's staging folder (or not even that).
fn holds_nothing(root: &Path) -> bool {
    fs::read_dir(root)
        .is_ok_and(|mut entries| entries.all(|e| e.is_ok_and(|e| e.file_name() == STAGING)))
}
