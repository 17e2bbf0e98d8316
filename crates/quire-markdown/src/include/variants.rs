//! The FastAPI family's `{* docs_src/app/tutorial001_an_py310.py hl[9] ln[3:12] *}` lines
//! (markdown-include-variants): the named example becomes the Markdown the extension writes —
//! a tab per the file's own Python version holding a ```` ```python hl_lines="…" ```` fence of
//! `{!path!}` includes (with "Code above omitted 👆" where `ln[…]` leaves lines out), a "👀 Full
//! file preview" when only some lines are shown, and "🤓 Other versions and variants" with a
//! tab per sibling file (`_an`, `_py39`, `_py310`, `_py311` suffixes on the file or its
//! folder), the non-`Annotated` ones under a tip to prefer `Annotated`. The `{!…!}` lines are
//! then read by the mdx_include pass (mdx.rs) and the `////` blocks by the blocks stage, as
//! Python-Markdown reads what the extension writes.
//!
//! Paths are relative to the project folder (the extension reads them from the working
//! folder, where `mkdocs` runs).

use std::collections::BTreeMap;
use std::path::Path;

const VERSIONS: [(&str, &str, &str); 4] = [
    ("py311", "_py311", "Python 3.11+"),
    ("py310", "_py310", "Python 3.10+"),
    ("py39", "_py39", "Python 3.9+"),
    ("py38", "", "Python 3.8+"),
];
const SUFFIXES: [&str; 4] = ["_an", "_py39", "_py310", "_py311"];

/// A line `{* path options *}` as the extension matches it (the whole line): the path and
/// the options text.
pub(super) fn directive(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("{*")?.strip_suffix("*}")?;
    let rest = rest.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (path, options) = rest.split_at(end);
    // The path is `\S+`: with no options, a path running into `*}` gives back the `*`.
    (!path.is_empty()).then_some((path, options.trim()))
}

/// One example file: its path, tab title, and whether it is the `Annotated` form (`None`: the
/// version has one form only).
#[derive(Debug, Clone)]
struct Variant {
    path: String,
    title: String,
    annotated: Option<bool>,
}

/// Key: (version's place in VERSIONS, annotated).
type Variants = BTreeMap<(usize, Option<bool>), Variant>;

fn remove_suffixes(name: &str) -> &str {
    match SUFFIXES.iter().find_map(|s| name.strip_suffix(s)) {
        Some(rest) => remove_suffixes(rest),
        None => name,
    }
}

fn join(dir: &Path, name: &str) -> String {
    let joined = dir.join(name);
    joined.to_string_lossy().replace('\\', "/")
}

/// The variants among `paths(suffix)`, as the extension finds them: per version the
/// `Annotated` file (and the plain one beside it), or the plain one alone.
fn create(paths: impl Fn(&str) -> String, exists: &dyn Fn(&str) -> bool) -> Variants {
    let mut variants = Variants::new();
    for (v, (_, suffix, title)) in VERSIONS.iter().enumerate() {
        let an = paths(&format!("_an{suffix}"));
        let plain = paths(suffix);
        let mut add = |path: String, title: String, annotated| {
            let variant = Variant {
                path,
                title,
                annotated,
            };
            variants.insert((v, annotated), variant);
        };
        if exists(&an) {
            add(an, title.to_string(), Some(true));
            if exists(&plain) {
                add(plain, format!("{title} - non-Annotated"), Some(false));
            }
        } else if exists(&plain) {
            add(plain, title.to_string(), None);
        }
    }
    variants
}

fn file_variants(base: &Path, exists: &dyn Fn(&str) -> bool) -> Variants {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let name = remove_suffixes(&stem);
    let dir = base.parent().unwrap_or(Path::new(""));
    create(|suffix| join(dir, &format!("{name}{suffix}.py")), exists)
}

fn folder_variants(base: &Path, exists: &dyn Fn(&str) -> bool) -> Variants {
    let file = base
        .file_name()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let folder = base.parent().unwrap_or(Path::new(""));
    let folder_name = folder
        .file_name()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let name = remove_suffixes(&folder_name);
    let dir = folder.parent().unwrap_or(Path::new(""));
    create(
        |suffix| join(dir, &format!("{name}{suffix}/{file}")),
        exists,
    )
}

/// `9`, `10:12`, `6,11` → sorted (start, end) pairs.
fn line_ranges(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let number =
        |s: &str| (s.trim().parse::<usize>()).map_err(|_| format!("{s:?} is not a line number"));
    let mut ranges = (text.trim().split(','))
        .map(|item| match item.split_once(':') {
            Some((a, b)) => Ok((number(a)?, number(b)?)),
            None => number(item).map(|n| (n, n)),
        })
        .collect::<Result<Vec<_>, String>>()?;
    ranges.sort();
    Ok(ranges)
}

fn hl_string(ranges: &[(usize, usize)]) -> String {
    let item = |&(a, b): &(usize, usize)| match a == b {
        true => a.to_string(),
        false => format!("{a}-{b}"),
    };
    ranges.iter().map(item).collect::<Vec<_>>().join(" ")
}

/// The options of a `{* *}` line: `ln[…]`, `hl[…]`, `title["…"]`.
#[derive(Default)]
struct Options {
    lines: Vec<(usize, usize)>,
    highlight: Vec<(usize, usize)>,
    title: Option<String>,
}

fn options(text: &str) -> Result<Options, String> {
    let mut o = Options::default();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let name_start = rest[..open]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &rest[name_start..open];
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        let value = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if name.is_empty() || value.is_empty() {
            continue;
        }
        match name {
            "ln" => o.lines.extend(line_ranges(value)?),
            "hl" => o.highlight.extend(line_ranges(value)?),
            "title" => match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(t) => o.title = Some(t.to_string()),
                None => return Err(format!("title[{value}] needs its text in quotes")),
            },
            _ => {}
        }
    }
    Ok(o)
}

/// The highlighted lines as numbered in the shown part: each `ln` group keeps those inside
/// it, shifted past the "omitted" lines the extension writes between groups.
fn shown_highlights(o: &Options) -> Vec<(usize, usize)> {
    if o.lines.is_empty() {
        return o.highlight.clone();
    }
    // Each `ln` group (once, as the extension keys them) with its highlights, renumbered.
    type Group = ((usize, usize), Vec<(usize, usize)>);
    let mut groups: Vec<Group> = Vec::new();
    let mut offset = 0;
    for (i, &(start, end)) in o.lines.iter().enumerate() {
        if start > 1 {
            offset = if i == 0 { 2 } else { offset + 3 };
        }
        let shift = |n: usize| (n + offset + 1).saturating_sub(start);
        let inside = (o.highlight.iter())
            .filter(|h| h.0 >= start && h.1 <= end)
            .map(|&(a, b)| (shift(a), shift(b)))
            .collect();
        offset += (end + 1).saturating_sub(start);
        match groups.iter_mut().find(|g| g.0 == (start, end)) {
            Some(g) => g.1 = inside,
            None => groups.push(((start, end), inside)),
        }
    }
    groups.into_iter().flat_map(|g| g.1).collect()
}

fn fence(highlight: &[(usize, usize)], title: &Option<String>) -> String {
    let mut first = "```python".to_string();
    if !highlight.is_empty() {
        first.push_str(&format!(" hl_lines=\"{}\"", hl_string(highlight)));
    }
    if let Some(t) = title {
        first.push_str(&format!(" title=\"{t}\""));
    }
    first
}

/// What the extension writes for `{* path options *}`; `lines_of` gives a file's line count.
/// An error says what is wrong, as the extension stops the build on it.
pub(super) fn render(
    path: &str,
    options_text: &str,
    exists: &dyn Fn(&str) -> bool,
    lines_of: &mut dyn FnMut(&str) -> Result<usize, String>,
) -> Result<String, String> {
    let o = options(options_text)?;
    let base = Path::new(path);
    let mut variants = file_variants(base, exists);
    if variants.is_empty() {
        return Err(format!("could not find any variants for {path}"));
    }
    if variants.len() == 1 {
        let folder = folder_variants(base, exists);
        let default = |v: &Variants| v.contains_key(&(3, None));
        if folder.len() > 1 || (folder.len() == 1 && default(&variants) && !default(&folder)) {
            variants = folder;
        }
    }
    let same = |p: &str| Path::new(p).components().eq(base.components());
    let mut others = Vec::new();
    let mut preferred = None;
    for annotated in [Some(true), Some(false), None] {
        for v in 0..VERSIONS.len() {
            let Some(variant) = variants.get(&(v, annotated)) else {
                continue;
            };
            match same(&variant.path) && preferred.is_none() {
                true => preferred = Some(variant.clone()),
                false => others.push(variant.clone()),
            }
        }
    }
    let Some(preferred) = preferred else {
        return Err(format!(
            "{path} is not one of its variants ({})",
            (variants.values().map(|v| v.path.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |lines: &[&str]| out.extend(lines.iter().map(|l| l.to_string()));
    let whole = format!("{{!{}!}}", preferred.path);
    let tab = format!("//// tab | {}", preferred.title);
    if o.lines != [(0, 0)] {
        let count = lines_of(&preferred.path)?;
        let mut inner: Vec<String> = Vec::new();
        if o.lines.is_empty() {
            inner.push(whole.clone());
        }
        for (i, &(a, b)) in o.lines.iter().enumerate() {
            if i == 0 && a > 1 {
                inner.extend(["# Code above omitted 👆".into(), String::new()]);
            }
            if i >= 1 {
                inner.extend([
                    String::new(),
                    "# Code here omitted 👈".into(),
                    String::new(),
                ]);
            }
            inner.push(format!("{{!{}[ln:{a}-{b}]!}}", preferred.path));
            if i == o.lines.len() - 1 && b < count {
                inner.extend([String::new(), "# Code below omitted 👇".into()]);
            }
        }
        push(&[&tab, &fence(&shown_highlights(&o), &o.title)]);
        push(&inner.iter().map(String::as_str).collect::<Vec<_>>());
        push(&["```", "", "////", ""]);
    }
    if !o.lines.is_empty() {
        let full = fence(&o.highlight, &o.title);
        push(&[
            "///// details | 👀 Full file preview",
            "",
            &tab,
            "",
            &full,
            &whole,
        ]);
        push(&["```", "", "////", "", "/////", ""]);
    }
    if !others.is_empty() {
        let first = fence(&[], &o.title);
        push(&["///// details | 🤓 Other versions and variants", ""]);
        for v in &others {
            push(&[&format!("//// tab | {}", v.title), ""]);
            if v.annotated == Some(false) {
                let tip = "Prefer to use the `Annotated` version if possible.";
                push(&["/// tip", "", tip, "", "///", ""]);
            }
            push(&[&first, &format!("{{!{}!}}", v.path), "```", "////"]);
        }
        push(&["", "/////", ""]);
    }
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(files: &[&str], line: &str) -> String {
        let exists = |p: &str| files.contains(&p);
        let (path, options) = directive(line).unwrap();
        render(path, options, &exists, &mut |_| Ok(20)).unwrap()
    }

    #[test]
    fn the_directive_is_a_whole_line() {
        assert_eq!(directive("{* a/b.py hl[9] *}"), Some(("a/b.py", "hl[9]")));
        assert_eq!(directive("{* a/b.py *}"), Some(("a/b.py", "")));
        assert_eq!(directive(" {* a/b.py *}"), None);
        assert_eq!(directive("{* *}"), None);
    }

    #[test]
    fn highlights_follow_the_omitted_lines() {
        let o = options("ln[3:5,10:12] hl[4,11]").unwrap();
        // "# Code above omitted" and a blank take lines 1-2, three more lines come between
        // the groups: line 4 is shown as 4, line 11 as 10.
        assert_eq!(shown_highlights(&o), vec![(4, 4), (10, 10)]);
    }

    #[test]
    fn one_variant_with_its_annotated_sibling() {
        let text = render_with(
            &["src/t001_an_py310.py", "src/t001_py310.py"],
            "{* src/t001_an_py310.py hl[9] *}",
        );
        assert_eq!(
            text,
            "//// tab | Python 3.10+\n```python hl_lines=\"9\"\n{!src/t001_an_py310.py!}\n```\n\n////\n\n\
             ///// details | 🤓 Other versions and variants\n\n//// tab | Python 3.10+ - non-Annotated\n\n\
             /// tip\n\nPrefer to use the `Annotated` version if possible.\n\n///\n\n\
             ```python\n{!src/t001_py310.py!}\n```\n////\n\n/////\n\n"
        );
    }

    #[test]
    fn missing_files_are_errors() {
        let exists = |_: &str| false;
        let err = render("x.py", "", &exists, &mut |_| Ok(1)).unwrap_err();
        assert!(err.contains("could not find any variants"), "{err}");
    }
}
