//! Fences without pymdownx.superfences: Python-Markdown's own `fenced_code` finds a fence only
//! at the very start of a line, so a fence in a list item, a callout, a tab or a quote is no
//! fence there: its lines are text (the backticks an inline code span), as MkDocs shows them.
//!
//! CommonMark reads such a fence as code. So, with superfences off, the opening and closing
//! lines of each fence that does not start its line get `MARKER` after their indentation: a
//! line that starts with inline HTML followed by text opens no fence, and pulldown-cmark reads
//! the lines as Python-Markdown does. `unmark` takes the marker out of the events again.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::line_map::LineMap;

/// Put before a fence that is no fence: an inline tag no page writes.
pub(crate) const MARKER: &str = "<q-md-nofence/>";

/// The text with its nested fences' lines marked, and the way back; `None` when it has none.
pub(crate) fn rewrite(text: &str) -> Option<(String, LineMap)> {
    if !text.contains("```") && !text.contains("~~~") {
        return None;
    }
    let lines: Vec<(usize, &str)> = (text.split_inclusive('\n'))
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let mut marked = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let Some(open) = fence(lines[i].1) else {
            i += 1;
            continue;
        };
        let close = (i + 1..lines.len()).find(|&j| closes(&open, lines[j].1));
        if open.prefix > 0 {
            marked[i] = true;
            if let Some(j) = close {
                marked[j] = true;
            }
        }
        // A fence at the start of its line is code to its end: nothing in it is marked.
        i = close.map_or(i + 1, |j| j + 1);
    }
    if !marked.contains(&true) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut map = LineMap::default();
    for (&(at, line), mark) in lines.iter().zip(marked) {
        map.push(out.len(), at, true);
        if mark {
            let prefix = fence(line).map_or(0, |f| f.prefix);
            out.push_str(&line[..prefix]);
            out.push_str(MARKER);
            map.push(out.len(), at + prefix, true);
            out.push_str(&line[prefix..]);
        } else {
            out.push_str(line);
        }
    }
    Some((out, map))
}

/// A fence's opening line: how long its indentation (spaces, tabs and quotes' `>`) is, and its
/// run of backticks or tildes.
struct Fence {
    prefix: usize,
    mark: u8,
    run: usize,
}

fn fence(line: &str) -> Option<Fence> {
    let prefix = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let rest = &line.as_bytes()[prefix..];
    let mark = *rest.first().filter(|&&b| b == b'`' || b == b'~')?;
    let run = rest.iter().take_while(|&&b| b == mark).count();
    (run >= 3).then_some(Fence { prefix, mark, run })
}

/// Whether `line` closes the fence `open`: the same indentation, at least as long a run of
/// the same mark, nothing after it.
fn closes(open: &Fence, line: &str) -> bool {
    fence(line).is_some_and(|f| {
        f.prefix == open.prefix
            && f.mark == open.mark
            && f.run >= open.run
            && line[f.prefix + f.run..].trim().is_empty()
    })
}

/// The events with the markers taken out (from code too, where a fence in indented code put one).
pub(crate) fn unmark(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    events.retain(|(e, _)| !matches!(e, Event::InlineHtml(h) if h.as_ref() == MARKER));
    for (event, _) in events.iter_mut() {
        if let Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) = event {
            if t.contains(MARKER) {
                *t = CowStr::from(t.replace(MARKER, ""));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render, Extensions, Highlighter, MarkdownOptions};

    fn html(text: &str, superfences: bool) -> String {
        let highlighter = Highlighter::new();
        let extensions = Extensions {
            superfences,
            ..Extensions::default()
        };
        let opts = MarkdownOptions {
            highlighter: &highlighter,
            extensions: &extensions,
        };
        render(text, &opts).html
    }

    #[test]
    fn only_fences_at_the_start_of_a_line_are_marked() {
        let text = "```\n  ```\n```\n\n- a\n\n    ```py\n    x\n    ```\n";
        let (out, map) = rewrite(text).expect("a nested fence");
        assert_eq!(
            out,
            "```\n  ```\n```\n\n- a\n\n    <q-md-nofence/>```py\n    x\n    <q-md-nofence/>```\n"
        );
        let x = out.find("x\n").unwrap();
        assert_eq!(&text[map.map(x)..][..2], "x\n");
        assert!(rewrite("```\ncode\n```\n").is_none());
    }

    #[test]
    fn without_superfences_a_fence_in_a_list_or_callout_is_text() {
        let text = "1. Step\n\n    ```python\n    x = 1\n    ```\n\n!!! note\n    ```\n    inside\n    ```\n\n```python\ntop = 1\n```\n";
        let plain = html(text, false)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            plain.contains("<p><code>python x = 1 </code></p>"),
            "{plain}"
        );
        assert!(plain.contains("<p><code> inside </code></p>"), "{plain}");
        assert!(
            plain.contains("language-python"),
            "the top fence stays code: {plain}"
        );
        assert!(!plain.contains("nofence"), "{plain}");
        let fenced = html(text, true);
        assert_eq!(fenced.matches("<pre").count(), 3, "{fenced}");
    }
}
