//! Callouts (`!!! note`, `??? tip`, `???+ warning`) and content tabs (`=== "Label"`), the block
//! syntaxes of Python-Markdown, pymdownx and Material for MkDocs.
//!
//! pulldown-cmark knows neither, and its events cannot express a block whose body is indented
//! text. So, like Python-Markdown's own block processors, a line-based pass runs first: each
//! block becomes raw HTML wrapper lines around its de-indented body, blank lines around, and
//! pulldown-cmark renders the body as any other Markdown (lists, code, nested blocks). Every
//! line of the result remembers where it came from, so that offsets into it (headings, links,
//! warnings) still point at the writer's file.
//!
//! This file is the pass itself: the lines, the containers (list items, definitions) blocks
//! sit in, fences that hide block syntax, nesting. Each kind of block is a file of its own:
//! `callout` (`!!!`, `???`), `tabs` (`===`), `slash` (`/// kind`), `md_in_html`
//! (`<div markdown>`); `title` renders their titles and labels.

use std::borrow::Cow;

use super::highlight::escape_into;

mod callout;
mod md_in_html;
mod slash;
mod tabs;
mod title;

use callout::{callout, header};
pub use callout::{known_kind, KINDS};
use tabs::{tab_header, tab_set};

/// The styles of callouts, tabs, code titles and line numbers, appended to the theme's.
pub const STYLESHEET: &str = include_str!("blocks.css");

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

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(text: &str) -> Prepared {
        prepare(text, Kinds::ALL).expect("has blocks")
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
