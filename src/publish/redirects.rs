//! Small pages at a page's old paths (`aliases`) that send visitors and search
//! engines on to where it lives now.

use crate::content::paths::check_slug;
use crate::content::site::Site;
use crate::render::OutputFile;
use crate::templates::escape_html;
use crate::url::{Placement, SitePath, Urls};

/// Where an alias is written: `/old.html` → `old.html`, `/guide/old/` and
/// `/guide/old` → `guide/old/index.html`, so that the old URL works on any static host.
pub(crate) fn alias_output(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() {
        return Err(format!(
            "the alias {alias:?} is the site's home page, which cannot redirect"
        ));
    }
    let output = if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        trimmed.to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    };
    check_slug(&output).map_err(|msg| {
        format!(
            "the alias {alias:?} cannot be used: {}",
            msg.replace("the slug ", "the path ")
        )
    })?;
    Ok(output)
}

/// One redirect page per alias of every page. The canonical link is absolute
/// when `base_url` has a host; the refresh goes to the path (placed like every
/// site link, so relative when the site is), so that a copy of the site on
/// another host (a staging server), or on disk, stays there.
pub(crate) fn pages(site: &Site, site_url: Option<&str>, urls: &Urls) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for page in &site.pages {
        let link = SitePath::new(page.url_path());
        for alias in &page.meta.aliases {
            // Invalid aliases were refused when the site was loaded.
            if let Ok(output) = alias_output(alias) {
                let path = link.placed(&Placement::for_file(urls, &output));
                let canonical = match site_url {
                    Some(root) => link.absolute(root),
                    None => path.clone(),
                };
                files.push(OutputFile {
                    path: output,
                    bytes: redirect_html(&page.meta.title, &canonical, &path).into_bytes(),
                });
            }
        }
    }
    files
}

fn redirect_html(title: &str, canonical: &str, path: &str) -> String {
    let (c, p) = (escape_html(canonical), escape_html(path));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>{title}</title>\n<link rel=\"canonical\" href=\"{c}\">\n\
<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={p}\">\n\
</head>\n<body>\n<p>This page has moved to <a href=\"{p}\">{title}</a>.</p>\n</body>\n</html>\n",
        title = escape_html(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_files_that_old_urls_find() {
        assert_eq!(alias_output("/old.html").unwrap(), "old.html");
        assert_eq!(alias_output("guide/old/").unwrap(), "guide/old/index.html");
        assert_eq!(alias_output("/guide/old").unwrap(), "guide/old/index.html");
    }

    #[test]
    fn aliases_outside_the_output_are_refused() {
        for bad in [
            "/",
            "",
            "../x.html",
            "/a/../../x.html",
            "a b.html",
            "x?.html",
        ] {
            assert!(alias_output(bad).is_err(), "{bad}");
        }
        assert!(alias_output("../x.html").unwrap_err().contains("the path"));
    }

    #[test]
    fn the_redirect_page_is_escaped() {
        let html = redirect_html("<b>T</b>", "https://e.org/d/a.html", "/d/a.html");
        assert!(html.contains("<link rel=\"canonical\" href=\"https://e.org/d/a.html\">"));
        assert!(html.contains("content=\"0; url=/d/a.html\""));
        assert!(html.contains("&lt;b&gt;T&lt;/b&gt;"));
    }
}
