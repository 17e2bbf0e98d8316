//! The nav that MkDocs' navigation plugins make of files beside the pages, for a `mkdocs.yml`
//! that names one and writes no `nav:` of its own: literate-nav's `SUMMARY.md` (literate.rs)
//! and awesome-pages' `.pages` files (awesome.rs). Each gives the same plain data `nav:` does,
//! so the site model places pages, sections, prev/next and the sidebar the one way.

mod awesome;
mod literate;
mod nav_yml;
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
    made(
        Tree::of(pages.iter().map(|p| &**p), config),
        config,
        site_dir,
    )
}

/// The plugin's warnings about its nav (entries that name nothing), for the review a build
/// runs before it writes: where the nav is made, with the site being placed, any word stops
/// the build.
pub(crate) fn warnings<'p>(
    pages: impl Iterator<Item = &'p Page>,
    config: &Config,
) -> Vec<Diagnostic> {
    match made(Tree::of(pages, config), config, &config.site_dir) {
        Some(Ok((_, warnings))) => warnings,
        _ => Vec::new(),
    }
}

fn made(tree: Tree, config: &Config, site_dir: &Path) -> Option<Made<Nav>> {
    let plugin = config.pages.nav_plugin.as_ref()?;
    let files = Files {
        docs: config.content.under(site_dir),
        label: config.content.rel().to_path_buf(),
    };
    // The file messages about the nav name: the top nav file (its `.pages`, SUMMARY.md).
    let (made, file) = match (plugin, &config.nav) {
        // With a `nav:` and no SUMMARY.md at the top, `nav:` is the nav, its wildcards and
        // folders filled in.
        (NavPlugin::Literate { nav_file, .. }, Some(nav)) if !tree.has_file("", nav_file) => {
            let index = plugin_index(plugin);
            let made = literate::yaml_nav(&tree, &files, (nav_file, index), nav);
            (made, nav.file.clone())
        }
        (NavPlugin::Literate { nav_file, .. }, _) => {
            let made = literate::nav(&tree, &files, nav_file, plugin_index(plugin));
            (made, files.label.join(nav_file))
        }
        // awesome-nav makes the nav even over a `nav:` (MkDocs warns that it replaces it).
        (NavPlugin::AwesomeNav, _) => (nav_yml::nav(&tree, &files), files.label.join(".nav.yml")),
        // awesome-pages leaves a `nav:` be (its `...` there is not read yet).
        (_, Some(_)) => return None,
        (NavPlugin::Awesome(options), None) => (
            awesome::nav(&tree, &files, options),
            files.label.join(&options.filename),
        ),
    };
    Some(made.map(|(entries, warnings)| {
        let nav = Nav {
            entries,
            file,
            section_indexes: config.section_indexes,
        };
        (nav, warnings)
    }))
}

/// literate-nav's `implicit_index`.
fn plugin_index(plugin: &NavPlugin) -> bool {
    matches!(
        plugin,
        NavPlugin::Literate {
            implicit_index: true,
            ..
        }
    )
}

/// Whether a page's source is literate-nav's nav file (an edit to it remakes the nav).
pub(crate) fn is_nav_file(config: &Config, source: &Path) -> bool {
    match &config.pages.nav_plugin {
        Some(NavPlugin::Literate { nav_file, .. }) => {
            source.file_name().and_then(|n| n.to_str()) == Some(nav_file.as_str())
        }
        _ => false,
    }
}

/// Whether a link is a folder link of literate-nav's nav file (`* [API](api/)`): nav, not a
/// link a reader follows. MkDocs builds the file as a page and leaves such a link as written,
/// saying so at INFO only, so the link checks pass it over.
pub(crate) fn is_nav_folder_link(config: &Config, source: &Path, dest: &str) -> bool {
    let dest = dest.trim();
    is_nav_file(config, source) && dest.ends_with('/') && !dest.contains("://")
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
    /// Each page's title as MkDocs reads it (front matter, first H1, file name), by path.
    titles: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
struct Folder {
    files: Vec<String>,
    dirs: Vec<String>,
}

impl Tree {
    fn of<'p>(pages: impl Iterator<Item = &'p Page>, config: &Config) -> Tree {
        let titled: Vec<(String, String)> = pages
            .filter(|p| !p.is_post && !p.meta.draft)
            .filter_map(|p| {
                let path = super::site::nav_path(&p.source, &config.content)?;
                Some((path, p.meta.title.clone()))
            })
            .collect();
        let mut tree = Tree::of_paths(titled.iter().map(|(p, _)| p.clone()));
        tree.titles = titled.into_iter().collect();
        tree
    }

    /// A page's title, for sorting by title.
    fn title(&self, path: &str) -> String {
        self.titles.get(path).cloned().unwrap_or_default()
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

/// A piece of a sort key: text, or (natural sort) a run of digits as its number.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Text(String),
    Number(u128),
}

/// What sorts a name: the text (lower case when `fold`), or natsort's key when `natural`:
/// text and numbers taking turns, text first (empty when the name opens with a digit), so
/// that like compares with like; `group` is natsort's GROUPLETTERS (each letter after its
/// lower case, so `a` and `A` sort together).
fn sort_pieces(text: &str, natural: bool, fold: bool, group: bool) -> Vec<Piece> {
    let text = match fold {
        true => text.to_lowercase(),
        false => text.to_string(),
    };
    if !natural {
        return vec![Piece::Text(text)];
    }
    let grouped = |t: &str| match group {
        true => t
            .chars()
            .flat_map(|c| c.to_lowercase().chain([c]))
            .collect(),
        false => t.to_string(),
    };
    let mut pieces = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() || pieces.is_empty() {
        let cut = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        pieces.push(Piece::Text(grouped(&rest[..cut])));
        rest = &rest[cut..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            pieces.push(Piece::Number(rest[..digits].parse().unwrap_or(u128::MAX)));
            rest = &rest[digits..];
        }
    }
    pieces
}

/// The line of a YAML file an entry naming `value` is written on: the first list line that
/// names it (`- value`, `- Title: value`); serde_yaml's values keep no place.
fn line_of(text: &str, value: &str) -> usize {
    let names = |l: &str| {
        let l = l.trim();
        let l = l.strip_prefix('-').unwrap_or(l).trim();
        let l = l.split_once(": ").map_or(l, |(_, v)| v).trim();
        l.trim_matches(['"', '\'']) == value
    };
    text.lines().position(names).map_or(0, |i| i + 1)
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
