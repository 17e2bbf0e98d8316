//! The names of a site's folders and of the files quire keeps beside its output: the one
//! place every stage looks them up, so no stage has to import another for a name.

use std::path::Path;

/// The pages, unless site.yaml names another folder or the site folder has none (see `ContentDir`).
pub(crate) const CONTENT_DIR: &str = "content";
/// Files copied as they are.
pub(crate) const STATIC_DIR: &str = "static";
/// The site's own templates, over the built-in theme.
pub(crate) const TEMPLATES_DIR: &str = "templates";
/// What one build keeps for the next (the Markdown cache, the fingerprint, the record).
pub(crate) const CACHE_DIR: &str = ".quire-cache";
/// The output folder's list of the files quire wrote there, with their digests.
pub(crate) const MANIFEST: &str = ".quire-manifest";

/// Where a site's pages are, relative to the site folder: decided once, when site.yaml is read
/// (`Config::load`), from its `content_dir:` or, without one, from what the site folder holds;
/// every stage takes it from there. `Page::source` stays relative to the site folder, so
/// messages name `content/guide/x.md`, or `guide/x.md` when the pages are the site folder's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDir {
    /// Normal parts only; empty for the site folder itself.
    rel: std::path::PathBuf,
}

impl Default for ContentDir {
    fn default() -> Self {
        ContentDir {
            rel: CONTENT_DIR.into(),
        }
    }
}

impl ContentDir {
    /// The folder `content_dir:` names (already checked to stay inside the site folder), else
    /// content/ when the site folder has one (a link too: discover refuses it by name), else
    /// the site folder itself: a plain folder of Markdown is a site as it is.
    pub fn decide(site_dir: &Path, configured: Option<&Path>) -> ContentDir {
        match configured {
            Some(dir) => {
                let mut rel = std::path::PathBuf::new();
                for c in dir.components() {
                    match c {
                        std::path::Component::Normal(part) => rel.push(part),
                        std::path::Component::ParentDir => {
                            rel.pop();
                        }
                        _ => {}
                    }
                }
                ContentDir { rel }
            }
            None if std::fs::symlink_metadata(site_dir.join(CONTENT_DIR)).is_ok() => {
                ContentDir::default()
            }
            None => ContentDir::site_folder(),
        }
    }

    /// The site folder itself.
    pub(crate) fn site_folder() -> ContentDir {
        ContentDir {
            rel: std::path::PathBuf::new(),
        }
    }

    /// Relative to the site folder; empty for the site folder itself.
    pub fn rel(&self) -> &Path {
        &self.rel
    }

    pub(crate) fn is_site_folder(&self) -> bool {
        self.rel.as_os_str().is_empty()
    }

    /// The folder, under `site_dir`.
    pub(crate) fn under(&self, site_dir: &Path) -> std::path::PathBuf {
        site_dir.join(&self.rel)
    }

    /// A source (relative to the site folder) as a path in the content folder.
    pub(crate) fn within<'a>(&self, source: &'a Path) -> &'a Path {
        source.strip_prefix(&self.rel).unwrap_or(source)
    }

    /// The source (relative to the site folder) at a path in the content folder.
    pub(crate) fn source_of(&self, in_content: impl AsRef<Path>) -> std::path::PathBuf {
        self.rel.join(in_content)
    }

    /// How messages name it: `the content/ folder`, or `the site folder`.
    pub(crate) fn label(&self) -> String {
        if self.is_site_folder() {
            "the site folder".to_string()
        } else {
            format!("the {}/ folder", self.rel.display())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_named_from_the_site_folder_and_found_in_the_content_folder() {
        let docs = ContentDir::decide(Path::new("/nowhere"), Some(Path::new("./x/../docs/")));
        assert_eq!(docs.rel(), Path::new("docs"));
        assert_eq!(
            docs.within(Path::new("docs/guide/x.md")),
            Path::new("guide/x.md")
        );
        assert_eq!(docs.source_of("guide/x.md"), Path::new("docs/guide/x.md"));
        assert_eq!(docs.label(), "the docs/ folder");
        let root = ContentDir::decide(Path::new("/nowhere"), Some(Path::new(".")));
        assert!(root.is_site_folder());
        assert_eq!(
            root.within(Path::new("guide/x.md")),
            Path::new("guide/x.md")
        );
        assert_eq!(root.source_of("x.md"), Path::new("x.md"));
        assert_eq!(root.label(), "the site folder");
    }

    #[test]
    fn without_a_setting_a_folder_without_content_is_its_own_content() {
        let site = tempfile::tempdir().unwrap();
        assert!(ContentDir::decide(site.path(), None).is_site_folder());
        std::fs::create_dir(site.path().join("content")).unwrap();
        assert_eq!(ContentDir::decide(site.path(), None), ContentDir::default());
    }
}
