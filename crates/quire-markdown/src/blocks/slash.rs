//! pymdownx.blocks: `/// kind | Title`, option lines indented under it (`    type: warning`),
//! a body of ordinary, unindented Markdown, and a line of `///` to close it. A block in the
//! body opens a block of its own (more slashes on the outer one only make it easier to read).
//!
//! The kinds are those of Material's set: `admonition` and its shortcuts (`note`, `tip`,
//! `warning`…), `details`, `tab`, `html` and `caption`. An unknown kind is written as a titled
//! callout of its own class, with a warning, so that nothing shows as literal slashes.

use std::borrow::Cow;

use super::callout::{admonition_open, capitalise, details_open, known_kind, ALIASES, KINDS};
use super::tabs::{write_tabs, Tab};
use super::{escape_into, fence, Line, State};

/// The admonition shortcuts pymdownx.blocks.admonition registers besides quire's own kinds.
const SHORTCUTS: &[&str] = &[
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
];

/// What a block's first line says.
#[derive(Debug, PartialEq)]
pub(super) struct Header<'a> {
    kind: &'a str,
    /// The text after `|`; `None` without a `|`.
    title: Option<&'a str>,
}

/// `/// kind | title` (up to 3 spaces before it), as pymdownx.blocks reads a block's start.
pub(super) fn header(text: &str) -> Option<Header<'_>> {
    let t = text.trim_start_matches(' ');
    let slashes = t.bytes().take_while(|&b| b == b'/').count();
    if text.len() - t.len() > 3 || slashes < 3 {
        return None;
    }
    let rest = t[slashes..].trim_start_matches(' ');
    let kind_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    if kind_len == 0 {
        return None;
    }
    let after = rest[kind_len..].trim_matches(' ');
    let title = match after {
        "" => None,
        a => Some(a.strip_prefix('|')?.trim()),
    };
    Some(Header {
        kind: &rest[..kind_len],
        title,
    })
}

/// A line of slashes alone, which closes a block.
fn is_end(text: &str) -> bool {
    let t = text.trim_start_matches(' ');
    let slashes = t.bytes().take_while(|&b| b == b'/').count();
    text.len() - t.len() <= 3 && slashes >= 3 && t[slashes..].trim().is_empty()
}

/// What kind of block a name stands for.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Admonition,
    Details,
    Tab,
    Html,
    Caption,
    /// `note`, `tip`…: a callout of that kind.
    Shortcut,
    Unknown,
}

impl Kind {
    fn of(name: &str) -> Kind {
        match name {
            "admonition" => Kind::Admonition,
            "details" => Kind::Details,
            "tab" => Kind::Tab,
            "html" => Kind::Html,
            "caption" => Kind::Caption,
            n if KINDS.contains(&n)
                || SHORTCUTS.contains(&n)
                || ALIASES.iter().any(|(a, _)| *a == n) =>
            {
                Kind::Shortcut
            }
            _ => Kind::Unknown,
        }
    }

    /// The options a kind takes.
    fn options(self) -> &'static [&'static str] {
        match self {
            Kind::Admonition => &["type", "attrs"],
            Kind::Details => &["type", "open", "attrs"],
            Kind::Tab => &["new", "select", "attrs"],
            Kind::Html => &["markdown", "attrs"],
            Kind::Caption => &["type", "attrs"],
            Kind::Shortcut | Kind::Unknown => &["attrs"],
        }
    }
}

/// A block read from the lines: its kind, options and body.
struct Block<'a> {
    kind: Kind,
    name: String,
    title: Option<String>,
    options: Options,
    body: Vec<Line<'a>>,
    at: usize,
}

/// The options of a block, as written under its first line.
#[derive(Default)]
struct Options {
    kind: Option<String>,
    open: bool,
    new: bool,
    select: bool,
    /// Classes from `attrs`, space-separated.
    classes: String,
    /// Other attributes from `attrs`, written (` id="x"`).
    attrs: String,
}

/// Writes the block whose first line is line `i`; returns the index after its closing line.
/// `last_block` is where in `out` the block before it starts (a caption wraps it).
pub(super) fn block<'a>(
    lines: &[Line<'a>],
    i: usize,
    h: Header<'_>,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
    last_block: usize,
) -> usize {
    let (block, end) = read(lines, i, h, state);
    match block.kind {
        Kind::Tab => return tab_set(lines, block, end, out, state),
        Kind::Caption => caption(block, out, state, last_block),
        _ => write(block, out, state),
    }
    end
}

/// Reads the block at line `i`: its options, its body up to its closing line; and the index
/// after that line.
fn read<'a>(lines: &[Line<'a>], i: usize, h: Header<'_>, state: &mut State) -> (Block<'a>, usize) {
    let at = lines[i].src;
    let kind = Kind::of(h.kind);
    if kind == Kind::Unknown {
        state.warn(
            at,
            format!("unknown block kind {:?}", h.kind),
            "use admonition, details, tab, html, caption or a callout kind such as note, tip or warning (it is shown as a callout of its own class)",
        );
    }
    let mut j = i + 1;
    while lines.get(j).is_some_and(|l| !l.is_blank() && l.indented()) {
        j += 1;
    }
    let options = options(&lines[i + 1..j], kind, h.kind, state);
    let (body_end, end) = body_end(lines, j);
    if end == body_end {
        state.warn(
            at,
            format!("the /// {} block is not closed", h.kind),
            "end it with a line of /// (it runs to the end of its container)",
        );
    }
    let body = lines[j..body_end].to_vec();
    let block = Block {
        kind,
        name: h.kind.to_string(),
        title: h.title.map(str::to_string),
        options,
        body,
        at,
    };
    (block, end)
}

/// Where the body starting at line `start` ends (its closing line), and the index after that
/// line; both the end of the lines when the block is not closed.
fn body_end(lines: &[Line], start: usize) -> (usize, usize) {
    let mut depth = 0usize;
    let mut open_fence: Option<(u8, usize)> = None;
    for (j, line) in lines.iter().enumerate().skip(start) {
        if let Some((c, n)) = open_fence {
            if fence(line, usize::MAX / 2).is_some_and(|(c2, n2)| c2 == c && n2 >= n) {
                open_fence = None;
            }
            continue;
        }
        if line.columns() == 0 {
            open_fence = fence(line, 0);
        }
        if open_fence.is_some() || line.columns() > 3 {
            continue;
        }
        if header(&line.text).is_some() {
            depth += 1;
        } else if is_end(&line.text) {
            if depth == 0 {
                return (j, j + 1);
            }
            depth -= 1;
        }
    }
    (lines.len(), lines.len())
}

/// Reads a block's option lines (`key: value`, `attrs: {class: x, id: y}`, or `attrs:` with
/// the pairs indented under it); a line that is none of these, or an option the kind does
/// not take, is left out with a warning.
fn options(lines: &[Line], kind: Kind, name: &str, state: &mut State) -> Options {
    let mut o = Options::default();
    let mut in_attrs = false;
    let first_cols = lines.first().map_or(0, Line::columns);
    for line in lines {
        let Some((key, value)) = line.content().split_once(':') else {
            bad_option(line, name, kind, state);
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if in_attrs && line.columns() > first_cols {
            attr(&mut o, key, value);
            continue;
        }
        in_attrs = false;
        if !kind.options().contains(&key) {
            bad_option(line, name, kind, state);
            continue;
        }
        let yes = matches!(value, "True" | "true" | "yes" | "Yes" | "on");
        match key {
            "type" | "markdown" => o.kind = Some(value.trim_matches(['"', '\'']).to_string()),
            "open" => o.open = yes,
            "new" => o.new = yes,
            "select" => o.select = yes,
            _ if value.is_empty() => in_attrs = true,
            _ => {
                let inner = value.trim_start_matches('{').trim_end_matches('}');
                for pair in inner.split(',').filter(|p| !p.trim().is_empty()) {
                    let (k, v) = pair.split_once(':').unwrap_or((pair, ""));
                    attr(&mut o, k.trim(), v.trim());
                }
            }
        }
    }
    o
}

fn attr(o: &mut Options, key: &str, value: &str) {
    let value = value.trim_matches(['"', '\'']);
    if key == "class" {
        o.classes.push(' ');
        escape_into(&mut o.classes, value);
    } else if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        o.attrs.push_str(&format!(" {key}=\""));
        escape_into(&mut o.attrs, value);
        o.attrs.push('"');
    }
}

fn bad_option(line: &Line, name: &str, kind: Kind, state: &mut State) {
    state.warn(
        line.src,
        format!(
            "the /// {name} block has no option {:?}",
            line.content().trim()
        ),
        &format!(
            "write its options as `key: value` lines indented 4 spaces under it: {}",
            kind.options().join(", ")
        ),
    );
}

/// Python's `str.title()` of a class name with its `-` and `_` as spaces: `version-added` is
/// "Version Added".
fn title_case(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes a callout, details or HTML block.
fn write<'a>(b: Block<'a>, out: &mut Vec<Line<'a>>, state: &mut State) {
    let o = &b.options;
    let (open, close) = match b.kind {
        Kind::Details => {
            let class = o.kind.clone().unwrap_or_default();
            let summary = b
                .title
                .clone()
                .or_else(|| (!class.is_empty()).then(|| title_case(&class)));
            let mut classes = String::new();
            escape_into(&mut classes, &class);
            classes.push_str(&o.classes);
            let open = details_open(
                state,
                b.at,
                (classes.trim(), &o.attrs),
                o.open,
                summary.as_deref(),
            );
            (open, "</details>".to_string())
        }
        Kind::Html => html_open(&b),
        _ => {
            let class = match b.kind {
                Kind::Admonition => o.kind.clone().unwrap_or_default(),
                _ => b.name.to_lowercase(),
            };
            let title = b.title.clone().unwrap_or_else(|| title_case(&class));
            let mut classes = String::new();
            match known_kind(&class) {
                Some(styled) if styled != class => {
                    escape_into(&mut classes, styled);
                    classes.push(' ');
                }
                _ => {}
            }
            escape_into(&mut classes, &class);
            classes.push_str(&o.classes);
            let open = admonition_open(state, b.at, classes.trim(), &o.attrs, Some(&title));
            (open, "</div>".to_string())
        }
    };
    super::wrap(open, &b.body, &close, b.at, out, state);
}

/// `/// html | div.box#main[data-x=1]`: the element the selector names.
fn html_open(b: &Block) -> (Vec<String>, String) {
    let selector = b.title.as_deref().unwrap_or("div");
    let name_end = selector.find(['.', '#', '[']).unwrap_or(selector.len());
    let tag = match &selector[..name_end] {
        t if !t.is_empty() && t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') => t,
        _ => "div",
    };
    let mut classes = String::new();
    let mut attrs = String::new();
    let mut rest = &selector[name_end..];
    while let Some(c) = rest.chars().next() {
        let end = rest[1..]
            .find(['.', '#', '['])
            .map_or(rest.len(), |k| k + 1);
        let part = &rest[1..end];
        match c {
            '.' => {
                classes.push(' ');
                escape_into(&mut classes, part);
            }
            '#' => {
                attrs.push_str(" id=\"");
                escape_into(&mut attrs, part);
                attrs.push('"');
            }
            _ => {
                let (k, v) = part
                    .trim_end_matches(']')
                    .split_once('=')
                    .unwrap_or((part, ""));
                let mut o = Options::default();
                attr(&mut o, k, v);
                attrs.push_str(&o.attrs);
            }
        }
        rest = &rest[end..];
    }
    classes.push_str(&b.options.classes);
    attrs.push_str(&b.options.attrs);
    let class = match classes.trim() {
        "" => String::new(),
        c => format!(" class=\"{c}\""),
    };
    (vec![format!("<{tag}{class}{attrs}>")], format!("</{tag}>"))
}

/// `/// caption`: the block before it (from `last_block` in `out`) in a `<figure>`, the
/// caption's body after it in a `<figcaption>`.
fn caption<'a>(b: Block<'a>, out: &mut Vec<Line<'a>>, state: &mut State, last_block: usize) {
    let start = last_block.min(out.len());
    let figure = format!("<figure{}>", class_and(&b.options));
    out.splice(
        start..start,
        [
            Line::made("", b.at),
            Line::made(figure, b.at),
            Line::made("", b.at),
        ],
    );
    while out.last().is_some_and(Line::is_blank) {
        out.pop();
    }
    super::wrap(
        vec!["<figcaption>".to_string()],
        &b.body,
        "</figcaption>",
        b.at,
        out,
        state,
    );
    out.pop();
    out.push(Line::made("</figure>", b.at));
    out.push(Line::made("", b.at));
}

/// The `class` and other attributes the `attrs` option gives, written.
fn class_and(o: &Options) -> String {
    let mut s = String::new();
    if !o.classes.trim().is_empty() {
        s.push_str(&format!(" class=\"{}\"", o.classes.trim()));
    }
    s.push_str(&o.attrs);
    s
}

/// `/// tab | Label` blocks in a row (blank lines between) are one tab set, until one says
/// `new: true`; returns the index after the last.
fn tab_set<'a>(
    lines: &[Line<'a>],
    first: Block<'a>,
    mut end: usize,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> usize {
    let mut tabs = vec![tab(first)];
    loop {
        let mut j = end;
        while lines.get(j).is_some_and(Line::is_blank) {
            j += 1;
        }
        let Some(h) = lines.get(j).and_then(|l| header(&l.text)) else {
            break;
        };
        if Kind::of(h.kind) != Kind::Tab || starts_new_set(&lines[j + 1..]) {
            break;
        }
        let (next, next_end) = read(lines, j, h, state);
        tabs.push(tab(next));
        end = next_end;
    }
    write_tabs(tabs, out, state);
    end
}

/// Whether the option lines at the start of `lines` say `new: true`.
fn starts_new_set(lines: &[Line]) -> bool {
    lines
        .iter()
        .take_while(|l| !l.is_blank() && l.indented())
        .filter_map(|l| l.content().split_once(':'))
        .any(|(k, v)| k.trim() == "new" && matches!(v.trim(), "True" | "true" | "yes"))
}

fn tab(b: Block) -> Tab {
    Tab {
        label: Cow::Owned(b.title.unwrap_or_default()),
        selected: b.options.select,
        body: b.body,
        at: b.at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_as_pymdownx_blocks_reads_them() {
        assert_eq!(
            header("/// tip | Fast *and* small"),
            Some(Header {
                kind: "tip",
                title: Some("Fast *and* small")
            })
        );
        assert_eq!(header("////  note").map(|h| h.title), Some(None));
        assert_eq!(header("/// details |").map(|h| h.title), Some(Some("")));
        assert!(header("/// Returns the value").is_none());
        assert!(header("// comment").is_none());
        assert!(header("    /// tip").is_none());
        assert!(header("///").is_none());
        assert!(is_end("///") && is_end("//// ") && !is_end("/// tip"));
        assert_eq!(title_case("version-added"), "Version Added");
    }
}
