//! A Pelican site's settings (pelicanconf.py) as a site.yaml.
//!
//! The settings file is Python. It is read, never run: top-level `NAME = literal` assignments
//! are parsed ([`literal`]), and anything else (an expression, a function, an `if`) is reported
//! as not understood. The settings are then mapped onto site.yaml's keys ([`mapping`]).

mod literal;
mod mapping;
mod markdown;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use literal::Statement;
pub(super) use mapping::Imported;

/// The settings file of a Pelican site: `pelicanconf.py`, else `settings.py`; or the file given.
pub(super) fn settings_file(path: &Path) -> Result<(PathBuf, PathBuf), String> {
    if path.is_file() {
        let site = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        return Ok((site, path.to_path_buf()));
    }
    for name in ["pelicanconf.py", "settings.py"] {
        let file = path.join(name);
        if file.is_file() {
            return Ok((path.to_path_buf(), file));
        }
    }
    Err(format!(
        "{} has no pelicanconf.py or settings.py; name the settings file: `quire import pelican path/to/pelicanconf.py`",
        path.display()
    ))
}

/// The site.yaml a settings file maps to, with what it did not map.
pub(super) fn import(file: &Path) -> Result<Imported, String> {
    let statements = read_settings(file)?;
    let imported = mapping::to_site_yaml_of(&statements, &label(file));
    match imported.errors.is_empty() {
        true => Ok(imported),
        false => Err(imported.errors.join("\n")),
    }
}

/// A settings file as messages name it: by its file name.
pub(super) fn label(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A settings file's statements with its `from X import *` files read in their place (the
/// settings a later statement sets again are the later ones), each with the file it is in.
fn read_settings(file: &Path) -> Result<Vec<(String, Statement)>, String> {
    let mut out = Vec::new();
    let mut chain = Vec::new();
    read_into(file, &mut chain, &mut out)?;
    // Python's order: a setting assigned again replaces the earlier value.
    let name_of = |s: &Statement| match s {
        Statement::Setting { name, .. } | Statement::Computed { name, .. } => Some(name.clone()),
        _ => None,
    };
    let mut last: HashMap<String, usize> = HashMap::new();
    for (i, (_, s)) in out.iter().enumerate() {
        if let Some(name) = name_of(s) {
            last.insert(name, i);
        }
    }
    Ok((out.into_iter().enumerate())
        .filter(|(i, (_, s))| name_of(s).is_none_or(|n| last[&n] == *i))
        .map(|(_, s)| s)
        .collect())
}

/// Reads `file`'s statements into `out`, each file it imports with `from X import *` in the
/// import's place; `chain` holds the files being read, an import of one of them is a cycle.
fn read_into(
    file: &Path,
    chain: &mut Vec<PathBuf>,
    out: &mut Vec<(String, Statement)>,
) -> Result<(), String> {
    // Not waiting forever on a FIFO named like a settings file.
    let text = crate::files::read_regular_to_string(file, crate::files::Links::Follow)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let label = label(file);
    chain.push(file.to_path_buf());
    // The settings read before this file (those of the files that import it aside), which its
    // values may be computed from.
    let known: HashMap<String, literal::Py> = (out.iter())
        .filter_map(|(_, s)| match s {
            Statement::Setting { name, value, .. } => Some((name.clone(), value.clone())),
            _ => None,
        })
        .collect();
    let statements = literal::parse_after(&text, &known)
        .map_err(|(line, message)| format!("{label}:{line}: {message}"))?;
    for statement in statements {
        let Statement::StarImport { module, line } = &statement else {
            out.push((label.clone(), statement));
            continue;
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        let target = dir.join(format!("{}.py", module.replace('.', "/")));
        let written = format!("{label}:{line}: `from {module} import *`");
        if !target.is_file() {
            return Err(format!(
                "{written} needs {}, which does not exist; copy its settings into {label}, or import the file that has them",
                target.display()
            ));
        }
        let same = |p: &PathBuf| {
            p == &target
                || (p.canonicalize().ok()).is_some_and(|p| target.canonicalize().ok() == Some(p))
        };
        if chain.iter().any(same) {
            return Err(format!(
                "{written} imports {} again, which is already being read (a cycle); remove one of the imports",
                target.display()
            ));
        }
        read_into(&target, chain, out)?;
    }
    chain.pop();
    Ok(())
}
