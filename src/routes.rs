//! Where everything a build writes goes: one table of the site's output paths, each with what
//! writes it, made once when the site is loaded.
//!
//! The table holds the pages with their aliases and llms.txt copies, the tag, category and
//! author pages, the static files, quire's own files (contents and blog pages, stylesheet,
//! chapter script) and the publishing files (404 page, search, sitemap, feed, robots.txt,
//! llms.txt). Making it is the collision check: no two of them, nor their `--precompress`
//! copies, may be one file on any system the site may be built on. Whatever asks what a build
//! writes reads this table: the build's plan and its resume record, `quire serve`, the checks'
//! link targets and intrasite links.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::chunked::Chunked;
use crate::content::site::Site;
use crate::content::taxonomy::{
    self, author_output, category_output, tag_output, AUTHORS_INDEX, TAGS_INDEX,
};
use crate::content::{Page, StaticFile};
use crate::diagnostic::Diagnostic;

/// The contents page and the blog page, which every build writes.
const LISTINGS: [&str; 2] = ["index.html", "blog.html"];

/// One file a build writes, and what writes it.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) output: String,
    origin: Origin,
    /// A page quire makes (contents, blog, 404, tag, category and author pages) which a content
    /// page written to the same path replaces.
    yields: bool,
}

/// What writes a route: by index, so that the table holds no copy of every source's path.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// The page of this index in `Site::pages`: the page itself, one of its aliases or its
    /// llms.txt Markdown, or a tag, category or author page it is the first to ask for.
    Page(usize),
    /// The static file of this index in `Sources::static_files`.
    File(usize),
    /// quire, of its own accord: named `(built-in) <output>` in messages.
    BuiltIn,
}

impl Route {
    /// A file that the page of index `page` (in `Site::pages`) asks for.
    pub(crate) fn page(output: String, page: usize) -> Route {
        Route {
            output,
            origin: Origin::Page(page),
            yields: false,
        }
    }

    /// A file quire makes of its own accord.
    pub(crate) fn built_in(output: &str) -> Route {
        Route {
            output: output.to_string(),
            origin: Origin::BuiltIn,
            yields: false,
        }
    }

    /// This route, as a page quire makes that a content page may take the place of.
    pub(crate) fn yielding(self) -> Route {
        Route {
            yields: true,
            ..self
        }
    }

    /// The route as the collision check names it: its source's path, or `(built-in) <output>`.
    fn claim<'a>(&'a self, site: &'a Site, static_files: &'a [StaticFile]) -> Claim<'a> {
        let origin = match self.origin {
            Origin::Page(i) => Cow::Borrowed(site.pages[i].source.as_path()),
            Origin::File(i) => Cow::Borrowed(static_files[i].source.as_path()),
            Origin::BuiltIn => Cow::Owned(PathBuf::from(format!("{BUILT_IN}{}", self.output))),
        };
        Claim {
            output: Cow::Borrowed(&self.output),
            origin,
        }
    }
}

/// An output path and what claims it, by name, for the collision check.
struct Claim<'a> {
    output: Cow<'a, str>,
    origin: Cow<'a, Path>,
}

/// What the routes are made from: the site model, the files copied as they are, and the names
/// of what the other stages write.
pub(crate) struct Sources<'a> {
    pub(crate) site: &'a Site,
    pub(crate) static_files: &'a [StaticFile],
    /// Where quire's stylesheet and chapter script go (named by their content).
    pub(crate) stylesheet: &'a str,
    pub(crate) chapters_script: &'a str,
    /// What publishing writes (`publish::routes`).
    pub(crate) published: Vec<Route>,
    /// `--precompress`: every text file gets `.gz` and `.br` copies beside it.
    pub(crate) precompress: bool,
}

/// Every file a build writes, `--precompress` copies aside (the output folder makes those
/// beside the files it writes), sorted by output path; no two are one file anywhere.
#[derive(Debug)]
pub(crate) struct Routes {
    routes: Vec<Route>,
    /// The pages quire makes that content pages replace: (output, index of the page in
    /// `Site::pages`), by output. The build does not write these.
    replaced: Vec<(String, usize)>,
}

impl Routes {
    /// The site's routes, or an error for each path claimed twice or not the site's to write.
    pub(crate) fn new(sources: Sources) -> Result<Routes, Vec<Diagnostic>> {
        let site = sources.site;
        // In the order a collision's message names them: listings and files, then pages.
        let mut others = author_routes(site);
        others.extend(static_routes(sources.static_files));
        others.extend(LISTINGS.map(|l| Route::built_in(l).yielding()));
        let assets = [sources.stylesheet, sources.chapters_script];
        others.extend(assets.map(Route::built_in));
        others.extend(sources.published);
        others.extend(term_routes(site));
        let pages: Vec<Route> = (site.pages.iter().enumerate())
            .map(|(i, p)| Route::page(p.output.clone(), i))
            .collect();
        let (others, replaced) = step_aside(others, &pages);
        let claims: Vec<Claim> = (others.iter().chain(&pages))
            .map(|r| r.claim(site, sources.static_files))
            .collect();
        let copies = match sources.precompress {
            true => compressed_copies(&claims),
            false => Vec::new(),
        };
        let (other_claims, page_claims) = claims.split_at(others.len());
        check_unique(
            &site.pages,
            other_claims.iter().chain(&copies).chain(page_claims),
        )?;
        // The claims borrow the routes, which the table takes next.
        drop(claims);
        let mut routes = others;
        routes.extend(pages);
        routes.sort_unstable_by(|a, b| a.output.cmp(&b.output));
        Ok(Routes { routes, replaced })
    }

    /// Whether a content page replaces the page quire would make at `output` (which the
    /// build then does not write).
    pub(crate) fn replaced(&self, output: &str) -> bool {
        (self.replaced)
            .binary_search_by(|(o, _)| o.as_str().cmp(output))
            .is_ok()
    }

    /// One note naming each content page that takes the place of a page quire makes.
    pub(crate) fn replaced_note(&self, site: &Site) -> Option<Diagnostic> {
        // A MkDocs project has no built-in pages of its own to replace: its index.md is the home.
        let each: Vec<String> = (self.replaced.iter())
            .filter(|(_, i)| !site.pages[*i].mkdocs)
            .map(|(o, i)| {
                format!(
                    "{} replaces the built-in {o}",
                    site.pages[*i].source.display()
                )
            })
            .collect();
        if each.is_empty() {
            return None;
        }
        Some(
            Diagnostic::note("built-in", each.join("; "))
                .hint("quire makes its own page there again once that page is gone"),
        )
    }

    /// Every output path, sorted.
    pub(crate) fn outputs(&self) -> impl Iterator<Item = &str> + '_ {
        self.routes.iter().map(|r| r.output.as_str())
    }

    /// Whether a build writes `output`.
    pub(crate) fn contains(&self, output: &str) -> bool {
        (self.routes)
            .binary_search_by(|r| r.output.as_str().cmp(output))
            .is_ok()
    }

    /// The output paths that start with `prefix`, sorted.
    pub(crate) fn starting_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> {
        let from = self.routes.partition_point(|r| r.output.as_str() < prefix);
        (self.routes[from..].iter())
            .map(|r| r.output.as_str())
            .take_while(move |o| o.starts_with(prefix))
    }

    /// Whether two tables have the same content pages in the place of built-in ones.
    pub(crate) fn same_replaced(a: &Routes, b: &Routes) -> bool {
        let outputs = |r: &Routes| {
            r.replaced
                .iter()
                .map(|(o, _)| o.clone())
                .collect::<Vec<_>>()
        };
        outputs(a) == outputs(b)
    }

    /// Whether two tables list the same outputs (where they come from aside): the same table
    /// when only texts changed, which compares at once.
    pub(crate) fn same_outputs(a: &Arc<Routes>, b: &Arc<Routes>) -> bool {
        Arc::ptr_eq(a, b) || (a.routes.len() == b.routes.len() && a.outputs().eq(b.outputs()))
    }
}

/// The pages of the authors of listed posts and the page listing them, each named by the
/// author's newest post.
fn author_routes(site: &Site) -> Vec<Route> {
    let authors = &site.taxonomy.authors;
    let mut routes: Vec<Route> = (authors.iter())
        .map(|a| Route::page(author_output(&a.slug), a.pages[0]).yielding())
        .collect();
    if let Some(first) = authors.first() {
        routes.push(Route::page(AUTHORS_INDEX.to_string(), first.pages[0]).yielding());
    }
    routes
}

fn static_routes(files: &[StaticFile]) -> impl Iterator<Item = Route> + '_ {
    (files.iter().enumerate()).map(|(i, f)| Route {
        output: f.output.clone(),
        origin: Origin::File(i),
        yields: false,
    })
}

/// The routes that stay beside the pages', and the pages quire makes that content pages take
/// the place of (see `Routes::replaced`), by output.
fn step_aside(others: Vec<Route>, pages: &[Route]) -> (Vec<Route>, Vec<(String, usize)>) {
    let own: HashMap<&str, usize> = (pages.iter())
        .filter_map(|r| match r.origin {
            Origin::Page(i) => Some((r.output.as_str(), i)),
            _ => None,
        })
        .collect();
    let mut replaced = Vec::new();
    let mut kept = Vec::with_capacity(others.len());
    for route in others {
        match own.get(route.output.as_str()).filter(|_| route.yields) {
            Some(&page) => replaced.push((route.output, page)),
            None => kept.push(route),
        }
    }
    replaced.sort_unstable();
    (kept, replaced)
}

/// The tag and category pages and the page listing the tags, each named by the first page (by
/// source) that asks for it. Hidden pages name none.
fn term_routes(site: &Site) -> Vec<Route> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut index: Option<usize> = None;
    let findable = (site.pages.iter().enumerate()).filter(|(_, p)| p.is_findable());
    for (i, page) in findable {
        for tag in &page.meta.tags {
            index.get_or_insert(i);
            seen.entry(tag_output(&taxonomy::slug(taxonomy::SlugKind::Tag, tag)))
                .or_insert(i);
        }
        if let Some(c) = taxonomy::category(page) {
            seen.entry(category_output(&taxonomy::slug(
                taxonomy::SlugKind::Category,
                c,
            )))
            .or_insert(i);
        }
    }
    let index = index.map(|page| Route::page(TAGS_INDEX.to_string(), page));
    (seen.into_iter())
        .map(|(output, page)| Route::page(output, page))
        .chain(index)
        .map(Route::yielding)
        .collect()
}

/// The `--precompress` copies (`x.html.gz`, `x.html.br`) of every text file among `claims`:
/// a static `x.html.gz` would otherwise replace one.
fn compressed_copies<'a>(claims: &[Claim]) -> Vec<Claim<'a>> {
    let mut copies = Vec::new();
    for claim in claims
        .iter()
        .filter(|c| crate::output::compress::is_text(&c.output))
    {
        for ext in ["gz", "br"] {
            copies.push(Claim {
                output: Cow::Owned(format!("{}.{ext}", claim.output)),
                origin: Cow::Owned(PathBuf::from(format!(
                    "{} (its --precompress copy)",
                    claim.origin.display()
                ))),
            });
        }
    }
    copies
}

/// Under one folded path (see `fold`), every (path as written, what writes it), in the order
/// they were claimed.
type Claims<'a> = BTreeMap<String, Vec<(&'a str, &'a Path)>>;

/// Every output path claimed twice, as errors naming both sources.
///
/// Paths are compared as macOS and Windows see them, case-folded and in one Unicode form:
/// `Guide.html` and `guide.html` are one file there, and a site that builds on Linux must
/// build there too. A path inside a folder that is not the site's to write (quire's own
/// `theme/`, `.git/`, `.quire-*`) is refused whoever claims it.
fn check_unique<'a>(
    pages: &Chunked<Arc<Page>>,
    all: impl Iterator<Item = &'a Claim<'a>>,
) -> Result<(), Vec<Diagnostic>> {
    let mut claims: Claims = BTreeMap::new();
    for claim in all {
        (claims.entry(fold(&claim.output)).or_default()).push((&claim.output, &claim.origin));
    }
    let pages = Claimants { pages };
    let mut errors = reserved(&claims, &pages);
    errors.extend(file_and_folder(&claims, &pages));
    errors.extend(duplicates(claims, &pages));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The pages among what claims paths, to name the line of front matter that asks for one.
struct Claimants<'a> {
    /// By source.
    pages: &'a Chunked<Arc<Page>>,
}

impl Claimants<'_> {
    fn page(&self, origin: &Path) -> Option<&Page> {
        let i = (self.pages)
            .binary_search_by(|p| p.source.as_path().cmp(origin))
            .ok()?;
        Some(&self.pages[i])
    }

    /// The line of the page's front matter that decides `output`: its slug's for its own
    /// path, else its aliases'.
    fn line_of(&self, origin: &Path, output: &str) -> Option<usize> {
        let page = self.page(origin)?;
        match page.output == output {
            true => page.meta.slug_line,
            false => page.meta.aliases_line,
        }
    }
}

/// An error for each path that is not the site's to write (see `not_the_sites`).
fn reserved(claims: &Claims, pages: &Claimants) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (output, origin) in claims.values().flatten() {
        if let Some(why) = not_the_sites(output, origin) {
            let mut d = Diagnostic::error(
                "reserved-output",
                origin,
                format!("{} writes output/{output}, {why}", origin.display()),
            )
            .hint("give the page another `slug:` or alias, or move the file");
            if let Some(line) = pages.line_of(origin, output) {
                d = d.at_line(line);
            }
            errors.push(d);
        }
    }
    errors
}

/// An error for each path that another path needs as a folder: `a.txt` and `a.txt/index.html`
/// cannot both be, one would have to be a file and a folder.
fn file_and_folder(claims: &Claims, pages: &Claimants) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (key, origins) in claims {
        for (i, _) in key.match_indices('/') {
            let Some(other) = claims.get(&key[..i]) else {
                continue;
            };
            let (output, first) = origins[0];
            let (prefix, other_origin) = other[0];
            // Named from the page's side where there is one, with the line that asks for it.
            let (origin, path, other_origin, other_path) = match pages.page(first) {
                Some(_) => (first, output, other_origin, prefix),
                None => (other_origin, prefix, first, output),
            };
            let mut d = Diagnostic::error(
                "duplicate-output",
                origin,
                format!(
                    "{} writes output/{path} and {} writes output/{other_path}, so one of them \
                     would have to be both a file and a folder",
                    origin.display(),
                    other_origin.display()
                ),
            )
            .hint("give the page another `slug:` or alias, or rename the file");
            if let Some(line) = pages.line_of(origin, path) {
                d = d.at_line(line);
            }
            errors.push(d);
        }
    }
    errors
}

/// An error for each path claimed more than once, naming every claimant.
fn duplicates(claims: Claims, pages: &Claimants) -> Vec<Diagnostic> {
    (claims.into_values())
        .filter(|origins| origins.len() > 1)
        .map(|origins| {
            let (output, first) = origins[0];
            let spelt: BTreeSet<&str> = origins.iter().map(|(o, _)| *o).collect();
            let d = match spelt.len() > 1 {
                true => spelt_apart(&origins),
                false => written_alike(&origins),
            };
            let d = d.hint("give one of them another `slug:`, or rename the file");
            match pages.line_of(first, output) {
                Some(line) => d.at_line(line),
                None => d,
            }
        })
        .collect()
}

/// Different names that are one file where names ignore case or Unicode form.
fn spelt_apart(origins: &[(&str, &Path)]) -> Diagnostic {
    let each: Vec<String> = (origins.iter())
        .map(|(o, origin)| format!("{} writes output/{o}", origin.display()))
        .collect();
    Diagnostic::error(
        "duplicate-output",
        origins[0].1,
        format!(
            "{}: one file on macOS and Windows, where names ignore case and Unicode \
             normalisation",
            each.join(" and ")
        ),
    )
}

/// One name, written by several: two or three read well in one line, more are listed one per
/// line.
fn written_alike(origins: &[(&str, &Path)]) -> Diagnostic {
    let (output, first) = origins[0];
    let names: Vec<String> = (origins.iter())
        .map(|(_, o)| o.display().to_string())
        .collect();
    if names.len() <= 3 {
        Diagnostic::error(
            "duplicate-output",
            first,
            format!("{} all write output/{output}", names.join(" and ")),
        )
    } else {
        Diagnostic::error(
            "duplicate-output",
            first,
            format!("{} files all write output/{output}:", names.len()),
        )
        .with_detail(crate::diagnostic::list_lines(&names))
    }
}

/// An output path as a case-insensitive, normalising file system (macOS, Windows) tells it
/// apart: composed (NFC) and case-folded.
fn fold(path: &str) -> String {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(path);
    if nfc.is_ascii() {
        nfc.to_ascii_lowercase()
    } else {
        nfc.to_lowercase()
    }
}

/// Why `output` is not the site's to write, if it is not: quire's own generated folder, or a
/// folder of a version-control system or of quire's bookkeeping. Other dot-folders, such as
/// `.well-known/`, are the site's.
fn not_the_sites(output: &str, origin: &Path) -> Option<String> {
    let builtin = origin.to_string_lossy().starts_with(BUILT_IN);
    let folded = fold(output);
    if !builtin && generated(&folded) {
        return Some(
            "a name quire gives its own stylesheet, scripts or search index (they would \
             replace each other)"
                .to_string(),
        );
    }
    let part = crate::output::reserved_part(&folded)?;
    Some(format!(
        "inside {part}/, which is not a folder a site may write (a repository's or quire's own)"
    ))
}

/// How the origin of a file quire makes itself is named (`(built-in) sitemap.xml`).
const BUILT_IN: &str = "(built-in) ";
/// The names quire gives the files it makes in `theme/`: the search index's folder and its
/// hashed stylesheet and scripts (`theme/quire.1a2b3c4d.css`). Only these are quire's: a
/// site's own `static/theme/site.css` is the site's.
const GENERATED_FOLDER: &str = "theme/search/";
const GENERATED_STEMS: [&str; 3] = ["theme/quire.", "theme/search.", "theme/chapters."];

/// Whether a (folded) output path is one quire generates, whatever its hash or shard.
fn generated(folded: &str) -> bool {
    folded.starts_with(GENERATED_FOLDER)
        || GENERATED_STEMS.iter().any(|stem| {
            folded
                .strip_prefix(stem)
                .is_some_and(|rest| !rest.contains('/'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;

    fn page(path: &str, header: &str) -> Arc<Page> {
        Arc::new(parse_page(Path::new(path), format!("{header}\n\nbody\n")).unwrap())
    }

    fn routes(pages: Vec<Arc<Page>>) -> Result<Routes, Vec<Diagnostic>> {
        let site = Site::new(pages, None);
        Routes::new(Sources {
            site: &site,
            static_files: &[],
            stylesheet: "theme/quire.0.css",
            chapters_script: "theme/chapters.0.js",
            published: Vec::new(),
            precompress: false,
        })
    }

    #[test]
    fn two_sources_with_one_output_are_both_named() {
        let errs = routes(vec![
            page("content/a.md", "title: A\nslug: same"),
            page("content/b.md", "title: B\nslug: same"),
        ])
        .unwrap_err();
        assert!(
            errs[0].message.contains("content/a.md and content/b.md"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[0].line, Some(2));
    }

    #[test]
    fn a_content_page_takes_the_place_of_a_built_in() {
        let routes = routes(vec![
            page(
                "content/home.md",
                "title: Home\nsave_as: index.html\ntags: ops",
            ),
            page("content/ops.md", "title: Ops\nsave_as: tags/ops.html"),
        ])
        .unwrap();
        let all: Vec<&str> = routes.outputs().collect();
        assert_eq!(all.iter().filter(|o| **o == "index.html").count(), 1);
        assert_eq!(all.iter().filter(|o| **o == "tags/ops.html").count(), 1);
        assert!(routes.replaced("index.html") && routes.replaced("tags/ops.html"));
        assert!(!routes.replaced("blog.html") && !routes.replaced("tags/index.html"));
    }

    #[test]
    fn the_table_lists_every_output_once_in_order() {
        let routes = routes(vec![
            page("content/b.md", "title: B\ntags: ops"),
            page("content/a.md", "title: A\ntags: ops, dev"),
        ])
        .unwrap();
        let all: Vec<&str> = routes.outputs().collect();
        assert_eq!(
            all,
            [
                "a.html",
                "b.html",
                "blog.html",
                "index.html",
                "tags/dev.html",
                "tags/index.html",
                "tags/ops.html",
                "theme/chapters.0.js",
                "theme/quire.0.css"
            ]
        );
        assert!(routes.contains("tags/ops.html") && !routes.contains("tags/x.html"));
        let tags: Vec<&str> = routes.starting_with("tags/").collect();
        assert_eq!(tags, ["tags/dev.html", "tags/index.html", "tags/ops.html"]);
    }
}
