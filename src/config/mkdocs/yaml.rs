//! A `mkdocs.yml` as MkDocs reads it: `INHERIT:` merged in, `!ENV` looked up, `!relative`
//! made a path, and the `!!python/…` tags of Material's documentation kept as plain markers
//! (`extensions.rs` maps the ones it knows); any other tag is dropped with one warning.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::files::Links;

/// How deep `INHERIT:` may chain before it is taken for a circle.
const MAX_INHERIT: usize = 8;

/// The prefix a kept `!!python/name:X` tag becomes: the string `!!python/name:X`.
pub(super) const PYTHON_NAME: &str = "!!python/name:";
/// The key a kept `!!python/object/apply:X {kwds: …}` becomes: `{"!!python/object/apply": X, kwds: …}`.
pub(super) const PYTHON_APPLY: &str = "!!python/object/apply";

/// The Python objects Material's documentation names that quire knows what to do with.
const KNOWN_PYTHON: &[&str] = &[
    "material.extensions.emoji.to_svg",
    "material.extensions.emoji.twemoji",
    "materialx.emoji.to_svg",
    "materialx.emoji.twemoji",
    "pymdownx.emoji.to_svg",
    "pymdownx.emoji.to_png",
    "pymdownx.emoji.twemoji",
    "pymdownx.emoji.gemoji",
    "pymdownx.emoji.emojione",
    "pymdownx.superfences.fence_code_format",
    "pymdownx.superfences.fence_div_format",
    "pymdownx.slugs.slugify",
    "pymdownx.slugs.uslugify",
    "markdown.extensions.toc.slugify",
    "markdown.extensions.toc.slugify_unicode",
];

/// The settings of one `mkdocs.yml`, its parents merged in.
pub(super) struct Loaded {
    pub map: Mapping,
    /// The text of the file named: where a key's line is looked up.
    pub text: String,
    /// Every file read, the named one first.
    pub read: Vec<PathBuf>,
    /// Tags dropped, each with its file and line.
    pub notes: Vec<Diagnostic>,
    /// The file `nav:` is written in (the first of the chain that has one: the others' is
    /// overridden), as messages name it, and its text: where the nav's lines are.
    pub nav_from: Option<(PathBuf, String)>,
}

/// Reads `file` (named in messages as `label`) and the files it `INHERIT`s.
pub(super) fn load(file: &Path, label: &Path) -> Result<Loaded, Diagnostic> {
    let mut loaded = Loaded {
        map: Mapping::new(),
        text: String::new(),
        read: Vec::new(),
        notes: Vec::new(),
        nav_from: None,
    };
    let mut chain = Vec::new();
    let (mut file, mut label) = (file.to_path_buf(), label.to_path_buf());
    loop {
        let text = read_text(&file, &label)?;
        let mut map = parse(&text, &label)?;
        resolve_tags(&mut map, &text, &label, &mut loaded.notes);
        if loaded.read.is_empty() {
            loaded.text = text.clone();
        }
        loaded.read.push(file.clone());
        if loaded.nav_from.is_none() && map.contains_key("nav") {
            loaded.nav_from = Some((label.clone(), text.clone()));
        }
        let parent = map.remove("INHERIT");
        chain.push(map);
        let Some(parent) = parent else { break };
        let Some(name) = parent.as_str().filter(|s| !s.trim().is_empty()) else {
            return Err(error_at(&label, &text, "INHERIT", "`INHERIT:` names no file")
                .hint("write the path of the file to build on, relative to this one: `INHERIT: ./base.yml`"));
        };
        let next = file.parent().unwrap_or(Path::new("")).join(name.trim());
        if chain.len() > MAX_INHERIT || loaded.read.contains(&next) {
            return Err(error_at(
                &label,
                &text,
                "INHERIT",
                format!("`INHERIT: {name}` goes round in a circle"),
            )
            .hint("make the chain of INHERIT files end in a file with no INHERIT"));
        }
        label = label.parent().unwrap_or(Path::new("")).join(name.trim());
        file = next;
    }
    // The last file read is the base: each file before it overrides what it inherits.
    while let Some(child) = chain.pop() {
        merge(&mut loaded.map, child);
    }
    Ok(loaded)
}

fn read_text(file: &Path, label: &Path) -> Result<String, Diagnostic> {
    crate::files::read_regular_to_string(file, Links::Follow).map_err(|e| {
        let d = Diagnostic::error("config", label, format!("cannot read: {e}"));
        match e.kind() {
            std::io::ErrorKind::InvalidData => d.hint("save it as UTF-8"),
            std::io::ErrorKind::NotFound => {
                d.hint("name a file that is there (`-f mkdocs.yml`), or the folder holding it")
            }
            _ => d,
        }
    })
}

/// The file's top-level mapping; a YAML mistake is reported at its line, in plain words.
fn parse(text: &str, label: &Path) -> Result<Mapping, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    // serde_yaml keeps a tag only when it is written with one `!`: `!!python/…` would come
    // back as the plain value, so it is read as `!_python/…` (as long, so columns stay).
    match serde_yaml::from_str::<Value>(&text.replace("!!python/", "!_python/")) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(
            Diagnostic::error("config", label, "the file is not a map of settings")
                .at_line(1)
                .hint("write one `key: value` per line, e.g. `site_name: My Docs`"),
        ),
        Err(e) => {
            let p = crate::yaml::explain(text, &e);
            let d = Diagnostic::error("config", label, p.message).hint(p.hint);
            Err(match p.column {
                Some(column) => d.at(p.line, column),
                None => d.at_line(p.line),
            })
        }
    }
}

/// MkDocs' merge of an `INHERIT`ing file into its parent: maps merged key by key, all the
/// way down; anything else (lists too) the child's.
fn merge(base: &mut Mapping, child: Mapping) {
    for (key, value) in child {
        match (base.get_mut(&key), value) {
            (Some(Value::Mapping(b)), Value::Mapping(c)) => merge(b, c),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Every tagged value made plain (see the module's comment).
fn resolve_tags(map: &mut Mapping, text: &str, label: &Path, notes: &mut Vec<Diagnostic>) {
    for (_, value) in map.iter_mut() {
        resolve(value, text, label, notes);
    }
}

fn resolve(value: &mut Value, text: &str, label: &Path, notes: &mut Vec<Diagnostic>) {
    match value {
        Value::Mapping(map) => resolve_tags(map, text, label, notes),
        Value::Sequence(items) => {
            for item in items {
                resolve(item, text, label, notes);
            }
        }
        Value::Tagged(tagged) => {
            let tag = tag_name(&tagged.tag.to_string());
            let inner = std::mem::take(&mut tagged.value);
            *value = match tag.as_str() {
                "ENV" => env(&inner),
                "relative" => relative(&inner),
                _ => python(&tag, inner, text, label, notes),
            };
        }
        _ => {}
    }
}

/// `!ENV`, `!!python/name:x` and `!<tag:yaml.org,2002:python/name:x>` alike, without their marks.
fn tag_name(tag: &str) -> String {
    let tag = tag.trim_start_matches('!');
    let tag = tag
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(tag);
    let tag = tag.strip_prefix("tag:yaml.org,2002:").unwrap_or(tag);
    tag.strip_prefix('_').unwrap_or(tag).to_string()
}

/// `!ENV VAR` is the variable's value (read as YAML, so `true` is a boolean), or nothing;
/// `!ENV [A, B, default]` the first of A, B that is set, else the last item as written.
fn env(inner: &Value) -> Value {
    let lookup = |name: &Value| {
        let value = std::env::var(name.as_str()?).ok()?;
        Some(serde_yaml::from_str::<Value>(&value).unwrap_or(Value::String(value)))
    };
    match inner {
        Value::Sequence(items) if items.len() > 1 => {
            let (default, names) = items.split_last().expect("two items or more");
            names
                .iter()
                .find_map(lookup)
                .unwrap_or_else(|| default.clone())
        }
        Value::Sequence(items) => items.first().and_then(lookup).unwrap_or(Value::Null),
        name => lookup(name).unwrap_or(Value::Null),
    }
}

/// MkDocs' `!relative` (a path from the config file's folder): `$config_dir` is the site folder,
/// which quire's paths start from anyway.
fn relative(inner: &Value) -> Value {
    let path = inner.as_str().unwrap_or("$config_dir");
    let path = path.strip_prefix("$config_dir").unwrap_or(path);
    let path = path.trim_start_matches('/');
    Value::String(if path.is_empty() {
        ".".into()
    } else {
        path.into()
    })
}

/// A Python object named by a tag: a known one kept as a marker, any other dropped with a
/// warning (quire runs no Python).
fn python(tag: &str, inner: Value, text: &str, label: &Path, notes: &mut Vec<Diagnostic>) -> Value {
    if let Some(name) = tag.strip_prefix("python/name:") {
        if KNOWN_PYTHON.contains(&name) {
            return Value::String(format!("{PYTHON_NAME}{name}"));
        }
    }
    if let Some(name) = tag.strip_prefix("python/object/apply:") {
        if KNOWN_PYTHON.contains(&name) {
            let mut map = match inner {
                Value::Mapping(map) => map,
                _ => Mapping::new(),
            };
            map.insert(PYTHON_APPLY.into(), name.into());
            return Value::Mapping(map);
        }
    }
    let written = tag.split(':').next_back().unwrap_or(tag);
    let mut d = Diagnostic::warning(
        "config",
        label,
        format!("`!{tag}` names something quire does not know: ignored"),
    )
    .hint("quire runs no Python; the setting it is given to keeps quire's own behaviour");
    if let Some(i) = text.find(written) {
        d = d.at_line(text[..i].matches('\n').count() + 1);
    }
    notes.push(d);
    Value::Null
}

/// An error about `key`, at the line it is written on.
pub(super) fn error_at(
    label: &Path,
    text: &str,
    key: &str,
    message: impl Into<String>,
) -> Diagnostic {
    let d = Diagnostic::error("config", label, message);
    match super::super::line_of(text, key) {
        Some(line) => d.at_line(line),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Mapping {
        parse(text, Path::new("mkdocs.yml")).unwrap()
    }

    #[test]
    fn a_child_overrides_what_it_inherits_key_by_key() {
        let mut base = map("a: 1\ntheme:\n  name: material\n  features: [x]\nlist: [1, 2]\n");
        merge(&mut base, map("theme:\n  features: [y]\nlist: [3]\nb: 2\n"));
        assert_eq!(
            base,
            map("a: 1\ntheme:\n  name: material\n  features: [y]\nlist: [3]\nb: 2\n")
        );
    }

    #[test]
    fn env_takes_the_first_variable_set_else_the_default() {
        let mut m = map("a: !ENV [QUIRE_MK32_UNSET_A, QUIRE_MK32_UNSET_B, fallback]\nb: !ENV QUIRE_MK32_UNSET_A\nc: !ENV [PATH, x]\n");
        let mut notes = Vec::new();
        resolve_tags(&mut m, "", Path::new("mkdocs.yml"), &mut notes);
        assert_eq!(m["a"], Value::String("fallback".into()));
        assert_eq!(m["b"], Value::Null);
        assert_ne!(m["c"], Value::String("x".into()));
        assert!(notes.is_empty());
    }

    #[test]
    fn python_tags_known_are_kept_and_others_dropped_with_a_warning() {
        let text = "a: !!python/name:material.extensions.emoji.to_svg\nb: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\nc: !!python/name:my.own.thing\n";
        let mut m = map(text);
        let mut notes = Vec::new();
        resolve_tags(&mut m, text, Path::new("mkdocs.yml"), &mut notes);
        assert_eq!(
            m["a"],
            Value::String("!!python/name:material.extensions.emoji.to_svg".into())
        );
        assert_eq!(
            m["b"][PYTHON_APPLY],
            Value::String("pymdownx.slugs.slugify".into())
        );
        assert_eq!(m["b"]["kwds"]["case"], Value::String("lower".into()));
        assert_eq!(m["c"], Value::Null);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, Some(3));
        assert!(
            notes[0].message.contains("my.own.thing"),
            "{}",
            notes[0].message
        );
    }
}
