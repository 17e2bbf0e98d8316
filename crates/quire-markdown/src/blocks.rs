//! Callouts (`!!! note`, `??? tip`, `???+ warning`) and content tabs (`=== "Label"`), the block
//! syntaxes of Python-Markdown, pymdownx and Material for MkDocs.
//!
//! pulldown-cmark knows neither, and its events cannot express a block whose body is indented
//! text. So, like Python-Markdown's own block processors, a line-based pass runs first: each
//! block becomes raw HTML wrapper lines around its de-indented body, blank lines around, and
//! pulldown-cmark renders the body as any other Markdown (lists, code, nested blocks). Every
//! line of the result remembers where it came from, so that offsets into it (headings, links,
//! warnings) still point at the writer's file.

use std::borrow::Cow;

use super::highlight::escape_into;

mod md_in_html;
mod slash;
mod title;

/// The styles of callouts, tabs, code titles and line numbers, appended to the theme's.
pub const STYLESHEET: &str = include_str!("blocks.css");

/// The callout kinds of MkDocs (Material), each styled with its own icon and colour.
pub const KINDS: &[&str] = &[
    "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
    "bug", "example", "quote",
];

/// Other names Material accepts for the same kinds (and GitHub's `important` and `caution`).
const ALIASES: &[(&str, &str)] = &[
    ("seealso", "note"),
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("todo", "info"),
    ("hint", "tip"),
    ("important", "tip"),
    ("check", "success"),
    ("done", "success"),
    ("help", "question"),
    ("faq", "question"),
    ("attention", "warning"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("caution", "danger"),
    ("error", "danger"),
    ("cite", "quote"),
];

/// The styled kind a callout's kind stands for, if it is one quire knows.
pub fn known_kind(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|k| **k == kind).copied().or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == kind)
            .map(|(_, k)| *k)
    })
}

pub use super::line_map::LineMap;

/// A problem found in a page's Markdown, at a byte offset of its body.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// A text rewritten with its blocks in HTML wrappers.
pub struct Prepared {
    pub text: String,
    pub map: LineMap,
    pub warnings: Vec<Warning>,
}

#[derive(Clone)]
struct Line<'a> {
    text: Cow<'a, str>,
    /// Offset of `text` in the original (for a made-up line, of the line it stands for).
    src: usize,
    real: bool,
    /// Made-up spaces written before `text`: a block inside a list item or definition is
    /// rewritten de-indented, then put back at the item's indentation.
    indent: usize,
}

impl<'a> Line<'a> {
    fn made(text: impl Into<Cow<'a, str>>, src: usize) -> Self {
        Line {
            text: text.into(),
            src,
            real: false,
            indent: 0,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The line with one level (4 columns) of indentation less.
    fn dedent(&self) -> Line<'a> {
        self.dedent_by(4)
    }

    /// The line with `cols` columns of indentation less (a tab reaches the next multiple of
    /// 4; what a tab leaves over is made-up spaces).
    fn dedent_by(&self, cols: usize) -> Line<'a> {
        let mut left = cols;
        let mut indent = self.indent;
        let taken = indent.min(left);
        indent -= taken;
        left -= taken;
        let mut col = self.indent;
        let mut cut = 0;
        for b in self.text.bytes() {
            if left == 0 {
                break;
            }
            let width = match b {
                b' ' => 1,
                b'\t' => 4 - col % 4,
                _ => break,
            };
            col += width;
            cut += 1;
            if width > left {
                indent += width - left;
                left = 0;
            } else {
                left -= width;
            }
        }
        let text = match &self.text {
            Cow::Borrowed(s) => Cow::Borrowed(&s[cut..]),
            Cow::Owned(s) => Cow::Owned(s[cut..].to_string()),
        };
        Line {
            text,
            src: self.src + cut,
            real: self.real,
            indent,
        }
    }

    fn indented(&self) -> bool {
        self.columns() >= 4
    }

    /// The columns of the line's leading whitespace.
    fn columns(&self) -> usize {
        let mut col = self.indent;
        for b in self.text.bytes() {
            match b {
                b' ' => col += 1,
                b'\t' => col += 4 - col % 4,
                _ => break,
            }
        }
        col
    }

    /// The text after the leading whitespace.
    fn content(&self) -> &str {
        self.text.trim_start_matches([' ', '\t'])
    }
}

/// Whether a text may hold a block: the cheap test that lets every other page skip this pass.
fn may_have_blocks(text: &str) -> bool {
    text.contains("!!!")
        || text.contains("???")
        || text.contains("===")
        || text.contains("///")
        || text.contains("markdown")
}

/// Which kinds of block the rewrite reads: site.yaml's `markdown:` switches for them. A kind
/// switched off stays the text it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds {
    pub admonition: bool,
    pub tabbed: bool,
    pub blocks: bool,
    pub md_in_html: bool,
    /// Icon and emoji shortcodes in titles and labels are icons (site.yaml's `emoji`).
    pub emoji: bool,
}

impl Kinds {
    /// Every kind read.
    pub const ALL: Kinds = Kinds {
        admonition: true,
        tabbed: true,
        blocks: true,
        md_in_html: true,
        emoji: true,
    };

    pub fn of(ext: &crate::Extensions) -> Self {
        Kinds {
            admonition: ext.admonition,
            tabbed: ext.tabbed,
            blocks: ext.blocks,
            md_in_html: ext.md_in_html,
            emoji: ext.emoji,
        }
    }

    /// Whether a line (its indentation taken off) starts a block this pass rewrites.
    fn starts_block(self, text: &str) -> bool {
        (self.admonition && header(text).is_some())
            || (self.tabbed && tab_header(text).is_some())
            || (self.blocks && slash::header(text).is_some())
            || (self.md_in_html && md_in_html::opening(text).is_some())
    }
}

/// The text with its blocks rewritten; `None` when it has none.
pub fn prepare(text: &str, kinds: Kinds) -> Option<Prepared> {
    if !may_have_blocks(text) {
        return None;
    }
    let mut lines = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.strip_suffix('\n').unwrap_or(raw);
        let body = body.strip_suffix('\r').unwrap_or(body);
        lines.push(Line {
            text: Cow::Borrowed(body),
            src: at,
            real: true,
            indent: 0,
        });
        at += raw.len();
    }
    if !lines.iter().any(|l| kinds.starts_block(l.content())) {
        return None;
    }
    let mut state = State {
        kinds,
        tab_sets: 0,
        warnings: Vec::new(),
        depth: 0,
    };
    let mut out = Vec::with_capacity(lines.len() + 16);
    process(&lines, &mut out, &mut state);
    let mut prepared = Prepared {
        text: String::with_capacity(text.len() + 512),
        map: LineMap::default(),
        warnings: state.warnings,
    };
    for line in out {
        if line.indent > 0 {
            prepared.map.push(prepared.text.len(), line.src, false);
            prepared.text.extend(std::iter::repeat_n(' ', line.indent));
        }
        prepared.map.push(prepared.text.len(), line.src, line.real);
        prepared.text.push_str(&line.text);
        prepared.text.push('\n');
    }
    Some(prepared)
}

/// How deep callouts and tabs may nest. Material's own pages nest three; the rewrite recurses
/// once per level (on a build thread's stack), and every level copies its body de-indented,
/// so a block deeper than this stays the indented text it is.
pub const MAX_DEPTH: usize = 32;

struct State {
    kinds: Kinds,
    tab_sets: usize,
    warnings: Vec<Warning>,
    /// How many blocks the lines being rewritten are in.
    depth: usize,
}

impl State {
    fn warn(&mut self, offset: usize, message: String, hint: &str) {
        self.warnings.push(Warning {
            offset,
            message,
            hint: hint.to_string(),
        });
    }
}

/// What a callout's first line says.
#[derive(Debug, PartialEq)]
struct Header<'a> {
    /// `None` for `!!!`; `Some(open)` for `???` / `???+`.
    collapsible: Option<bool>,
    kind: &'a str,
    /// More classes after the kind (`!!! note inline end`).
    classes: Vec<&'a str>,
    /// `None`: the kind, capitalised; `Some("")`: no title at all.
    title: Option<&'a str>,
    /// The title's closing quote is missing.
    unclosed: bool,
}

fn header(line: &str) -> Option<Header<'_>> {
    let (collapsible, rest) = if let Some(r) = line.strip_prefix("???+") {
        (Some(true), r)
    } else if let Some(r) = line.strip_prefix("???") {
        (Some(false), r)
    } else {
        (None, line.strip_prefix("!!!")?)
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let (words, title, unclosed) = match rest.find('"') {
        Some(q) => {
            let t = &rest[q + 1..];
            match t.strip_suffix('"') {
                Some(t) => (&rest[..q], Some(t), false),
                None => (&rest[..q], Some(t), true),
            }
        }
        None => (rest, None, false),
    };
    let mut words = words.split_whitespace();
    let kind = words.next()?;
    let word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    let classes: Vec<&str> = words.collect();
    if !word(kind) || !classes.iter().all(|c| word(c)) {
        return None;
    }
    Some(Header {
        collapsible,
        kind,
        classes,
        title,
        unclosed,
    })
}

/// `=== "Label"`: (label, selected, starts a new set).
fn tab_header(line: &str) -> Option<(&str, bool, bool)> {
    let rest = line.strip_prefix("===")?;
    let flags_end = rest.find(|c| c != '!' && c != '+').unwrap_or(rest.len());
    let (flags, rest) = rest.split_at(flags_end);
    let label = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some((label, flags.contains('+'), flags.contains('!')))
}

/// A fence's marker character and length, when `line` opens (or closes) a fenced code block
/// in a container whose content starts at column `base`.
fn fence(line: &Line, base: usize) -> Option<(u8, usize)> {
    if line.columns() > base + 3 {
        return None;
    }
    let t = line.content();
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// The indented body that follows line `start - 1`: its lines, and the index after its last
/// non-blank line (trailing blank lines are not part of it).
fn body<'a>(lines: &[Line<'a>], start: usize) -> (Vec<Line<'a>>, usize) {
    let end = region_end(lines, start, 4);
    (lines[start..end].iter().map(Line::dedent).collect(), end)
}

/// The index after the last non-blank line, from `start` on, of the run of lines that are
/// blank or indented at least `cols` columns.
fn region_end(lines: &[Line], start: usize, cols: usize) -> usize {
    let mut end = start;
    for (j, line) in lines.iter().enumerate().skip(start) {
        if line.is_blank() {
            continue;
        }
        if line.columns() < cols {
            break;
        }
        end = j + 1;
    }
    end
}

/// The list items and definitions the lines being read are in: for each, the column its
/// content starts at, as Python-Markdown counts (4 past the marker's level).
#[derive(Default)]
struct Containers {
    content: Vec<usize>,
    after_blank: bool,
}

impl Containers {
    /// Where the innermost container's content starts (0 outside any).
    fn base(&self) -> usize {
        self.content.last().copied().unwrap_or(0)
    }

    /// Follows one line outside code: a list or definition marker opens a container, a line
    /// less indented than a container's content after a blank line closes it.
    fn read(&mut self, line: &Line) {
        if line.is_blank() {
            self.after_blank = true;
            return;
        }
        let cols = line.columns();
        let marker = is_marker(line.content());
        if self.after_blank || marker {
            while self.content.last().is_some_and(|&c| c > cols) {
                self.content.pop();
            }
        }
        if marker && cols < self.base() + 4 {
            self.content.push(self.base() + 4);
        }
        self.after_blank = false;
    }
}

/// Whether a line (indentation off) starts a list item (`- `, `1. `) or a definition (`: `).
fn is_marker(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match text.as_bytes().first() {
        Some(b'-' | b'*' | b'+' | b':') => &text[1..],
        Some(b'0'..=b'9') if (1..=9).contains(&digits) => {
            match text[digits..].strip_prefix(['.', ')']) {
                Some(rest) => rest,
                None => return false,
            }
        }
        _ => return false,
    };
    rest.is_empty() || rest.starts_with([' ', '\t'])
}

/// Rewrites the blocks among `lines` into `out`; returns the fence still open at the end (a
/// body's fence must close inside the body, or it would swallow the rest of the page).
fn process<'a>(
    lines: &[Line<'a>],
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> Option<(u8, usize)> {
    let mut i = 0;
    let mut open_fence: Option<(u8, usize)> = None;
    let mut containers = Containers::default();
    // Where in `out` the last block at this level starts: a caption wraps it.
    let mut last_block = out.len();
    while i < lines.len() {
        let line = &lines[i];
        if let Some((c, n)) = open_fence {
            if fence(line, usize::MAX / 2).is_some_and(|(c2, n2)| c2 == c && n2 >= n) {
                open_fence = None;
            }
            out.push(line.clone());
            i += 1;
            continue;
        }
        if let Some(f) = fence(line, containers.base()) {
            open_fence = Some(f);
        }
        let cols = line.columns();
        let block = open_fence.is_none() && state.kinds.starts_block(line.content());
        if !block || (cols > 0 && cols != containers.base()) {
            containers.read(line);
            if !line.is_blank() && (i == 0 || lines[i - 1].is_blank()) {
                last_block = out.len();
            }
            out.push(line.clone());
            i += 1;
            continue;
        }
        let start = out.len();
        i = if state.depth >= MAX_DEPTH {
            too_deep(lines, i, cols, out, state)
        } else if cols > 0 {
            nested(lines, i, cols, out, state)
        } else {
            block_at(lines, i, out, state, last_block)
        };
        if start < out.len() {
            last_block = start;
        }
    }
    open_fence
}

/// Writes the block that starts at line `i` (at column 0); returns the index after it.
fn block_at<'a>(
    lines: &[Line<'a>],
    i: usize,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
    last_block: usize,
) -> usize {
    let text = lines[i].content();
    let kinds = state.kinds;
    if let Some(h) = header(text).filter(|_| kinds.admonition) {
        callout(lines, i, h, out, state)
    } else if kinds.tabbed && tab_header(text).is_some() {
        tab_set(lines, i, out, state)
    } else if let Some(h) = slash::header(text).filter(|_| kinds.blocks) {
        slash::block(lines, i, h, out, state, last_block)
    } else if let Some(open) = md_in_html::opening(text).filter(|_| kinds.md_in_html) {
        md_in_html::block(lines, i, open, out, state)
    } else {
        out.push(lines[i].clone());
        i + 1
    }
}

/// The lines from `i` on that belong to a list item or definition whose content starts at
/// column `cols`, rewritten as a text of their own and put back at that indentation.
fn nested<'a>(
    lines: &[Line<'a>],
    i: usize,
    cols: usize,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> usize {
    let end = region_end(lines, i, cols);
    let region: Vec<Line<'a>> = lines[i..end].iter().map(|l| l.dedent_by(cols)).collect();
    let from = out.len();
    process_body(&region, lines[i].src, out, state);
    for line in &mut out[from..] {
        line.indent += cols;
    }
    end
}

/// A block nested deeper than `MAX_DEPTH`: left as the text it is, with a warning.
fn too_deep<'a>(
    lines: &[Line<'a>],
    i: usize,
    cols: usize,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> usize {
    state.warn(
        lines[i].src,
        format!("blocks nest more than {MAX_DEPTH} deep here: this one and those in it are shown as text"),
        "nest fewer blocks inside each other",
    );
    let end = region_end(lines, i + 1, cols + 1).max(i + 1);
    out.extend(lines[i..end].iter().cloned());
    end
}

/// A body, its blocks rewritten, with a fence it left open closed at its end.
fn process_body<'a>(body: &[Line<'a>], at: usize, out: &mut Vec<Line<'a>>, state: &mut State) {
    state.depth += 1;
    let open_fence = process(body, out, state);
    state.depth -= 1;
    if let Some((c, n)) = open_fence {
        state.warn(
            at,
            "a code block in this callout or tab is not closed".to_string(),
            "close it with its fence (```) before the body ends",
        );
        let close_at = body.last().map_or(at, |l| l.src);
        out.push(Line::made(String::from(c as char).repeat(n), close_at));
    }
}

/// Writes the callout whose header is line `i`; returns the index after its body.
fn callout<'a>(
    lines: &[Line<'a>],
    i: usize,
    h: Header<'_>,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> usize {
    let at = lines[i].src;
    let kind_lower = h.kind.to_lowercase();
    let styled = known_kind(&kind_lower);
    if styled.is_none() {
        state.warn(
            at,
            format!("unknown callout kind {:?}", h.kind),
            &format!(
                "use one of {} (it keeps its class and is shown as a neutral callout)",
                KINDS.join(", ")
            ),
        );
    }
    if h.unclosed {
        state.warn(
            at,
            "the callout's title has no closing quote".to_string(),
            "write the title in double quotes: !!! note \"Title\"",
        );
    }
    let (body_lines, end) = body(lines, i + 1);
    if body_lines.iter().all(Line::is_blank) {
        state.warn(
            at,
            format!("the {} callout has no content", h.kind),
            "indent the callout's text by 4 spaces under its first line",
        );
    }
    let mut classes = String::new();
    escape_into(&mut classes, styled.unwrap_or(&kind_lower));
    if styled.is_some_and(|s| s != kind_lower) {
        classes.push(' ');
        escape_into(&mut classes, &kind_lower);
    }
    for c in &h.classes {
        classes.push(' ');
        escape_into(&mut classes, c);
    }
    let title = match h.title {
        Some(t) => t.to_string(),
        None => capitalise(h.kind),
    };
    let open = match h.collapsible {
        None => admonition_open(state, at, &classes, "", Some(&title)),
        Some(open) => {
            let summary = if title.is_empty() {
                capitalise(h.kind)
            } else {
                title
            };
            details_open(state, at, (&classes, ""), open, Some(&summary))
        }
    };
    let close = if h.collapsible.is_some() {
        "</details>"
    } else {
        "</div>"
    };
    wrap(open, &body_lines, close, at, out, state);
    end
}

/// The opening lines of a callout: its classes after `admonition`, more attributes (written,
/// with a space before each), and its title (none when empty or `None`).
fn admonition_open(
    state: &mut State,
    at: usize,
    classes: &str,
    attrs: &str,
    title: Option<&str>,
) -> Vec<String> {
    let mut open = vec![format!("<div class=\"admonition {classes}\"{attrs}>")];
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        let mut line = String::from("<p class=\"admonition-title\">");
        state.inline_into(&mut line, title, at);
        line.push_str("</p>");
        open.push(line);
    }
    open
}

/// The opening lines of a collapsible block, as pymdownx.details writes them: the classes
/// alone (no `admonition`) and more attributes, `open`, and the summary.
fn details_open(
    state: &mut State,
    at: usize,
    (classes, attrs): (&str, &str),
    open: bool,
    summary: Option<&str>,
) -> Vec<String> {
    let class = if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{classes}\"")
    };
    let open = if open { " open=\"open\"" } else { "" };
    let mut lines = vec![format!("<details{class}{attrs}{open}>")];
    if let Some(summary) = summary {
        let mut line = String::from("<summary>");
        state.inline_into(&mut line, summary, at);
        line.push_str("</summary>");
        lines.push(line);
    }
    lines
}

/// Writes a block: its opening lines, its body rewritten (as Markdown of its own, blank lines
/// around), and its closing tag.
fn wrap<'a>(
    open: Vec<String>,
    body: &[Line<'a>],
    close: &str,
    at: usize,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) {
    out.push(Line::made("", at));
    out.extend(open.into_iter().map(|l| Line::made(l, at)));
    out.push(Line::made("", at));
    process_body(body, at, out, state);
    let close_at = body.last().map_or(at, |l| l.src);
    out.push(Line::made("", close_at));
    out.push(Line::made(close.to_string(), close_at));
    out.push(Line::made("", close_at));
}

/// One tab of a set: its label, whether it is the one shown first, its body and where it is.
struct Tab<'a> {
    label: Cow<'a, str>,
    selected: bool,
    body: Vec<Line<'a>>,
    at: usize,
}

/// Writes the tab set whose first tab is line `i`; returns the index after its last body.
fn tab_set<'a>(lines: &[Line<'a>], i: usize, out: &mut Vec<Line<'a>>, state: &mut State) -> usize {
    let mut tabs: Vec<Tab<'a>> = Vec::new();
    let mut j = i;
    let mut end = i;
    while let Some((label, selected, new_set)) = lines.get(j).and_then(|l| tab_header(&l.text)) {
        if new_set && !tabs.is_empty() {
            break;
        }
        let at = lines[j].src;
        let (body, body_end) = body(lines, j + 1);
        if body.iter().all(Line::is_blank) {
            state.warn(
                at,
                format!("the tab {label:?} has no content"),
                "indent the tab's text by 4 spaces under its === line",
            );
        }
        let label = Cow::Owned(label.to_string());
        tabs.push(Tab {
            label,
            selected,
            body,
            at,
        });
        end = body_end;
        j = body_end;
        while lines.get(j).is_some_and(Line::is_blank) {
            j += 1;
        }
    }
    write_tabs(tabs, out, state);
    end
}

/// Writes a tab set as pymdownx.tabbed's alternate style does: radio buttons, labels, blocks.
fn write_tabs<'a>(tabs: Vec<Tab<'a>>, out: &mut Vec<Line<'a>>, state: &mut State) {
    let Some(at) = tabs.first().map(|t| t.at) else {
        return;
    };
    state.tab_sets += 1;
    let set = state.tab_sets;
    let checked = tabs.iter().position(|t| t.selected).unwrap_or(0);
    out.push(Line::made("", at));
    out.push(Line::made(
        format!(
            "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"{set}:{}\">",
            tabs.len()
        ),
        at,
    ));
    for k in 0..tabs.len() {
        let checked = if k == checked {
            " checked=\"checked\""
        } else {
            ""
        };
        out.push(Line::made(
            format!(
                "<input type=\"radio\" name=\"__tabbed_{set}\" id=\"__tabbed_{set}_{}\"{checked}>",
                k + 1
            ),
            at,
        ));
    }
    let mut labels = String::from("<div class=\"tabbed-labels\">");
    for (k, tab) in tabs.iter().enumerate() {
        labels.push_str(&format!("<label for=\"__tabbed_{set}_{}\">", k + 1));
        state.inline_into(&mut labels, &tab.label, tab.at);
        labels.push_str("</label>");
    }
    labels.push_str("</div>");
    out.push(Line::made(labels, at));
    out.push(Line::made("<div class=\"tabbed-content\">", at));
    for tab in tabs {
        out.push(Line::made("<div class=\"tabbed-block\">", tab.at));
        out.push(Line::made("", tab.at));
        process_body(&tab.body, tab.at, out, state);
        let close_at = tab.body.last().map_or(tab.at, |l| l.src);
        out.push(Line::made("", close_at));
        out.push(Line::made("</div>", close_at));
    }
    out.push(Line::made("</div>", at));
    out.push(Line::made("</div>", at));
    if set == 1 {
        out.push(Line::made(LINK_TABS_SCRIPT, at));
    }
    out.push(Line::made("", at));
}

/// Tab sets with the same labels switch together: picking "macOS" in one picks it in all.
/// Only pages with tabs carry it; without it, each set still works on its own.
const LINK_TABS_SCRIPT: &str = "<script class=\"quire-linked-tabs\">document.addEventListener(\"change\",function(e){var i=e.target,s=i.parentNode;if(!s||!s.classList||!s.classList.contains(\"tabbed-set\"))return;var l=s.querySelector('label[for=\"'+i.id+'\"]');if(!l)return;var t=l.textContent;document.querySelectorAll(\".tabbed-set\").forEach(function(o){if(o===s)return;o.querySelectorAll(\".tabbed-labels>label\").forEach(function(m){if(m.textContent===t){var r=document.getElementById(m.htmlFor);if(r&&!r.checked)r.checked=true}})})});</script>";

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(text: &str) -> Prepared {
        prepare(text, Kinds::ALL).expect("has blocks")
    }

    #[test]
    fn headers() {
        let h = header("!!! warning \"Mind the gap\"").unwrap();
        assert_eq!(
            (h.kind, h.title, h.collapsible),
            ("warning", Some("Mind the gap"), None)
        );
        assert_eq!(header("??? note").unwrap().collapsible, Some(false));
        assert_eq!(header("???+ note").unwrap().collapsible, Some(true));
        assert_eq!(header("!!! note \"\"").unwrap().title, Some(""));
        assert!(header("!!!").is_none());
        assert!(header("!!!note").is_none());
        assert!(header("Wow!!! yes").is_none());
        assert_eq!(tab_header("=== \"C++\""), Some(("C++", false, false)));
        assert_eq!(tab_header("===+ \"B\""), Some(("B", true, false)));
        assert!(tab_header("===").is_none());
    }

    #[test]
    fn a_callout_wraps_its_dedented_body_and_keeps_positions() {
        let text = "Intro.\n\n!!! tip \"Fast\"\n    Body *here*.\n\n    - item\n\nAfter.\n";
        let p = prep(text);
        assert!(p.text.contains("<div class=\"admonition tip\">\n<p class=\"admonition-title\">Fast</p>\n\nBody *here*.\n\n- item\n"), "{}", p.text);
        assert!(p.text.contains("</div>\n\n\nAfter.\n"), "{}", p.text);
        let body_at = p.text.find("Body").unwrap();
        assert_eq!(&text[p.map.map(body_at)..][..4], "Body");
        let after = p.text.find("After").unwrap();
        assert_eq!(&text[p.map.map(after)..][..5], "After");
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn fences_hide_block_syntax() {
        assert!(prepare("```\n!!! note\n    x\n```\n", Kinds::ALL)
            .is_some_and(|p| !p.text.contains("admonition")));
    }

    #[test]
    fn bad_blocks_warn_and_keep_the_rest() {
        let p = prep("!!! nope\nNot indented.\n\n=== \"Empty\"\n\nText.\n");
        let messages: Vec<_> = p.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "unknown callout kind \"nope\"",
                "the nope callout has no content",
                "the tab \"Empty\" has no content"
            ]
        );
        assert!(p.text.contains("Not indented.") && p.text.contains("Text."));
    }

    #[test]
    fn a_callout_in_a_list_item_stays_in_the_item_at_its_indentation() {
        let text = "1. Step:\n\n    !!! tip\n        Inside *it*.\n\n2. Next.\n";
        let p = prep(text);
        assert!(
            p.text.contains("    <div class=\"admonition tip\">\n    <p class=\"admonition-title\">Tip</p>\n    \n    Inside *it*.\n"),
            "{}",
            p.text
        );
        let at = p.text.find("Inside").unwrap();
        assert_eq!(&text[p.map.map(at)..][..6], "Inside");
        assert!(p.text.ends_with("\n2. Next.\n"), "{}", p.text);
    }

    #[test]
    fn indented_block_syntax_outside_a_list_and_in_code_is_left_alone() {
        for kept in [
            "Para.\n\n    !!! note\n        code, not a callout\n",
            "- item\n\n    ```\n    !!! note\n        in code\n    ```\n",
            "- item\n\n        !!! note\n            code in the item\n",
        ] {
            assert!(
                prepare(kept, Kinds::ALL).is_none_or(|p| !p.text.contains("admonition")),
                "{kept}"
            );
        }
    }

    #[test]
    fn slash_blocks_nest_and_warn_when_unknown_unclosed_or_badly_optioned() {
        let p = prep("/// note | Outer\n/// tip\ninner\n///\nouter\n///\n");
        let outer = p.text.find("admonition note").unwrap();
        let inner = p.text.find("admonition tip").unwrap();
        let outer_text = p.text.find("outer").unwrap();
        assert!(outer < inner && inner < outer_text, "{}", p.text);
        assert!(p.warnings.is_empty());
        let p = prep("/// version-added | 1.2\n    colour: red\n\nNew.\n");
        let messages: Vec<_> = p.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown block kind \"version-added\"",
                "the /// version-added block has no option \"colour: red\"",
                "the /// version-added block is not closed"
            ]
        );
        assert_eq!(p.warnings[1].offset, 24);
        assert!(
            p.text.contains(
                "<div class=\"admonition version-added\">\n<p class=\"admonition-title\">1.2</p>"
            ),
            "{}",
            p.text
        );
    }

    #[test]
    fn an_element_with_a_markdown_attribute_holds_markdown() {
        let p = prep("<div class=\"grid cards\" markdown>\n- *a*\n</div>\nAfter.\n");
        assert!(
            p.text
                .starts_with("\n<div class=\"grid cards\">\n\n- *a*\n\n</div>\n"),
            "{}",
            p.text
        );
        let p = prep("Text.\n\n<div markdown>\nnever closed\n");
        assert_eq!(
            p.warnings[0].message,
            "the <div> element with a markdown attribute is not closed"
        );
    }

    #[test]
    fn icons_in_titles_and_labels_are_drawn_and_an_unknown_one_is_warned_of() {
        let p = prep(
            "!!! tip \":material-rocket: Fast\"\n    Body.\n\n=== \":material-rockit: A\"\n    x\n",
        );
        assert!(
            p.text
                .contains("<p class=\"admonition-title\"><span class=\"twemoji\"><svg"),
            "{}",
            p.text
        );
        assert!(
            p.text.contains(">:material-rockit: A</label>"),
            "{}",
            p.text
        );
        assert_eq!(p.warnings[0].message, "unknown icon `:material-rockit:`");
        let off = prepare(
            "!!! tip \":smile: Hi\"\n    x\n",
            Kinds {
                emoji: false,
                ..Kinds::ALL
            },
        );
        assert!(off.unwrap().text.contains(">:smile: Hi</p>"));
    }

    #[test]
    fn an_unclosed_fence_in_a_body_closes_with_it() {
        let p = prep("!!! note\n    ```python\n    x = 1\n\nAfter.\n");
        assert!(p.text.contains("x = 1\n```\n\n</div>"), "{}", p.text);
        assert_eq!(
            p.warnings[0].message,
            "a code block in this callout or tab is not closed"
        );
    }
}
