//! literate-nav (mkdocs-literate-nav 0.6, parser.py): the docs folder's `SUMMARY.md` is the
//! nav. Its list (the last one, or the first after a `<!--nav-->` line) gives, item by item,
//! `[Title](page.md)` a page, `[Title](folder/)` that folder's own nav (its SUMMARY.md, else
//! its automatic one), `Section` text with a list under it a section, and `*.md`-like text
//! the pages and folders it matches that no link has named.

use std::collections::BTreeSet;

use super::summary::{list_of, Raw};

use super::{join, name, page, section, Files, Tree};
use crate::config::nav::{NavEntry, NavTarget};
use crate::diagnostic::Diagnostic;

pub(super) fn nav(
    tree: &Tree,
    files: &Files,
    nav_file: &str,
    implicit_index: bool,
) -> super::Made<Vec<NavEntry>> {
    let mut literate = Literate::new(tree, files, nav_file, implicit_index);
    match literate.folder("") {
        Ok(entries) => Ok((entries, literate.warnings)),
        Err(e) => Err(vec![e]),
    }
}

/// `mkdocs.yml`'s own `nav:` when the plugin is on and there is no top nav file
/// (`resolve_yaml_nav`): a wildcard (`- '*.md'`, `- Guides: 'guide/*'`) is what it matches
/// that the nav names nowhere else, a folder (`- API: api/`) that folder's own nav; every
/// other entry stays as written.
pub(super) fn yaml_nav(
    tree: &Tree,
    files: &Files,
    (nav_file, implicit_index): (&str, bool),
    nav: &crate::config::nav::Nav,
) -> super::Made<Vec<NavEntry>> {
    let mut literate = Literate::new(tree, files, nav_file, implicit_index);
    let items = literate.yaml_items(&nav.entries);
    match literate.resolve(items, nav.file_label()) {
        Ok(entries) => Ok((entries, literate.warnings)),
        Err(e) => Err(vec![e]),
    }
}

struct Literate<'a> {
    tree: &'a Tree,
    files: &'a Files,
    nav_file: &'a str,
    /// A folder's index opens the list of its nav file without being listed.
    implicit_index: bool,
    /// What the nav has named so far: wildcards leave these out.
    seen: BTreeSet<String>,
    /// The folders whose nav is being made, to refuse a folder that links to itself.
    roots: Vec<String>,
    warnings: Vec<Diagnostic>,
}

/// An item of the list, read, not yet resolved against the files.
enum Item {
    /// An entry of `mkdocs.yml`'s `nav:` that is no wildcard nor folder: as it is.
    Entry(NavEntry),
    Page(Option<String>, String, usize),
    Link(String, String),
    Folder(String, String),
    Section(String, Vec<Item>),
    Wildcard(String),
}

impl<'a> Literate<'a> {
    fn new(tree: &'a Tree, files: &'a Files, nav_file: &'a str, implicit_index: bool) -> Self {
        Literate {
            tree,
            files,
            nav_file,
            implicit_index,
            seen: BTreeSet::new(),
            roots: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// `nav:`'s entries as items (`_resolve_yaml_nav`); each page they name is seen at once.
    fn yaml_items(&mut self, entries: &[NavEntry]) -> Vec<Item> {
        let mut items = Vec::new();
        for e in entries {
            let item = match (&e.target, &e.title) {
                (NavTarget::Page(path), None) if path.contains('*') => Item::Wildcard(path.clone()),
                (NavTarget::Page(path), Some(title)) if path.contains('*') => {
                    Item::Section(title.clone(), vec![Item::Wildcard(path.clone())])
                }
                (NavTarget::Page(path), Some(title))
                    if !self.tree.has_page(path) && self.tree.folder(path).is_some() =>
                {
                    self.seen.insert(path.clone());
                    Item::Folder(title.clone(), path.clone())
                }
                (NavTarget::Section(inner), title) => {
                    let inner = self.yaml_items(inner);
                    Item::Section(title.clone().unwrap_or_default(), inner)
                }
                (target, _) => {
                    if let NavTarget::Page(path) = target {
                        self.seen.insert(path.clone());
                    }
                    Item::Entry(e.clone())
                }
            };
            items.push(item);
        }
        items
    }

    /// A folder's nav: its nav file's, else every page and folder in it.
    fn folder(&mut self, folder: &str) -> Result<Vec<NavEntry>, Diagnostic> {
        if self.roots.iter().any(|r| r == folder) {
            return Ok(Vec::new());
        }
        self.roots.push(folder.to_string());
        let own = join(folder, self.nav_file);
        let (text, label) = match self.tree.has_file(folder, self.nav_file) {
            true => self.files.read(&own),
            false => (None, Default::default()),
        };
        let list = text.as_deref().map(list_of).filter(|l| !l.is_empty());
        let items = match list {
            Some(list) => {
                self.seen.insert(own);
                let mut items = (list.iter())
                    .map(|raw| self.item(raw, folder, &label))
                    .collect::<Result<Vec<_>, _>>()?;
                // As a wildcard, it is left out when the list names it somewhere.
                if let Some(index) = self.index_of(folder).filter(|_| self.implicit_index) {
                    items.insert(0, Item::Wildcard(index));
                }
                items
            }
            None => vec![Item::Wildcard(join(folder, "*"))],
        };
        let entries = self.resolve(items, &label);
        self.roots.pop();
        entries
    }

    /// The folder's index page (`index.md` or `README.md`), if it has one (`find_index`).
    fn index_of(&self, folder: &str) -> Option<String> {
        let first = self.tree.folder(folder)?.files.first()?;
        let stem = name(first).rsplit_once('.').map_or(name(first), |(s, _)| s);
        matches!(stem, "index" | "README").then(|| first.clone())
    }

    /// What a list item is (`parser.py` `_list_element_to_nav`); each link is seen at once.
    fn item(&mut self, raw: &Raw, root: &str, file: &std::path::Path) -> Result<Item, Diagnostic> {
        let link = link_of(&raw.text);
        let mut children = (raw.children.iter())
            .map(|c| self.item(c, root, file))
            .collect::<Result<Vec<_>, _>>()?;
        let Some((title, href)) = link else {
            return match (children.is_empty(), raw.text.contains('*')) {
                (false, _) => Ok(Item::Section(raw.text.clone(), children)),
                (true, true) => Ok(Item::Wildcard(normal(root, &raw.text))),
                (true, false) => Err(Diagnostic::error(
                    "nav",
                    file,
                    format!("`{}` in the nav names no page and has no list under it", raw.text),
                )
                .at_line(raw.line)
                .hint("write a page as `* [Title](page.md)`, a section as `* Title` with its pages indented under it, or a wildcard as `* *.md`")),
            };
        };
        let target = if href.contains("://") || href.starts_with("mailto:") {
            Item::Link(title.clone(), href)
        } else {
            let path = normal(root, &href);
            self.seen.insert(path.clone());
            match href.ends_with('/') && self.tree.folder(&path).is_some() {
                true => Item::Folder(title.clone(), path),
                false => Item::Page(Some(title.clone()), path, raw.line),
            }
        };
        if children.is_empty() {
            return Ok(target);
        }
        // A link with a list under it: a section that opens with the linked page.
        let first = match target {
            Item::Page(_, path, line) => Item::Page(None, path, line),
            other => other,
        };
        children.insert(0, first);
        Ok(Item::Section(title, children))
    }

    /// The items as the nav's entries, wildcards filled in (`_resolve_wildcards`).
    fn resolve(
        &mut self,
        items: Vec<Item>,
        file: &std::path::Path,
    ) -> Result<Vec<NavEntry>, Diagnostic> {
        let mut out = Vec::new();
        for item in items {
            match item {
                Item::Entry(entry) => out.push(entry),
                Item::Page(title, path, line) if self.tree.has_page(&path) => {
                    out.push(page(path, title.filter(|t| !t.is_empty()), line))
                }
                Item::Page(_, path, line) => self.warnings.push(
                    Diagnostic::warning(
                        "nav",
                        file,
                        format!("the nav links to `{path}`, which is no page of the docs folder"),
                    )
                    .at_line(line)
                    .hint("correct the link, or take the item out"),
                ),
                Item::Link(title, url) => out.push(NavEntry {
                    title: Some(title),
                    target: NavTarget::Link(url),
                    line: 0,
                }),
                Item::Folder(title, folder) => {
                    let entries = self.folder(&folder)?;
                    if !entries.is_empty() {
                        out.push(section(title, entries));
                    }
                }
                Item::Section(title, inner) => {
                    let entries = self.resolve(inner, file)?;
                    if !entries.is_empty() {
                        out.push(section(title, entries));
                    }
                }
                Item::Wildcard(pattern) => out.extend(self.wildcard(&pattern)?),
            }
        }
        Ok(out)
    }

    /// The pages, then the folders, a wildcard matches that nothing has named yet; a folder
    /// as a section of its own nav, titled by its name.
    fn wildcard(&mut self, pattern: &str) -> Result<Vec<NavEntry>, Diagnostic> {
        let folders_only = pattern.ends_with('/');
        let pattern = pattern.trim_end_matches('/');
        let (pages, folders) = self.walk("");
        let mut out = Vec::new();
        for path in pages.into_iter().filter(|p| matches(pattern, p)) {
            if !folders_only && self.seen.insert(path.clone()) {
                out.push(page(path, None, 0));
            }
        }
        for folder in folders.into_iter().filter(|p| matches(pattern, p)) {
            if self.seen.contains(&folder) {
                continue;
            }
            let entries = self.folder(&folder)?;
            self.seen.insert(folder.clone());
            if !entries.is_empty() {
                let title = crate::content::mkdocs::section_title(name(&folder));
                out.push(section(title, entries));
            }
        }
        Ok(out)
    }

    /// Every page and every folder under `folder`, in the order MkDocs walks them.
    fn walk(&self, folder: &str) -> (Vec<String>, Vec<String>) {
        let Some(f) = self.tree.folder(folder) else {
            return Default::default();
        };
        let (mut pages, mut folders) = (f.files.clone(), Vec::new());
        for dir in &f.dirs {
            folders.push(dir.clone());
            let (p, d) = self.walk(dir);
            pages.extend(p);
            folders.extend(d);
        }
        (pages, folders)
    }
}

/// Whether a path matches a wildcard part by part (`*` within a part), as fnmatch does.
fn matches(pattern: &str, path: &str) -> bool {
    let (p, t): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == t.len()
        && p.iter()
            .zip(&t)
            .all(|(p, t)| crate::config::mkdocs::glob(p, t))
}

/// `root/link` with `.` and `..` worked out, as `posixpath.normpath` does (no trailing `/`).
fn normal(root: &str, link: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let whole = match link.starts_with('/') {
        true => link.to_string(),
        false => format!("{root}/{link}"),
    };
    for part in whole.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `[Title](href)` as the whole of an item's text.
fn link_of(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('[')?;
    let (title, rest) = rest.split_once("](")?;
    let href = rest.strip_suffix(')')?;
    Some((title.replace("\\", ""), href.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_from_the_folder_of_their_file() {
        assert_eq!(normal("guide", "../index.md"), "index.md");
        assert_eq!(normal("guide", "./a/"), "guide/a");
        assert_eq!(normal("", "a.md"), "a.md");
        assert!(matches("guide/*.md", "guide/x.md"));
        assert!(!matches("*.md", "guide/x.md"));
    }
}
