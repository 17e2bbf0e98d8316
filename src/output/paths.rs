//! What may be written where: the paths quire writes stay inside the output folder and clear
//! of its own bookkeeping and of repositories' folders, and the output folder stays clear of
//! the site's sources.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A relative path with only normal parts, or none if it would leave the folder.
pub(super) fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// How quire's own files and folders in the output folder are named.
const RESERVED: &str = ".quire-";

/// quire's own files and folders, and a repository's: never written, never removed.
pub(super) fn is_reserved(path: &str) -> bool {
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

/// Refuses an output folder that would overwrite or swallow the site's own sources: the site
/// folder (the output may be inside it, as `output/` is by default), static/ and templates/.
/// The pages' folder is known once site.yaml is read: see `check_output_clear_of`.
pub(crate) fn check_output_dir(site_dir: &Path, output_dir: &Path) -> Result<(), Diagnostic> {
    for folder in [
        site_dir.to_path_buf(),
        site_dir.join(crate::layout::STATIC_DIR),
        site_dir.join(crate::layout::TEMPLATES_DIR),
    ] {
        check_output_clear_of(site_dir, &folder, output_dir)?;
    }
    Ok(())
}

/// Refuses an output folder that would overwrite or swallow one folder of the site's sources,
/// or hold it; only the site folder itself may hold the output folder.
pub(crate) fn check_output_clear_of(
    site_dir: &Path,
    folder: &Path,
    output_dir: &Path,
) -> Result<(), Diagnostic> {
    let site = absolute(site_dir);
    let out = absolute(output_dir);
    // Each resolved on its own: content/ may be a link to a folder elsewhere.
    let p = absolute(folder);
    if p.starts_with(&out) || (out.starts_with(&p) && p != site) {
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
    use std::fs;

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
        assert!(check_output_dir(s, &s.join("static/out")).is_err());
        assert!(check_output_dir(s, s.parent().unwrap()).is_err());
        let content = s.join("content");
        assert!(check_output_clear_of(s, &content, &s.join("output")).is_ok());
        assert!(check_output_clear_of(s, &content, &s.join("content")).is_err());
        assert!(check_output_clear_of(s, &content, &s.join("content/out")).is_err());
        assert!(check_output_clear_of(s, &content, &s.join("output/../content")).is_err());
        // Pages in the site folder itself: the output folder is one of its folders.
        assert!(check_output_clear_of(s, s, &s.join("output")).is_ok());
        assert!(check_output_clear_of(s, s, s).is_err());
    }
}
