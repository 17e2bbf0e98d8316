//! `markdown_extensions:` of a `mkdocs.yml` as quire's `Extensions`: exactly what is listed is
//! on (a MkDocs project's pages were written for its list, not for quire's defaults), with the
//! options quire has; an extension quire does not have is one warning.

use serde_yaml::{Mapping, Value};

use super::yaml::{PYTHON_APPLY, PYTHON_NAME};
use super::{scalar, Reader};
use crate::config::Extensions;
use crate::diagnostic::Diagnostic;
use crate::markdown::{SlugCase, TocDepth};

/// What Python-Markdown and pymdownx do on their own that quire does always (tables, fenced
/// code, highlighting, headings' ids and links), or that changes nothing quire shows.
const ALWAYS: &[&str] = &[
    "tables",
    "fenced_code",
    "codehilite",
    "meta",
    "sane_lists",
    "smarty",
    "pymdownx.highlight",
    "pymdownx.betterem",
    "pymdownx.arithmatex",
    "pymdownx.saneheaders",
    "pymdownx.escapeall",
    "material.extensions.preview",
];

pub(super) fn read(r: &mut Reader, list: Option<&Value>) -> Result<Extensions, Diagnostic> {
    let Some(list) = list.filter(|v| !v.is_null()) else {
        return Ok(Extensions::default());
    };
    let mut ext = none();
    for (name, options) in entries(list) {
        let name = name.strip_prefix("markdown.extensions.").unwrap_or(&name);
        let options = match &options {
            Value::Mapping(m) => m.clone(),
            _ => Mapping::new(),
        };
        if name == "toc" {
            toc(r, &mut ext, &options);
            continue;
        }
        if !switch(&mut ext, name, &options) && !ALWAYS.contains(&name) {
            r.warn_item(
                name,
                format!("Markdown extension `{name}` is not one quire has: its syntax shows as it is written"),
                "quire reads the extensions of Material for MkDocs (pymdownx and Python-Markdown's own)",
            );
        }
    }
    Ok(ext)
}

/// Every extension off: a `mkdocs.yml` turns on what it lists.
fn none() -> Extensions {
    Extensions {
        attr_list: false,
        abbr: false,
        footnotes: false,
        tasklist: false,
        keys: false,
        inlinehilite: false,
        emoji: false,
        admonition: false,
        tabbed: false,
        blocks: false,
        md_in_html: false,
        def_list: false,
        annotate: false,
        mermaid: false,
        superfences: false,
        // MkDocs always reads headings with `toc`, whose permalinks are off until asked for.
        toc: crate::markdown::Toc {
            permalink: None,
            python_ids: true,
            slugify: crate::markdown::Slugify::PythonMarkdown { unicode: false },
            ..Default::default()
        },
        ..Extensions::default()
    }
}

/// Python-Markdown's `toc` options: `permalink` (true, or its text), `permalink_title`,
/// `title`, `toc_depth` (`3` or `"2-4"`) and a `slugify` that keeps the heading's case.
fn toc(r: &mut Reader, ext: &mut Extensions, options: &Mapping) {
    let toc = &mut ext.toc;
    let text = |key: &str| scalar(options.get(key)).ok().flatten();
    toc.permalink = match options.get("permalink") {
        Some(Value::Bool(true)) => Some("¶".into()),
        Some(Value::Bool(false)) | Some(Value::Null) | None => None,
        _ => text("permalink"),
    };
    if let Some(title) = text("permalink_title") {
        toc.permalink_title = title;
    }
    toc.title = text("title");
    if let Some(depth) = text("toc_depth") {
        match TocDepth::parse(&depth) {
            Ok(depth) => toc.depth = depth,
            Err(why) => r.warn_item(
                "toc_depth",
                why,
                "write the deepest level the contents hold (`toc_depth: 3`) or a range (`toc_depth: \"2-4\"`)",
            ),
        }
    }
    toc.slug_case = slug_case(options.get("slugify"));
    toc.slugify = slugify(options.get("slugify"));
}

/// Which function `slugify:` names: Python-Markdown's own (MkDocs' default, ASCII) or its
/// `slugify_unicode`, or pymdownx's (quire's slug, with `slug_case`).
fn slugify(slugify: Option<&Value>) -> crate::markdown::Slugify {
    use crate::markdown::Slugify;
    match slugify {
        Some(Value::Mapping(_)) => Slugify::Quire,
        Some(Value::String(name)) => match name.strip_prefix(PYTHON_NAME) {
            Some("markdown.extensions.toc.slugify_unicode") => {
                Slugify::PythonMarkdown { unicode: true }
            }
            Some(name) if name.starts_with("pymdownx.slugs.") => Slugify::Quire,
            _ => Slugify::PythonMarkdown { unicode: false },
        },
        _ => Slugify::PythonMarkdown { unicode: false },
    }
}

/// The case `slugify` gives ids: pymdownx.slugs' `case` (`none`, its default, keeps it);
/// Python-Markdown's own slugify functions write lower case.
fn slug_case(slugify: Option<&Value>) -> SlugCase {
    let Some(Value::Mapping(apply)) = slugify else {
        // pymdownx's older named slugs: `uslugify_cased` keeps the case.
        return match slugify.and_then(Value::as_str) {
            Some(name) if name.ends_with("slugs.uslugify_cased") => SlugCase::AsWritten,
            _ => SlugCase::Lower,
        };
    };
    let case = (apply.get("kwds").and_then(|k| k.get("case"))).and_then(Value::as_str);
    let pymdownx =
        apply.get(PYTHON_APPLY).and_then(Value::as_str) == Some("pymdownx.slugs.slugify");
    match case {
        Some("lower" | "fold") => SlugCase::Lower,
        _ if pymdownx => SlugCase::AsWritten,
        _ => SlugCase::Lower,
    }
}

/// Turns on the extension `name` with its options; false when quire has no such switch.
fn switch(ext: &mut Extensions, name: &str, options: &Mapping) -> bool {
    match name {
        "abbr" => ext.abbr = true,
        "admonition" => ext.admonition = true,
        "attr_list" => ext.attr_list = true,
        "def_list" => ext.def_list = true,
        "footnotes" => ext.footnotes = true,
        "md_in_html" => ext.md_in_html = true,
        // Python-Markdown's `extra` is these together (with tables and fenced code).
        "extra" => {
            ext.abbr = true;
            ext.attr_list = true;
            ext.def_list = true;
            ext.footnotes = true;
            ext.md_in_html = true;
        }
        "pymdownx.caret" => ext.caret = true,
        "pymdownx.mark" => ext.mark = true,
        "pymdownx.tilde" => ext.tilde = true,
        "pymdownx.emoji" => ext.emoji = true,
        "pymdownx.inlinehilite" => ext.inlinehilite = true,
        "pymdownx.keys" => ext.keys = true,
        "pymdownx.smartsymbols" => ext.smartsymbols = true,
        "pymdownx.tasklist" => ext.tasklist = true,
        "pymdownx.tabbed" => ext.tabbed = true,
        "pymdownx.magiclink" => {
            ext.magiclink = true;
            ext.repo_url = magiclink_repo(options);
        }
        "pymdownx.snippets" => snippets(ext, options),
        // The FastAPI family's includes (include.rs reads both).
        "mdx_include" => ext.snippets.mdx_include = true,
        "markdown_include_variants" => ext.snippets.include_variants = true,
        "pymdownx.superfences" => superfences(ext, options),
        // `??? note` is quire's admonition extension's (which also reads `!!! note`).
        "pymdownx.details" => ext.admonition = true,
        name if name.starts_with("pymdownx.blocks.") => ext.blocks = true,
        _ => return false,
    }
    true
}

/// pymdownx.superfences: fences anywhere a block can go; its custom fences: `mermaid` drawn when it is one (with
/// `fence_code_format`, as Material's documentation writes it). Code annotations come with
/// superfences in Material.
fn superfences(ext: &mut Extensions, options: &Mapping) {
    ext.superfences = true;
    ext.annotate = true;
    let fences = options.get("custom_fences").and_then(Value::as_sequence);
    ext.mermaid = fences.is_some_and(|fences| {
        fences.iter().any(|f| {
            f.get("name").and_then(Value::as_str) == Some("mermaid")
                && f.get("format").and_then(Value::as_str).is_some_and(|p| {
                    p.strip_prefix(PYTHON_NAME)
                        .is_some_and(|n| n.ends_with("fence_code_format"))
                })
        })
    });
}

/// magiclink's repository for short references, from `provider`, `user` and `repo`; `None`
/// leaves it to the site's `repo_url`.
fn magiclink_repo(options: &Mapping) -> Option<String> {
    let text = |key: &str| scalar(options.get(key)).ok().flatten();
    let host = match text("provider").as_deref().unwrap_or("github") {
        "gitlab" => "gitlab.com",
        "bitbucket" => "bitbucket.org",
        _ => "github.com",
    };
    Some(format!(
        "https://{host}/{}/{}",
        text("user")?,
        text("repo")?
    ))
}

/// pymdownx.snippets' options: `base_path` (from the project folder), `auto_append`,
/// `check_paths` (pymdownx's default: false).
fn snippets(ext: &mut Extensions, options: &Mapping) {
    let texts = |key: &str| -> Vec<String> {
        match options.get(key) {
            Some(Value::Sequence(items)) => items
                .iter()
                .filter_map(|v| scalar(Some(v)).ok().flatten())
                .collect(),
            v => scalar(v).ok().flatten().into_iter().collect(),
        }
    };
    let s = &mut ext.snippets;
    s.base_path = texts("base_path").into_iter().map(Into::into).collect();
    s.auto_append = texts("auto_append");
    s.auto_prepend = texts("auto_prepend");
    s.check_paths = options
        .get("check_paths")
        .and_then(Value::as_bool)
        .unwrap_or(false);
}

/// The extensions listed, in order, with their options: `- name`, `- name: {…}`, or a map.
fn entries(list: &Value) -> Vec<(String, Value)> {
    let entry = |k: &Value, v: &Value| k.as_str().map(|k| (k.to_string(), v.clone()));
    match list {
        Value::Sequence(items) => (items.iter())
            .filter_map(|item| match item {
                Value::String(name) => Some((name.clone(), Value::Null)),
                Value::Mapping(m) => m.iter().next().and_then(|(k, v)| entry(k, v)),
                _ => None,
            })
            .collect(),
        Value::Mapping(m) => m.iter().filter_map(|(k, v)| entry(k, v)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_list(yaml: &str) -> Extensions {
        let list: Value = serde_yaml::from_str(yaml).unwrap();
        let mut ext = none();
        for (name, options) in entries(&list) {
            let options = options.as_mapping().cloned().unwrap_or_default();
            switch(&mut ext, &name, &options);
        }
        ext
    }

    #[test]
    fn exactly_what_is_listed_is_on() {
        let ext = read_list("- admonition\n- pymdownx.mark\n- pymdownx.snippets:\n    base_path: [docs_src]\n    auto_append: [links.md]\n");
        assert!(ext.admonition && ext.mark);
        assert!(!ext.attr_list && !ext.tabbed && !ext.footnotes && !ext.emoji);
        assert!(!ext.superfences && ext.toc.permalink.is_none());
        assert_eq!(
            ext.snippets.base_path,
            vec![std::path::PathBuf::from("docs_src")]
        );
        assert_eq!(ext.snippets.auto_append, vec!["links.md".to_string()]);
        assert!(!ext.snippets.check_paths);
        let ext = read_list("pymdownx.magiclink: {user: acme, repo: gadget, provider: gitlab}\n");
        assert_eq!(
            ext.repo_url.as_deref(),
            Some("https://gitlab.com/acme/gadget")
        );
    }

    #[test]
    fn slugify_keeps_the_case_unless_told_lower() {
        let apply = |kwds: &str| -> Value {
            serde_yaml::from_str(&format!(
                "{{'{PYTHON_APPLY}': pymdownx.slugs.slugify, {kwds}}}"
            ))
            .unwrap()
        };
        assert_eq!(
            slug_case(Some(&apply("kwds: {case: lower}"))),
            SlugCase::Lower
        );
        assert_eq!(
            slug_case(Some(&apply("kwds: {case: none}"))),
            SlugCase::AsWritten
        );
        assert_eq!(slug_case(Some(&apply("x: 1"))), SlugCase::AsWritten);
        assert_eq!(slug_case(None), SlugCase::Lower);
    }

    #[test]
    fn mermaid_is_drawn_when_superfences_names_it() {
        let mut map = Mapping::new();
        let fence: Value = serde_yaml::from_str(&format!(
            "custom_fences: [{{name: mermaid, class: mermaid, format: '{PYTHON_NAME}pymdownx.superfences.fence_code_format'}}]"
        ))
        .unwrap();
        map.extend(fence.as_mapping().unwrap().clone());
        let mut ext = none();
        superfences(&mut ext, &map);
        assert!(ext.mermaid && ext.annotate && ext.superfences);
    }
}
