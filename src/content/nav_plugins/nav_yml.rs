//! awesome-nav (mkdocs-awesome-nav 3.3, nav/*.py): MkDocs' pages arranged by each folder's
//! `.nav.yml`. A folder's `nav` lists, in order: `page.md` or `folder` (a folder: a section of
//! its own `.nav.yml`), `Title: page.md|folder|https://…`, `Title: [list]` (a section), a
//! glob (`"*.md"`, `"@(a|b).md"`, or `glob:` with its own `sort`, `ignore`, …) taking what
//! nothing else has. Pages and folders named outright are placed first, deeper folders
//! before shallower, globs last; each glob's matches sorted by `sort` (`by: path|filename|
//! title`, `direction`, `type: natural|alphabetical`, `sections: last|first|mixed`,
//! `ignore_case`). Without `nav`: the index, then the rest (`*`). `ignore`, `hide`,
//! `append_unmatched`, `flatten_single_child_sections`, `preserve_directory_names` and
//! `use_index_title` as the plugin reads them; unset keys inherit the parent folder's.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_yaml::Value;

use super::{join, line_of, name, Files, Tree};
use crate::config::nav::{NavEntry, NavTarget};
use crate::diagnostic::Diagnostic;

const FILE: &str = ".nav.yml";

pub(super) fn nav(tree: &Tree, files: &Files) -> super::Made<Vec<NavEntry>> {
    let mut unvisited = BTreeSet::new();
    for (folder, f) in &tree.folders {
        unvisited.extend(f.files.iter().cloned());
        if !folder.is_empty() {
            unvisited.insert(format!("{folder}/"));
        }
    }
    let mut awesome = AwesomeNav {
        tree,
        files,
        unvisited,
        warnings: Vec::new(),
    };
    let root = match awesome.settings("", &Settings::default()) {
        Ok(root) => root,
        Err(e) => return Err(vec![e]),
    };
    let made = awesome.section_items("", &root);
    match made {
        Ok(items) => Ok((
            items.into_iter().map(Out::entry).collect(),
            awesome.warnings,
        )),
        Err(e) => Err(vec![e]),
    }
}

/// A folder's settings once inherited: its own keys, else its parent's, else the defaults.
#[derive(Debug, Clone, Default)]
struct Settings {
    title: Option<String>,
    hide: bool,
    flatten: bool,
    preserve_names: bool,
    index_title: bool,
    append_unmatched: bool,
    sort: Sort,
    /// Patterns of paths globs never take, from the folder (`dir/**/p`, or `p` for `/p`).
    ignore: Vec<String>,
    nav: Option<Vec<Item>>,
    /// The folder, as the docs folder names it (`guide`; `""` the top): globs are from it.
    folder: String,
    /// The file messages name (`docs/guide/.nav.yml`).
    file: PathBuf,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Sort {
    by: Option<String>,
    descending: Option<bool>,
    alphabetical: Option<bool>,
    sections: Option<String>,
    ignore_case: Option<bool>,
}

/// An entry of `nav`, read, with its line.
#[derive(Debug, Clone)]
enum Item {
    Name(String, usize),
    Titled(String, String, usize),
    Section(String, Vec<Item>),
    Glob(Box<Glob>),
}

#[derive(Debug, Clone)]
struct Glob {
    pattern: String,
    /// The folder's settings with the glob's own `sort`, `ignore`, … over them.
    settings: Settings,
    ignore_no_matches: bool,
    line: usize,
}

/// An entry of the nav being made: a page, a folder's section, a link, a section.
#[derive(Debug)]
enum Out {
    Page(String, Option<String>),
    Section(String, String, Vec<Out>),
    Link(String, String),
}

impl Out {
    fn entry(self) -> NavEntry {
        let (title, target) = match self {
            Out::Page(path, title) => (title, NavTarget::Page(path)),
            Out::Section(_, title, inner) => (
                Some(title),
                NavTarget::Section(inner.into_iter().map(Out::entry).collect()),
            ),
            Out::Link(title, url) => (Some(title), NavTarget::Link(url)),
        };
        NavEntry {
            title,
            target,
            line: 0,
        }
    }
}

/// Before resolving: what an entry names, in the order the plugin resolves them
/// (`resolve_in_priority_order`): pages, then folders (deepest first), then globs.
enum Node {
    Page(String, Option<String>),
    Folder(String, Option<String>),
    Glob(Box<Glob>),
    Section(String, Vec<Node>),
    Link(String, String),
    Done(Vec<Out>),
}

struct AwesomeNav<'a> {
    tree: &'a Tree,
    files: &'a Files,
    /// Pages (`a/b.md`) and folders (`a/`) no entry has taken yet.
    unvisited: BTreeSet<String>,
    warnings: Vec<Diagnostic>,
}

impl AwesomeNav<'_> {
    /// A folder's settings: its `.nav.yml` over its parent's.
    fn settings(&self, folder: &str, parent: &Settings) -> Result<Settings, Diagnostic> {
        let (text, file) = self.files.read(&join(folder, FILE));
        let text = text.unwrap_or_default();
        let value: Value = serde_yaml::from_str(&text).map_err(|e| {
            let d = wrong(&file, format!("this is not YAML: {e}"));
            match e.location() {
                Some(at) => d.at_line(at.line()),
                None => d,
            }
        })?;
        let parent = Settings {
            file: file.clone(),
            ..parent.clone()
        };
        let mut s = read_settings(&value, &parent, folder, &text).map_err(|m| wrong(&file, m))?;
        s.title = value
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string);
        s.hide = value.get("hide").and_then(Value::as_bool).unwrap_or(false);
        Ok(s)
    }

    /// A folder's entries: its `nav` (or the index, then the rest), resolved.
    fn section_items(&mut self, folder: &str, s: &Settings) -> Result<Vec<Out>, Diagnostic> {
        let mut items = s.nav.clone().unwrap_or_else(|| {
            vec![
                default_glob("@(index.md|README.md)", s),
                default_glob("*", s),
            ]
        });
        if s.nav.is_some() && s.append_unmatched {
            items.push(default_glob("*", s));
        }
        let mut nodes = self.nodes(folder, &items, s);
        self.resolve(&mut nodes, s)?;
        Ok(flatten(nodes))
    }

    /// The entries as nodes: a name is a page, a folder, or else a glob.
    fn nodes(&mut self, folder: &str, items: &[Item], s: &Settings) -> Vec<Node> {
        let mut out = Vec::new();
        for item in items {
            let node = match item {
                Item::Name(n, line) => match self.named(folder, n, None) {
                    Some(node) => node,
                    None => Node::Glob(Box::new(Glob {
                        pattern: n.clone(),
                        settings: s.clone(),
                        ignore_no_matches: false,
                        line: *line,
                    })),
                },
                Item::Titled(title, value, line) => match self.named(folder, value, Some(title)) {
                    Some(node) => node,
                    None if value.contains("://") || value.starts_with("mailto:") => {
                        Node::Link(title.clone(), value.clone())
                    }
                    // A link to it, as MkDocs makes of a nav entry naming no file, with a word.
                    None => {
                        let what = format!("`{title}: {value}` names no page or folder here");
                        self.warn(s, *line, what);
                        Node::Link(title.clone(), value.clone())
                    }
                },
                Item::Section(title, inner) => {
                    Node::Section(title.clone(), self.nodes(folder, inner, s))
                }
                Item::Glob(glob) => Node::Glob(glob.clone()),
            };
            out.push(node);
        }
        out
    }

    /// The page or folder `value` names from `folder`, titled.
    fn named(&self, folder: &str, value: &str, title: Option<&String>) -> Option<Node> {
        let path = join(folder, value.trim_end_matches('/'));
        let title = title.cloned();
        if self.tree.has_page(&path) {
            return Some(Node::Page(path, title));
        }
        self.tree.folder(&path).map(|_| Node::Folder(path, title))
    }

    /// Each node resolved in the plugin's order: pages, folders (deepest first), globs.
    fn resolve(&mut self, nodes: &mut [Node], s: &Settings) -> Result<(), Diagnostic> {
        let mut order = Vec::new();
        queue(nodes, &mut Vec::new(), &mut order);
        order.sort_by_key(|(priority, _)| *priority);
        for (_, at) in order {
            let node = node_at(nodes, &at);
            let done = match std::mem::replace(node, Node::Done(Vec::new())) {
                Node::Page(path, title) => {
                    self.unvisited.remove(&path);
                    vec![Out::Page(path, title)]
                }
                Node::Folder(path, title) => self.folder(&path, title, s)?,
                Node::Glob(glob) => self.glob(&glob)?,
                other => {
                    *node = other;
                    continue;
                }
            };
            *node = Node::Done(done);
        }
        Ok(())
    }

    /// A folder as a section of its own entries; none if it has none, its one entry if
    /// `flatten_single_child_sections`.
    fn folder(
        &mut self,
        folder: &str,
        title: Option<String>,
        parent: &Settings,
    ) -> Result<Vec<Out>, Diagnostic> {
        self.unvisited.remove(&format!("{folder}/"));
        let s = self.settings(folder, parent)?;
        let title = title
            .or(s.title.clone())
            .unwrap_or_else(|| self.folder_title(folder, &s));
        let mut inner = self.section_items(folder, &s)?;
        Ok(match inner.len() {
            0 => Vec::new(),
            1 if s.flatten => vec![inner.remove(0)],
            _ => vec![Out::Section(folder.to_string(), title, inner)],
        })
    }

    /// `preserve_directory_names`: the name; `use_index_title`: index.md's front matter title;
    /// else MkDocs' title of a folder name.
    fn folder_title(&self, folder: &str, s: &Settings) -> String {
        if s.preserve_names {
            return name(folder).to_string();
        }
        let index = s
            .index_title
            .then(|| self.front_matter_title(&join(folder, "index.md")));
        (index.flatten()).unwrap_or_else(|| crate::content::mkdocs::section_title(name(folder)))
    }

    /// The pages and folders nothing has taken that a glob matches (but for its `ignore`),
    /// resolved, then sorted.
    fn glob(&mut self, glob: &Glob) -> Result<Vec<Out>, Diagnostic> {
        let patterns = alternatives(&join(&glob.settings.folder, &glob.pattern));
        let dirs_only = glob.pattern.ends_with('/');
        let matched: Vec<String> = (self.unvisited.iter())
            .filter(|p| !dirs_only || p.ends_with('/'))
            .filter(|p| {
                let bare = p.trim_end_matches('/');
                let m = |pat: &String| crate::config::mkdocs::glob(pat.trim_end_matches('/'), bare);
                patterns.iter().any(m) && !glob.settings.ignore.iter().any(|i| ignored(i, p))
            })
            .cloned()
            .collect();
        if matched.is_empty() && !glob.ignore_no_matches {
            let what = format!("`{}` in `nav` matches no page or folder", glob.pattern);
            self.warn(&glob.settings, glob.line, what);
        }
        let mut nodes = Vec::new();
        for path in matched {
            match path.strip_suffix('/') {
                Some(dir) => {
                    if !self.settings(dir, &glob.settings)?.hide {
                        nodes.push(Node::Folder(dir.to_string(), None));
                    }
                }
                None => nodes.push(Node::Page(path, None)),
            }
        }
        self.resolve(&mut nodes, &glob.settings)?;
        let mut items = flatten(nodes);
        self.sort(&mut items, &glob.settings.sort);
        Ok(items)
    }

    /// The glob's matches in the order `sort` asks (`_sort_items`).
    fn sort(&self, items: &mut [Out], sort: &Sort) {
        let by = sort.by.as_deref().unwrap_or("path");
        let natural = sort.alphabetical != Some(true);
        let fold = sort.ignore_case == Some(true);
        let mut keyed: Vec<(Vec<Vec<super::Piece>>, usize)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = match item {
                Out::Page(p, _) | Out::Section(p, _, _) => p.clone(),
                Out::Link(_, url) => url.clone(),
            };
            let texts = match by {
                "filename" => vec![name(&path).to_string(), path.clone()],
                "title" => vec![self.sort_title(item), name(&path).to_string(), path.clone()],
                _ => vec![path.clone()],
            };
            let key = (texts.iter())
                .flat_map(|t| match natural && by != "title" {
                    true => path_parts(t),
                    false => vec![t.clone()],
                })
                .map(|t| super::sort_pieces(&t, natural, fold, true))
                .collect();
            keyed.push((key, i));
        }
        match sort.descending == Some(true) {
            true => keyed.sort_by(|a, b| b.0.cmp(&a.0)),
            false => keyed.sort_by(|a, b| a.0.cmp(&b.0)),
        }
        let section = |i: usize| matches!(items[i], Out::Section(..));
        match sort.sections.as_deref().unwrap_or("last") {
            "first" => keyed.sort_by_key(|k| !section(k.1)),
            "mixed" => {}
            _ => keyed.sort_by_key(|k| section(k.1)),
        }
        let order: Vec<usize> = keyed.into_iter().map(|k| k.1).collect();
        permute(items, &order);
    }

    /// What `by: title` sorts a page by: its front matter title, else its file name; a
    /// section by its title.
    fn sort_title(&self, item: &Out) -> String {
        match item {
            Out::Page(path, _) => self
                .front_matter_title(path)
                .unwrap_or_else(|| name(path).to_string()),
            Out::Section(_, title, _) | Out::Link(title, _) => title.clone(),
        }
    }

    /// The `title:` of a page's front matter, if it has one.
    fn front_matter_title(&self, path: &str) -> Option<String> {
        let text = self.files.read(path).0?;
        let rest = text.strip_prefix("---\n")?;
        let block = &rest[..rest.find("\n---")?];
        let line = block.lines().find_map(|l| l.strip_prefix("title:"))?;
        Some(line.trim().trim_matches(['"', '\'']).to_string()).filter(|t| !t.is_empty())
    }

    fn warn(&mut self, s: &Settings, line: usize, what: String) {
        let d = Diagnostic::warning("nav", &s.file, what)
            .hint("name a page or folder of this folder, or a glob that matches one");
        self.warnings.push(match line {
            0 => d,
            n => d.at_line(n),
        });
    }
}

fn wrong(file: &std::path::Path, what: String) -> Diagnostic {
    Diagnostic::error("nav", file, what)
        .hint("see awesome-nav's README for the keys `.nav.yml` takes")
}

fn default_glob(pattern: &str, s: &Settings) -> Item {
    Item::Glob(Box::new(Glob {
        pattern: pattern.to_string(),
        settings: s.clone(),
        ignore_no_matches: true,
        line: 0,
    }))
}

/// The settings `value` writes over its parent's (a `.nav.yml`, or a `glob:` entry's own).
fn read_settings(
    value: &Value,
    parent: &Settings,
    folder: &str,
    text: &str,
) -> Result<Settings, String> {
    let flag = |key: &str, inherited: bool| match value.get(key) {
        None | Some(Value::Null) => Ok(inherited),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("`{key}` is to be true or false")),
    };
    let mut s = Settings {
        title: None,
        hide: false,
        flatten: flag("flatten_single_child_sections", parent.flatten)?,
        preserve_names: flag("preserve_directory_names", parent.preserve_names)?,
        index_title: flag("use_index_title", parent.index_title)?,
        append_unmatched: flag("append_unmatched", parent.append_unmatched)?,
        sort: read_sort(value.get("sort"), &parent.sort)?,
        ignore: read_ignore(value.get("ignore"), &parent.ignore, folder)?,
        nav: None,
        folder: folder.to_string(),
        file: parent.file.clone(),
    };
    if let Some(nav) = value.get("nav") {
        let items = nav.as_sequence().ok_or("`nav` is to be a list")?;
        s.nav = Some(read_items(items, &s, text)?);
    }
    Ok(s)
}

fn read_sort(value: Option<&Value>, parent: &Sort) -> Result<Sort, String> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(parent.clone());
    };
    let text = |key: &str, allowed: &[&str]| match value.get(key).and_then(Value::as_str) {
        None => Ok(None),
        Some(v) if allowed.contains(&v) => Ok(Some(v.to_string())),
        Some(v) => Err(format!(
            "`sort: {key}` is one of {}, not `{v}`",
            allowed.join(", ")
        )),
    };
    let direction = text("direction", &["asc", "desc"])?;
    let kind = text("type", &["natural", "alphabetical"])?;
    Ok(Sort {
        by: text("by", &["path", "filename", "title"])?.or(parent.by.clone()),
        descending: direction.map(|d| d == "desc").or(parent.descending),
        alphabetical: kind.map(|t| t == "alphabetical").or(parent.alphabetical),
        sections: text("sections", &["first", "last", "mixed"])?.or(parent.sections.clone()),
        ignore_case: value
            .get("ignore_case")
            .and_then(Value::as_bool)
            .or(parent.ignore_case),
    })
}

/// `ignore:` a pattern or a list; unset or `$inherit` the parent's.
fn read_ignore(
    value: Option<&Value>,
    parent: &[String],
    folder: &str,
) -> Result<Vec<String>, String> {
    let patterns: Vec<String> = match value {
        None | Some(Value::Null) => return Ok(parent.to_vec()),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(list)) => (list.iter())
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or("`ignore` is to list patterns")
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`ignore` is to be a pattern or a list of them".into()),
    };
    let mut out = Vec::new();
    for p in patterns {
        match p.as_str() {
            "$inherit" => out.extend(parent.iter().cloned()),
            _ => match p.strip_prefix('/') {
                Some(rooted) => out.push(rooted.to_string()),
                None => out.push(join(folder, &format!("**/{p}"))),
            },
        }
    }
    Ok(out)
}

fn read_items(items: &[Value], s: &Settings, text: &str) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    for item in items {
        out.push(match item {
            Value::String(n) => Item::Name(n.clone(), line_of(text, n)),
            // `glob:` alone is a page titled "glob", as the plugin's model reads it.
            Value::Mapping(m) if m.contains_key("glob") && m.len() > 1 => {
                let pattern = m
                    .get("glob")
                    .and_then(Value::as_str)
                    .ok_or("`glob:` is to be a pattern")?;
                let value = Value::Mapping(m.clone());
                let mut settings = read_settings(&value, s, &s.folder, text)?;
                settings.nav = None;
                Item::Glob(Box::new(Glob {
                    pattern: pattern.to_string(),
                    settings,
                    ignore_no_matches: m
                        .get("ignore_no_matches")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    line: line_of(text, pattern),
                }))
            }
            Value::Mapping(m) if m.len() == 1 => {
                let (k, v) = m.iter().next().expect("one");
                let title = k
                    .as_str()
                    .ok_or("a `nav` entry's title is to be text")?
                    .to_string();
                match v {
                    Value::String(v) => Item::Titled(title, v.clone(), line_of(text, v)),
                    Value::Sequence(inner) => Item::Section(title, read_items(inner, s, text)?),
                    _ => {
                        return Err(format!(
                            "`{title}:` in `nav` is to name a page, a folder, a link or a list"
                        ))
                    }
                }
            }
            _ => return Err(format!("`nav` has an entry of no known form: {item:?}")),
        });
    }
    Ok(out)
}

/// `@(a|b)` written out: one pattern for each alternative (not nested).
fn alternatives(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find("@(") else {
        return vec![pattern.to_string()];
    };
    let Some(close) = pattern[open..].find(')').map(|c| open + c) else {
        return vec![pattern.to_string()];
    };
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    (pattern[open + 2..close].split('|'))
        .flat_map(|alt| alternatives(&format!("{head}{alt}{tail}")))
        .collect()
}

fn ignored(pattern: &str, path: &str) -> bool {
    let bare = path.trim_end_matches('/');
    crate::config::mkdocs::glob(pattern.trim_end_matches('/'), bare)
}

/// The resolve order of each page, folder and glob among `nodes` (nested sections' too):
/// `(kind, -depth of a folder, index in its list)` and where it is.
/// A node's resolve order and where it is (its index in each list down to it).
type Queued = ((u8, isize, usize), Vec<usize>);

fn queue(nodes: &[Node], at: &mut Vec<usize>, out: &mut Vec<Queued>) {
    for (i, node) in nodes.iter().enumerate() {
        at.push(i);
        let priority = match node {
            Node::Page(..) => Some((1, 0, i)),
            Node::Folder(path, _) => Some((2, -(path.split('/').count() as isize), i)),
            Node::Glob(_) => Some((3, 0, i)),
            Node::Section(_, inner) => {
                queue(inner, at, out);
                None
            }
            _ => None,
        };
        if let Some(p) = priority {
            out.push((p, at.clone()));
        }
        at.pop();
    }
}

fn node_at<'a>(nodes: &'a mut [Node], at: &[usize]) -> &'a mut Node {
    let node = &mut nodes[at[0]];
    match (at.len(), node) {
        (1, node) => node,
        (_, Node::Section(_, inner)) => node_at(inner, &at[1..]),
        (_, node) => node,
    }
}

/// The resolved nodes as entries, each node's in its place; sections of nothing left out.
fn flatten(nodes: Vec<Node>) -> Vec<Out> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Done(items) => out.extend(items),
            Node::Link(title, url) => out.push(Out::Link(title, url)),
            Node::Section(title, inner) => {
                let inner = flatten(inner);
                if !inner.is_empty() {
                    out.push(Out::Section(String::new(), title, inner));
                }
            }
            Node::Page(path, title) => out.push(Out::Page(path, title)),
            Node::Folder(..) | Node::Glob(_) => {}
        }
    }
    out
}

/// natsort's `PATH` split: the folders, then the file name's stem and each extension.
fn path_parts(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
    let last = parts.pop().unwrap_or_default();
    let mut base = last.as_str();
    let mut exts = Vec::new();
    while let Some((stem, ext)) = base.rsplit_once('.') {
        let number_next = ext.starts_with(|c: char| c.is_ascii_digit());
        if stem.is_empty() || ext.is_empty() || number_next {
            break;
        }
        exts.insert(0, format!(".{ext}"));
        base = stem;
    }
    parts.push(base.to_string());
    parts.extend(exts);
    parts
}

/// `items` reordered so that the i-th is the one at `order[i]`.
fn permute(items: &mut [Out], order: &[usize]) {
    let mut taken: Vec<Option<Out>> = Vec::with_capacity(items.len());
    for item in items.iter_mut() {
        let placeholder = Out::Link(String::new(), String::new());
        taken.push(Some(std::mem::replace(item, placeholder)));
    }
    for (slot, &i) in items.iter_mut().zip(order) {
        *slot = taken[i].take().expect("each once");
    }
}
