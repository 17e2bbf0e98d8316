//! `quire init`: a starter site a newcomer can serve at once and learn from.
//!
//! The starter's files live as real files under `src/init/starter/`, embedded in the binary, so
//! they stay readable and are built by a test like any site.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

/// Every file of the starter site: its path in the new site, and its bytes.
pub(crate) const STARTER: &[(&str, &[u8])] = &[
    ("site.yaml", include_bytes!("starter/site.yaml")),
    (".gitignore", include_bytes!("starter/.gitignore")),
    (
        "content/pages/01-getting-started/00-getting-started.md",
        include_bytes!("starter/content/pages/01-getting-started/00-getting-started.md"),
    ),
    (
        "content/pages/01-getting-started/10-writing-pages.md",
        include_bytes!("starter/content/pages/01-getting-started/10-writing-pages.md"),
    ),
    (
        "content/pages/02-guides/00-guides.md",
        include_bytes!("starter/content/pages/02-guides/00-guides.md"),
    ),
    (
        "content/pages/02-guides/10-deploying.md",
        include_bytes!("starter/content/pages/02-guides/10-deploying.md"),
    ),
    (
        "content/posts/hello-world.md",
        include_bytes!("starter/content/posts/hello-world.md"),
    ),
    (
        "static/img/logo.svg",
        include_bytes!("starter/static/img/logo.svg"),
    ),
];

/// Names a folder may already hold and still be taken: a fresh `git init` or clone of an
/// empty repository, which the starter never touches.
const TOLERATED: &[&str] = &[".git"];

/// Writes the starter site into `dir` (made if missing) and returns the files written. A folder
/// that holds anything else is refused before a single file is written.
pub(crate) fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!(
                "{} is a file, not a folder: `quire init` makes a new site folder (try `quire init docs`)",
                dir.display()
            );
        }
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !TOLERATED.contains(&name.as_str()))
            .collect();
        if !found.is_empty() {
            found.sort();
            let shown = found.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let more = match found.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            bail!(
                "{} is not empty (it holds {shown}{more}); nothing was written\n  \
help: `quire init` only writes into an empty or new folder, so it never overwrites your \
files: name a new one, e.g. `quire init docs`",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let mut written = Vec::with_capacity(STARTER.len());
    for (rel, bytes) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot make {}", parent.display()))?;
        }
        // create_new: a file that appeared since the folder was looked at is never overwritten.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.write_all(bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Extensions};

    #[test]
    fn a_new_site_has_every_markdown_extension_on() {
        let yaml = include_str!("starter/site.yaml");
        let config = Config::parse(yaml).unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(config.markdown, Extensions::all());
    }
}
