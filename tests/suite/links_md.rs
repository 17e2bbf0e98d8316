//! A folder of Markdown written to read well on GitHub builds with its links working: a
//! relative link to a `.md` source leads to the page made from it, an image beside the pages
//! to where it is copied, wherever the page's own output lands. The tests follow each link in
//! the output to a file that exists rather than expect an address, so that they hold whatever
//! path a page is written to.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

use common::{between, Site};

/// A docs folder as GitHub shows it: nested folders, a README and an index, relative links to
/// sources with anchors and queries, a reference-style link, images one and two folders up,
/// raw HTML, and links in code that must stay as they are.
fn github_folder() -> Site {
    Site::new()
        .with(
            "content/guide/README.md",
            "# Guide\n\nMARK-guide. Start with [installing](install.md#linux), read\n\
             [the fields](../api/fields.md?tab=1#fields-list) or [the API](../api/).\n\
             The [reference][fields] has them all.\n\n[fields]: ../api/fields.md\n",
        )
        .with(
            "content/guide/install.md",
            "# Install\n\nMARK-install\n\n## Linux\n\n![diagram](../img/diagram.png)\n\
             <a href=\"README.md\">back to the guide</a> <img src=\"../img/diagram.png\">\n\n\
             Write `[x](nowhere.md)` to link.\n\n```\n[fence](nowhere.md)\n```\n",
        )
        .with(
            "content/guide/deep/notes.md",
            "# Notes\n\nMARK-notes ![two up](../../img/diagram.png), [up](../install.md#linux),\n\
             [a spaced name](../my%20page.md) and [this folder's guide](../).\n",
        )
        .with(
            "content/guide/my page.md",
            "title: My page\nslug: my-page\n\nMARK-space\n",
        )
        .with(
            "content/api/index.md",
            "title: API\nslug: api-home\n\nMARK-api [guide](../guide/README.md)\n",
        )
        .with(
            "content/api/fields.md",
            "# Fields\n\n## Fields list\n\nMARK-fields <a href='../guide/install.md'>install</a>\n",
        )
        .with("content/img/diagram.png", "PNG")
}

/// Every HTML file of the output, by its path in it.
fn html_files(output: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(output)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// The output page whose text holds `mark`, wherever it was written.
fn page_with(site: &Site, mark: &str) -> PathBuf {
    let found: Vec<PathBuf> = html_files(&site.output())
        .into_iter()
        .filter(|p| article(p).contains(mark))
        .collect();
    assert_eq!(found.len(), 1, "one page holds {mark}: {found:?}");
    found.into_iter().next().unwrap()
}

/// The page's own content, without the theme around it.
fn article(page: &Path) -> String {
    let html = fs::read_to_string(page).unwrap();
    match html.find("<article") {
        Some(_) => between(&html, "<article", "</article>").to_string(),
        None => String::new(),
    }
}

/// The `href` and `src` values in a page's content, in order.
fn urls(page: &Path) -> Vec<String> {
    let article = article(page);
    let mut found = Vec::new();
    for attr in ["href=", "src="] {
        for (at, _) in article.match_indices(attr) {
            // The headings' own permalinks are the theme's, not the writer's links.
            if article[..at].ends_with("class=\"headerlink\" ") {
                continue;
            }
            let rest = &article[at + attr.len()..];
            let quote = rest.chars().next().unwrap();
            let value = &rest[1..];
            found.push((at, value[..value.find(quote).unwrap()].to_string()));
        }
    }
    found.sort();
    found.into_iter().map(|(_, v)| v).collect()
}

/// The file a link on `page` leads to, as a browser opening the output from disk follows it,
/// and its fragment.
fn follow(page: &Path, url: &str) -> (PathBuf, Option<String>) {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap();
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap();
    let mut target = page.parent().unwrap().join(path.as_ref());
    if path.is_empty() {
        target = page.to_path_buf();
    } else if path.ends_with('/') || target.is_dir() {
        target = target.join("index.html");
    }
    (target, fragment)
}

/// The page the `nth` link of the page holding `from` leads to holds `to` (and the fragment's
/// id); the link's URL.
fn leads(site: &Site, from: &str, nth: usize, to: &str) -> String {
    let page = page_with(site, from);
    let url = urls(&page).swap_remove(nth);
    let (target, fragment) = follow(&page, &url);
    assert!(
        target.is_file(),
        "{url} on {} leads to {}, which is not there",
        page.display(),
        target.display()
    );
    assert!(article(&target).contains(to), "{url} leads to {target:?}");
    if let Some(id) = fragment {
        let html = fs::read_to_string(&target).unwrap();
        assert!(html.contains(&format!("id=\"{id}\"")), "{url}: no id {id}");
    }
    url
}

#[test]
fn relative_links_to_sources_lead_to_the_pages_built_from_them() {
    let site = github_folder();
    site.build().succeeds();
    let install = leads(&site, "MARK-guide", 0, "MARK-install");
    leads(&site, "MARK-notes", 1, "MARK-install");
    leads(&site, "MARK-install", 1, "MARK-guide");
    leads(&site, "MARK-fields", 0, "MARK-install");
    // A folder leads to its index (or README) page; a name with a space, %-written, too.
    leads(&site, "MARK-guide", 2, "MARK-api");
    leads(&site, "MARK-notes", 3, "MARK-guide");
    leads(&site, "MARK-notes", 2, "MARK-space");
    leads(&site, "MARK-api", 0, "MARK-guide");
    // The fragment and the query are kept; the reference-style link leads where the inline
    // one does.
    assert!(install.ends_with(".html#linux"), "{install}");
    let fields = leads(&site, "MARK-guide", 1, "MARK-fields");
    assert!(fields.ends_with(".html?tab=1#fields-list"), "{fields}");
    let reference = leads(&site, "MARK-guide", 3, "MARK-fields");
    assert_eq!(Some(reference.as_str()), fields.split('?').next());
}

#[test]
fn every_link_and_image_of_the_folder_leads_to_a_file_that_is_there() {
    let site = github_folder();
    site.build().succeeds();
    let mut followed = 0;
    // 404.html is served at any address: its links are from the root.
    let pages = html_files(&site.output()).into_iter();
    for page in pages.filter(|p| !p.ends_with("404.html")) {
        for url in urls(&page) {
            if url.starts_with("http") || url.starts_with('#') {
                continue;
            }
            assert!(!url.contains(".md"), "{url} left on {}", page.display());
            let (target, _) = follow(&page, &url);
            assert!(target.is_file(), "{url} on {} is broken", page.display());
            followed += 1;
        }
    }
    assert!(followed >= 13, "followed {followed} links");
    // Images one and two folders up name the one copied file.
    for mark in ["MARK-install", "MARK-notes"] {
        let page = page_with(&site, mark);
        let images: Vec<String> = (urls(&page).into_iter())
            .filter(|u| u.ends_with(".png"))
            .collect();
        assert!(!images.is_empty());
        for image in images {
            let (file, _) = follow(&page, &image);
            assert_eq!(fs::read_to_string(file).unwrap(), "PNG");
        }
    }
    let check = site.quire(&["check"]).succeeds();
    for finding in ["broken", "missing file", "missing anchor"] {
        let said = format!("{}{}", check.stdout, check.stderr);
        assert!(!said.contains(finding), "{said}");
    }
}

#[test]
fn links_in_code_stay_as_written() {
    let site = github_folder();
    site.build().succeeds();
    let install = article(&page_with(&site, "MARK-install"));
    assert!(
        install.contains("<code>[x](nowhere.md)</code>"),
        "{install}"
    );
    assert!(install.contains("[fence](nowhere.md)\n"), "{install}");
}

#[test]
fn a_link_to_a_missing_source_names_the_file_it_looked_for() {
    let site = github_folder().with(
        "content/guide/deep/notes.md",
        "# Notes\n\nSee [how to install](../instal.md#linux).\n",
    );
    let run = site.build().fails();
    let said = run.stderr;
    assert!(
        said.contains("error: content/guide/deep/notes.md:3:22: broken link ../instal.md#linux: there is no page content/guide/instal.md"),
        "{said}"
    );
    assert!(
        said.contains("help: did you mean ../install.md#linux?"),
        "{said}"
    );
    assert!(!site.output().exists());
    site.quire(&["check"])
        .fails()
        .says("content/guide/instal.md");
}

#[test]
fn a_link_out_of_the_content_folder_is_left_as_written_with_a_warning() {
    let site = github_folder().with(
        "content/guide/deep/notes.md",
        "# Notes\n\nMARK-notes: the [licence](../../../LICENSE.md).\n",
    );
    let run = site.build().succeeds();
    assert!(
        run.stderr
            .contains("warning: content/guide/deep/notes.md:3:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("../../../LICENSE.md"), "{}", run.stderr);
    let notes = page_with(&site, "MARK-notes");
    assert_eq!(urls(&notes), vec!["../../../LICENSE.md"]);
}

#[test]
fn files_beside_a_page_follow_it_when_its_output_is_elsewhere() {
    // A chapter's page is written far from its source's folder; its screenshot still shows.
    let site = Site::new()
        .with(
            "content/pages/05-setup/intro.md",
            "title: Intro\n\nMARK-intro ![shot](img/shot.png) [other](other.html) [x](x.png)\n",
        )
        .with("content/pages/05-setup/img/shot.png", "PNG");
    site.build().succeeds();
    let page = page_with(&site, "MARK-intro");
    let links = urls(&page);
    let (shot, _) = follow(&page, &links[0]);
    assert_eq!(fs::read_to_string(shot).unwrap(), "PNG");
    // What names no file of the content folder stays as written (the checks look at it).
    assert_eq!(&links[1..], ["other.html", "x.png"]);
}

#[test]
fn links_that_work_as_written_stay_byte_for_byte() {
    let site = Site::new()
        .with(
            "content/about.md",
            "title: About\n\nMARK-about ![logo](img/logo.png) <img src=\"img/logo.png\">\n",
        )
        .with("content/img/logo.png", "PNG");
    site.build().succeeds();
    let about = article(&page_with(&site, "MARK-about"));
    assert!(
        about.contains("<img src=\"img/logo.png\" alt=\"logo\" />"),
        "{about}"
    );
    assert!(about.contains("<img src=\"img/logo.png\">"), "{about}");
}

#[test]
fn a_file_added_later_is_linked_by_the_next_build() {
    // The link names nothing at first: as written. Once the file is there, the page that
    // links to it (and whose own text did not change) leads to it.
    let site = Site::new().with(
        "content/pages/05-setup/intro.md",
        "title: Intro\n\nMARK-intro ![shot](img/shot.png)\n",
    );
    site.build().succeeds();
    assert_eq!(urls(&page_with(&site, "MARK-intro")), ["img/shot.png"]);
    site.write("content/pages/05-setup/img/shot.png", "PNG");
    site.build().succeeds();
    let page = page_with(&site, "MARK-intro");
    let (shot, _) = follow(&page, &urls(&page)[0]);
    assert_eq!(fs::read_to_string(shot).unwrap(), "PNG");
}
