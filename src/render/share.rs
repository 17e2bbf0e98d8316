//! What a page tells the places it is shared to and linked from: its canonical address and
//! OpenGraph/Twitter tags (only where the site's host is known: they must be absolute), and
//! where its source can be edited.

use serde::Serialize;

use crate::config::Config;
use crate::content::Page;
use crate::date::Date;
use crate::url::{encode_path, SitePath, Urls};

/// What of the settings sharing and edit links are made from.
pub(crate) struct Sharing {
    /// `https://example.org/docs/`; none while `base_url` names no host.
    site_url: Option<String>,
    site_name: String,
    /// The site-wide picture, made absolute.
    image: Option<String>,
    edit_url: Option<String>,
}

/// `share` in templates: a page's canonical address and the tags link previews read.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct Share {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// `article` for posts, else `website`.
    pub kind: &'static str,
    pub site_name: String,
    pub image: Option<String>,
    /// `summary_large_image` where there is a picture, else `summary`.
    pub card: &'static str,
    pub published: Option<String>,
    pub modified: Option<String>,
}

/// Link previews show a line or two; a whole first paragraph is cut at a word.
const DESCRIPTION_LIMIT: usize = 300;

impl Sharing {
    pub(crate) fn new(config: &Config, urls: &Urls) -> Sharing {
        let site_url = urls.site_url.clone();
        Sharing {
            image: (config.image.as_deref())
                .zip(site_url.as_deref())
                .map(|(image, root)| absolute(root, image)),
            site_url,
            site_name: config.title.clone(),
            edit_url: (config.edit_url.as_deref())
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(|u| {
                    if u.ends_with('/') {
                        u.to_string()
                    } else {
                        format!("{u}/")
                    }
                }),
        }
    }

    /// Where the page's source is edited: `edit_url` and the source path, unless the page opts out.
    pub(crate) fn edit_url(&self, page: &Page) -> Option<String> {
        let base = self.edit_url.as_deref().filter(|_| page.meta.edit)?;
        let path: Vec<String> = (page.source.components())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(format!("{base}{}", encode_path(&path.join("/"))))
    }

    /// A page's sharing tags; `summary` is its first paragraph, for want of a `meta`.
    pub(crate) fn page(
        &self,
        page: &Page,
        summary: &str,
        modified: Option<&Date>,
    ) -> Option<Share> {
        let root = self.site_url.as_deref()?;
        let extra = &page.meta.extra;
        let image = ["image", "headerimage"]
            .iter()
            .find_map(|k| extra.get(*k).and_then(|v| v.as_str()))
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(|i| absolute(root, i))
            .or_else(|| self.image.clone());
        let description = (page.meta.meta.as_deref())
            .filter(|m| !m.trim().is_empty())
            .unwrap_or(summary);
        let dated = |d: Option<&Date>| d.filter(|_| page.is_post).map(Date::rfc3339);
        Some(Share {
            url: SitePath::new(page.url_path()).absolute(root),
            title: page.meta.title.clone(),
            description: Some(shorten(description)).filter(|d| !d.is_empty()),
            kind: if page.is_post { "article" } else { "website" },
            site_name: self.site_name.clone(),
            card: card(&image),
            image,
            published: dated(page.meta.date.as_ref()),
            modified: dated(modified),
        })
    }

    /// The tags of a page quire makes (contents, blog, tag pages), titled `heading · site`.
    pub(crate) fn listing(&self, output: &str, heading: Option<&str>) -> Option<Share> {
        let root = self.site_url.as_deref()?;
        // The home page by the site's address, as the sitemap lists it.
        let path = match output {
            "index.html" => SitePath::ROOT,
            _ => SitePath::new(output),
        };
        Some(Share {
            url: path.absolute(root),
            title: match heading {
                Some(h) => format!("{h} · {}", self.site_name),
                None => self.site_name.clone(),
            },
            description: None,
            kind: "website",
            site_name: self.site_name.clone(),
            card: card(&self.image),
            image: self.image.clone(),
            published: None,
            modified: None,
        })
    }
}

fn card(image: &Option<String>) -> &'static str {
    if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    }
}

/// An image path as written (`/img/x.png`, `img/x.png` or a full URL), as an absolute URL.
fn absolute(root: &str, image: &str) -> String {
    if image.contains("://") || image.starts_with("//") {
        return image.to_string();
    }
    SitePath::new(image.trim_start_matches("./").trim_start_matches('/')).absolute(root)
}

/// Whitespace folded, and cut at a word near `DESCRIPTION_LIMIT` with an ellipsis.
pub(crate) fn shorten(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.len() <= DESCRIPTION_LIMIT {
        return folded;
    }
    let mut end = DESCRIPTION_LIMIT;
    while !folded.is_char_boundary(end) {
        end -= 1;
    }
    let cut = folded[..end].rfind(' ').unwrap_or(end);
    format!("{}…", folded[..cut].trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_absolute() {
        let root = "https://example.org/docs/";
        assert_eq!(
            absolute(root, "/img/a b.png"),
            "https://example.org/docs/img/a%20b.png"
        );
        assert_eq!(
            absolute(root, "img/x.png"),
            "https://example.org/docs/img/x.png"
        );
        assert_eq!(
            absolute(root, "https://cdn.example/x.png"),
            "https://cdn.example/x.png"
        );
    }

    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let short = shorten(&long);
        assert!(short.len() <= DESCRIPTION_LIMIT + 3, "{short}");
        assert!(short.ends_with("word…"), "{short}");
        assert_eq!(shorten("  a\n b  "), "a b");
    }
}
