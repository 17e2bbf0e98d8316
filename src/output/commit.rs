//! The commit: every path checked first, then the journal written, the staged files moved into
//! place, stale files removed and the manifest replaced; or, on failure, the staging folder
//! thrown away.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::digest::digest_of;
use super::journal::{parse_journal, write_journal, Plan, JOURNAL};
use super::manifest::{read_manifest, write_manifest, Files};
use super::paths::{is_reserved, safe_relative};
use super::validate::{first_names, plural, staging_failure};
use super::{holds_nothing, Output, WriteStats, STAGING};
use crate::diagnostic::Diagnostic;
use crate::layout::MANIFEST;

/// What a commit did, and the files the output folder now holds (for the next `Output::open`).
pub(crate) struct Committed {
    pub stats: WriteStats,
    pub files: Arc<Files>,
    /// Stale files left in place because their bytes are not those quire wrote.
    pub warning: Option<Diagnostic>,
}

impl Output {
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
    pub(super) fn manifest_after(&self, produced: Files) -> (Arc<Files>, bool) {
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
        // Still nothing but staging in the folder: nothing is in the way of any file, and each
        // folder of the staging area can go into place whole, in one rename.
        let placing = if self.fresh && holds_nothing(&self.root) {
            Placing::Whole
        } else {
            Placing::EachFile
        };
        if let Err(e) = self.validate(&staged, &manifest, same_files, placing == Placing::Whole) {
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
        let (removed_now, left) = apply(&self.root, &self.staging, &self.previous, &plan, placing)?;
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

    /// Throws away what was staged: a failed build leaves the output folder as it was.
    pub(crate) fn abort(mut self) {
        let _ = clear_staging(&self.staging);
        if self.created_dir {
            drop(self.lock.take());
            let _ = fs::remove_dir(&self.root);
        }
    }
}

/// How the staged files go into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placing {
    /// One by one, each folder on the way made (a real folder, never a link) first.
    EachFile,
    /// One by one, passing over those an interrupted commit moved already (or moved with
    /// their folder, see `Whole`).
    Recovering,
    /// The output folder holds nothing but staging: each entry at the top of the staging
    /// folder is moved whole. A cold build's thousands of files and folders go into place in a
    /// few renames instead of a rename, a stat and a mkdir for each.
    Whole,
}

/// Moves the planned files into place, removes stale ones (only regular files quire listed
/// that still hold the bytes it wrote, never through a link), writes the manifest, and clears
/// the journal and staging. How many files it removed, and the stale ones it left because
/// their bytes are not (or not known to be) quire's.
fn apply(
    root: &Path,
    staging: &Path,
    previous: &Arc<Files>,
    plan: &Plan,
    placing: Placing,
) -> Result<(usize, Vec<String>), Diagnostic> {
    place(root, staging, &plan.moves, placing)?;
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
        let total = plan.moves.len();
        return Err(half_done(&root.join(MANIFEST), &e, total, total));
    }
    let _ = fs::remove_file(root.join(JOURNAL));
    let _ = clear_staging(staging);
    Ok((removed, left))
}

/// Moves the staged files `moves` (sorted) into place.
fn place(
    root: &Path,
    staging: &Path,
    moves: &[String],
    placing: Placing,
) -> Result<(), Diagnostic> {
    let total = moves.len();
    if placing == Placing::Whole {
        // Sorted, the paths under one top entry are next to each other.
        let top = |path: &String| path.split('/').next().unwrap_or_default().to_string();
        let mut tops: Vec<String> = moves.iter().map(top).collect();
        tops.dedup();
        for (i, name) in tops.iter().enumerate() {
            let target = root.join(name);
            if let Err(e) = fs::rename(staging.join(name), &target) {
                let done = moves.iter().filter(|p| tops[..i].contains(&top(p))).count();
                return Err(half_done(&target, &e, done, total));
            }
        }
        return Ok(());
    }
    for (done, path) in moves.iter().enumerate() {
        let from = staging.join(path);
        if placing == Placing::Recovering && fs::symlink_metadata(&from).is_err() {
            continue;
        }
        let target = root.join(path);
        if let Err(e) = make_dirs(root, path).and_then(|()| fs::rename(&from, &target)) {
            return Err(half_done(&target, &e, done, total));
        }
    }
    Ok(())
}

/// The warning for stale files left in place (see `apply`), if any.
fn left_warning(manifest: &Path, left: &[String]) -> Option<Diagnostic> {
    if left.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(
            "output",
            manifest,
            format!(
                "left {} that {} lists but whose contents quire did not write: {}; delete {} \
                 yourself if {} stale",
                plural(left.len(), "file"),
                manifest.display(),
                first_names(left),
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
pub(super) fn recover(root: &Path, staging: &Path) -> io::Result<Option<Vec<String>>> {
    let Ok(text) = fs::read_to_string(root.join(JOURNAL)) else {
        return Ok(None);
    };
    let previous = Arc::new(read_manifest(&root.join(MANIFEST)));
    let plan = parse_journal(&text, &previous);
    apply(root, staging, &previous, &plan, Placing::Recovering)
        .map(|(_, left)| Some(left))
        .map_err(|d| {
            io::Error::other(format!(
                "an earlier build's update could not be completed: {}: {}",
                d.file.display(),
                d.message
            ))
        })
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

pub(super) fn clear_staging(staging: &Path) -> io::Result<()> {
    match fs::symlink_metadata(staging) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(staging),
        Ok(_) => fs::remove_file(staging),
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::manifest::{entry, MANIFEST_HEADER};
    use super::*;

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

    /// A cold build into an empty folder moves each top folder of the staging area whole:
    /// the folder in the output is the very one staged, not one made again.
    #[test]
    fn a_cold_build_moves_its_folders_whole() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        for path in ["guide/a/index.html", "guide/b/index.html", "index.html"] {
            out.stage(path, path.as_bytes()).unwrap();
        }
        let staged = fs::metadata(dir.path().join(STAGING).join("guide")).unwrap();
        let done = out.commit().unwrap();
        assert_eq!(done.stats.written, 3);
        let placed = fs::metadata(dir.path().join("guide")).unwrap();
        assert_eq!(placed.ino(), staged.ino());
        for path in ["guide/a/index.html", "guide/b/index.html", "index.html"] {
            assert_eq!(fs::read(dir.path().join(path)).unwrap(), path.as_bytes());
        }
        assert!(!dir.path().join(STAGING).exists());
        assert_eq!(settled_files(dir.path()).unwrap().len(), 3);
    }

    /// A file that appears in the folder while the build runs is neither overwritten nor
    /// removed: the commit goes file by file and checks each.
    #[test]
    fn a_file_put_in_the_folder_during_a_cold_build_is_respected() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        out.stage("guide/index.html", b"g").unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        out.commit().unwrap();
        assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");
        assert_eq!(fs::read(dir.path().join("guide/index.html")).unwrap(), b"g");

        let other = tempfile::tempdir().unwrap();
        let out = Output::open(other.path()).unwrap();
        out.stage("guide/index.html", b"g").unwrap();
        fs::create_dir(other.path().join("guide")).unwrap();
        fs::write(other.path().join("guide/index.html"), "mine").unwrap();
        let e = out.commit().err().expect("refused").message;
        assert!(e.contains("would overwrite 1 file"), "{e}");
        assert_eq!(
            fs::read(other.path().join("guide/index.html")).unwrap(),
            b"mine"
        );
    }

    /// A cold build's commit killed after moving some of its folders is completed by the next
    /// build: the folders already moved are passed over, the others moved.
    #[test]
    fn a_cold_commit_stopped_between_folders_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::open(dir.path()).unwrap();
        for path in ["a/index.html", "b/index.html"] {
            out.stage(path, path.as_bytes()).unwrap();
        }
        let produced = out.produced.lock().unwrap().clone();
        let plan = Plan {
            moves: out.staged.lock().unwrap().clone(),
            manifest: Arc::new(produced),
            same_files: false,
        };
        write_journal(&out.root, &plan).unwrap();
        // Killed after the first rename.
        fs::rename(out.staging.join("a"), dir.path().join("a")).unwrap();
        drop(out);

        let out = Output::open(dir.path()).unwrap();
        assert!(out.previous.contains_key("b/index.html"));
        drop(out);
        for path in ["a/index.html", "b/index.html"] {
            assert_eq!(fs::read(dir.path().join(path)).unwrap(), path.as_bytes());
        }
        assert!(settled_files(dir.path()).is_some());
    }
}
