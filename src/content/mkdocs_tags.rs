//! Material's tags plugin (material/plugins/tags) on a MkDocs project: the page holding
//! `<!-- material/tags -->` (or named by `tags_file` in older configs) lists every tag, by
//! name, under its anchor (`tag:{slug}`), each with its pages by title, as Material does. The
//! list is Markdown given to the page before the site is placed, so its links are checked
//! and rewritten as the page's own.

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
    for (i, page) in given {
        pages[i] = Arc::new(page);
    }
    (pages, problems)
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
