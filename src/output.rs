//! The one place that writes to the output folder.
//!
//! A build stages every new or changed file in `.quire-staging/` inside the
//! output folder and moves them into place only once the whole build has
//! succeeded, so a failed build changes nothing and an interrupted one leaves
//! no half-written file. A file whose bytes are unchanged is not rewritten, so
//! its mtime stays and sync tools upload only what changed. Files are removed
//! only when an earlier build of quire wrote them (listed in the manifest).

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::publish::{self, Processing};

pub const MANIFEST: &str = ".quire-manifest";
const STAGING: &str = ".quire-staging";
const MANIFEST_HEADER: &str =
    "# Files written by quire; it removes only these when their source is gone.";

/// Where output goes, and which of its files quire wrote before.
pub struct Output {
    dir: PathBuf,
    staging: PathBuf,
    previous: BTreeSet<String>,
    created_dir: bool,
    staged: Mutex<Vec<String>>,
    produced: Mutex<BTreeSet<String>>,
    processing: Processing,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl Output {
    /// Opens the output folder, clearing what an interrupted build left in staging.
    pub fn open(dir: &Path) -> io::Result<Output> {
        let created_dir = !dir.exists();
        let staging = dir.join(STAGING);
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        let previous = read_manifest(&dir.join(MANIFEST));
        Ok(Output {
            dir: dir.to_path_buf(),
            staging,
            previous,
            created_dir,
            staged: Mutex::new(Vec::new()),
            produced: Mutex::new(BTreeSet::new()),
            processing: Processing::default(),
        })
    }

    /// Minify and/or precompress what is staged from now on.
    pub fn with_processing(mut self, processing: Processing) -> Output {
        self.processing = processing;
        self
    }

    /// Stages a file quire made (minified with `--minify`), and its compressed
    /// copies with `--precompress`.
    pub fn stage(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let minified = self
            .processing
            .minify
            .then(|| publish::minify::minify(path, bytes))
            .flatten();
        self.stage_with_copies(path, minified.as_deref().unwrap_or(bytes))
    }

    fn stage_with_copies(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.stage_exact(path, bytes)?;
        if self.processing.precompress && publish::compress::is_text(path) {
            self.stage_exact(&format!("{path}.gz"), &publish::compress::gzip(bytes))?;
            self.stage_exact(&format!("{path}.br"), &publish::compress::brotli(bytes))?;
        }
        Ok(())
    }

    /// Stages one file as it is; unchanged bytes are noted but not written.
    fn stage_exact(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let rel = safe_relative(path).ok_or_else(|| {
            Diagnostic::error(
                "output",
                path,
                "refusing to write outside the output folder",
            )
        })?;
        self.produced
            .lock()
            .expect("no panics while held")
            .insert(path.to_string());
        let target = self.dir.join(&rel);
        // Compare sizes first: most changed files differ in length, and then the old bytes need not be read.
        let same_len =
            fs::metadata(&target).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if same_len && fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let temp = self.staging.join(&rel);
        let io_err = |e: io::Error| {
            Diagnostic::error("output", &temp, format!("cannot write: {e}"))
                .hint("check that the output folder is writable and the disk has room")
        };
        if let Some(parent) = temp.parent() {
            fs::create_dir_all(parent).map_err(io_err)?;
        }
        fs::write(&temp, bytes).map_err(io_err)?;
        self.staged
            .lock()
            .expect("no panics while held")
            .push(path.to_string());
        Ok(())
    }

    /// Stages a copy of a file, unless the output already holds the same bytes.
    /// The site's own files are never minified, only precompressed.
    pub fn stage_copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        let bytes = fs::read(source)
            .map_err(|e| Diagnostic::error("io", source, format!("cannot read: {e}")))?;
        self.stage_with_copies(path, &bytes)
    }

    /// Records files this build keeps as they are (a partial rebuild does not stage them), so
    /// that commit does not take them for stale ones.
    pub fn keep(&self, paths: impl IntoIterator<Item = String>) {
        self.produced
            .lock()
            .expect("no panics while held")
            .extend(paths);
    }

    /// Keeps every file the last build wrote: for updates in which no file comes or goes.
    pub fn keep_previous(&self) {
        let previous: Vec<String> = self.previous.iter().cloned().collect();
        self.keep(previous);
    }

    /// Keeps every file the last build wrote except those under `dir`, which this update
    /// writes whole: the search index, whose files come and go with the words of the site.
    pub fn keep_previous_outside(&self, dir: &str) {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let previous: Vec<String> = (self.previous.iter())
            .filter(|p| !p.starts_with(&prefix))
            .cloned()
            .collect();
        self.keep(previous);
    }

    /// What commit will do: the files it will write, and those it will remove.
    pub fn changes(&self) -> (Vec<String>, Vec<String>) {
        let mut staged = self.staged.lock().expect("no panics while held").clone();
        staged.sort();
        let produced = self.produced.lock().expect("no panics while held");
        let removed = self.previous.difference(&produced).cloned().collect();
        (staged, removed)
    }

    /// Moves every staged file into place, removes what earlier builds wrote
    /// that this one did not, and records the new manifest.
    pub fn commit(self) -> Result<WriteStats, Diagnostic> {
        let produced = self.produced.into_inner().expect("no panics while held");
        let mut staged = self.staged.into_inner().expect("no panics while held");
        staged.sort();
        let err =
            |p: &Path, e: io::Error| Diagnostic::error("output", p, format!("cannot write: {e}"));
        fs::create_dir_all(&self.dir).map_err(|e| err(&self.dir, e))?;
        let root = self.dir.canonicalize().map_err(|e| err(&self.dir, e))?;

        // Until the moves are done, the manifest must cover both the old and the new files, so that
        // an interrupted build's files are still known as quire's own.
        let union: BTreeSet<String> = self.previous.union(&produced).cloned().collect();
        write_manifest(&self.dir, &union).map_err(|e| err(&self.dir.join(MANIFEST), e))?;

        let mut checked_dirs: BTreeSet<PathBuf> = BTreeSet::new();
        for path in &staged {
            let target = self.dir.join(path);
            if let Some(parent) = target.parent().filter(|p| !checked_dirs.contains(*p)) {
                checked_dirs.insert(parent.to_path_buf());
                fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
                // A folder that is a link to elsewhere must not carry output out of the output folder.
                let real = parent.canonicalize().map_err(|e| err(parent, e))?;
                if !real.starts_with(&root) {
                    return Err(Diagnostic::error(
                        "output",
                        parent,
                        "this folder leads outside the output folder (a symbolic link?); refusing to write through it",
                    ));
                }
            }
            fs::rename(self.staging.join(path), &target).map_err(|e| err(&target, e))?;
        }
        let _ = fs::remove_dir_all(&self.staging);

        let mut removed = 0;
        for stale in self.previous.difference(&produced) {
            let Some(rel) = safe_relative(stale) else {
                continue;
            };
            let target = self.dir.join(&rel);
            if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file())
                && fs::remove_file(&target).is_ok()
            {
                removed += 1;
                remove_empty_parents(&self.dir, &target);
            }
        }
        write_manifest(&self.dir, &produced).map_err(|e| err(&self.dir.join(MANIFEST), e))?;
        Ok(WriteStats {
            written: staged.len(),
            unchanged: produced.len() - staged.len(),
            removed,
        })
    }

    /// Throws away what was staged: a failed build leaves the output folder as it was.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
        if self.created_dir {
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

/// A relative path with only normal parts, or none if it would leave the folder.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn read_manifest(path: &Path) -> BTreeSet<String> {
    fs::read_to_string(path)
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter(|l| safe_relative(l).is_some())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn write_manifest(dir: &Path, files: &BTreeSet<String>) -> io::Result<()> {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    let temp = dir.join(".quire-manifest.tmp");
    fs::write(&temp, text)?;
    fs::rename(temp, dir.join(MANIFEST))
}

/// Refuses an output folder that would overwrite or swallow the site's own sources.
pub fn check_output_dir(site_dir: &Path, output_dir: &Path) -> Result<(), Diagnostic> {
    let site = absolute(site_dir);
    let out = absolute(output_dir);
    let protected = [
        site.clone(),
        site.join(crate::content::CONTENT_DIR),
        site.join(crate::content::STATIC_DIR),
        site.join(crate::content::TEMPLATES_DIR),
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
