//! Turns a header's raw fields into a page's typed metadata, with every
//! problem reported against the line it is on.

use std::path::Path;

use serde_json::{Map, Value};

use super::date::Date;
use super::frontmatter::Field;
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub slug: Option<String>,
    /// As written, for templates; `sort_key` is what orders pages.
    pub sortorder: Option<String>,
    pub sort_key: Option<f64>,
    pub sidebartitle: Option<String>,
    pub toc: bool,
    pub meta: Option<String>,
    pub category: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) modified: Option<Date>,
    /// A template name from the header (`template: custom` uses custom.html).
    pub template: Option<(String, usize)>,
    pub draft: bool,
    /// Pelican's `Summary:`: the text listings and the feed show (else `meta`, else the first
    /// paragraph).
    pub summary: Option<String>,
    /// Pelican's `Author:`/`Authors:` (a list, or comma-separated).
    pub authors: Vec<String>,
    /// Pelican's `Status: hidden`: built, but in no sidebar, listing or feed.
    pub hidden: bool,
    /// Pelican's `Save_as:` and `URL:` (the output path, the address), with their lines.
    pub save_as: Option<(String, usize)>,
    pub url: Option<(String, usize)>,
    /// Pelican's `Lang:`, and `Translation: true` (a translation: `{slug}-{lang}.html`, not listed).
    pub lang: Option<String>,
    pub translation: bool,
    /// Old paths that should redirect here.
    pub aliases: Vec<String>,
    /// Tags (`tags:`, a list or comma-separated), as written; each has a page of its own.
    pub tags: Vec<String>,
    /// Whether the page shows its "Edit this page" link when the site has `edit_url` (`edit: false`).
    pub edit: bool,
    /// Every other field, as written, for templates (`page.extra.headerimage`).
    pub extra: Map<String, Value>,
    /// The line of each known field, for later checks that point at it.
    pub slug_line: Option<usize>,
    pub aliases_line: Option<usize>,
}

pub(crate) fn from_fields(fields: Vec<Field>, file: &Path) -> Result<Meta, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut meta = Meta {
        title: String::new(),
        slug: None,
        sortorder: None,
        sort_key: None,
        sidebartitle: None,
        toc: false,
        meta: None,
        category: None,
        date: None,
        modified: None,
        template: None,
        draft: false,
        summary: None,
        authors: Vec::new(),
        hidden: false,
        save_as: None,
        url: None,
        lang: None,
        translation: false,
        aliases: Vec::new(),
        tags: Vec::new(),
        edit: true,
        extra: Map::new(),
        slug_line: None,
        aliases_line: None,
    };
    let mut has_title = false;
    for Field { key, value, line } in fields {
        let err = |msg: String, hint: &str| {
            Diagnostic::error("front-matter", file, msg)
                .at_line(line)
                .hint(hint)
        };
        let text = match scalar_text(&value) {
            Some(t) => t,
            None if matches!(key.as_str(), "aliases" | "tags" | "author" | "authors")
                || !is_known(&key) =>
            {
                String::new()
            }
            None => {
                errors.push(err(
                    format!("`{key}` must be a single value, not a list or map"),
                    "write it as `key: value`",
                ));
                continue;
            }
        };
        match key.as_str() {
            "title" => {
                has_title = !text.trim().is_empty();
                meta.title = text.trim().to_string();
            }
            "slug" => {
                meta.slug = Some(text.trim().to_string());
                meta.slug_line = Some(line);
            }
            "sortorder" => match text.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    meta.sortorder = Some(text.trim().to_string());
                    meta.sort_key = Some(n);
                }
                _ => errors.push(err(
                    format!("sortorder {:?} is not a number", text.trim()),
                    "sortorder orders pages in the sidebar and is compared as a number, e.g. `sortorder: 0835`",
                )),
            },
            "sidebartitle" => meta.sidebartitle = Some(text.trim().to_string()),
            "toc" => match parse_bool(&text) {
                Some(b) => meta.toc = b,
                None => errors.push(err(
                    format!("toc {:?} is not true or false", text.trim()),
                    "write `toc: True` or `toc: False` (true/false/yes/no also work)",
                )),
            },
            "meta" | "description" | "summary" => {
                if key == "summary" {
                    meta.summary = Some(text.trim().to_string());
                }
                // Pelican has no description field: its summary is the page's description too.
                if meta.meta.is_none() || key == "meta" {
                    meta.meta = Some(text.trim().to_string())
                }
            }
            "author" | "authors" => meta.authors.extend(list_values(&value)),
            // Pelican writes no file for an empty `Save_as:`.
            "save_as" if text.trim().is_empty() => meta.draft = true,
            "save_as" => meta.save_as = Some((text.trim().to_string(), line)),
            "url" if text.trim().is_empty() => {}
            "url" => meta.url = Some((text.trim().to_string(), line)),
            "lang" => match text.trim() {
                "" => {}
                l if crate::config::is_language_tag(l) => meta.lang = Some(l.to_string()),
                l => errors.push(err(
                    format!("lang {l:?} is not a language tag"),
                    "write the page's language as letters, digits and `-`, e.g. `lang: fr`",
                )),
            },
            "translation" => match parse_bool(&text) {
                Some(b) => meta.translation = b,
                None => errors.push(err(
                    format!("translation {:?} is not true or false", text.trim()),
                    "write `translation: true` on a translated copy of another page",
                )),
            },
            "category" => meta.category = Some(text.trim().to_string()),
            "date" | "modified" => match Date::parse(&text) {
                Some(d) => {
                    if key == "date" {
                        meta.date = Some(d)
                    } else {
                        meta.modified = Some(d)
                    }
                }
                None => errors.push(err(
                    format!("{key} {:?} is not a date", text.trim()),
                    "write dates as YYYY-MM-DD, optionally followed by a time (2017-03-28 14:30)",
                )),
            },
            "template" => meta.template = Some((text.trim().to_string(), line)),
            "status" => match text.trim().to_ascii_lowercase().as_str() {
                "draft" => meta.draft = true,
                "hidden" => meta.hidden = true,
                "published" | "" => {}
                other => errors.push(err(
                    format!("status {other:?} is not draft, hidden or published"),
                    "`status: draft` leaves the page out, `status: hidden` builds it without listing it",
                )),
            },
            "draft" => meta.draft = parse_bool(&text).unwrap_or(false),
            "aliases" => {
                meta.aliases = list_values(&value);
                meta.aliases_line = Some(line);
            }
            "tags" => meta.tags = tag_values(&value),
            "edit" => match parse_bool(&text) {
                Some(b) => meta.edit = b,
                None => errors.push(err(
                    format!("edit {:?} is not true or false", text.trim()),
                    "`edit: false` hides the page's \"Edit this page\" link",
                )),
            },
            _ => {
                meta.extra.insert(key, value);
            }
        }
    }
    if !has_title {
        errors.push(
            Diagnostic::error("front-matter", file, "the page has no title")
                .at_line(1)
                .hint("add a `title: …` line to the header at the top of the file"),
        );
    }
    if errors.is_empty() {
        Ok(meta)
    } else {
        Err(errors)
    }
}

fn is_known(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "slug"
            | "sortorder"
            | "sidebartitle"
            | "toc"
            | "meta"
            | "category"
            | "date"
            | "modified"
            | "template"
            | "status"
            | "draft"
            | "edit"
            | "summary"
            | "save_as"
            | "url"
            | "lang"
            | "translation"
    )
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn list_values(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
        // Pelican style: a comma-separated line.
        Value::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// Tags as written, each once (the first spelling kept), in the order given.
fn tag_values(value: &Value) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in list_values(value) {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    tags
}

pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, value: &str, line: usize) -> Field {
        Field {
            key: key.into(),
            value: Value::String(value.into()),
            line,
        }
    }

    #[test]
    fn reads_the_seed_fields() {
        let m = from_fields(
            vec![
                field("title", "Serverless", 1),
                field("sortorder", "0835", 2),
                field("toc", "False", 3),
                field("headerimage", "/img/x.png", 4),
            ],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.title, "Serverless");
        assert_eq!(m.sort_key, Some(835.0));
        assert_eq!(m.sortorder.as_deref(), Some("0835"));
        assert!(!m.toc);
        assert_eq!(m.extra["headerimage"], "/img/x.png");
    }

    #[test]
    fn reports_every_bad_field_with_its_line() {
        let errs = from_fields(
            vec![field("sortorder", "first", 2), field("toc", "maybe", 3)],
            Path::new("a.md"),
        )
        .unwrap_err();
        let lines: Vec<_> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(1)]);
        assert!(errs[2].message.contains("no title"));
    }

    #[test]
    fn tags_are_a_list_or_comma_separated() {
        let list = Value::Array(vec!["Python".into(), "aws".into(), "python".into()]);
        let m = from_fields(
            vec![
                field("title", "T", 1),
                Field {
                    key: "tags".into(),
                    value: list,
                    line: 2,
                },
            ],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.tags, vec!["Python", "aws"]);
        let m = from_fields(
            vec![
                field("title", "T", 1),
                field("tags", "deploy, aws lambda,", 2),
            ],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.tags, vec!["deploy", "aws lambda"]);
        assert!(m.edit);
    }

    #[test]
    fn bools() {
        for t in ["True", "true", "yes"] {
            assert_eq!(parse_bool(t), Some(true));
        }
        for f in ["False", "false", "no"] {
            assert_eq!(parse_bool(f), Some(false));
        }
        assert_eq!(parse_bool("perhaps"), None);
    }
}
