//! The names of a site's folders and of the files quire keeps beside its output: the one
//! place every stage looks them up, so no stage has to import another for a name.

/// The pages.
pub(crate) const CONTENT_DIR: &str = "content";
/// Files copied as they are.
pub(crate) const STATIC_DIR: &str = "static";
/// The site's own templates, over the built-in theme.
pub(crate) const TEMPLATES_DIR: &str = "templates";
/// What one build keeps for the next (the Markdown cache, the fingerprint, the record).
pub(crate) const CACHE_DIR: &str = ".quire-cache";
/// The output folder's list of the files quire wrote there, with their digests.
pub(crate) const MANIFEST: &str = ".quire-manifest";
