//! A fenced code block's info string, read once: the language, the classes and the options
//! (`title`, `hl_lines`, `linenums`, `anchor_linenums`), and what in it was not understood.
//!
//! Both of pymdownx.superfences' forms are read: ```` ```python title="a.py" hl_lines="2 3" ````
//! and the attribute list ```` ``` { .python .annotate title="a.py" linenums="1" } ````, whose
//! first class is the language. Problems are kept as sentences for the writer; the block is
//! rendered all the same, with what could be read.
//!
//! The language is kept in lower case: Pygments finds a lexer by its name whatever the case
//! (```` ```Python ````, ```` ```JSON ```` are Python and JSON), and so does every highlighter
//! and switch that reads `lang`.

use std::ops::RangeInclusive;

/// The options a fence may set, for the hint of an unknown one.
const OPTIONS: &str = "title, hl_lines, linenums, anchor_linenums";

/// What a fence's info string asks for.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fence {
    /// The language in lower case (`python`, also for ```` ```Python ````), or empty.
    pub lang: String,
    /// The classes after the language (`.annotate`), in order.
    pub classes: Vec<String>,
    /// `#name` in the attribute list.
    pub id: Option<String>,
    /// `title="app.py"`: shown above the code.
    pub title: Option<String>,
    /// The lines to emphasise, from 1.
    pub hl_lines: Vec<RangeInclusive<usize>>,
    /// `linenums="10"`: lines are numbered from 10.
    pub linenums: Option<usize>,
    /// Each line is an anchor (`#__codelineno-B-L`) a link may point at.
    pub anchor_linenums: bool,
    /// Which code block of the page this is, from 0 (the caller counts): line anchors are
    /// named by it, as Material names them.
    pub index: usize,
    /// What was not understood, one sentence each.
    pub problems: Vec<String>,
}

impl Fence {
    /// Reads an info string; never fails (see `problems`).
    pub fn parse(info: &str) -> Fence {
        let info = info.trim();
        let mut fence = Fence::default();
        if let Some(inner) = info.strip_prefix('{') {
            let (inner, after) = match inner.rfind('}') {
                Some(end) => (&inner[..end], inner[end + 1..].trim()),
                None => {
                    fence
                        .problems
                        .push("the fence's `{` has no closing `}`".to_string());
                    (inner, "")
                }
            };
            if !after.is_empty() {
                fence.problems.push(format!(
                    "`{after}` after the fence's `{{ … }}` is not read; put it inside the braces"
                ));
            }
            fence.read_attributes(inner, true);
        } else {
            let lang_end = info
                .find(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .unwrap_or(info.len());
            fence.lang = info[..lang_end].trim_start_matches('.').to_string();
            let rest = &info[lang_end..];
            // Other tools' words after the language (```` ```rust,ignore ````) are theirs:
            // only `key=value` pairs and braces are quire's to read.
            if rest.contains(['=', '{']) {
                fence.read_attributes(rest, false);
            }
        }
        if fence.lang.chars().any(char::is_uppercase) {
            fence.lang = fence.lang.to_lowercase();
        }
        fence
    }

    /// `.class`, `#id` and `key=value` tokens; `braced`: the first class is the language.
    fn read_attributes(&mut self, s: &str, braced: bool) {
        for token in tokens(s) {
            match token {
                Token::Class(c) if braced && self.lang.is_empty() && self.classes.is_empty() => {
                    self.lang = c.to_string();
                }
                Token::Class(c) => self.classes.push(c.to_string()),
                Token::Id(id) => self.id = Some(id.to_string()),
                Token::Pair(key, value, quoted) => self.option(key, value, quoted),
                Token::Word(w) if braced => self.problems.push(format!(
                    "`{w}` in the fence's `{{ … }}` is not a `.class`, `#id` or `key=\"value\"`"
                )),
                Token::Word(_) => {}
            }
        }
    }

    fn option(&mut self, key: &str, value: &str, quoted: bool) {
        match key {
            "hl_lines" => self.hl_lines(value),
            "title" => {
                if !quoted && !value.is_empty() {
                    self.problems
                        .push(format!("title={value} needs quotes: title=\"{value}\""));
                }
                self.title = Some(value.to_string());
            }
            // pymdownx also takes a step after the start (`"1 2"`); only the start counts here.
            "linenums" => match value.split_whitespace().next().map(str::parse::<usize>) {
                Some(Ok(n)) => self.linenums = Some(n.max(1)),
                _ => self.problems.push(format!(
                    "linenums=\"{value}\" is not a line number; write linenums=\"1\" to number from 1"
                )),
            },
            "anchor_linenums" => match value {
                "" | "1" | "true" | "True" | "yes" => self.anchor_linenums = true,
                "0" | "false" | "False" | "no" => self.anchor_linenums = false,
                _ => self.problems.push(format!(
                    "anchor_linenums=\"{value}\" is neither true nor false"
                )),
            },
            // Attributes for the block itself, which Python-Markdown's attr_list passes on.
            k if k.starts_with("data-") => {}
            _ => self.problems.push(format!(
                "`{key}` is not a code block option (quire knows {OPTIONS})"
            )),
        }
    }

    /// `hl_lines="1 3-5"` (spaces or commas between items).
    fn hl_lines(&mut self, value: &str) {
        for item in value.split([' ', ',']).filter(|s| !s.is_empty()) {
            let range = match item.split_once('-') {
                Some((a, b)) => a.parse::<usize>().ok().zip(b.parse::<usize>().ok()),
                None => item.parse::<usize>().ok().map(|n| (n, n)),
            };
            match range {
                Some((a, b)) if a >= 1 && a <= b => self.hl_lines.push(a..=b),
                Some((a, b)) if a > b => self.problems.push(format!(
                    "hl_lines: `{item}` runs backwards; write `{b}-{a}`"
                )),
                _ => self.problems.push(format!(
                    "hl_lines: `{item}` is not a line (from 1) or a range like `3-5`"
                )),
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Class(&'a str),
    Id(&'a str),
    /// key, value, whether the value was quoted.
    Pair(&'a str, &'a str, bool),
    Word(&'a str),
}

/// The tokens of an attribute list, braces and commas as spaces. An unclosed quote runs to
/// the end.
fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let is_gap = |c: char| c.is_whitespace() || matches!(c, '{' | '}' | ',');
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(is_gap);
        if rest.is_empty() {
            return out;
        }
        let word_end = rest
            .find(|c: char| is_gap(c) || c == '=')
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        let after = &rest[word_end..];
        let Some(value) = after.strip_prefix('=') else {
            out.push(match word.chars().next() {
                Some('.') if word.len() > 1 => Token::Class(&word[1..]),
                Some('#') if word.len() > 1 => Token::Id(&word[1..]),
                _ => Token::Word(word),
            });
            rest = after;
            continue;
        };
        let (v, quoted, next) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &value[1..];
                match inner.find(q) {
                    Some(end) => (&inner[..end], true, &inner[end + 1..]),
                    None => (inner, true, ""),
                }
            }
            _ => {
                let end = value.find(is_gap).unwrap_or(value.len());
                (&value[..end], false, &value[end..])
            }
        };
        out.push(Token::Pair(word, v, quoted));
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_form_names_the_language_then_options() {
        let f = Fence::parse("python hl_lines=2-3");
        assert_eq!((f.lang.as_str(), f.hl_lines), ("python", vec![2..=3]));
        let f = Fence::parse("py title=\"app.py\" linenums=\"10\" hl_lines=\"1-2 5\"");
        assert_eq!(f.title.as_deref(), Some("app.py"));
        assert_eq!(f.linenums, Some(10));
        assert_eq!(f.hl_lines, vec![1..=2, 5..=5]);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(Fence::parse("").lang, "");
        assert_eq!(Fence::parse("rust,ignore").lang, "rust");
        assert!(Fence::parse("console $ ls").problems.is_empty());
    }

    #[test]
    fn the_brace_form_keeps_the_language_and_classes() {
        let f = Fence::parse(
            "{ .python .annotate #main title=\"a.py\" hl_lines=\"2 3\" linenums=\"1\" }",
        );
        assert_eq!(f.lang, "python");
        assert_eq!(f.classes, ["annotate"]);
        assert_eq!(f.id.as_deref(), Some("main"));
        assert_eq!(f.title.as_deref(), Some("a.py"));
        assert_eq!(f.hl_lines, vec![2..=2, 3..=3]);
        assert_eq!(f.linenums, Some(1));
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(Fence::parse("{.yaml}").lang, "yaml");
        assert_eq!(
            Fence::parse("python {hl_lines=\"2\"}").hl_lines,
            vec![2..=2]
        );
    }

    #[test]
    fn a_language_is_named_in_any_case_as_pygments_reads_it() {
        for info in [
            "Python",
            "PYTHON",
            "{ .Python .annotate }",
            "Python title=\"a.py\"",
        ] {
            assert_eq!(Fence::parse(info).lang, "python", "{info}");
        }
        assert_eq!(Fence::parse("JSON").lang, "json");
        assert_eq!(Fence::parse("{ .Python .Annotate }").classes, ["Annotate"]);
    }

    #[test]
    fn a_language_in_capitals_is_highlighted_as_in_lower_case() {
        let h = crate::Highlighter::new();
        for (written, name, code) in [
            ("Python", "python", "import os  # the os\n"),
            ("JSON", "json", "{\"a\": 1}\n"),
            ("Bash", "bash", "echo hi  # greet\n"),
            ("YAML", "yaml", "site: quire  # name\n"),
        ] {
            let block = h.render_block(code, written);
            assert_eq!(block, h.render_block(code, name), "{written}");
            assert!(
                block.contains("<span class="),
                "{written} is highlighted: {block}"
            );
        }
    }

    #[test]
    fn what_is_not_understood_is_said() {
        let f = Fence::parse("py title=app.py linenums=\"x\" hl_lines=\"5-2 a\" colour=\"red\"");
        assert_eq!(f.title.as_deref(), Some("app.py"));
        assert_eq!(f.linenums, None);
        assert_eq!(f.problems.len(), 5, "{:?}", f.problems);
        assert!(f.problems.iter().any(|p| p.contains("write `2-5`")));
        assert!(f.problems.iter().any(|p| p.contains("`colour`")));
        assert_eq!(
            Fence::parse("py title=\"open").title.as_deref(),
            Some("open")
        );
        assert_eq!(Fence::parse("{ .py").problems.len(), 1);
        assert!(Fence::parse("{ .py data-x=\"1\" }").problems.is_empty());
    }

    #[test]
    fn anchors_are_asked_for() {
        assert!(Fence::parse("py anchor_linenums=\"true\"").anchor_linenums);
        assert!(!Fence::parse("py").anchor_linenums);
        assert_eq!(
            Fence::parse("py anchor_linenums=\"maybe\"").problems.len(),
            1
        );
    }
}
