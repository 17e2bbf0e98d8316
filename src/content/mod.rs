//! Discovering a site's files and reading each source into a `Page`.

pub(crate) mod attach;
pub(crate) mod chunked;

pub(crate) mod frontmatter;
pub(crate) mod gitdates;
pub(crate) mod meta;
pub(crate) mod mkdocs;
pub(crate) mod mkdocs_blog;
pub(crate) mod mkdocs_tags;
pub(crate) mod nav_plugins;
pub(crate) mod paths;
pub(crate) mod site;
pub(crate) mod taxonomy;
pub(crate) mod translations;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostic::{line_col, Diagnostic};
use crate::files::Links;
use crate::layout::{ContentDir, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR};
pub(crate) use meta::Meta;

/// A file to copy into the output as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaticFile {
    /// Where it is in content/ or static/, with `/` separators: what `{static}` links name, and
    /// the order files are kept in.
    pub path: String,
    /// Path in the output folder: `path`, unless an `{attach}` link moved it (see attach.rs).
    pub output: String,
    pub source: PathBuf,
    /// Whether it is in content/ (else static/).
    pub in_content: bool,
}

/// What is in a site folder, before anything is read.
#[derive(Debug, Default, Clone)]
pub struct Inventory {
    /// Markdown sources, relative to the site folder, sorted.
    pub sources: Vec<PathBuf>,
    pub static_files: Vec<StaticFile>,
    /// Symbolic links in content/, static/ and templates/, or those folders themselves, which
    /// are not followed (they may lead anywhere).
    pub skipped_links: Vec<PathBuf>,
}

impl Inventory {
    /// One note for all the links that were skipped, if any were.
    pub fn skipped_links_note(&self) -> Option<Diagnostic> {
        let first = self.skipped_links.first()?;
        let n = self.skipped_links.len();
        let others = match n {
            1 => String::new(),
            2 => " and 1 other".to_string(),
            _ => format!(" and {} others", n - 1),
        };
        Some(
            Diagnostic::warning(
                "symlink",
                first,
                format!("this symbolic link{others} {}: quire reads only the real files and folders in a site, never through a link", if n == 1 { "was skipped" } else { "were skipped" }),
            )
            .hint("copy the file or folder into the site instead of linking to it"),
        )
    }
}

/// Formats of pages Pelican reads (with its readers and plugins) and quire does not: Jupyter
/// notebooks, reStructuredText, HTML articles. Such a file in content/ is copied as it is.
const UNREAD_FORMATS: [&str; 5] = ["ipynb", "rst", "rest", "html", "htm"];

impl Inventory {
    /// One warning naming the files in content/ written in a format quire does not read as a
    /// page (`.ipynb`, `.rst`, an `.html` article with Pelican's `<meta>` fields), with how many
    /// there are and the first few: they are copied as they are, never silently left unread.
    pub fn unread_formats_warning(&self, site_dir: &Path) -> Option<Diagnostic> {
        let unread: Vec<&StaticFile> = (self.static_files.iter())
            .filter(|f| f.in_content && is_unread_page(&f.source))
            .collect();
        let first = unread.first()?;
        let n = unread.len();
        let named: Vec<&str> = unread.iter().take(3).map(|f| f.path.as_str()).collect();
        let more = if n > 3 { ", …" } else { "" };
        Some(
            Diagnostic::warning(
                "format",
                rel(site_dir, &first.source),
                format!(
                    "{n} page{} in a format quire does not read (it reads Markdown): {}{more}; {} copied as {}",
                    if n == 1 { " is" } else { "s are" },
                    named.join(", "),
                    if n == 1 { "it is" } else { "they are" },
                    if n == 1 { "a file" } else { "files" },
                ),
            )
            .hint("convert them to Markdown (.md) to build them as pages; reStructuredText, notebooks and HTML articles are not read"),
        )
    }
}

/// Whether a file in content/ is a page Pelican would read in a format quire does not: a
/// notebook, reStructuredText, or HTML with Pelican's metadata (`<meta name="date" …>`); other
/// HTML is a file to copy.
fn is_unread_page(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let ext = ext.to_ascii_lowercase();
    if !UNREAD_FORMATS.contains(&ext.as_str()) {
        return false;
    }
    if !ext.starts_with("htm") {
        return true;
    }
    let Ok(text) = std::fs::read(path) else {
        return false;
    };
    let head = String::from_utf8_lossy(&text[..text.len().min(4096)]).to_ascii_lowercase();
    [
        "<meta name=\"date\"",
        "<meta name=\"title\"",
        "<meta name=\"tags\"",
    ]
    .iter()
    .any(|m| head.contains(m))
}

impl Inventory {
    /// Each `README.md` whose folder has an `index.md` too, with that index: the index is the
    /// folder's page and the README is not built (as MkDocs does). By README, in source order.
    pub(crate) fn shadowed_readmes(&self) -> Vec<(&Path, &Path)> {
        let index_of = |s: &&PathBuf| stem(s).eq_ignore_ascii_case("index");
        let indexes: std::collections::HashMap<Option<&Path>, &Path> = (self.sources.iter())
            .filter(index_of)
            .map(|s| (s.parent(), s.as_path()))
            .collect();
        (self.sources.iter())
            .filter(|s| stem(s).eq_ignore_ascii_case("readme"))
            .filter_map(|s| Some((s.as_path(), *indexes.get(&s.parent())?)))
            .collect()
    }

    /// The sources that are built: all but a README beside an index (see `shadowed_readmes`).
    pub(crate) fn built_sources(&self) -> Vec<&Path> {
        let shadowed: std::collections::HashSet<&Path> = self
            .shadowed_readmes()
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        (self.sources.iter())
            .map(PathBuf::as_path)
            .filter(|s| !shadowed.contains(s))
            .collect()
    }

    /// One warning for each README left out for an index beside it.
    pub fn shadowed_readme_warnings(&self) -> Vec<Diagnostic> {
        (self.shadowed_readmes().into_iter())
            .map(|(readme, index)| {
                Diagnostic::warning(
                    "duplicate-output",
                    readme,
                    format!(
                        "{} is not built: {} is its folder's page (a folder has one)",
                        readme.display(),
                        index.display()
                    ),
                )
                .hint("merge the two, or rename one of them to keep both")
            })
            .collect()
    }
}

/// Lists the Markdown sources and static files of a site. Files in the content folder
/// that are not Markdown are copied beside the pages (Pelican's `images/`).
///
/// No link is followed, the content folder, static/ and templates/ themselves included: a site
/// from elsewhere could link them anywhere (`static -> /etc`). Links are listed in
/// `skipped_links`, for one note; named pipes, devices and sockets are errors, one for each.
pub fn discover(
    site_dir: &Path,
    content: &ContentDir,
    output_dir: &Path,
) -> Result<Inventory, Vec<Diagnostic>> {
    check_content_dir(site_dir, content)?;
    let mut walk = Walk {
        site_dir,
        output_dir,
        left_out: LeftOut::new(content, output_dir),
        inv: Inventory::default(),
        errors: Vec::new(),
    };
    walk.root(Root::Content, &content.under(site_dir))?;
    walk.root(Root::Static, &site_dir.join(STATIC_DIR))?;
    walk.root(Root::Templates, &site_dir.join(TEMPLATES_DIR))?;
    if content.is_site_folder() && walk.inv.sources.is_empty() {
        walk.errors.push(no_pages(site_dir));
    }
    if !walk.errors.is_empty() {
        return Err(walk.errors);
    }
    walk.inv.static_files.sort();
    Ok(walk.inv)
}

/// A site's content folder must be a folder of its own, not a link to one nor under one.
fn check_content_dir(site_dir: &Path, content: &ContentDir) -> Result<(), Vec<Diagnostic>> {
    let mut at = site_dir.to_path_buf();
    for part in content.rel().components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.is_symlink() => {
                let to = std::fs::read_link(&at).unwrap_or_default();
                return Err(vec![Diagnostic::error(
                    "symlink",
                    rel(site_dir, &at),
                    format!(
                        "{} is a symbolic link (to {}), which quire does not follow: a site's pages must be in its own folder",
                        content.label(),
                        to.display()
                    ),
                )
                .hint("replace the link with the folder it leads to, or build the site that folder is in")]);
            }
            Ok(m) if m.is_dir() => {}
            _ => {
                return Err(vec![Diagnostic::error(
                    "site",
                    content.under(site_dir),
                    format!("the site has no {}/ folder", content.rel().display()),
                )
                .hint(format!(
                    "make the folder, or name the folder of pages in {}: `content_dir: docs` (`.` for the site folder itself)",
                    crate::config::CONFIG_FILE
                ))])
            }
        }
    }
    Ok(())
}

/// A site folder with no content/ and no Markdown of its own: nothing to build.
fn no_pages(site_dir: &Path) -> Diagnostic {
    Diagnostic::error(
        "site",
        site_dir.join(CONTENT_DIR),
        "the site has no content/ folder, and no Markdown pages of its own",
    )
    .hint("run quire in a folder of Markdown pages (or a site folder holding content/), or name it: `quire build path/to/docs`; `quire init` makes a new site")
}

/// What a walk of the content folder passes over, besides dot files and editors' droppings:
/// the output folder however it was named, any folder a build wrote a site into (it holds the
/// manifest every build writes), and, when the content folder is the site folder, what the
/// site folder holds for other uses (site.yaml, static/, templates/). The fingerprint walks
/// with it too, so that a build's inputs are exactly what it reads.
#[derive(Clone)]
pub(crate) struct LeftOut {
    output_dir: PathBuf,
    /// The output folder's device and inode, when it exists.
    output_id: Option<(u64, u64)>,
    site_folder: bool,
}

impl LeftOut {
    pub(crate) fn new(content: &ContentDir, output_dir: &Path) -> LeftOut {
        use std::os::unix::fs::MetadataExt as _;
        LeftOut {
            output_dir: output_dir.to_path_buf(),
            output_id: std::fs::metadata(output_dir)
                .ok()
                .map(|m| (m.dev(), m.ino())),
            site_folder: content.is_site_folder(),
        }
    }

    /// Whether an entry under the content folder (at depth 1 or more) is passed over, with
    /// everything under it.
    pub(crate) fn skips(&self, e: &walkdir::DirEntry) -> bool {
        self.skips_path(e.path(), e.depth() == 1, e.file_type().is_dir())
    }

    /// `skips` for a path under the content folder; `top`: right in it.
    pub(crate) fn skips_path(&self, path: &Path, top: bool, is_dir: bool) -> bool {
        use std::os::unix::fs::MetadataExt as _;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if paths::is_ignored_name(&name) {
            return true;
        }
        if self.site_folder
            && top
            && [crate::config::CONFIG_FILE, STATIC_DIR, TEMPLATES_DIR].contains(&name.as_ref())
        {
            return true;
        }
        if !is_dir {
            return false;
        }
        path == self.output_dir
            || (self.output_id.is_some()
                && std::fs::symlink_metadata(path)
                    .ok()
                    .map(|m| (m.dev(), m.ino()))
                    == self.output_id)
            || std::fs::symlink_metadata(path.join(crate::layout::MANIFEST)).is_ok()
    }
}

/// The folders of a site that `discover` walks.
#[derive(Clone, Copy, PartialEq)]
enum Root {
    /// Pages, and files copied beside them.
    Content,
    /// Files copied as they are.
    Static,
    /// Walked only for the note on links: templates.rs reads them, and refuses what is not a file.
    Templates,
}

/// What `discover` has found so far.
struct Walk<'a> {
    site_dir: &'a Path,
    output_dir: &'a Path,
    left_out: LeftOut,
    inv: Inventory,
    /// Files quire will not read (named pipes, devices, sockets).
    errors: Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Lists what is in one of the site's folders, in name order; a folder that is missing is
    /// empty, and one that cannot be read ends the listing.
    fn root(&mut self, kind: Root, root: &Path) -> Result<(), Vec<Diagnostic>> {
        match std::fs::symlink_metadata(root) {
            Ok(m) if m.is_symlink() => {
                self.inv.skipped_links.push(rel(self.site_dir, root));
                return Ok(());
            }
            Ok(m) if m.is_dir() => {}
            _ => return Ok(()),
        }
        let (output_dir, left_out) = (self.output_dir, self.left_out.clone());
        let walker = WalkDir::new(root)
            .sort_by_file_name()
            .follow_root_links(false)
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                let dropped = match kind {
                    Root::Content => left_out.skips(e),
                    Root::Static => paths::is_static_dropping(&name),
                    Root::Templates => paths::is_ignored_name(&name),
                };
                e.depth() == 0 || !(dropped || e.path() == output_dir)
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(root);
                vec![Diagnostic::error(
                    "io",
                    rel(self.site_dir, path),
                    format!("cannot read: {e}"),
                )]
            })?;
            self.entry(kind, root, &entry);
        }
        Ok(())
    }

    /// Files one entry under `root`: a source, a static file, a skipped link or an error.
    fn entry(&mut self, kind: Root, root: &Path, entry: &walkdir::DirEntry) {
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            self.inv.skipped_links.push(rel(self.site_dir, path));
        }
        if kind == Root::Templates {
            return;
        }
        if crate::files::is_special(file_type) {
            self.errors.push(
                Diagnostic::error(
                    "io",
                    rel(self.site_dir, path),
                    format!(
                        "this is {}, not a regular file: quire reads only regular files",
                        crate::files::kind_name(file_type)
                    ),
                )
                .hint("remove it, or put a regular file in its place"),
            );
        }
        if !file_type.is_file() {
            return;
        }
        let in_root = path.strip_prefix(root).unwrap_or(path);
        if kind == Root::Content && paths::is_markdown(path) {
            self.inv.sources.push(rel(self.site_dir, path));
        } else {
            self.inv.static_files.push(StaticFile {
                path: url_path(in_root),
                output: url_path(in_root),
                source: path.to_path_buf(),
                in_content: kind == Root::Content,
            });
        }
    }
}

/// A path relative to the site folder, for messages.
pub(crate) fn rel(site_dir: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(site_dir).unwrap_or(path).to_path_buf()
}

fn url_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One Markdown source, read and its header understood; its body is rendered later.
#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to the site folder, e.g. `content/pages/05-deployment/38-serverless.markdown`.
    pub source: PathBuf,
    pub meta: Meta,
    pub is_post: bool,
    pub slug: String,
    /// Path in the output folder, e.g. `serverless.html`.
    pub output: String,
    /// Linked as its folder (`guide/install/` for `guide/install/index.html`): `pretty_urls`.
    folder_url: bool,
    pub chapter: Option<String>,
    /// The chapter's own page, `00-*.markdown`, `index.md` or `README.md`: it titles the
    /// chapter and comes first.
    pub is_chapter_index: bool,
    /// Read by MkDocs' rules (a project with `mkdocs.yml`): its title, and the title a nav
    /// gives it, as MkDocs decides them (see mkdocs.rs).
    pub(crate) mkdocs: bool,
    /// What MkDocs' plugins and hooks would have made of the page, which quire shows as it is.
    pub(crate) leftovers: mkdocs::Leftovers,
    /// The whole file, for rendering and for turning offsets into lines (see `Page::text`).
    text: Text,
    /// The files its `{static}`, `{attach}` and `{filename}` links name, in order (see attach.rs).
    pub file_links: Vec<attach::FileLink>,
    pub body_offset: usize,
}

/// A page's file as it was read.
#[derive(Debug, Clone)]
enum Text {
    /// Builds that follow one another (serve, `--watch`) keep it: they re-render and compare.
    Held(String),
    /// A one-off build reads it again when it renders and checks the page: held to the end,
    /// every page's Markdown was most of its memory.
    /// The site folder is shared by every page, not a path of its own in each.
    Dropped {
        site_dir: Arc<Path>,
        len: usize,
        hash: u64,
    },
}

impl Page {
    /// The whole file, front matter and all, as it was when the site was loaded.
    pub fn text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        let (site_dir, len, hash) = match &self.text {
            Text::Held(text) => return Ok(Cow::Borrowed(text)),
            Text::Dropped {
                site_dir,
                len,
                hash,
            } => (site_dir, *len, *hash),
        };
        let bytes = crate::files::read_regular(&site_dir.join(&self.source), Links::Refuse)
            .map_err(|e| Diagnostic::error("io", &self.source, format!("cannot read: {e}")))?;
        let changed = || {
            Diagnostic::error(
                "io",
                &self.source,
                "the file changed while quire was building the site",
            )
            .hint("build again once the file is saved")
        };
        if bytes.len() != len || xxhash_rust::xxh3::xxh3_64(&bytes) != hash {
            return Err(changed());
        }
        // The same bytes as when loaded, which were UTF-8.
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| changed())
    }

    /// The page without its text in memory, which `text` then reads again from `site_dir`
    /// (for a build that renders each page once; see `Text::Dropped`).
    pub fn without_text(mut self, site_dir: &Arc<Path>) -> Page {
        if let Text::Held(text) = &self.text {
            self.text = Text::Dropped {
                site_dir: Arc::clone(site_dir),
                len: text.len(),
                hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            };
        }
        self
    }

    /// The page's path as it is linked, decided once when it is placed: its output, or with
    /// `pretty_urls` the folder of an `index.html` (`guide/install/`; the root is empty).
    /// Whatever links a page asks this, through `SitePath::new`.
    pub(crate) fn url_path(&self) -> &str {
        match self.folder_url {
            true => self
                .output
                .strip_suffix("index.html")
                .unwrap_or(&self.output),
            false => &self.output,
        }
    }

    pub fn sidebartitle(&self) -> &str {
        self.meta
            .sidebartitle
            .as_deref()
            .unwrap_or(&self.meta.title)
    }
}

impl Page {
    /// Whether anything but its own URL leads to the page (see `Site::is_findable`).
    pub(crate) fn is_findable(&self) -> bool {
        !self.meta.hidden
    }

    /// The page given its slug and its place: its own `save_as:`/`url:` if it has one, else
    /// where site.yaml's `permalinks:` say, else where its file is (see `permalink`).
    fn placed(mut self, placing: &Placing) -> Result<Page, Vec<Diagnostic>> {
        let from_title = placing.permalinks.slugs == Some(crate::config::SlugSource::Title);
        if from_title && !self.has_own_slug() {
            let slug = paths::slug_of(paths::SlugKind::Title, &self.meta.title);
            if !slug.is_empty() && paths::check_slug(&slug).is_ok() {
                self.slug = slug;
            }
        }
        self.output = match pelican_output(&self.source, &self.meta)? {
            Some(output) => output,
            None => self.permalink(placing, from_title)?,
        };
        let is_index = self.output == "index.html" || self.output.ends_with("/index.html");
        // Material's posts are at folder URLs as its pages are.
        let folder_post = self.is_post && placing.blog.is_some();
        self.folder_url = placing.pretty_urls && (!self.is_post || folder_post) && is_index;
        Ok(self)
    }

    /// Whether the page's front matter names its slug.
    fn has_own_slug(&self) -> bool {
        self.meta.slug.as_deref().is_some_and(|s| !s.is_empty())
    }

    /// Where `permalinks` place the page; without a pattern, a post is `blog/{slug}.html`, a
    /// page with a slug of its own (or one from its title) `{slug}.html`, and any other page
    /// goes where its file is (`guide/install.html`, see `paths::folder_output`). A page in
    /// another language than the site's (`default_lang`, site.yaml's `lang:`), or a
    /// translation, is `{slug}-{lang}`, as Pelican's ARTICLE_LANG_SAVE_AS writes it, unless a
    /// `*_lang` pattern places it.
    fn permalink(&self, placing: &Placing, from_title: bool) -> Result<String, Vec<Diagnostic>> {
        let (permalinks, default_lang) = (placing.permalinks, placing.lang);
        let (pattern, lang_pattern) = match self.is_post {
            true => (&permalinks.posts, &permalinks.posts_lang),
            false => (&permalinks.pages, &permalinks.pages_lang),
        };
        let other_lang = default_lang.is_some() && self.meta.lang.as_deref() != default_lang;
        let suffixed = self.meta.translation || other_lang;
        if let (true, Some(blog)) = (self.is_post, placing.blog) {
            return Ok(mkdocs_blog::post_output(self, blog, placing.pretty_urls));
        }
        if placing.mkdocs && !self.is_post {
            let content_rel = placing.content.within(&self.source);
            return Ok(mkdocs::output(content_rel, placing.pretty_urls));
        }
        let by_folder = !self.is_post && !from_title && !self.has_own_slug();
        if let (None, true) = (pattern, by_folder) {
            let content_rel = placing.content.within(&self.source);
            let lang = self.meta.lang.as_deref().filter(|_| suffixed);
            return Ok(paths::folder_output(content_rel, lang, placing.pretty_urls));
        }
        let (pattern, slug) = match &self.meta.lang {
            Some(_) if (self.meta.translation || other_lang) && lang_pattern.is_some() => {
                (lang_pattern, self.slug.clone())
            }
            Some(lang) if self.meta.translation || other_lang => {
                (pattern, format!("{}-{lang}", self.slug))
            }
            _ => (pattern, self.slug.clone()),
        };
        let Some(pattern) = pattern else {
            return Ok(paths::output_path(self.is_post, &slug, placing.pretty_urls));
        };
        // The category page's own slug (Pelican's `{category}` is its slug, substitutions and all).
        let category = self.meta.category.as_deref().unwrap_or(DEFAULT_CATEGORY);
        let category = paths::slug_of(paths::SlugKind::Category, category);
        let fields = paths::PermalinkFields {
            slug: &slug,
            category: &category,
            lang: (self.meta.lang.as_deref()).or(default_lang).unwrap_or("en"),
            date: self.meta.date.as_ref(),
        };
        paths::expand_permalink(pattern, &fields).map_err(|why| {
            vec![Diagnostic::error("slug", &self.source, why).hint("see `permalinks:` in site.yaml")]
        })
    }
}

/// What site.yaml says of where pages go.
#[derive(Debug, Clone)]
pub(crate) struct Placing<'a> {
    pub(crate) permalinks: &'a crate::config::Permalinks,
    /// The site's language (`lang:`), when there are settings.
    pub(crate) lang: Option<&'a str>,
    pub(crate) pretty_urls: bool,
    /// Where the pages are: folders under it are the pages' folders.
    pub(crate) content: &'a ContentDir,
    /// site.yaml's `markdown:` switches: where code is in a page (whose links name no file).
    pub(crate) markdown: &'a crate::config::Extensions,
    /// The site is a MkDocs project: pages are read by MkDocs' rules (see `Page::mkdocs`).
    pub(crate) mkdocs: bool,
    /// site.yaml's `timezone:`, the zone of dates written without one.
    pub(crate) zone: Option<jiff::tz::TimeZone>,
    /// site.yaml's `default_date:`, the date of a post written without one.
    pub(crate) default_date: Option<&'a str>,
    /// Material's blog plugin, in a MkDocs project that names it: where posts are and go.
    pub(crate) blog: Option<&'a crate::config::mkdocs::Blog>,
    /// On a Pelican site, which files are pages and which articles (`pelican_paths:`).
    pub(crate) pelican_paths: std::borrow::Cow<'a, crate::config::PelicanPaths>,
}

impl<'a> Placing<'a> {
    pub(crate) fn of(config: &'a crate::config::Config) -> Placing<'a> {
        paths::use_substitutions(&config.slug_substitutions);
        Placing {
            permalinks: &config.permalinks,
            lang: Some(&config.lang),
            pretty_urls: config.pretty_urls,
            content: &config.content,
            markdown: &config.markdown,
            mkdocs: config.from_mkdocs,
            zone: config.timezone.as_deref().and_then(crate::date::zone),
            default_date: config.default_date.as_deref(),
            blog: config.pages.blog.as_ref().filter(|_| config.from_mkdocs),
            pelican_paths: match &config.pelican_paths {
                Some(paths) => std::borrow::Cow::Borrowed(paths),
                None => std::borrow::Cow::Owned(Default::default()),
            },
        }
    }
}

/// Reads and parses one source, and places it as `placing` says (see `Page::placed`). Every
/// problem in it is returned, not just the first.
pub(crate) fn load_page(
    site_dir: &Path,
    source: &Path,
    placing: &Placing,
) -> Result<Page, Vec<Diagnostic>> {
    // Not through a link, nor waiting on a FIFO put where the page was since it was listed.
    let bytes = crate::files::read_regular(&site_dir.join(source), Links::Refuse)
        .map_err(|e| vec![Diagnostic::error("io", source, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let good = std::str::from_utf8(&bytes[..valid]).expect("valid prefix");
        let (line, col) = line_col(good, valid);
        vec![Diagnostic::error(
            "encoding",
            source,
            format!(
                "the file is not UTF-8 (byte 0x{:02x} is not valid here)",
                bytes[valid]
            ),
        )
        .at(line, col)
        .hint("save the file as UTF-8 (in most editors: Save with Encoding > UTF-8)")]
    })?;
    // Pelican's DEFAULT_DATE `fs`: the file's modification time.
    let modified = (placing.default_date == Some("fs"))
        .then(|| {
            std::fs::metadata(site_dir.join(source))
                .and_then(|m| m.modified())
                .ok()
        })
        .flatten()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64);
    parse(source, placing, text, modified)?.placed(placing)
}

/// A page MkDocs' plugins make (it has no file of its own): its text, placed as `placing` says.
pub(crate) fn generated_page(
    source: &Path,
    placing: &Placing,
    text: String,
) -> Result<Page, Vec<Diagnostic>> {
    parse(source, placing, text, None)?.placed(placing)
}

/// A page of this text, placed as a site without `permalinks:` or `lang:` places it.
#[cfg(test)]
pub(crate) fn parse_page(source: &Path, text: String) -> Result<Page, Vec<Diagnostic>> {
    parse_page_as(source, text, false)
}

/// `parse_page`, in a MkDocs project when `mkdocs` is true.
#[cfg(test)]
pub(crate) fn parse_page_as(
    source: &Path,
    text: String,
    mkdocs: bool,
) -> Result<Page, Vec<Diagnostic>> {
    let placing = Placing {
        permalinks: &Default::default(),
        lang: None,
        pretty_urls: false,
        content: &ContentDir::default(),
        markdown: &Default::default(),
        mkdocs,
        zone: None,
        default_date: None,
        blog: None,
        pelican_paths: Default::default(),
    };
    parse(source, &placing, text, None)?.placed(&placing)
}

/// The page, not yet placed (see `Page::placed`).
fn parse(
    source: &Path,
    placing: &Placing,
    text: String,
    modified: Option<i64>,
) -> Result<Page, Vec<Diagnostic>> {
    let content = placing.content;
    let split = frontmatter::split(&text, meta::is_known).map_err(|e| {
        let d = Diagnostic::error("front-matter", source, e.message);
        let d = match e.column {
            Some(column) => d.at(e.line, column),
            None => d.at_line(e.line),
        };
        vec![d.hint(e.hint)]
    })?;
    let body_offset = split.body_offset;
    let mut meta = meta::from_fields(split.fields, source)?;
    settle_dates(&mut meta, placing, content.within(source), modified);
    settle_category(&mut meta, placing, content.within(source));
    // A page without a title in its header: its first heading's, else its file's name.
    let leftovers = match placing.mkdocs {
        true => mkdocs::Leftovers::of(&text[body_offset..], &mut meta),
        false => mkdocs::Leftovers::default(),
    };
    if meta.title.is_empty() && placing.mkdocs {
        meta.title = mkdocs::title(&text[body_offset..], content.within(source));
    } else if meta.title.is_empty() {
        meta.title = frontmatter::title_in_text(&text[body_offset..])
            .unwrap_or_else(|| paths::title_from_file(content.within(source)));
    }
    let content_rel = content.within(source);
    // In a MkDocs project a date is a post's only in the blog's folder (Material's blog).
    // On a Pelican site (`default_date:`), a file in pages/ is a page, dated or not, as Pelican
    // tells articles and pages apart by their folder.
    let pelicans_page =
        placing.default_date.is_some() && placing.pelican_paths.is_page(content_rel);
    let is_post = meta.date.is_some()
        && !pelicans_page
        && !meta
            .category
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("page"))
        && match (placing.mkdocs, placing.blog) {
            (false, _) => true,
            (true, Some(blog)) => mkdocs_blog::is_post(content_rel, blog),
            (true, None) => mkdocs::is_blog_post(content_rel),
        };
    if let (true, Some(blog)) = (is_post, placing.blog) {
        mkdocs_blog::settle_draft(&text[..body_offset], &mut meta, blog);
    }
    let slug = meta
        .slug
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| paths::default_slug(source));
    let checked = match placing.default_date {
        // Pelican writes a slug with spaces as it is (`QUIC build environment.html`).
        Some(_) => paths::check_pelican_slug(&slug),
        None => paths::check_slug(&slug),
    };
    if let Err(why) = checked {
        let mut d = Diagnostic::error("slug", source, why)
            .hint("use a slug of letters, digits, `-` and `_`, e.g. `slug: my-page`");
        if let Some(line) = meta.slug_line {
            d = d.at_line(line);
        }
        return Err(vec![d]);
    }
    let file_name = source.file_name().and_then(|f| f.to_str()).unwrap_or("");
    Ok(Page {
        // Placed next (see `Page::placed`), once it is known what the site's settings say.
        output: String::new(),
        folder_url: false,
        chapter: if is_post {
            None
        } else {
            paths::chapter_of(content_rel)
        },
        is_chapter_index: match placing.mkdocs {
            true => mkdocs::is_index(source),
            false => {
                !is_post
                    && (paths::order_prefix(file_name) == Some(0)
                        || paths::is_index_name(stem(source)))
            }
        },
        source: source.to_path_buf(),
        mkdocs: placing.mkdocs,
        leftovers,
        is_post,
        slug,
        file_links: attach::file_links(content_rel, &text[body_offset..], placing.markdown),
        meta,
        text: Text::Held(text),
        body_offset,
    })
}

/// Pelican's TIMEZONE and DEFAULT_DATE: a post (a file outside `pages/`, as Pelican's
/// PAGE_PATHS) without a date gets the default one, the file's modification time for `fs`;
/// then dates written without a zone are in the site's. What Pelican skips is left out.
fn settle_dates(
    meta: &mut meta::Meta,
    placing: &Placing,
    in_content: &Path,
    modified: Option<i64>,
) {
    let zone = placing.zone.as_ref();
    if meta.date.is_none() && !placing.mkdocs && placing.pelican_paths.is_article(in_content) {
        meta.date = match placing.default_date {
            Some("fs") => modified.map(|s| crate::date::Date::at_instant(s, zone)),
            Some("none") => {
                // Pelican skips the article ("could not find information about 'date'").
                meta.skipped_by_pelican = !meta.draft;
                meta.draft = true;
                None
            }
            Some(date) => crate::date::Date::parse(date),
            None => None,
        };
    }
    if meta.title.is_empty() && placing.default_date.is_some() && !meta.draft {
        // Pelican skips a page or article without one ("could not find information about
        // 'title'"), where quire would take its first heading.
        meta.skipped_by_pelican = true;
        meta.draft = true;
    }
    if let Some(zone) = zone {
        meta.date = meta.date.take().map(|d| d.in_zone(zone));
        meta.modified = meta.modified.take().map(|d| d.in_zone(zone));
    }
}

/// Pelican's USE_FOLDER_AS_CATEGORY: an article naming no category (or an empty one) is in the
/// category of the folder it is in, the last folder of its path under content/ (`posts` for
/// `posts/a.md`, as Pelican reads the path); at the top, none (`misc` in its address).
fn settle_category(meta: &mut meta::Meta, placing: &Placing, in_content: &Path) {
    let named = meta
        .category
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty());
    let pelicans = placing.default_date.is_some() && !placing.mkdocs;
    let paths = &placing.pelican_paths;
    if named || !pelicans || !paths.is_article(in_content) {
        return;
    }
    let folder = (in_content.parent().and_then(Path::file_name))
        .and_then(|f| f.to_str())
        .filter(|f| paths.folder_as_category && !f.is_empty());
    // Pelican's DEFAULT_CATEGORY: a category like any other, with its own page.
    meta.category = Some(folder.unwrap_or(DEFAULT_CATEGORY).to_string());
}

/// The category of a Pelican article that names none and takes none from its folder.
const DEFAULT_CATEGORY: &str = "misc";

/// Pelican's way of telling pages from articles: each is a file under one of its PATHS and not
/// under one of its EXCLUDES, and the other kind's PATHS exclude too (Pelican adds them). As
/// Pelican walks a PATH, an exclusion is a folder below it (the PATH itself is not one).
impl crate::config::PelicanPaths {
    pub(crate) fn is_page(&self, in_content: &Path) -> bool {
        found(
            in_content,
            &self.pages,
            [&self.page_excludes, &self.articles],
        )
    }

    pub(crate) fn is_article(&self, in_content: &Path) -> bool {
        found(
            in_content,
            &self.articles,
            [&self.article_excludes, &self.pages],
        ) && !self.is_page(in_content)
    }
}

fn found(in_content: &Path, paths: &[String], excludes: [&[String]; 2]) -> bool {
    let under = |folder: &str| in_content.starts_with(folder.trim_matches('/'));
    paths.iter().any(|path| {
        let path = path.trim_matches('/');
        under(path)
            && !(excludes.iter().flat_map(|e| e.iter())).any(|e| {
                let e = e.trim_matches('/');
                !e.is_empty() && e != path && Path::new(e).starts_with(path) && under(e)
            })
    })
}

fn stem(source: &Path) -> &str {
    source.file_stem().and_then(|s| s.to_str()).unwrap_or("")
}

/// Where a page's own `save_as:` (Pelican's `Save_as:`), else its `url:`, writes it (a
/// trailing `/` meaning the folder's `index.html`); `None` when it has neither.
fn pelican_output(source: &Path, meta: &Meta) -> Result<Option<String>, Vec<Diagnostic>> {
    let chosen = meta
        .save_as
        .as_ref()
        .map(|(s, line)| ("save_as", s, *line))
        .or_else(|| meta.url.as_ref().map(|(u, line)| ("url", u, *line)));
    let Some((key, value, line)) = chosen else {
        return Ok(None);
    };
    let mut path = value.trim_start_matches('/').to_string();
    let last = path.rsplit('/').next().unwrap_or("");
    if key == "url" && !last.is_empty() && !last.contains('.') {
        // An address without an extension is a folder's (`about` serves `about/index.html`).
        path.push('/');
    }
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    paths::check_slug(&path).map_err(|why| {
        vec![Diagnostic::error("slug", source, why.replacen("the slug", &format!("`{key}:`"), 1))
            .at_line(line)
            .hint(format!("write `{key}:` as a path inside the site, e.g. `{key}: about/index.html` or `{key}: about/`"))]
    })?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
        parse_page(Path::new(path), text.to_string())
    }

    #[test]
    fn pelicans_paths_tell_pages_from_articles_as_pelican_walks_them() {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let defaults = crate::config::PelicanPaths::default();
        assert!(defaults.is_page(Path::new("pages/about.md")));
        assert!(defaults.is_article(Path::new("posts/a.md")));
        assert!(!defaults.is_article(Path::new("pages/about.md")));
        let own = crate::config::PelicanPaths {
            pages: list(&["static-pages"]),
            articles: list(&["blog"]),
            page_excludes: list(&["static-pages/drafts"]),
            ..Default::default()
        };
        assert!(own.is_page(Path::new("static-pages/about.md")));
        assert!(!own.is_page(Path::new("static-pages/drafts/x.md")));
        assert!(!own.is_page(Path::new("pages/about.md")));
        assert!(own.is_article(Path::new("blog/2017/a.md")));
        // In neither: Pelican reads it as neither.
        assert!(!own.is_article(Path::new("notes/a.md")));
        // An exclusion is a folder below the PATH walked, never the PATH itself.
        let itself = crate::config::PelicanPaths {
            page_excludes: list(&["pages"]),
            ..Default::default()
        };
        assert!(itself.is_page(Path::new("pages/about.md")));
    }

    #[test]
    fn a_dated_non_page_is_a_post() {
        let p = parse(
            "content/posts/a.md",
            "title: A\ndate: 2017-03-28\ncategory: post\n\nx",
        )
        .unwrap();
        assert!(p.is_post);
        assert_eq!(p.output, "blog/a.html");
        assert_eq!(p.chapter, None);
        let p = parse(
            "content/b.md",
            "title: B\ndate: 2017-03-28\ncategory: page\n\nx",
        )
        .unwrap();
        assert!(!p.is_post);
        assert_eq!(p.output, "b.html");
    }

    #[test]
    fn a_slug_outside_the_output_names_its_line() {
        let errs = parse("content/a.md", "title: A\nslug: ../x\n\nx").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("outside the output folder"));
    }

    #[test]
    fn a_page_without_its_text_reads_it_again_and_notices_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let source = Path::new("content/a.md");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let text = "title: A\n\nSome *text*.\n";
        std::fs::write(dir.path().join(source), text).unwrap();
        let placing = Placing {
            permalinks: &Default::default(),
            lang: None,
            pretty_urls: false,
            content: &ContentDir::default(),
            markdown: &Default::default(),
            mkdocs: false,
            zone: None,
            default_date: None,
            blog: None,
            pelican_paths: Default::default(),
        };
        let page = load_page(dir.path(), source, &placing)
            .unwrap()
            .without_text(&Arc::from(dir.path()));
        assert!(matches!(page.text, Text::Dropped { .. }));
        assert_eq!(page.text().unwrap(), text);
        std::fs::write(dir.path().join(source), "title: A\n\nOther text.\n").unwrap();
        let e = page.text().unwrap_err();
        assert!(
            e.message.contains("changed while quire was building"),
            "{e:?}"
        );
        std::fs::remove_file(dir.path().join(source)).unwrap();
        assert!(page.text().unwrap_err().message.contains("cannot read"));
    }

    #[test]
    fn chapter_index_pages() {
        let p = parse(
            "content/pages/05-deployment/00-deployment.markdown",
            "title: Deployment\n\nx",
        )
        .unwrap();
        assert!(p.is_chapter_index);
        assert_eq!(p.slug, "deployment");
        assert_eq!(p.chapter.as_deref(), Some("05-deployment"));
    }
}
