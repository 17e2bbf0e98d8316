//! Links written to a page's sources rather than to its outputs: Pelican's intrasite links
//! (`{filename}/pages/x.md`, `{static}/images/x.png`, `{attach}`, `{tag}`, `{category}`,
//! `{author}`, `{index}`, and the old `|filename|` form), and relative links as GitHub reads
//! them (`../guide/install.md#linux`, `img/a.png`), from the page's source folder.
//!
//! Pelican replaces its links in the HTML it made, in the URL attributes of tags, so that code
//! (whose `<` are escaped) is never touched. quire replaces them in the Markdown before it is
//! rendered, where a link destination or a raw HTML URL attribute holds one, outside code:
//! the rendered page, its recorded links (which the checks follow) and the render cache all
//! see the target's own URL, as if the writer had typed it.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::line_map::LineMap;

/// What an intrasite link names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page's source (`{filename}`), or any file of the content folder.
    Filename,
    /// A file copied as it is (`{static}`).
    Static,
    /// A file copied beside the first post or page that attaches it (`{attach}`).
    Attach,
    Tag,
    Category,
    Author,
    /// The home page (`{index}`).
    Index,
    /// No marker: a path from the page's source folder (`../guide/install.md`, `img/a.png`),
    /// which may name a page's source, a file beside the pages, or neither.
    Relative,
}

const KINDS: &[(&str, Kind)] = &[
    ("filename", Kind::Filename),
    ("static", Kind::Static),
    ("attach", Kind::Attach),
    ("tag", Kind::Tag),
    ("category", Kind::Category),
    ("author", Kind::Author),
    ("index", Kind::Index),
];

/// URL attributes Pelican looks in (its `_link_replacer`); Markdown links and images too.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "poster",
    "data",
    "cite",
    "formaction",
    "action",
    "content",
];

/// The raw HTML attributes whose relative URLs are read as paths from the page's source.
const RELATIVE_ATTRIBUTES: &[&str] = &["href", "src"];

/// How far back from an `href=` the `<` of its tag is looked for: attributes of one tag.
const TAG_REACH: usize = 1024;

/// One intrasite link found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'t> {
    /// Where the whole link (`{filename}/a.md#x`) is in the text.
    pub range: Range<usize>,
    /// The link as written.
    pub written: &'t str,
    pub kind: Kind,
    /// What follows the marker, up to a `?` or `#`: a path, or a tag's name.
    pub value: &'t str,
    /// The `?query#fragment`, kept as it is.
    pub suffix: &'t str,
}

/// What a link leads to, as the caller's site knows it.
#[derive(Debug, PartialEq)]
pub enum Resolved<W> {
    /// This URL takes the link's place.
    Url(String),
    /// The link stays as written (it already leads there, or it names nothing the site has).
    AsWritten,
    /// It names nothing, for this reason: an error if it is outside code.
    Broken(W),
}

/// What links to sources lead to, as the site being built knows them.
pub trait LinkResolver {
    /// What `link` leads to; `scratch` is room the resolver may reuse from link to link.
    fn resolve(&self, link: &Found, scratch: &mut String) -> Resolved<()>;
    /// Why a link that `resolve` finds broken names nothing: a message and a hint. Asked only
    /// for links outside code, which fail the page.
    fn explain(&self, link: &Found) -> (String, String);
}

/// A link the rewrite replaced by its URL, or left as written because it names nothing.
/// Whether it is in code is for the render's own parse to say (chain.rs): one in code is put
/// back as written, and a broken one outside code fails the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Where it is in the rewritten text: its URL, or the link as written when it is broken.
    pub range: Range<usize>,
    /// The link as written.
    pub written: String,
    /// Where its value starts in `written` (after a marker).
    value_start: usize,
    pub kind: Kind,
    /// It names nothing.
    pub broken: bool,
}

impl Placed {
    /// The link as found, as `LinkResolver::explain` reads it (its range is within `written`).
    pub fn found(&self) -> Found<'_> {
        split(
            &self.written,
            0..self.written.len(),
            self.value_start,
            self.kind,
        )
    }

    /// Whether the link is where links stay as written: in code, or (a relative one) in an
    /// HTML comment.
    pub(crate) fn skipped(&self, skipped: &Skipped) -> bool {
        let at = self.range.start;
        in_code(&skipped.code, at)
            || (self.kind == Kind::Relative && in_code(&skipped.comments, at))
    }
}

/// A text with its intrasite links replaced by URLs.
#[derive(Debug)]
pub struct Rewritten {
    pub text: String,
    pub map: LineMap,
    /// Every link replaced or broken, in order.
    pub placed: Vec<Placed>,
}

/// The cheap test that lets pages without intrasite or relative links skip the rest (and
/// tells which pages an output that moved may change).
pub fn may_have(text: &str) -> bool {
    may_have_marker(text) || relatives(text).next().is_some()
}

/// Whether a text may hold a marker: one pass over it for `{` and `|`, not one search per
/// marker name, so that the text is read once however many marker names there are.
fn may_have_marker(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'{', b'|', b).any(|open| {
        let rest = &b[open + 1..];
        KINDS.iter().any(|(name, _)| {
            rest.starts_with(name.as_bytes()) && matches!(rest.get(name.len()), Some(b'}' | b'|'))
        })
    })
}

/// Every marker link (not the relative ones) in a link destination or URL attribute outside
/// code, in order: the files a page names for Pelican (see content/attach.rs), known before
/// any page is rendered. Where code is, is read as the render will read the page with the
/// site's switches `ext` (chain.rs: `code_ranges`).
pub fn find<'t>(text: &'t str, ext: &crate::Extensions) -> Vec<Found<'t>> {
    if !may_have_marker(text) {
        return Vec::new();
    }
    let mut found = markers(text);
    let code = super::chain::code_ranges(text, ext);
    found.retain(|f| !in_code(&code, f.range.start));
    found
}

/// Whether an offset is in one of the code ranges (in order, never overlapping).
fn in_code(code: &[Range<usize>], at: usize) -> bool {
    let before = code.partition_point(|r| r.start <= at);
    before > 0 && code[before - 1].contains(&at)
}

/// Every marker link in a link destination or URL attribute, code or not, in order.
fn markers(text: &str) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find(['{', '|']) {
        let start = at + i;
        at = start + 1;
        let Some((kind, marker_len)) = marker(&text[start..]) else {
            continue;
        };
        let Some(close) = opener(&text[..start]) else {
            continue;
        };
        let end = url_end(text, start + marker_len, close);
        found.push(split(text, start..end, start + marker_len, kind));
        at = end.max(at);
    }
    found
}

/// Where a URL that starts at `from` ends.
fn url_end(text: &str, from: usize, close: Close) -> usize {
    text[from..]
        .find(|c: char| match close {
            Close::Quote(q) => c == q || c == '\n',
            Close::Angle => c == '>' || c == '\n',
            Close::Space => c.is_whitespace() || c == ')' || c == '>',
        })
        .map_or(text.len(), |e| from + e)
}

/// The link at `range`, whose value starts at `value_start` and runs to a `?` or `#`.
fn split(text: &str, range: Range<usize>, value_start: usize, kind: Kind) -> Found<'_> {
    let rest = &text[value_start..range.end];
    let at = rest.find(['?', '#']).unwrap_or(rest.len());
    Found {
        written: &text[range.clone()],
        range,
        kind,
        value: &rest[..at],
        suffix: &rest[at..],
    }
}

/// Every relative link destination (`](x)`, `]: x`, `href="x"`, `src=x`), code or not, in
/// order: each `]` and `=` is looked at, and a destination that is not relative dropped
/// before anything is allocated.
fn relatives(text: &str) -> impl Iterator<Item = Found<'_>> {
    memchr::memchr2_iter(b']', b'=', text.as_bytes()).filter_map(move |at| {
        let (start, close) = match text.as_bytes()[at] {
            b']' => markdown_destination(text, at)?,
            _ => attribute_value(text, at)?,
        };
        let found = split(
            text,
            start..url_end(text, start, close),
            start,
            Kind::Relative,
        );
        is_relative(found.written, found.value).then_some(found)
    })
}

/// Where the destination of a link (`](`) or reference definition (`]:` opening its line)
/// whose label ends at `at` starts, and how it ends.
fn markdown_destination(text: &str, at: usize) -> Option<(usize, Close)> {
    let b = text.as_bytes();
    let mut i = at + 2;
    match b.get(at + 1)? {
        b'(' => {}
        b':' => {
            let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let head = text[line..at].trim_start_matches([' ', '\t', '>']);
            // The label is all that comes before on its line: `[label]: destination`.
            if !head.starts_with('[') || head[1..].contains(']') {
                return None;
            }
        }
        _ => return None,
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        Some(b'<') => Some((i + 1, Close::Angle)),
        _ => Some((i, Close::Space)),
    }
}

/// Where the value of an `href=` or `src=` attribute of a raw HTML tag starts (`at` is its `=`),
/// and how it ends.
fn attribute_value(text: &str, at: usize) -> Option<(usize, Close)> {
    let b = text.as_bytes();
    let name_at = RELATIVE_ATTRIBUTES.iter().find_map(|name| {
        let start = at.checked_sub(name.len())?;
        let matches = text.get(start..at)?.eq_ignore_ascii_case(name);
        (matches && start > 0 && b[start - 1].is_ascii_whitespace()).then_some(start)
    })?;
    // Inside a tag: the nearest `<` or `>` before the name is a `<` that opens one.
    let reach = name_at.saturating_sub(TAG_REACH);
    let open = memchr::memrchr2(b'<', b'>', &b[reach..name_at])? + reach;
    if b[open] != b'<' || !b.get(open + 1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    match b.get(at + 1)? {
        b'"' => Some((at + 2, Close::Quote('"'))),
        b'\'' => Some((at + 2, Close::Quote('\''))),
        _ => Some((at + 1, Close::Space)),
    }
}

/// Whether a destination is a path from the page's folder: not empty, no scheme (`https:`,
/// `mailto:`), not from the root or another host (`/`, `//`), not on the page itself (`#`,
/// `?`), not a marker (`{`, `|`).
fn is_relative(written: &str, path: &str) -> bool {
    if path.is_empty() || written.starts_with(['/', '#', '?', '{', '|', '<', '\\']) {
        return false;
    }
    let head = path.split(['/', ':']).next().unwrap_or("");
    let scheme = path[head.len()..].starts_with(':')
        && head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    !scheme
}

/// The kind of the marker `text` starts with, and the marker's length (`{filename}` → 10).
fn marker(text: &str) -> Option<(Kind, usize)> {
    let rest = &text[1..];
    KINDS.iter().find_map(|&(name, kind)| {
        let after = rest.strip_prefix(name)?;
        after
            .starts_with(['}', '|'])
            .then_some((kind, name.len() + 2))
    })
}

/// How the URL a marker starts ends.
#[derive(Clone, Copy)]
enum Close {
    Quote(char),
    Angle,
    Space,
}

/// Whether the text before a marker makes it a URL (`](`, `]: `, `href="`), and how it ends.
fn opener(before: &str) -> Option<Close> {
    let (rest, close) = if let Some(r) = before.strip_suffix(['"', '\'']) {
        let q = before[r.len()..].chars().next().expect("one quote");
        (r, Close::Quote(q))
    } else if let Some(r) = before.strip_suffix('<') {
        (r, Close::Angle)
    } else {
        (before, Close::Space)
    };
    let rest = rest.trim_end_matches([' ', '\t']);
    if let Some(r) = rest.strip_suffix('(') {
        return r.ends_with(']').then_some(close);
    }
    if let Some(r) = rest.strip_suffix(':') {
        return r.ends_with(']').then_some(close);
    }
    let r = rest.strip_suffix('=')?.trim_end_matches([' ', '\t']);
    let name_len = r
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = &r[r.len() - name_len..];
    let is_url = URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name));
    // An unquoted attribute value ends at a space or `>`, like a bare Markdown destination.
    is_url.then_some(close)
}

/// What of a text is not read for links: code, and for relative links HTML comments too (a
/// link put out of the way there must not break the build).
#[derive(Debug, Default)]
pub(crate) struct Skipped {
    code: Vec<Range<usize>>,
    comments: Vec<Range<usize>>,
}

impl Skipped {
    /// The code's ranges, in order.
    pub(crate) fn into_code(self) -> Vec<Range<usize>> {
        self.code
    }

    /// Notes one event of a parse of `text` (in order).
    pub(crate) fn read(&mut self, event: &Event, range: &Range<usize>, text: &str) {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => self.code.push(range.clone()),
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)
                if text[range.clone()].trim_start().starts_with("<!--") =>
            {
                self.comments.push(range.clone())
            }
            _ => {}
        }
    }
}

/// Every marker and relative link, code or not, in order; none overlaps the one before.
fn candidates(text: &str) -> Vec<Found<'_>> {
    let mut all = if may_have_marker(text) {
        markers(text)
    } else {
        Vec::new()
    };
    let marked = all.len();
    all.extend(relatives(text));
    if marked > 0 && all.len() > marked {
        all.sort_by_key(|f| f.range.start);
        let mut end = 0;
        all.retain(|f| {
            let keep = f.range.start >= end;
            end = end.max(f.range.end);
            keep
        });
    }
    all
}

/// The text with every link replaced by what `resolve` makes of it, code or not: the render's
/// parse tells which are in code (chain.rs puts those back with `undo`). `None` when every
/// link stays as written. No parse here: most pages hold only links that stay as they are.
pub fn rewrite(text: &str, mut resolve: impl FnMut(&Found) -> Resolved<()>) -> Option<Rewritten> {
    let mut out = String::new();
    let mut map = LineMap::default();
    let mut placed = Vec::new();
    let mut at = 0;
    for f in candidates(text) {
        let url = match resolve(&f) {
            Resolved::AsWritten => continue,
            Resolved::Url(url) => Some(url),
            Resolved::Broken(()) => None,
        };
        if placed.is_empty() {
            out.reserve(text.len() + 64);
            map.push(0, 0, true);
        }
        out.push_str(&text[at..f.range.start]);
        let start = out.len();
        match &url {
            Some(url) => {
                // The URL stands for the link as written: any offset in it is the link's.
                map.push(out.len(), f.range.start, false);
                out.push_str(url);
                map.push(out.len(), f.range.end, true);
            }
            None => out.push_str(f.written),
        }
        placed.push(Placed {
            range: start..out.len(),
            written: f.written.to_string(),
            value_start: f.written.len() - f.value.len() - f.suffix.len(),
            kind: f.kind,
            broken: url.is_none(),
        });
        at = f.range.end;
    }
    if placed.is_empty() {
        return None;
    }
    out.push_str(&text[at..]);
    Some(Rewritten {
        text: out,
        map,
        placed,
    })
}

/// `rewrite`, with what `links` makes of each link.
pub fn rewrite_with(text: &str, links: &dyn LinkResolver) -> Option<Rewritten> {
    let mut scratch = String::new();
    rewrite(text, |link| links.resolve(link, &mut scratch))
}

/// `text` (a rewritten text) with the links `back` put back as written, and the map from the
/// result to `text`.
pub(crate) fn undo<'p>(text: &str, back: impl Iterator<Item = &'p Placed>) -> (String, LineMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = LineMap::default();
    map.push(0, 0, true);
    let mut at = 0;
    for p in back {
        out.push_str(&text[at..p.range.start]);
        map.push(out.len(), p.range.start, false);
        out.push_str(&p.written);
        map.push(out.len(), p.range.end, true);
        at = p.range.end;
    }
    out.push_str(&text[at..]);
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Vec<(&str, Kind, &str, &str)> {
        find(text, &crate::Extensions::default())
            .into_iter()
            .map(|f| (f.written, f.kind, f.value, f.suffix))
            .collect()
    }

    #[test]
    fn links_images_definitions_and_attributes() {
        let text = "[a]({filename}/pages/a.md#part) ![i]({static}/images/x.png \"T\")\n\
                    [r]: {filename}../b.md\n\
                    <img src=\"{attach}x.png\"> <a href='|filename|c.md?q=1'>c</a>\n\
                    [t](<{tag}Big Data>) [h]({index})\n";
        assert_eq!(
            written(text),
            vec![
                (
                    "{filename}/pages/a.md#part",
                    Kind::Filename,
                    "/pages/a.md",
                    "#part"
                ),
                ("{static}/images/x.png", Kind::Static, "/images/x.png", ""),
                ("{filename}../b.md", Kind::Filename, "../b.md", ""),
                ("{attach}x.png", Kind::Attach, "x.png", ""),
                ("|filename|c.md?q=1", Kind::Filename, "c.md", "?q=1"),
                ("{tag}Big Data", Kind::Tag, "Big Data", ""),
                ("{index}", Kind::Index, "", ""),
            ]
        );
    }

    #[test]
    fn code_and_prose_keep_them() {
        let text = "Write `[a]({filename}/a.md)` or {filename} in prose.\n\n\
                    ```\n[a]({filename}/a.md)\n```\n\n    <a href=\"{filename}/a.md\">\n\n\
                    <p class=\"{tag}\">x</p>\n";
        assert_eq!(written(text), vec![]);
    }

    #[test]
    fn callout_bodies_are_not_code_unless_callouts_are_switched_off() {
        let text = "!!! note\n\n    See [a]({filename}/a.md).\n";
        assert_eq!(written(text).len(), 1);
        let off = crate::Extensions {
            admonition: false,
            ..crate::Extensions::default()
        };
        assert_eq!(find(text, &off), vec![]);
    }

    #[test]
    fn rewriting_keeps_offsets_pointing_at_the_source() {
        let text = "x [a]({filename}/a.md#p) y [b]({filename}/b.md)\n";
        let r = rewrite(text, |f| {
            Resolved::Url(format!("/{}.html{}", &f.value[1..2], f.suffix))
        })
        .unwrap();
        assert_eq!(r.text, "x [a](/a.html#p) y [b](/b.html)\n");
        let b = r.text.find("[b]").unwrap();
        assert_eq!(r.map.map(b), text.find("[b]").unwrap());
        let url = r.text.find("/b.html").unwrap();
        assert_eq!(r.map.map(url), text.find("{filename}/b.md").unwrap());
        let (back, map) = undo(&r.text, r.placed.iter().skip(1));
        assert_eq!(back, "x [a](/a.html#p) y [b]({filename}/b.md)\n");
        assert_eq!(map.map(back.find("{filename}/b").unwrap()), url);
    }

    #[test]
    fn every_unknown_link_is_kept_with_its_place() {
        let text = "[a]({filename}/a.md) [b]({filename}/b.md)\n";
        let r = rewrite(text, |_| Resolved::Broken(())).unwrap();
        assert_eq!(r.text, text);
        let placed: Vec<_> = (r.placed.iter())
            .map(|p| (p.range.start, p.broken, p.found().value))
            .collect();
        assert_eq!(placed, [(4, true, "/a.md"), (25, true, "/b.md")]);
    }

    fn relative(text: &str) -> Vec<(&str, &str, &str)> {
        relatives(text)
            .map(|f| (f.written, f.value, f.suffix))
            .collect()
    }

    #[test]
    fn relative_links_in_links_images_definitions_and_tags() {
        let text = "[a](../guide/install.md#linux) [b]( README.md ) ![i](img/a.png \"T\")\n\
                    [z](other.markdown?x=1#top) [s](<my file.md>)\n\
                    [r]: ../a.md\n\
                    > [q]:\tq.md\n\
                    <a class=\"x\" href=\"x.md\">x</a> <IMG SRC='img/b.png'> <img src=c.png>\n";
        assert_eq!(
            relative(text),
            vec![
                ("../guide/install.md#linux", "../guide/install.md", "#linux"),
                ("README.md", "README.md", ""),
                ("img/a.png", "img/a.png", ""),
                ("other.markdown?x=1#top", "other.markdown", "?x=1#top"),
                ("my file.md", "my file.md", ""),
                ("../a.md", "../a.md", ""),
                ("q.md", "q.md", ""),
                ("x.md", "x.md", ""),
                ("img/b.png", "img/b.png", ""),
                ("c.png", "c.png", ""),
            ]
        );
    }

    #[test]
    fn links_from_the_root_elsewhere_or_on_the_page_are_not_relative() {
        let text = "[a](/pages/x.html) [b](https://x.org/a.md) [c](//cdn/a.png) [d](#top)\n\
                    [e](mailto:me@x.org) [f]({filename}/a.md) [g](|filename|a.md) [h](?q=1)\n\
                    [i]() a [j] (x.md) text ]: y.md and x=y.md <p>href=z.md</p>\n\
                    <a href=\"/a.md\"> <a data-href=\"d.md\"> [k](C:x.md)\n";
        assert_eq!(relative(text), vec![]);
        assert!(!may_have(text.split("[f]").next().unwrap()));
    }

    #[test]
    fn relative_links_make_a_page_worth_a_look() {
        assert!(may_have("See [the guide](guide.md).\n"));
        assert!(!may_have("See [the guide](/guide.html).\n"));
    }

    #[test]
    fn links_left_as_written_change_nothing() {
        let text = "[a](a.png) [b]({filename}/b.md) `[c](c.md)`\n";
        let r = rewrite(text, |f| match f.kind {
            Kind::Relative if f.value == "c.md" => Resolved::Broken(()),
            Kind::Relative => Resolved::AsWritten,
            _ => Resolved::Url("/b.html".into()),
        })
        .unwrap();
        assert_eq!(r.text, "[a](a.png) [b](/b.html) `[c](c.md)`\n");
        assert_eq!(r.placed.len(), 2);
        assert!(rewrite("[a](a.png)\n", |_| Resolved::AsWritten).is_none());
    }
}
