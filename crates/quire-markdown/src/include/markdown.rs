//! mkdocs-include-markdown-plugin: `{% include-markdown "../CHANGELOG.md" %}` and
//! `{% include "file" %}` (the tag may run over several lines), paths relative to the page's
//! file, with the plugin's arguments — `start`/`end` (the text between, every time it
//! appears), `rewrite-relative-urls` (links and images of the included file rebased onto the
//! page, outside code), `comments` (`<!-- BEGIN INCLUDE … -->` around it),
//! `preserve-includer-indent`, `dedent`, `trailing-newlines`, `heading-offset`, `recursive`,
//! `encoding` (UTF-8 is read whatever it says) — and the plugin's defaults from `mkdocs.yml`.
//! They are replaced before anything else reads the page, as the plugin does in
//! `on_page_markdown`. A file that is not there stops the page at the tag's line.

use std::path::{Component, Path, PathBuf};

use super::{Context, LineMap};

/// The plugin's settings (`plugins: [include-markdown: {...}]`): the arguments' defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IncludeMarkdown {
    pub preserve_includer_indent: bool,
    pub dedent: bool,
    pub trailing_newlines: bool,
    pub comments: bool,
    pub rewrite_relative_urls: bool,
    pub heading_offset: i64,
    pub recursive: bool,
    pub start: Option<String>,
    pub end: Option<String>,
}

impl Default for IncludeMarkdown {
    fn default() -> Self {
        IncludeMarkdown {
            preserve_includer_indent: true,
            dedent: false,
            trailing_newlines: true,
            comments: false,
            rewrite_relative_urls: true,
            heading_offset: 0,
            recursive: true,
            start: None,
            end: None,
        }
    }
}

/// One tag: where it is, which, what it names and its arguments.
struct Tag<'a> {
    start: usize,
    end: usize,
    markdown: bool,
    path: String,
    args: &'a str,
    /// The text before the tag on its line that the plugin counts as its indent.
    indent: &'a str,
}

fn tag_at(text: &str, at: usize) -> Option<Tag<'_>> {
    let rest = text[at + 2..].trim_start();
    let (markdown, rest) = match rest.strip_prefix("include-markdown") {
        Some(r) => (true, r),
        None => (false, rest.strip_prefix("include")?),
    };
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let close = rest.find("%}")?;
    let inner = &rest[..close];
    let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut end = None;
    let mut escaped = false;
    for (i, c) in inner.char_indices().skip(1) {
        match c {
            '\\' => escaped = !escaped,
            c if c == quote && !escaped => {
                end = Some(i);
                break;
            }
            _ => escaped = false,
        }
    }
    let end_quote = end?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let indent_len = before
        .chars()
        .rev()
        .take_while(|c| {
            *c == ' ' || *c == '\t' || *c == '\\' || *c == '.' || c.is_alphanumeric() || *c == '_'
        })
        .map(char::len_utf8)
        .sum::<usize>();
    let args = inner[end_quote + 1..].trim();
    let tag_end = text.len() - rest.len() + close + 2;
    Some(Tag {
        start: at - indent_len,
        end: tag_end,
        markdown,
        path: inner[1..end_quote].replace(&format!("\\{quote}"), &quote.to_string()),
        args,
        indent: &before[before.len() - indent_len..],
    })
}

/// `name="text"` or `name='text'` in the arguments.
fn string_arg(args: &str, name: &str) -> Option<Option<String>> {
    let at = args.find(&format!("{name}="))?;
    let rest = &args[at + name.len() + 1..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
    let Some(q) = quote else {
        return Some(None);
    };
    let end = rest[1..].find(q)?;
    Some(Some(rest[1..1 + end].to_string()))
}

/// `name=value` in the arguments.
fn word_arg<'a>(args: &'a str, name: &str) -> Option<&'a str> {
    let at = args.find(&format!("{name}="))?;
    let rest = &args[at + name.len() + 1..];
    Some(rest.split(char::is_whitespace).next().unwrap_or(""))
}

/// Python's escapes in `start`/`end` (`\n`, `\t`…), as the plugin reads them.
fn interpret_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

/// The plugin's `filter_inclusions`: what is between `start` and `end`; whether each was found.
fn between(text: &str, start: Option<&str>, end: Option<&str>) -> (String, bool, bool) {
    match (start, end) {
        (Some(s), None) => match text.split_once(s) {
            Some((_, after)) => (after.to_string(), true, true),
            None => (String::new(), false, true),
        },
        (None, Some(e)) => match text.split_once(e) {
            Some((before, _)) => (before.to_string(), true, true),
            None => (text.to_string(), true, false),
        },
        (Some(s), Some(e)) => {
            let parts: Vec<&str> = text.split(s).collect();
            let parts = if parts.len() > 1 {
                &parts[1..]
            } else {
                &parts[..]
            };
            let mut out = String::new();
            for part in parts {
                out.extend(part.split(e).step_by(2));
            }
            (out, text.contains(s), text.contains(e))
        }
        (None, None) => (text.to_string(), true, true),
    }
}

/// `textwrap.dedent`: the common leading whitespace of the lines with text, taken off.
fn dedent(text: &str) -> String {
    let margin = (text.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
        .reduce(|a, b| {
            let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            &a[..n]
        })
        .unwrap_or("");
    (text.split_inclusive('\n'))
        .map(|l| match l.trim().is_empty() {
            true => l.trim_start_matches([' ', '\t']).to_string(),
            false => l.strip_prefix(margin).unwrap_or(l).to_string(),
        })
        .collect()
}

/// Markdown written in the file `source`, its relative links and images (Markdown and HTML,
/// outside code) rebased so that the page `dest` can show it: the page's links reach what the
/// source's did.
pub fn rebased(text: &str, source: &Path, dest: &Path) -> String {
    outside_code(text, |l| rewrite_line(l, source, dest))
}

/// Calls `f` on each line outside fenced code (and keeps the lines inside as they are).
fn outside_code(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut fence: Option<String> = None;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let mark: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
        match &fence {
            Some(f)
                if t.trim_end() == f.as_str()
                    || (mark.len() >= f.len()
                        && t.starts_with(f.as_str())
                        && t[mark.len()..].trim().is_empty()) =>
            {
                fence = None;
                out.push_str(line);
            }
            Some(_) => out.push_str(line),
            None if mark.len() >= 3
                && mark
                    .chars()
                    .all(|c| c == mark.chars().next().unwrap_or('`')) =>
            {
                fence = Some(mark);
                out.push_str(line);
            }
            None => out.push_str(&f(line)),
        }
    }
    out
}

fn heading_offset(text: &str, offset: i64) -> String {
    outside_code(text, |line| {
        if !line.starts_with('#') {
            return line.to_string();
        }
        let rest = line.trim_start_matches('#');
        let n = (line.len() - rest.len()) as i64;
        format!("{}{rest}", "#".repeat((n + offset).max(1) as usize))
    })
}

/// Python's `html.escape`, as the plugin writes names into its comments.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// A path with `.` and `..` worked out (`..` above the top kept).
fn normal(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".into()),
            _ => {}
        }
    }
    parts
}

/// A relative URL written in `source` (a file), as the page `dest` must write it.
fn rebase(url: &str, source: &Path, dest: &Path) -> String {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if url.is_empty() || scheme || url.starts_with('/') || url.starts_with('#') {
        return url.to_string();
    }
    let target = normal(&source.parent().unwrap_or(Path::new("")).join(url));
    let from = normal(dest.parent().unwrap_or(Path::new("")));
    let common = target.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(target[common..].iter().map(String::as_str));
    let mut out = match parts.is_empty() {
        true => ".".to_string(),
        false => parts.join("/"),
    };
    if url.ends_with('/') {
        out.push('/');
    }
    out
}

/// Links, images, link definitions, `<img src>` and `<a href>` of a line, rebased.
fn rewrite_line(line: &str, source: &Path, dest: &Path) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let t = line.trim_start_matches(' ');
    // `[id]: url`
    if line.len() - t.len() <= 4 && t.starts_with('[') {
        if let Some(close) = t.find("]:") {
            let lead = line.len() - t.len() + close + 2;
            let after = &line[lead..];
            let url_at = lead + (after.len() - after.trim_start().len());
            let url_text = &line[url_at..];
            let url_text = url_text.strip_prefix('<').unwrap_or(url_text);
            let url_start = line.len() - url_text.len();
            let url_len = url_text
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(url_text.len());
            out.push_str(&line[..url_start]);
            out.push_str(&rebase(&url_text[..url_len], source, dest));
            rest = &line[url_start + url_len..];
        }
    }
    let openers = ["](", "src=\"", "href=\""];
    while let Some((at, open)) = (openers.iter())
        .filter_map(|o| rest.find(o).map(|i| (i, *o)))
        .min()
    {
        let start = at + open.len();
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let lead = after.len() - after.trim_start_matches([' ', '\t', '<']).len();
        out.push_str(&after[..lead]);
        let url = &after[lead..];
        let stop: &[char] = match open {
            "](" => &[' ', '\t', ')', '>'],
            _ => &['"'],
        };
        let len = url.find(stop).unwrap_or(url.len());
        out.push_str(&rebase(&url[..len], source, dest));
        rest = &url[len..];
    }
    out.push_str(rest);
    out
}

impl Context<'_> {
    /// The page's text with its include tags replaced, and the map back; `None` without any.
    pub(super) fn include_markdown(
        &mut self,
        text: &str,
        page: &Path,
        options: &IncludeMarkdown,
    ) -> Option<(String, LineMap)> {
        if !text.contains("{%") {
            return None;
        }
        let mut map = LineMap::default();
        let out = self.tags(text, page, options, None, &mut map);
        Some((out, map))
    }

    /// `text` (the page's, or a file's at `origin` in the page) with its tags replaced.
    fn tags(
        &mut self,
        text: &str,
        file: &Path,
        options: &IncludeMarkdown,
        origin: Option<usize>,
        map: &mut LineMap,
    ) -> String {
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        map.push(0, origin.unwrap_or(0), origin.is_none());
        while let Some(at) = text[from..].find("{%").map(|i| from + i) {
            let Some(tag) = tag_at(text, at).filter(|t| t.start >= from) else {
                from = at + 2;
                continue;
            };
            if self.stopped {
                break;
            }
            out.push_str(&text[from..tag.start]);
            let here = origin.unwrap_or(tag.start);
            map.push(out.len(), here, false);
            let included = self.tag(&tag, file, options, here);
            out.push_str(&included);
            from = tag.end;
            map.push(out.len(), origin.unwrap_or(from), origin.is_none());
        }
        out.push_str(&text[from..]);
        out
    }

    /// What one tag is replaced by.
    fn tag(&mut self, tag: &Tag, file: &Path, defaults: &IncludeMarkdown, offset: usize) -> String {
        let a = match arguments(tag, defaults) {
            Ok(a) => a,
            Err(e) => {
                let name = match tag.markdown {
                    true => "include-markdown",
                    false => "include",
                };
                self.fail(
                    offset,
                    format!("`{name}` tag: {e}"),
                    "see the arguments of mkdocs-include-markdown-plugin",
                );
                return String::new();
            }
        };
        let dir = file.parent().unwrap_or(Path::new(""));
        let bases = [self.site.join(dir)];
        let Some((canon, rel)) = self.resolve_in(&bases, &tag.path, offset) else {
            return String::new();
        };
        if !self.within_limits(&tag.path, offset) {
            return String::new();
        }
        let Some(raw) = self.read(&canon, &tag.path, offset) else {
            return String::new();
        };
        if !self.out.files.contains(&rel) {
            self.out.files.push(rel.clone());
        }
        let (mut text, _, _) = between(&raw, a.start.as_deref(), a.end.as_deref());
        let source = PathBuf::from(&rel);
        if a.recursive {
            self.stack.push(canon);
            text = self.tags(
                &text,
                &source,
                defaults,
                Some(offset),
                &mut LineMap::default(),
            );
            self.stack.pop();
        }
        if !a.trailing_newlines {
            text.truncate(text.trim_end_matches(['\n', '\r']).len());
        }
        if a.rewrite_relative_urls {
            text = rebased(&text, &source, file);
        }
        shape(text, tag, &a)
    }
}

/// The tag's arguments, over the plugin's settings.
fn arguments(tag: &Tag, o: &IncludeMarkdown) -> Result<IncludeMarkdown, String> {
    let args = tag.args;
    let flag = |name: &str, default: bool| match word_arg(args, name) {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(format!("`{name}={other}`: it is `true` or `false`")),
        None => Ok(default),
    };
    let offset_arg = match word_arg(args, "heading-offset") {
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| format!("`heading-offset={v}` is not a number"))?,
        None => o.heading_offset,
    };
    let text_arg = |name: &str, default: &Option<String>| match string_arg(args, name) {
        Some(Some(v)) if !v.is_empty() => Ok(Some(interpret_escapes(&v))),
        Some(_) => Err(format!("`{name}=` needs a text in quotes")),
        None => Ok(default.as_deref().map(interpret_escapes)),
    };
    Ok(IncludeMarkdown {
        preserve_includer_indent: flag("preserve-includer-indent", o.preserve_includer_indent)?,
        dedent: flag("dedent", o.dedent)?,
        trailing_newlines: flag("trailing-newlines", o.trailing_newlines)?,
        comments: tag.markdown && flag("comments", o.comments)?,
        rewrite_relative_urls: tag.markdown
            && flag("rewrite-relative-urls", o.rewrite_relative_urls)?,
        heading_offset: if tag.markdown { offset_arg } else { 0 },
        recursive: flag("recursive", o.recursive)?,
        start: text_arg("start", &o.start)?,
        end: text_arg("end", &o.end)?,
    })
}

/// The included text with the plugin's comments, indent, dedent and heading offset.
fn shape(mut text: String, tag: &Tag, a: &IncludeMarkdown) -> String {
    if a.comments {
        let sep = if a.trailing_newlines { "\n" } else { "" };
        let range = match (&a.start, &a.end) {
            (None, None) => String::new(),
            (s, e) => format!(
                "'{}' '{}' ",
                escape(s.as_deref().unwrap_or("")),
                escape(e.as_deref().unwrap_or(""))
            ),
        };
        let path = escape(&tag.path);
        text = format!("<!-- BEGIN INCLUDE {path} {range}-->{sep}{text}{sep}<!-- END INCLUDE -->");
    }
    let filled = " ".repeat(tag.indent.chars().count());
    match (tag.markdown, a.preserve_includer_indent) {
        (true, keep) => {
            text = format!("{}{text}", tag.indent);
            if a.dedent {
                text = dedent(&text);
            }
            if keep {
                text = (text.split_inclusive('\n').enumerate())
                    .map(|(i, l)| {
                        if i == 0 {
                            l.to_string()
                        } else {
                            format!("{filled}{l}")
                        }
                    })
                    .collect();
            }
            if a.heading_offset != 0 {
                text = heading_offset(&text, a.heading_offset);
            }
        }
        (false, keep) => {
            if a.dedent {
                text = dedent(&text);
            }
            text = match keep {
                true if text.is_empty() => tag.indent.to_string(),
                true => text
                    .split_inclusive('\n')
                    .map(|l| format!("{}{l}", tag.indent))
                    .collect(),
                false => format!("{}{text}", tag.indent),
            };
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_as_the_plugin_finds_them() {
        let text = "Intro\n    {% include-markdown \"../a.md\"\n       start=\"<!--s-->\" %}\nEnd";
        let at = text.find("{%").unwrap();
        let t = tag_at(text, at).unwrap();
        assert_eq!(
            (t.markdown, t.path.as_str(), t.indent),
            (true, "../a.md", "    ")
        );
        assert_eq!(string_arg(t.args, "start"), Some(Some("<!--s-->".into())));
        assert_eq!(&text[t.end..], "\nEnd");
        assert!(tag_at("{% includes 'x' %}", 0).is_none());
    }

    #[test]
    fn urls_are_rebased_from_the_included_file_to_the_page() {
        let src = Path::new("README.md");
        let src2 = Path::new("CHANGELOG.md");
        let page = Path::new("docs/about/changes.md");
        assert_eq!(rebase("docs/img/a.png", src2, page), "../img/a.png");
        assert_eq!(rebase("https://x.org", src, page), "https://x.org");
        assert_eq!(rebase("#top", src, page), "#top");
        assert_eq!(
            rewrite_line("See [x](docs/a.md#b) and ![i](img.png \"t\")\n", src2, page),
            "See [x](../a.md#b) and ![i](../../img.png \"t\")\n"
        );
        assert_eq!(
            rewrite_line("[r]: docs/a.md\n", src2, page),
            "[r]: ../a.md\n"
        );
    }

    #[test]
    fn start_end_dedent_and_offsets() {
        assert_eq!(
            between("a<s>b<e>c<s>d<e>", Some("<s>"), Some("<e>")).0,
            "bd"
        );
        assert_eq!(dedent("  a\n    b\n\n  c\n"), "a\n  b\n\nc\n");
        assert_eq!(
            heading_offset("# A\n```\n# no\n```\n## B\n", 1),
            "## A\n```\n# no\n```\n### B\n"
        );
        assert_eq!(heading_offset("### A\n", -5), "# A\n");
    }
}
