//! Code highlighting, as short CSS classes: quire-highlight's scanners for the languages docs
//! use most, syntect for the others.
//!
//! Highlighted code is most of a documentation site's bytes, so the markup is
//! kept small: each token gets at most one short class (Pygments' names, so a
//! Pelican theme's stylesheet fits as it is), runs of one class share one
//! span, and plain text gets no span at all. The stylesheet in `syntax.css`
//! styles exactly these names.

use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::fence::Fence;

/// Scope prefixes and the class they give, most specific first.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("constant.character.escape", "se"),
    ("string.regexp", "sr"),
    ("string", "s"),
    ("constant.numeric", "m"),
    ("constant.language", "kc"),
    ("constant.other", "no"),
    ("keyword.operator.word", "ow"),
    ("keyword.operator.logical", "ow"),
    ("keyword.operator", "o"),
    ("keyword", "k"),
    ("storage.type", "k"),
    ("storage.modifier", "k"),
    ("entity.name.function.decorator", "nd"),
    ("meta.annotation", "nd"),
    ("entity.name.function", "nf"),
    ("entity.name.class", "nc"),
    ("entity.name.type", "nc"),
    ("entity.name.tag", "nt"),
    ("entity.other.attribute-name", "na"),
    ("entity.name", "nn"),
    ("support.type.exception", "ne"),
    ("support.function.magic", "fm"),
    ("support.variable.magic", "vm"),
    ("support.function", "nb"),
    ("support.type", "nb"),
    ("support.class", "nc"),
    ("variable.language", "bp"),
    ("markup.heading", "gh"),
    ("markup.inserted", "gi"),
    ("markup.deleted", "gd"),
    ("markup.bold", "gs"),
    ("markup.italic", "ge"),
    ("invalid", "err"),
];

/// quire's own Python grammar: a line costs syntect one search for words, not one per kind
/// as Sublime's does, and Python is most of the code in documentation sites (see the file's
/// header).
const LEAN_PYTHON: &str = include_str!("syntaxes/Python.sublime-syntax");

/// Fence names people write (Pygments' aliases) that bat's grammars do not list, and the
/// grammar's own token.
const EXTRA_ALIASES: &[(&str, &str)] = &[
    ("django", "jinja2"),
    ("html+jinja", "html.j2"),
    ("html+django", "html.j2"),
    ("htmldjango", "html.j2"),
    ("docker", "dockerfile"),
    ("pwsh", "ps1"),
    ("posh", "ps1"),
    ("dosini", "ini"),
];

/// The version of the markup around the code (classes, titles, numbers, anchors, annotation
/// markers): raised whenever it changes, so that no cached page keeps the old.
const MARKUP: u32 = 3;

/// What turns a fenced code block into HTML. Its identity goes into the Markdown cache key, so
/// that another highlighter, or a change of grammar, can never serve HTML another one made.
pub trait Highlight: Sync {
    /// Names the highlighter and the version of its grammars and classes: it must change
    /// whenever the HTML it makes of some block may.
    fn identity(&self) -> &str;
    /// A fenced block as HTML, as its info string asks (read once, by `Fence::parse`).
    fn render_fence(&self, code: &str, fence: &Fence) -> String;
}

/// Loads syntect's syntaxes on first use only, so a site without code never
/// pays for them, and shares them between threads and rebuilds.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    python: OnceLock<SyntaxSet>,
    extra: OnceLock<SyntaxSet>,
    selectors: OnceLock<Vec<(Scope, &'static str)>>,
    identity: OnceLock<String>,
}

impl Highlight for Highlighter {
    fn identity(&self) -> &str {
        self.identity.get_or_init(|| {
            // The bundled grammars come with syntect's and two-face's versions (pinned by Cargo.lock and
            // quire's own version, which the key holds too); quire's own grammar and class table
            // are hashed, so editing either is noticed without a version bump.
            let mut own = String::from(LEAN_PYTHON);
            for (scope, class) in CLASSES {
                own.push_str(scope);
                own.push('=');
                own.push_str(class);
                own.push('\n');
            }
            format!(
                "syntect-5 defaults + two-face-0.5 + quire-python {:016x} + {} + markup {MARKUP}",
                xxhash_rust::xxh3::xxh3_64(own.as_bytes()),
                quire_highlight::IDENTITY
            )
        })
    }

    fn render_fence(&self, code: &str, fence: &Fence) -> String {
        self.render_block_as(code, fence, true)
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Self::default()
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    fn python(&self) -> &SyntaxSet {
        self.python.get_or_init(|| {
            // Compiled from LEAN_PYTHON by build.rs.
            syntect::dumps::from_uncompressed_data(include_bytes!(concat!(
                env!("OUT_DIR"),
                "/python.packdump"
            )))
            .expect("build.rs wrote the grammar with this very syntect")
        })
    }

    /// bat's grammars (two-face): the languages docs use beyond syntect's defaults. The whole
    /// set is one dump, but syntect deserialises a grammar's rules only when it is first used.
    fn extra(&self) -> &SyntaxSet {
        self.extra.get_or_init(two_face::syntax::extra_newlines)
    }

    /// The grammar for a fence's language: quire's Python, else syntect's defaults (so that
    /// what they highlight stays as it was), else bat's set, loaded on the first fence that
    /// needs it.
    fn find(&self, token: &str) -> Option<(&SyntaxSet, &SyntaxReference)> {
        let python = self.python();
        if let Some(s) = python.find_syntax_by_token(token) {
            return Some((python, s));
        }
        let ss = self.syntaxes();
        if let Some(s) = known(ss, token) {
            return Some((ss, s));
        }
        let extra = self.extra();
        let token = EXTRA_ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(token))
            .map_or(token, |(_, name)| name);
        known(extra, token).map(|s| (extra, s))
    }

    fn selectors(&self) -> &[(Scope, &'static str)] {
        self.selectors.get_or_init(|| {
            CLASSES
                .iter()
                .map(|(s, c)| (Scope::new(s).expect("valid scope literal"), *c))
                .collect()
        })
    }

    /// Renders a fenced block. `info` is the fence's info string
    /// (`python hl_lines=2-3`); an unknown or missing language gives escaped
    /// plain code, never an error.
    pub fn render_block(&self, code: &str, info: &str) -> String {
        self.render_block_as(code, &Fence::parse(info), true)
    }

    /// `render_fence`; `whole`: a block in quire's Python may be parsed at once (the tests
    /// compare it with parsing line by line).
    fn render_block_as(&self, code: &str, fence: &Fence, whole: bool) -> String {
        let mut out = String::with_capacity(code.len() * 2 + 64);
        open_block(&mut out, fence, code.lines().count().max(1));
        // The languages docs use most (Python, shell sessions, Bash, JSON, TOML, YAML, pycon,
        // JavaScript, TypeScript, HTML): quire-highlight, Pygments' tokens at ~30-100x syntect's
        // speed (fence.rs has lower-cased the name, as Pygments finds its lexers). A block one
        // of them cannot read whole (HTML with CSS) stays with syntect.
        let ours = quire_highlight::Language::from_fence(&fence.lang)
            .filter(|language| language.covers(code));
        let syntax = if fence.lang.is_empty() || ours.is_some() {
            None
        } else {
            self.find(&fence.lang)
        };
        // The `~~` that marks a line for emphasis is not code.
        let lines: Vec<(&str, bool)> = LinesWithEndings::from(code)
            .map(|raw| match raw.strip_prefix("~~") {
                Some(rest) => (rest, true),
                None => (raw, false),
            })
            .collect();
        let whole = whole && syntax.is_some_and(|(ss, _)| std::ptr::eq(ss, self.python()));
        let mut tokens = LineTokens::new(syntax, self.selectors());
        if whole || ours.is_some() {
            // The text without its `~~` marks: the block itself when it has none.
            let text: std::borrow::Cow<str> = if lines.iter().any(|&(_, marked)| marked) {
                lines.iter().map(|&(line, _)| line).collect()
            } else {
                code.into()
            };
            tokens.parse_whole(&text);
            if let Some(language) = ours {
                let mut end = 0;
                let mut runs = Vec::new();
                language.highlight(&text, &mut |class, run| {
                    end += run.len();
                    runs.push((class.short(), end));
                });
                runs.reverse();
                tokens.runs = Some(runs);
            }
        }
        let first = fence.linenums.unwrap_or(1);
        for (i, &(line, marked)) in lines.iter().enumerate() {
            let number = i + 1;
            let emphasise = marked || fence.hl_lines.iter().any(|r| r.contains(&number));
            if emphasise {
                out.push_str("<span class=\"hll\">");
            }
            if fence.anchor_linenums {
                let at = format!("__codelineno-{}-{}", fence.index, first + i);
                out.push_str(&format!("<a id=\"{at}\" name=\"{at}\" href=\"#{at}\"></a>"));
            }
            tokens.push_line(line, &mut out);
            if emphasise {
                out.push_str("</span>");
            }
        }
        out.push_str("</code></pre></div>");
        if fence.linenums.is_some() {
            out.push_str("</td></tr></table></div>");
        }
        out.push('\n');
        super::annotate::mark(&out).unwrap_or(out)
    }
}

/// The block's opening, up to its code: Material's classes (`language-python highlight`, and
/// the fence's own), its id, its title; with numbered lines (`linenums`), the table Pygments
/// writes (`linenums_style: table`, Material's): the numbers in a column of their own, which
/// neither selecting the code nor the Copy button (it copies the `<code>`) picks up.
fn open_block(out: &mut String, fence: &Fence, lines: usize) {
    // A block without a language is text, as Material names it.
    out.push_str("<div class=\"language-");
    match fence.lang.as_str() {
        "" => out.push_str("text"),
        lang => escape_into(out, lang),
    }
    out.push(' ');
    for class in &fence.classes {
        escape_into(out, class);
        out.push(' ');
    }
    out.push_str("highlight\"");
    if let Some(id) = &fence.id {
        out.push_str(" id=\"");
        escape_into(out, id);
        out.push('"');
    }
    out.push('>');
    let title = fence.title.as_deref().filter(|t| !t.is_empty());
    match fence.linenums {
        Some(first) => {
            out.push_str("<table class=\"highlighttable\"><tr>");
            if let Some(title) = title {
                out.push_str("<th colspan=\"2\" class=\"filename\">");
                filename(out, title);
                out.push_str("</th></tr><tr>");
            }
            line_numbers(out, fence, first, lines);
            out.push_str("<td class=\"code\"><div>");
        }
        None => {
            if let Some(title) = title {
                filename(out, title);
            }
        }
    }
    out.push_str("<pre><code");
    if !fence.lang.is_empty() {
        out.push_str(" data-lang=\"");
        escape_into(out, &fence.lang);
        out.push('"');
    }
    out.push('>');
}

fn filename(out: &mut String, title: &str) {
    out.push_str("<span class=\"filename\">");
    escape_into(out, title);
    out.push_str("</span>");
}

/// The column of line numbers, from `first`, each a link to its line when lines are anchored.
fn line_numbers(out: &mut String, fence: &Fence, first: usize, lines: usize) {
    out.push_str("<td class=\"linenos\"><div class=\"linenodiv\"><pre><span></span>");
    for n in first..first + lines {
        if n > first {
            out.push('\n');
        }
        out.push_str("<span class=\"normal\">");
        if fence.anchor_linenums {
            out.push_str(&format!(
                "<a href=\"#__codelineno-{}-{n}\">{n}</a>",
                fence.index
            ));
        } else {
            out.push_str(&n.to_string());
        }
        out.push_str("</span>");
    }
    out.push_str("</pre></div></td>");
}

/// A grammar for the token, unless it is the plain-text one.
fn known<'s>(ss: &'s SyntaxSet, token: &str) -> Option<&'s SyntaxReference> {
    ss.find_syntax_by_token(token)
        .filter(|s| s.name != "Plain Text")
}

/// Walks one block's lines, keeping syntect's parse state between them.
struct LineTokens<'a> {
    parser: Option<(&'a SyntaxSet, ParseState)>,
    /// The whole block's operations, when it was parsed at once (`parse_whole`), from the last
    /// and with positions in the block; else each line is parsed as it comes.
    parsed: Option<Vec<(usize, ScopeStackOp)>>,
    /// quire-highlight's runs of the whole block (class, end in the block), from the last.
    runs: Option<Vec<(Option<&'static str>, usize)>>,
    /// Where the line `push_line` takes next starts in the block.
    at: usize,
    stack: ScopeStack,
    selectors: &'a [(Scope, &'static str)],
    cache: HashMap<Scope, Option<&'static str>>,
}

impl<'a> LineTokens<'a> {
    fn new(
        syntax: Option<(&'a SyntaxSet, &'a SyntaxReference)>,
        selectors: &'a [(Scope, &'static str)],
    ) -> Self {
        LineTokens {
            parser: syntax.map(|(ss, s)| (ss, ParseState::new(s))),
            parsed: None,
            runs: None,
            at: 0,
            stack: ScopeStack::new(),
            selectors,
            cache: HashMap::new(),
        }
    }

    /// Parses the whole block as one text: syntect sets up each line's searches afresh, an
    /// eighth of highlighting a Python block line by line. Only for a grammar none of whose
    /// rules reaches past a line's end (quire's Python: a unit test below holds every block of
    /// a generated site and the fixtures to the same HTML both ways).
    fn parse_whole(&mut self, text: &str) {
        let Some((ss, state)) = &mut self.parser else {
            return;
        };
        let mut ops = state.parse_line(text, ss).unwrap_or_default();
        ops.reverse();
        self.parsed = Some(ops);
    }

    fn push_line(&mut self, line: &str, out: &mut String) {
        if let Some(runs) = &mut self.runs {
            let (from, to) = (self.at, self.at + line.len());
            let (mut open, mut start) = (None, from);
            while let Some(&(class, end)) = runs.last().filter(|_| start < to) {
                emit(
                    out,
                    &mut open,
                    class,
                    &line[start - from..end.min(to) - from],
                );
                start = end.min(to);
                runs.pop_if(|_| end <= to);
            }
            if open.is_some() {
                out.push_str("</span>");
            }
            self.at = to;
            return;
        }
        let ops = match (&mut self.parsed, &mut self.parser) {
            // A line's operations are those before its end; one at the very end of a line
            // changes no text of it, so the next line may as well take it.
            (Some(parsed), _) => {
                let (from, to) = (self.at, self.at + line.len());
                let mut ops = Vec::new();
                while let Some(op) = parsed.pop_if(|(pos, _)| *pos < to) {
                    ops.push((op.0 - from, op.1));
                }
                self.at = to;
                ops
            }
            (None, Some((ss, state))) => state.parse_line(line, ss).unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        if self.parser.is_none() || ops.is_empty() && self.stack.is_empty() {
            escape_into(out, line);
            return;
        }
        let mut open: Option<&'static str> = None;
        let mut start = 0;
        for (pos, op) in ops {
            if pos > start {
                let class = self.class();
                emit(out, &mut open, class, &line[start..pos]);
                start = pos;
            }
            // A malformed op from a syntax is not worth failing a page over.
            let _ = self.stack.apply(&op);
        }
        if start < line.len() {
            let class = self.class();
            emit(out, &mut open, class, &line[start..]);
        }
        if open.is_some() {
            out.push_str("</span>");
        }
    }

    /// The class of the innermost scope that has one.
    fn class(&mut self) -> Option<&'static str> {
        for scope in self.stack.as_slice().iter().rev() {
            let selectors = self.selectors;
            let class = *self.cache.entry(*scope).or_insert_with(|| {
                selectors
                    .iter()
                    .find(|(sel, _)| sel.is_prefix_of(*scope))
                    .map(|(_, c)| *c)
            });
            if class.is_some() {
                return class;
            }
        }
        None
    }
}

/// Appends `text` with class `class`, reusing the open span when the class is the same.
fn emit(
    out: &mut String,
    open: &mut Option<&'static str>,
    class: Option<&'static str>,
    text: &str,
) {
    // A span around a line break or blank would be wasted bytes.
    let class = if text.trim().is_empty() { *open } else { class };
    if class != *open {
        if open.is_some() {
            out.push_str("</span>");
        }
        if let Some(c) = class {
            out.push_str("<span class=\"");
            out.push_str(c);
            out.push_str("\">");
        }
        *open = class;
    }
    escape_into(out, text);
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape_into(out: &mut String, text: &str) {
    escape(out, text, false);
}

/// Escapes for HTML; `apostrophes` also for single-quoted attributes (templates may write those;
/// code, the bulk of a page, does not need it). Byte scan with whole-run copies.
pub fn escape(out: &mut String, text: &str, apostrophes: bool) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' if apostrophes => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// The stylesheet for the classes above: light, with a dark variant.
pub const STYLESHEET: &str = include_str!("syntax.css");

#[cfg(test)]
mod tests {
    use super::*;

    /// Python's blocks, parsed whole, come out as they do parsed line by line: every block of
    /// a generated site (random and often invalid Python, so a fuzz of the grammar), the
    /// fixtures, and the cases where a rule could reach into the next line.
    #[test]
    fn python_parsed_whole_is_python_parsed_line_by_line() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let made = std::process::Command::new("python3")
            .arg(root.join("bench/gen_corpus.py"))
            .args(["--pages", "400", "--peers", "ours", "--out"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("python3 runs bench/gen_corpus.py");
        assert!(made.success());
        let mut blocks: Vec<(String, &str)> = Vec::new();
        for entry in walkdir::WalkDir::new(dir.path()).sort_by_file_name() {
            let entry = entry.expect("the generated site");
            if entry.path().extension().is_some_and(|e| e == "markdown") {
                let text = std::fs::read_to_string(entry.path()).expect("a page");
                for part in text.split("```python\n").skip(1) {
                    let code = part.split("```").next().unwrap_or_default();
                    blocks.push((code.to_string(), "python"));
                }
            }
        }
        let generated = blocks.len();
        assert!(generated > 500, "only {generated} blocks were generated");
        for entry in std::fs::read_dir(root.join("bench/highlight_fixtures")).expect("fixtures") {
            let path = entry.expect("a fixture").path();
            blocks.push((std::fs::read_to_string(path).expect("a fixture"), "python"));
        }
        for code in [
            "x = class\nFoo()\n",
            "def\nname(): pass\n",
            "import a\nas_b = 1\nfrom b\nimport c\n",
            "s = f'{x =\n}'\nt = f\"{(1,\n2)}\"\n",
            "u = '\\N{LATIN\nSMALL}'\nv = \"\"\"a\n\\N{DASH}\nb\"\"\"\n",
            "w = 'open\nx = r\"raw\\\ny = b'''\n'''\n",
            "match x:\n    case 1:\n        yield\nfrom y\n",
            "~~marked = 1\nplain = 2\n~~# comment\n",
            "",
            "no_newline_at_end",
        ] {
            blocks.push((code.to_string(), "python linenums=\"1\" hl_lines=\"2\""));
        }
        let h = Highlighter::new();
        for (code, info) in &blocks {
            assert_eq!(
                h.render_block_as(code, &Fence::parse(info), true),
                h.render_block_as(code, &Fence::parse(info), false),
                "{code}"
            );
        }
    }

    /// Python's fences take quire-highlight's tokens, Pygments' own, even where a rule reaches
    /// past a line's end (a class's name after a continued line).
    #[test]
    fn python_fences_get_pygments_tokens() {
        let h = Highlighter::new();
        let html = h.render_block("class \\\n        Repo(Base):\n    pass\n", "py");
        assert!(html.contains("<span class=\"nc\">Repo</span>"), "{html}");
        assert!(h.identity().contains(quire_highlight::IDENTITY));
    }

    #[test]
    fn titles_and_line_numbers() {
        let h = Highlighter::new();
        let html = h.render_block("a\n", "text title=\"a.txt\"");
        assert!(
            html.starts_with(
                "<div class=\"language-text highlight\"><span class=\"filename\">a.txt</span><pre><code"
            ),
            "{html}"
        );
        // Numbered, as Pygments' table (Material's): the numbers in a column of their own.
        let html = h.render_block("a\nb\n", "text title=\"a.txt\" linenums=\"9\"");
        assert_eq!(
            html,
            "<div class=\"language-text highlight\"><table class=\"highlighttable\"><tr>\
             <th colspan=\"2\" class=\"filename\"><span class=\"filename\">a.txt</span></th></tr><tr>\
             <td class=\"linenos\"><div class=\"linenodiv\"><pre><span></span>\
             <span class=\"normal\">9</span>\n<span class=\"normal\">10</span></pre></div></td>\
             <td class=\"code\"><div><pre><code data-lang=\"text\">a\nb\n</code></pre></div></td></tr></table></div>\n"
        );
    }

    #[test]
    fn python_gets_short_merged_classes() {
        let h = Highlighter::new();
        let html = h.render_block("def f(x):\n    return \"a\" # done\n", "python");
        assert!(
            html.contains("<span class=\"k\">def </span><span class=\"nf\">f</span>(x)"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"s\">&quot;a&quot; </span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"c\"># done"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn the_lean_python_grammar_marks_what_readers_look_for() {
        let h = Highlighter::new();
        let code = "@app.route(\"/\")\nclass Repo(Base):\n    '''Doc.'''\n    def get(self, key=None):\n        if not isinstance(key, str):\n            raise ValueError(\"bad \\n key\")\n        return 0x1F + 2.5e3  # note\n";
        let html = h.render_block(code, "python");
        for expected in [
            // Pygments' reading: the decorator's name, then an attribute.
            "<span class=\"nd\">@app</span><span class=\"o\">.</span>route(",
            "<span class=\"k\">class </span><span class=\"nc\">Repo</span>",
            "<span class=\"s\">'''Doc.'''",
            "<span class=\"k\">def </span><span class=\"nf\">get</span>",
            "<span class=\"bp\">self</span>",
            "<span class=\"kc\">None</span>",
            "<span class=\"ow\">not </span>",
            "<span class=\"nb\">isinstance</span>",
            "<span class=\"ne\">ValueError</span>",
            "<span class=\"se\">\\n</span>",
            "<span class=\"m\">0x1F",
            "<span class=\"c\"># note",
        ] {
            assert!(html.contains(expected), "{expected} not in {html}");
        }
        // Other languages still use syntect's full set.
        assert!(h
            .render_block("echo \"$HOME\"\n", "bash")
            .contains("<span class="));
    }

    /// The fence names the README lists, and the grammar each gets.
    #[test]
    fn fence_names_find_their_grammars() {
        let h = Highlighter::new();
        for (token, name) in [
            ("jinja", "Jinja2"),
            ("jinja2", "Jinja2"),
            ("j2", "Jinja2"),
            ("django", "Jinja2"),
            ("htmldjango", "HTML (Jinja2)"),
            ("posh", "PowerShell"),
            ("dosini", "INI"),
            ("html+jinja", "HTML (Jinja2)"),
            ("html+django", "HTML (Jinja2)"),
            ("toml", "TOML"),
            ("dockerfile", "Dockerfile"),
            ("docker", "Dockerfile"),
            ("ini", "INI"),
            ("cfg", "INI"),
            ("nginx", "nginx"),
            ("ts", "TypeScript"),
            ("typescript", "TypeScript"),
            ("tsx", "TypeScriptReact"),
            ("powershell", "PowerShell"),
            ("ps1", "PowerShell"),
            ("pwsh", "PowerShell"),
            ("kotlin", "Kotlin"),
            ("kt", "Kotlin"),
            ("swift", "Swift"),
            ("http", "HTTP Request and Response"),
            ("diff", "Diff"),
            ("python", "Python"),
            ("py", "Python"),
            ("bash", "Bourne Again Shell (bash)"),
        ] {
            let found = h.find(token).map(|(_, s)| s.name.as_str());
            assert_eq!(found, Some(name), "fence `{token}`");
        }
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        let h = Highlighter::new();
        let html = h.render_block("<b>&</b>\n", "no-such-language");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<span"));
    }

    #[test]
    fn marked_and_numbered_lines_are_emphasised() {
        let h = Highlighter::new();
        let html = h.render_block("a = 1\n~~b = 2\nc = 3\n", "python hl_lines=3");
        assert_eq!(html.matches("class=\"hll\"").count(), 2, "{html}");
        assert!(!html.contains("~~"));
    }
}
