//! The site model: every page placed in its chapter, chapters in order, posts
//! by date, and every output path known to be unique.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::chunked::Chunked;
use super::paths::{order_prefix, title_from_folder};
use super::{Page, StaticFile};
use crate::date::Date;
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone)]
pub struct Chapter {
    /// The folder path under content/ (pages/ aside): `05-deployment` or `05-deployment/02-sub`.
    pub id: String,
    pub title: String,
    pub parent: Option<usize>,
    /// Sub-chapters, in order.
    pub children: Vec<usize>,
    /// The chapter's pages (indices into `Site::pages`), by sortorder.
    pub pages: Vec<usize>,
    pub index_page: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Pages and posts, by source path; shared, so that an incremental build reuses the pages
    /// a change did not touch without copying them.
    pub pages: Chunked<Arc<Page>>,
    /// All chapters; `top` holds the top-level ones in order.
    pub chapters: Vec<Chapter>,
    pub top: Vec<usize>,
    /// Pages outside any chapter, by sortorder.
    pub loose: Vec<usize>,
    /// Posts, newest first.
    pub posts: Vec<usize>,
    /// How many of the pages are posts, hidden ones and translations included (counted once:
    /// an edit's summary line must not visit 10,000 pages).
    pub post_count: usize,
    /// Chapter of each page (by page index), for sidebars.
    pub chapter_of_page: Vec<Option<usize>>,
    /// Tags and posts' categories, each with the pages that carry it.
    pub taxonomy: super::taxonomy::Taxonomy,
    /// Pelican's translations (see `translations.rs`): each page of a group with the same slug
    /// and kind, by page index, with the other pages of its group.
    pub translations: BTreeMap<usize, Vec<usize>>,
    /// Translations, listed nowhere: `translation: true`, or not the original of their group.
    pub translated: BTreeSet<usize>,
    /// The language of pages that name none (site.yaml's `lang:`).
    pub default_lang: Option<String>,
    /// When each page last changed (by page index): `modified:`, else git's date (see
    /// gitdates.rs), as `YYYY-MM-DD[ HH:MM[:SS]]`, UTC.
    pub(crate) updated: Vec<Option<Date>>,
}

impl Site {
    /// Fills `updated` from the pages' `modified:` and, where a page has none, git.
    pub fn date_pages(&mut self, git: Option<&super::gitdates::GitDates>) {
        self.updated = (self.pages.iter()).map(|p| date_of(p, git)).collect();
    }

    /// Dates the pages `edited` (indices) again, after only their texts changed.
    pub fn date_edited_pages(&mut self, edited: &[usize], git: Option<&super::gitdates::GitDates>) {
        for &i in edited {
            self.updated[i] = date_of(&self.pages[i], git);
        }
    }
}

fn date_of(page: &Page, git: Option<&super::gitdates::GitDates>) -> Option<Date> {
    (page.meta.modified.clone()).or_else(|| git.and_then(|g| g.changed_at(&page.source)))
}

/// An output path that something else also produces.
#[derive(Clone)]
pub struct Claim {
    pub output: String,
    pub origin: PathBuf,
}

impl Site {
    /// Places the pages. `other_outputs` are files written besides pages
    /// (static files, built-in assets), so that collisions with them are caught too.
    pub fn new(
        mut pages: Vec<Arc<Page>>,
        other_outputs: &[Claim],
        default_lang: Option<&str>,
    ) -> Result<Site, Vec<Diagnostic>> {
        pages.retain(|p| !p.meta.draft);
        pages.sort_by(|a, b| a.source.cmp(&b.source));

        let (translations, translated) = super::translations::groups(&pages, default_lang);
        let list = pages.clone();
        let mut site = Site {
            chapter_of_page: vec![None; pages.len()],
            pages: pages.into_iter().collect(),
            translations,
            translated,
            default_lang: default_lang.map(str::to_string),
            ..Site::default()
        };
        let mut by_id: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        site.post_count = site.pages.iter().filter(|p| p.is_post).count();
        for (i, p) in site.pages.iter().enumerate() {
            // Built, but listed nowhere: Pelican's hidden pages and translations.
            if !site.is_listed(i) {
                continue;
            }
            if p.is_post {
                site.posts.push(i);
                continue;
            }
            match &p.chapter {
                Some(id) => {
                    // Make sure every ancestor chapter exists, even one with no pages of its own.
                    let mut prefix = String::new();
                    for part in id.split('/') {
                        if !prefix.is_empty() {
                            prefix.push('/');
                        }
                        prefix.push_str(part);
                        by_id.entry(prefix.clone()).or_default();
                    }
                    by_id.get_mut(id).expect("just inserted").push(i);
                }
                None => site.loose.push(i),
            }
        }

        let mut index_of: HashMap<String, usize> = HashMap::new();
        for (id, page_ids) in by_id {
            let index_page = page_ids
                .iter()
                .copied()
                .find(|&i| site.pages[i].is_chapter_index);
            let folder = id.rsplit('/').next().unwrap_or(&id);
            let title = index_page
                .map(|i| site.pages[i].meta.title.clone())
                .unwrap_or_else(|| title_from_folder(folder));
            let parent = id.rsplit_once('/').map(|(p, _)| index_of[p]);
            let idx = site.chapters.len();
            for &p in &page_ids {
                site.chapter_of_page[p] = Some(idx);
            }
            let mut pages = page_ids;
            pages.sort_by(|&a, &b| page_order(&site.pages[a], &site.pages[b]));
            site.chapters.push(Chapter {
                id: id.clone(),
                title,
                parent,
                children: Vec::new(),
                pages,
                index_page,
            });
            index_of.insert(id, idx);
            match parent {
                Some(p) => site.chapters[p].children.push(idx),
                None => site.top.push(idx),
            }
        }
        let chapters = site.chapters.clone();
        let folder_order = |&a: &usize, &b: &usize| {
            let name = |i: usize| chapters[i].id.rsplit('/').next().unwrap_or("").to_string();
            let (na, nb) = (name(a), name(b));
            (order_prefix(&na).unwrap_or(u64::MAX), &na)
                .cmp(&(order_prefix(&nb).unwrap_or(u64::MAX), &nb))
        };
        site.top.sort_by(folder_order);
        for c in &mut site.chapters {
            c.children.sort_by(folder_order);
        }
        let pages = &site.pages;
        site.loose
            .sort_by(|&a, &b| page_order(&pages[a], &pages[b]));
        site.posts.sort_by(|&a, &b| {
            pages[b]
                .meta
                .date
                .cmp(&pages[a].meta.date)
                .then_with(|| pages[a].slug.cmp(&pages[b].slug))
        });
        site.taxonomy = super::taxonomy::Taxonomy::new(&list, &site.posts);
        // Author pages exist only for listed posts, which are known only now.
        let mut claims = site.taxonomy.author_claims(&list);
        if claims.is_empty() {
            check_unique_outputs(&list, other_outputs)?;
        } else {
            claims.extend_from_slice(other_outputs);
            check_unique_outputs(&list, &claims)?;
        }
        Ok(site)
    }

    /// Whether a page is in the site's lists (sidebar, listings, feeds, prev/next, author
    /// pages): findable, and not a translation (reached from its original instead).
    pub fn is_listed(&self, page: usize) -> bool {
        self.is_findable(page) && !self.translated.contains(&page)
    }

    /// Whether anything but the page's own URL leads to it: a `status: hidden` page is written
    /// and nowhere else, not in the sidebar, listings, feeds, sitemap, search index, llms.txt,
    /// or a tag, category or author page. Every lister asks this (or `is_listed`).
    pub fn is_findable(&self, page: usize) -> bool {
        findable(&self.pages[page])
    }

    /// A page's language: its `lang:`, else the site's; `None` when neither says.
    pub fn lang_of(&self, page: usize) -> Option<&str> {
        (self.pages[page].meta.lang.as_deref()).or(self.default_lang.as_deref())
    }

    /// The output path a chapter links to: its index page, else its first page, else its first sub-chapter's.
    pub fn chapter_output(&self, chapter: usize) -> Option<&str> {
        let c = &self.chapters[chapter];
        if let Some(i) = c.index_page.or_else(|| c.pages.first().copied()) {
            return Some(&self.pages[i].output);
        }
        c.children.iter().find_map(|&ch| self.chapter_output(ch))
    }

    /// The chapters from the top down to this one.
    pub fn chapter_path(&self, chapter: usize) -> Vec<usize> {
        let mut path = vec![chapter];
        let mut c = chapter;
        while let Some(p) = self.chapters[c].parent {
            path.push(p);
            c = p;
        }
        path.reverse();
        path
    }
}

/// `Site::is_findable`, for what runs before the site is made (the collision check's claims).
pub(crate) fn findable(page: &Page) -> bool {
    !page.meta.hidden
}

/// Pages by sortorder, compared as numbers (`9` before `0010`); pages without one come last, by title.
pub(crate) fn page_order(a: &Page, b: &Page) -> Ordering {
    match (a.meta.sort_key, b.meta.sort_key) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| b.is_chapter_index.cmp(&a.is_chapter_index))
    .then_with(|| a.meta.title.cmp(&b.meta.title))
    .then_with(|| a.source.cmp(&b.source))
}

/// Every output path claimed twice, as errors naming both sources. `Site::new` runs this too.
///
/// Paths are compared as macOS and Windows see them, case-folded and in one Unicode form:
/// `Guide.html` and `guide.html` are one file there, and a site that builds on Linux must
/// build there too. A path inside a folder that is not the site's to write (quire's own
/// `theme/`, `.git/`, `.quire-*`) is refused whoever claims it.
pub(crate) fn check_unique_outputs(
    pages: &[Arc<Page>],
    others: &[Claim],
) -> Result<(), Vec<Diagnostic>> {
    // Under one key, every (path as written, who writes it).
    let mut claims: BTreeMap<String, Vec<(&str, &std::path::Path)>> = BTreeMap::new();
    let all = (others
        .iter()
        .map(|o| (o.output.as_str(), o.origin.as_path())))
    .chain(
        pages
            .iter()
            .map(|p| (p.output.as_str(), p.source.as_path())),
    );
    for (output, origin) in all {
        claims
            .entry(fold(output))
            .or_default()
            .push((output, origin));
    }
    // The page that claims `output`, and the line of its front matter that decides it.
    let line_of = |origin: &std::path::Path, output: &str| {
        pages.iter().find(|p| p.source == origin).and_then(|p| {
            if p.output == output {
                p.meta.slug_line
            } else {
                p.meta.aliases_line
            }
        })
    };
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (output, origin) in claims.values().flatten() {
        if let Some(why) = not_the_sites(output, origin) {
            let mut d = Diagnostic::error(
                "reserved-output",
                origin,
                format!("{} writes output/{output}, {why}", origin.display()),
            )
            .hint("give the page another `slug:` or alias, or move the file");
            if let Some(line) = line_of(origin, output) {
                d = d.at_line(line);
            }
            errors.push(d);
        }
    }
    // `a.txt` and `a.txt/index.html` cannot both be: one would have to be a file and a folder.
    for (key, origins) in &claims {
        for (i, _) in key.match_indices('/') {
            let Some(other) = claims.get(&key[..i]) else {
                continue;
            };
            let (output, first) = origins[0];
            let (prefix, other_origin) = other[0];
            // Named from the page's side where there is one, with the line that asks for it.
            let (origin, path, other_origin, other_path) =
                if pages.iter().any(|p| p.source == first) {
                    (first, output, other_origin, prefix)
                } else {
                    (other_origin, prefix, first, output)
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
            if let Some(line) = line_of(origin, path) {
                d = d.at_line(line);
            }
            errors.push(d);
        }
    }
    let duplicates = claims
        .into_values()
        .filter(|origins| origins.len() > 1)
        .map(|origins| {
            let (output, first) = origins[0];
            let spelt: BTreeSet<&str> = origins.iter().map(|(o, _)| *o).collect();
            let mut d = if spelt.len() > 1 {
                // Different names that are one file where names ignore case or Unicode form.
                let each: Vec<String> = (origins.iter())
                    .map(|(o, origin)| format!("{} writes output/{o}", origin.display()))
                    .collect();
                Diagnostic::error(
                    "duplicate-output",
                    first,
                    format!(
                        "{}: one file on macOS and Windows, where names ignore case and \
                         Unicode normalisation",
                        each.join(" and ")
                    ),
                )
            } else {
                let names: Vec<String> = origins
                    .iter()
                    .map(|(_, o)| o.display().to_string())
                    .collect();
                // Two or three names read well in one line; more are listed one per line.
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
            .hint("give one of them another `slug:`, or rename the file");
            if let Some(line) = line_of(first, output) {
                d = d.at_line(line);
            }
            d
        });
    errors.extend(duplicates);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
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
fn not_the_sites(output: &str, origin: &std::path::Path) -> Option<String> {
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
pub(crate) const BUILT_IN: &str = "(built-in) ";
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

/// Output claims of static files, for the collision check.
pub(crate) fn static_claims(files: &[StaticFile]) -> Vec<Claim> {
    files
        .iter()
        .map(|f| Claim {
            output: f.output.clone(),
            origin: f.source.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;
    use std::path::Path;

    fn page(path: &str, header: &str) -> Arc<Page> {
        Arc::new(parse_page(Path::new(path), format!("{header}\n\nbody\n")).unwrap())
    }

    #[test]
    fn chapters_and_sortorder_as_numbers() {
        let site = Site::new(
            vec![
                page("content/pages/10-b/01-x.md", "title: X\nsortorder: 0010"),
                page("content/pages/10-b/02-y.md", "title: Y\nsortorder: 9"),
                page("content/pages/10-b/00-b.md", "title: Bee\nsortorder: 0001"),
                page("content/pages/2-a/01-z.md", "title: Z"),
            ],
            &[],
            None,
        )
        .unwrap();
        let titles: Vec<_> = site
            .top
            .iter()
            .map(|&c| site.chapters[c].title.as_str())
            .collect();
        assert_eq!(
            titles,
            vec!["A", "Bee"],
            "ordered by numeric prefix, titled by index page"
        );
        let b = &site.chapters[site.top[1]];
        let order: Vec<_> = b
            .pages
            .iter()
            .map(|&i| site.pages[i].slug.as_str())
            .collect();
        assert_eq!(order, vec!["b", "y", "x"]);
    }

    #[test]
    fn two_sources_with_one_output_are_both_named() {
        let errs = Site::new(
            vec![
                page("content/a.md", "title: A\nslug: same"),
                page("content/b.md", "title: B\nslug: same"),
            ],
            &[],
            None,
        )
        .unwrap_err();
        assert!(
            errs[0].message.contains("content/a.md and content/b.md"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[0].line, Some(2));
    }

    #[test]
    fn posts_newest_first() {
        let site = Site::new(
            vec![
                page("content/posts/old.md", "title: Old\ndate: 2017-03-28"),
                page("content/posts/new.md", "title: New\ndate: 2018-01-02"),
            ],
            &[],
            None,
        )
        .unwrap();
        let order: Vec<_> = site
            .posts
            .iter()
            .map(|&i| site.pages[i].slug.as_str())
            .collect();
        assert_eq!(order, vec!["new", "old"]);
    }
}
