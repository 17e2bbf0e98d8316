//! The pattern language of `permalinks:` in site.yaml (`{date:%Y}/{slug}/`), and what a slug
//! or path it makes may hold: checked when site.yaml is read, filled in for each page.

use std::path::Path;

use crate::date::Date;

/// The longest part of a slug, in bytes.
const MAX_NAME: usize = 200;

/// Why a slug cannot be used, if it cannot: it must stay inside the output folder and be a clean URL path.
pub(crate) fn check_slug(slug: &str) -> Result<(), String> {
    check_path(slug, false)
}

/// As `check_slug`, but a space is allowed: Pelican writes `Slug: QUIC build environment` to a
/// file with spaces in its name, and links to it percent-encoded (`QUIC%20build%20…`).
pub(crate) fn check_pelican_slug(slug: &str) -> Result<(), String> {
    check_path(slug, true)
}

fn check_path(slug: &str, spaces: bool) -> Result<(), String> {
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
        (c.is_whitespace() && !(spaces && *c == ' '))
            || c.is_control()
            || matches!(c, '?' | '#' | '%' | ':' | '"' | '<' | '>')
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
    // A space can only come from a slug its page let through (a Pelican site's); the pattern's
    // own text was checked without one (`check_permalink`).
    check_path(&out, f.slug.contains(' '))
        .map_err(|why| why.replacen("the slug", "the path", 1))?;
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
}
