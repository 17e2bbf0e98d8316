//! YAML errors (site.yaml, front matter) in the words a writer uses.

/// A YAML error in plain words, at its place in the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlProblem {
    /// 1-based, within the YAML text.
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
    pub hint: String,
}

/// Says what serde_yaml found in the words a writer uses: a tab, a value holding `: ` that needs
/// quotes, a line indented unlike its neighbours. Only the place given here is reported: the
/// parser's own " at line N column M" (counted within the YAML, not the file) is dropped.
pub(crate) fn explain(yaml: &str, e: &serde_yaml::Error) -> YamlProblem {
    let (line, column) = e
        .location()
        .map_or((1, None), |l| (l.line(), Some(l.column())));
    let raw = without_positions(&e.to_string());
    let text = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let col = column.unwrap_or(1);
    let before: String = text.chars().take(col.saturating_sub(1)).collect();
    let indent: String = text.chars().take_while(|c| c.is_whitespace()).collect();
    let problem = |message: &str, hint: String| YamlProblem {
        line,
        column,
        message: message.to_string(),
        hint,
    };
    // "tab character", not "tab": an unknown key's message lists keys such as `tabbed`.
    if raw.contains("tab character")
        || (indent.contains('\t') && raw.contains("cannot start any token"))
    {
        return problem(
            "a tab in the indentation (YAML indents with spaces only)",
            "replace the tab with spaces".into(),
        );
    }
    if raw.starts_with("mapping values are not allowed") {
        if let Some((key, value)) = before
            .split_once(": ")
            .filter(|(k, _)| !k.trim().is_empty())
        {
            let rest: String = text.chars().skip(before.chars().count()).collect();
            return problem(
                "a value holding `: ` must be quoted",
                format!(
                    "write it in quotes: `{}: \"{}{}\"`",
                    key.trim(),
                    value,
                    rest
                ),
            );
        }
        if !indent.is_empty() {
            return problem(
                "this line is indented, but the line above does not open a list or a map",
                "start each key at the beginning of its line, or end the key above with `:` alone"
                    .into(),
            );
        }
    }
    if raw.starts_with("did not find expected key") || raw.contains("block end") {
        return problem(
            "this line is indented unlike the lines above it",
            "indent the items of one list or map by the same number of spaces".into(),
        );
    }
    YamlProblem {
        line,
        column,
        message: raw,
        hint: "check the indentation, and quote values that contain `: ` or start with a special character"
            .into(),
    }
}

/// A serde_yaml message without its " at line N column M" parts.
fn without_positions(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        let tail = &after[n..];
        rest = match tail.strip_prefix(" column ") {
            Some(t) => &t[digits(t)..],
            None => tail,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(yaml: &str) -> YamlProblem {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Switches {
            tabbed: Option<bool>,
        }
        let e = serde_yaml::from_str::<Switches>(yaml).unwrap_err();
        explain(yaml, &e)
    }

    #[test]
    fn a_tab_is_named_only_where_there_is_one() {
        assert!(problem("tabbed: x\n\tmore: y\n").message.contains("a tab"));
        let unknown = problem("tabed: true\n");
        assert!(!unknown.message.contains("a tab"), "{unknown:?}");
        assert!(unknown.message.contains("tabed"), "{unknown:?}");
    }
}
