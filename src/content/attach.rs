//! Pelican's `{attach}` links: the file is written beside the page that attaches it, and every
//! link to it leads there (pelicanconf's `Static.attach_to`).
//!
//! Where a file goes is decided by the first link that names it, in the order Pelican writes
//! content with its default settings (posts newest first, as its all-articles feed reads them,
//! then pages by source), each page's links in order: an `{attach}` moves the file beside that
//! page (keeping the folders between the page's source folder and the file, else its name
//! alone); a `{static}` or `{filename}` link first leaves it where it is, as Pelican never moves
//! a file whose address was already used.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::{Page, StaticFile};
use crate::layout::ContentDir;
use crate::markdown::intrasite::{self, Kind};

/// A file a page links to with `{static}`, `{attach}` or `{filename}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLink {
    pub attach: bool,
    /// The path it names under content/, `.` and `..` resolved.
    pub path: String,
}

/// The files a page's body names, in order; links that leave content/ are left out (rendering
/// reports them). `source`: the page's path in the content folder; `markdown`: the site's
/// switches, which say where code is.
pub(crate) fn file_links(
    source: &Path,
    body: &str,
    markdown: &crate::config::Extensions,
) -> Vec<FileLink> {
    (intrasite::find(body, markdown).into_iter())
        .filter(|l| matches!(l.kind, Kind::Filename | Kind::Static | Kind::Attach))
        .filter_map(|l| {
            Some(FileLink {
                attach: l.kind == Kind::Attach,
                path: content_path(source, l.value)?,
            })
        })
        .collect()
}

/// The path under content/ that a link's value names, written on the page `source`: from the
/// content folder with a leading `/`, else from the page's folder (Pelican's rule). `source`:
/// the page's path in the content folder (`ContentDir::within`).
pub(crate) fn content_path(source: &Path, value: &str) -> Option<String> {
    let value = percent_decode_str(value).decode_utf8_lossy();
    let mut path = String::new();
    let within = match value.strip_prefix('/') {
        Some(abs) => join_into("", abs, &mut path),
        None => join_into(&source_folder(source), &value, &mut path),
    };
    within.then_some(path)
}

/// The page's folder under content/ (`guide` for `content/guide/install.md`, empty at its top).
fn source_dir(source: &Path) -> &Path {
    source.parent().unwrap_or(Path::new(""))
}

/// `source_dir`, `/`-separated, as links are written.
pub(crate) fn source_folder(source: &Path) -> Cow<'_, str> {
    let dir = source_dir(source).to_string_lossy();
    match dir.contains('\\') {
        true => Cow::Owned(dir.replace('\\', "/")),
        false => dir,
    }
}

/// The path `rel` names when it is written in the folder `dir` (both `/`-separated), `.` and
/// `..` resolved, into `out` (a buffer the caller keeps, so that a link costs no allocation);
/// false if it climbs above the top of `dir`.
pub(crate) fn join_into(dir: &str, rel: &str, out: &mut String) -> bool {
    out.clear();
    out.push_str(dir);
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return false;
                }
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            name => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(name);
            }
        }
    }
    true
}

/// How the path `to` is written from the folder `from` (both `/`-separated, from one top):
/// `../guide/install.md` from `api` to `guide/install.md`.
pub(crate) fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = (from.iter().zip(&to))
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len() - 1);
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The files with the outputs their `{attach}` links give them; `None` when every output is
/// already so.
pub(crate) fn relocate(
    files: &[StaticFile],
    pages: &[Arc<Page>],
    content: &ContentDir,
) -> Option<Vec<StaticFile>> {
    if !pages.iter().any(|p| p.file_links.iter().any(|l| l.attach)) {
        return files
            .iter()
            .any(|f| f.output != f.path)
            .then(|| reset(files));
    }
    let mut order: Vec<&Page> = (pages.iter())
        .map(Arc::as_ref)
        .filter(|p| !p.meta.draft && !p.file_links.is_empty())
        .collect();
    order.sort_by(|a, b| {
        (b.is_post.cmp(&a.is_post))
            .then_with(|| match a.is_post {
                true => (b.meta.date.cmp(&a.meta.date)).then_with(|| a.slug.cmp(&b.slug)),
                false => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.source.cmp(&b.source))
    });
    let by_path: HashMap<&str, usize> = (files.iter().enumerate())
        .rev()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let mut decided: HashMap<usize, Option<String>> = HashMap::new();
    for page in order {
        for link in &page.file_links {
            if let Some(&i) = by_path.get(link.path.as_str()) {
                decided
                    .entry(i)
                    .or_insert_with(|| link.attach.then(|| beside(page, content, &files[i])));
            }
        }
    }
    let output = |i: usize| match decided.get(&i) {
        Some(Some(o)) => o.clone(),
        _ => files[i].path.clone(),
    };
    if (0..files.len()).all(|i| files[i].output == output(i)) {
        return None;
    }
    Some(
        (files.iter().enumerate())
            .map(|(i, f)| StaticFile {
                output: output(i),
                ..f.clone()
            })
            .collect(),
    )
}

fn reset(files: &[StaticFile]) -> Vec<StaticFile> {
    (files.iter())
        .map(|f| StaticFile {
            output: f.path.clone(),
            ..f.clone()
        })
        .collect()
}

/// Where a file attached by `page` goes: beside the page's output, with the folders between the
/// page's source folder and the file, or by its name alone when it is not under that folder.
fn beside(page: &Page, content: &ContentDir, file: &StaticFile) -> String {
    let dir = source_folder(content.within(&page.source));
    let under = (file.in_content)
        .then(|| match dir.as_ref() {
            "" => Some(file.path.as_str()),
            d => file.path.strip_prefix(d).and_then(|r| r.strip_prefix('/')),
        })
        .flatten();
    let tail = under.unwrap_or_else(|| file.path.rsplit('/').next().unwrap_or(&file.path));
    match page.output.rsplit_once('/') {
        Some((out_dir, _)) => format!("{out_dir}/{tail}"),
        None => tail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;
    use std::path::PathBuf;

    fn page(path: &str, text: &str) -> Arc<Page> {
        Arc::new(parse_page(Path::new(path), text.to_string()).unwrap())
    }

    fn file(path: &str) -> StaticFile {
        StaticFile {
            path: path.into(),
            output: path.into(),
            source: PathBuf::from("content").join(path),
            in_content: true,
        }
    }

    fn outputs(files: &[StaticFile], pages: &[Arc<Page>]) -> Vec<String> {
        relocate(files, pages, &ContentDir::default())
            .unwrap_or_else(|| files.to_vec())
            .into_iter()
            .map(|f| f.output)
            .collect()
    }

    #[test]
    fn an_attached_file_goes_beside_the_first_page_that_attaches_it() {
        let files = [
            file("images/a.png"),
            file("posts/fig/b.png"),
            file("images/c.png"),
        ];
        let old = page(
            "content/posts/old.md",
            "title: Old\ndate: 2020-01-01\n\n![a]({attach}../images/a.png) ![b]({attach}fig/b.png)\n",
        );
        let new = page(
            "content/posts/new.md",
            "title: New\ndate: 2021-01-01\n\n![c]({static}/images/c.png) ![a]({attach}/images/a.png)\n",
        );
        let later = page(
            "content/about.md",
            "title: About\n\n![c]({attach}images/c.png)\n",
        );
        assert_eq!(
            file_links(
                ContentDir::default().within(&old.source),
                &old.text().unwrap()[old.body_offset..],
                &Default::default()
            ),
            vec![
                FileLink {
                    attach: true,
                    path: "images/a.png".into()
                },
                FileLink {
                    attach: true,
                    path: "posts/fig/b.png".into()
                }
            ]
        );
        // The newest post attaches a.png first; c.png was linked by `{static}` before.
        let pages = [old, new, later];
        assert_eq!(
            outputs(&files, &pages),
            vec!["blog/a.png", "blog/fig/b.png", "images/c.png"]
        );
        // Without the links, the files go back where they are.
        let moved = relocate(&files, &pages, &ContentDir::default()).unwrap();
        assert_eq!(
            outputs(&moved, &pages[2..]),
            vec!["images/a.png", "posts/fig/b.png", "images/c.png"]
        );
    }

    #[test]
    fn paths_join_from_the_page_folder_and_never_climb_out() {
        let mut out = String::new();
        assert!(join_into("guide", "../api/./fields.md", &mut out));
        assert_eq!(out, "api/fields.md");
        assert!(join_into("", "img//a.png", &mut out));
        assert_eq!(out, "img/a.png");
        assert!(join_into("a/b", "..", &mut out));
        assert_eq!(out, "a");
        assert!(!join_into("guide", "../../README.md", &mut out));
        assert_eq!(
            content_path(Path::new("content/guide/x.md"), "/img/a%20b.png").as_deref(),
            Some("img/a b.png")
        );
    }

    #[test]
    fn a_path_is_written_from_a_folder_with_as_few_steps_as_it_takes() {
        assert_eq!(
            relative_path("api", "guide/install.md"),
            "../guide/install.md"
        );
        assert_eq!(relative_path("", "guide/install.md"), "guide/install.md");
        assert_eq!(relative_path("guide", "guide/install.md"), "install.md");
        assert_eq!(relative_path("guide/deep", "index.md"), "../../index.md");
        assert_eq!(relative_path("a", "a"), "../a");
    }
}
