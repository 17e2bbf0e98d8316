//! The pure decisions about names: slugs, output paths, chapters.

use std::path::{Component, Path};

// The pattern language of `permalinks:` is site.yaml's; pages fill it in.
pub(crate) use crate::config::permalink::{
    check_pelican_slug, check_slug, expand_permalink, PermalinkFields,
};

/// The default slug: the file name without a leading `NN-` order prefix and without its extension.
pub(crate) fn default_slug(file: &Path) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    strip_order_prefix(stem).to_string()
}

/// Pelican's default SLUG_REGEX_SUBSTITUTIONS, as Python writes them.
pub(crate) const PELICANS_SUBSTITUTIONS: [(&str, &str); 4] = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
];

/// What a slug is made for: Pelican has substitutions for each (SLUG_REGEX_SUBSTITUTIONS,
/// TAG_…, CATEGORY_…, AUTHOR_…), the other three falling back on the first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SlugKind {
    Title,
    Tag,
    Category,
    Author,
}

impl SlugKind {
    /// Its key under site.yaml's `slug_substitutions:`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            SlugKind::Title => "slug",
            SlugKind::Tag => "tag",
            SlugKind::Category => "category",
            SlugKind::Author => "author",
        }
    }
}

/// A site's own substitutions, compiled: `(pattern, replacement)` in order, by kind.
type Substitutions = std::collections::BTreeMap<&'static str, Vec<(regex::Regex, String)>>;

/// The site's `slug_substitutions:`, set once its settings are read (see [`use_substitutions`]):
/// slugs are made in many places, each from a name alone, and all must agree.
static SUBSTITUTIONS: std::sync::RwLock<Option<std::sync::Arc<Substitutions>>> =
    std::sync::RwLock::new(None);

/// Makes slugs with these substitutions (site.yaml's `slug_substitutions:`, which the config
/// checked), or with Pelican's default ones when there are none.
pub(crate) fn use_substitutions(
    by_kind: &std::collections::BTreeMap<String, Vec<(String, String)>>,
) {
    let compiled: Substitutions = (by_kind.iter())
        .filter_map(|(kind, subs)| {
            let kind = [
                SlugKind::Title,
                SlugKind::Tag,
                SlugKind::Category,
                SlugKind::Author,
            ]
            .into_iter()
            .find(|k| k.key() == kind)?
            .key();
            let subs = (subs.iter())
                .map(|(p, r)| Some((python_regex(p)?, python_replacement(r))))
                .collect::<Option<Vec<_>>>()?;
            Some((kind, subs))
        })
        .collect();
    let set = (!compiled.is_empty()).then(|| std::sync::Arc::new(compiled));
    if let Ok(mut s) = SUBSTITUTIONS.write() {
        *s = set;
    }
}

/// A Python pattern as the regex crate reads it, case-insensitive as Pelican's slugify applies
/// it; `None` for one it cannot read (look-around, back-references).
pub(crate) fn python_regex(pattern: &str) -> Option<regex::Regex> {
    // Python's `\Z` is the regex crate's `\z`.
    let pattern = pattern.replace("\\Z", "\\z");
    regex::Regex::new(&format!("(?i){pattern}")).ok()
}

/// A Python replacement (`\1`, `\g<name>`) in the regex crate's terms (`${1}`, `${name}`).
fn python_replacement(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("$$"),
            '\\' => match chars.peek().copied() {
                Some(d) if d.is_ascii_digit() => {
                    let mut n = String::new();
                    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                        n.push(d);
                        chars.next();
                    }
                    out.push_str(&format!("${{{n}}}"));
                }
                Some('g') => {
                    chars.next();
                    let name: String = chars.by_ref().skip(1).take_while(|&c| c != '>').collect();
                    out.push_str(&format!("${{{name}}}"));
                }
                Some('\\') => {
                    chars.next();
                    out.push('\\');
                }
                _ => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// A slug of `kind` from a name as Pelican makes it: [`title_slug`], or with the site's own
/// substitutions for that kind (else for titles) where it has some: tags stripped,
/// transliterated, each substitution in order, lower case, trimmed.
pub(crate) fn slug_of(kind: SlugKind, name: &str) -> String {
    let own = SUBSTITUTIONS.read().ok().and_then(|s| s.clone());
    let Some(subs) = own
        .as_ref()
        .and_then(|s| (s.get(kind.key())).or_else(|| s.get(SlugKind::Title.key())))
    else {
        return title_slug(name);
    };
    substituted(name, subs)
}

/// Pelican's `slugify` with these substitutions.
fn substituted(name: &str, subs: &[(regex::Regex, String)]) -> String {
    let mut text = deunicode::deunicode(&without_tags(name));
    for (pattern, replacement) in subs {
        text = pattern
            .replace_all(&text, replacement.as_str())
            .into_owned();
    }
    text.to_lowercase().trim().to_string()
}

/// Text with its HTML tags taken out, as Pelican's `Markup.striptags` does before slugging.
fn without_tags(title: &str) -> String {
    let mut text = String::with_capacity(title.len());
    let mut in_tag = false;
    for c in title.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// A slug made from a title as Pelican makes it (`slugify` with its default
/// SLUG_REGEX_SUBSTITUTIONS): tags stripped, transliterated to ASCII, everything but letters,
/// digits, `_`, `-` and spaces dropped, runs of `-` and spaces one `-`, lower case.
pub(crate) fn title_slug(title: &str) -> String {
    let ascii = deunicode::deunicode(&without_tags(title));
    let kept: String = (ascii.chars())
        .filter(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c.is_ascii_whitespace())
        .collect();
    let mut slug = String::with_capacity(kept.len());
    let mut gap = false;
    for c in kept.trim().chars() {
        if c == '-' || c.is_ascii_whitespace() {
            gap = true;
            continue;
        }
        if std::mem::take(&mut gap) {
            slug.push('-');
        }
        slug.push(c.to_ascii_lowercase());
    }
    if gap {
        slug.push('-');
    }
    slug
}

/// `05-deployment` → `deployment`; a name without a numeric prefix stays as it is.
pub(crate) fn strip_order_prefix(name: &str) -> &str {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && name[digits..].starts_with(['-', '_']) && name.len() > digits + 1 {
        &name[digits + 1..]
    } else {
        name
    }
}

/// The numeric order prefix of a name (`05-deployment` → 5), if it has one.
pub(crate) fn order_prefix(name: &str) -> Option<u64> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || !name[digits.len()..].starts_with(['-', '_']) {
        return None;
    }
    digits.parse().ok()
}

/// Where a page or post is written, relative to the output folder; with `pretty`, a page (not
/// a post) is its folder's `index.html`.
pub(crate) fn output_path(is_post: bool, slug: &str, pretty: bool) -> String {
    let last = slug.rsplit('/').next().unwrap_or(slug);
    if is_post {
        format!("blog/{slug}.html")
    } else if pretty && last != "index" {
        format!("{slug}/index.html")
    } else {
        format!("{slug}.html")
    }
}

/// Where a page without a slug of its own is written: where its file is, folders and all, with
/// order prefixes dropped from every name and a leading `pages/` aside (as `chapter_of`), so
/// that `api/fields.md` and `concepts/fields.md` are two pages. An `index.md` or `README.md`
/// is its folder's page (`guide/index.html`; at the top, the home page). `lang` is a
/// translation's suffix on the file part (`guide/install-de.html`); `pretty` writes every other
/// page as a folder's `index.html` (`guide/install/index.html`), linked as the folder.
pub(crate) fn folder_output(content_rel: &Path, lang: Option<&str>, pretty: bool) -> String {
    let mut out = String::new();
    if let Some(chapter) = chapter_of(content_rel) {
        for folder in chapter.split('/') {
            out.push_str(strip_order_prefix(folder));
            out.push('/');
        }
    }
    let stem = content_rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let (name, is_index) = match is_index_name(stem) {
        true => ("index", true),
        false => (strip_order_prefix(stem), false),
    };
    out.push_str(name);
    if let Some(lang) = lang {
        out.push('-');
        out.push_str(lang);
    }
    match pretty && !is_index {
        true => out.push_str("/index.html"),
        false => out.push_str(".html"),
    }
    out
}

/// Whether a file's stem names its folder's own page: `index` or `README`, in any case.
pub(crate) fn is_index_name(stem: &str) -> bool {
    stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme")
}

/// The chapter a page belongs to: its folder under content/, a leading `pages/` aside.
/// `pages/05-deployment/38-serverless.markdown` → `05-deployment`; a file at the top → none.
pub(crate) fn chapter_of(content_rel: &Path) -> Option<String> {
    let parent = content_rel.parent()?;
    let mut parts: Vec<&str> = parent
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    if parts.first() == Some(&"pages") {
        parts.remove(0);
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// A page's title from its file name when nothing else gives one: `getting-started.md` →
/// `Getting started`; a name with capitals is kept as written (`HTTP_and_TLS` → `HTTP and
/// TLS`); an `index`/`README` takes its folder's name, and at the top of the content folder
/// (`source` is the path in it), `Home`.
pub(crate) fn title_from_file(source: &Path) -> String {
    let stem = source.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let name = if is_index_name(stem) {
        let folder = source
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|f| f.to_str());
        match folder {
            Some(f) => f,
            _ => return "Home".to_string(),
        }
    } else {
        stem
    };
    let words = strip_order_prefix(name).replace(['-', '_'], " ");
    let words = words.trim();
    if words.chars().any(char::is_uppercase) {
        return words.to_string();
    }
    let mut c = words.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => name.to_string(),
    }
}

/// A chapter's title from its folder name when it has no index page: `05-web-frameworks` → `Web Frameworks`.
pub(crate) fn title_from_folder(name: &str) -> String {
    strip_order_prefix(name)
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Whether a name in static/ is left out: editors' and tools' droppings and version control.
/// Other dot files (`.well-known/`, `.nojekyll`, `.htaccess`) are published: hosts need them.
pub(crate) fn is_static_dropping(name: &str) -> bool {
    let tool_folder = matches!(name, ".git" | ".hg" | ".svn" | ".DS_Store" | "Thumbs.db");
    tool_folder || name.starts_with(".#") || (name != "." && is_editor_dropping(name))
}

/// An editor's backup, swap or temporary file.
fn is_editor_dropping(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".bck")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Whether a file is an editor's or tool's dropping rather than site content.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || is_editor_dropping(name)
}

pub(crate) fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("markdown" | "md" | "mdown" | "mkd" | "mkdn")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pelicans_default_substitutions_read_as_python_reads_them_make_its_slugs() {
        let subs: Vec<_> = (PELICANS_SUBSTITUTIONS.iter())
            .map(|(p, r)| (python_regex(p).unwrap(), python_replacement(r)))
            .collect();
        for title in [
            "What is Serverless?",
            "Déjà vu: café & crème",
            "C++ vs. C#",
            "  a  b ",
        ] {
            assert_eq!(substituted(title, &subs), title_slug(title), "{title:?}");
        }
        // A site's own: `C++` is `cpp`, `\1` a group.
        let own = vec![
            (python_regex(r"\+").unwrap(), python_replacement("p")),
            (
                python_regex(r"(\w+) (\w+)").unwrap(),
                python_replacement(r"\2_\1"),
            ),
        ];
        assert_eq!(substituted("C++ Notes", &own), "notes_cpp");
        assert!(python_regex(r"(?<=a)b").is_none());
    }

    #[test]
    fn title_slugs_are_the_ones_pelican_makes() {
        // Each right-hand side is what Pelican 4.12's slugify gave for the left (default settings).
        for (title, slug) in [
            ("Serverless", "serverless"),
            ("What is Serverless?", "what-is-serverless"),
            ("Déjà vu: café & crème", "deja-vu-cafe-creme"),
            (
                "  Python 3.12 -- New   Features ",
                "python-312-new-features",
            ),
            ("C++ vs. C#", "c-vs-c"),
            ("Flask <em>and</em> Django", "flask-and-django"),
            ("Über_cool stuff", "uber_cool-stuff"),
            ("日本語", "ri-ben-yu"),
            ("a/b: c'd", "ab-cd"),
            ("-Leading and trailing-", "-leading-and-trailing-"),
            ("Why?", "why"),
        ] {
            assert_eq!(title_slug(title), slug, "{title:?}");
        }
    }

    #[test]
    fn slugs_drop_the_order_prefix_and_extension() {
        assert_eq!(
            default_slug(Path::new("38-serverless.markdown")),
            "serverless"
        );
        assert_eq!(default_slug(Path::new("serverless.md")), "serverless");
        assert_eq!(default_slug(Path::new("2019-recap.md")), "recap");
        assert_eq!(default_slug(Path::new("404.md")), "404");
    }

    #[test]
    fn unsafe_slugs_are_refused() {
        assert!(check_slug("serverless").is_ok());
        assert!(check_slug("guide/intro").is_ok());
        for bad in ["../x", "/etc/x", "a/../../x", "a\\b", "", "a b", "x?y"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn url_mapping() {
        assert_eq!(output_path(false, "serverless", false), "serverless.html");
        assert_eq!(
            output_path(true, "aws-lambda-python-2-7", false),
            "blog/aws-lambda-python-2-7.html"
        );
        assert_eq!(
            output_path(false, "serverless", true),
            "serverless/index.html"
        );
        assert_eq!(output_path(true, "a", true), "blog/a.html");
    }

    #[test]
    fn pages_without_a_slug_follow_their_folders() {
        let out = |path: &str| folder_output(Path::new(path), None, false);
        assert_eq!(out("guide/install.md"), "guide/install.html");
        assert_eq!(out("api/fields.md"), "api/fields.html");
        assert_eq!(out("concepts/fields.md"), "concepts/fields.html");
        assert_eq!(
            out("pages/05-deployment/02-cloud/38-serverless.markdown"),
            "deployment/cloud/serverless.html"
        );
        assert_eq!(out("about.md"), "about.html");
        assert_eq!(out("pages/about.md"), "about.html");
        for index in ["guide/index.md", "guide/README.md", "guide/readme.markdown"] {
            assert_eq!(out(index), "guide/index.html", "{index}");
        }
        assert_eq!(out("README.md"), "index.html");
        assert_eq!(out("Index.md"), "index.html");
        assert_eq!(
            folder_output(Path::new("guide/install.md"), Some("de"), false),
            "guide/install-de.html"
        );
    }

    #[test]
    fn pretty_urls_make_every_page_a_folder() {
        let out = |path: &str| folder_output(Path::new(path), None, true);
        assert_eq!(out("guide/install.md"), "guide/install/index.html");
        assert_eq!(out("guide/README.md"), "guide/index.html");
        assert_eq!(out("index.md"), "index.html");
        assert_eq!(
            folder_output(Path::new("guide/index.md"), Some("de"), true),
            "guide/index-de.html"
        );
        assert_eq!(out("10-faq.md"), "faq/index.html");
        assert_eq!(
            folder_output(Path::new("guide/install.md"), Some("de"), true),
            "guide/install-de/index.html"
        );
    }

    #[test]
    fn chapters_come_from_folders() {
        assert_eq!(
            chapter_of(Path::new("pages/05-deployment/38-serverless.markdown")).as_deref(),
            Some("05-deployment")
        );
        assert_eq!(
            chapter_of(Path::new("05-deployment/38-serverless.markdown")).as_deref(),
            Some("05-deployment")
        );
        assert_eq!(
            chapter_of(Path::new("pages/05-deployment/02-sub/a.md")).as_deref(),
            Some("05-deployment/02-sub")
        );
        assert_eq!(chapter_of(Path::new("about.md")), None);
        assert_eq!(chapter_of(Path::new("pages/about.md")), None);
    }

    #[test]
    fn order_prefixes_compare_as_numbers() {
        assert_eq!(order_prefix("05-deployment"), Some(5));
        assert_eq!(order_prefix("100-x"), Some(100));
        assert_eq!(order_prefix("deployment"), None);
        assert_eq!(title_from_folder("05-web-frameworks"), "Web Frameworks");
    }

    #[test]
    fn editor_droppings_are_ignored() {
        for name in [
            ".#a.md",
            "a.md~",
            ".a.md.swp",
            "4913",
            "a.bck",
            "a.tmp",
            ".git",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
