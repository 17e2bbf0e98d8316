//! Staging: each file a build makes is written into the staging folder (or, when the output
//! already holds the same bytes, only noted), with the digest of its bytes, so that the output
//! folder itself changes only at commit.

use std::collections::btree_map;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use xxhash_rust::xxh3::xxh3_64;

use super::digest::{digest_of, same_bytes, Hashing};
use super::paths::{is_reserved, safe_relative};
use super::{compress, minify, Output};
use crate::diagnostic::Diagnostic;

impl Output {
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
        if !self.fresh {
            let target = self.root.join(&rel);
            // Compare sizes first: most changed files differ in length, and then the old bytes
            // need not be read. A link is never taken for the file: it is replaced (or refused)
            // at commit.
            let same_len = fs::symlink_metadata(&target)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
            if same_len && fs::read(&target).is_ok_and(|old| old == bytes) {
                return Ok(());
            }
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
        match self.unchanged(source, &rel).map_err(cannot_read)? {
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
                        let unchanged = self.unchanged(&temp, &rel)?.is_some();
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

    /// The digest of `new`'s bytes when the output's `rel` holds the same (see `same_bytes`);
    /// a fresh folder holds nothing to compare with.
    fn unchanged(&self, new: &Path, rel: &Path) -> io::Result<Option<u64>> {
        if self.fresh {
            return Ok(None);
        }
        same_bytes(new, &self.root.join(rel))
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
        let mut to = io::BufWriter::new(Hashing::new(File::create(&temp)?));
        fill(&mut to)?;
        let done = to.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(done.digest())
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
}

/// A compressor from a file into a writer (`compress::gzip_to`, `compress::brotli_to`).
type Zip = fn(&mut File, &mut io::BufWriter<Hashing>) -> io::Result<()>;

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::manifest::entry;
    use super::super::Processing;
    use super::*;
    use crate::layout::MANIFEST;

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
}
