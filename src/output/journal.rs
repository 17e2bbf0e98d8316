//! The journal: what a commit is about to do, written before the first file moves, so that a
//! commit stopped part-way (killed, or a system error) is completed by the next build.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use super::manifest::{parse_entry, push_entry, Files};
use super::paths::{is_reserved, safe_relative};

/// The journal in the output folder: there only while a commit is under way.
pub(super) const JOURNAL: &str = ".quire-manifest.journal";

const JOURNAL_HEADER: &str = "# quire commit in progress; the next build completes it.";

/// A journal line saying that no file comes or goes: the commit only replaces files (the
/// journal names them with their new digests; the manifest's other lines stay).
const SAME_FILES: &str = "same-files";

/// What a commit does: files to move into place, and the manifest after it.
pub(super) struct Plan {
    pub(super) moves: Vec<String>,
    pub(super) manifest: Arc<Files>,
    /// No file comes or goes (the manifest on disk lists the same files; it is written again
    /// only when a digest changed).
    pub(super) same_files: bool,
}

/// The plan a journal records; `previous` is the manifest on disk, which a journal of a commit
/// that keeps every file completes. A line that is not the journal's, or names a path quire
/// would not write, is passed over.
pub(super) fn parse_journal(text: &str, previous: &Files) -> Plan {
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
        let mut all = previous.clone();
        all.extend(manifest);
        all
    } else {
        manifest
    };
    Plan {
        moves,
        manifest: Arc::new(manifest),
        same_files,
    }
}

pub(super) fn write_journal(root: &Path, plan: &Plan) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use xxhash_rust::xxh3::xxh3_64;

    use super::super::manifest::entry;
    use super::super::Output;
    use super::*;
    use crate::layout::MANIFEST;

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
}
