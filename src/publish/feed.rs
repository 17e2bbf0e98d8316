//! An Atom feed (RFC 4287) of the newest posts.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::site::Site;
use crate::date::Date;
use crate::publish::FEED;
use crate::render::PageFacts;
use crate::templates::escape_html;
use crate::url::SitePath;

/// The `recent_posts` newest posts, newest first. The feed's `updated` is the
/// newest post's date, never the build time, so the same input gives the same feed.
pub(crate) fn atom(site: &Site, config: &Config, facts: &[&PageFacts], site_url: &str) -> String {
    let summaries: HashMap<usize, &str> = facts
        .iter()
        .map(|f| (f.page, f.rendered.summary.as_str()))
        .collect();
    let posts: Vec<usize> = site
        .posts
        .iter()
        .copied()
        .take(config.recent_posts.max(1))
        .collect();
    let updated_of = |i: usize| {
        let updated = site.updated.get(i).and_then(Option::as_ref);
        updated.or(site.pages[i].meta.date.as_ref())
    };
    // A feed must say when it changed; one without dated posts says the epoch.
    let updated = (posts.iter().filter_map(|&i| updated_of(i)).max())
        .map_or_else(|| Date::from_unix(0).rfc3339(), Date::rfc3339);
    let author = if config.author.trim().is_empty() {
        &config.title
    } else {
        &config.author
    };
    let e = |s: &str| escape_html(s);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
<title>{title}</title>\n<id>{root}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{root}\"/>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n<updated>{updated}</updated>\n\
<author><name>{author}</name></author>\n<generator>quire</generator>\n",
        title = e(&config.title),
        root = e(&SitePath::ROOT.absolute(site_url)),
        feed = e(&SitePath::new(FEED).absolute(site_url)),
        author = e(author),
    );
    for i in posts {
        let page = &site.pages[i];
        let url = e(&SitePath::new(page.url_path()).absolute(site_url));
        let summary = (page.meta.summary.as_deref())
            .filter(|m| !m.trim().is_empty())
            .or(page.meta.meta.as_deref())
            .filter(|m| !m.trim().is_empty())
            .or_else(|| summaries.get(&i).copied())
            .unwrap_or("");
        xml.push_str(&format!(
            "<entry>\n<title>{title}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
<updated>{updated}</updated>\n",
            title = e(&page.meta.title),
            updated = updated_of(i).map_or_else(|| updated.clone(), Date::rfc3339),
        ));
        for name in &page.meta.authors {
            xml.push_str(&format!("<author><name>{}</name></author>\n", e(name)));
        }
        if let Some(date) = &page.meta.date {
            xml.push_str(&format!("<published>{}</published>\n", date.rfc3339()));
        }
        if let Some(category) = page.meta.category.as_deref().filter(|c| !c.is_empty()) {
            xml.push_str(&format!("<category term=\"{}\"/>\n", e(category)));
        }
        for tag in &page.meta.tags {
            xml.push_str(&format!("<category term=\"{}\"/>\n", e(tag)));
        }
        // A Markdown `Summary:` with markup is HTML, as in Pelican's feed.
        if let Some(html) = page.meta.summary_html.as_deref() {
            xml.push_str(&format!("<summary type=\"html\">{}</summary>\n", e(html)));
        } else if !summary.is_empty() {
            xml.push_str(&format!(
                "<summary type=\"text\">{}</summary>\n",
                e(summary)
            ));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
