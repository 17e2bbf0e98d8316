//! The site model: every page placed in its chapter, chapters in order, posts
//! by date.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::chunked::Chunked;
use super::paths::{order_prefix, title_from_folder};
use super::Page;
use crate::date::Date;

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
    /// an edit's summary line must not visit every page).
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

impl Site {
    /// Places the pages (drafts left out): chapters in order, posts by date, tags and
    /// categories with what carries them.
    pub fn new(mut pages: Vec<Arc<Page>>, default_lang: Option<&str>) -> Site {
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
        site.post_count = site.pages.iter().filter(|p| p.is_post).count();
        let by_chapter = site.place_pages();
        site.make_chapters(by_chapter);
        site.sort_lists();
        site.taxonomy = super::taxonomy::Taxonomy::new(&list, &site.posts);
        site
    }

    /// Puts each listed page among the posts, the loose pages or its chapter's pages; returns
    /// the pages of each chapter by id, every ancestor chapter there too, even one with no
    /// pages of its own.
    fn place_pages(&mut self) -> BTreeMap<String, Vec<usize>> {
        let mut by_id: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            // Built, but listed nowhere: Pelican's hidden pages and translations.
            if !self.is_listed(i) {
                continue;
            }
            if p.is_post {
                self.posts.push(i);
                continue;
            }
            match &p.chapter {
                Some(id) => {
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
                None => self.loose.push(i),
            }
        }
        by_id
    }

    /// The chapters, parents before their children (ids in order), each titled by its index
    /// page or its folder, with its pages by sortorder.
    fn make_chapters(&mut self, by_id: BTreeMap<String, Vec<usize>>) {
        let mut index_of: HashMap<String, usize> = HashMap::new();
        for (id, page_ids) in by_id {
            let index_page = page_ids
                .iter()
                .copied()
                .find(|&i| self.pages[i].is_chapter_index);
            let folder = id.rsplit('/').next().unwrap_or(&id);
            let title = index_page
                .map(|i| self.pages[i].meta.title.clone())
                .unwrap_or_else(|| title_from_folder(folder));
            let parent = id.rsplit_once('/').map(|(p, _)| index_of[p]);
            let idx = self.chapters.len();
            for &p in &page_ids {
                self.chapter_of_page[p] = Some(idx);
            }
            let mut pages = page_ids;
            pages.sort_by(|&a, &b| page_order(&self.pages[a], &self.pages[b]));
            self.chapters.push(Chapter {
                id: id.clone(),
                title,
                parent,
                children: Vec::new(),
                pages,
                index_page,
            });
            index_of.insert(id, idx);
            match parent {
                Some(p) => self.chapters[p].children.push(idx),
                None => self.top.push(idx),
            }
        }
    }

    /// Chapters by their folders' order prefixes, loose pages by sortorder, posts newest first.
    fn sort_lists(&mut self) {
        let chapters = self.chapters.clone();
        let folder_order = |&a: &usize, &b: &usize| {
            let name = |i: usize| chapters[i].id.rsplit('/').next().unwrap_or("").to_string();
            let (na, nb) = (name(a), name(b));
            (order_prefix(&na).unwrap_or(u64::MAX), &na)
                .cmp(&(order_prefix(&nb).unwrap_or(u64::MAX), &nb))
        };
        self.top.sort_by(folder_order);
        for c in &mut self.chapters {
            c.children.sort_by(folder_order);
        }
        let pages = &self.pages;
        self.loose
            .sort_by(|&a, &b| page_order(&pages[a], &pages[b]));
        self.posts.sort_by(|&a, &b| {
            pages[b]
                .meta
                .date
                .cmp(&pages[a].meta.date)
                .then_with(|| pages[a].slug.cmp(&pages[b].slug))
        });
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
        self.pages[page].is_findable()
    }

    /// A page's language: its `lang:`, else the site's; `None` when neither says.
    pub fn lang_of(&self, page: usize) -> Option<&str> {
        (self.pages[page].meta.lang.as_deref()).or(self.default_lang.as_deref())
    }

    /// The path a chapter links to (see `Page::url_path`): its index page, else its first page, else its first sub-chapter's.
    pub fn chapter_output(&self, chapter: usize) -> Option<&str> {
        let c = &self.chapters[chapter];
        if let Some(i) = c.index_page.or_else(|| c.pages.first().copied()) {
            return Some(self.pages[i].url_path());
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
            None,
        );
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
    fn posts_newest_first() {
        let site = Site::new(
            vec![
                page("content/posts/old.md", "title: Old\ndate: 2017-03-28"),
                page("content/posts/new.md", "title: New\ndate: 2018-01-02"),
            ],
            None,
        );
        let order: Vec<_> = site
            .posts
            .iter()
            .map(|&i| site.pages[i].slug.as_str())
            .collect();
        assert_eq!(order, vec!["new", "old"]);
    }
}
