//! What links written to sources (see markdown/intrasite.rs) point to in this site: a page's
//! source or a file of the content folder to its output URL, a tag or category to its listing
//! page.
//!
//! A relative link (`../guide/install.md#linux`) is read from the page's source folder, as
//! GitHub reads it: a page's source leads to the page, a file beside the pages to where it is
//! copied, a folder to its `index.md` or `README.md`. One that names none of them stays as
//! written (it may name a file of static/ or an output, which the checks look for), unless it
//! names a Markdown file: that is a page the writer expected, and a broken link.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;

use crate::content::attach::{join_into, relative_path, source_folder};
use crate::content::paths::{is_index_name, is_markdown};
use crate::content::site::Site;
use crate::content::{Page, StaticFile};
use crate::layout::ContentDir;
use crate::markdown::intrasite::{Found, Kind, Resolved};
use crate::markdown::slugify;
use crate::routes::Routes;
use crate::url::SitePath;

/// The site's pages and files, looked up by the paths intrasite links name.
pub(crate) struct Targets<'a> {
    site: &'a Site,
    /// Sorted by output path.
    static_files: &'a [StaticFile],
    /// Every output of the build: tag, category and author links name pages among them.
    routes: &'a Routes,
    /// Made when a page first needs it: a site whose links all name outputs never does.
    sources: OnceLock<Sources>,
    /// "Did you mean" indexes over the pages and files, the pages alone and the files alone
    /// (see `closest`), each made when a broken link first needs it.
    near: [OnceLock<Near>; 3],
    /// Where the pages are: link paths are in it.
    content: &'a ContentDir,
}

/// Why a link names nothing; told in words only for links outside code.
#[derive(Debug, PartialEq)]
pub(crate) enum Why {
    /// A `{filename}`, `{static}` or `{attach}` path climbs above the content folder.
    LeavesContent,
    /// There is no such file under content/ (or static/): the path it looked for.
    NoFile(String),
    /// A tag's, category's or author's page that the site does not have.
    NoListing(Listing),
    /// A relative link to a Markdown file that is no page: the path it looked for.
    NoSource(String),
}

/// The listings tag, category and author links lead to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Listing {
    Tag,
    Category,
    Author,
}

impl Listing {
    fn folder(self) -> &'static str {
        match self {
            Listing::Tag => "tags",
            Listing::Category => "category",
            Listing::Author => "author",
        }
    }
}

/// What a path under content/ names.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A page, by its index in the site.
    Page(usize),
    /// A file copied beside the pages, by its index in the static files.
    File(usize),
}

/// Every path under content/ a relative link may name, made once per build: pages by their
/// sources, files by their paths, folders by their `index` or `README` page. (Its own keys:
/// borrowed ones would tie the render context's lifetime to this lazily made map's.)
struct Sources {
    by_path: HashMap<String, Source>,
}

/// A page's source under content/, as links name it.
fn source_path<'p>(page: &'p Page, content: &ContentDir) -> &'p str {
    content.within(&page.source).to_str().unwrap_or("")
}

impl Sources {
    fn new(site: &Site, static_files: &[StaticFile], content: &ContentDir) -> Self {
        let mut by_path = HashMap::with_capacity(site.pages.len() * 5 / 4 + static_files.len());
        let files = (static_files.iter().enumerate()).filter(|(_, f)| f.in_content);
        by_path.extend(files.map(|(i, f)| (f.path.clone(), Source::File(i))));
        // A folder's page: its `index` before its `README`, the first source of each.
        let mut folders: Vec<(&str, bool, usize)> = Vec::new();
        for (i, page) in site.pages.iter().enumerate() {
            let path = source_path(page, content);
            by_path.insert(path.to_string(), Source::Page(i));
            let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
            if is_index_name(stem) {
                let is_index = stem.eq_ignore_ascii_case("index");
                folders.push((folder, !is_index, i));
            }
        }
        folders.sort_unstable();
        for (folder, _, i) in folders.into_iter().rev() {
            by_path.insert(folder.to_string(), Source::Page(i));
        }
        Sources { by_path }
    }
}

impl<'a> Targets<'a> {
    pub(crate) fn new(
        site: &'a Site,
        static_files: &'a [StaticFile],
        routes: &'a Routes,
        content: &'a ContentDir,
    ) -> Self {
        Targets {
            site,
            static_files,
            routes,
            content,
            sources: OnceLock::new(),
            near: Default::default(),
        }
    }

    fn sources(&self) -> &Sources {
        (self.sources).get_or_init(|| Sources::new(self.site, self.static_files, self.content))
    }

    /// What `link`, written on `page`, leads to: a site link (`/x.html#part`) that the last
    /// pass places. `scratch` is the caller's, kept from link to link.
    pub(crate) fn resolve(&self, page: &Page, link: &Found, scratch: &mut String) -> Resolved<Why> {
        let url = match link.kind {
            Kind::Index => Ok("index.html".to_string()),
            Kind::Filename | Kind::Static | Kind::Attach => self.file(page, link),
            Kind::Tag => self.listing(link, Listing::Tag),
            Kind::Category => self.listing(link, Listing::Category),
            Kind::Author => self.listing(link, Listing::Author),
            Kind::Relative => return self.relative(page, link, scratch),
        };
        match url {
            Ok(url) => Resolved::Url(format!("{}{}", SitePath::new(&url).link(), link.suffix)),
            Err(why) => Resolved::Broken(why),
        }
    }

    /// A relative link, from the page's source folder.
    fn relative(&self, page: &Page, link: &Found, scratch: &mut String) -> Resolved<Why> {
        let written = percent_decode_str(link.value).decode_utf8_lossy();
        // Above the content folder: as written, and the checks say where it leads.
        if !join_into(
            &source_folder(self.content.within(&page.source)),
            &written,
            scratch,
        ) {
            return Resolved::AsWritten;
        }
        // Where the target is written, and the address that names it (a page's folder, with
        // `pretty_urls`).
        let (output, url) = match self.sources().by_path.get(scratch.as_str()) {
            Some(Source::Page(i)) => {
                let target = &self.site.pages[*i];
                (target.output.as_str(), target.url_path())
            }
            Some(Source::File(i)) => {
                let output = self.static_files[*i].output.as_str();
                (output, output)
            }
            None if is_markdown(Path::new(scratch.as_str())) => {
                return Resolved::Broken(Why::NoSource(scratch.clone()))
            }
            None => return Resolved::AsWritten,
        };
        if leads_there(&page.output, &written, output, scratch) {
            return Resolved::AsWritten;
        }
        Resolved::Url(format!("{}{}", SitePath::new(url).link(), link.suffix))
    }

    /// What is wrong with a link that `resolve` found broken, and what to do: a message and a hint.
    pub(crate) fn explain(&self, page: &Page, link: &Found, why: Why) -> (String, String) {
        let marker = &link.written[..link.written.len() - link.value.len() - link.suffix.len()];
        match why {
            Why::LeavesContent => (
                format!(
                    "the intrasite link {} leads out of the content folder",
                    link.written
                ),
                format!(
                    "name a file under {}, e.g. {marker}/pages/about.md",
                    self.content.label()
                ),
            ),
            Why::NoFile(wanted) => self.no_file(link, marker, &wanted),
            Why::NoListing(listing) => self.no_listing(link, marker, listing),
            Why::NoSource(wanted) => self.no_source(page, link, &wanted),
        }
    }

    fn file(&self, page: &Page, link: &Found) -> Result<String, Why> {
        let wanted =
            crate::content::attach::content_path(self.content.within(&page.source), link.value);
        let Some(wanted) = wanted else {
            return Err(Why::LeavesContent);
        };
        if link.kind == Kind::Filename {
            // A page by its own source (a folder's key names its index page too).
            if let Some(Source::Page(i)) = self.sources().by_path.get(wanted.as_str()) {
                if source_path(&self.site.pages[*i], self.content) == wanted {
                    return Ok(self.site.pages[*i].url_path().to_string());
                }
            }
        }
        // By where the file is (an `{attach}` may have moved its output).
        let at = self.static_files.partition_point(|f| f.path < wanted);
        if let Some(f) = self.static_files.get(at).filter(|f| f.path == wanted) {
            return Ok(f.output.clone());
        }
        Err(Why::NoFile(wanted))
    }

    fn no_file(&self, link: &Found, marker: &str, wanted: &str) -> (String, String) {
        let what = if link.kind == Kind::Filename {
            "page or file"
        } else {
            "file"
        };
        let message = format!(
            "unknown intrasite link {}: there is no {what} {}",
            link.written,
            self.content.source_of(wanted).display()
        );
        let hint = match self.closest(wanted, link.kind == Kind::Filename, true) {
            Some(near) => format!("did you mean {marker}/{near}{}?", link.suffix),
            None => format!(
                "paths after {marker} are relative to {} when they start with `/`, else to the page's folder",
                self.content.label()
            ),
        };
        (message, hint)
    }

    /// A relative link to a Markdown file that no page has as its source.
    fn no_source(&self, page: &Page, link: &Found, wanted: &str) -> (String, String) {
        let message = format!(
            "broken link {}: there is no page {}",
            link.written,
            self.content.source_of(wanted).display()
        );
        let folder = source_folder(self.content.within(&page.source));
        let hint = match self.closest(wanted, true, false) {
            Some(near) => format!(
                "did you mean {}{}?",
                relative_path(&folder, near),
                link.suffix
            ),
            None => format!(
                "a link to a page names its source from this page's folder ({}), e.g. {}",
                self.content.source_of(folder.as_ref()).display(),
                relative_path(
                    &folder,
                    self.site
                        .pages
                        .iter()
                        .next()
                        .map_or("index.md", |p| source_path(p, self.content))
                )
            ),
        };
        (message, hint)
    }

    /// The page's source or the file most like a missing one: the only one of the same file
    /// name, or a near path. The one place a missing path is likened to those the site has.
    fn closest(&self, wanted: &str, pages: bool, files: bool) -> Option<&'a str> {
        let slot = match (pages, files) {
            (true, true) => 0,
            (false, true) => 1,
            _ => 2,
        };
        let near = self.near[slot].get_or_init(|| {
            let pages = (0..self.site.pages.len())
                .filter(|_| pages)
                .map(Source::Page);
            let files = (0..self.static_files.len())
                .filter(|_| files)
                .map(Source::File);
            Near::new(pages.chain(files).map(|c| (c, self.path_of(c))))
        });
        near.closest(wanted).map(|c| self.path_of(c))
    }

    /// A candidate's path under the content folder.
    fn path_of(&self, candidate: Source) -> &'a str {
        match candidate {
            Source::Page(i) => source_path(&self.site.pages[i], self.content),
            Source::File(i) => self.static_files[i].path.as_str(),
        }
    }

    /// A tag's, category's or author's page, where the site has one.
    fn listing(&self, link: &Found, listing: Listing) -> Result<String, Why> {
        let name = percent_decode_str(link.value).decode_utf8_lossy();
        let output = format!("{}/{}.html", listing.folder(), slugify(&name));
        match self.routes.contains(&output) {
            true => Ok(output),
            false => Err(Why::NoListing(listing)),
        }
    }

    fn no_listing(&self, link: &Found, marker: &str, listing: Listing) -> (String, String) {
        let name = percent_decode_str(link.value).decode_utf8_lossy();
        let slug = slugify(&name);
        let folder = listing.folder();
        let output = format!("{folder}/{slug}.html");
        let (what, whats, carriers) = match listing {
            Listing::Tag => ("tag", "tags", "no page has this tag"),
            Listing::Category => ("category", "categories", "no post is in this category"),
            Listing::Author => ("author", "authors", "no listed post names this author"),
        };
        // The nearest slug of this kind that the site has.
        let prefix = format!("{folder}/");
        let near = (self.routes.starting_with(&prefix))
            .filter_map(|o| o[prefix.len()..].strip_suffix(".html"))
            .filter(|s| !s.contains('/'))
            .map(|s| (strsim::levenshtein(&slug, s), s))
            .filter(|(d, _)| *d <= (slug.chars().count() / 2).max(2))
            .min();
        let hint = match near {
            Some((_, s)) => format!("did you mean {marker}{s}{}?", link.suffix),
            None => format!(
                "name one of the site's {whats} by its slug, or link to a page instead, e.g. {{filename}}/pages/about.md"
            ),
        };
        (
            format!(
                "the intrasite link {} needs the {what} page /{output}, which this site does not have: {carriers}",
                link.written
            ),
            hint,
        )
    }
}

/// Whether `written`, read from the page's output folder as a browser reads it, already leads
/// to `target` (an output path, or its folder for an `index.html`): such a link works as it
/// is, and stays byte for byte as it was.
fn leads_there(page_output: &str, written: &str, target: &str, scratch: &mut String) -> bool {
    let folder = page_output.rsplit_once('/').map_or("", |(f, _)| f);
    if !join_into(folder, written, scratch) {
        return false;
    }
    let rest = target.strip_prefix(scratch.as_str());
    match (rest, scratch.is_empty()) {
        (Some(""), _) => true,
        (Some("index.html"), true) => true,
        (Some(rest), false) => rest == "/index.html",
        _ => false,
    }
}

/// The sources and files a missing path is likened to: the only one of the same file name,
/// else the nearest path (`suggest::Nearest`, made once: a build with thousands of broken links
/// must not measure each against every path). Its own keys, as `Sources` has.
struct Near {
    all: Vec<Source>,
    /// Each file name, with the one candidate of that name (`None` when there are several).
    by_name: HashMap<String, Option<usize>>,
    nearest: crate::suggest::Nearest<usize>,
}

impl Near {
    fn new<'p>(candidates: impl Iterator<Item = (Source, &'p str)>) -> Self {
        let (all, paths): (Vec<Source>, Vec<&str>) = candidates.unzip();
        let mut by_name: HashMap<String, Option<usize>> = HashMap::new();
        for (i, path) in paths.iter().enumerate() {
            let name = path.rsplit('/').next().unwrap_or(path);
            by_name
                .entry(name.to_string())
                .and_modify(|only| *only = None)
                .or_insert(Some(i));
        }
        let nearest = crate::suggest::Nearest::new(paths.iter().enumerate().map(|(i, p)| (*p, i)));
        Near {
            all,
            by_name,
            nearest,
        }
    }

    fn closest(&self, wanted: &str) -> Option<Source> {
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        let i = match self.by_name.get(name) {
            Some(Some(only)) => *only,
            _ => *self.nearest.nearest(wanted)?,
        };
        Some(self.all[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_that_already_leads_to_the_output_is_kept() {
        let mut s = String::new();
        assert!(leads_there("a.html", "img/a.png", "img/a.png", &mut s));
        assert!(leads_there(
            "guide/a.html",
            "../img/a.png",
            "img/a.png",
            &mut s
        ));
        assert!(leads_there(
            "guide/a.html",
            "./",
            "guide/index.html",
            &mut s
        ));
        assert!(leads_there("guide/a.html", "..", "index.html", &mut s));
        // The page moved away from its source's folder: the written path leads elsewhere.
        assert!(!leads_there("a.html", "../img/a.png", "img/a.png", &mut s));
        assert!(!leads_there(
            "guide/a/index.html",
            "b.md",
            "guide/b.html",
            &mut s
        ));
        assert!(!leads_there("a.html", "img", "img/a.png", &mut s));
        assert!(!leads_there("a.html", "b.md", "b.html", &mut s));
    }
}
