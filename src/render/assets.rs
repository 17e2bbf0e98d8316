//! Files named by their content (`theme/quire.1a2b3c4d.css`), so that a deploy never serves a
//! stale one and a page links to exactly the version it was built with.

use std::borrow::Cow;

use serde::Serialize;

use crate::content::site::{SidebarEntry, Site};
use crate::url::SitePath;

/// One finished file for the output folder.
#[derive(Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file named by its content hash: `hashed("theme/search", "js", …)` → `theme/search.1a2b3c4d.js`.
pub(crate) fn hashed(stem: &str, ext: &str, bytes: Vec<u8>) -> OutputFile {
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    OutputFile {
        path: format!("{stem}.{:08x}.{ext}", hash as u32),
        bytes,
    }
}

/// A chapter as the chapter script lists it: a site-relative path, which the script
/// prefixes with the page's own way to the root, and what the sidebar shows when the reader
/// opens it. Fields in name order.
#[derive(Serialize)]
struct ScriptChapter<'a> {
    /// Its index page's icon, by its place in the script's table (left out when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<usize>,
    id: &'a str,
    /// Its pages and sub-chapters in the sidebar's order (left out when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<ScriptItem<'a>>,
    /// `path` is a `nav:` link's address, out of the site (left out when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    link: bool,
    path: Cow<'a, str>,
    title: &'a str,
}

/// An entry of an opened chapter: a page as `[title, path]` (the most of the script's bytes,
/// so the shortest form), `[title, path, icon]` with an icon, or a sub-chapter.
#[derive(Serialize)]
#[serde(untagged)]
enum ScriptItem<'a> {
    Page(&'a str, Cow<'a, str>),
    IconPage(&'a str, Cow<'a, str>, usize),
    Chapter(ScriptChapter<'a>),
}

/// The icons the sidebar shows, each SVG once in the script however many pages show it.
#[derive(Default)]
struct IconTable {
    svgs: Vec<&'static str>,
    places: std::collections::HashMap<&'static str, usize>,
}

impl IconTable {
    /// Page `p`'s icon's place in the table, if it has one that an icon set has.
    fn of(&mut self, site: &Site, p: Option<usize>) -> Option<usize> {
        let svg = super::views::page_icon(&site.pages[p?])?;
        let next = self.svgs.len();
        let place = *self.places.entry(svg).or_insert(next);
        if place == next {
            self.svgs.push(svg);
        }
        Some(place)
    }
}

/// The file a link opens, from the root: a folder's (`pretty_urls`) is its `index.html`,
/// since the script adds it to a root that may be relative (opened from disk).
fn script_path(path: &str) -> Cow<'static, str> {
    let file = match path.ends_with('/') {
        true => format!("{path}index.html"),
        false => path.to_string(),
    };
    Cow::Owned(SitePath::new(&file).encoded().into_owned())
}

/// Chapter `c` with everything under it, in the order the sidebar lists it (see
/// `views::chapter_view`): the index page aside, which the chapter's own link opens.
fn script_chapter<'s>(site: &'s Site, c: usize, icons: &mut IconTable) -> ScriptChapter<'s> {
    let ch = &site.chapters[c];
    let items = (site.sidebar_entries(c).into_iter())
        .filter(|&e| e != SidebarEntry::Page(ch.index_page.unwrap_or(usize::MAX)))
        .map(|e| match e {
            SidebarEntry::Page(p) => {
                let page = &site.pages[p];
                let (title, path) = (page.sidebartitle(), script_path(page.url_path()));
                match icons.of(site, Some(p)) {
                    Some(icon) => ScriptItem::IconPage(title, path, icon),
                    None => ScriptItem::Page(title, path),
                }
            }
            SidebarEntry::Chapter(s) => ScriptItem::Chapter(script_chapter(site, s, icons)),
        })
        .collect();
    ScriptChapter {
        icon: icons.of(site, ch.index_page),
        id: &ch.id,
        items,
        link: ch.link.is_some(),
        path: match &ch.link {
            Some(url) => Cow::Borrowed(url.as_str()),
            None => script_path(site.chapter_output(c).unwrap_or("")),
        },
        title: &ch.title,
    }
}

/// The sidebar's chapters: pages carry only their own chapter's pages, and this script (one
/// file for the whole site, named by its content) adds the others, each opened in place with
/// its pages, so that the site's HTML grows with its pages and not with their square.
/// Without JavaScript the sidebar still shows the current chapter and a link to the contents.
pub(crate) fn chapters_script(site: &Site) -> OutputFile {
    let mut icons = IconTable::default();
    let chapters: Vec<ScriptChapter> = (site.top.iter())
        .map(|&c| script_chapter(site, c, &mut icons))
        .collect();
    let data = serde_json::to_string(&chapters).expect("plain data serializes");
    let svgs = serde_json::to_string(&icons.svgs).expect("plain data serializes");
    let js = (include_str!("../theme/chapters.js"))
        .replace("/*CHAPTERS*/[]", &data)
        .replace("/*ICONS*/[]", &svgs);
    hashed("theme/chapters", "js", js.into_bytes())
}
