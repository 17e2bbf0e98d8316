//! MkDocs' rules, for a project read from `mkdocs.yml` (`Config::from_mkdocs`): how MkDocs
//! 1.6 titles a page (mkdocs/structure/pages.py `Page.title`), and the nav it makes when
//! `mkdocs.yml` has none (mkdocs/structure/nav.py `get_navigation`, files.py `file_sort_key`,
//! utils `nest_paths`, `dirname_to_title`). A quire site keeps quire's own rules.

use std::path::Path;
use std::sync::Arc;

use super::{Meta, Page};
use crate::config::nav::{Nav, NavEntry, NavTarget};
use crate::diagnostic::Diagnostic;

/// A page's title when its front matter gives none, as MkDocs decides it: the first element
/// of the page when that is an `<h1>` (a heading further down does not count), else its
/// file's name (`my_page.md` → "My page"), the home page's being "Home".
pub(crate) fn title(body: &str, in_content: &Path) -> String {
    first_block_h1(body).unwrap_or_else(|| title_from_file(in_content))
}

/// The text of the page's first block when that block is a level-1 heading (`# Title`,
/// `#Title`, or a line underlined with `=`), as Python-Markdown reads it; link reference
/// definitions, which leave no element, are passed over.
fn first_block_h1(body: &str) -> Option<String> {
    let lines: Vec<&str> = body.lines().collect();
    let at = (lines.iter()).position(|l| !l.trim().is_empty() && !is_reference_definition(l))?;
    let first = lines[at];
    let heading = match first.strip_prefix('#').filter(|r| !r.starts_with('#')) {
        Some(rest) => rest.trim_end().trim_end_matches('#'),
        None => {
            let underline = lines.get(at + 1).map_or("", |l| l.trim_end());
            let setext = !underline.is_empty() && underline.chars().all(|c| c == '=');
            if !setext || first.starts_with("    ") {
                return None;
            }
            first
        }
    };
    Some(plain_heading(heading)).filter(|t| !t.is_empty())
}

fn is_reference_definition(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() < 4 && t.starts_with('[') && t.contains("]:")
}

/// A heading's text as MkDocs titles a page with it: its attribute list (`{ #id }`), inline
/// marks and link targets taken off, spaces collapsed.
fn plain_heading(text: &str) -> String {
    let text = match text.trim_end().rfind('{') {
        Some(at) if text.trim_end().ends_with('}') => &text[..at],
        _ => text,
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // `](target)` of a link: the target is no part of the title.
        if rest.starts_with("](") {
            if let Some(end) = rest.find(')') {
                rest = &rest[end + 1..];
                continue;
            }
        }
        if !matches!(c, '*' | '`' | '[' | ']') {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// MkDocs' title from a file name: `-` and `_` as spaces, capitalised when all lower case;
/// `README` is `index`, and the top `index` is "Home".
fn title_from_file(in_content: &Path) -> String {
    let stem = in_content
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let name = if stem == "README" { "index" } else { stem };
    let at_top = in_content.parent().is_none_or(|p| p.as_os_str().is_empty());
    if name == "index" && at_top {
        return "Home".to_string();
    }
    capitalised(&name.replace(['-', '_'], " "))
}

/// Whether a page is one of the blog's posts: in `blog/posts/`, where Material's blog plugin
/// reads them; elsewhere a `date:` is only the page's date.
pub(crate) fn is_blog_post(in_content: &Path) -> bool {
    in_content.starts_with("blog/posts")
}

/// Whether a page is its folder's own (MkDocs' `index.md` or `README.md`, as written).
pub(crate) fn is_index(source: &Path) -> bool {
    let stem = source.file_stem().and_then(|s| s.to_str());
    matches!(stem, Some("index" | "README"))
}

/// Where MkDocs writes a page (`File._get_dest_path`): `a/b.md` to `a/b/index.html` with
/// `use_directory_urls` (else `a/b.html`), a folder's index or README to `a/index.html`;
/// names as written, order prefixes and all.
pub(crate) fn output(in_content: &Path, directory_urls: bool) -> String {
    let parent = (in_content.parent().into_iter())
        .flat_map(|p| p.components())
        .filter_map(|c| c.as_os_str().to_str())
        .fold(String::new(), |out, part| out + part + "/");
    let stem = in_content
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    match (is_index(in_content), directory_urls) {
        (true, _) => format!("{parent}index.html"),
        (false, true) => format!("{parent}{stem}/index.html"),
        (false, false) => format!("{parent}{stem}.html"),
    }
}

/// `dirname_to_title`: a folder's name as a section's title.
pub(crate) fn section_title(folder: &str) -> String {
    capitalised(&folder.replace(['-', '_'], " "))
}

/// Python's `str.capitalize` applied only to all-lower-case text, as MkDocs does.
fn capitalised(text: &str) -> String {
    if text.to_lowercase() != text {
        return text.to_string();
    }
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The nav MkDocs makes when `mkdocs.yml` has none: every page (posts aside, which the blog
/// lists), sorted by its folders, then `index`/`README` first, then by file name (compared
/// as text, upper case first); each folder a section titled by its name, the pages at the top
/// before the sections.
pub(crate) fn auto_nav(pages: &[Arc<Page>], config: &crate::config::Config) -> Nav {
    let content = &config.content;
    let mut paths: Vec<Vec<String>> = (pages.iter())
        .filter(|p| !p.is_post && !p.meta.draft)
        .filter_map(|p| super::site::nav_path(&p.source, content))
        .map(|path| path.split('/').map(str::to_string).collect())
        .collect();
    paths.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let mut nav = Nav {
        section_indexes: config.section_indexes,
        ..Nav::default()
    };
    for parts in paths {
        let mut branch = &mut nav.entries;
        for folder in &parts[..parts.len() - 1] {
            branch = section(branch, section_title(folder));
        }
        branch.push(NavEntry {
            title: None,
            target: NavTarget::Page(parts.join("/")),
            line: 0,
        });
    }
    nav
}

/// `file_sort_key`: the folders, then whether the file is not its folder's index, then its name.
fn sort_key(parts: &[String]) -> (&[String], bool, &str) {
    let (file, folders) = parts.split_last().expect("not empty");
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    (folders, !matches!(stem, "index" | "README"), file)
}

/// The entries of the section titled `title` in `branch`, made at its end if there is none
/// (`find_or_create_node`: folders of the same title share a section, as in MkDocs).
fn section(branch: &mut Vec<NavEntry>, title: String) -> &mut Vec<NavEntry> {
    let at = branch.iter().position(|e| {
        e.title.as_deref() == Some(title.as_str()) && matches!(e.target, NavTarget::Section(_))
    });
    let at = at.unwrap_or_else(|| {
        branch.push(NavEntry {
            title: Some(title),
            target: NavTarget::Section(Vec::new()),
            line: 0,
        });
        branch.len() - 1
    });
    match &mut branch[at].target {
        NavTarget::Section(entries) => entries,
        _ => unreachable!("found as a section"),
    }
}

/// What a MkDocs page holds that its plugins or hooks would have made something of, and quire
/// does not: found when the page is read, for one warning of each kind for the whole site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Leftovers {
    /// mkdocstrings' `::: pkg.Name` blocks (a box says so on the page), autorefs' links (shown
    /// as code), and macros or hooks (shown as written).
    plugins: quire_markdown::autodoc::Found,
    /// Material's `template:` (a Jinja template): the page is built with quire's page.html.
    material_template: bool,
    /// The front matter gives the page its title (`title:`): Material's `<title>` says it even
    /// on the home page.
    front_matter_title: bool,
}

impl Leftovers {
    /// What the page holds; Material's `template:` is kept as `page.extra.template` for
    /// templates, and the page gets quire's own.
    pub(crate) fn of(body: &str, meta: &mut Meta) -> Leftovers {
        let material_template = meta.template.take().map(|(name, _)| {
            meta.extra.insert("template".into(), name.into());
        });
        Leftovers {
            plugins: quire_markdown::autodoc::found(body),
            material_template: material_template.is_some(),
            front_matter_title: !meta.title.is_empty(),
        }
    }
}

/// Whether the page's `<title>` is the site's name alone, as Material writes it for the home
/// page (MkDocs' `is_homepage`: the top `index.md` or `README.md` at the address `./`, so only
/// with folder URLs) unless its front matter gives a title; every other page is "Page - Site".
pub(crate) fn titled_by_site_name(page: &Page, directory_urls: bool) -> bool {
    page.mkdocs
        && directory_urls
        && !page.is_post
        && page.output == "index.html"
        && !page.leftovers.front_matter_title
}

/// The site's warnings for what its pages hold of MkDocs' plugins, hooks and Material's
/// templates: one of each kind, saying how many pages, naming the first.
pub(crate) fn leftover_warnings(site: &super::site::Site) -> Vec<Diagnostic> {
    type Kind = (
        &'static str,
        fn(&Leftovers) -> u32,
        &'static str,
        &'static str,
    );
    let kinds: [Kind; 4] = [
        (
            "api-reference",
            |l| l.plugins.api_blocks,
            "`::: name` API reference blocks (mkdocstrings, mkautodoc) are not generated by quire: each shows a box saying so",
            "link to the API reference published elsewhere, or write the page by hand",
        ),
        (
            "autorefs",
            |l| l.plugins.autorefs,
            "`[text][pkg.Name]` cross-references (autorefs) have no target in quire: they show as code",
            "link to the page instead: `[text](api.md#pkg.Name)`",
        ),
        (
            "macros",
            |l| u32::from(l.plugins.macros),
            "`{{ … }}` or `<!-- md:… -->` (MkDocs macros or hooks) show as written: quire runs no Python",
            "replace them with their text, or with Markdown quire reads",
        ),
        (
            "template",
            |l| u32::from(l.material_template),
            "`template:` names a Material (Jinja) template: quire builds the page with its page template",
            "take `template:` out, or make a quire template of the same name in templates/",
        ),
    ];
    let mut warnings = Vec::new();
    for (kind, count, what, hint) in kinds {
        let with: Vec<&Page> = (site.pages.iter())
            .filter(|p| count(&p.leftovers) > 0)
            .map(|p| &**p)
            .collect();
        let Some(first) = with.first() else { continue };
        let total: u32 = with.iter().map(|p| count(&p.leftovers)).sum();
        let pages = match with.len() {
            1 => "1 page".to_string(),
            n => format!("{n} pages"),
        };
        warnings.push(
            Diagnostic::warning(kind, &first.source, format!("{what} ({total} on {pages})"))
                .hint(hint),
        );
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_element_when_it_is_an_h1_else_the_file_name() {
        let t = |body: &str, path: &str| title(body, Path::new(path));
        assert_eq!(
            t("# Quick *start*\n\ntext\n", "quickstart.md"),
            "Quick start"
        );
        assert_eq!(t("#Tight\n", "a.md"), "Tight");
        assert_eq!(t("Setext\n======\n", "a.md"), "Setext");
        assert_eq!(t("# Id { #top }\n", "a.md"), "Id");
        assert_eq!(t("# See [the API](api.md)\n", "a.md"), "See the API");
        assert_eq!(t("[x]: y.md\n\n# After refs\n", "a.md"), "After refs");
        // A heading that is not the first element does not title the page.
        assert_eq!(t("Some text.\n\n# Later\n", "my_page.md"), "My page");
        assert_eq!(t("## Second level\n", "event-hooks.md"), "Event hooks");
        assert_eq!(t("text\n", "HTTP2.md"), "HTTP2");
        assert_eq!(t("#\n\ntext\n", "empty-heading.md"), "Empty heading");
        assert_eq!(t("", "index.md"), "Home");
        assert_eq!(t("", "README.md"), "Home");
        assert_eq!(t("", "guide/index.md"), "Index");
        assert_eq!(t("", "guide/README.md"), "Index");
    }

    #[test]
    fn pages_go_where_mkdocs_writes_them() {
        let out = |path: &str, dirs: bool| output(Path::new(path), dirs);
        assert_eq!(out("index.md", true), "index.html");
        assert_eq!(out("01-intro/a.md", true), "01-intro/a/index.html");
        assert_eq!(out("pages/README.md", true), "pages/index.html");
        assert_eq!(out("guide/Index.md", true), "guide/Index/index.html");
        assert_eq!(out("guide/install.md", false), "guide/install.html");
    }

    fn entries(nav: &[NavEntry]) -> Vec<String> {
        (nav.iter())
            .map(|e| match &e.target {
                NavTarget::Page(p) => p.clone(),
                NavTarget::Section(inner) => format!(
                    "{}: [{}]",
                    e.title.as_deref().unwrap_or(""),
                    entries(inner).join(", ")
                ),
                NavTarget::Link(u) => u.clone(),
            })
            .collect()
    }

    #[test]
    fn without_a_nav_folders_sort_after_pages_index_first_by_name() {
        let page = |path: &str| {
            let text = "# T\n".to_string();
            Arc::new(crate::content::parse_page(Path::new(path), text).unwrap())
        };
        let pages: Vec<_> = [
            "content/zeta.md",
            "content/index.md",
            "content/Alpha.md",
            "content/user_guide/b.md",
            "content/user_guide/README.md",
            "content/user_guide/deep/x.md",
            "content/api/a.md",
            "content/user-guide/c.md",
        ]
        .into_iter()
        .map(page)
        .collect();
        let nav = auto_nav(&pages, &crate::config::Config::default());
        assert_eq!(
            entries(&nav.entries),
            [
                "index.md",
                "Alpha.md",
                "zeta.md",
                "Api: [api/a.md]",
                "User guide: [user-guide/c.md, user_guide/README.md, user_guide/b.md, Deep: [user_guide/deep/x.md]]",
            ]
        );
    }
}
