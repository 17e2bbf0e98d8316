//! Tags and categories: which pages each names, and where each one's page goes.
//!
//! A tag (`tags:` in front matter, on pages and posts) and a post's `category` each get a page
//! listing what carries it. Names are grouped by their slug, so `AWS` and `aws` are one tag,
//! shown as first written (in source order).
//!
//! An author (`author:`/`authors:`) gets a page listing their posts, as Pelican's author pages
//! do, and `authors.html` lists them all; only listed posts count (not pages, hidden posts or
//! translations), so a site whose posts name no author has no author pages.

use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) use super::paths::SlugKind;
use super::Page;
use crate::markdown::slugify;

/// The page listing every tag with its count.
pub(crate) const TAGS_INDEX: &str = "tags/index.html";

/// The page listing every author (Pelican's AUTHORS_SAVE_AS).
pub(crate) const AUTHORS_INDEX: &str = "authors.html";

/// One tag or category and what carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indices into `Site::pages`: posts newest first, then pages by title.
    pub pages: Vec<usize>,
}

/// Every tag and category of a site, each list by slug.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taxonomy {
    pub tags: Vec<Term>,
    pub categories: Vec<Term>,
    /// Authors of listed posts, each with their posts newest first.
    pub authors: Vec<Term>,
}

/// Where a tag's page goes.
pub(crate) fn tag_output(slug: &str) -> String {
    format!("tags/{slug}.html")
}

/// Where a category's page goes.
pub(crate) fn category_output(slug: &str) -> String {
    format!("category/{slug}.html")
}

/// Where an author's page goes (Pelican's AUTHOR_SAVE_AS).
pub(crate) fn author_output(slug: &str) -> String {
    format!("author/{slug}.html")
}

/// A name's slug as Pelican's `slugify` makes it, so that every tag, category and author page
/// is at Pelican's address: `AWS Lambda` is `aws-lambda`, `Café` `cafe` (transliterated, as
/// page titles are). A name of which nothing is left (`++`) is slugged as a heading's id is.
pub(crate) fn slug(kind: SlugKind, name: &str) -> String {
    let pelicans = super::paths::slug_of(kind, name);
    if pelicans.is_empty() {
        slugify(name)
    } else {
        pelicans
    }
}

/// A post's category, if it names one (a post's `category: page` makes it a page instead).
pub(crate) fn category(page: &Page) -> Option<&str> {
    (page.meta.category.as_deref())
        .map(str::trim)
        .filter(|c| page.is_post && !c.is_empty())
}

impl Taxonomy {
    /// `pages` by source, as `Site` holds them; `posts` newest first.
    pub fn new(pages: &[Arc<Page>], posts: &[usize]) -> Taxonomy {
        // Posts newest first, then pages by title: the order every term lists them in.
        let mut order: Vec<usize> = posts.to_vec();
        // Hidden pages are on no term's page, and a term only they carry has no page.
        let findable = |i: &usize| pages[*i].is_findable();
        let mut others: Vec<usize> = (0..pages.len())
            .filter(|&i| !pages[i].is_post)
            .filter(findable)
            .collect();
        others.sort_by(|&a, &b| {
            (pages[a].meta.title.to_lowercase(), &pages[a].source)
                .cmp(&(pages[b].meta.title.to_lowercase(), &pages[b].source))
        });
        order.extend(others);
        let mut tags: BTreeMap<String, Term> = BTreeMap::new();
        let mut categories: BTreeMap<String, Term> = BTreeMap::new();
        let name = |terms: &mut BTreeMap<String, Term>, kind, name: &str| {
            terms
                .entry(slug(kind, name))
                .or_insert_with_key(|slug| Term {
                    name: name.to_string(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                });
        };
        // Each term is shown as first written in source order, whatever the pages' dates.
        for page in pages.iter().filter(|p| p.is_findable()) {
            for tag in &page.meta.tags {
                name(&mut tags, SlugKind::Tag, tag);
            }
            if let Some(c) = category(page) {
                name(&mut categories, SlugKind::Category, c);
            }
        }
        let add = |terms: &mut BTreeMap<String, Term>, kind, name: &str, page: usize| {
            let term = terms.get_mut(&slug(kind, name)).expect("named above");
            // `AWS, aws` on one page lists it once.
            if term.pages.last() != Some(&page) {
                term.pages.push(page);
            }
        };
        for &i in &order {
            for tag in &pages[i].meta.tags {
                add(&mut tags, SlugKind::Tag, tag, i);
            }
            if let Some(c) = category(&pages[i]) {
                add(&mut categories, SlugKind::Category, c, i);
            }
        }
        // Authors of listed posts only, shown as first written in source order, like tags.
        let mut authors: BTreeMap<String, Term> = BTreeMap::new();
        let mut by_source = posts.to_vec();
        by_source.sort_unstable();
        for &i in &by_source {
            for author in &pages[i].meta.authors {
                name(&mut authors, SlugKind::Author, author);
            }
        }
        for &i in posts {
            for author in &pages[i].meta.authors {
                add(&mut authors, SlugKind::Author, author, i);
            }
        }
        Taxonomy {
            tags: tags.into_values().collect(),
            categories: categories.into_values().collect(),
            authors: authors.into_values().collect(),
        }
    }

    /// Every file the tag and category pages take.
    pub fn outputs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if !self.tags.is_empty() {
            out.push(TAGS_INDEX.to_string());
        }
        out.extend(self.tags.iter().map(|t| tag_output(&t.slug)));
        out.extend(self.categories.iter().map(|c| category_output(&c.slug)));
        if !self.authors.is_empty() {
            out.push(AUTHORS_INDEX.to_string());
        }
        out.extend(self.authors.iter().map(|a| author_output(&a.slug)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;
    use std::path::Path;

    fn page(path: &str, header: &str) -> Arc<Page> {
        Arc::new(parse_page(Path::new(path), format!("{header}\n\nText.\n")).unwrap())
    }

    #[test]
    fn terms_list_posts_newest_first_then_pages_by_title() {
        let pages = vec![
            page("content/a.md", "title: Zebra\ntags: AWS, python"),
            page("content/b.md", "title: Apple\ntags: aws"),
            page(
                "content/p1.md",
                "title: Old\ndate: 2020-01-01\ncategory: News\ntags: aws",
            ),
            page(
                "content/p2.md",
                "title: New\ndate: 2021-01-01\ncategory: news",
            ),
        ];
        let t = Taxonomy::new(&pages, &[3, 2]);
        let names: Vec<(&str, &str, &[usize])> = (t.tags.iter())
            .map(|t| (t.name.as_str(), t.slug.as_str(), t.pages.as_slice()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("AWS", "aws", &[2, 1, 0][..]),
                ("python", "python", &[0][..])
            ]
        );
        assert_eq!(t.categories.len(), 1);
        assert_eq!(t.categories[0].name, "News");
        assert_eq!(t.categories[0].pages, vec![3, 2]);
        assert_eq!(
            t.outputs(),
            vec![
                "tags/index.html",
                "tags/aws.html",
                "tags/python.html",
                "category/news.html"
            ]
        );
    }
}
