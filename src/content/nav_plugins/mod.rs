//! The nav that MkDocs' navigation plugins make of files beside the pages, for a `mkdocs.yml`
//! that names one and writes no `nav:` of its own: literate-nav's `SUMMARY.md` (literate.rs)
//! and awesome-pages' `.pages` files (awesome.rs). Each gives the same plain data `nav:` does,
//! so the site model places pages, sections, prev/next and the sidebar the one way.

mod awesome;
mod literate;
mod pages_file;
mod summary;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::Page;
use crate::config::mkdocs::NavPlugin;
use crate::config::nav::{Nav, NavEntry, NavTarget};
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The plugin's nav, with its warnings (entries that name nothing); `None` when no plugin
/// makes the nav. Errors (a file the plugin cannot read) come back alone.
pub(crate) fn nav(pages: &[Arc<Page>], config: &Config, site_dir: &Path) -> Option<Made<Nav>> {
    let plugin = config.pages.nav_plugin.as_ref()?;
    let tree = Tree::of(pages, config);
    let files = Files {
        docs: config.content.under(site_dir),
        label: config.content.rel().to_path_buf(),
    };
    let made = match plugin {
        NavPlugin::Literate { nav_file } => {
            // With a `nav:` and no SUMMARY.md at the top, the plugin leaves `nav:` be.
            let top = tree.has_file("", nav_file);
            if config.nav.is_some() && !top {
                return None;
            }
            literate::nav(&tree, &files, nav_file)
        }
        NavPlugin::Awesome {
            filename,
            collapse_single_pages,
        } => {
            if config.nav.is_some() {
                return None;
            }
            awesome::nav(&tree, &files, filename, *collapse_single_pages)
        }
    };
    Some(made.map(|(entries, warnings)| {
        let nav = Nav {
            entries,
            section_indexes: config.section_indexes,
            ..Nav::default()
        };
        (nav, warnings)
    }))
}

/// Whether a page's source is literate-nav's nav file (an edit to it remakes the nav).
pub(crate) fn is_nav_file(config: &Config, source: &Path) -> bool {
    match &config.pages.nav_plugin {
        Some(NavPlugin::Literate { nav_file }) => {
            source.file_name().and_then(|n| n.to_str()) == Some(nav_file.as_str())
        }
        _ => false,
    }
}

/// What a plugin makes, with its warnings; or the errors that stop it.
type Made<T> = Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Where the plugin's own files are read from, and how messages name them.
struct Files {
    /// The docs folder on disk.
    docs: std::path::PathBuf,
    /// The docs folder relative to the site folder.
    label: std::path::PathBuf,
}

impl Files {
    /// The text of a file under the docs folder (`None` if there is none), and its name for
    /// messages.
    fn read(&self, path: &str) -> (Option<String>, std::path::PathBuf) {
        let text = std::fs::read_to_string(self.docs.join(path)).ok();
        (text, self.label.join(path))
    }
}

/// The pages MkDocs' automatic nav would list, by folder: each folder's pages in MkDocs'
/// order (`index`/`README` first, then by name) and its sub-folders by name. Paths are nav
/// paths (`guide/install.md`), folders written without a trailing `/` (`""` the top).
#[derive(Debug, Default)]
struct Tree {
    folders: BTreeMap<String, Folder>,
}

#[derive(Debug, Default)]
struct Folder {
    files: Vec<String>,
    dirs: Vec<String>,
}

impl Tree {
    fn of(pages: &[Arc<Page>], config: &Config) -> Tree {
        let paths = (pages.iter())
            .filter(|p| !p.is_post && !p.meta.draft)
            .filter_map(|p| super::site::nav_path(&p.source, &config.content));
        Tree::of_paths(paths)
    }

    fn of_paths(paths: impl Iterator<Item = String>) -> Tree {
        let mut tree = Tree::default();
        tree.folders.entry(String::new()).or_default();
        for path in paths {
            let folder = parent(&path).to_string();
            tree.add_folder(&folder);
            tree.folders.entry(folder).or_default().files.push(path);
        }
        for folder in tree.folders.values_mut() {
            folder.files.sort_by(|a, b| file_key(a).cmp(&file_key(b)));
            folder.dirs.sort();
            folder.dirs.dedup();
        }
        tree
    }

    /// Makes `folder` and every folder it is in known, each listed in its parent.
    fn add_folder(&mut self, folder: &str) {
        if folder.is_empty() || self.folders.contains_key(folder) {
            return;
        }
        self.folders.insert(folder.to_string(), Folder::default());
        let up = parent(folder).to_string();
        self.add_folder(&up);
        self.folders
            .entry(up)
            .or_default()
            .dirs
            .push(folder.to_string());
    }

    fn folder(&self, folder: &str) -> Option<&Folder> {
        self.folders.get(folder)
    }

    fn has_file(&self, folder: &str, name: &str) -> bool {
        self.has_page(&join(folder, name))
    }

    fn has_page(&self, path: &str) -> bool {
        (self.folder(parent(path))).is_some_and(|f| f.files.iter().any(|p| p == path))
    }
}

/// MkDocs' `file_sort_key` within a folder: its index first, then by name.
fn file_key(path: &str) -> (bool, &str) {
    let name = name(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    (!matches!(stem, "index" | "README"), name)
}

/// The folder a path is in (`""` at the top).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

/// The last part of a path.
fn name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, n)| n)
}

/// `folder/name`, or `name` at the top.
fn join(folder: &str, name: &str) -> String {
    match folder.is_empty() {
        true => name.to_string(),
        false => format!("{folder}/{name}"),
    }
}

fn page(path: String, title: Option<String>, line: usize) -> NavEntry {
    NavEntry {
        title,
        target: NavTarget::Page(path),
        line,
    }
}

fn section(title: String, entries: Vec<NavEntry>) -> NavEntry {
    NavEntry {
        title: Some(title),
        target: NavTarget::Section(entries),
        line: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_list_their_index_first_then_pages_by_name_and_their_sub_folders() {
        let paths = [
            "b.md",
            "index.md",
            "A.md",
            "guide/x/deep.md",
            "guide/README.md",
        ];
        let tree = Tree::of_paths(paths.iter().map(|p| p.to_string()));
        let top = tree.folder("").unwrap();
        assert_eq!(top.files, ["index.md", "A.md", "b.md"]);
        assert_eq!(top.dirs, ["guide"]);
        assert_eq!(tree.folder("guide").unwrap().dirs, ["guide/x"]);
        assert!(tree.has_file("guide", "README.md"));
        assert!(!tree.has_file("", "README.md"));
    }
}
