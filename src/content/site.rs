//! The site model: every page placed in its chapter, chapters in order, posts
//! by date.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::chunked::Chunked;
use super::paths::{order_prefix, title_from_folder};
use super::Page;
use crate::config::nav::{Nav, NavEntry, NavTarget};
use crate::config::CONFIG_FILE;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::layout::ContentDir;

#[derive(Debug, Clone)]
pub struct Chapter {
    /// The folder path under content/ (pages/ aside): `05-deployment` or `05-deployment/02-sub`;
    /// with a `nav:`, `nav-N`, N counting the nav's entries.
    pub id: String,
    pub title: String,
    pub parent: Option<usize>,
    /// Sub-chapters, in order.
    pub children: Vec<usize>,
    /// With a `nav:`, for each of `children`, how many of `pages` the nav lists before it (the
    /// sidebar shows them in its written order); without one, empty: the pages come first.
    pub(crate) pages_before: Vec<usize>,
    /// The chapter's pages (indices into `Site::pages`), by sortorder.
    pub pages: Vec<usize>,
    pub index_page: Option<usize>,
    /// Where a `nav:` link leads (`GitHub: https://…`): such an entry has no pages nor
    /// sub-chapters, and the sidebar marks it as leaving the site.
    pub link: Option<String>,
}

/// An entry of a chapter's list in the sidebar (see `Site::sidebar_entries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SidebarEntry {
    Page(usize),
    Chapter(usize),
}

/// The site's reading order, which prev/next follow from one chapter into the next: a
/// `nav:`'s (MkDocs'), the pages it lists, in order, sections crossed, links skipped, a page
/// listed twice at its first place; without one, the sidebar's.
#[derive(Debug, Clone, Default)]
struct Reading {
    /// Page indices, in reading order.
    order: Vec<usize>,
    /// Each page's place in `order`, by page index; `None` for a page in no chapter.
    place: Vec<Option<usize>>,
}

impl Reading {
    fn new(order: Vec<usize>, pages: usize) -> Reading {
        let mut place = vec![None; pages];
        for (at, &page) in order.iter().enumerate() {
            place[page] = Some(at);
        }
        Reading { order, place }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Pages and posts, by source path; shared, so that an incremental build reuses the pages
    /// a change did not touch without copying them.
    pub pages: Chunked<Arc<Page>>,
    /// All chapters; `top` holds the top-level ones in order.
    pub chapters: Vec<Chapter>,
    pub top: Vec<usize>,
    /// Pages outside any chapter, by sortorder (none with a `nav:`: it lists what it lists).
    pub loose: Vec<usize>,
    /// With a `nav:`, the pages it does not list: built and findable, in no list.
    pub(crate) not_in_nav: Vec<usize>,
    /// With a `nav:`, the titles it gives pages (`Title: path`), by page index: what the
    /// sidebar calls them (see `Site::as_placed`).
    nav_titles: BTreeMap<usize, String>,
    /// The order prev/next follow across the whole site: with a `nav:`, the nav's; without
    /// one, the sidebar's (see `Site::read_in_sidebar_order`).
    reading: Option<Reading>,
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
    /// Pages that name a template of the site's Pelican theme which quire does not render, by
    /// page index, with the template's file name: they use quire's own (see
    /// `Site::use_own_templates_for_pelicans`).
    pub(crate) theme_templates: Vec<(usize, String)>,
    /// Pelican articles without a date or title, left out as Pelican leaves them (see
    /// `Meta::skipped_by_pelican`).
    pub(crate) undated: Vec<PathBuf>,
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

impl Site {
    /// A page naming a template that quire does not have (`templates/` or its own) but the
    /// site's Pelican theme does (`theme`: folders of Jinja2 templates, relative to `site_dir`,
    /// site.yaml's `pelican_theme:`) is built with quire's page or post template, as Pelican
    /// would build it with the theme's; each is kept in `theme_templates` for one warning.
    pub(crate) fn use_own_templates_for_pelicans(
        &mut self,
        theme: &[PathBuf],
        site_dir: &Path,
        quire_has: impl Fn(&str) -> bool,
    ) {
        self.theme_templates.clear();
        if theme.is_empty() {
            return;
        }
        for i in 0..self.pages.len() {
            let Some((name, _)) = &self.pages[i].meta.template else {
                continue;
            };
            let file = match name.contains('.') {
                true => name.clone(),
                false => format!("{name}.html"),
            };
            let in_theme = (theme.iter()).any(|dir| site_dir.join(dir).join(&file).is_file());
            if quire_has(&file) || !in_theme {
                continue;
            }
            let mut page = Page::clone(&self.pages[i]);
            page.meta.template = None;
            self.pages.set(i, Arc::new(page));
            self.theme_templates.push((i, file));
        }
    }

    /// One warning for the pages of `theme_templates`: how many, the templates they name, and
    /// which of quire's they use instead.
    pub(crate) fn theme_templates_warning(&self) -> Option<Diagnostic> {
        let (first, _) = self.theme_templates.first()?;
        let n = self.theme_templates.len();
        let names: BTreeSet<&str> = (self.theme_templates.iter())
            .map(|(_, f)| f.trim_end_matches(".html"))
            .collect();
        let shown: Vec<&str> = names.iter().take(5).copied().collect();
        let more = if names.len() > 5 { ", …" } else { "" };
        let posts = (self.theme_templates.iter()).any(|(i, _)| self.pages[*i].is_post);
        let pages = (self.theme_templates.iter()).any(|(i, _)| !self.pages[*i].is_post);
        let own = match (pages, posts) {
            (true, true) => "page.html (posts post.html)",
            (false, true) => "post.html",
            _ => "page.html",
        };
        let (name, verb) = if n == 1 {
            ("page names a theme template", "it uses")
        } else {
            ("pages name theme templates", "they use")
        };
        Some(
            Diagnostic::warning(
                "template",
                &self.pages[*first].source,
                format!("{n} {name} quire does not render: {}{more}; {verb} {own}", shown.join(", ")),
            )
            .hint("quire renders its own templates (templates/NAME.html in Tera), not the Pelican theme's Jinja2 ones; add templates/NAME.html to give such pages their own"),
        )
    }
}

fn date_of(page: &Page, git: Option<&super::gitdates::GitDates>) -> Option<Date> {
    (page.meta.modified.clone()).or_else(|| git.and_then(|g| g.changed_at(&page.source)))
}

impl Site {
    /// Places the pages (drafts left out): chapters in order, posts by date, tags and
    /// categories with what carries them.
    pub fn new(pages: Vec<Arc<Page>>, default_lang: Option<&str>) -> Site {
        let (mut site, list) = Site::unplaced(pages, default_lang);
        let by_chapter = site.place_pages();
        site.make_chapters(by_chapter);
        site.sort_chapters();
        site.read_in_sidebar_order();
        site.sort_posts();
        site.taxonomy = super::taxonomy::Taxonomy::new(&list, &site.posts);
        site
    }

    /// Places the pages as site.yaml's `nav:` lists them: each section a chapter, each page at
    /// the top a chapter of its own, each link an entry of the sidebar; pages it does not list
    /// in no chapter. Posts are placed as without a nav. Every path that names no source is an
    /// error at its line of site.yaml; one naming a source that is not among `pages` (a draft,
    /// or a page that did not load, whose own error says why) is left out without a word.
    pub fn with_nav(
        pages: Vec<Arc<Page>>,
        default_lang: Option<&str>,
        nav: &Nav,
        content: &ContentDir,
        sources: &[PathBuf],
    ) -> Result<Site, Vec<Diagnostic>> {
        let loaded: BTreeSet<&Path> = (pages.iter())
            .filter(|p| !p.meta.draft)
            .map(|p| p.source.as_path())
            .collect();
        let drafts: BTreeSet<String> = (sources.iter())
            .filter(|s| !loaded.contains(s.as_path()))
            .filter_map(|s| nav_path(s, content))
            .collect();
        let (mut site, list) = Site::unplaced(pages, default_lang);
        let mut placing = NavPlacing::new(&site, drafts, content, nav);
        placing.entries(&mut site, &nav.entries, None);
        if !placing.errors.is_empty() {
            return Err(placing.errors);
        }
        site.reading = Some(Reading::new(placing.reading, site.pages.len()));
        for i in 0..site.pages.len() {
            if !site.is_listed(i) {
                continue;
            }
            if site.pages[i].is_post {
                site.posts.push(i);
            } else if !placing.listed[i] {
                site.not_in_nav.push(i);
            }
        }
        site.sort_posts();
        site.taxonomy = super::taxonomy::Taxonomy::new(&list, &site.posts);
        Ok(site)
    }

    /// The pages (drafts left out) by source, with their translations, placed nowhere yet; and
    /// the list of them for the taxonomy.
    fn unplaced(mut pages: Vec<Arc<Page>>, default_lang: Option<&str>) -> (Site, Vec<Arc<Page>>) {
        let mut undated: Vec<PathBuf> = (pages.iter())
            .filter(|p| p.meta.skipped_by_pelican)
            .map(|p| p.source.clone())
            .collect();
        undated.sort();
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
            undated,
            ..Site::default()
        };
        site.post_count = site.pages.iter().filter(|p| p.is_post).count();
        (site, list)
    }

    /// A page read again (its text edited) as this site placed it: with the title the nav
    /// gives it, if it gives one, so that it compares equal to the page it replaces.
    pub(crate) fn as_placed(&self, index: usize, mut page: Page) -> Page {
        if let Some(title) = self.nav_titles.get(&index) {
            titled_by_nav(&mut page, title);
        }
        page
    }

    /// The warning for Pelican articles without a date or title, which Pelican skips ("could
    /// not find information about 'date'"), and so does quire.
    pub(crate) fn undated_warning(&self) -> Option<Diagnostic> {
        let first = self.undated.first()?;
        let n = self.undated.len();
        let mut names: Vec<String> = (self.undated.iter().take(3))
            .map(|p| format!("`{}`", p.display()))
            .collect();
        if n > 3 {
            names.push(format!("{} more", n - 3));
        }
        Some(
            Diagnostic::warning(
                crate::config::CheckKind::PostWithoutDate.as_str(),
                first,
                format!(
                    "{n} article{} without a title or date {} left out, as Pelican skips {}: {}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" },
                    if n == 1 { "it" } else { "them" },
                    names.join(", ")
                ),
            )
            .hint("give each a `Title:` and a `Date:` (or set `default_date: fs`, its file's time, in site.yaml; a page in content/pages/ needs no date)"),
        )
    }

    /// The note for the pages a `nav:` leaves out: how many, and the first three. A MkDocs
    /// project's `not_in_nav:` patterns name pages meant to be outside it: as MkDocs does, not
    /// a word of those (MkDocs says the others at INFO, quire in this one line).
    pub(crate) fn not_in_nav_note(&self, config: &crate::config::Config) -> Option<Diagnostic> {
        let meant = |i: usize| {
            config.from_mkdocs
                && nav_path(&self.pages[i].source, &config.content)
                    .is_some_and(|path| config.pages.is_not_in_nav(&path))
        };
        let outside: Vec<usize> = (self.not_in_nav.iter().copied())
            .filter(|&i| !meant(i))
            .collect();
        let n = outside.len();
        if n == 0 {
            return None;
        }
        let mut names: Vec<String> = (outside.iter().take(3))
            .map(|&i| format!("`{}`", self.pages[i].source.display()))
            .collect();
        if n > 3 {
            names.push(format!("{} more", n - 3));
        }
        let pages = if n == 1 { "page is" } else { "pages are" };
        let file = match config.file.name.as_os_str().is_empty() {
            true => CONFIG_FILE.to_string(),
            false => config.file.name.display().to_string(),
        };
        let has = |s: &std::path::Path| self.pages.iter().any(|p| p.source == s);
        let nav = (crate::config::mkdocs::nav_name(config, has))
            .unwrap_or_else(|| format!("{file}'s `nav:`"));
        let hint = match config.from_mkdocs {
            true => "list them in `nav:`, or name them in `not_in_nav:` (gitignore patterns) if they are meant to be outside it",
            false => "list them in `nav:` to give them a place in the sidebar",
        };
        Some(
            Diagnostic::note(
                "nav",
                format!(
                    "{n} {pages} not in {nav}: built, searchable, not in the sidebar: {}",
                    names.join(", ")
                ),
            )
            .hint(hint),
        )
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
                pages_before: Vec::new(),
                pages,
                index_page,
                link: None,
            });
            index_of.insert(id, idx);
            match parent {
                Some(p) => self.chapters[p].children.push(idx),
                None => self.top.push(idx),
            }
        }
    }

    /// Chapters by their folders' order prefixes, loose pages by sortorder.
    fn sort_chapters(&mut self) {
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
    }

    /// Without a `nav:`, pages are read as the sidebar lists them: each top-level chapter's
    /// pages, then its sub-chapters', depth first; loose pages are in none.
    fn read_in_sidebar_order(&mut self) {
        let mut order = Vec::with_capacity(self.pages.len());
        let mut chapters: Vec<usize> = self.top.iter().rev().copied().collect();
        while let Some(c) = chapters.pop() {
            order.extend(&self.chapters[c].pages);
            chapters.extend(self.chapters[c].children.iter().rev());
        }
        self.reading = Some(Reading::new(order, self.pages.len()));
    }

    /// Posts newest first.
    fn sort_posts(&mut self) {
        let pages = &self.pages;
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

    /// Whether the search index holds the page: findable, and not Material's
    /// `search: {exclude: true}`.
    pub(crate) fn is_searchable(&self, page: usize) -> bool {
        self.is_findable(page) && !self.pages[page].meta.search_exclude
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

    /// The pages before and after this one, as prev/next link them: in the reading order,
    /// across chapters (the end of one leads to the start of the next).
    pub(crate) fn prev_next(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let Some(r) = &self.reading else {
            return (None, None);
        };
        let Some(at) = r.place.get(page).copied().flatten() else {
            return (None, None);
        };
        let prev = at.checked_sub(1).map(|p| r.order[p]);
        (prev, r.order.get(at + 1).copied())
    }

    /// The pages in reading order (see `prev_next`); `None` before they are placed.
    pub(crate) fn reading_order(&self) -> Option<&[usize]> {
        self.reading.as_ref().map(|r| r.order.as_slice())
    }

    /// A chapter's pages and sub-chapters in the order the sidebar lists them: with a `nav:`,
    /// as it writes them; without one, the pages first.
    pub(crate) fn sidebar_entries(&self, chapter: usize) -> Vec<SidebarEntry> {
        let ch = &self.chapters[chapter];
        let mut entries = Vec::with_capacity(ch.pages.len() + ch.children.len());
        let mut children = ch.children.iter().zip(0..).peekable();
        for (k, &page) in ch.pages.iter().enumerate() {
            while let Some((&s, _)) =
                children.next_if(|(_, i)| ch.pages_before.get(*i).is_some_and(|&b| b <= k))
            {
                entries.push(SidebarEntry::Chapter(s));
            }
            entries.push(SidebarEntry::Page(page));
        }
        entries.extend(children.map(|(&s, _)| SidebarEntry::Chapter(s)));
        entries
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

/// Pages in a chapter: its index page first, then by sortorder, compared as numbers (`9`
/// before `0010`), then by their files' order prefixes (`02-`), each with the pages that have
/// none after those that have one; then by title.
pub(crate) fn page_order(a: &Page, b: &Page) -> Ordering {
    let prefix = |p: &Page| {
        let name = p.source.file_name().and_then(|f| f.to_str()).unwrap_or("");
        order_prefix(name)
    };
    (b.is_chapter_index.cmp(&a.is_chapter_index))
        .then_with(|| match (a.meta.sort_key, b.meta.sort_key) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            (x, y) => y.is_some().cmp(&x.is_some()),
        })
        .then_with(|| match (prefix(a), prefix(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (x, y) => y.is_some().cmp(&x.is_some()),
        })
        .then_with(|| a.meta.title.cmp(&b.meta.title))
        .then_with(|| a.source.cmp(&b.source))
}

/// A page's path as a `nav:` writes it: relative to the content folder, `/` between parts.
/// The one place nav paths meet sources.
pub(crate) fn nav_path(source: &Path, content: &ContentDir) -> Option<String> {
    let parts: Option<Vec<&str>> = (content.within(source).components())
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    parts.map(|p| p.join("/"))
}

/// The nav's entries made into chapters, one entry after the other.
struct NavPlacing {
    /// Every page (drafts aside) by its path as the nav writes it.
    by_path: BTreeMap<String, usize>,
    /// The folder nav paths are in, as messages name it (`the content/ folder`).
    content_label: String,
    /// Sources that are not placed: drafts (not built), and pages that did not load (their
    /// own errors say why). The nav's entries for them are left out quietly.
    drafts: BTreeSet<String>,
    /// Whether the nav lists each page (by index).
    listed: Vec<bool>,
    /// The pages in the order the nav lists them first (see `Reading`).
    reading: Vec<usize>,
    errors: Vec<Diagnostic>,
    /// The file the nav is written in, as its errors name it.
    file: PathBuf,
    /// Material's `navigation.indexes` (see `Nav::section_indexes`).
    section_indexes: bool,
}

impl NavPlacing {
    fn new(site: &Site, drafts: BTreeSet<String>, content: &ContentDir, nav: &Nav) -> NavPlacing {
        let by_path = (site.pages.iter().enumerate())
            .filter_map(|(i, p)| nav_path(&p.source, content).map(|path| (path, i)))
            .collect();
        NavPlacing {
            by_path,
            content_label: content.label(),
            drafts,
            listed: vec![false; site.pages.len()],
            reading: Vec::new(),
            errors: Vec::new(),
            file: nav.file_label().to_path_buf(),
            section_indexes: nav.section_indexes,
        }
    }

    /// Places `entries` in the chapter `parent` (`None`: at the top).
    fn entries(&mut self, site: &mut Site, entries: &[NavEntry], parent: Option<usize>) {
        for e in entries {
            match &e.target {
                NavTarget::Page(path) => {
                    let Some(page) = self.page(site, path, e) else {
                        continue;
                    };
                    if let Some(title) = &e.title {
                        site.name_in_nav(page, title);
                    }
                    // At the top, a page is an entry of its own: a chapter it is the index of.
                    let c = parent.unwrap_or_else(|| {
                        let title = site.pages[page].sidebartitle().to_string();
                        let c = site.add_nav_chapter(title, None, None);
                        site.chapters[c].index_page = Some(page);
                        c
                    });
                    site.chapters[c].pages.push(page);
                    // A page listed twice has its place (prev/next, breadcrumbs) at the first.
                    if site.chapter_of_page[page].is_none() {
                        site.chapter_of_page[page] = Some(c);
                        self.reading.push(page);
                    }
                }
                NavTarget::Link(url) => {
                    let title = e.title.clone().unwrap_or_else(|| url.clone());
                    site.add_nav_chapter(title, parent, Some(url.clone()));
                }
                NavTarget::Section(inner) => {
                    let title = e.title.clone().unwrap_or_default();
                    let c = site.add_nav_chapter(title, parent, None);
                    self.entries(site, inner, Some(c));
                    let first = inner.first().and_then(|f| match &f.target {
                        NavTarget::Page(path) if f.title.is_none() => self.by_path.get(path),
                        _ => None,
                    });
                    site.index_untitled_section(c, first.copied());
                    if self.section_indexes {
                        site.index_section(c, inner, &self.by_path);
                    }
                    site.drop_if_empty(c);
                }
            }
        }
    }

    /// The page a nav path names, if it names one that is built; an error if it names none.
    fn page(&mut self, site: &Site, path: &str, entry: &NavEntry) -> Option<usize> {
        if self.drafts.contains(path) {
            return None;
        }
        let Some(&i) = self.by_path.get(path) else {
            self.errors.push(self.no_such_page(path, entry.line));
            return None;
        };
        if site.pages[i].is_post {
            self.errors.push(
                Diagnostic::error(
                    "nav",
                    &self.file,
                    format!("`nav:` lists `{path}`, which is a post (it has a date)"),
                )
                .at_line(entry.line)
                .hint("posts are listed on the blog, newest first: take it out of `nav:`, or give the page `category: page` to make it a page"),
            );
            return None;
        }
        self.listed[i] = true;
        Some(i)
    }

    fn no_such_page(&self, path: &str, line: usize) -> Diagnostic {
        let d = Diagnostic::error(
            "nav",
            &self.file,
            format!(
                "`nav:` lists `{path}`, but no page has that path in {}",
                self.content_label
            ),
        )
        .at_line(line);
        match nearest(path, self.by_path.keys()) {
            Some(near) => d.hint(format!("did you mean `{near}`?")),
            None => d.hint(format!(
                "write each page's path relative to {}, e.g. `guide/install.md`",
                self.content_label
            )),
        }
    }
}

/// The path nearest to a mistyped one, if it is near enough to be meant: within half the
/// longer's length in edits (a whole wrong folder is still a near miss), first by name on a tie.
fn nearest<'a>(wanted: &str, paths: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    paths
        .map(|p| (strsim::levenshtein(wanted, p), p))
        .filter(|(d, p)| *d <= wanted.len().max(p.len()) / 2)
        .min()
        .map(|(_, p)| p.as_str())
}

impl Site {
    /// A chapter the nav makes (a section, a page at the top, a link), at the end of its
    /// parent's list.
    fn add_nav_chapter(
        &mut self,
        title: String,
        parent: Option<usize>,
        link: Option<String>,
    ) -> usize {
        let c = self.chapters.len();
        self.chapters.push(Chapter {
            id: format!("nav-{}", c + 1),
            title,
            parent,
            children: Vec::new(),
            pages_before: Vec::new(),
            pages: Vec::new(),
            index_page: None,
            link,
        });
        match parent {
            Some(p) => {
                let parent = &mut self.chapters[p];
                parent.children.push(c);
                parent.pages_before.push(parent.pages.len());
            }
            None => self.top.push(c),
        }
        c
    }

    /// Takes out the chapter just added when nothing came into it (a section of drafts, or
    /// with errors), so that no entry of the sidebar leads nowhere.
    fn drop_if_empty(&mut self, c: usize) {
        let ch = &self.chapters[c];
        if c + 1 != self.chapters.len() || !ch.pages.is_empty() || ch.link.is_some() {
            return;
        }
        match ch.parent {
            Some(p) => {
                self.chapters[p].pages_before.pop();
                self.chapters[p].children.pop();
            }
            None => {
                self.top.pop();
            }
        };
        self.chapters.pop();
    }

    /// Material's `navigation.indexes`: the first of a titled section's own entries that is a
    /// folder page (`index.md`, `README.md`) is the section's link, shown with the section's
    /// title, and not listed under it.
    fn index_section(&mut self, c: usize, inner: &[NavEntry], by_path: &BTreeMap<String, usize>) {
        if self
            .chapters
            .get(c)
            .is_none_or(|ch| ch.title.is_empty() || ch.index_page.is_some())
        {
            return;
        }
        let index = (inner.iter())
            .filter_map(|e| match &e.target {
                NavTarget::Page(path) => by_path.get(path).copied(),
                _ => None,
            })
            .find(|&i| self.pages[i].is_chapter_index && self.chapters[c].pages.contains(&i));
        self.chapters[c].index_page = index;
    }

    /// Gives a page the title its first listing in the nav gives it, as the sidebar, the
    /// breadcrumbs and prev/next name it (`sidebartitle`); its own title stays its heading.
    fn name_in_nav(&mut self, page: usize, title: &str) {
        if self.nav_titles.contains_key(&page) {
            return;
        }
        self.nav_titles.insert(page, title.to_string());
        let mut renamed = (*self.pages[page]).clone();
        titled_by_nav(&mut renamed, title);
        self.pages.set(page, Arc::new(renamed));
    }

    /// A section the nav titles `""` whose first entry is an untitled folder page
    /// (`tutorial/index.md`) has that page as its own, and its title (Material's
    /// `navigation.indexes`, the way typer's docs write their sections).
    fn index_untitled_section(&mut self, c: usize, first: Option<usize>) {
        let Some(page) = first else { return };
        let ch = &self.chapters[c];
        if !ch.title.is_empty() || ch.pages.first() != Some(&page) {
            return;
        }
        if self.pages[page].is_chapter_index && !self.nav_titles.contains_key(&page) {
            self.chapters[c].title = self.pages[page].sidebartitle().to_string();
            self.chapters[c].index_page = Some(page);
        }
    }
}

/// A page as the nav names it: in the sidebar, breadcrumbs and prev/next; in a MkDocs
/// project, everywhere (its `<title>`, and its heading when it has none), as MkDocs does.
fn titled_by_nav(page: &mut Page, title: &str) {
    page.meta.sidebartitle = Some(title.to_string());
    if page.mkdocs {
        page.meta.title = title.to_string();
    }
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

    fn nav(yaml: &str) -> Nav {
        crate::config::Config::parse(yaml).unwrap().nav.unwrap()
    }

    fn titles(site: &Site, chapters: &[usize]) -> Vec<String> {
        (chapters.iter())
            .map(|&c| site.chapters[c].title.clone())
            .collect()
    }

    #[test]
    fn a_nav_makes_the_chapters_in_its_order() {
        let pages = vec![
            page("content/start.md", "title: Start"),
            page("content/guide/install.md", "title: Install"),
            page("content/guide/zz.md", "title: Zz"),
            page("content/api/fields.md", "title: Fields"),
            page("content/left-out.md", "title: Left out"),
            page("content/posts/news.md", "title: News\ndate: 2024-01-02"),
        ];
        let nav = nav("nav:\n  - Begin: start.md\n  - Guide:\n    - guide/zz.md\n    - Setup: guide/install.md\n    - Deep:\n      - api/fields.md\n  - Code: https://example.org/\n");
        let site = Site::with_nav(pages, None, &nav, &ContentDir::default(), &[]).unwrap();
        assert_eq!(titles(&site, &site.top), ["Begin", "Guide", "Code"]);
        let guide = &site.chapters[site.top[1]];
        let listed: Vec<&str> = (guide.pages.iter())
            .map(|&i| site.pages[i].sidebartitle())
            .collect();
        assert_eq!(listed, ["Zz", "Setup"], "in the nav's order, named by it");
        assert_eq!(titles(&site, &guide.children), ["Deep"]);
        let code = &site.chapters[site.top[2]];
        assert_eq!(code.link.as_deref(), Some("https://example.org/"));
        let begin = &site.chapters[site.top[0]];
        assert_eq!(
            (begin.pages.len(), begin.index_page),
            (1, Some(begin.pages[0]))
        );
        let left_out: Vec<_> = (site.not_in_nav.iter())
            .map(|&i| site.pages[i].source.display().to_string())
            .collect();
        assert_eq!(left_out, ["content/left-out.md"]);
        assert_eq!(site.posts.len(), 1, "posts are placed as without a nav");
        let note = site
            .not_in_nav_note(&crate::config::Config::default())
            .unwrap();
        assert!(
            note.message.starts_with("1 page is not in"),
            "{}",
            note.message
        );
    }

    #[test]
    fn a_nav_path_that_names_no_page_is_an_error_with_the_nearest() {
        let pages = vec![page("content/guide/install.md", "title: Install")];
        let errors = Site::with_nav(
            pages,
            None,
            &nav("nav:\n  - guide/instal.md\n"),
            &ContentDir::default(),
            &[],
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(2));
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `guide/install.md`?")
        );
    }

    #[test]
    fn in_a_folder_the_readme_first_then_sortorder_then_prefixes_then_titles() {
        let site = Site::new(
            vec![
                page("content/guide/b.md", "title: B"),
                page("content/guide/02-a.md", "title: A"),
                page("content/guide/01-z.md", "title: Z"),
                page("content/guide/later.md", "title: Later\nsortorder: 3"),
                page("content/guide/README.md", "title: Guide"),
            ],
            None,
        );
        let order: Vec<_> = (site.chapters[0].pages.iter())
            .map(|&i| site.pages[i].meta.title.as_str())
            .collect();
        assert_eq!(order, ["Guide", "Later", "Z", "A", "B"]);
    }

    #[test]
    fn without_a_nav_prev_next_read_on_into_the_next_chapter_and_its_sub_chapters() {
        let site = Site::new(
            vec![
                page("content/pages/01-a/00-a.md", "title: A"),
                page("content/pages/01-a/01-x.md", "title: X"),
                page("content/pages/01-a/02-sub/00-s.md", "title: S"),
                page("content/pages/02-b/00-b.md", "title: B"),
                page("content/loose.md", "title: Loose"),
            ],
            None,
        );
        let title = |i: Option<usize>| i.map(|i| site.pages[i].meta.title.as_str());
        let by_title = |t: &str| (0..site.pages.len()).find(|&i| site.pages[i].meta.title == t);
        let around = |t: &str| {
            let (p, n) = site.prev_next(by_title(t).unwrap());
            (title(p), title(n))
        };
        assert_eq!(around("A"), (None, Some("X")));
        assert_eq!(around("X"), (Some("A"), Some("S")), "into the sub-chapter");
        assert_eq!(around("S"), (Some("X"), Some("B")), "into the next chapter");
        assert_eq!(around("B"), (Some("S"), None));
        assert_eq!(
            around("Loose"),
            (None, None),
            "a page in no chapter is read alone"
        );
    }

    fn mkdocs_page(path: &str, text: &str) -> Arc<Page> {
        let text = text.to_string();
        Arc::new(crate::content::parse_page_as(Path::new(path), text, true).unwrap())
    }

    #[test]
    fn in_a_mkdocs_project_the_nav_titles_the_page_everywhere() {
        let pages = vec![
            mkdocs_page("content/index.md", "Welcome.\n"),
            mkdocs_page("content/quickstart.md", "# Quick start\n"),
            mkdocs_page("content/tutorial/index.md", "# Tutorial - User Guide\n"),
            mkdocs_page("content/tutorial/first.md", "# First steps\n"),
            mkdocs_page("content/hidden.md", "# Not listed\n"),
        ];
        let nav = nav("nav:\n  - Introduction: index.md\n  - quickstart.md\n  - \"\":\n    - tutorial/index.md\n    - tutorial/first.md\n");
        let site = Site::with_nav(pages, None, &nav, &ContentDir::default(), &[]).unwrap();
        let titles: Vec<(&str, &str)> = (site.pages.iter())
            .map(|p| (p.meta.title.as_str(), p.sidebartitle()))
            .collect();
        assert_eq!(
            titles,
            [
                ("Not listed", "Not listed"),
                ("Introduction", "Introduction"),
                ("Quick start", "Quick start"),
                ("First steps", "First steps"),
                ("Tutorial - User Guide", "Tutorial - User Guide"),
            ]
        );
        let tutorial = &site.chapters[site.top[2]];
        assert_eq!(
            tutorial.title, "Tutorial - User Guide",
            "the index titles the section"
        );
        let index = tutorial
            .index_page
            .map(|i| site.pages[i].source.display().to_string());
        assert_eq!(index.as_deref(), Some("content/tutorial/index.md"));
        assert_eq!(site.not_in_nav.len(), 1);
        let mut config = crate::config::Config {
            from_mkdocs: true,
            ..crate::config::Config::default()
        };
        let note = site
            .not_in_nav_note(&config)
            .expect("one line, as MkDocs' INFO");
        assert!(
            note.message.contains("`content/hidden.md`"),
            "{}",
            note.message
        );
        config.pages.not_in_nav = vec!["/hidden.md".into()];
        assert!(
            site.not_in_nav_note(&config).is_none(),
            "not a word of a page `not_in_nav` names"
        );
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
