//! Tera set-up: the embedded default theme, overridden file by file by the
//! site's templates/ folder.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::{Context, Tera, Value};

use crate::diagnostic::Diagnostic;
use crate::layout::TEMPLATES_DIR;

/// The default theme, compiled into the binary so that a folder holding only content/ builds.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("theme/base.html")),
    ("page.html", include_str!("theme/page.html")),
    ("post.html", include_str!("theme/post.html")),
    ("index.html", include_str!("theme/index.html")),
    ("blog.html", include_str!("theme/blog.html")),
    ("tags.html", include_str!("theme/tags.html")),
    ("tag.html", include_str!("theme/tag.html")),
    ("authors.html", include_str!("theme/authors.html")),
    ("404.html", include_str!("theme/404.html")),
];

pub(crate) const THEME_CSS: &str = include_str!("theme/quire.css");

pub struct Templates {
    tera: Tera,
    /// Whether any template refers to `chapters` (the whole chapter list).
    uses_chapter_list: bool,
    /// Where each template came from, for messages.
    origins: HashMap<String, PathBuf>,
    /// Each template's text, to find the line a render error comes from (Tera does not say).
    sources: BTreeMap<String, String>,
}

impl Templates {
    /// Loads the built-in theme and the site's overrides; every broken template is reported.
    pub fn load(site_dir: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut origins: HashMap<String, PathBuf> = BUILTIN
            .iter()
            .map(|(n, _)| {
                (
                    n.to_string(),
                    PathBuf::from(format!("(built-in theme) {n}")),
                )
            })
            .collect();
        let mut sources: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut errors = Vec::new();
        let dir = site_dir.join(TEMPLATES_DIR);
        // A templates/ that is a link is not followed, nor are links in it (the build notes
        // them once, see `Inventory::skipped_links`).
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                let name = path.strip_prefix(&dir).unwrap_or(path);
                let name = name.to_string_lossy().replace('\\', "/");
                let ignored =
                    crate::content::paths::is_ignored_name(&entry.file_name().to_string_lossy());
                let kind = entry.file_type();
                let rel = Path::new(TEMPLATES_DIR).join(path.strip_prefix(&dir).unwrap_or(path));
                if crate::files::is_special(kind) && !ignored && is_template_file(path) {
                    errors.push(
                        Diagnostic::error(
                            "template",
                            rel,
                            format!(
                                "this is {}, not a regular file: quire reads only regular files",
                                crate::files::kind_name(kind)
                            ),
                        )
                        .hint("remove it, or put a regular file in its place"),
                    );
                    continue;
                }
                if !kind.is_file() || ignored || !is_template_file(path) {
                    continue;
                }
                match crate::files::read_regular_to_string(path, crate::files::Links::Refuse) {
                    Ok(text) => {
                        sources.insert(name.clone(), text);
                        origins.insert(name, rel);
                    }
                    Err(e) => errors.push(Diagnostic::error(
                        "template",
                        rel,
                        format!("cannot read the template: {e}"),
                    )),
                }
            }
        }

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape_html);
        register_functions(&mut tera);
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            // Find each broken template on its own, so that all of them are named.
            for (name, text) in &sources {
                let mut alone = Tera::default();
                register_functions(&mut alone);
                let others = sources.iter().filter(|(n, _)| *n != name);
                let _ = alone.add_raw_templates(others.map(|(n, t)| (n.as_str(), t.as_str())));
                if let Err(e) = alone.add_raw_template(name, text) {
                    errors.push(template_error(&origins, &sources, name, &e));
                }
            }
            if errors.is_empty() {
                errors.push(Diagnostic::error("template", TEMPLATES_DIR, chain(&e)));
            }
        }
        if errors.is_empty() {
            errors.extend(check_recursion(&sources, &origins));
        }
        if errors.is_empty() {
            let uses_chapter_list = sources.values().any(|t| mentions_variable(t, "chapters"));
            Ok(Templates {
                tera,
                origins,
                sources,
                uses_chapter_list,
            })
        } else {
            Err(errors)
        }
    }

    pub fn uses_chapter_list(&self) -> bool {
        self.uses_chapter_list
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&self.origins, &self.sources, name, &e))
    }
}

/// How deep templates may include and extend one another: far beyond any real theme, well
/// before the stack runs out.
const MAX_TEMPLATE_DEPTH: usize = 32;

/// The templates a source includes or extends, each with the line that names it.
fn template_refs(source: &str) -> Vec<(String, usize)> {
    let mut refs = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(open) = rest.find("{%") {
        let after = &rest[open + 2..];
        let end = after.find("%}").unwrap_or(after.len());
        let tag = after[..end].trim_start_matches('-').trim_start();
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if keyword == "include" || keyword == "extends" {
            let line = source[..offset + open].matches('\n').count() + 1;
            let mut names = &tag[keyword.len()..];
            while let Some(q) = names.find(['"', '\'']) {
                let quote = &names[q..q + 1];
                let Some(close) = names[q + 1..].find(quote) else {
                    break;
                };
                refs.push((names[q + 1..q + 1 + close].to_string(), line));
                names = &names[q + 2 + close..];
            }
        }
        let consumed = open + 2 + end.min(after.len());
        offset += consumed;
        rest = &rest[consumed..];
    }
    refs
}

/// Templates that include or extend themselves, through one another or too deeply: Tera would
/// recurse until the stack overflows. One error per loop, naming every template in it.
fn check_recursion(
    sources: &BTreeMap<String, String>,
    origins: &HashMap<String, PathBuf>,
) -> Vec<Diagnostic> {
    let graph: BTreeMap<&str, Vec<(String, usize)>> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), template_refs(t)))
        .filter(|(_, refs)| !refs.is_empty())
        .collect();
    let mut errors = Vec::new();
    let mut reported: Vec<Vec<String>> = Vec::new();
    // Templates whose every chain has been followed: never walked again, so a theme of many
    // shared includes costs one walk, not one per path.
    let mut finished: std::collections::HashSet<String> = std::collections::HashSet::new();
    for start in graph.keys() {
        if finished.contains(*start) {
            continue;
        }
        // Depth-first along the chain from `start`, keeping the path for the message.
        let mut path: Vec<(String, usize)> = vec![(start.to_string(), 0)];
        let mut stack: Vec<std::slice::Iter<(String, usize)>> = vec![graph[start].iter()];
        while let Some(top) = stack.last_mut() {
            let Some((next, line)) = top.next() else {
                stack.pop();
                if let Some((done, _)) = path.pop() {
                    finished.insert(done);
                }
                continue;
            };
            let looped = path.iter().position(|(n, _)| n == next);
            if looped.is_some() || path.len() >= MAX_TEMPLATE_DEPTH {
                let from = looped.unwrap_or(0);
                let mut names: Vec<String> = path[from..].iter().map(|(n, _)| n.clone()).collect();
                let mut key = names.clone();
                key.sort();
                if reported.contains(&key) {
                    continue;
                }
                reported.push(key);
                names.push(next.clone());
                let (culprit, _) = &path[path.len() - 1];
                let what = if looped.is_some() {
                    "include or extend one another in a loop"
                } else {
                    "include or extend one another too deeply"
                };
                errors.push(
                    Diagnostic::error(
                        "template",
                        origins
                            .get(culprit)
                            .cloned()
                            .unwrap_or_else(|| PathBuf::from(culprit)),
                        format!("these templates {what}: {}", names.join(" → ")),
                    )
                    .at_line(*line)
                    .hint(format!(
                        "a template may not include itself, even through others; at most {MAX_TEMPLATE_DEPTH} levels"
                    )),
                );
                continue;
            }
            if let Some(refs) = graph
                .get(next.as_str())
                .filter(|_| !finished.contains(next))
            {
                path.push((next.clone(), *line));
                stack.push(refs.iter());
            }
        }
    }
    errors
}

/// Whether a Tera source uses `name` as a variable inside a `{{ }}` or `{% %}` tag.
fn mentions_variable(source: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut rest = source;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        let tag = &after[1..end];
        let found = tag.match_indices(name).any(|(i, _)| {
            let before = tag[..i].chars().next_back().is_none_or(|c| !ident(c));
            let after_ok = tag[i + name.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            before && after_ok
        });
        if found {
            return true;
        }
        rest = &after[end.min(after.len())..];
    }
    false
}

/// Escapes what HTML needs escaped; unlike Tera's default it leaves `/` alone, so URLs stay readable.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    crate::markdown::highlight::escape(&mut out, text, true);
    out
}

fn is_template_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm" | "xml" | "txt" | "tera" | "j2")
    )
}

/// A chapter's pages as the built-in sidebar lists them (`chapter.pages_html`): the lines
/// `<li><a href="{{ p.url }}">{{ p.sidebartitle }}</a></li>` of a Tera loop, escaped as
/// Tera escapes them.
pub(crate) fn sidebar_pages<'a>(pages: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut html = String::new();
    for (url, title) in pages {
        html.push_str(SIDEBAR_ITEM);
        crate::markdown::highlight::escape(&mut html, url, true);
        html.push_str("\">");
        crate::markdown::highlight::escape(&mut html, title, true);
        html.push_str("</a></li>\n");
    }
    html
}

const SIDEBAR_ITEM: &str = "<li><a href=\"";

/// `chapter.pages_html | current_page(url=page.url)`: the item of the page at `url` marked
/// as the current one, as the sidebar loop's `{% if p.url == page.url %}` marked it. Escaped
/// as the list is, an address matches only a whole `href`, and only at an item's start
/// (escaped titles hold no `<`).
fn current_page(html: &str, url: &str) -> String {
    let mut item = String::from(SIDEBAR_ITEM);
    crate::markdown::highlight::escape(&mut item, url, true);
    item.push_str("\">");
    let marked = item.replacen("<li", "<li class=\"current\" aria-current=\"page\"", 1);
    html.replace(&item, &marked)
}

/// `url_for(path="x.html")` is the site link `/x.html`, for templates' own links; the last
/// pass over the page places it under the base path or relative to the page, like every link.
fn register_functions(tera: &mut Tera) {
    tera.register_function(
        "url_for",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
                tera::Error::msg("url_for needs a `path` argument, e.g. url_for(path=\"/x.html\")")
            })?;
            Ok(Value::String(crate::url::from_root(path)))
        },
    );
    tera.register_filter(
        "current_page",
        |value: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let html = value.as_str().ok_or_else(|| {
                tera::Error::msg("current_page filters `chapter.pages_html`, a string")
            })?;
            Ok(match args.get("url").and_then(Value::as_str) {
                Some(url) => Value::String(current_page(html, url)),
                None => value.clone(),
            })
        },
    );
}

/// A Tera error at its place in the template it is really in. A parse error keeps Tera's
/// diagram of the line, as its own lines; a render error, for which Tera names the variable,
/// filter or function but not the line, is placed where the template first writes that name.
fn template_error(
    origins: &HashMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
    name: &str,
    e: &tera::Error,
) -> Diagnostic {
    let text = chain(e);
    // The template a render error is really in may be a parent or include; Tera names it in the message.
    let culprit = origins
        .keys()
        .filter(|n| text.contains(&format!("'{n}'")))
        .max_by_key(|n| text.rfind(&format!("'{n}'")))
        .cloned()
        .unwrap_or_else(|| name.to_string());
    let file = origins
        .get(&culprit)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(TEMPLATES_DIR).join(&culprit));
    let hint = "fix the template; Tera's syntax is described at https://keats.github.io/tera/docs/";
    let parts = parts(e);
    // A parse error: "Failed to parse 'x'" and a cause that is pest's diagram.
    if let Some(diagram) = parts.iter().find(|p| p.trim_start().starts_with("--> ")) {
        let mut d = Diagnostic::error("template", file, parts[0].trim().to_string())
            .with_detail(
                diagram
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect(),
            )
            .hint(hint);
        if let Some((line, col)) = pest_position(diagram) {
            d = d.at(line, col);
        }
        return d;
    }
    // A render error: the innermost cause says what went wrong; "Failed to render 'x'" and
    // "while rendering 'x'" only repeat the file named in front of the message.
    let message = parts
        .iter()
        .map(|p| one_line(p))
        .filter(|p| !(p.starts_with("Failed to render '") && p.ends_with('\'')))
        .map(|p| match p.find(" while rendering '") {
            Some(i) if p.ends_with('\'') => p[..i].to_string(),
            _ => p,
        })
        .collect::<Vec<_>>()
        .join(": ");
    let message = if message.is_empty() { text } else { message };
    let mut d = Diagnostic::error("template", file, &message).hint(hint);
    let named = message.split('`').nth(1).filter(|n| !n.is_empty());
    if let (Some(named), Some(source)) = (named, sources.get(&culprit)) {
        if let Some(offset) = find_in_tags(source, named) {
            let (line, col) = crate::diagnostic::line_col(source, offset);
            d = d.at(line, col);
        }
    }
    d
}

/// The error and its causes, each as Tera wrote it.
fn parts(e: &tera::Error) -> Vec<String> {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts
}

fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn chain(e: &tera::Error) -> String {
    parts(e)
        .iter()
        .map(|p| one_line(p))
        .collect::<Vec<_>>()
        .join(": ")
}

/// Where a template first writes `name` (a variable, filter or function) inside a `{{ }}` or
/// `{% %}` tag, as a byte offset.
fn find_in_tags(source: &str, name: &str) -> Option<usize> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(open) = source[from..].find('{').map(|i| from + i) {
        let close = match source[open + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let end = source[start..]
            .find(close)
            .map_or(source.len(), |i| start + i);
        let tag = &source[start..end];
        for (i, _) in tag.match_indices(name) {
            let before = tag[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !ident(c) && c != '.');
            let after = tag[i + name.len()..]
                .chars()
                .next()
                .is_none_or(|c| !ident(c));
            if before && after {
                return Some(start + i);
            }
        }
        from = end;
    }
    None
}

/// Tera's parse errors carry the position as ` --> line:col`.
fn pest_position(text: &str) -> Option<(usize, usize)> {
    let at = text.find("--> ")?;
    let rest = &text[at + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sidebar_list_marks_only_the_page_at_that_exact_address() {
        let pages = [
            ("a.html", "A & <b>"),
            ("a.html?x", "A again"),
            ("b.html", "<li><a href=\"a.html\">"),
        ];
        let html = sidebar_pages(pages.into_iter());
        assert_eq!(
            html,
            "<li><a href=\"a.html\">A &amp; &lt;b&gt;</a></li>\n\
             <li><a href=\"a.html?x\">A again</a></li>\n\
             <li><a href=\"b.html\">&lt;li&gt;&lt;a href=&quot;a.html&quot;&gt;</a></li>\n"
        );
        let marked = current_page(&html, "a.html");
        assert_eq!(marked.matches("aria-current").count(), 1);
        assert!(
            marked.starts_with("<li class=\"current\" aria-current=\"page\"><a href=\"a.html\">")
        );
        assert_eq!(current_page(&html, "c.html"), html);
    }

    #[test]
    fn variable_mentions() {
        assert!(mentions_variable("{% for c in chapters %}", "chapters"));
        assert!(mentions_variable("{{ chapters | length }}", "chapters"));
        assert!(!mentions_variable(
            "<p>All chapters</p>{{ site.chapters_script }}",
            "chapters"
        ));
        assert!(!mentions_variable("{{ page.chapters }}", "chapters"));
    }

    #[test]
    fn names_are_found_in_tags_only() {
        let src = "<p>page.titel</p>\n{% if x %}\n  {{ page.titel | upper }}\n{% endif %}";
        let at = find_in_tags(src, "page.titel").unwrap();
        assert_eq!(crate::diagnostic::line_col(src, at), (3, 6));
        assert_eq!(find_in_tags(src, "titel"), None);
        assert_eq!(
            find_in_tags(src, "upper").map(|o| &src[o..o + 5]),
            Some("upper")
        );
    }

    #[test]
    fn pest_positions() {
        assert_eq!(pest_position("Failed: --> 3:14 | x"), Some((3, 14)));
        assert_eq!(pest_position("nothing"), None);
    }
}
