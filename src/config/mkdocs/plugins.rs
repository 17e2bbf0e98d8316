//! `plugins:` and `hooks:` of a `mkdocs.yml`: the plugins that map onto what quire does are
//! read; any other, and every hook, is one warning, never a failure. Also the page rules
//! MkDocs has as keys (`exclude_docs`, `draft_docs`, `not_in_nav`).

use serde_yaml::{Mapping, Value};

use super::{scalar, Reader};
use crate::config::{Config, PageRules};
use crate::diagnostic::Diagnostic;
use quire_markdown::include::IncludeMarkdown;

/// Plugins whose work quire does itself (search, git dates, tags from front matter), or that
/// change nothing a reader sees.
const ACCEPTED: &[&str] = &[
    "search",
    "minify",
    "offline",
    "privacy",
    "tags",
    "git-revision-date-localized",
    "git-revision-date",
    "git-committers",
    "git-authors",
    "section-index",
];

pub(super) fn read(r: &mut Reader, map: &Mapping, config: &mut Config) -> Result<(), Diagnostic> {
    config.pages.exclude = patterns(r, map, "exclude_docs")?;
    config.pages.drafts = patterns(r, map, "draft_docs")?;
    config.pages.not_in_nav = patterns(r, map, "not_in_nav")?;
    for (name, options) in plugins(map.get("plugins")) {
        let options = options.as_mapping().cloned().unwrap_or_default();
        match name.as_str() {
            "llmstxt" => config.llms_txt = true,
            "redirects" => config.pages.redirects = redirects(&options),
            "exclude" => config.pages.exclude.extend(globs(&options)),
            "include-markdown" => {
                config.markdown.snippets.include_markdown = Some(include_markdown(&options))
            }
            name if ACCEPTED.contains(&name) => {}
            _ => r.warn_item(
                &name,
                format!("plugin `{name}` is not run: quire does not run MkDocs plugins"),
                "what it adds to the pages is missing from quire's build",
            ),
        }
    }
    for hook in r.strings(map, "hooks")? {
        r.warn_item(
            &hook,
            format!("hook `{hook}` is not run: quire runs no Python"),
            "what it changes in the pages is missing from quire's build",
        );
    }
    Ok(())
}

/// `exclude_docs: |` and friends: one pattern a line (`#` comments), or a list.
fn patterns(r: &Reader, map: &Mapping, key: &str) -> Result<Vec<String>, Diagnostic> {
    let lines = match map.get(key) {
        Some(Value::String(text)) => text.lines().map(str::to_string).collect(),
        _ => r.strings(map, key)?,
    };
    Ok(lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect())
}

/// The redirects plugin's `redirect_maps: {old.md: new.md}`.
fn redirects(options: &Mapping) -> Vec<(String, String)> {
    let Some(Value::Mapping(maps)) = options.get("redirect_maps") else {
        return Vec::new();
    };
    (maps.iter())
        .filter_map(|(old, new)| Some((scalar(Some(old)).ok()??, scalar(Some(new)).ok()??)))
        .collect()
}

/// include-markdown's settings: the defaults of its tags' arguments.
fn include_markdown(options: &Mapping) -> IncludeMarkdown {
    let d = IncludeMarkdown::default();
    let flag =
        |key: &str, default: bool| options.get(key).and_then(Value::as_bool).unwrap_or(default);
    let text = |key: &str| scalar(options.get(key)).ok().flatten();
    IncludeMarkdown {
        preserve_includer_indent: flag("preserve_includer_indent", d.preserve_includer_indent),
        dedent: flag("dedent", d.dedent),
        trailing_newlines: flag("trailing_newlines", d.trailing_newlines),
        comments: flag("comments", d.comments),
        rewrite_relative_urls: flag("rewrite_relative_urls", d.rewrite_relative_urls),
        heading_offset: (options.get("heading_offset").and_then(Value::as_i64)).unwrap_or(0),
        recursive: flag("recursive", d.recursive),
        start: text("start"),
        end: text("end"),
    }
}

/// The exclude plugin's `glob:` (and `regex:` is not read).
fn globs(options: &Mapping) -> Vec<String> {
    match options.get("glob") {
        Some(Value::Sequence(items)) => (items.iter())
            .filter_map(|v| scalar(Some(v)).ok().flatten())
            .collect(),
        v => scalar(v).ok().flatten().into_iter().collect(),
    }
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

impl PageRules {
    /// Whether the page at `path` (under the docs folder) is left out of the site.
    pub(crate) fn excludes(&self, path: &str) -> bool {
        matches(&self.exclude, path)
    }

    /// Whether the page at `path` is a draft (not built, as `mkdocs build` leaves it out).
    pub(crate) fn is_draft(&self, path: &str) -> bool {
        matches(&self.drafts, path)
    }

    /// The old addresses that `redirect_maps` sends to the page at `path`, as aliases:
    /// `old.md` is `old/` with folder URLs, else `old.html`.
    pub(crate) fn aliases_of(&self, path: &str, pretty_urls: bool) -> Vec<String> {
        (self.redirects.iter())
            .filter(|(_, new)| new.split('#').next() == Some(path))
            .filter_map(|(old, _)| {
                let stem = old.trim_start_matches('/').trim_end_matches(".md");
                let stem = stem.strip_suffix("index").unwrap_or(stem);
                // The home page cannot redirect.
                Some(match (pretty_urls, stem.ends_with('/')) {
                    _ if stem.is_empty() => return None,
                    (_, true) => format!("/{stem}"),
                    (true, false) => format!("/{stem}/"),
                    (false, false) => format!("/{stem}.html"),
                })
            })
            .collect()
    }

    /// Whether the page at `path` is meant to be outside the nav (for MkDocs' nav rules, which
    /// the site model applies; nothing reads it yet).
    #[allow(dead_code)]
    pub(crate) fn is_not_in_nav(&self, path: &str) -> bool {
        matches(&self.not_in_nav, path)
    }
}

/// gitignore's rules, as MkDocs applies them: the last pattern that matches decides (`!`
/// includes again); a pattern with a `/` inside is from the docs folder, one without matches
/// a name at any depth; a trailing `/` matches a folder (so everything under it).
fn matches(patterns: &[String], path: &str) -> bool {
    let mut hit = false;
    for p in patterns {
        let (negated, p) = match p.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, p.as_str()),
        };
        let folder = p.ends_with('/');
        let p = p.trim_end_matches('/');
        let anchored = p.contains('/');
        let p = p.trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        // The path itself, or (for a folder pattern, or any pattern naming a folder) a folder
        // it is in.
        let found = (1..=parts.len()).any(|n| {
            let is_folder = n < parts.len();
            if folder && !is_folder {
                return false;
            }
            let prefix = parts[..n].join("/");
            if anchored {
                glob(p, &prefix)
            } else {
                glob(p, parts[n - 1])
            }
        });
        if found {
            hit = !negated;
        }
    }
    hit
}

/// `*` (not across `/`), `**` (across), `?`, and the rest as written.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => {
                let rest = p[2..].strip_prefix(&['/']).unwrap_or(&p[2..]);
                (0..=t.len()).any(|i| go(rest, &t[i..]))
            }
            Some('*') => (0..=t.len())
                .take_while(|&i| i == 0 || t[i - 1] != '/')
                .any(|i| go(&p[1..], &t[i..])),
            Some('?') => t.first().is_some_and(|&c| c != '/') && go(&p[1..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    go(&p, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_gitignore_does() {
        let p = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(matches(&p(&["drafts/"]), "drafts/a.md"));
        assert!(matches(&p(&["drafts/"]), "blog/drafts/a.md"));
        assert!(!matches(&p(&["drafts/"]), "drafts.md"));
        assert!(matches(&p(&["*.tmp.md"]), "a/b/x.tmp.md"));
        assert!(matches(&p(&["/private/**"]), "private/a/b.md"));
        assert!(!matches(&p(&["/private/**"]), "public/private/b.md"));
        assert!(!matches(&p(&["*.md", "!keep.md"]), "keep.md"));
        assert!(matches(&p(&["guide/*.md"]), "guide/x.md"));
        assert!(!matches(&p(&["guide/*.md"]), "guide/sub/x.md"));
    }
}
