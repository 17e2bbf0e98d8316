//! Content tabs: consecutive `=== "Label"` blocks are one tab set (`===+` selects a tab,
//! `===!` starts a new set), written as pymdownx.tabbed's alternate style writes them; `/// tab`
//! blocks make the same sets (slash.rs).

use std::borrow::Cow;

use super::{body, process_body, Line, State};

/// `=== "Label"`: (label, selected, starts a new set).
pub(super) fn tab_header(line: &str) -> Option<(&str, bool, bool)> {
    let rest = line.strip_prefix("===")?;
    let flags_end = rest.find(|c| c != '!' && c != '+').unwrap_or(rest.len());
    let (flags, rest) = rest.split_at(flags_end);
    let label = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some((label, flags.contains('+'), flags.contains('!')))
}

/// One tab of a set: its label, whether it is the one shown first, its body and where it is.
pub(super) struct Tab<'a> {
    pub(super) label: Cow<'a, str>,
    pub(super) selected: bool,
    pub(super) body: Vec<Line<'a>>,
    pub(super) at: usize,
}

/// Writes the tab set whose first tab is line `i`; returns the index after its last body.
pub(super) fn tab_set<'a>(
    lines: &[Line<'a>],
    i: usize,
    out: &mut Vec<Line<'a>>,
    state: &mut State,
) -> usize {
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
pub(super) fn write_tabs<'a>(tabs: Vec<Tab<'a>>, out: &mut Vec<Line<'a>>, state: &mut State) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(tab_header("=== \"C++\""), Some(("C++", false, false)));
        assert_eq!(tab_header("===+ \"B\""), Some(("B", true, false)));
        assert!(tab_header("===").is_none());
    }
}
