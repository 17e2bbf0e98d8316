//! Splits a source file into its metadata header and its Markdown body.
//!
//! Two forms are accepted, and none:
//! - Pelican's: `key: value` lines from the first line to the first blank line.
//!   A value is the raw rest of the line (it may hold colons); an indented line
//!   continues the value above it, as in Python-Markdown's meta extension. The
//!   paragraph is a header only when every line is one and one of its keys is a
//!   key quire knows; else it is the page's first paragraph (`Note: …` is text).
//! - YAML between a first line `---` and the next `---` (or `...`) line.
//! - Neither: the whole file is the page's text (a folder of Markdown written for
//!   GitHub has no header at all).

use serde_json::Value;

/// One metadata field as written, with the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// Lower-cased: keys are case-insensitive.
    pub key: String,
    pub value: Value,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Split<'a> {
    pub fields: Vec<Field>,
    pub body: &'a str,
    /// Byte offset of the body in the file, to turn body offsets into file lines.
    pub body_offset: usize,
}

/// A header problem: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderError {
    pub line: usize,
    /// 1-based, where the problem has one (YAML's do).
    pub column: Option<usize>,
    pub message: String,
    pub hint: String,
}

/// The header and the text of a file; `known` says which keys quire reads.
pub(crate) fn split<'t>(
    text: &'t str,
    known: impl Fn(&str) -> bool,
) -> Result<Split<'t>, HeaderError> {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &text[text_start..];
    let first = text.lines().next().unwrap_or("");
    let mut split = if first.trim_end() == "---" {
        split_yaml(text)?
    } else {
        split_pelican(text, known)
    };
    split.body_offset += text_start;
    Ok(split)
}

/// Iterates lines with their byte offsets and 1-based numbers; the line text has no `\r\n`.
/// Iterates lines as (start offset, 1-based number, text without the line break, offset after the break).
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, usize, &str, usize)> {
    let mut offset = 0;
    text.split_inclusive('\n').enumerate().map(move |(i, raw)| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        (start, i + 1, line, offset)
    })
}

fn split_pelican(text: &str, known: impl Fn(&str) -> bool) -> Split<'_> {
    match first_paragraph(text) {
        Ok((fields, body_offset)) if fields.iter().any(|f| known(&f.key)) => Split {
            fields,
            body: &text[body_offset..],
            body_offset,
        },
        _ => Split {
            fields: Vec::new(),
            body: text,
            body_offset: 0,
        },
    }
}

/// The first paragraph read as `key: value` lines (an indented line continues the value
/// above it), with the offset after the blank line that ends it; or the 1-based line that is
/// not `key: value`.
fn first_paragraph(text: &str) -> Result<(Vec<Field>, usize), usize> {
    let mut fields: Vec<Field> = Vec::new();
    for (_, number, line, end) in lines_with_offsets(text) {
        if line.trim().is_empty() {
            return Ok((fields, end));
        }
        if let (true, Some(last)) = (line.starts_with([' ', '\t']), fields.last_mut()) {
            if let Value::String(s) = &mut last.value {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(line.trim());
            }
            continue;
        }
        let (key, value) = parse_key_value(line).ok_or(number)?;
        fields.push(Field {
            key: key.to_ascii_lowercase(),
            value: Value::String(value.to_string()),
            line: number,
        });
    }
    Ok((fields, text.len()))
}

/// Where a first paragraph that starts like a header (a first line `key: value` with a key
/// `known`) stops being one: the 1-based line that is not `key: value`. Such a paragraph is
/// read as text; the checks say why.
pub(crate) fn header_broken_at(text: &str, known: impl Fn(&str) -> bool) -> Option<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (key, _) = parse_key_value(text.lines().next()?)?;
    if !known(&key.to_ascii_lowercase()) {
        return None;
    }
    first_paragraph(text).err()
}

/// A page's title from its text, when its header gives none: its first `# Heading` (or a
/// line underlined with `===`), outside fenced code, with the inline marks taken off.
pub(crate) fn title_in_text(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    let mut previous = "";
    for line in body.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let mark = &trimmed[..3];
            match fence {
                Some(open) if open == mark => fence = None,
                None => fence = Some(mark),
                _ => {}
            }
            previous = "";
            continue;
        }
        if fence.is_some() || indent >= 4 {
            previous = "";
            continue;
        }
        let heading = trimmed
            .strip_prefix("# ")
            .map(|h| h.trim_end().trim_end_matches('#'))
            .or_else(|| {
                let underline = !trimmed.is_empty() && trimmed.trim_end().chars().all(|c| c == '=');
                (underline && !previous.trim().is_empty()).then_some(previous)
            });
        if let Some(h) = heading {
            let title: String = h.chars().filter(|c| !matches!(c, '`' | '*')).collect();
            let title = title.trim();
            if !title.is_empty() {
                return Some(title.to_string());
            }
        }
        previous = line;
    }
    None
}

fn parse_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key_ok = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    key_ok.then(|| (key, value.trim()))
}

fn split_yaml(text: &str) -> Result<Split<'_>, HeaderError> {
    let mut lines = lines_with_offsets(text);
    lines.next().expect("caller saw a first line");
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut close = None;
    for (start, _, line, end) in lines {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            close = Some((start, end));
            break;
        }
    }
    let Some((yaml_end, close_end)) = close else {
        return Err(HeaderError {
            line: 1,
            column: None,
            message: "the YAML front matter opened by `---` on line 1 is never closed".into(),
            hint: "end the front matter with a line holding only `---`".into(),
        });
    };
    let yaml = &text[yaml_start..yaml_end];
    // The body starts after the closing line and its line break.
    let body_offset = close_end;
    let value: serde_yaml::Value = if yaml.trim().is_empty() {
        serde_yaml::Value::Mapping(Default::default())
    } else {
        serde_yaml::from_str(yaml).map_err(|e| {
            let p = crate::yaml::explain(yaml, &e);
            HeaderError {
                // The YAML starts on the file's second line.
                line: p.line + 1,
                column: p.column,
                message: format!("malformed YAML front matter: {}", p.message),
                hint: p.hint,
            }
        })?
    };
    let serde_yaml::Value::Mapping(map) = value else {
        return Err(HeaderError {
            line: 2,
            column: None,
            message: "the YAML front matter is not a map of `key: value` pairs".into(),
            hint: "write one `key: value` per line between the `---` lines".into(),
        });
    };
    let mut fields = Vec::new();
    for (k, v) in map {
        let key = match k {
            serde_yaml::Value::String(s) => s,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let line = yaml_key_line(yaml, &key).map_or(2, |l| l + 1);
        let value = serde_json::to_value(&v).unwrap_or(Value::Null);
        fields.push(Field {
            key: key.to_ascii_lowercase(),
            value,
            line,
        });
    }
    Ok(Split {
        fields,
        body: &text[body_offset..],
        body_offset,
    })
}

/// The 1-based line (within the YAML) where a top-level key is written.
fn yaml_key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split` as a page sees it: `title`, `slug`, `meta` and `toc` are keys quire knows.
    fn split(text: &str) -> Result<Split<'_>, HeaderError> {
        super::split(text, |k| {
            matches!(k, "title" | "slug" | "meta" | "toc" | "sortorder")
        })
    }

    fn get<'a>(s: &'a Split, key: &str) -> &'a Value {
        &s.fields.iter().find(|f| f.key == key).unwrap().value
    }

    #[test]
    fn pelican_value_keeps_its_colon_and_keys_are_case_insensitive() {
        let s = split("Title: Basic Data Types in Python 3: Strings\nslug: strings\n\n# Body\n")
            .unwrap();
        assert_eq!(get(&s, "title"), "Basic Data Types in Python 3: Strings");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.fields[1].line, 2);
    }

    #[test]
    fn pelican_header_ends_at_first_blank_line() {
        let s = split("title: A\n\nnot: metadata\n").unwrap();
        assert_eq!(s.fields.len(), 1);
        assert_eq!(s.body, "not: metadata\n");
        assert_eq!(s.body_offset, 10);
    }

    #[test]
    fn pelican_continuation_lines_join_the_value() {
        let s = split("title: A\nmeta: one\n    two\n\nbody").unwrap();
        assert_eq!(get(&s, "meta"), "one two");
    }

    #[test]
    fn a_first_paragraph_that_is_not_wholly_a_header_is_text() {
        let text = "title: A\nthis is prose\n\nbody";
        let s = split(text).unwrap();
        assert!(s.fields.is_empty());
        assert_eq!((s.body, s.body_offset), (text, 0));
        let known = |k: &str| k == "title";
        assert_eq!(header_broken_at(text, known), Some(2));
        assert_eq!(header_broken_at("title: A\nslug: b\n\nx", known), None);
    }

    #[test]
    fn a_page_may_start_with_its_text() {
        for text in [
            "# Async Support\n\nText.\n",
            "Note: the API changed.\n\nMore.\n",
            "",
        ] {
            let s = split(text).unwrap();
            assert!(s.fields.is_empty(), "{text:?}");
            assert_eq!(s.body, text);
        }
        assert_eq!(header_broken_at("Note: x\nprose\n", |k| k == "title"), None);
    }

    #[test]
    fn the_title_in_the_text_is_its_first_heading_outside_code() {
        let t = |s: &str| title_in_text(s);
        assert_eq!(
            t("Intro.\n\n# The `httpx` *Client* #\n\n# Second\n").as_deref(),
            Some("The httpx Client")
        );
        assert_eq!(
            t("```md\n# not this\n```\nSetext title\n===\n").as_deref(),
            Some("Setext title")
        );
        assert_eq!(t("    # indented code\n## only a second level\n"), None);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let s = split("\u{feff}title: A\r\nslug: b\r\n\r\nbody").unwrap();
        assert_eq!(get(&s, "title"), "A");
        assert_eq!(get(&s, "slug"), "b");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: \"A: b\"\ntoc: true\nsortorder: 12\n---\n# Body\n").unwrap();
        assert_eq!(get(&s, "title"), "A: b");
        assert_eq!(get(&s, "toc"), &Value::Bool(true));
        assert_eq!(s.fields[2].line, 4);
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn malformed_yaml_names_the_file_line() {
        let e = split("---\ntitle: A\nslug: [unclosed\n---\nbody").unwrap_err();
        assert!(e.line >= 3, "line {}", e.line);
        assert!(e.message.contains("malformed YAML"));
    }

    fn yaml_error(front: &str) -> HeaderError {
        split(&format!("---\n{front}---\nbody")).unwrap_err()
    }

    #[test]
    fn yaml_errors_are_at_the_file_line_only_in_plain_words() {
        let e = yaml_error("title: A\n\tslug: b\n");
        assert_eq!((e.line, e.column), (3, Some(1)));
        assert_eq!(
            e.message,
            "malformed YAML front matter: a tab in the indentation (YAML indents with spaces only)"
        );
        let e = yaml_error("title: Python: the basics\n");
        assert_eq!((e.line, e.column), (2, Some(14)));
        assert_eq!(
            e.message,
            "malformed YAML front matter: a value holding `: ` must be quoted"
        );
        assert_eq!(
            e.hint,
            "write it in quotes: `title: \"Python: the basics\"`"
        );
        let e = yaml_error("title: A\nmeta:\n  - a\n - b\n");
        assert_eq!(e.line, 5);
        assert!(
            e.message.ends_with("indented unlike the lines above it"),
            "{}",
            e.message
        );
        let e = yaml_error("tags: [a, b\n");
        assert!(!e.message.contains("line"), "{}", e.message);
    }

    #[test]
    fn unclosed_yaml_is_an_error() {
        let e = split("---\ntitle: A\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }
}
