//! awesome-pages (mkdocs-awesome-pages-plugin 2.10, meta.py and navigation.py): MkDocs'
//! automatic nav, each folder arranged by its `.pages` file: `title` (the section's),
//! `nav` (entries in order; `...` for the rest, `... | glob=x*` or `... | regex=…` for some
//! of it; `Title: name` retitles, `Title: https://…` a link, `Title: [list]` a section of
//! its own), `arrange` (the older `nav`, the rest last), `order: asc|desc`, `hide`,
//! `collapse_single_pages` and `collapse` (a section of one entry is that entry).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::pages_file::{read_meta, Meta, MetaItem, Rest};
use super::{join, name, page, section, Files, Tree};
use crate::config::nav::{NavEntry, NavTarget};
use crate::diagnostic::Diagnostic;

pub(super) fn nav(
    tree: &Tree,
    files: &Files,
    filename: &str,
    collapse: bool,
) -> super::Made<Vec<NavEntry>> {
    let mut awesome = Awesome {
        tree,
        files,
        filename,
        metas: BTreeMap::new(),
        warnings: Vec::new(),
    };
    match awesome.folder("", collapse) {
        Ok(entries) => Ok((entries, awesome.warnings)),
        Err(e) => Err(vec![e]),
    }
}

struct Awesome<'a> {
    tree: &'a Tree,
    files: &'a Files,
    filename: &'a str,
    metas: BTreeMap<String, Meta>,
    warnings: Vec<Diagnostic>,
}

/// A page or folder of the folder being arranged, by its path.
#[derive(Debug, Clone, PartialEq)]
enum Child {
    Page(String),
    Folder(String),
}

impl Child {
    fn path(&self) -> &str {
        match self {
            Child::Page(p) | Child::Folder(p) => p,
        }
    }
}

/// The folder's entries as its `nav` places them, before sections are made of folders.
enum Arranged {
    Child(Child, Option<String>),
    Link(String, String),
    Section(String, Vec<Arranged>),
    Rest(usize),
}

impl Awesome<'_> {
    /// The folder's entries: its pages and folders, ordered and arranged by its `.pages`.
    fn folder(&mut self, folder: &str, collapse: bool) -> Result<Vec<NavEntry>, Diagnostic> {
        let meta = self.meta(folder)?;
        let Some(f) = self.tree.folder(folder) else {
            return Ok(Vec::new());
        };
        let mut children: Vec<Child> = (f.files.iter().cloned().map(Child::Page))
            .chain(f.dirs.iter().cloned().map(Child::Folder))
            .collect();
        if let Some(descending) = meta.descending {
            children.sort_by(|a, b| name(a.path()).cmp(name(b.path())));
            if descending {
                children.reverse();
            }
        }
        let arranged = match &meta.nav {
            None => (children.into_iter())
                .map(|c| Arranged::Child(c, None))
                .collect(),
            Some(items) => self.arrange(items, children, &meta.file),
        };
        self.entries(arranged, collapse)
    }

    /// The `nav` entries with the folder's children in place; `...` filled with the rest
    /// (each child to the first pattern it matches, plain `...` last).
    fn arrange(
        &mut self,
        items: &[MetaItem],
        children: Vec<Child>,
        file: &PathBuf,
    ) -> Vec<Arranged> {
        let mut rests: Vec<Option<Rest>> = Vec::new();
        let mut used = Vec::new();
        let mut arranged = self.place(items, &children, &mut rests, &mut used, file);
        let mut filled: Vec<Vec<Child>> = vec![Vec::new(); rests.len()];
        let order = (0..rests.len()).filter(|&i| rests[i].is_some());
        let order: Vec<usize> = order
            .chain((0..rests.len()).filter(|&i| rests[i].is_none()))
            .collect();
        for child in children.into_iter().filter(|c| !used.contains(c)) {
            let base = name(child.path());
            let matched = order.iter().find(|&&i| match &rests[i] {
                None => true,
                Some(Rest::Glob(p)) => crate::config::mkdocs::glob(p, base),
                Some(Rest::Regex(r)) => r.is_match(base),
            });
            if let Some(&i) = matched {
                filled[i].push(child);
            }
        }
        fill(&mut arranged, &mut filled);
        arranged
    }

    fn place(
        &mut self,
        items: &[MetaItem],
        children: &[Child],
        rests: &mut Vec<Option<Rest>>,
        used: &mut Vec<Child>,
        file: &PathBuf,
    ) -> Vec<Arranged> {
        let mut out = Vec::new();
        for item in items {
            match item {
                MetaItem::Rest(rest) => {
                    rests.push(rest.clone());
                    out.push(Arranged::Rest(rests.len() - 1));
                }
                MetaItem::Section(title, inner) => {
                    let inner = self.place(inner, children, rests, used, file);
                    out.push(Arranged::Section(title.clone(), inner));
                }
                MetaItem::Entry(title, value) => {
                    let value = value.trim_end_matches('/');
                    match children.iter().find(|c| name(c.path()) == value) {
                        Some(child) => {
                            used.push(child.clone());
                            out.push(Arranged::Child(child.clone(), title.clone()));
                        }
                        None => match title {
                            Some(title) => out.push(Arranged::Link(title.clone(), value.into())),
                            None => self.warnings.push(
                                Diagnostic::warning(
                                    "nav",
                                    file,
                                    format!("`nav` names `{value}`, which is no page or folder here"),
                                )
                                .hint("name a page or folder of this folder, or give the entry a title to make it a link"),
                            ),
                        },
                    }
                }
            }
        }
        out
    }

    /// The arranged entries as the nav's: each folder a section, unless hidden, empty, or
    /// of one entry and collapsed.
    fn entries(
        &mut self,
        arranged: Vec<Arranged>,
        collapse: bool,
    ) -> Result<Vec<NavEntry>, Diagnostic> {
        let mut out = Vec::new();
        for a in arranged {
            match a {
                Arranged::Child(Child::Page(path), title) => out.push(page(path, title, 0)),
                Arranged::Child(Child::Folder(folder), title) => {
                    let meta = self.meta(&folder)?;
                    if meta.hide {
                        continue;
                    }
                    let collapse = meta.collapse_single_pages.unwrap_or(collapse);
                    let mut inner = self.folder(&folder, collapse)?;
                    let title = (meta.title.or(title))
                        .unwrap_or_else(|| crate::content::mkdocs::section_title(name(&folder)));
                    match inner.len() {
                        0 => {}
                        1 if meta.collapse.unwrap_or(collapse) => out.push(inner.remove(0)),
                        _ => out.push(section(title, inner)),
                    }
                }
                Arranged::Link(title, url) => out.push(NavEntry {
                    title: Some(title),
                    target: NavTarget::Link(url),
                    line: 0,
                }),
                Arranged::Section(title, inner) => {
                    out.push(section(title, self.entries(inner, collapse)?))
                }
                Arranged::Rest(_) => {}
            }
        }
        Ok(out)
    }

    /// The folder's `.pages`, read once (an empty one if it has none).
    fn meta(&mut self, folder: &str) -> Result<Meta, Diagnostic> {
        if let Some(meta) = self.metas.get(folder) {
            return Ok(meta.clone());
        }
        let (text, file) = self.files.read(&join(folder, self.filename));
        let meta = match text {
            Some(text) => read_meta(&text, file)?,
            None => Meta::default(),
        };
        self.metas.insert(folder.to_string(), meta.clone());
        Ok(meta)
    }
}

/// Each `...` replaced by the children it took.
fn fill(arranged: &mut Vec<Arranged>, filled: &mut [Vec<Child>]) {
    let mut i = 0;
    while i < arranged.len() {
        match &mut arranged[i] {
            Arranged::Rest(n) => {
                let taken = std::mem::take(&mut filled[*n]);
                let count = taken.len();
                let with = taken.into_iter().map(|c| Arranged::Child(c, None));
                arranged.splice(i..=i, with);
                i += count;
            }
            Arranged::Section(_, inner) => {
                fill(inner, filled);
                i += 1;
            }
            _ => i += 1,
        }
    }
}
