//! Includes, in pymdownx.snippets' syntax: a line `--8<-- "path"` is replaced by the file's
//! text (`path:5:12` by lines 5 to 12, `path:name` by the section between the lines marked
//! `--8<-- [start:name]` and `--8<-- [end:name]`), before anything else reads the Markdown,
//! so it works in fenced code and in prose alike. `;--8<--` writes the line as it is.
//!
//! Paths are relative to the snippets folder (the site folder unless site.yaml says
//! `snippets:`). A site may come from anyone, so only its own text is read: nothing outside
//! the site folder (links are followed, then checked), nothing in a dot-folder (`.git/config`
//! holds CI tokens, `.env` secrets, `.quire-cache/` anything), nothing in an output folder (a
//! folder with quire's manifest), and only regular files (a FIFO would block the build). How
//! much a page may pull in is bounded too: `--8<--` nests and fans out, so a few small files
//! could otherwise make a page of gigabytes, or a chain deep enough to overflow the stack.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use super::blocks::LineMap;

mod markdown;
mod mdx;
mod variants;

pub use markdown::{rebased, IncludeMarkdown};

const MARK: &str = "--8<--";

/// How deep includes may nest. Real sites nest two or three; 32 keeps the recursion far from
/// any thread's stack.
pub const MAX_DEPTH: usize = 32;
/// How many includes one page may make, counting each time a file is included. A reference
/// page with a snippet per function has hundreds; fan-out (a file including another ten times,
/// nested) reaches any number in a few levels, so it is stopped when counted, not at the end.
pub const MAX_INCLUDES: usize = 10_000;
/// How much text one page may have with its includes in place: ten times the biggest page of
/// the large documentation sites quire was measured on, and the page is written three times
/// more (its `.md`, llms-full.txt, the search index).
pub const MAX_EXPANDED: usize = 16 << 20;

/// Where includes are read from.
pub struct Snippets<'a> {
    /// The site folder: nothing outside it is read.
    pub site_dir: &'a Path,
    /// The folder paths are relative to.
    pub base: &'a Path,
    /// How files are opened, and which folders are outputs.
    pub files: &'a dyn SnippetFiles,
    /// pymdownx.snippets' settings (site.yaml `markdown: { snippets: … }`).
    pub options: &'a SnippetOptions,
    /// The page's file, relative to the site folder: include-markdown's paths are relative
    /// to it.
    pub page: Option<&'a Path>,
}

/// What includes ask of the site's files: the stage opens nothing on its own.
pub trait SnippetFiles {
    /// Opens a regular file, following links; anything else (a FIFO, a device, a socket) is
    /// refused with `InvalidInput`, never waited on.
    fn open_regular(&self, path: &Path) -> std::io::Result<std::fs::File>;
    /// Whether `dir` is a build's output folder (it holds the manifest every build writes,
    /// whichever `-o` named it).
    fn is_output(&self, dir: &Path) -> bool;
}

/// pymdownx.snippets' settings (site.yaml: `markdown: {snippets: {...}}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SnippetOptions {
    /// The folders a path is looked for in, in order, relative to the site folder (the
    /// project's root, as in mkdocs.yml); empty: the snippets folder alone.
    pub base_path: Vec<PathBuf>,
    /// Files included at the end of every page (one project appends its ~150 link
    /// definitions so), and at the start.
    pub auto_append: Vec<String>,
    pub auto_prepend: Vec<String>,
    /// A file that is not there stops the page (true, quire's habit) or is a warning and
    /// left out (false, as pymdownx leaves it out).
    pub check_paths: bool,
    /// mdx_include's `{!path!}` (a `mkdocs.yml` listing `mdx_include`; not a site.yaml key).
    #[serde(skip)]
    pub mdx_include: bool,
    /// markdown-include-variants' `{* path hl[…] *}` lines (`markdown_include_variants`).
    #[serde(skip)]
    pub include_variants: bool,
    /// mkdocs-include-markdown-plugin's `{% include-markdown %}` tags, with its settings.
    #[serde(skip)]
    pub include_markdown: Option<IncludeMarkdown>,
}

impl Default for SnippetOptions {
    fn default() -> Self {
        SnippetOptions {
            base_path: Vec::new(),
            auto_append: Vec::new(),
            auto_prepend: Vec::new(),
            check_paths: true,
            mdx_include: false,
            include_variants: false,
            include_markdown: None,
        }
    }
}

/// A page's text with its includes in place.
#[derive(Debug)]
pub struct Included {
    pub text: String,
    pub map: LineMap,
    /// The files read, relative to the site folder, in order, without repeats.
    pub files: Vec<String>,
    /// Files not there, with `check_paths: false`: left out, at their `--8<--` line.
    pub warnings: Vec<IncludeError>,
}

/// An include that cannot be made, at the offset of its `--8<--` line in the page's text.
#[derive(Debug, Clone, PartialEq)]
pub struct IncludeError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// The text with its includes expanded; `Ok(None)` when it has none.
pub fn expand(text: &str, snippets: &Snippets) -> Result<Option<Included>, Vec<IncludeError>> {
    let options = snippets.options;
    let automatic = !options.auto_append.is_empty() || !options.auto_prepend.is_empty();
    let forms = (options.mdx_include && text.contains("{!"))
        || (options.include_variants && text.contains("{*"))
        || (options.include_markdown.is_some() && text.contains("{%"));
    if !automatic && !forms && !text.contains(MARK) {
        return Ok(None);
    }
    let site = snippets
        .site_dir
        .canonicalize()
        .unwrap_or_else(|_| snippets.site_dir.to_path_buf());
    let bases: Vec<PathBuf> = match options.base_path.is_empty() {
        true => vec![snippets.base.to_path_buf()],
        false => (options.base_path.iter())
            .map(|b| snippets.site_dir.join(b))
            .collect(),
    };
    let mut ctx = Context {
        site: &site,
        files: snippets.files,
        bases: &bases,
        check_paths: options.check_paths,
        mdx_include: options.mdx_include,
        include_variants: options.include_variants,
        mdx_bytes: 0,
        out: Included {
            text: String::with_capacity(text.len() * 2),
            map: LineMap::default(),
            files: Vec::new(),
            warnings: Vec::new(),
        },
        errors: Vec::new(),
        stack: Vec::new(),
        count: 0,
        stopped: false,
        outputs: HashMap::new(),
    };
    // include-markdown's tags first, as the plugin replaces them before Markdown reads the page.
    let tagged = match (&options.include_markdown, snippets.page) {
        (Some(defaults), Some(page)) => ctx.include_markdown(text, page, defaults),
        _ => None,
    };
    let (text, first) = match &tagged {
        Some((t, map)) => (t.as_str(), Some(map)),
        None => (text, None),
    };
    let (before_errors, before_warnings) = (ctx.errors.len(), ctx.out.warnings.len());
    for path in &options.auto_prepend {
        ctx.include(path, 0, "");
    }
    ctx.expand(text, None, "");
    for path in &options.auto_append {
        // After a blank line, so that the page's last paragraph does not run on into it.
        ctx.out.map.push(ctx.out.text.len(), text.len(), false);
        ctx.out.text.push('\n');
        ctx.include(path, text.len(), "");
    }
    if let Some(first) = first {
        ctx.out.map = ctx.out.map.after(first);
        let later = (ctx.errors[before_errors..].iter_mut())
            .chain(&mut ctx.out.warnings[before_warnings..]);
        for e in later {
            e.offset = first.map(e.offset);
        }
    }
    if ctx.errors.is_empty() {
        Ok(Some(ctx.out))
    } else {
        Err(ctx.errors)
    }
}

struct Context<'a> {
    site: &'a Path,
    files: &'a dyn SnippetFiles,
    /// The folders paths are looked for in, in order.
    bases: &'a [PathBuf],
    check_paths: bool,
    mdx_include: bool,
    include_variants: bool,
    /// What `{!…!}` marks have read so far (their lines are made before they are written).
    mdx_bytes: usize,
    out: Included,
    errors: Vec<IncludeError>,
    /// The files being included, outermost first, for cycles.
    stack: Vec<PathBuf>,
    /// Includes made so far.
    count: usize,
    /// A limit was reached: nothing more is expanded.
    stopped: bool,
    /// Whether a folder of the site is an output folder, asked once per folder.
    outputs: HashMap<PathBuf, bool>,
}

/// Whether a relative path names something in a dot-folder or a dot-file.
fn dotted(path: &Path) -> bool {
    path.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    })
}

/// What follows `--8<--` on a line: `"path"` (or `'path'`).
fn directive(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix(MARK)?.trim();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].strip_suffix(q).filter(|p| !p.trim().is_empty())
}

/// Whether a line marks a section (`# --8<-- [start:name]`); such lines are never included.
fn section_marker(line: &str) -> Option<(bool, &str)> {
    let at = line.find(MARK)?;
    let rest = line[at + MARK.len()..].trim_start().strip_prefix('[')?;
    let (what, rest) = rest.split_once(':')?;
    let name = rest.split(']').next()?.trim();
    match what.trim() {
        "start" => Some((true, name)),
        "end" => Some((false, name)),
        _ => None,
    }
}

/// Which part of a file: all of it, a line range, or a named section.
#[derive(Debug, PartialEq)]
enum Part<'a> {
    All,
    Lines(usize, Option<usize>),
    Section(&'a str),
}

fn parse_spec(spec: &str) -> (&str, Part<'_>) {
    let Some((path, sel)) = spec.split_once(':') else {
        return (spec, Part::All);
    };
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let lines = match sel.split_once(':') {
        Some((a, b))
            if (a.is_empty() || number(a).is_some()) && (b.is_empty() || number(b).is_some()) =>
        {
            Some((number(a).unwrap_or(1), number(b)))
        }
        None if number(sel).is_some() => Some((number(sel).unwrap_or(1), None)),
        _ => None,
    };
    match lines {
        Some((a, b)) => (path, Part::Lines(a.max(1), b)),
        None if sel.is_empty() => (path, Part::All),
        None => (path, Part::Section(sel)),
    }
}

impl Context<'_> {
    /// Appends `text`, its includes expanded. `origin` is the offset of the top-level include
    /// line that brought it in (`None` for the page itself); `indent` prefixes each line.
    fn expand(&mut self, text: &str, origin: Option<usize>, indent: &str) {
        let mut at = 0;
        for raw in text.split_inclusive('\n') {
            if self.stopped {
                return;
            }
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let here = origin.unwrap_or(at);
            at += raw.len();
            if let Some(spec) = directive(line) {
                let own_indent = &line[..line.len() - line.trim_start().len()];
                let indent = format!("{indent}{own_indent}");
                self.include(spec, here, &indent);
                continue;
            }
            // The FastAPI family's forms are read in the page's own lines, before snippets, as
            // their preprocessors run before pymdownx.snippets'.
            if origin.is_none() {
                if let Some(lines) = self.page_forms(line, here) {
                    self.expand(&lines, Some(here), indent);
                    continue;
                }
            }
            let (line, shift) = match line.trim_start().strip_prefix(';') {
                Some(rest) if rest.starts_with(MARK) => {
                    let lead = line.len() - line.trim_start().len();
                    (format!("{}{rest}", &line[..lead]), 1)
                }
                _ => (line.to_string(), 0),
            };
            self.out
                .map
                .push(self.out.text.len(), here + shift, origin.is_none());
            if !line.is_empty() {
                self.out.text.push_str(indent);
            }
            self.out.text.push_str(&line);
            self.out.text.push('\n');
            if self.out.text.len() > MAX_EXPANDED {
                self.stopped = true;
                return self.fail(here, too_long(), TOO_LONG_HINT);
            }
        }
    }

    /// Whether `dir` (inside the site) or a folder above it up to the site is an output
    /// folder, which holds the manifest every build writes, whichever `-o` named it.
    fn in_output(&mut self, dir: &Path) -> bool {
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| d.starts_with(self.site) && *d != self.site) {
            let known = self.outputs.get(d).copied();
            let is = known.unwrap_or_else(|| self.files.is_output(d));
            self.outputs.insert(d.to_path_buf(), is);
            if is {
                return true;
            }
            at = d.parent();
        }
        false
    }

    fn fail(&mut self, offset: usize, message: String, hint: &str) {
        self.errors.push(IncludeError {
            offset,
            message,
            hint: hint.to_string(),
        });
    }

    /// `fail`, for the steps of an include that give what the next step needs.
    fn refuse<T>(&mut self, offset: usize, message: String, hint: &str) -> Option<T> {
        self.fail(offset, message, hint);
        None
    }

    /// Includes the part of a file that `spec` names, for the `--8<--` line at `offset`.
    fn include(&mut self, spec: &str, offset: usize, indent: &str) {
        let (path, part) = parse_spec(spec.trim());
        if !self.within_limits(path, offset) {
            return;
        }
        let Some((canon, rel)) = self.resolve(path, offset) else {
            return;
        };
        let Some(text) = self.read(&canon, path, offset) else {
            return;
        };
        if !self.out.files.contains(&rel) {
            self.out.files.push(rel);
        }
        let lines: Vec<&str> = text.lines().collect();
        let Some(selected) = self.select(&lines, part, spec, path, offset) else {
            return;
        };
        let mut body = String::with_capacity(text.len());
        for l in selected.iter().filter(|l| section_marker(l).is_none()) {
            body.push_str(l);
            body.push('\n');
        }
        self.stack.push(canon);
        self.expand(&body, Some(offset), indent);
        self.stack.pop();
    }

    /// Counts one more include; whether the page may still make it. Past a limit, nothing
    /// more is expanded.
    fn within_limits(&mut self, path: &str, offset: usize) -> bool {
        self.count += 1;
        if self.count > MAX_INCLUDES {
            self.stopped = true;
            self.fail(
                offset,
                format!("this page makes more than {MAX_INCLUDES} includes"),
                "includes that include others multiply: include each file once, or split the page",
            );
            return false;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.stopped = true;
            let names: Vec<String> = (self.stack.iter()).map(|p| self.site_relative(p)).collect();
            let chain = format!(
                "{} → … → {}",
                names[..3].join(" → "),
                names[names.len() - 3..].join(" → ")
            );
            self.fail(
                offset,
                format!("cannot include {path:?}: includes nest more than {MAX_DEPTH} deep ({chain})"),
                "an included file may include others, but not in a chain this long: include the innermost files directly",
            );
            return false;
        }
        true
    }

    /// A page's line as `{* … *}` and `{!…!}` make it, when they change it.
    fn page_forms(&mut self, line: &str, offset: usize) -> Option<String> {
        let generated = match variants::directive(line).filter(|_| self.include_variants) {
            Some((path, options)) => self.variants(path, options, offset)?,
            None if self.mdx_include && line.contains("{!") => line.to_string(),
            None => return None,
        };
        let mut text = String::with_capacity(generated.len());
        for l in generated.lines() {
            let lines = match self.mdx_include {
                true => self.mdx_lines(l, offset),
                false => vec![l.to_string()],
            };
            for l in lines {
                text.push_str(&l);
                text.push('\n');
            }
        }
        // A `{!` that is no mark leaves the line as it is (and placed as written).
        (text.strip_suffix('\n') != Some(line)).then_some(text)
    }

    /// What markdown-include-variants writes for `{* path options *}`; `None` (with the
    /// problem) when it cannot.
    fn variants(&mut self, path: &str, options: &str, offset: usize) -> Option<String> {
        let site = self.site.to_path_buf();
        let exists = |p: &str| site.join(p).is_file();
        let mut lines_of = |p: &str| {
            let bases = [site.clone()];
            let (canon, _) = self.resolve_in(&bases, p, offset).ok_or_else(String::new)?;
            let text = self.read(&canon, p, offset).ok_or_else(String::new)?;
            Ok(text.lines().count())
        };
        match variants::render(path, options, &exists, &mut lines_of) {
            Ok(text) => Some(text),
            // An empty message: the problem is already told (a file that cannot be read).
            Err(e) if e.is_empty() => None,
            Err(e) => self.refuse(
                offset,
                format!("cannot include `{{* {path} *}}`: {e}"),
                "paths are relative to the project folder (where mkdocs.yml is); the file, or its `_an`/`_py310`… variants, must be there",
            ),
        }
    }

    /// The file `path` names, canonical and relative to the site folder (with `/`), if it is
    /// one a page may include.
    fn resolve(&mut self, path: &str, offset: usize) -> Option<(PathBuf, String)> {
        let bases = self.bases;
        self.resolve_in(bases, path, offset)
    }

    /// `resolve`, with paths relative to the first of `bases` that has the file.
    fn resolve_in(
        &mut self,
        bases: &[PathBuf],
        path: &str,
        offset: usize,
    ) -> Option<(PathBuf, String)> {
        let found = (bases.iter()).find_map(|b| b.join(path).canonicalize().ok());
        let Some(canon) = found else {
            if !self.check_paths {
                self.out.warnings.push(IncludeError {
                    offset,
                    message: format!("{path:?} is not there: it is left out"),
                    hint: "paths are relative to `base_path` (or to the site folder)".into(),
                });
                return None;
            }
            return self.refuse(
                offset,
                format!("cannot include {path:?}: there is no such file"),
                "paths are relative to the site folder (or to `snippets:` in site.yaml)",
            );
        };
        let Ok(rel) = canon.strip_prefix(self.site) else {
            return self.refuse(
                offset,
                format!("cannot include {path:?}: it is outside the site folder"),
                "keep included files inside the site folder",
            );
        };
        if dotted(Path::new(path)) || dotted(rel) {
            return self.refuse(
                offset,
                format!("cannot include {path:?}: files in dot-folders (.git, .env, .quire-cache) and dot-files are never included"),
                "they hold settings and secrets, not pages: copy the text you want into a file outside dot-folders",
            );
        }
        if self.in_output(canon.parent().unwrap_or(&canon)) {
            return self.refuse(
                offset,
                format!("cannot include {path:?}: it is in an output folder, which quire writes"),
                "include the source the page was made from, not the built site",
            );
        }
        if self.stack.contains(&canon) {
            let chain: Vec<String> = (self.stack.iter().chain([&canon]))
                .map(|p| self.site_relative(p))
                .collect();
            return self.refuse(
                offset,
                format!(
                    "cannot include {path:?}: the includes form a cycle ({})",
                    chain.join(" → ")
                ),
                "an included file may not include itself, directly or through others",
            );
        }
        let rel = rel.to_string_lossy().replace('\\', "/");
        Some((canon, rel))
    }

    /// The text of the file, if it is text and fits in what the page has left.
    fn read(&mut self, canon: &Path, path: &str, offset: usize) -> Option<String> {
        let room = MAX_EXPANDED.saturating_sub(self.out.text.len());
        match read_regular(self.files, canon, room) {
            Ok(t) => Some(t),
            Err(Unreadable::NotAFile(what)) => self.refuse(
                offset,
                format!("cannot include {path:?}: {what}"),
                "include a file of text; reading this one could wait forever",
            ),
            Err(Unreadable::TooBig) => {
                self.stopped = true;
                self.refuse(
                    offset,
                    format!("cannot include {path:?}: {}", too_long()),
                    TOO_LONG_HINT,
                )
            }
            Err(Unreadable::Io(e)) => self.refuse(
                offset,
                format!("cannot include {path:?}: {e}"),
                "included files must be readable UTF-8 text",
            ),
        }
    }

    /// The lines of a file that `part` names, if it has them.
    fn select<'l>(
        &mut self,
        lines: &'l [&'l str],
        part: Part,
        spec: &str,
        path: &str,
        offset: usize,
    ) -> Option<&'l [&'l str]> {
        match part {
            Part::All => Some(lines),
            Part::Lines(a, _) if a > lines.len() => self.refuse(
                offset,
                format!("cannot include {spec:?}: {path} has {} lines", lines.len()),
                "give a range of lines the file has",
            ),
            Part::Lines(a, b) => {
                let b = b.unwrap_or(lines.len()).min(lines.len()).max(a);
                Some(&lines[a - 1..b])
            }
            Part::Section(name) => {
                let start = lines
                    .iter()
                    .position(|l| section_marker(l) == Some((true, name)));
                let Some(start) = start else {
                    return self.refuse(
                        offset,
                        format!("cannot include {spec:?}: {path} has no section {name:?}"),
                        &format!("mark it in the file with `--8<-- [start:{name}]` and `--8<-- [end:{name}]` lines"),
                    );
                };
                let end = lines[start + 1..]
                    .iter()
                    .position(|l| section_marker(l) == Some((false, name)))
                    .map_or(lines.len(), |e| start + 1 + e);
                Some(&lines[start + 1..end])
            }
        }
    }

    /// A path as the site's writer knows it, for messages.
    fn site_relative(&self, path: &Path) -> String {
        path.strip_prefix(self.site)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// What a page that outgrows `MAX_EXPANDED` is told.
fn too_long() -> String {
    format!(
        "this page's includes make it longer than {} MB",
        MAX_EXPANDED >> 20
    )
}
const TOO_LONG_HINT: &str = "a page may be 16 MB with its includes in place: include smaller parts (`file:5:12`, `file:section`), or split the page";

enum Unreadable {
    /// What it is instead, in words.
    NotAFile(String),
    TooBig,
    Io(std::io::Error),
}

/// The text of a regular file, at most `limit` bytes of it (and one more, so that the caller
/// sees it is too long). A FIFO, device or socket is refused, not waited on.
fn read_regular(files: &dyn SnippetFiles, path: &Path, limit: usize) -> Result<String, Unreadable> {
    let file = files.open_regular(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            Unreadable::NotAFile(e.to_string())
        } else {
            Unreadable::Io(e)
        }
    })?;
    let mut bytes = Vec::new();
    (file.take(limit as u64 + 1))
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    if bytes.len() > limit {
        return Err(Unreadable::TooBig);
    }
    String::from_utf8(bytes)
        .map_err(|e| Unreadable::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain files, and no output folders.
    struct Plain;

    impl SnippetFiles for Plain {
        fn open_regular(&self, path: &Path) -> std::io::Result<std::fs::File> {
            std::fs::File::open(path)
        }

        fn is_output(&self, _: &Path) -> bool {
            false
        }
    }

    #[test]
    fn specs() {
        assert_eq!(parse_spec("a.py"), ("a.py", Part::All));
        assert_eq!(parse_spec("a.py:5:12"), ("a.py", Part::Lines(5, Some(12))));
        assert_eq!(parse_spec("a.py:5"), ("a.py", Part::Lines(5, None)));
        assert_eq!(parse_spec("a.py::3"), ("a.py", Part::Lines(1, Some(3))));
        assert_eq!(parse_spec("a.py:func"), ("a.py", Part::Section("func")));
        assert_eq!(directive("  --8<-- \"x.md\""), Some("x.md"));
        assert_eq!(directive("--8<-- [start:x]"), None);
        assert_eq!(section_marker("# --8<-- [start:x]"), Some((true, "x")));
    }

    #[test]
    fn includes_lines_sections_and_keeps_positions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.py"),
            "one\n# --8<-- [start:mid]\ntwo\n# --8<-- [end:mid]\nthree\n",
        )
        .unwrap();
        let s = Snippets {
            site_dir: dir.path(),
            base: dir.path(),
            files: &Plain,
            options: &SnippetOptions::default(),
            page: None,
        };
        let text = "Top\n    --8<-- \"a.py:mid\"\n;--8<-- \"a.py\"\nEnd\n";
        let inc = expand(text, &s).unwrap().unwrap();
        assert_eq!(inc.text, "Top\n    two\n--8<-- \"a.py\"\nEnd\n");
        assert_eq!(inc.files, vec!["a.py"]);
        let end = inc.text.find("End").unwrap();
        assert_eq!(&text[inc.map.map(end)..][..3], "End");
        let two = inc.text.find("two").unwrap();
        assert_eq!(
            inc.map.map(two),
            4,
            "an included line stands at its include"
        );
        let all = expand("--8<-- \"a.py:2:3\"\n", &s).unwrap().unwrap();
        assert_eq!(all.text, "two\n", "marker lines are never included");
    }

    #[test]
    fn errors_name_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        std::fs::write(site.join("loop.md"), "--8<-- \"loop.md\"\n").unwrap();
        std::fs::write(site.join("a.md"), "x\n").unwrap();
        let s = Snippets {
            site_dir: &site,
            base: &site,
            files: &Plain,
            options: &SnippetOptions::default(),
            page: None,
        };
        let errs = expand(
            "--8<-- \"none.md\"\n--8<-- \"../secret\"\n--8<-- \"loop.md\"\n--8<-- \"a.md:sec\"\n",
            &s,
        )
        .unwrap_err();
        let got: Vec<(usize, bool)> = errs
            .iter()
            .map(|e| (e.offset, e.message.contains("cannot include")))
            .collect();
        assert_eq!(got, vec![(0, true), (17, true), (36, true), (53, true)]);
        assert!(errs[0].message.contains("no such file"));
        assert!(errs[1].message.contains("outside the site"));
        assert!(errs[2].message.contains("cycle"));
        assert!(errs[3].message.contains("no section"));
    }

    #[test]
    fn base_paths_auto_files_and_missing_files_as_warnings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/snippets")).unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/app.py"), "print(1)\n").unwrap();
        std::fs::write(
            dir.path().join("docs/snippets/links.md"),
            "[x]: https://x.org/\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("docs/snippets/top.md"), "Draft.\n").unwrap();
        let options = SnippetOptions {
            base_path: vec!["docs/snippets".into(), "src".into()],
            auto_append: vec!["links.md".into()],
            auto_prepend: vec!["top.md".into()],
            check_paths: false,
            ..SnippetOptions::default()
        };
        let s = Snippets {
            site_dir: dir.path(),
            base: dir.path(),
            files: &Plain,
            options: &options,
            page: None,
        };
        let text = "See [x].\n--8<-- \"app.py\"\n--8<-- \"gone.md\"\n";
        let inc = expand(text, &s).unwrap().unwrap();
        assert_eq!(
            inc.text,
            "Draft.\nSee [x].\nprint(1)\n\n[x]: https://x.org/\n"
        );
        assert_eq!(
            inc.files,
            [
                "docs/snippets/top.md",
                "src/app.py",
                "docs/snippets/links.md"
            ]
        );
        assert_eq!(inc.warnings.len(), 1);
        assert_eq!(&text[inc.warnings[0].offset..][..6], "--8<--");
        // Every page gets the automatic files, with includes of its own or not.
        let plain = expand("Plain.\n", &s).unwrap().unwrap();
        assert!(
            plain.text.ends_with("Plain.\n\n[x]: https://x.org/\n"),
            "{}",
            plain.text
        );
        // With check_paths (quire's default), a missing file stops the page.
        let strict = SnippetOptions {
            check_paths: true,
            ..options.clone()
        };
        let s = Snippets {
            options: &strict,
            ..s
        };
        let errors = expand(text, &s).unwrap_err();
        assert!(errors[0].message.contains("no such file"), "{errors:?}");
    }
}
