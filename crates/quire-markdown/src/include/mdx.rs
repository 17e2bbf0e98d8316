//! mdx_include's `{!path!}` anywhere in a line: the file's lines in its place (the text
//! before it joined to the first, the rest of the line to the last), `{!path[ln:3-9]!}` some
//! of its lines (rcslice's rows: `3`, `3-9`, `3-`, `e`, `9-3` backwards, `1-2,5` with two
//! blank lines between the parts), `{!>path!}` each line under the text before it, `{!-path!}`
//! without expanding the includes inside (they are expanded by default), `\{!path!}` written
//! as it is. Paths are relative to the project folder (mdx_include's `base_path`, the working
//! folder); what a page may read is what `--8<--` may read (include.rs). A file that is not
//! there stops the page (mdx_include leaves it out with a log line, which hides the mistake).

use super::{Context, MAX_EXPANDED, TOO_LONG_HINT};

/// One `{!…!}` in a line.
#[derive(Debug, PartialEq)]
struct Mark<'a> {
    /// Byte range in the line, the escaping `\` included.
    start: usize,
    end: usize,
    escaped: bool,
    /// `{!+…!}` / `{!-…!}`: whether includes inside are expanded (`None`: the default, yes).
    recursive: Option<bool>,
    apply_indent: bool,
    path: &'a str,
    lines: Option<&'a str>,
}

/// The `{!…!}` marks of a line, in order, as mdx_include's expression finds them.
fn marks(line: &str) -> Vec<Mark<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find("{!").map(|i| from + i) {
        match mark(line, at) {
            Some(m) => {
                from = m.end;
                found.push(m);
            }
            None => from = at + 2,
        }
    }
    found
}

fn mark(line: &str, at: usize) -> Option<Mark<'_>> {
    let close = at + 2 + line[at + 2..].find("!}")?;
    let mut body = &line[at + 2..close];
    let recursive = match body.as_bytes().first() {
        Some(b'+') => Some(true),
        Some(b'-') => Some(false),
        _ => None,
    };
    body = &body[recursive.is_some() as usize..];
    let apply_indent = body.starts_with('>');
    body = body[apply_indent as usize..].trim_start();
    let path_end = body.find(['[', '|', ']']).unwrap_or(body.len());
    let path = body[..path_end].trim_end();
    let mut rest = &body[path_end..];
    let mut lines = None;
    if let Some(r) = rest.strip_prefix("[ln:") {
        let end = r.find(']')?;
        let spec = &r[..end];
        if spec.is_empty()
            || !spec
                .bytes()
                .all(|b| b.is_ascii_digit() || b".,-".contains(&b))
        {
            return None;
        }
        lines = Some(spec);
        rest = r[end + 1..].trim_start();
    }
    // `| encoding`: read as UTF-8 whatever it says (quire reads pages as UTF-8).
    if !(rest.is_empty() || rest.starts_with('|')) || path.is_empty() {
        return None;
    }
    let escaped = at > 0 && line.as_bytes()[at - 1] == b'\\';
    Some(Mark {
        start: at - escaped as usize,
        end: close + 2,
        escaped,
        recursive,
        apply_indent,
        path,
        lines,
    })
}

/// rcslice's row slice of `lines` (columns, after a `.`, are not cut).
fn slice(lines: &[String], spec: &str) -> Result<Vec<String>, String> {
    let n = lines.len();
    let row = |s: &str| -> Result<Option<usize>, String> {
        let s = s.split('.').next().unwrap_or("");
        match s {
            "" => Ok(None),
            "e" => Ok(Some(n)),
            s => match s.parse::<usize>() {
                Ok(0) | Err(_) => Err(format!("{s:?} is not a line number (they start at 1)")),
                Ok(k) => Ok(Some(k)),
            },
        }
    };
    let mut out = Vec::new();
    for (i, item) in spec.split(',').filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.extend([String::new(), String::new()]);
        }
        let (a, b) = match item.split_once('-') {
            Some((a, b)) => (row(a)?, row(b)?),
            None => {
                let a = row(item)?;
                (a, a)
            }
        };
        let (a, b) = match (a, b) {
            (None, Some(b)) => (n, b),
            (a, b) => (a.unwrap_or(1), b.unwrap_or(n)),
        };
        let at = |k: usize| lines.get(k.wrapping_sub(1)).cloned();
        match a <= b {
            true => out.extend((a..=b.min(n)).filter_map(at)),
            false => out.extend((b..=a.min(n)).rev().filter_map(at)),
        }
    }
    Ok(out)
}

impl Context<'_> {
    /// A line with its `{!…!}` marks replaced, as lines.
    pub(super) fn mdx_lines(&mut self, line: &str, offset: usize) -> Vec<String> {
        let found = marks(line);
        if found.is_empty() {
            return vec![line.to_string()];
        }
        let mut out: Vec<String> = Vec::new();
        let mut c = 0;
        for m in found {
            let text = match m.escaped {
                true => vec![line[m.start + 1..m.end].to_string()],
                false => self.mdx_file(&m, offset),
            };
            let before = &line[c..m.start];
            match (text.split_first(), out.last_mut()) {
                (None, _) => out.push(before.to_string()),
                (Some((first, rest)), Some(last)) => {
                    last.push_str(before);
                    last.push_str(first);
                    out.extend(rest.iter().cloned());
                }
                (Some(_), None) if m.apply_indent => {
                    out.extend(text.iter().map(|t| format!("{before}{t}")));
                }
                (Some((first, rest)), None) => {
                    out.push(format!("{before}{first}"));
                    out.extend(rest.iter().cloned());
                }
            }
            c = m.end;
        }
        if let Some(last) = out.last_mut() {
            last.push_str(&line[c..]);
        }
        out
    }

    /// The lines a mark brings in: its file's, sliced, with their own marks expanded.
    fn mdx_file(&mut self, m: &Mark, offset: usize) -> Vec<String> {
        if self.stopped || !self.within_limits(m.path, offset) {
            return Vec::new();
        }
        if m.path.contains("://") {
            self.fail(
                offset,
                format!(
                    "cannot include {:?}: quire reads nothing from the network",
                    m.path
                ),
                "copy the file into the project and include it by its path",
            );
            return Vec::new();
        }
        let bases = [self.site.to_path_buf()];
        let Some((canon, rel)) = self.resolve_in(&bases, m.path, offset) else {
            return Vec::new();
        };
        let Some(text) = self.read(&canon, m.path, offset) else {
            return Vec::new();
        };
        self.mdx_bytes += text.len();
        if self.mdx_bytes > MAX_EXPANDED {
            self.stopped = true;
            self.fail(offset, super::too_long(), TOO_LONG_HINT);
            return Vec::new();
        }
        if !self.out.files.contains(&rel) {
            self.out.files.push(rel);
        }
        // mdx_include reads `text + "\n"` by lines: a last newline makes a last empty line.
        let mut lines: Vec<String> = format!("{text}\n").lines().map(str::to_string).collect();
        if let Some(spec) = m.lines {
            match slice(&lines, spec) {
                Ok(l) => lines = l,
                Err(e) => {
                    let hint =
                        "mdx_include's lines are `[ln:3-9]`, `[ln:3]`, `[ln:3-]`, `[ln:1-2,5]`";
                    self.fail(offset, format!("cannot include {:?}: {e}", m.path), hint);
                    return Vec::new();
                }
            }
        }
        if m.recursive == Some(false) {
            return lines;
        }
        self.stack.push(canon);
        let lines = (lines.iter())
            .flat_map(|l| self.mdx_lines(l, offset))
            .collect();
        self.stack.pop();
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_as_mdx_include_reads_them() {
        let m = &marks("a {!docs/x.py[ln:3-5]!} b")[0];
        assert_eq!(
            (m.path, m.lines, m.start, m.end),
            ("docs/x.py", Some("3-5"), 2, 23)
        );
        let m = &marks("\\{!x.md!}")[0];
        assert!(m.escaped && m.start == 0);
        let m = &marks("{!->x.md | latin-1 !}")[0];
        assert_eq!(
            (m.recursive, m.apply_indent, m.path),
            (Some(false), true, "x.md")
        );
        assert!(marks("{! !}").is_empty());
    }

    #[test]
    fn rows_as_rcslice_cuts_them() {
        let l: Vec<String> = (1..=6).map(|i| format!("l{i}")).collect();
        let cut = |s: &str| slice(&l, s).unwrap().join(" ");
        assert_eq!(cut("1-2,4"), "l1 l2   l4");
        assert_eq!(cut("3-"), "l3 l4 l5 l6");
        assert_eq!(cut("-2"), "l6 l5 l4 l3 l2");
        assert_eq!(cut("5-3"), "l5 l4 l3");
        assert_eq!(cut("e"), "l6");
        assert_eq!(cut("2-e"), "l2 l3 l4 l5 l6");
        assert!(slice(&l, "0").is_err());
    }
}
