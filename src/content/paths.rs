//! The pure decisions about names: slugs, output paths, chapters.

use std::path::{Component, Path};

use super::date::Date;

/// The default slug: the file name without a leading `NN-` order prefix and without its extension.
pub(crate) fn default_slug(file: &Path) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    strip_order_prefix(stem).to_string()
}

/// A slug made from a title as Pelican makes it (`slugify` with its default
/// SLUG_REGEX_SUBSTITUTIONS): tags stripped, transliterated to ASCII, everything but letters,
/// digits, `_`, `-` and spaces dropped, runs of `-` and spaces one `-`, lower case.
pub(crate) fn title_slug(title: &str) -> String {
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
    let ascii = deunicode::deunicode(&text);
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

/// The longest part of a slug, in bytes.
const MAX_NAME: usize = 200;

/// Why a slug cannot be used, if it cannot: it must stay inside the output folder and be a clean URL path.
pub(crate) fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug.starts_with('/') || slug.contains('\\') || Path::new(slug).is_absolute() {
        return Err(format!(
            "the slug {slug:?} is an absolute path and would write outside the output folder"
        ));
    }
    for part in slug.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(format!(
                "the slug {slug:?} has a `{part}` segment and would write outside the output folder"
            ));
        }
    }
    // Room for `.html` and the `.gz`/`.br` copies within the 255 bytes a file name may have.
    if let Some(part) = slug.split('/').find(|p| p.len() > MAX_NAME) {
        return Err(format!(
            "the slug has a part of {} bytes ({}…); a file name may have at most {MAX_NAME}",
            part.len(),
            part.chars().take(20).collect::<String>()
        ));
    }
    if slug.starts_with(".quire-") {
        return Err(format!(
            "the slug {slug:?} starts with `.quire-`, which quire keeps for its own files in the output folder"
        ));
    }
    if let Some(c) = slug.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '%' | ':' | '"' | '<' | '>')
    }) {
        return Err(format!(
            "the slug {slug:?} contains {c:?}, which does not belong in a URL"
        ));
    }
    Ok(())
}

/// What a permalink pattern is filled with for one page.
pub(crate) struct PermalinkFields<'a> {
    pub slug: &'a str,
    pub category: &'a str,
    pub lang: &'a str,
    /// Where the page has a date.
    pub date: Option<&'a Date>,
}

/// A permalink pattern filled in: the output path (a trailing `/` is the folder's `index.html`).
pub(crate) fn expand_permalink(pattern: &str, f: &PermalinkFields) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern.trim_start_matches('/');
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("{pattern:?} has a `{{` without its `}}`"))?;
        let name = &rest[open + 1..open + close];
        let date_part = |part: fn(&Date) -> &str| {
            (f.date.map(part))
                .ok_or_else(|| format!("{pattern:?} uses {{{name}}}, and pages have no date"))
        };
        match name {
            "slug" => out.push_str(f.slug),
            "category" => out.push_str(f.category),
            "lang" => out.push_str(f.lang),
            "date:%Y" => out.push_str(date_part(Date::year)?),
            "date:%m" => out.push_str(date_part(Date::month)?),
            "date:%d" => out.push_str(date_part(Date::day_of_month)?),
            other => return Err(format!("{pattern:?} has an unknown field {{{other}}}")),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if out.is_empty() || out.ends_with('/') {
        out.push_str("index.html");
    }
    check_slug(&out).map_err(|why| why.replacen("the slug", "the path", 1))?;
    Ok(out)
}

/// Why a permalink pattern cannot be used, tried on a sample page (`dated`: posts have dates).
pub(crate) fn check_permalink(pattern: &str, dated: bool) -> Result<(), String> {
    let day = Date::parse("2024-01-31").expect("a date");
    let sample = PermalinkFields {
        slug: "slug",
        category: "category",
        lang: "en",
        date: dated.then_some(&day),
    };
    let path = expand_permalink(pattern, &sample)?;
    if !pattern.contains("{slug}") {
        return Err(format!(
            "{pattern:?} has no {{slug}}, so every page would be written to {path}"
        ));
    }
    Ok(())
}

/// Where a page or post is written, relative to the output folder.
pub(crate) fn output_path(is_post: bool, slug: &str) -> String {
    if is_post {
        format!("blog/{slug}.html")
    } else {
        format!("{slug}.html")
    }
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
    fn permalinks_fill_in_and_are_checked() {
        let date = Date::parse("2024-03-05 10:00").unwrap();
        let f = PermalinkFields {
            slug: "intro",
            category: "notes",
            lang: "fr",
            date: Some(&date),
        };
        let e = |p: &str| expand_permalink(p, &f);
        assert_eq!(
            e("{date:%Y}/{date:%m}/{slug}/").unwrap(),
            "2024/03/intro/index.html"
        );
        assert_eq!(
            e("/{category}/{date:%d}-{slug}-{lang}.html").unwrap(),
            "notes/05-intro-fr.html"
        );
        assert!(e("{slug}/{oops}")
            .unwrap_err()
            .contains("unknown field {oops}"));
        assert!(e("../{slug}.html").unwrap_err().contains("`..` segment"));
        assert!(check_permalink("{date:%Y}/{slug}.html", false)
            .unwrap_err()
            .contains("pages have no date"));
        assert!(check_permalink("blog/index.html", true)
            .unwrap_err()
            .contains("no {slug}"));
        assert!(check_permalink("{date:%Y}/{slug}/", true).is_ok());
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
        assert_eq!(output_path(false, "serverless"), "serverless.html");
        assert_eq!(
            output_path(true, "aws-lambda-python-2-7"),
            "blog/aws-lambda-python-2-7.html"
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
