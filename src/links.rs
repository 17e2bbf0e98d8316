//! Page-relative URLs: a site that works opened from disk, at a host's root or under any subpath.
//!
//! Templates and content write site links as absolute paths (`/deployment.html`,
//! under the base path). When the site's address is not known (base_url has no
//! host), a last pass over each finished page turns those into paths relative to
//! the page (`../deployment.html` from `blog/x.html`), the way mdBook does, so
//! double-clicking output/serverless.html shows it with its stylesheet and images.

/// How many `../` lead from a page at `output` (e.g. `blog/x.html`) to the site root.
pub fn root_prefix(output: &str) -> String {
    "../".repeat(output.matches('/').count())
}

/// Rewrites `href` and `src` attributes that start with `base_path` into paths
/// relative to the page at `output`. A link to a folder (`/`, `/guide/`) names
/// its `index.html`, which also works from disk.
pub fn relativize(html: &str, output: &str, base_path: &str) -> String {
    let prefix = root_prefix(output);
    let mut out = String::with_capacity(html.len() + 64);
    let mut last = 0;
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(pos) = find_attr(&html[i..]) {
        let value_start = i + pos.value;
        let quote = bytes[value_start - 1];
        let Some(len) = html[value_start..].find(quote as char) else {
            break;
        };
        let value = &html[value_start..value_start + len];
        i = value_start + len;
        let Some(rel) = value.strip_prefix(base_path) else {
            continue;
        };
        if value.starts_with("//") {
            continue;
        }
        out.push_str(&html[last..value_start]);
        out.push_str(&relative(&prefix, rel));
        last = value_start + len;
    }
    out.push_str(&html[last..]);
    out
}

/// `rel` is a site path without its leading base path (`x.html#a`, ``, `guide/`).
fn relative(prefix: &str, rel: &str) -> String {
    let split = rel.find(['?', '#']).unwrap_or(rel.len());
    let (path, rest) = rel.split_at(split);
    let mut s = String::with_capacity(prefix.len() + rel.len() + 10);
    s.push_str(prefix);
    s.push_str(path);
    if path.is_empty() || path.ends_with('/') {
        s.push_str("index.html");
    }
    s.push_str(rest);
    s
}

struct AttrAt {
    /// Where the value begins, after the opening quote.
    value: usize,
}

/// The next ` href="` / ` src='` (any whitespace before it, either quote).
fn find_attr(s: &str) -> Option<AttrAt> {
    let b = s.as_bytes();
    let mut from = 0;
    loop {
        let eq = from + s[from..].find('=')?;
        from = eq + 1;
        let quote_ok = matches!(b.get(eq + 1), Some(b'"') | Some(b'\''));
        if !quote_ok {
            continue;
        }
        for name in ["href", "src"] {
            if eq > name.len()
                && s[..eq].ends_with(name)
                && b[eq - name.len() - 1].is_ascii_whitespace()
            {
                return Some(AttrAt { value: eq + 2 });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_relative_to_the_page() {
        let html =
            r#"<a href="/deployment.html">d</a> <img src='/img/x.png'> <a href="/">home</a>"#;
        assert_eq!(
            relativize(html, "serverless.html", "/"),
            r#"<a href="deployment.html">d</a> <img src='img/x.png'> <a href="index.html">home</a>"#
        );
        assert_eq!(
            relativize(r#"<a href="/x.html#part">"#, "blog/post.html", "/"),
            r#"<a href="../x.html#part">"#
        );
        assert_eq!(
            relativize(r#"<a href="/guide/?q=1">"#, "a/b/c.html", "/"),
            r#"<a href="../../guide/index.html?q=1">"#
        );
    }

    #[test]
    fn other_urls_are_left_alone() {
        let html = r##"<a href="https://example.org/">e</a> <a href="//cdn.example/x.js"> <a href="#top"> <a href="x.html"> <p>href="/not-an-attribute"</p> <a data-href="/x">"##;
        assert_eq!(relativize(html, "blog/a.html", "/"), html);
    }

    #[test]
    fn only_links_under_the_base_path_are_site_links() {
        assert_eq!(
            relativize(
                r#"<a href="/docs/x.html"> <a href="/other/y.html">"#,
                "blog/a.html",
                "/docs/"
            ),
            r#"<a href="../x.html"> <a href="/other/y.html">"#
        );
    }
}
