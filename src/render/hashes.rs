//! What pages share, hashed, so that `quire serve` can tell which pages an edit reaches: a page's
//! HTML depends only on its own source, the templates and these views.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use super::views::{chapter_view, page_link, post_link, Link, PostLink};
use super::RenderContext;

/// Hashes of the views pages share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct ContextHashes {
    /// Site settings, the top-level chapters and the recent posts: every page sees them.
    pub shared: u64,
    /// Each chapter's view (its pages' titles, sidebar titles and URLs, in order) by chapter id:
    /// the pages of that chapter show it in their sidebar and prev/next links.
    pub chapters: HashMap<String, u64>,
    /// Pages outside chapters, listed only by index.html.
    pub loose: u64,
    /// Every post, listed only by blog.html.
    pub posts: u64,
    /// The tags and authors pages and every tag's, category's and author's page.
    pub terms: u64,
    /// Each page with translations, by source: the links to them, and whether it is listed
    /// (which its author links depend on). Another page of its group coming or going changes it.
    pub translations: BTreeMap<PathBuf, u64>,
    /// With a `nav:`, each page it lists, by source: its prev/next links, which cross chapters
    /// (without one, they are its chapter's neighbours, in `chapters`).
    #[serde(default)]
    pub neighbours: BTreeMap<PathBuf, u64>,
}

fn hash<T: Serialize + ?Sized>(v: &T) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&serde_json::to_vec(v).expect("views serialize"))
}

impl RenderContext<'_> {
    pub(crate) fn hashes(&self) -> ContextHashes {
        let site = self.site;
        let url = |o: &str| self.url(o);
        let loose: Vec<Link> = site
            .loose
            .iter()
            .map(|&i| page_link(&site.pages[i], &url))
            .collect();
        let posts: Vec<PostLink> = site
            .posts
            .iter()
            .map(|&i| post_link(&site.pages[i], &url))
            .collect();
        ContextHashes {
            shared: hash(&[&self.site_value, &self.chapters_value, &self.recent_value]),
            // The views themselves, not the templates' values of them: those are made when a
            // chapter's first page renders and let go after its last, and making them all
            // here held every chapter's until its pages were done.
            chapters: (site.chapters.iter().enumerate())
                .map(|(i, c)| (c.id.clone(), hash(&chapter_view(site, i, &url))))
                .collect(),
            loose: hash(&loose),
            posts: hash(&posts),
            terms: hash(&(self.tag_links(), self.author_links(), self.term_views())),
            translations: (site.translations.keys())
                .map(|&i| {
                    let links = super::views::translation_links(site, i, &url);
                    (
                        site.pages[i].source.clone(),
                        hash(&(links, site.is_listed(i))),
                    )
                })
                .collect(),
            neighbours: (site.reading_order().unwrap_or_default().iter())
                .map(|&i| {
                    let (prev, next) = site.prev_next(i);
                    let link = |p: Option<usize>| p.map(|p| page_link(&site.pages[p], &url));
                    (
                        site.pages[i].source.clone(),
                        hash(&(link(prev), link(next))),
                    )
                })
                .collect(),
        }
    }
}
