//! awesome-pages (mkdocs-awesome-pages-plugin 2.10, meta.py and navigation.py): MkDocs'
//! automatic nav, each folder arranged by its `.pages` file: `title` (the section's),
//! `nav` (entries in order; `...` for the rest, `... | glob=x*` or `... | regex=…` for some
//! of it; `Title: name` retitles, `Title: https://…` a link, `Title: [list]` a section of
//! its own), `arrange` (the older `nav`, the rest last), `order: asc|desc`, `hide`,
//! `collapse_single_pages` and `collapse` (a section of one entry is that entry).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::pages_file::{read_meta, Meta, MetaItem, Rest, Sort};
use super::{join, name, page, section, Files, Tree};
use crate::config::mkdocs::AwesomeOptions;
use crate::config::nav::{NavEntry, NavTarget};
use crate::diagnostic::Diagnostic;

pub(super) fn nav(
    tree: &Tree,
    files: &Files,
    options: &AwesomeOptions,
) -> super::Made<Vec<NavEntry>> {
    let mut awesome = Awesome {
        tree,
        files,
        filename: &options.filename,
        strict: options.strict,
        wide: options.sort.clone(),
        metas: BTreeMap::new(),
        warnings: Vec::new(),
    };
    match awesome.folder("", options.collapse_single_pages) {
        Ok(entries) => Ok((entries, awesome.warnings)),
        Err(e) => Err(vec![e]),
    }
}

struct Awesome<'a> {
    tree: &'a Tree,
    files: &'a Files,
    filename: &'a str,
    /// A `nav` entry naming nothing is an error (else a warning).
    strict: bool,
    /// The plugin-wide sorting, under each folder's own.
    wide: Sort,
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
        self.sort(&mut children, &meta.sort.over(&self.wide))?;
        let arranged = match &meta.nav {
            None => (children.into_iter())
                .map(|c| Arranged::Child(c, None))
                .collect(),
            Some(items) => self.arrange(items, children, &meta.file)?,
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
    ) -> Result<Vec<Arranged>, Diagnostic> {
        let mut rests: Vec<Option<Rest>> = Vec::new();
        let mut used = Vec::new();
        let mut arranged = self.place(items, &children, &mut rests, &mut used, file)?;
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
        Ok(arranged)
    }

    /// The folder's pages and folders in the order its settings ask (`_order`): by file name
    /// or title, naturally (numbers as numbers) or not, ignoring case or not; a stable sort,
    /// as Python's, descending included.
    fn sort(&mut self, children: &mut [Child], sort: &Sort) -> Result<(), Diagnostic> {
        if !sort.sorts() || children.len() < 2 {
            return Ok(());
        }
        let mut keys = Vec::with_capacity(children.len());
        for child in children.iter() {
            let text = match (sort.by_title == Some(true), child) {
                (false, c) => name(c.path()).to_string(),
                (true, Child::Page(p)) => self.tree.title(p),
                (true, Child::Folder(f)) => (self.meta(f)?.title)
                    .unwrap_or_else(|| crate::content::mkdocs::section_title(name(f))),
            };
            let natural = sort.natural == Some(true);
            let key = super::sort_pieces(&text, natural, sort.ignore_case == Some(true), false);
            keys.push((key, child.clone()));
        }
        match sort.descending == Some(true) {
            true => keys.sort_by(|a, b| b.0.cmp(&a.0)),
            false => keys.sort_by(|a, b| a.0.cmp(&b.0)),
        }
        for (slot, (_, child)) in children.iter_mut().zip(keys) {
            *slot = child;
        }
        Ok(())
    }

    fn place(
        &mut self,
        items: &[MetaItem],
        children: &[Child],
        rests: &mut Vec<Option<Rest>>,
        used: &mut Vec<Child>,
        file: &PathBuf,
    ) -> Result<Vec<Arranged>, Diagnostic> {
        let mut out = Vec::new();
        for item in items {
            match item {
                MetaItem::Rest(rest) => {
                    rests.push(rest.clone());
                    out.push(Arranged::Rest(rests.len() - 1));
                }
                MetaItem::Section(title, inner) => {
                    let inner = self.place(inner, children, rests, used, file)?;
                    out.push(Arranged::Section(title.clone(), inner));
                }
                MetaItem::Entry(title, value, line) => {
                    let value = value.trim_end_matches('/');
                    match children.iter().find(|c| name(c.path()) == value) {
                        Some(child) => {
                            used.push(child.clone());
                            out.push(Arranged::Child(child.clone(), title.clone()));
                        }
                        None => match title {
                            Some(title) => out.push(Arranged::Link(title.clone(), value.into())),
                            None => self.not_found(value, file, *line)?,
                        },
                    }
                }
            }
        }
        Ok(out)
    }

    /// An entry that names nothing: an error when the plugin is `strict` (its default),
    /// else a warning; either way at its line.
    fn not_found(&mut self, value: &str, file: &PathBuf, line: usize) -> Result<(), Diagnostic> {
        let what = format!("`nav` names `{value}`, which is no page or folder here");
        let d = match self.strict {
            true => Diagnostic::error("nav", file, what),
            false => Diagnostic::warning("nav", file, what),
        };
        let d = d.at_line(line).hint(
            "name a page or folder of this folder, or give the entry a title to make it a link (`strict: false` in the plugin's options makes this a warning)",
        );
        match self.strict {
            true => Err(d),
            false => {
                self.warnings.push(d);
                Ok(())
            }
        }
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
