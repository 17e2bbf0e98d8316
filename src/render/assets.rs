//! Files named by their content (`theme/quire.1a2b3c4d.css`), so that a deploy never serves a
//! stale one and a page links to exactly the version it was built with.

use std::borrow::Cow;

use serde::Serialize;

use crate::content::site::Site;
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

/// A top-level chapter as the chapter script lists it: a site-relative path, which the script
/// prefixes with the page's own way to the root. Fields in name order, as the bytes always were.
#[derive(Serialize)]
struct ScriptChapter<'a> {
    id: &'a str,
    /// `path` is a `nav:` link's address, out of the site (left out when false, so that sites
    /// without one keep their script's bytes).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    link: bool,
    path: Cow<'a, str>,
    title: &'a str,
}

/// The file a chapter's link opens, from the root: a folder's (`pretty_urls`) is its
/// `index.html`, since the script adds it to a root that may be relative (opened from disk).
fn chapter_file(site: &Site, chapter: usize) -> Cow<'static, str> {
    let path = site.chapter_output(chapter).unwrap_or("");
    let file = match path.ends_with('/') {
        true => format!("{path}index.html"),
        false => path.to_string(),
    };
    Cow::Owned(SitePath::new(&file).encoded().into_owned())
}

/// The line of chapters.js that links a chapter under the site's root.
const SITE_HREF: &str = "    a.href = root + c.path;\n";

/// The sidebar's chapter list: pages carry only their own chapter, and this
/// script (one file for the whole site, named by its content) adds the others.
/// Without JavaScript the sidebar still shows the current chapter and a link to the contents.
pub(crate) fn chapters_script(site: &Site) -> OutputFile {
    let chapters: Vec<ScriptChapter> = site
        .top
        .iter()
        .map(|&c| {
            let ch = &site.chapters[c];
            ScriptChapter {
                id: &ch.id,
                link: ch.link.is_some(),
                path: match &ch.link {
                    Some(url) => Cow::Borrowed(url.as_str()),
                    None => chapter_file(site, c),
                },
                title: &ch.title,
            }
        })
        .collect();
    let data = serde_json::to_string(&chapters).expect("plain data serializes");
    let mut js = include_str!("../theme/chapters.js").replace("/*CHAPTERS*/[]", &data);
    // Only a script that lists a link out of the site has the code for one: the script of every
    // other site keeps its bytes, and so its name.
    if chapters.iter().any(|c| c.link) {
        js = js.replacen(SITE_HREF, include_str!("../theme/chapters_link.js"), 1);
    }
    hashed("theme/chapters", "js", js.into_bytes())
}
