//! Problems found in a site, with the place they were found.
//!
//! Every stage reports problems as plain `Diagnostic` values instead of
//! returning at the first one, so that a build can show the writer all of its
//! errors at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Something the writer may want to know that is not a problem (no host, so no sitemap):
    /// shown once, dimmed, never counted as a warning and never printed under `-q`.
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, as the writer knows it (relative to the site folder where possible).
    pub file: PathBuf,
    /// 1-based line, where the problem has one.
    pub line: Option<usize>,
    /// 1-based column, where the problem has one.
    pub column: Option<usize>,
    /// A short machine-readable kind, e.g. `front-matter` or `broken-link`.
    pub kind: &'static str,
    pub message: String,
    /// What the writer can do about it.
    pub hint: Option<String>,
    /// Lines shown under the message as they are, e.g. Tera's diagram of a parse error or a
    /// long list of files, one per line.
    pub detail: Vec<String>,
    /// The pages whose rendering met this problem (a template's), so that one cause in a
    /// template shared by many pages is reported once with their number.
    pub pages: Vec<PathBuf>,
}

impl Diagnostic {
    pub fn error(kind: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            kind,
            message: message.into(),
            hint: None,
            detail: Vec::new(),
            pages: Vec::new(),
        }
    }

    pub fn warning(
        kind: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, file, message)
        }
    }

    /// A note with no place: see `Severity::Note`.
    pub fn note(kind: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(kind, "", message)
        }
    }

    /// Names the page being rendered when a template met this problem.
    pub fn while_rendering(mut self, page: impl Into<PathBuf>) -> Self {
        self.pages = vec![page.into()];
        self
    }

    pub fn with_detail(mut self, lines: Vec<String>) -> Self {
        self.detail = lines;
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }

    /// "while rendering content/a.md", or "in 37 pages: content/a.md, content/b.md, … and 34 more".
    pub fn pages_line(&self) -> Option<String> {
        match &self.pages[..] {
            [] => None,
            [one] => Some(format!("while rendering {}", printable_path(one))),
            many => {
                let shown: Vec<String> = many
                    .iter()
                    .take(PAGES_NAMED)
                    .map(|p| printable_path(p))
                    .collect();
                let rest = many.len().saturating_sub(PAGES_NAMED);
                let more = if rest > 0 {
                    format!(" and {rest} more")
                } else {
                    String::new()
                };
                Some(format!(
                    "in {} pages: {}{more}",
                    many.len(),
                    shown.join(", ")
                ))
            }
        }
    }

    /// The message with what is shown under it (pages, detail lines), as one text.
    pub fn full_message(&self) -> String {
        let mut s = self.message.clone();
        if let Some(pages) = self.pages_line() {
            s.push_str(&format!(" ({pages})"));
        }
        for line in &self.detail {
            s.push('\n');
            s.push_str(line);
        }
        s
    }

    /// `file:line:col`, the form editors and terminals turn into links.
    /// Empty for a note, which has no place.
    pub fn location(&self) -> String {
        let mut s = printable_path(&self.file);
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }

    /// Stable order for reports: by file, then position, then message.
    pub fn sort_key(&self) -> (&Path, usize, usize, &str) {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.label();
        let location = self.location();
        if location.is_empty() {
            write!(f, "{label}: {}", self.message)?;
        } else {
            write!(f, "{label}: {location}: {}", self.message)?;
        }
        for line in &self.detail {
            write!(f, "\n  {line}")?;
        }
        if let Some(pages) = self.pages_line() {
            write!(f, "\n  {pages}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// How many pages a template problem names before "and N more".
const PAGES_NAMED: usize = 3;

/// Sorts diagnostics into their stable report order and drops exact repeats. The same problem
/// met while rendering several pages (one cause in a shared template) becomes one diagnostic
/// naming them all.
pub(crate) fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.pages.cmp(&b.pages))
    });
    diags.dedup_by(|later, first| {
        let same = later.severity == first.severity
            && later.kind == first.kind
            && later.file == first.file
            && later.line == first.line
            && later.column == first.column
            && later.message == first.message
            && later.hint == first.hint
            && later.detail == first.detail;
        if same {
            first.pages.append(&mut later.pages);
        }
        same
    });
    for d in diags.iter_mut() {
        d.pages.sort();
        d.pages.dedup();
    }
}

/// A long list shown one item a line, at most `LIST_SHOWN` of them and then "and N more".
pub(crate) fn list_lines<T: fmt::Display>(items: &[T]) -> Vec<String> {
    let mut lines: Vec<String> = items
        .iter()
        .take(LIST_SHOWN)
        .map(|i| format!("  {i}"))
        .collect();
    if items.len() > LIST_SHOWN {
        lines.push(format!("  and {} more", items.len() - LIST_SHOWN));
    }
    lines
}

/// How many items of a long list are named.
const LIST_SHOWN: usize = 10;

/// Text from a site (a file name, a key, a line of it) made safe to print on a terminal:
/// every control character is written as an escape (`\x1b`, `\u{9b}`), so a name cannot
/// move the cursor, set the window title, write the clipboard or ring the bell. Line breaks
/// and tabs stay, for messages that span lines; `printable_path` escapes those too.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(text, false)
}

/// A path or name on one line: as `printable`, and line breaks and tabs escaped as well.
pub(crate) fn printable_path(path: &Path) -> String {
    escape_controls(&path.display().to_string(), true).into_owned()
}

fn escape_controls(text: &str, one_line: bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| {
        let layout = c == '\n' || c == '\t';
        // Bidirectional overrides and isolates reorder what the reader sees, as controls do.
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        (c.is_control() && (one_line || !layout)) || bidi
    };
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// 1-based line and column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(line_col(text, 6), (3, 1));
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error("front-matter", "content/a.md", "no title")
            .at_line(3)
            .hint("add `title: …`");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3: no title\n  help: add `title: …`"
        );
    }

    #[test]
    fn one_problem_of_many_pages_is_reported_once_with_their_number() {
        let d = |page: &str| {
            Diagnostic::error("template", "templates/page.html", "Variable `x` not found")
                .at(3, 4)
                .while_rendering(page)
        };
        let mut diags = vec![d("content/c.md"), d("content/a.md"), d("content/b.md")];
        diags.push(d("content/d.md"));
        sort(&mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].pages_line().unwrap(),
            "in 4 pages: content/a.md, content/b.md, content/c.md and 1 more"
        );
    }

    #[test]
    fn long_lists_name_ten_and_count_the_rest() {
        let items: Vec<usize> = (1..=13).collect();
        let lines = list_lines(&items);
        assert_eq!(lines.len(), 11);
        assert_eq!(lines[10], "  and 3 more");
    }
}
