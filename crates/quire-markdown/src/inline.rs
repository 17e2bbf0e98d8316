//! pymdown-extensions' inline constructs, on the text of a page (never its code): keys
//! (`++ctrl+c++`), mark (`==x==`), caret (`^^ins^^`, `x^2^`), tilde (`H~2~O`), smart symbols
//! (`(c)`, `-->`, `1/2`…), magic links (bare addresses; `#12`, `@user`, `org/repo#3` with a
//! `repo_url`) and abbreviations (`*[HTML]: …`). Each is written as pymdown-extensions writes it.
//!
//! `Inline::pieces` cuts one run of text into plain text, HTML and links; dialect.rs makes
//! them events again.

use crate::Extensions;

use super::attrs::Attrs;
use super::highlight::escape_into;
use super::keymap;

/// A part of a run of text, as it is written.
#[derive(Debug, PartialEq)]
pub(super) enum Piece {
    Text(String),
    Html(String),
    /// A magic link: where it goes, its text, and its class and title (for shorthands).
    Link {
        dest: String,
        text: String,
        attrs: Option<Attrs>,
    },
}

/// The project's repository, as magiclink's shorthands need it.
struct Repo {
    /// `https://github.com`
    host: String,
    provider: Provider,
    user: String,
    repo: String,
}

#[derive(Clone, Copy)]
enum Provider {
    GitHub,
    GitLab,
    Bitbucket,
}

/// What the inline constructs of one page are read with.
pub(super) struct Inline<'a> {
    ext: &'a Extensions,
    /// The page's abbreviations: the word and its title.
    abbrs: &'a [(String, String)],
    repo: Option<Repo>,
}

impl<'a> Inline<'a> {
    pub(super) fn new(ext: &'a Extensions, abbrs: &'a [(String, String)]) -> Self {
        let repo = ext.repo_url.as_deref().and_then(Repo::parse);
        Inline { ext, abbrs, repo }
    }

    /// Whether any construct is read at all (else text is left as it is, untouched).
    pub(super) fn any(&self) -> bool {
        let e = self.ext;
        e.keys
            || e.mark
            || e.caret
            || e.tilde
            || e.smartsymbols
            || e.magiclink
            || !self.abbrs.is_empty()
    }

    /// `text` cut into pieces, or `None` when nothing in it is a construct. `in_link`: the
    /// text is a link's (no links inside it).
    pub(super) fn pieces(&self, text: &str, in_link: bool) -> Option<Vec<Piece>> {
        // Most text has no construct: with only the delimited ones on, one look says so.
        let e = self.ext;
        let delimited_only = self.abbrs.is_empty() && !e.smartsymbols && !e.magiclink;
        if delimited_only && !text.contains(['+', '=', '^', '~']) {
            return None;
        }
        let mut out = Vec::new();
        let mut plain = 0;
        let mut i = 0;
        let mut changed = false;
        while i < text.len() {
            if !text.is_char_boundary(i) {
                i += 1;
                continue;
            }
            let Some((html, len)) = self.construct(text, i, in_link) else {
                i += 1;
                continue;
            };
            changed = true;
            if plain < i {
                out.push(Piece::Text(text[plain..i].to_string()));
            }
            out.extend(html);
            i += len;
            plain = i;
        }
        if !changed {
            return None;
        }
        if plain < text.len() {
            out.push(Piece::Text(text[plain..].to_string()));
        }
        Some(out)
    }

    /// The construct that starts at `text[i..]`, as pieces, and how many bytes it takes.
    fn construct(&self, text: &str, i: usize, in_link: bool) -> Option<(Vec<Piece>, usize)> {
        let rest = &text[i..];
        let before = text[..i].chars().next_back();
        let e = self.ext;
        let first = rest.as_bytes()[0];
        match first {
            b'+' if e.keys => keys(rest).map(|(h, n)| (vec![Piece::Html(h)], n)),
            b'=' if e.mark => self.wrapped(rest, "==", "mark", in_link),
            b'^' if e.caret && rest.starts_with("^^") => self.wrapped(rest, "^^", "ins", in_link),
            b'^' if e.caret => self.wrapped(rest, "^", "sup", in_link),
            b'~' if e.tilde && !rest.starts_with("~~") && before != Some('~') => {
                self.wrapped(rest, "~", "sub", in_link)
            }
            _ => None,
        }
        .or_else(|| {
            let word_start = before.is_none_or(|c| !c.is_alphanumeric() && c != '_');
            (e.smartsymbols)
                .then(|| symbol(text, i))
                .flatten()
                .map(|(h, n)| (vec![Piece::Html(h)], n))
                .or_else(|| {
                    (e.magiclink && !in_link && word_start)
                        .then(|| self.magic(rest))
                        .flatten()
                })
                .or_else(|| word_start.then(|| self.abbr(rest)).flatten())
        })
    }

    /// `==x==` and the like: the text between two delimiters (neither next to a space) in `tag`.
    fn wrapped(
        &self,
        rest: &str,
        delim: &str,
        tag: &str,
        in_link: bool,
    ) -> Option<(Vec<Piece>, usize)> {
        let inner_start = delim.len();
        let body = rest.strip_prefix(delim)?;
        if body.starts_with(char::is_whitespace) || body.starts_with(&delim[..1]) {
            return None;
        }
        let close = body.find(delim)?;
        let inner = &body[..close];
        let single = delim.len() == 1;
        if inner.is_empty()
            || inner.ends_with(char::is_whitespace)
            || (single && inner.contains(char::is_whitespace))
            || body[close + delim.len()..].starts_with(&delim[..1])
        {
            return None;
        }
        let mut out = vec![Piece::Html(format!("<{tag}>"))];
        match self.pieces(inner, in_link) {
            Some(p) => out.extend(p),
            None => out.push(Piece::Text(inner.to_string())),
        }
        out.push(Piece::Html(format!("</{tag}>")));
        Some((out, inner_start + close + delim.len()))
    }

    /// An abbreviation the page defines, as a whole word.
    fn abbr(&self, rest: &str) -> Option<(Vec<Piece>, usize)> {
        let (word, title) = (self.abbrs.iter())
            .filter(|(w, _)| rest.starts_with(w.as_str()))
            .filter(|(w, _)| {
                !rest[w.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
            .max_by_key(|(w, _)| w.len())?;
        let mut html = String::from("<abbr title=\"");
        escape_into(&mut html, title);
        html.push_str("\">");
        // The word stays text: a heading's id and search are made of it.
        let pieces = vec![
            Piece::Html(html),
            Piece::Text(word.clone()),
            Piece::Html("</abbr>".into()),
        ];
        Some((pieces, word.len()))
    }

    /// A bare address, or with a repository a shorthand reference to an issue, a pull request
    /// or a user.
    fn magic(&self, rest: &str) -> Option<(Vec<Piece>, usize)> {
        if let Some((dest, len)) = bare_url(rest) {
            let text = rest[..len].to_string();
            return Some((
                vec![Piece::Link {
                    dest,
                    text,
                    attrs: None,
                }],
                len,
            ));
        }
        let repo = self.repo.as_ref()?;
        let (dest, title, kind, len) = repo.shorthand(rest)?;
        let attrs = Attrs(vec![
            (
                "class".into(),
                format!(
                    "magiclink magiclink-{} magiclink-{kind}",
                    repo.provider.name()
                ),
            ),
            ("title".into(), title),
        ]);
        let text = rest[..len].to_string();
        Some((
            vec![Piece::Link {
                dest,
                text,
                attrs: Some(attrs),
            }],
            len,
        ))
    }
}

/// `++ctrl+alt+del++`: each key by its name in pymdown-extensions' key map (an unknown name
/// leaves the text as it is), or `++"typed text"++`.
fn keys(rest: &str) -> Option<(String, usize)> {
    let body = rest.strip_prefix("++")?;
    let end = body.find("++")?;
    let inner = &body[..end];
    if inner.is_empty() {
        return None;
    }
    let mut html = String::from("<span class=\"keys\">");
    for (n, key) in inner.split('+').enumerate() {
        if n > 0 {
            html.push_str("<span>+</span>");
        }
        if let Some(typed) = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .filter(|k| !k.is_empty())
        {
            html.push_str("<kbd>");
            escape_into(&mut html, typed);
            html.push_str("</kbd>");
            continue;
        }
        let key = key.to_lowercase();
        let canonical = lookup(keymap::ALIASES, &key).unwrap_or(&key);
        let shown = lookup(keymap::KEYS, canonical)?;
        html.push_str(&format!("<kbd class=\"key-{canonical}\">"));
        escape_into(&mut html, shown);
        html.push_str("</kbd>");
    }
    html.push_str("</span>");
    Some((html, end + 4))
}

fn lookup<'t>(table: &'t [(&str, &str)], key: &str) -> Option<&'t str> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table[i].1)
}

/// The fractions pymdown-extensions' smart symbols know.
const FRACTIONS: &[(&str, &str)] = &[
    ("1/4", "&frac14;"),
    ("1/2", "&frac12;"),
    ("3/4", "&frac34;"),
    ("1/3", "&#8531;"),
    ("2/3", "&#8532;"),
    ("1/5", "&#8533;"),
    ("2/5", "&#8534;"),
    ("3/5", "&#8535;"),
    ("4/5", "&#8536;"),
    ("1/6", "&#8537;"),
    ("5/6", "&#8538;"),
    ("1/8", "&#8539;"),
    ("3/8", "&#8540;"),
    ("5/8", "&#8541;"),
    ("7/8", "&#8542;"),
];

/// A smart symbol at `text[i..]`: its entity and its length.
fn symbol(text: &str, i: usize) -> Option<(String, usize)> {
    let rest = &text[i..];
    let before = text[..i].chars().next_back();
    let after = |n: usize| rest[n..].chars().next();
    let fixed: &[(&str, &str)] = &[
        ("(tm)", "&trade;"),
        ("(c)", "&copy;"),
        ("(r)", "&reg;"),
        ("+/-", "&plusmn;"),
        ("=/=", "&ne;"),
        ("<-->", "&harr;"),
    ];
    if let Some((s, e)) = fixed.iter().find(|(s, _)| rest.starts_with(s)) {
        return Some((e.to_string(), s.len()));
    }
    if rest.starts_with("-->") && before != Some('-') {
        return Some(("&rarr;".into(), 3));
    }
    if rest.starts_with("<--") && after(3) != Some('-') {
        return Some(("&larr;".into(), 3));
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    if rest.starts_with("c/o") && !word(before) && !word(after(3)) {
        return Some(("&#8453;".into(), 3));
    }
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    if !digit(before) {
        if let Some((_, e)) = FRACTIONS.iter().find(|(s, _)| rest.starts_with(s)) {
            if !digit(after(3)) {
                return Some((e.to_string(), 3));
            }
        }
    }
    ordinal(text, i)
}

/// `1st`, `22nd`, `13th`: the number, its suffix raised.
fn ordinal(text: &str, i: usize) -> Option<(String, usize)> {
    let rest = &text[i..];
    let before = text[..i].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') || rest.starts_with('0') {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let suffix = rest.get(digits..digits + 2)?;
    if rest[digits + 2..].starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let number = &rest[..digits];
    let last = number.as_bytes()[digits - 1];
    let teen = digits >= 2 && number.as_bytes()[digits - 2] == b'1';
    let want = match last {
        b'1' if !teen => "st",
        b'2' if !teen => "nd",
        b'3' if !teen => "rd",
        _ => "th",
    };
    (suffix == want).then(|| (format!("{number}<sup>{suffix}</sup>"), digits + 2))
}

/// A bare `https://`, `http://`, `ftp://` or `www.` address: where it leads and its length
/// (punctuation that ends a sentence is not part of it).
fn bare_url(rest: &str) -> Option<(String, usize)> {
    let www = rest.starts_with("www.");
    if !(www
        || ["https://", "http://", "ftp://", "ftps://"]
            .iter()
            .any(|p| rest.starts_with(p)))
    {
        return None;
    }
    let mut len = rest
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        .unwrap_or(rest.len());
    loop {
        let url = &rest[..len];
        let opens = url.matches('(').count();
        let closes = url.matches(')').count();
        match url.chars().next_back() {
            Some('.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_') => len -= 1,
            Some(')') if closes > opens => len -= 1,
            _ => break,
        }
    }
    let url = &rest[..len];
    let host = url.split("://").nth(1).unwrap_or(url);
    if !host.contains('.') || host.starts_with('.') {
        return None;
    }
    let dest = if www {
        format!("http://{url}")
    } else {
        url.to_string()
    };
    Some((dest, len))
}

impl Provider {
    fn name(self) -> &'static str {
        match self {
            Provider::GitHub => "github",
            Provider::GitLab => "gitlab",
            Provider::Bitbucket => "bitbucket",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Provider::GitHub => "GitHub",
            Provider::GitLab => "GitLab",
            Provider::Bitbucket => "Bitbucket",
        }
    }
}

impl Repo {
    /// `https://github.com/ORG/REPO` (also GitLab and Bitbucket), else `None`.
    fn parse(url: &str) -> Option<Repo> {
        let url = url.trim().trim_end_matches('/').trim_end_matches(".git");
        let (scheme, path) = url.split_once("://")?;
        let mut parts = path.split('/');
        let host = parts.next()?;
        let provider = match host {
            h if h.contains("github") => Provider::GitHub,
            h if h.contains("gitlab") => Provider::GitLab,
            h if h.contains("bitbucket") => Provider::Bitbucket,
            _ => return None,
        };
        let (user, repo) = (parts.next()?, parts.next()?);
        Some(Repo {
            host: format!("{scheme}://{host}"),
            provider,
            user: user.to_string(),
            repo: repo.to_string(),
        })
    }

    /// `#12`, `!3`, `@user`, `org/repo#12`, `org/repo!3` at the start of `rest`: where it
    /// leads, its title, its kind and its length.
    fn shorthand(&self, rest: &str) -> Option<(String, String, &'static str, usize)> {
        let name = |s: &str| {
            s.find(|c: char| !(c.is_alphanumeric() || "-_.".contains(c)))
                .unwrap_or(s.len())
        };
        let label = self.provider.label();
        if let Some(user) = rest.strip_prefix('@') {
            let n = name(user);
            let n = user[..n].trim_end_matches('.').len();
            if n == 0 || user[n..].starts_with('/') {
                return None;
            }
            let user = &user[..n];
            let dest = format!("{}/{user}", self.host);
            return Some((dest, format!("{label} User: {user}"), "mention", n + 1));
        }
        let (owner, len) = match rest.find(['#', '!']) {
            Some(0) => (format!("{}/{}", self.user, self.repo), 0),
            Some(at) => {
                let slug = &rest[..at];
                // `repo#1` is another repository of the same owner.
                let (u, r) = slug.split_once('/').unwrap_or((&self.user, slug));
                if u.is_empty() || r.is_empty() || name(u) != u.len() || name(r) != r.len() {
                    return None;
                }
                (format!("{u}/{r}"), at)
            }
            None => return None,
        };
        let sign = rest.as_bytes()[len];
        let digits = rest[len + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let after = rest[len + 1 + digits..].chars().next();
        if digits == 0 || after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let number = &rest[len + 1..len + 1 + digits];
        let (path, kind, what) = match (sign, self.provider) {
            (b'#', Provider::GitLab) => ("-/issues", "issue", "Issue"),
            (b'#', _) => ("issues", "issue", "Issue"),
            (_, Provider::GitHub) => ("pull", "pull", "Pull Request"),
            (_, Provider::GitLab) => ("-/merge_requests", "pull", "Merge Request"),
            (_, Provider::Bitbucket) => ("pull-requests", "pull", "Pull Request"),
        };
        let dest = format!("{}/{owner}/{path}/{number}", self.host);
        let title = format!("{label} {what}: {owner} #{number}");
        Some((dest, title, kind, len + 1 + digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(ext: &Extensions, text: &str) -> String {
        let inline = Inline::new(ext, &[]);
        let Some(pieces) = inline.pieces(text, false) else {
            return text.to_string();
        };
        pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Html(t) => t,
                Piece::Link { dest, text, .. } => format!("[{text}]({dest})"),
            })
            .collect()
    }

    #[test]
    fn keys_by_their_names_and_aliases() {
        let ext = Extensions::default();
        assert_eq!(
            html(&ext, "++ctrl+alt+del++"),
            "<span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd><span>+</span><kbd class=\"key-alt\">Alt</kbd><span>+</span><kbd class=\"key-delete\">Del</kbd></span>"
        );
        assert_eq!(html(&ext, "a ++nokey++ b"), "a ++nokey++ b");
        assert_eq!(html(&ext, "C++ and ++"), "C++ and ++");
    }

    #[test]
    fn prose_rewriting_constructs_wait_to_be_turned_on() {
        let off = Extensions::default();
        assert_eq!(html(&off, "==x== (c) 1/2"), "==x== (c) 1/2");
        let on = Extensions::all();
        assert_eq!(html(&on, "==x== (c) 1/2"), "<mark>x</mark> &copy; &frac12;");
        assert_eq!(
            html(&on, "H~2~O x^2^ ^^in^^"),
            "H<sub>2</sub>O x<sup>2</sup> <ins>in</ins>"
        );
        assert_eq!(html(&on, "a^b c^ 2 == 2"), "a^b c^ 2 == 2");
        assert_eq!(html(&on, "== =x=="), "== =x==");
        assert_eq!(
            html(&on, "1st 12th 22nd 3th --> <-- <-->"),
            "1<sup>st</sup> 12<sup>th</sup> 22<sup>nd</sup> 3th &rarr; &larr; &harr;"
        );
    }

    #[test]
    fn magic_links_with_and_without_a_repository() {
        let mut ext = Extensions::all();
        assert_eq!(
            html(&ext, "see https://a.org/x. and www.b.org, #1"),
            "see [https://a.org/x](https://a.org/x). and [www.b.org](http://www.b.org), #1"
        );
        ext.repo_url = Some("https://github.com/org/repo".into());
        assert_eq!(
            html(&ext, "#1 and x/y!2 by @me."),
            "[#1](https://github.com/org/repo/issues/1) and [x/y!2](https://github.com/x/y/pull/2) by [@me](https://github.com/me)."
        );
        assert_eq!(
            html(&ext, "C# and C#1"),
            "C# and [C#1](https://github.com/org/C/issues/1)"
        );
    }
}
