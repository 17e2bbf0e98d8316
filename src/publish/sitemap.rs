//! sitemap.xml (the sitemaps.org protocol) and robots.txt pointing to it.

use crate::content::site::Site;
use crate::date::Date;
use crate::publish::{NOT_FOUND, SITEMAP};
use crate::templates::escape_html;
use crate::url::SitePath;

/// Every page and post (but hidden ones) with its absolute URL, and when it last changed (`modified`, git) or
/// its `date` as lastmod.
pub(crate) fn sitemap(site: &Site, site_url: &str) -> String {
    let mut entries: Vec<(SitePath, Option<&Date>)> =
        vec![(SitePath::ROOT, None), (SitePath::new("blog.html"), None)];
    // A page in a built-in's place is listed as that place (the home page, the blog), or not at
    // all (a 404 page).
    let in_place = |output: &str| matches!(output, "index.html" | "blog.html" | NOT_FOUND);
    let mut pages: Vec<_> = (site.pages.iter().enumerate())
        .filter(|&(i, p)| site.is_findable(i) && !in_place(&p.output))
        .collect();
    pages.sort_by(|(_, a), (_, b)| a.output.cmp(&b.output));
    for (i, p) in pages {
        let updated = site.updated.get(i).and_then(Option::as_ref);
        let changed = updated.or(p.meta.date.as_ref());
        entries.push((SitePath::new(p.url_path()), changed));
    }
    let terms = site.taxonomy.outputs();
    entries.extend(terms.iter().map(|output| (SitePath::new(output), None)));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, changed) in entries {
        xml.push_str("<url><loc>");
        xml.push_str(&escape_html(&path.absolute(site_url)));
        xml.push_str("</loc>");
        if let Some(date) = changed {
            // The day alone: a time would need a time zone quire does not know.
            xml.push_str("<lastmod>");
            xml.push_str(date.day());
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Allows everything, and names the sitemap where there is one.
pub(crate) fn robots(site_url: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(root) = site_url {
        text.push_str(&format!(
            "\nSitemap: {}\n",
            SitePath::new(SITEMAP).absolute(root)
        ));
    }
    text
}
