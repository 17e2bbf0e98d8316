//! literate-nav's reading of a nav file: the Markdown list that is the nav (the last list of
//! the file, or the first after a `<!--nav-->` line), its items nested by their indent.

/// A list item as written: its text and the items nested under it.
pub(super) struct Raw {
    pub(super) text: String,
    pub(super) line: usize,
    pub(super) children: Vec<Raw>,
}

/// The nav's list: the first after the last `<!--nav-->` line, else the file's last list.
pub(super) fn list_of(text: &str) -> Vec<Raw> {
    let lines: Vec<&str> = text.lines().collect();
    let marker = lines.iter().rposition(|l| l.trim() == "<!--nav-->");
    let lists = lists(&lines, marker.map_or(0, |m| m + 1));
    let chosen = match marker {
        Some(_) => lists.into_iter().next(),
        None => lists.into_iter().last(),
    };
    let items = chosen.unwrap_or_default();
    let mut at = 0;
    nest(&items, &mut at, 0)
}

/// The lists from line `from` on, each as its items: indent, text, 1-based line.
fn lists(lines: &[&str], from: usize) -> Vec<Vec<(usize, String, usize)>> {
    let mut lists: Vec<Vec<(usize, String, usize)>> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate().skip(from) {
        let indent = line.len() - line.trim_start().len();
        match list_item(line.trim_start()) {
            Some(text) if open || indent < 4 => {
                if !open {
                    lists.push(Vec::new());
                    open = true;
                }
                let list = lists.last_mut().expect("opened");
                list.push((indent, text.to_string(), i + 1));
            }
            // Blank lines and indented text go on with the list; anything else ends it.
            _ => open = open && (line.trim().is_empty() || indent > 0),
        }
    }
    lists
}

/// The text of a list item's line (`* x`, `- x`, `+ x`, `1. x`), if it is one.
fn list_item(line: &str) -> Option<&str> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = match digits {
        0 => line.strip_prefix(['*', '-', '+'])?,
        n => line[n..].strip_prefix(['.', ')'])?,
    };
    (rest.starts_with([' ', '\t'])).then(|| rest.trim())
}

/// The items from `at` on that are at `indent` or deeper, each with those nested under it.
fn nest(items: &[(usize, String, usize)], at: &mut usize, indent: usize) -> Vec<Raw> {
    let mut out = Vec::new();
    while let Some((own, text, line)) = items.get(*at).filter(|i| i.0 >= indent) {
        *at += 1;
        let children = match items.get(*at) {
            Some(next) if next.0 > *own => nest(items, at, next.0),
            _ => Vec::new(),
        };
        out.push(Raw {
            text: text.clone(),
            line: *line,
            children,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(raws: &[Raw]) -> Vec<String> {
        (raws.iter())
            .map(|r| match r.children.is_empty() {
                true => r.text.clone(),
                false => format!("{} [{}]", r.text, shape(&r.children).join(", ")),
            })
            .collect()
    }

    #[test]
    fn the_last_list_is_the_nav_with_its_nesting() {
        let text = "# Summary\n\n- not this\n\nText.\n\n* [Home](index.md)\n* Guide\n    * [Install](guide/install.md)\n    * *.md\n* [API](api/)\n";
        assert_eq!(
            shape(&list_of(text)),
            [
                "[Home](index.md)",
                "Guide [[Install](guide/install.md), *.md]",
                "[API](api/)"
            ]
        );
        let marked = "<!--nav-->\n- [A](a.md)\n\n- other\n\nend\n\n- [B](b.md)\n";
        assert_eq!(shape(&list_of(marked)), ["[A](a.md)", "other"]);
    }
}
