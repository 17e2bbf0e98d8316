//! The typed views templates see: what a page, a chapter and the site look
//! like from a template. Built from the site model, borrowed where they can be.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::site::{SidebarEntry, Site};
use crate::content::Page;
use crate::date::Date;
use crate::markdown::TocEntry;

/// A link to a page, as sidebars, prev/next and listings show it.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub title: &'a str,
    pub sidebartitle: &'a str,
    pub url: String,
}

/// A post as listings show it.
#[derive(Serialize)]
pub(crate) struct PostLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: &'a str,
    pub category: &'a str,
    pub meta: &'a str,
    /// A Markdown `Summary:`'s HTML (`<p>…<code>…</code></p>`), which listings show in place of
    /// `meta` when there is one.
    pub summary_html: Option<&'a str>,
}

/// Another language's version of a page.
#[derive(Serialize)]
pub(crate) struct TranslationLink<'a> {
    pub lang: &'a str,
    pub url: String,
}

/// A tag or category as a link: on the pages that carry it, and on the tags page with its count.
#[derive(Serialize)]
pub(crate) struct TermLink<'a> {
    pub name: &'a str,
    pub url: String,
    /// How many pages carry it (the tags page only; 0 elsewhere, which a page must not depend on).
    pub count: usize,
}

/// A tag's, category's or author's own page (`term` in tag.html).
#[derive(Serialize)]
pub(crate) struct TermView<'a> {
    /// `tag`, `category` or `author`.
    pub kind: &'static str,
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub pages: Vec<PostLink<'a>>,
}

/// A chapter as a link: `chapters`, a chapter's `children` and its `path`.
#[derive(Serialize, Clone)]
pub(crate) struct ChapterLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    /// A `nav:` link out of the site: `url` is its address, and the sidebar marks it.
    pub external: bool,
}

/// The chapter a page is in, as its sidebar shows it (`chapter` in templates).
#[derive(Serialize)]
pub(crate) struct ChapterView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub pages: Vec<Link<'a>>,
    /// `pages` as the built-in sidebar lists them, one `<li><a href="…">…</a></li>` line
    /// each, the index page aside (the chapter's own link leads to it): a Tera loop over a chapter's pages, run for each of them, costs the square of the
    /// chapter's size, and this is made once per chapter. The `current_page` filter
    /// marks the page being rendered in it (templates.rs).
    pub pages_html: String,
    pub children: Vec<ChapterLink<'a>>,
    /// The sub-chapters the built-in sidebar lists after `pages_html`: with a `nav:`, those it
    /// writes after the chapter's last page (`pages_html` holds the others, in their places);
    /// without one, all of them.
    pub children_after: Vec<ChapterLink<'a>>,
    /// The chapters from the top down to this one.
    pub path: Vec<ChapterLink<'a>>,
}

/// A top-level chapter on the contents page (`contents` in index.html): its pages, then its
/// sub-chapters as links.
#[derive(Serialize)]
pub(crate) struct ContentsChapter<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub pages: Vec<Link<'a>>,
}

/// The page being rendered (`page` in templates).
#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub output: &'a str,
    pub source: String,
    pub sidebartitle: &'a str,
    pub sortorder: Option<&'a str>,
    pub toc: bool,
    pub toc_items: &'a [TocEntry],
    pub meta: Option<&'a str>,
    pub category: Option<&'a str>,
    pub date: Option<&'a Date>,
    pub modified: Option<&'a Date>,
    pub is_post: bool,
    /// False where the Markdown starts with its own `# Title`, so templates do not show it twice.
    pub shows_title: bool,
    /// The `<title>` is the site's name alone (a MkDocs project's home page, as Material).
    pub title_alone: bool,
    pub content: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Where the page's source can be edited (`edit_url` in site.yaml), unless it opts out.
    pub edit_url: Option<String>,
    /// Pelican's metadata: `summary`, `authors` (a list) and `lang`.
    pub summary: Option<&'a str>,
    pub authors: &'a [String],
    /// A listed post's authors, each linking to their page (none on pages, which have none).
    pub author_links: Vec<TermLink<'a>>,
    /// The page's `lang:`, else the site's.
    pub lang: Option<&'a str>,
    /// The same text in other languages (Pelican's translations), by language.
    pub translations: Vec<TranslationLink<'a>>,
    /// The page's tags, as it writes them, each linking to its tag's page.
    pub tags: Vec<TermLink<'a>>,
    /// A post's category page.
    pub category_url: Option<String>,
    /// When the page last changed (`modified:`, else git): RFC 3339, and the day alone.
    pub updated: Option<String>,
    pub updated_day: Option<&'a str>,
    /// Material's `hide:`, as `page.hide_navigation`, `page.hide_footer`, …
    #[serde(flatten)]
    pub hide: crate::content::meta::Hide,
}

/// A page's own tags and category as links: made from the page alone, so that an edit of
/// another page never changes this one. A hidden page has none: no term's page lists it (and
/// a term only hidden pages carry has no page to link to).
pub(crate) fn term_links<'p>(
    page: &'p Page,
    url: &dyn Fn(&str) -> String,
) -> (Vec<TermLink<'p>>, Option<String>) {
    use crate::content::taxonomy::{category_output, slug, tag_output, SlugKind};
    let findable = page.is_findable();
    // In a MkDocs project with Material's tags plugin, a tag links to its listing's anchor.
    let listed_at =
        (page.meta.extra.get(crate::content::mkdocs_tags::LISTED_AT)).and_then(|v| v.as_object());
    let tags = (page.meta.tags.iter())
        .filter(|_| findable)
        .map(|t| TermLink {
            name: t,
            url: match listed_at.and_then(|m| m.get(t)?.as_str()?.split_once('#')) {
                Some((path, anchor)) => format!("{}#{anchor}", url(path)),
                None => url(&tag_output(&slug(SlugKind::Tag, t))),
            },
            count: 0,
        })
        .collect();
    let category = (page.meta.category.as_deref())
        .map(str::trim)
        .filter(|c| findable && page.is_post && !c.is_empty())
        .map(|c| url(&category_output(&slug(SlugKind::Category, c))));
    (tags, category)
}

/// The other languages' versions of a page, by language then source.
pub(crate) fn translation_links<'s>(
    site: &'s Site,
    page: usize,
    url: &dyn Fn(&str) -> String,
) -> Vec<TranslationLink<'s>> {
    let Some(others) = site.translations.get(&page) else {
        return Vec::new();
    };
    let mut links: Vec<(TranslationLink, &std::path::Path)> = (others.iter())
        .map(|&i| {
            let link = TranslationLink {
                lang: site.lang_of(i).unwrap_or(""),
                url: url(site.pages[i].url_path()),
            };
            (link, site.pages[i].source.as_path())
        })
        .collect();
    links.sort_by(|a, b| (a.0.lang, a.1).cmp(&(b.0.lang, b.1)));
    links.into_iter().map(|(l, _)| l).collect()
}

/// A listed post's authors as links to their pages: every listed post is on its authors' pages.
pub(crate) fn author_links<'p>(
    page: &'p Page,
    listed: bool,
    url: &dyn Fn(&str) -> String,
) -> Vec<TermLink<'p>> {
    use crate::content::taxonomy::{author_output, slug, SlugKind};
    (page.meta.authors.iter())
        .filter(|_| listed && page.is_post)
        .map(|a| TermLink {
            name: a,
            url: url(&author_output(&slug(SlugKind::Author, a))),
            count: 0,
        })
        .collect()
}

/// The site's settings and shared files (`site` in templates).
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// site.yaml's `lang:` (`en` unless set).
    pub lang: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub stylesheet: &'a str,
    pub chapters_script: &'a str,
    /// Whether the site has posts: the theme links its Blog page only then.
    pub has_posts: bool,
    /// The top-level chapters as header tabs (`tabs: true` in site.yaml); else none.
    pub tabs: Vec<ChapterLink<'a>>,
    pub extra: &'a BTreeMap<String, serde_yaml::Value>,
    /// Stylesheets and scripts every page loads after the theme's, and the palette (from a
    /// mkdocs.yml's `extra_css`, `extra_javascript`, `theme.palette`).
    pub extra_css: &'a [String],
    pub extra_javascript: &'a [crate::config::Script],
    pub palette: &'a [crate::config::Scheme],
    /// The palette's colours as custom properties, for a `<style>` in the head.
    pub palette_css: &'a str,
    /// The page furniture from site.yaml: see `Furniture`.
    #[serde(flatten)]
    pub furniture: Furniture<'a>,
    /// The heading of a page's table of contents (mkdocs.yml's `toc: title:`, or site.yaml's
    /// `markdown: toc: title:`); without one, the theme's own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc_title: Option<&'a str>,
}

/// The header's logo and repository link, the tab's icon and the footer's links.
#[derive(Serialize)]
pub(crate) struct Furniture<'a> {
    pub logo: Option<&'a str>,
    pub favicon: Option<&'a str>,
    pub repo_url: Option<&'a str>,
    pub repo_name: Option<String>,
    pub social: Vec<SocialLink<'a>>,
    pub copyright: Option<&'a str>,
}

/// A footer link: `icon` is one the theme draws (`github`, `rss`, `email`) or `""`, which
/// shows `label` as text.
#[derive(Serialize)]
pub(crate) struct SocialLink<'a> {
    pub icon: &'static str,
    pub label: String,
    pub link: &'a str,
}

impl<'a> Furniture<'a> {
    fn new(config: &'a Config) -> Self {
        let repo_url = config.repo_url.as_deref().filter(|u| !u.trim().is_empty());
        // `https://github.com/org/repo(.git)/` shows as `org/repo`, as Material's header does.
        let repo_name = config.repo_name.clone().or_else(|| {
            let path = repo_url?.split("://").nth(1)?.split_once('/')?.1;
            let path = path.trim_end_matches('/').trim_end_matches(".git");
            (!path.is_empty()).then(|| path.to_string())
        });
        let social = (config.social.iter())
            .map(|s| {
                let named = s
                    .icon
                    .as_deref()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                let icon = match named.trim_end_matches("-alt") {
                    "github" | "square-github" => "github",
                    "rss" | "square-rss" => "rss",
                    "email" | "envelope" | "at" => "email",
                    _ => "",
                };
                // What is read out (or shown, without an icon): the name, else the icon's.
                let label = match (&s.name, named) {
                    (Some(n), _) if !n.trim().is_empty() => n.trim().to_string(),
                    (_, "") => s.link.clone(),
                    (_, n) => n[..1].to_uppercase() + &n[1..],
                };
                SocialLink {
                    icon,
                    label,
                    link: &s.link,
                }
            })
            .collect();
        Furniture {
            logo: config.logo.as_deref().filter(|l| !l.trim().is_empty()),
            favicon: config.favicon.as_deref().filter(|l| !l.trim().is_empty()),
            repo_url,
            repo_name,
            social,
            copyright: config.copyright.as_deref(),
        }
    }
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(
        config: &'a Config,
        base_path: &'a str,
        stylesheet: &'a str,
        chapters_script: &'a str,
        has_posts: bool,
        chapters: &[ChapterLink<'a>],
    ) -> Self {
        SiteView {
            title: &config.title,
            author: &config.author,
            lang: &config.lang,
            base_url: &config.base_url,
            base_path,
            stylesheet,
            chapters_script,
            has_posts,
            tabs: match config.tabs {
                true => chapters.to_vec(),
                false => Vec::new(),
            },
            extra: &config.extra,
            extra_css: &config.head.css,
            extra_javascript: &config.head.scripts,
            palette: &config.head.palette,
            palette_css: &config.head.palette_css,
            furniture: Furniture::new(config),
            toc_title: (config.markdown.toc.title.as_deref()).filter(|t| !t.trim().is_empty()),
        }
    }
}

pub(crate) fn page_link<'p>(page: &'p Page, url: &dyn Fn(&str) -> String) -> Link<'p> {
    Link {
        title: &page.meta.title,
        sidebartitle: page.sidebartitle(),
        url: url(page.url_path()),
    }
}

pub(crate) fn post_link<'p>(page: &'p Page, url: &dyn Fn(&str) -> String) -> PostLink<'p> {
    PostLink {
        title: &page.meta.title,
        url: url(page.url_path()),
        date: page.meta.date.as_ref().map_or("", Date::as_str),
        category: page.meta.category.as_deref().unwrap_or(""),
        // Pelican's `Summary:` is the listing's text; else the description.
        meta: (page.meta.summary.as_deref())
            .or(page.meta.meta.as_deref())
            .unwrap_or(""),
        summary_html: page.meta.summary_html.as_deref(),
    }
}

pub(crate) fn chapter_link<'s>(
    site: &'s Site,
    c: usize,
    url: &dyn Fn(&str) -> String,
) -> ChapterLink<'s> {
    let ch = &site.chapters[c];
    ChapterLink {
        id: &ch.id,
        title: &ch.title,
        url: match &ch.link {
            Some(address) => address.clone(),
            None => url(site.chapter_output(c).unwrap_or("")),
        },
        external: ch.link.is_some(),
    }
}

/// The SVG of a page's `icon:`, if an icon set has it (else the checks warn).
pub(crate) fn page_icon(page: &Page) -> Option<&'static str> {
    crate::markdown::icons::svg_named(&page.meta.icon.as_ref()?.0)
}

pub(crate) fn chapter_view<'s>(
    site: &'s Site,
    c: usize,
    url: &dyn Fn(&str) -> String,
) -> ChapterView<'s> {
    let ch = &site.chapters[c];
    let pages: Vec<Link> = ch
        .pages
        .iter()
        .map(|&i| page_link(&site.pages[i], url))
        .collect();
    let children: Vec<ChapterLink> = (ch.children.iter())
        .map(|&s| chapter_link(site, s, url))
        .collect();
    // Sub-chapters the nav writes before some page go into the list in their places; those
    // after the last page are `children_after`, which the template lists.
    let entries = site.sidebar_entries(c);
    let last_page = (entries.iter()).rposition(|e| matches!(e, SidebarEntry::Page(_)));
    let mut pages_html = String::new();
    let mut children_after = Vec::new();
    for (k, &entry) in entries.iter().enumerate() {
        match entry {
            SidebarEntry::Chapter(s) if last_page.is_none_or(|l| k > l) => {
                children_after.push(chapter_link(site, s, url));
            }
            SidebarEntry::Chapter(s) => {
                subchapter_item(&mut pages_html, &chapter_link(site, s, url))
            }
            // The chapter's own link leads to its index page: listed once, as the chapter.
            SidebarEntry::Page(p) if ch.index_page == Some(p) => {}
            SidebarEntry::Page(p) => {
                let page = &site.pages[p];
                pages_html += &crate::templates::sidebar_pages(std::iter::once((
                    url(page.url_path()).as_str(),
                    page.sidebartitle(),
                )));
            }
        }
    }
    ChapterView {
        id: &ch.id,
        title: &ch.title,
        url: url(site.chapter_output(c).unwrap_or("")),
        pages_html,
        pages,
        children,
        children_after,
        path: site
            .chapter_path(c)
            .into_iter()
            .map(|p| chapter_link(site, p, url))
            .collect(),
    }
}

/// A sub-chapter's item in the sidebar's list, as base.html writes those after the pages.
fn subchapter_item(html: &mut String, s: &ChapterLink) {
    let escape = crate::markdown::highlight::escape;
    html.push_str("<li class=\"subchapter\"><a href=\"");
    escape(html, &s.url, true);
    html.push('"');
    if s.external {
        html.push_str(" aria-label=\"");
        escape(html, s.title, true);
        html.push_str(" (another site)\"");
    }
    html.push('>');
    escape(html, s.title, true);
    if s.external {
        html.push_str(" <span aria-hidden=\"true\">↗</span>");
    }
    html.push_str("</a></li>\n");
}
