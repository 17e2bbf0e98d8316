//! What Pelican's intrasite links (see markdown/intrasite.rs) point to in this site: a page's
//! source or a copied file to its output URL, a tag or category to its listing page.

use percent_encoding::percent_decode_str;

use crate::content::site::Site;
use crate::content::{Page, StaticFile};
use crate::layout::ContentDir;
use crate::markdown::intrasite::{Found, Kind};
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
    /// Where the pages are: link paths are in it.
    content: &'a ContentDir,
}

/// Why a link cannot be resolved, and what to do.
type Unknown = (String, String);

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
        }
    }

    /// The site-relative URL of what `link`, written on `page`, names.
    pub(crate) fn resolve(&self, page: &Page, link: &Found) -> Result<String, Unknown> {
        let url = match link.kind {
            Kind::Index => "index.html".to_string(),
            Kind::Filename | Kind::Static | Kind::Attach => self.file(page, link)?,
            Kind::Tag => self.listing(link, "tags", "tag")?,
            Kind::Category => self.listing(link, "category", "category")?,
            Kind::Author => self.listing(link, "author", "author")?,
        };
        Ok(format!("{}{}", SitePath::new(&url).link(), link.suffix))
    }

    fn file(&self, page: &Page, link: &Found) -> Result<String, Unknown> {
        let marker = &link.written[..link.written.len() - link.value.len() - link.suffix.len()];
        let wanted =
            crate::content::attach::content_path(self.content.within(&page.source), link.value);
        let Some(wanted) = wanted else {
            return Err((
                format!(
                    "the intrasite link {} leads out of the content folder",
                    link.written
                ),
                format!(
                    "name a file under {}, e.g. {marker}/pages/about.md",
                    self.content.label()
                ),
            ));
        };
        if link.kind == Kind::Filename {
            let source = self.content.source_of(&wanted);
            if let Ok(i) = self
                .site
                .pages
                .binary_search_by(|p| p.source.as_path().cmp(&source))
            {
                return Ok(self.site.pages[i].output.clone());
            }
        }
        // By where the file is (an `{attach}` may have moved its output).
        let at = self.static_files.partition_point(|f| f.path < wanted);
        if let Some(f) = self.static_files.get(at).filter(|f| f.path == wanted) {
            return Ok(f.output.clone());
        }
        let what = if link.kind == Kind::Filename {
            "page or file"
        } else {
            "file"
        };
        let message = format!(
            "unknown intrasite link {}: there is no {what} {}",
            link.written,
            self.content.source_of(&wanted).display()
        );
        let hint = match self.closest(&wanted, link.kind == Kind::Filename) {
            Some(near) => format!("did you mean {marker}/{near}{}?", link.suffix),
            None => format!(
                "paths after {marker} are relative to {} when they start with `/`, else to the page's folder",
                self.content.label()
            ),
        };
        Err((message, hint))
    }

    /// The page or file most like a missing one: the only one of the same file name, or a near path.
    fn closest(&self, wanted: &str, pages_too: bool) -> Option<String> {
        let pages = self
            .site
            .pages
            .iter()
            .filter(|_| pages_too)
            .filter_map(|p| p.source.strip_prefix(self.content.rel()).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        let files = self.static_files.iter().map(|f| f.path.clone());
        let all: Vec<String> = pages.chain(files).collect();
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        let same_name: Vec<&String> = all
            .iter()
            .filter(|c| c.rsplit('/').next() == Some(name))
            .collect();
        if let [only] = same_name[..] {
            return Some(only.clone());
        }
        let limit = (wanted.chars().count() / 2).max(2);
        all.into_iter()
            .map(|c| (strsim::levenshtein(wanted, &c), c))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, c)| c)
    }

    /// A tag's, category's or author's page, where the site has one.
    fn listing(&self, link: &Found, folder: &str, what: &str) -> Result<String, Unknown> {
        let name = percent_decode_str(link.value).decode_utf8_lossy();
        let slug = slugify(&name);
        let output = format!("{folder}/{slug}.html");
        if self.routes.contains(&output) {
            return Ok(output);
        }
        let carriers = match what {
            "tag" => "no page has this tag",
            "category" => "no post is in this category",
            _ => "no listed post names this author",
        };
        let marker = &link.written[..link.written.len() - link.value.len() - link.suffix.len()];
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
                "name one of the site's {} by its slug, or link to a page instead, e.g. {{filename}}/pages/about.md",
                if what == "category" { "categories".to_string() } else { format!("{what}s") }
            ),
        };
        Err((
            format!(
                "the intrasite link {} needs the {what} page /{output}, which this site does not have: {carriers}",
                link.written
            ),
            hint,
        ))
    }
}
