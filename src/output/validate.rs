//! Every reason a commit would fail or overwrite what is not quire's, found before anything in
//! the output folder changes.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::manifest::Files;
use super::{Output, STAGING};
use crate::diagnostic::Diagnostic;

/// How many names an error lists before it only counts the rest.
const LIST: usize = 5;

impl Output {
    /// Every reason the commit would fail or overwrite what is not quire's, found before
    /// anything changes. `empty`: the folder holds nothing but staging, so nothing is in the
    /// way of any file and only the folder itself needs to be writable.
    pub(super) fn validate(
        &self,
        staged: &[String],
        produced: &Files,
        same_files: bool,
        empty: bool,
    ) -> Result<(), Diagnostic> {
        // The files of the last commit were looked at then.
        if !same_files {
            check_shapes(produced)?;
        }
        let mut folders = if empty {
            BTreeSet::from([self.root.clone()])
        } else {
            self.check_targets(staged)?
        };
        if !same_files {
            folders.extend(self.stale_folders(produced));
        }
        check_writable(folders)
    }

    /// Whether each staged file can go where it belongs: no link or file on its way, no folder
    /// in its place, and no file quire did not write (unless `--force`). The folders the files
    /// go into, as far as they exist, for the write check.
    fn check_targets(&self, staged: &[String]) -> Result<BTreeSet<PathBuf>, Diagnostic> {
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
            let whose = if self.had_manifest {
                "that an earlier build of quire did not write"
            } else {
                "in a folder that quire did not make (it has no .quire-manifest)"
            };
            return Err(Diagnostic::error(
                "output",
                &self.root,
                format!(
                    "the build would overwrite {} {whose}: {}",
                    plural(foreign.len(), "file"),
                    first_names(&foreign),
                ),
            )
            .hint("choose an empty or new output folder with `-o`, or pass `--force` to let quire take this one over; the output folder was not changed"));
        }
        Ok(folders)
    }

    /// The folders that hold the stale files the commit will remove, as far as they exist.
    fn stale_folders<'a>(&'a self, produced: &'a Files) -> impl Iterator<Item = PathBuf> + 'a {
        (self.previous.keys())
            .filter(|p| !produced.contains_key(*p))
            .filter_map(|stale| {
                let parent = self.root.join(stale).parent()?.to_path_buf();
                parent.is_dir().then_some(parent)
            })
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
}

/// A path that is both a file and a folder of another (`a` and `a/index.html`).
fn check_shapes(produced: &Files) -> Result<(), Diagnostic> {
    for path in produced.keys() {
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
    Ok(())
}

/// Whether a file can be made in each of `folders` (all of them tried, so the error counts
/// every one that refuses).
fn check_writable(folders: BTreeSet<PathBuf>) -> Result<(), Diagnostic> {
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

/// One error for every file that could not be staged, with a count (a full disk is one problem).
pub(super) fn staging_failure(root: &Path, failures: &[(String, io::Error)]) -> Option<Diagnostic> {
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

/// The first `LIST` of `names`, then `…` when there are more.
pub(super) fn first_names(names: &[String]) -> String {
    let listed: Vec<&str> = names.iter().take(LIST).map(String::as_str).collect();
    let more = if names.len() > LIST { ", …" } else { "" };
    format!("{}{more}", listed.join(", "))
}

pub(super) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
