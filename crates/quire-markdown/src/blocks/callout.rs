//! Callouts: `!!! note "Title"` (Python-Markdown's admonition) and `??? tip` / `???+ tip`
//! (pymdownx.details), with Material's kinds and their aliases; and the opening lines every
//! callout-like block writes (`/// note` blocks too, see slash.rs).

use super::{body, escape_into, wrap, Line, State};

/// The callout kinds of MkDocs (Material), each styled with its own icon and colour.
pub const KINDS: &[&str] = &[
    "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
    "bug", "example", "quote",
];

/// Other names Material accepts for the same kinds (and GitHub's `important` and `caution`).
pub(super) const ALIASES: &[(&str, &str)] = &[
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

/// What a callout's first line says.
#[derive(Debug, PartialEq)]
pub(super) struct Header<'a> {
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

pub(super) fn header(line: &str) -> Option<Header<'_>> {
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

/// Writes the callout whose header is line `i`; returns the index after its body.
pub(super) fn callout<'a>(
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
pub(super) fn admonition_open(
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
pub(super) fn details_open(
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

pub(super) fn capitalise(word: &str) -> String {
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
    }
}
