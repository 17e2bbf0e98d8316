//! `plugins:` and `hooks:` of a `mkdocs.yml`: the plugins that map onto what quire does are
//! read; any other, and every hook, is one warning, never a failure.

use serde_yaml::{Mapping, Value};

use super::Reader;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// Plugins whose work quire does itself, or that change nothing a reader sees.
const ACCEPTED: &[&str] = &["search", "minify", "offline", "privacy"];

pub(super) fn read(r: &mut Reader, map: &Mapping, _config: &mut Config) -> Result<(), Diagnostic> {
    for (name, _options) in plugins(map.get("plugins")) {
        if !ACCEPTED.contains(&name.as_str()) {
            r.warn(
                &name,
                format!("plugin `{name}` is not run: quire does not run MkDocs plugins"),
                "what it adds to the pages is missing from quire's build",
            );
        }
    }
    for hook in r.strings(map, "hooks")? {
        r.warn(
            "hooks",
            format!("hook `{hook}` is not run: quire runs no Python"),
            "what it changes in the pages is missing from quire's build",
        );
    }
    Ok(())
}

/// The plugins named, in order, with their options: `- name`, `- name: {…}` or `name: {…}`.
fn plugins(value: Option<&Value>) -> Vec<(String, Value)> {
    let entry = |k: &Value, v: &Value| k.as_str().map(|k| (k.to_string(), v.clone()));
    match value {
        Some(Value::Sequence(items)) => (items.iter())
            .filter_map(|item| match item {
                Value::String(name) => Some((name.clone(), Value::Null)),
                Value::Mapping(m) => m.iter().next().and_then(|(k, v)| entry(k, v)),
                _ => None,
            })
            .collect(),
        Some(Value::Mapping(m)) => m.iter().filter_map(|(k, v)| entry(k, v)).collect(),
        _ => Vec::new(),
    }
}
