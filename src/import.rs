//! `quire import pelican`: a Pelican site's settings (pelicanconf.py) as a site.yaml.
//!
//! The settings file is Python. It is read, never run: top-level `NAME = literal` assignments
//! (strings, numbers, booleans, None, tuples, lists and dicts) are parsed, and anything else (an
//! expression, a function, an `if`) is reported as not understood. A full Python parser
//! (rustpython-parser) would be a large dependency for the literal subset settings use.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{Config, CONFIG_FILE};

/// A Python literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Py {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    /// A list or a tuple.
    List(Vec<Py>),
    Dict(Vec<(Py, Py)>),
}

/// One top-level statement of a settings file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Statement {
    /// `NAME = literal`.
    Setting {
        name: String,
        value: Py,
        line: usize,
    },
    /// `NAME = something that is not a literal`.
    Computed { name: String, line: usize },
    /// Any other statement (imports aside), by its first line.
    Other { text: String, line: usize },
    /// `from pelicanconf import *` (or `from .pelicanconf import *`): the settings of the file
    /// `pelicanconf.py` beside this one, as if written here.
    StarImport { module: String, line: usize },
}

/// What an import made: the site.yaml text and a line for each setting it did not map.
#[derive(Debug)]
pub(crate) struct Imported {
    pub yaml: String,
    pub unmapped: Vec<String>,
}

/// The settings file of a Pelican site: `pelicanconf.py`, else `settings.py`; or the file given.
pub(crate) fn settings_file(path: &Path) -> Result<(PathBuf, PathBuf), String> {
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

/// `quire import pelican [SITE|FILE] [--force]`: writes SITE/site.yaml; returns where, and the
/// settings it did not map.
pub(crate) fn pelican(path: &Path, force: bool) -> Result<(PathBuf, Imported), String> {
    let (site, file) = settings_file(path)?;
    let target = site.join(CONFIG_FILE);
    // A link counts as there, even one leading nowhere: it is the link that --force replaces.
    if let (Ok(m), false) = (std::fs::symlink_metadata(&target), force) {
        let what = match std::fs::read_link(&target) {
            Ok(to) if m.is_symlink() => format!(
                " (a symbolic link to {}; --force replaces the link, not the file it leads to)",
                to.display()
            ),
            _ => String::new(),
        };
        return Err(format!(
            "{} exists already{what}; run again with --force to replace it",
            target.display()
        ));
    }
    let statements = read_settings(&file)?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let imported = to_site_yaml_of(&statements, &name);
    // What is written must load: the same check a build makes.
    Config::parse(&imported.yaml).map_err(|d| {
        format!(
            "the site.yaml made from {name} does not load ({}); please report this",
            d.message
        )
    })?;
    replace_file(&target, imported.yaml.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    Ok((target, imported))
}

/// Writes a file whole into a new file beside it, then renames that over the path: a link
/// there is replaced, never written through (a site from elsewhere may hold a `site.yaml`
/// that leads to `~/.bashrc`), and a failed write leaves the old file as it was.
/// By hand rather than with `tempfile`, whose files are private (0600): this one is made as
/// any file the user saves, by their umask.
fn replace_file(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut n = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        // `create_new` never opens what is there, a link included.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Maps settings, each with the file it is in (`main` is the one imported, which may import
/// others), onto site.yaml keys, each commented with where it came from.
pub(crate) fn to_site_yaml_of(statements: &[(String, Statement)], main: &str) -> Imported {
    // In the order they are read: an imported file's settings come before the importer's.
    let mut files: Vec<&str> = Vec::new();
    for f in statements.iter().map(|(f, _)| f.as_str()).chain([main]) {
        if !files.contains(&f) {
            files.push(f);
        }
    }
    let mut unmapped = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut extra: Vec<(String, serde_yaml::Value, String)> = Vec::new();
    let mut recent: Option<(i64, &str)> = None;
    // Pelican's summaries are the first 50 words unless SUMMARY_MAX_LENGTH says otherwise.
    let mut summary = Some("50  # Pelican's default SUMMARY_MAX_LENGTH".to_string());
    let mut slugs = ("title", "Pelican's default SLUGIFY_SOURCE");
    // Pelican's URL settings, by kind: (pattern, setting, line); SAVE_AS wins over URL.
    let mut permalinks: Vec<(&str, String, &str, &str, usize)> = Vec::new();
    for (file, s) in statements {
        let (name, value, line) = match s {
            Statement::Setting { name, value, line } => (name.as_str(), value, *line),
            Statement::Computed { name, line } => {
                unmapped.push(format!(
                    "{file}:{line}: {name} is computed, not a literal; set it in site.yaml by hand"
                ));
                continue;
            }
            Statement::Other { text, line } => {
                unmapped.push(format!(
                    "{file}:{line}: `{text}` is code, not a setting; skipped"
                ));
                continue;
            }
            Statement::StarImport { .. } => continue,
        };
        let text = match value {
            Py::Str(s) => Some(s.as_str()),
            _ => None,
        };
        // Where a setting came from, with its file when there are several.
        let from = if files.len() > 1 {
            format!("{name} ({file})")
        } else {
            name.to_string()
        };
        let mut key = |k: &str, v: String| keys.push((k.to_string(), format!("{v}  # {from}")));
        match (name, value) {
            ("SITENAME", Py::Str(s)) => key("title", yaml_scalar(s)),
            ("AUTHOR", Py::Str(s)) => key("author", yaml_scalar(s)),
            ("SITEURL", Py::Str(s)) if s.is_empty() => unmapped.push(format!(
                "{file}:{line}: SITEURL is empty (Pelican's development setting); set base_url to the published address for a sitemap and feed"
            )),
            ("SITEURL", Py::Str(s)) => {
                let url = if s.ends_with('/') { s.clone() } else { format!("{s}/") };
                key("base_url", yaml_scalar(&url))
            }
            ("RELATIVE_URLS", Py::Bool(b)) => key("relative_urls", b.to_string()),
            ("SUMMARY_MAX_LENGTH", Py::Int(n)) if *n > 0 => {
                summary = Some(format!("{n}  # {from}"))
            }
            ("SUMMARY_MAX_LENGTH", Py::None) => summary = None,
            ("DEFAULT_LANG", Py::Str(s)) if crate::config::is_language_tag(s) => {
                key("lang", yaml_scalar(s))
            }
            ("FEED_MAX_ITEMS", Py::Int(n)) if *n > 0 => recent = Some((*n, "FEED_MAX_ITEMS")),
            ("DEFAULT_PAGINATION", Py::Int(n)) if *n > 0 => {
                if recent.is_none() {
                    recent = Some((*n, "DEFAULT_PAGINATION"));
                }
            }
            ("LINKS" | "SOCIAL" | "MENUITEMS", Py::List(_)) => {
                extra.push((name.to_lowercase(), to_yaml(value), name.to_string()))
            }
            ("GITHUB_URL" | "TWITTER_USERNAME" | "DISQUS_SITENAME" | "GOOGLE_ANALYTICS", _)
                if text.is_some() =>
            {
                extra.push((name.to_lowercase(), to_yaml(value), name.to_string()))
            }
            (
                "ARTICLE_SAVE_AS" | "ARTICLE_URL" | "PAGE_SAVE_AS" | "PAGE_URL"
                | "ARTICLE_LANG_SAVE_AS" | "ARTICLE_LANG_URL" | "PAGE_LANG_SAVE_AS"
                | "PAGE_LANG_URL",
                Py::Str(p),
            ) => {
                let kind = match (name.starts_with("ARTICLE"), name.contains("_LANG_")) {
                    (true, false) => "posts",
                    (true, true) => "posts_lang",
                    (false, false) => "pages",
                    (false, true) => "pages_lang",
                };
                permalinks.push((kind, p.clone(), name, file, line));
            }
            ("SLUGIFY_SOURCE", Py::Str(s)) if s == "title" || s == "basename" => {
                slugs = (if s == "title" { "title" } else { "file" }, "SLUGIFY_SOURCE");
            }
            // quire's own layout and defaults already are Pelican's.
            ("PATH", Py::Str(s)) if s == "content" => {}
            ("PAGE_PATHS", Py::List(_)) | ("ARTICLE_PATHS", Py::List(_)) => {}
            ("STATIC_PATHS", _) => {}
            _ => unmapped.push(format!("{file}:{line}: {name} {}", why_unmapped(name))),
        }
    }
    if let Some((n, from)) = recent {
        keys.push(("recent_posts".into(), format!("{n}  # {from}")));
    }
    if let Some(s) = summary {
        keys.push(("summary_words".into(), s));
    }
    let mut chosen: Vec<(&str, String, &str)> = Vec::new();
    let mut defaults: Vec<&str> = Vec::new();
    for kind in ["pages", "posts", "pages_lang", "posts_lang"] {
        let mut of_kind: Vec<_> = permalinks.iter().filter(|p| p.0 == kind).collect();
        // SAVE_AS names the file; URL only the address, the same file unless it is a folder.
        of_kind.sort_by_key(|p| !p.2.ends_with("SAVE_AS"));
        let mut taken = false;
        for (_, pattern, from, file, line) in of_kind {
            let why = crate::content::paths::check_permalink(pattern, kind.starts_with("posts"));
            match why {
                Ok(()) if !taken => {
                    chosen.push((kind, pattern.clone(), from));
                    taken = true;
                }
                Ok(()) => unmapped.push(format!(
                    "{file}:{line}: {from} is implied: quire links to the file the SAVE_AS setting names"
                )),
                Err(why) => unmapped.push(format!("{file}:{line}: {from} is not mapped: {why}")),
            }
        }
    }
    // Where Pelican writes what its settings do not place (its DEFAULT_CONFIG).
    for (kind, pattern, setting) in [
        ("pages", "pages/{slug}.html", "PAGE_SAVE_AS"),
        ("posts", "{slug}.html", "ARTICLE_SAVE_AS"),
        (
            "pages_lang",
            "pages/{slug}-{lang}.html",
            "PAGE_LANG_SAVE_AS",
        ),
        ("posts_lang", "{slug}-{lang}.html", "ARTICLE_LANG_SAVE_AS"),
    ] {
        if !chosen.iter().any(|c| c.0 == kind) {
            chosen.push((kind, pattern.to_string(), setting));
            defaults.push(kind);
        }
    }
    // In the order Python reads them: `file:LINE: …`.
    let read_order = |u: &String| {
        let mut parts = u.split(':');
        let file = parts.next().unwrap_or("");
        let line = parts.next().and_then(|n| n.parse::<usize>().ok());
        (statements.iter()).position(|(f, s)| f == file && Some(statement_line(s)) == line)
    };
    unmapped.sort_by_key(read_order);
    let file = match &files[..] {
        [] | [_] => main.to_string(),
        _ => {
            let others: Vec<&str> = files.iter().copied().filter(|f| *f != main).collect();
            format!("{main} (with {})", others.join(", "))
        }
    };
    // In the order the README lists them, whatever the order of the settings.
    let order = [
        "title",
        "base_url",
        "author",
        "lang",
        "relative_urls",
        "recent_posts",
        "summary_words",
    ];
    keys.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
    let mut yaml = format!(
        "# site.yaml, made by `quire import pelican` from {file}.\n\
         # Each key says which Pelican setting it came from; see the README for every key.\n"
    );
    for (k, v) in &keys {
        let _ = writeln!(yaml, "{k}: {v}");
    }
    if !chosen.is_empty() {
        yaml.push_str("permalinks:  # where pages and posts are written\n");
        let _ = writeln!(yaml, "  slugs: {}  # {}", slugs.0, slugs.1);
        for (kind, pattern, from) in &chosen {
            let from = match defaults.contains(kind) {
                true => format!("Pelican's default {from}"),
                false => from.to_string(),
            };
            let _ = writeln!(yaml, "  {kind}: {}  # {from}", yaml_scalar(pattern));
        }
    }
    if !extra.is_empty() {
        yaml.push_str("extra:  # for your templates, as site.extra.NAME\n");
        for (k, v, from) in &extra {
            let body = serde_yaml::to_string(v).unwrap_or_default();
            let body = body.trim_end();
            if body.contains('\n') {
                let _ = writeln!(yaml, "  {k}:  # {from}");
                for l in body.lines() {
                    let _ = writeln!(yaml, "    {l}");
                }
            } else {
                let _ = writeln!(yaml, "  {k}: {body}  # {from}");
            }
        }
    }
    Imported { yaml, unmapped }
}

/// Why a Pelican setting has no site.yaml key.
fn why_unmapped(name: &str) -> &'static str {
    match name {
        "THEME" | "THEME_STATIC_DIR" => {
            "is not mapped: quire has its own theme; put template overrides in templates/"
        }
        "PLUGINS" | "PLUGIN_PATHS" => "is not mapped: quire has no plugins",
        "TIMEZONE" => "is not mapped: quire writes dates as given, without a time zone",
        _ => "is not mapped: quire has no such setting",
    }
}

fn yaml_scalar(s: &str) -> String {
    serde_yaml::to_string(s)
        .map(|y| y.trim_end().to_string())
        .unwrap_or_default()
}

fn to_yaml(v: &Py) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match v {
        Py::Str(s) => Y::String(s.clone()),
        Py::Int(n) => Y::Number((*n).into()),
        Py::Float(f) => Y::Number((*f).into()),
        Py::Bool(b) => Y::Bool(*b),
        Py::None => Y::Null,
        Py::List(items) => Y::Sequence(items.iter().map(to_yaml).collect()),
        Py::Dict(pairs) => Y::Mapping(
            pairs
                .iter()
                .map(|(k, v)| (to_yaml(k), to_yaml(v)))
                .collect(),
        ),
    }
}

/// How deep brackets may nest in a literal quire reads. Python's own parser stops at 200; the
/// site.yaml written from it is read back by serde_yaml, which stops at 128; the reader and
/// the writer recurse once per level.
const MAX_NESTING: usize = 100;

/// The top-level statements of a settings file; a literal nested too deep to read is an
/// error at its line.
pub(crate) fn parse(text: &str) -> Result<Vec<Statement>, (usize, String)> {
    let mut out = Vec::new();
    for (line, stmt) in statements(text) {
        let trimmed = stmt.trim();
        if let Some(module) = star_import(trimmed).filter(|_| !stmt.starts_with([' ', '\t'])) {
            out.push(Statement::StarImport { module, line });
            continue;
        }
        if trimmed.is_empty()
            || stmt.starts_with([' ', '\t'])
            || trimmed.starts_with("import ")
            || trimmed.starts_with("from ")
        {
            continue;
        }
        let mut p = Lexer::new(trimmed);
        let assignment = p.name().filter(|_| p.eat('=') && !p.peek_is('='));
        match assignment {
            Some(name) => match p.value().filter(|_| p.at_end()) {
                Some(value) => out.push(Statement::Setting { name, value, line }),
                None if p.too_deep => {
                    return Err((
                        line,
                        format!("{name}'s value nests brackets more than {MAX_NESTING} deep, more than quire reads; write it flatter, or leave it out and set it in site.yaml by hand"),
                    ))
                }
                None => out.push(Statement::Computed { name, line }),
            },
            None => out.push(Statement::Other {
                text: trimmed
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(60)
                    .collect(),
                line,
            }),
        }
    }
    Ok(out)
}

fn statement_line(s: &Statement) -> usize {
    match s {
        Statement::Setting { line, .. }
        | Statement::Computed { line, .. }
        | Statement::Other { line, .. }
        | Statement::StarImport { line, .. } => *line,
    }
}

/// The module of `from NAME import *` or `from .NAME import *` (`a.b` for `from a.b import *`).
fn star_import(stmt: &str) -> Option<String> {
    let rest = stmt.strip_prefix("from ")?.trim_start();
    let (module, names) = rest.split_once(char::is_whitespace)?;
    let names = names.trim_start().strip_prefix("import")?;
    if names.trim() != "*" {
        return None;
    }
    let module = module.strip_prefix('.').unwrap_or(module);
    let valid = !module.is_empty()
        && (module.split('.'))
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'));
    valid.then(|| module.to_string())
}

/// A settings file's statements with its `from X import *` files read in their place (the
/// settings a later statement sets again are the later ones), each with the file it is in.
pub(crate) fn read_settings(file: &Path) -> Result<Vec<(String, Statement)>, String> {
    let mut out = Vec::new();
    let mut chain = Vec::new();
    read_into(file, &mut chain, &mut out)?;
    // Python's order: a setting assigned again replaces the earlier value.
    let name_of = |s: &Statement| match s {
        Statement::Setting { name, .. } | Statement::Computed { name, .. } => Some(name.clone()),
        _ => None,
    };
    let mut last: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
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

fn read_into(
    file: &Path,
    chain: &mut Vec<PathBuf>,
    out: &mut Vec<(String, Statement)>,
) -> Result<(), String> {
    // Not waiting forever on a FIFO named like a settings file.
    let text = crate::files::read_regular_to_string(file, crate::files::Links::Follow)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let label = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    chain.push(file.to_path_buf());
    let statements =
        parse(&text).map_err(|(line, message)| format!("{label}:{line}: {message}"))?;
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

/// Splits a file into logical lines (joined over brackets, triple quotes and `\`), comments
/// removed, each with its first line number.
fn statements(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start_line = 1;
    let mut line = 1;
    let mut depth: i32 = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' => {
                // Copy the string whole, triple-quoted or not.
                cur.push(c);
                let triple = chars.peek() == Some(&c) && {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.next() == Some(c)
                };
                if triple {
                    cur.push(chars.next().expect("peeked"));
                    cur.push(chars.next().expect("peeked"));
                }
                let mut run = 0;
                while let Some(d) = chars.next() {
                    cur.push(d);
                    if d == '\n' {
                        line += 1;
                        if !triple {
                            break;
                        }
                    }
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            cur.push(e);
                        }
                        run = 0;
                        continue;
                    }
                    if d == c {
                        run += 1;
                        if !triple || run == 3 {
                            break;
                        }
                    } else {
                        run = 0;
                    }
                }
            }
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
                line += 1;
                cur.push(' ');
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(c);
            }
            '\n' => {
                line += 1;
                if depth > 0 {
                    cur.push(' ');
                } else {
                    out.push((start_line, std::mem::take(&mut cur)));
                    start_line = line;
                }
            }
            ';' if depth == 0 => {
                out.push((start_line, std::mem::take(&mut cur)));
                // The next statement on the line is not indented code.
                while chars.peek().is_some_and(|&c| c == ' ' || c == '\t') {
                    chars.next();
                }
            }
            c => cur.push(c),
        }
    }
    out.push((start_line, cur));
    out
}

/// Reads one literal at a time from a logical line.
struct Lexer<'a> {
    s: &'a str,
    at: usize,
    /// Brackets open around the value being read.
    depth: usize,
    /// A value nested deeper than `MAX_NESTING` was met (and not read).
    too_deep: bool,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str) -> Self {
        Lexer {
            s,
            at: 0,
            depth: 0,
            too_deep: false,
        }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn skip_space(&mut self) {
        let r = self.rest();
        self.at += r.len() - r.trim_start().len();
    }

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.rest().is_empty()
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn peek_is(&mut self, c: char) -> bool {
        self.skip_space();
        self.rest().starts_with(c)
    }

    fn name(&mut self) -> Option<String> {
        self.skip_space();
        let r = self.rest();
        let len = r
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(r.len());
        if len == 0 || r.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.at += len;
        Some(r[..len].to_string())
    }

    /// One literal; brackets are read by recursion, bounded by `MAX_NESTING`.
    fn value(&mut self) -> Option<Py> {
        if self.depth >= MAX_NESTING {
            self.too_deep = true;
            return None;
        }
        self.depth += 1;
        let value = self.value_here();
        self.depth -= 1;
        value
    }

    fn value_here(&mut self) -> Option<Py> {
        self.skip_space();
        let r = self.rest();
        let first = r.chars().next()?;
        match first {
            '(' | '[' => {
                let close = if first == '(' { ')' } else { ']' };
                self.at += 1;
                let mut items = Vec::new();
                let mut tuple_comma = false;
                loop {
                    if self.eat(close) {
                        break;
                    }
                    items.push(self.value()?);
                    if self.eat(',') {
                        tuple_comma = true;
                        continue;
                    }
                    if !self.eat(close) {
                        return None;
                    }
                    break;
                }
                // `(x)` is x, not a tuple.
                if first == '(' && items.len() == 1 && !tuple_comma {
                    return items.pop();
                }
                Some(Py::List(items))
            }
            '{' => {
                self.at += 1;
                let mut pairs = Vec::new();
                loop {
                    if self.eat('}') {
                        break;
                    }
                    let k = self.value()?;
                    if !self.eat(':') {
                        return None;
                    }
                    pairs.push((k, self.value()?));
                    if !self.eat(',') {
                        if !self.eat('}') {
                            return None;
                        }
                        break;
                    }
                }
                Some(Py::Dict(pairs))
            }
            '-' | '+' | '0'..='9' | '.' => self.number(),
            _ => {
                if let Some(s) = self.strings() {
                    return Some(Py::Str(s));
                }
                match self.name()?.as_str() {
                    "True" => Some(Py::Bool(true)),
                    "False" => Some(Py::Bool(false)),
                    "None" => Some(Py::None),
                    _ => None,
                }
            }
        }
    }

    fn number(&mut self) -> Option<Py> {
        let r = self.rest();
        let len = r
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit()
                    || matches!(c, '.' | '_' | 'e' | 'E')
                    || (i == 0 && matches!(c, '-' | '+')))
            })
            .map_or(r.len(), |(i, _)| i);
        let text = r[..len].replace('_', "");
        self.at += len;
        match text.parse::<i64>() {
            Ok(n) => Some(Py::Int(n)),
            Err(_) => text.parse::<f64>().ok().map(Py::Float),
        }
    }

    /// One or more adjacent string literals, joined as Python joins them.
    fn strings(&mut self) -> Option<String> {
        let mut out: Option<String> = None;
        loop {
            self.skip_space();
            let save = self.at;
            match self.string() {
                Some(s) => out.get_or_insert_with(String::new).push_str(&s),
                None => {
                    self.at = save;
                    return out;
                }
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let r = self.rest();
        let prefix = r
            .find(['"', '\''])
            .filter(|&i| i <= 2 && r[..i].chars().all(|c| "rRuUbB".contains(c)))?;
        let raw = r[..prefix].contains(['r', 'R']);
        let body = &r[prefix..];
        let q = body.chars().next()?;
        let triple: String = std::iter::repeat_n(q, 3).collect();
        let (delim, start) = if body.starts_with(&triple) {
            (triple.as_str(), 3)
        } else {
            (&body[..1], 1)
        };
        let mut out = String::new();
        let mut chars = body[start..].char_indices();
        while let Some((i, c)) = chars.next() {
            if body[start + i..].starts_with(delim) {
                self.at += prefix + start + i + delim.len();
                return Some(out);
            }
            if c == '\\' && !raw {
                match chars.next()?.1 {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '\n' => {}
                    e => out.push(e),
                }
            } else {
                out.push(c);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(text: &str) -> Py {
        match &parse(text).unwrap()[..] {
            [Statement::Setting { value, .. }] => value.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn literals() {
        assert_eq!(setting("A = 'x'"), Py::Str("x".into()));
        assert_eq!(setting("A = u\"it's\""), Py::Str("it's".into()));
        assert_eq!(setting("A = 'a' \"b\"  # comment"), Py::Str("ab".into()));
        assert_eq!(setting("A = r'\\d'"), Py::Str("\\d".into()));
        assert_eq!(setting("A = '''one\ntwo'''"), Py::Str("one\ntwo".into()));
        assert_eq!(setting("A = -10"), Py::Int(-10));
        assert_eq!(setting("A = 1_000"), Py::Int(1000));
        assert_eq!(setting("A = 2.5"), Py::Float(2.5));
        assert_eq!(setting("A = True"), Py::Bool(true));
        assert_eq!(setting("A = None"), Py::None);
        assert_eq!(
            setting("A = (('a', 1),\n     ('b', 2),)"),
            Py::List(vec![
                Py::List(vec![Py::Str("a".into()), Py::Int(1)]),
                Py::List(vec![Py::Str("b".into()), Py::Int(2)]),
            ])
        );
        assert_eq!(setting("A = ('x')"), Py::Str("x".into()));
        assert_eq!(
            setting("A = {'k': [1, 2], \"j\": {}}"),
            Py::Dict(vec![
                (Py::Str("k".into()), Py::List(vec![Py::Int(1), Py::Int(2)])),
                (Py::Str("j".into()), Py::Dict(vec![])),
            ])
        );
    }

    #[test]
    fn code_is_never_run_but_named() {
        let s = parse(
            "import os\nfrom x import y\nA = os.path.join('a')\nif A:\n    B = 1\ndef f():\n    pass\nC = 'c'; D = 2\n",
        )
        .unwrap();
        assert_eq!(
            s,
            vec![
                Statement::Computed {
                    name: "A".into(),
                    line: 3
                },
                Statement::Other {
                    text: "if A:".into(),
                    line: 4
                },
                Statement::Other {
                    text: "def f():".into(),
                    line: 6
                },
                Statement::Setting {
                    name: "C".into(),
                    value: Py::Str("c".into()),
                    line: 8
                },
                Statement::Setting {
                    name: "D".into(),
                    value: Py::Int(2),
                    line: 8
                },
            ]
        );
    }
}
