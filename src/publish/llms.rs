//! The site for language models (`llms_txt: true`): `/llms.txt` in the llmstxt.org format (the
//! title, the description, then each chapter as a section listing its pages), `/llms-full.txt`
//! (every page's Markdown in sidebar order) and a `.md` beside each page's `.html`.
//!
//! All made from the site model alone, in its fixed order, so the bytes only change with the
//! sources.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::site::Site;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::include::{expand, Snippets};
use crate::render::{OutputFile, PageFacts};
use crate::url::SitePath;

pub(crate) const LLMS_TXT: &str = "llms.txt";
pub(crate) const LLMS_FULL: &str = "llms-full.txt";

/// Where a page's Markdown goes: beside its HTML (`blog/x.html` → `blog/x.md`).
pub(crate) fn markdown_output(page_output: &str) -> String {
    match page_output.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => format!("{page_output}.md"),
    }
}

/// Every file: llms.txt, llms-full.txt and each page's `.md`. `site_url` makes links absolute
/// where the host is known; else they are relative to the site's root, where llms.txt is.
pub(crate) fn files(
    site: &Site,
    config: &Config,
    facts: &[&PageFacts],
    site_url: Option<&str>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let summaries: HashMap<usize, &str> = (facts.iter())
        .map(|f| (f.page, f.rendered.summary.as_str()))
        .collect();
    let link = |page: &Page| {
        let markdown = markdown_output(&page.output);
        let path = SitePath::new(&markdown);
        match site_url {
            Some(root) => path.absolute(root),
            None => path.encoded().into_owned(),
        }
    };
    let snippets_dir = config.snippets_dir();
    let snippets = Snippets {
        site_dir: &config.site_dir,
        base: &snippets_dir,
        files: &crate::render::SiteFiles,
        options: &config.markdown.snippets,
        page: None,
    };
    let markdown: Vec<String> = (site.pages.iter())
        .map(|page| Ok(page_markdown(page, &page.text()?, &snippets)))
        .collect::<Result<_, Diagnostic>>()?;

    let mut index = format!("# {}\n", one_line(&config.title));
    if let Some(d) = config.description.as_deref().map(one_line) {
        if !d.is_empty() {
            index.push_str(&format!("\n> {d}\n"));
        }
    }
    let mut full = index.clone();
    let list = |heading: &str, pages: &[usize], index: &mut String| {
        if pages.is_empty() {
            return;
        }
        index.push_str(&format!("\n## {}\n\n", one_line(heading)));
        for &i in pages {
            let page = &site.pages[i];
            let about = (page.meta.meta.as_deref())
                .filter(|m| !m.trim().is_empty())
                .or_else(|| summaries.get(&i).copied())
                .map(crate::render::share::shorten)
                .filter(|d| !d.is_empty());
            index.push_str(&format!(
                "- [{}]({})",
                one_line(&page.meta.title),
                link(page)
            ));
            if let Some(about) = about {
                index.push_str(&format!(": {about}"));
            }
            index.push('\n');
        }
    };
    let order = sidebar_order(site);
    for (heading, pages) in &order {
        list(heading, pages, &mut index);
    }
    for (_, pages) in &order {
        for &i in pages {
            full.push_str(&format!("\n---\n\nSource: {}\n\n", link(&site.pages[i])));
            full.push_str(&markdown[i]);
        }
    }

    let mut files = vec![
        OutputFile {
            path: LLMS_TXT.to_string(),
            bytes: index.into_bytes(),
        },
        OutputFile {
            path: LLMS_FULL.to_string(),
            bytes: full.into_bytes(),
        },
    ];
    files.extend(
        (site.pages.iter().zip(markdown)).map(|(page, text)| OutputFile {
            path: markdown_output(&page.output),
            bytes: text.into_bytes(),
        }),
    );
    Ok(files)
}

/// Sections in the sidebar's order: each chapter (sub-chapters after their parent, titled
/// `Parent / Child`), then the pages outside chapters, then the posts, newest first.
fn sidebar_order(site: &Site) -> Vec<(String, Vec<usize>)> {
    fn chapter(site: &Site, c: usize, title: String, out: &mut Vec<(String, Vec<usize>)>) {
        let ch = &site.chapters[c];
        out.push((title.clone(), ch.pages.clone()));
        for &s in &ch.children {
            let sub = format!("{title} / {}", site.chapters[s].title);
            chapter(site, s, sub, out);
        }
    }
    let mut out = Vec::new();
    for &c in &site.top {
        chapter(site, c, site.chapters[c].title.clone(), &mut out);
    }
    out.push(("Pages".to_string(), site.loose.clone()));
    out.push(("Blog".to_string(), site.posts.clone()));
    out
}

/// A page's Markdown as a reader gets it: front matter gone, includes in place, and its title
/// as a heading where the text does not start with one.
fn page_markdown(page: &Page, file: &str, snippets: &Snippets) -> String {
    let body = &file[page.body_offset..];
    // A broken include fails the build before this file is written; the text as written then.
    let snippets = Snippets {
        page: Some(&page.source),
        ..*snippets
    };
    let included = expand(body, &snippets).ok().flatten();
    let text = included.as_ref().map_or(body, |i| i.text.as_str());
    let text = text.trim_start_matches(['\n', '\r']).trim_end();
    let mut out = String::with_capacity(text.len() + page.meta.title.len() + 8);
    if !text.starts_with("# ") {
        out.push_str(&format!("# {}\n\n", one_line(&page.meta.title)));
    }
    out.push_str(text);
    out.push('\n');
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_sits_beside_the_html() {
        assert_eq!(markdown_output("guide.html"), "guide.md");
        assert_eq!(markdown_output("blog/x.html"), "blog/x.md");
        assert_eq!(markdown_output("a/index.html"), "a/index.md");
    }
}
