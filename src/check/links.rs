//! Where a link written in a page points: pure functions over URL strings,
//! so that every case of relative, root-relative and fragment links can be
//! tested without a site.

use percent_encoding::percent_decode_str;

use crate::url::scheme;

/// What a link's destination is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// An `http(s)` URL.
    External,
    /// A file of the site: its output path (`blog/x.html`) and the fragment, if any.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// Something no check applies to: `mailto:`, `data:`, an empty link…
    Other,
}

/// Resolves `dest`, as written on the page whose output is `page_output`,
/// against the site's root. `/` and `dir/` mean their `index.html`.
/// An error says why the link cannot point into the site.
pub(crate) fn resolve(dest: &str, page_output: &str) -> Result<Target, String> {
    let dest = dest.trim();
    if dest.is_empty() {
        return Ok(Target::Other);
    }
    if let Some(scheme) = scheme(dest) {
        return Ok(match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => Target::External,
            _ => Target::Other,
        });
    }
    if dest.starts_with("//") {
        return Ok(Target::External);
    }
    let (rest, fragment) = match dest.split_once('#') {
        Some((r, f)) => (
            r,
            Some(percent_decode_str(f).decode_utf8_lossy().into_owned()),
        ),
        None => (dest, None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    if path.is_empty() {
        return Ok(Target::Internal {
            path: page_output.to_string(),
            fragment,
        });
    }
    let path = percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        page_output.split('/').collect()
    };
    if !path.starts_with('/') {
        parts.pop(); // the page's own file name
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("{dest} goes above the site's root folder"));
                }
            }
            s => parts.push(s),
        }
    }
    let is_dir =
        path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") || parts.is_empty();
    if is_dir || matches!(path.as_ref(), "." | "..") {
        parts.push("index.html");
    }
    Ok(Target::Internal {
        path: parts.join("/"),
        fragment,
    })
}

/// How a link to `target` (an output path) is best written on the page at
/// `page_output`, in the same style as `written`: root-relative when it was,
/// relative otherwise.
pub(crate) fn written_like(written: &str, page_output: &str, target: &str) -> String {
    if written.starts_with('/') {
        return format!("/{target}");
    }
    let from: Vec<&str> = page_output.split('/').collect();
    let from_dirs = &from[..from.len() - 1];
    let to: Vec<&str> = target.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Result<Target, String> {
        Ok(Target::Internal {
            path: path.into(),
            fragment: fragment.map(String::from),
        })
    }

    #[test]
    fn a_build_keeps_exactly_the_links_that_resolve_into_the_site() {
        // A build drops the links `crate::url::leaves_site` names before its checks, which
        // look only at what resolves into the site (or does not resolve at all).
        for dest in [
            "https://x.org/a",
            "HTTP://x.org",
            "//cdn.org/a.js",
            "mailto:a@b.org",
            "data:image/png;base64,xx",
            "",
            "  ",
            "/x.html",
            "x.html#top",
            "#top",
            "../../x.html",
            "a:b/c.html",
            "1ab:c",
            "?q=1",
        ] {
            let into_site = !matches!(
                resolve(dest, "blog/a.html"),
                Ok(Target::External | Target::Other)
            );
            assert_eq!(crate::url::leaves_site(dest), !into_site, "{dest:?}");
        }
    }

    #[test]
    fn root_relative_and_relative_links() {
        assert_eq!(resolve("/x.html", "blog/a.html"), internal("x.html", None));
        assert_eq!(
            resolve("x.html", "blog/a.html"),
            internal("blog/x.html", None)
        );
        assert_eq!(
            resolve("../x.html", "blog/a.html"),
            internal("x.html", None)
        );
        assert_eq!(resolve("./b.html", "a.html"), internal("b.html", None));
        assert_eq!(
            resolve("/img/a%20b.png", "a.html"),
            internal("img/a b.png", None)
        );
    }

    #[test]
    fn queries_fragments_and_folders() {
        assert_eq!(
            resolve("/x.html?v=2#part", "a.html"),
            internal("x.html", Some("part"))
        );
        assert_eq!(
            resolve("#part", "blog/a.html"),
            internal("blog/a.html", Some("part"))
        );
        assert_eq!(resolve("/", "a.html"), internal("index.html", None));
        assert_eq!(
            resolve("/blog/", "a.html"),
            internal("blog/index.html", None)
        );
        assert_eq!(resolve("..", "blog/a.html"), internal("index.html", None));
        assert_eq!(
            resolve("#caf%C3%A9", "a.html"),
            internal("a.html", Some("café"))
        );
    }

    #[test]
    fn other_kinds_of_links() {
        assert_eq!(
            resolve("https://example.org/", "a.html"),
            Ok(Target::External)
        );
        assert_eq!(
            resolve("HTTP://example.org/", "a.html"),
            Ok(Target::External)
        );
        assert_eq!(
            resolve("//cdn.example.org/x.js", "a.html"),
            Ok(Target::External)
        );
        for other in [
            "mailto:a@b.c",
            "tel:+1",
            "data:image/png;base64,xx",
            "javascript:void(0)",
            "",
        ] {
            assert_eq!(resolve(other, "a.html"), Ok(Target::Other), "{other}");
        }
        assert!(resolve("../../x.html", "blog/a.html").is_err());
    }

    #[test]
    fn suggestions_are_written_like_the_link() {
        assert_eq!(
            written_like("/deploymnt.html", "blog/a.html", "deployment.html"),
            "/deployment.html"
        );
        assert_eq!(
            written_like("../deploymnt.html", "blog/a.html", "deployment.html"),
            "../deployment.html"
        );
        assert_eq!(
            written_like("b.html", "blog/a.html", "blog/c.html"),
            "c.html"
        );
        assert_eq!(written_like("x.png", "a.html", "img/x.png"), "img/x.png");
    }
}
