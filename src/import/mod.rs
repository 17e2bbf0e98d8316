//! `quire import pelican`: a Pelican site's settings as a site.yaml, written beside them.
//!
//! [`pelican`] reads the settings and maps them; this module writes what it made, never over a
//! site.yaml that is there already unless --force, and never through a link.

mod pelican;

use std::path::{Path, PathBuf};

use crate::config::{Config, CONFIG_FILE};
use pelican::Imported;

/// `quire import pelican [SITE|FILE] [--force]`: writes SITE/site.yaml; returns where, and the
/// settings it did not map.
pub(crate) fn pelican(path: &Path, force: bool) -> Result<(PathBuf, Imported), String> {
    let (site, file) = pelican::settings_file(path)?;
    let target = site.join(CONFIG_FILE);
    if !force {
        refuse_to_replace(&target)?;
    }
    let imported = pelican::import(&file)?;
    // What is written must load: the same check a build makes.
    Config::parse(&imported.yaml).map_err(|d| {
        format!(
            "the site.yaml made from {} does not load ({}); please report this",
            pelican::label(&file),
            d.message
        )
    })?;
    replace_file(&target, imported.yaml.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    Ok((target, imported))
}

/// An error when something is at `target`, saying what --force would replace. A link counts
/// as there, even one leading nowhere: it is the link that --force replaces.
fn refuse_to_replace(target: &Path) -> Result<(), String> {
    let Ok(m) = std::fs::symlink_metadata(target) else {
        return Ok(());
    };
    let what = match std::fs::read_link(target) {
        Ok(to) if m.is_symlink() => format!(
            " (a symbolic link to {}; --force replaces the link, not the file it leads to)",
            to.display()
        ),
        _ => String::new(),
    };
    Err(format!(
        "{} exists already{what}; run again with --force to replace it",
        target.display()
    ))
}

/// Writes a file whole into a new file beside it, then renames that over the path: a link
/// there is replaced, never written through (a site from elsewhere may hold a `site.yaml`
/// that leads to `~/.bashrc`), and a failed write leaves the old file as it was.
/// By hand rather than with `tempfile`, whose files are private (0600): this one is made as
/// any file the user saves, by their umask.
fn replace_file(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut n = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        // `create_new` never opens what is there, a link included.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
