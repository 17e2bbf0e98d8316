//! awesome-pages' `.pages` file (meta.py): its keys read into plain data, a value of the
//! wrong kind an error naming the file.

use std::path::PathBuf;

use serde_yaml::Value;

use super::line_of;
pub(super) use crate::config::mkdocs::Sort;
use crate::diagnostic::Diagnostic;

/// A folder's `.pages`, read.
#[derive(Debug, Clone, Default)]
pub(super) struct Meta {
    pub(super) title: Option<String>,
    pub(super) nav: Option<Vec<MetaItem>>,
    pub(super) collapse: Option<bool>,
    pub(super) collapse_single_pages: Option<bool>,
    pub(super) hide: bool,
    pub(super) sort: Sort,
    pub(super) file: PathBuf,
}

#[derive(Debug, Clone)]
pub(super) enum MetaItem {
    /// `...`, or `... | glob=pattern` / `... | regex=pattern` for the rest that matches.
    Rest(Option<Rest>),
    /// `name` or `Title: name`, with the line of the file it is written on.
    Entry(Option<String>, String, usize),
    Section(String, Vec<MetaItem>),
}

#[derive(Debug, Clone)]
pub(super) enum Rest {
    Glob(String),
    Regex(regex::Regex),
}

/// A `.pages` file's settings; a value of the wrong kind is an error at its file.
pub(super) fn read_meta(text: &str, file: PathBuf) -> Result<Meta, Diagnostic> {
    let wrong = |what: String| {
        Diagnostic::error("nav", &file, what)
            .hint("see the awesome-pages README for the keys a `.pages` file takes")
    };
    let value: Value = serde_yaml::from_str(text).map_err(|e| {
        let d = wrong(format!("this is not YAML: {e}"));
        match e.location() {
            Some(at) => d.at_line(at.line()),
            None => d,
        }
    })?;
    let flag = |key: &str| match value.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(wrong(format!("`{key}` is to be true or false"))),
    };
    let nav = match (value.get("nav"), value.get("arrange")) {
        (Some(Value::Sequence(items)), _) => Some(meta_items(items, text).map_err(wrong)?),
        (None, Some(Value::Sequence(items))) => {
            let mut items = meta_items(items, text).map_err(wrong)?;
            if !items.iter().any(|i| matches!(i, MetaItem::Rest(None))) {
                items.push(MetaItem::Rest(None));
            }
            Some(items)
        }
        (None, None) => None,
        _ => return Err(wrong("`nav` is to be a list".to_string())),
    };
    let word = |key: &str| match value.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(wrong(format!("`{key}` is to be text"))),
    };
    let sort = Sort::read(
        word("order")?,
        word("sort_type")?,
        word("order_by")?,
        flag("ignore_case")?,
    )
    .map_err(wrong)?;
    Ok(Meta {
        title: value
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string),
        nav,
        collapse: flag("collapse")?,
        collapse_single_pages: flag("collapse_single_pages")?,
        hide: flag("hide")?.unwrap_or(false),
        sort,
        file,
    })
}

fn meta_items(items: &[Value], text: &str) -> Result<Vec<MetaItem>, String> {
    items.iter().map(|i| meta_item(i, text)).collect()
}

/// One entry of `nav`: `name`, `...` (with a pattern), `Title: name` or `Title: [list]`.
fn meta_item(item: &Value, text: &str) -> Result<MetaItem, String> {
    match item {
        Value::String(s) if s.trim_start().starts_with("...") => rest(s),
        // awesome-nav's `.nav.yml` writes the rest as a glob (`"*.md"`).
        Value::String(s) if s.contains('*') => Ok(MetaItem::Rest(Some(Rest::Glob(s.clone())))),
        Value::String(s) => Ok(MetaItem::Entry(None, s.clone(), line_of(text, s))),
        Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next().expect("one");
            let title = k.as_str().ok_or("a `nav` entry's title is to be text")?;
            match v {
                Value::String(s) => Ok(MetaItem::Entry(
                    Some(title.into()),
                    s.clone(),
                    line_of(text, s),
                )),
                Value::Sequence(inner) => {
                    Ok(MetaItem::Section(title.into(), meta_items(inner, text)?))
                }
                _ => Err(format!(
                    "`{title}:` in `nav` is to name a page, a link or a list"
                )),
            }
        }
        _ => Err(format!("`nav` has an entry of no known form: {item:?}")),
    }
}

/// `...`, `... | glob=p`, `... | regex=p`, `... | p` (a glob); `| flat` is read as plain.
fn rest(text: &str) -> Result<MetaItem, String> {
    let parts: Vec<&str> = text
        .split('|')
        .map(str::trim)
        .skip(1)
        .filter(|p| *p != "flat")
        .collect();
    let Some(pattern) = parts.first() else {
        return Ok(MetaItem::Rest(None));
    };
    if let Some(r) = pattern.strip_prefix("regex=") {
        let r = regex::Regex::new(r).map_err(|e| format!("`{text}`: {e}"))?;
        return Ok(MetaItem::Rest(Some(Rest::Regex(r))));
    }
    let glob = pattern.strip_prefix("glob=").unwrap_or(pattern);
    Ok(MetaItem::Rest(Some(Rest::Glob(glob.to_string()))))
}
