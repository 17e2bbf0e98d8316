//! Material's tags plugin (material/plugins/tags) on a MkDocs project: the page holding
//! `<!-- material/tags -->` (or named by `tags_file` in older configs) lists every tag, by
//! name, under its anchor (`tag:{slug}`), each with its pages by title, as Material does. The
//! list is Markdown given to the page before the site is placed, so its links are checked
//! and rewritten as the page's own. A page's own tags link to the listing closest to it, at
//! the tag's anchor (Material's `ListingManager.closest`), not to quire's tag pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::mkdocs_blog::{relative, slugify};
use super::Page;
use crate::config::mkdocs::Tags;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// Around the list given to a page: a page kept from an earlier build (`quire serve`) has it
/// taken out before it is given it again.
const START: &str = "<!-- quire: tags -->";
const END: &str = "<!-- quire: end of tags -->";

/// The `extra` key of a tagged page that says where each of its tags links: tag → the
/// listing's URL path with the tag's anchor (`tags/#tag:brass`). Read by the page's
/// template values (render/views.rs `term_links`).
pub(crate) const LISTED_AT: &str = "quire_tags_listed_at";

/// The pages, those that list the tags given the list; and what could not be read.
pub(crate) fn with_listings(
    mut pages: Vec<Arc<Page>>,
    config: &Config,
) -> (Vec<Arc<Page>>, Vec<Diagnostic>) {
    let Some(tags) = config.pages.tags.as_ref().filter(|_| config.from_mkdocs) else {
        return (pages, Vec::new());
    };
    let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| !p.meta.draft) {
        for tag in &page.meta.tags {
            by_tag.entry(tag.as_str()).or_default().push(i);
        }
    }
    for listed in by_tag.values_mut() {
        listed.sort_by(|&a, &b| pages[a].meta.title.cmp(&pages[b].meta.title));
    }
    let directive = format!("<!-- {}", tags.directive);
    let file = tags.file.as_ref().map(|f| config.content.rel().join(f));
    let placing = super::Placing::of(config);
    let mut problems = Vec::new();
    let mut given = Vec::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| !p.meta.draft) {
        let text = match page.text() {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let text = without_list(&text);
        let at = text.find(&directive);
        if at.is_none() && file.as_ref() != Some(&page.source) {
            continue;
        }
        let folder = page.source.parent().unwrap_or(std::path::Path::new(""));
        let list = listing(&by_tag, &pages, tags, folder);
        let text = match at {
            Some(at) => {
                let end = text[at..].find("-->").map_or(text.len(), |e| at + e + 3);
                format!("{}{START}\n\n{list}\n{END}{}", &text[..end], &text[end..])
            }
            None => format!("{}\n\n{START}\n\n{list}\n{END}\n", text.trim_end()),
        };
        match super::generated_page(&page.source, &placing, text) {
            Ok(p) => given.push((i, p)),
            Err(e) => problems.extend(e),
        }
    }
    let listings: Vec<usize> = given.iter().map(|(i, _)| *i).collect();
    for (i, page) in given {
        pages[i] = Arc::new(page);
    }
    link_tags(&mut pages, &listings, tags);
    (pages, problems)
}

/// Each tagged page told where its tags link: the listing whose URL shares the longest path
/// with its own (the first such, by source, when two do), at the tag's anchor. A page whose
/// links are as an earlier build left them is kept as it was (`quire serve` renders it again
/// only when they change).
fn link_tags(pages: &mut [Arc<Page>], listings: &[usize], tags: &Tags) {
    if listings.is_empty() {
        return;
    }
    for i in 0..pages.len() {
        if pages[i].meta.tags.is_empty() || pages[i].meta.draft {
            continue;
        }
        let own = pages[i].url_path().to_string();
        let closest = (listings.iter())
            .max_by_key(|&&l| {
                (
                    common_length(&own, pages[l].url_path()),
                    std::cmp::Reverse(l),
                )
            })
            .map(|&l| pages[l].url_path().to_string())
            .unwrap_or_default();
        let links: serde_json::Map<String, serde_json::Value> = (pages[i].meta.tags.iter())
            .map(|t| {
                let anchor = tags.slug_format.replace("{slug}", &slugify(t));
                (t.clone(), format!("{closest}#{anchor}").into())
            })
            .collect();
        let links = serde_json::Value::Object(links);
        if pages[i].meta.extra.get(LISTED_AT) != Some(&links) {
            let mut page = (*pages[i]).clone();
            page.meta.extra.insert(LISTED_AT.into(), links);
            pages[i] = Arc::new(page);
        }
    }
}

/// The length of the path two URL paths share, whole parts only (`posixpath.commonpath`).
fn common_length(a: &str, b: &str) -> usize {
    (a.split('/').zip(b.split('/')))
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len() + 1)
        .sum()
}

/// The text without a list an earlier build gave it.
fn without_list(text: &str) -> String {
    match (text.find(START), text.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &text[..a], &text[b + END.len()..]),
        _ => text.to_string(),
    }
}

/// Every tag under its anchor, with its pages linked from `folder` (the listing page's).
fn listing(
    by_tag: &BTreeMap<&str, Vec<usize>>,
    pages: &[Arc<Page>],
    tags: &Tags,
    folder: &std::path::Path,
) -> String {
    let mut out = String::new();
    for (name, listed) in by_tag {
        let anchor = tags.slug_format.replace("{slug}", &slugify(name));
        let name = name.replace('&', "&amp;").replace('<', "&lt;");
        out.push_str(&format!(
            "<h2 id=\"{anchor}\"><span class=\"md-tag\">{name}</span></h2>\n\n"
        ));
        for &i in listed {
            let title = pages[i].meta.title.replace(['[', ']'], "");
            out.push_str(&format!(
                "- [{title}]({})\n",
                relative(folder, &pages[i].source)
            ));
        }
        out.push('\n');
    }
    out
}
