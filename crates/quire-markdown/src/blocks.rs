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
}

impl<'a> Line<'a> {
    fn made(text: impl Into<Cow<'a, str>>, src: usize) -> Self {
        Line {
            text: text.into(),
            src,
            real: false,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The line with one level (4 spaces or a tab) of indentation less.
    fn dedent(&self) -> Line<'a> {
        let t: &str = &self.text;
        let cut = if t.starts_with('\t') {
            1
        } else {
            t.bytes().take(4).take_while(|&b| b == b' ').count()
        };
        let text = match &self.text {
            Cow::Borrowed(s) => Cow::Borrowed(&s[cut..]),
            Cow::Owned(s) => Cow::Owned(s[cut..].to_string()),
        };
        Line {
            text,
            src: self.src + cut,
            real: self.real,
        }
    }

    fn indented(&self) -> bool {
        self.text.starts_with("    ") || self.text.starts_with('\t')
    }
}

/// Whether a text may hold a callout or tab set: the cheap test that lets every other page
/// skip this pass.
fn may_have_blocks(text: &str) -> bool {
    text.contains("!!!") || text.contains("???") || text.contains("===")
}

/// The text with its callouts and tab sets rewritten; `None` when it has none.
pub fn prepare(text: &str) -> Option<Prepared> {
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
        });
        at += raw.len();
    }
    if !lines
        .iter()
        .any(|l| header(&l.text).is_some() || tab_header(&l.text).is_some())
    {
        return None;
    }
    let mut state = State::default();
    let mut out = Vec::with_capacity(lines.len() + 16);
    process(&lines, &mut out, &mut state);
    let mut prepared = Prepared {
        text: String::with_capacity(text.len() + 512),
        map: LineMap::default(),
        warnings: state.warnings,
    };
    for line in out {
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

#[derive(Default)]
struct State {
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

/// A fence's marker character and length, when `line` opens (or closes) a fenced code block.
fn fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
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
    let mut end = start;
    let mut j = start;
    while j < lines.len() {
        if lines[j].is_blank() {
            j += 1;
        } else if lines[j].indented() {
            j += 1;
            end = j;
        } else {
            break;
        }
    }
    (lines[start..end].iter().map(Line::dedent).collect(), end)
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
    while i < lines.len() {
        let line = &lines[i];
        if let Some((c, n)) = open_fence {
            if fence(&line.text).is_some_and(|(c2, n2)| c2 == c && n2 >= n) {
                open_fence = None;
            }
            out.push(line.clone());
            i += 1;
            continue;
        }
        if let Some(f) = fence(&line.text) {
            open_fence = Some(f);
            out.push(line.clone());
            i += 1;
            continue;
        }
        let block = header(&line.text).is_some() || tab_header(&line.text).is_some();
        if block && state.depth >= MAX_DEPTH {
            state.warn(
                line.src,
                format!("callouts and tabs nest more than {MAX_DEPTH} deep here: this one and those in it are shown as text"),
                "nest fewer blocks inside each other",
            );
            let (_, end) = body(lines, i + 1);
            out.extend(lines[i..end].iter().cloned());
            i = end;
            continue;
        }
        if let Some(h) = header(&line.text) {
            i = callout(lines, i, h, out, state);
            continue;
        }
        if tab_header(&line.text).is_some() {
            i = tab_set(lines, i, out, state);
            continue;
        }
        out.push(line.clone());
        i += 1;
    }
    open_fence
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
                "use one of {} (it is shown as a plain note)",
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
    let mut class = String::from("admonition ");
    escape_into(&mut class, styled.unwrap_or(&kind_lower));
    if styled.is_some_and(|s| s != kind_lower) {
        class.push(' ');
        escape_into(&mut class, &kind_lower);
    }
    for c in &h.classes {
        class.push(' ');
        escape_into(&mut class, c);
    }
    let title = match h.title {
        Some(t) => t.to_string(),
        None => capitalise(h.kind),
    };
    let mut title_html = String::new();
    escape_into(&mut title_html, &title);
    out.push(Line::made("", at));
    match h.collapsible {
        None => {
            out.push(Line::made(format!("<div class=\"{class}\">"), at));
            if !title.is_empty() {
                out.push(Line::made(
                    format!("<p class=\"admonition-title\">{title_html}</p>"),
                    at,
                ));
            }
        }
        Some(open) => {
            let open = if open { " open" } else { "" };
            out.push(Line::made(format!("<details class=\"{class}\"{open}>"), at));
            let summary = if title.is_empty() {
                capitalise(h.kind)
            } else {
                title
            };
            let mut summary_html = String::new();
            escape_into(&mut summary_html, &summary);
            out.push(Line::made(format!("<summary>{summary_html}</summary>"), at));
        }
    }
    out.push(Line::made("", at));
    process_body(&body_lines, at, out, state);
    let close_at = body_lines.last().map_or(at, |l| l.src);
    out.push(Line::made("", close_at));
    let close = if h.collapsible.is_some() {
        "</details>"
    } else {
        "</div>"
    };
    out.push(Line::made(close, close_at));
    out.push(Line::made("", close_at));
    end
}

/// Writes the tab set whose first tab is line `i`; returns the index after its last body.
fn tab_set<'a>(lines: &[Line<'a>], i: usize, out: &mut Vec<Line<'a>>, state: &mut State) -> usize {
    let mut tabs: Vec<(&str, bool, Vec<Line<'a>>, usize)> = Vec::new();
    let mut j = i;
    let mut end = i;
    while let Some((label, selected, new_set)) = lines.get(j).and_then(|l| tab_header(&l.text)) {
        if new_set && !tabs.is_empty() {
            break;
        }
        let at = lines[j].src;
        let (body_lines, body_end) = body(lines, j + 1);
        if body_lines.iter().all(Line::is_blank) {
            state.warn(
                at,
                format!("the tab {label:?} has no content"),
                "indent the tab's text by 4 spaces under its === line",
            );
        }
        tabs.push((label, selected, body_lines, at));
        end = body_end;
        j = body_end;
        while lines.get(j).is_some_and(Line::is_blank) {
            j += 1;
        }
    }
    state.tab_sets += 1;
    let set = state.tab_sets;
    let at = lines[i].src;
    let checked = tabs.iter().position(|t| t.1).unwrap_or(0);
    out.push(Line::made("", at));
    out.push(Line::made(
        format!(
            "<div class=\"tabbed-set\" data-tabs=\"{set}:{}\">",
            tabs.len()
        ),
        at,
    ));
    for (k, _) in tabs.iter().enumerate() {
        let checked = if k == checked { " checked" } else { "" };
        out.push(Line::made(
            format!(
                "<input type=\"radio\" name=\"__tabbed_{set}\" id=\"__tabbed_{set}_{}\"{checked}>",
                k + 1
            ),
            at,
        ));
    }
    let mut labels = String::from("<div class=\"tabbed-labels\">");
    for (k, (label, ..)) in tabs.iter().enumerate() {
        labels.push_str(&format!("<label for=\"__tabbed_{set}_{}\">", k + 1));
        escape_into(&mut labels, label);
        labels.push_str("</label>");
    }
    labels.push_str("</div>");
    out.push(Line::made(labels, at));
    out.push(Line::made("<div class=\"tabbed-content\">", at));
    for (_, _, body_lines, tab_at) in tabs {
        out.push(Line::made("<div class=\"tabbed-block\">", tab_at));
        out.push(Line::made("", tab_at));
        process_body(&body_lines, tab_at, out, state);
        let close_at = body_lines.last().map_or(tab_at, |l| l.src);
        out.push(Line::made("", close_at));
        out.push(Line::made("</div>", close_at));
    }
    out.push(Line::made("</div>", at));
    out.push(Line::made("</div>", at));
    if set == 1 {
        out.push(Line::made(LINK_TABS_SCRIPT, at));
    }
    out.push(Line::made("", at));
    end
}

/// Tab sets with the same labels switch together: picking "macOS" in one picks it in all.
/// Only pages with tabs carry it; without it, each set still works on its own.
const LINK_TABS_SCRIPT: &str = "<script>document.addEventListener(\"change\",function(e){var i=e.target,s=i.parentNode;if(!s||!s.classList||!s.classList.contains(\"tabbed-set\"))return;var l=s.querySelector('label[for=\"'+i.id+'\"]');if(!l)return;var t=l.textContent;document.querySelectorAll(\".tabbed-set\").forEach(function(o){if(o===s)return;o.querySelectorAll(\".tabbed-labels>label\").forEach(function(m){if(m.textContent===t){var r=document.getElementById(m.htmlFor);if(r&&!r.checked)r.checked=true}})})});</script>";

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
        prepare(text).expect("has blocks")
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
        assert!(
            prepare("```\n!!! note\n    x\n```\n").is_some_and(|p| !p.text.contains("admonition"))
        );
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
    fn an_unclosed_fence_in_a_body_closes_with_it() {
        let p = prep("!!! note\n    ```python\n    x = 1\n\nAfter.\n");
        assert!(p.text.contains("x = 1\n```\n\n</div>"), "{}", p.text);
        assert_eq!(
            p.warnings[0].message,
            "a code block in this callout or tab is not closed"
        );
    }
}
