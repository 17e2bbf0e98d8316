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

/// The candidate closest to `wanted` by edit distance, if it is close enough
/// to be the likely intent (about half of it may differ).
pub(crate) fn closest<'a, K, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    K: AsRef<str>,
    I: IntoIterator<Item = (K, &'a str)>,
{
    // Candidates are (key to compare, value to suggest); the first of equals wins, so order matters.
    let mut best: Option<(usize, &str)> = None;
    for (key, value) in candidates {
        let key = key.as_ref();
        let d = strsim::levenshtein(&wanted.to_lowercase(), &key.to_lowercase());
        let limit = (wanted.chars().count().max(key.chars().count()) / 2).max(2);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, value));
        }
    }
    best.map(|(_, v)| v)
}

/// `closest` over a fixed list of candidates asked many times: each key is lowercased and
/// measured once, and a candidate is compared by edit distance only when two cheap lower
/// bounds on that distance (the difference in length, and the characters one string has and
/// the other lacks) leave it a chance. The answer is always `closest`'s over the same list.
pub(crate) struct Nearest<'a> {
    /// In the candidates' order (the first of equals wins), each key once: a later duplicate
    /// of a key is never strictly closer, so it could never be the answer.
    candidates: Vec<Candidate<'a>>,
}

struct Candidate<'a> {
    lower: Vec<char>,
    /// The key's own length, which `closest`'s limit is measured in.
    chars: usize,
    present: u128,
    value: &'a str,
}

/// Which characters occur in `s`, folded onto 128 bits (ASCII ones each on its own). Every
/// character of one string whose bit the other lacks costs an edit of its own, so the number
/// of such bits on either side is a lower bound on the edit distance.
fn present(s: &str) -> u128 {
    s.chars().fold(0, |m, c| m | 1u128 << (c as u32 % 128))
}

/// The edit distance between `a` and `b` (as `strsim::levenshtein` counts it, in characters)
/// if it is at most `bar`. Every alignment passes through each row at some column `j`, and
/// then still costs at least the difference in what is left of the two strings: once no
/// column of a row can stay within `bar` that way, none of the rest can. `row` is scratch
/// space, kept by the caller so that no call allocates.
fn levenshtein_within(a: &[char], b: &[char], bar: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let left = a.len() - i - 1;
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0] + left.abs_diff(b.len());
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(diagonal + 1).min(row[j] + 1);
            smallest = smallest.min(row[j + 1] + left.abs_diff(b.len() - j - 1));
        }
        if smallest > bar {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= bar).then_some(d)
}

impl<'a> Nearest<'a> {
    pub(crate) fn new<K, I>(candidates: I) -> Self
    where
        K: AsRef<str>,
        I: IntoIterator<Item = (K, &'a str)>,
    {
        let mut seen = std::collections::HashSet::new();
        let candidates = candidates
            .into_iter()
            .filter(|(key, _)| seen.insert(key.as_ref().to_string()))
            .map(|(key, value)| {
                let key = key.as_ref();
                let lower = key.to_lowercase();
                Candidate {
                    chars: key.chars().count(),
                    present: present(&lower),
                    lower: lower.chars().collect(),
                    value,
                }
            })
            .collect();
        Nearest { candidates }
    }

    /// What `closest(wanted, candidates)` answers.
    pub(crate) fn find(&self, wanted: &str) -> Option<&'a str> {
        let lower = wanted.to_lowercase();
        let chars = wanted.chars().count();
        let mask = present(&lower);
        let lower: Vec<char> = lower.chars().collect();
        let mut row = Vec::new();
        let mut best: Option<(usize, &str)> = None;
        for c in &self.candidates {
            let limit = (chars.max(c.chars) / 2).max(2);
            // `d` must be within the limit and, to replace an earlier best, below it.
            let bar = match best {
                Some((0, _)) => break,
                Some((bd, _)) => limit.min(bd - 1),
                None => limit,
            };
            let by_length = lower.len().abs_diff(c.lower.len());
            let by_chars = ((mask & !c.present).count_ones()).max((c.present & !mask).count_ones());
            if by_length > bar || by_chars as usize > bar {
                continue;
            }
            if let Some(d) = levenshtein_within(&lower, &c.lower, bar, &mut row) {
                best = Some((d, c.value));
            }
        }
        best.map(|(_, v)| v)
    }
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

    #[test]
    fn closest_needs_to_be_close() {
        let c = [("deployment", "a"), ("servers", "b"), ("serverless", "c")];
        assert_eq!(closest("deploymnt", c), Some("a"));
        assert_eq!(closest("serverles", c), Some("c"));
        assert_eq!(closest("kubernetes-operators", c), None);
    }

    #[test]
    fn nearest_answers_exactly_what_closest_does() {
        // Generated names: short ones, near-duplicates (ties), case and non-ASCII letters,
        // including ones whose lowercase is longer than themselves (`İ`).
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let alphabet: Vec<char> = "abcdeAB-_.0123é€İßΣσ/".chars().collect();
        let name = |next: &mut dyn FnMut(u64) -> u64| -> String {
            let len = next(12) as usize;
            (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect()
        };
        let mut keys: Vec<String> = (0..300).map(|_| name(&mut next)).collect();
        keys.extend(["a", "ab", "", "deployment", "deploymnet", "AB", "ab"].map(String::from));
        let values: Vec<String> = (0..keys.len()).map(|i| format!("v{i}")).collect();
        let pairs = || keys.iter().zip(values.iter().map(String::as_str));
        let nearest = Nearest::new(pairs());
        let mut wanted: Vec<String> = (0..300).map(|_| name(&mut next)).collect();
        wanted.extend(keys.iter().take(50).cloned());
        wanted.extend(["deploymen", "A", "x", "İİ", "σς"].map(String::from));
        let mut found = 0;
        for w in &wanted {
            let old = closest(w, pairs());
            found += usize::from(old.is_some());
            assert_eq!(nearest.find(w), old, "{w:?}");
        }
        assert!(found > 100, "the test must exercise hits, not only misses");
        let mut row = Vec::new();
        for (a, b) in wanted.iter().zip(keys.iter().rev()) {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = strsim::levenshtein(a, b);
            assert_eq!(levenshtein_within(&ac, &bc, d, &mut row), Some(d));
            if d > 0 {
                assert_eq!(levenshtein_within(&ac, &bc, d - 1, &mut row), None);
            }
        }
    }
}
