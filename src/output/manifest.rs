//! The manifest: the list of the files quire wrote in the output folder, each with the digest
//! of the bytes it wrote there. Only a file it lists, still holding those bytes, is ever
//! removed.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use super::paths::{is_reserved, safe_relative};
use crate::layout::MANIFEST;

pub(super) const MANIFEST_HEADER: &str =
    "# Files written by quire; it removes only these when their source is gone.";

/// The second line of a manifest: what follows each path. Each line is read on its own: a
/// path with no digest after it is an older manifest's (see `Files`).
const MANIFEST_FORMAT: &str =
    "# format 2: path, tab, xxh3-64 of the bytes quire wrote there (a file whose bytes differ is never removed)";

/// The files quire wrote in the output folder, each with the digest (xxh3-64) of the bytes it
/// wrote there; `None`: listed by an older quire, which recorded no digest (such a file is
/// quire's to overwrite, never to remove).
pub(crate) type Files = BTreeMap<String, Option<u64>>;

/// The manifest's entries, each held to the same rules as a path quire writes.
pub(super) fn read_manifest(path: &Path) -> Files {
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
pub(super) fn parse_entry(line: &str) -> (&str, Option<u64>) {
    match line.rsplit_once('\t') {
        Some((path, hex)) if hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (path, u64::from_str_radix(hex, 16).ok())
        }
        _ => (line, None),
    }
}

/// One line of the manifest or the journal (see `parse_entry`).
pub(super) fn push_entry(text: &mut String, path: &str, digest: Option<u64>) {
    use std::fmt::Write as _;
    text.push_str(path);
    if let Some(digest) = digest {
        let _ = write!(text, "\t{digest:016x}");
    }
    text.push('\n');
}

pub(super) fn write_manifest(dir: &Path, files: &Files) -> io::Result<()> {
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

/// A manifest's line for a file holding `bytes`, spelled out independently of `push_entry`.
#[cfg(test)]
pub(super) fn entry(path: &str, bytes: &[u8]) -> String {
    format!("{path}\t{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

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
}
