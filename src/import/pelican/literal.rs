//! A Python settings file's literal assignments, read without running it: strings, numbers,
//! booleans, None, tuples, lists and dicts. A full Python parser (rustpython-parser) would be a
//! large dependency for the literal subset settings use.

use std::collections::HashMap;
use std::iter::Peekable;
use std::str::Chars;

/// A Python literal.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Py {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    /// A list or a tuple.
    List(Vec<Py>),
    Dict(Vec<(Py, Py)>),
}

/// One top-level statement of a settings file.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Statement {
    /// `NAME = literal`.
    Setting {
        name: String,
        value: Py,
        line: usize,
    },
    /// `NAME = something that is not a literal`.
    Computed { name: String, line: usize },
    /// Any other statement (imports aside), by its first line.
    Other { text: String, line: usize },
    /// `from pelicanconf import *` (or `from .pelicanconf import *`): the settings of the file
    /// `pelicanconf.py` beside this one, as if written here.
    StarImport { module: String, line: usize },
}

impl Statement {
    /// The line the statement starts on.
    pub(super) fn line(&self) -> usize {
        match self {
            Statement::Setting { line, .. }
            | Statement::Computed { line, .. }
            | Statement::Other { line, .. }
            | Statement::StarImport { line, .. } => *line,
        }
    }
}

/// How deep brackets may nest in a literal quire reads. Python's own parser stops at 200; the
/// site.yaml written from it is read back by serde_yaml, which stops at 128; the reader and
/// the writer recurse once per level.
const MAX_NESTING: usize = 100;

/// The top-level statements of a settings file; a literal nested too deep to read is an
/// error at its line.
#[cfg(test)]
pub(super) fn parse(text: &str) -> Result<Vec<Statement>, (usize, String)> {
    parse_after(text, &HashMap::new())
}

/// As [`parse`], where `known` holds the settings read before this file (those of a file it
/// imports): a value may be computed from them and from the settings above it, in the simple
/// expressions settings files use: a setting's name, `DEFAULT_CONFIG['NAME']` (Pelican's
/// defaults), a dict's `['key']`, and `+` of lists, tuples, strings or numbers
/// (`DIRECT_TEMPLATES = DEFAULT_CONFIG['DIRECT_TEMPLATES'] + ['search']`).
pub(super) fn parse_after(
    text: &str,
    known: &HashMap<String, Py>,
) -> Result<Vec<Statement>, (usize, String)> {
    let mut known = known.clone();
    let mut out = Vec::new();
    for (line, stmt) in statements(text) {
        let trimmed = stmt.trim();
        if let Some(module) = star_import(trimmed).filter(|_| !stmt.starts_with([' ', '\t'])) {
            out.push(Statement::StarImport { module, line });
            continue;
        }
        if trimmed.is_empty()
            || stmt.starts_with([' ', '\t'])
            || trimmed.starts_with("import ")
            || trimmed.starts_with("from ")
        {
            continue;
        }
        let mut p = Lexer::new(trimmed, &known);
        let assignment = p.name().filter(|_| p.eat('=') && !p.peek_is('='));
        match assignment {
            Some(name) => match p.value().filter(|_| p.at_end()) {
                Some(value) => {
                    known.insert(name.clone(), value.clone());
                    out.push(Statement::Setting { name, value, line })
                }
                None if p.too_deep => {
                    return Err((
                        line,
                        format!("{name}'s value nests brackets more than {MAX_NESTING} deep, more than quire reads; write it flatter, or leave it out and set it in site.yaml by hand"),
                    ))
                }
                None => out.push(Statement::Computed { name, line }),
            },
            None => out.push(Statement::Other {
                text: trimmed
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(60)
                    .collect(),
                line,
            }),
        }
    }
    Ok(out)
}

/// The module of `from NAME import *` or `from .NAME import *` (`a.b` for `from a.b import *`).
fn star_import(stmt: &str) -> Option<String> {
    let rest = stmt.strip_prefix("from ")?.trim_start();
    let (module, names) = rest.split_once(char::is_whitespace)?;
    let names = names.trim_start().strip_prefix("import")?;
    if names.trim() != "*" {
        return None;
    }
    let module = module.strip_prefix('.').unwrap_or(module);
    let valid = !module.is_empty()
        && (module.split('.'))
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'));
    valid.then(|| module.to_string())
}

/// Splits a file into logical lines (joined over brackets, triple quotes and `\`), comments
/// removed, each with its first line number.
fn statements(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start_line = 1;
    let mut line = 1;
    let mut depth: i32 = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' => line += copy_string(c, &mut chars, &mut cur),
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
                line += 1;
                cur.push(' ');
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(c);
            }
            '\n' => {
                line += 1;
                if depth > 0 {
                    cur.push(' ');
                } else {
                    out.push((start_line, std::mem::take(&mut cur)));
                    start_line = line;
                }
            }
            ';' if depth == 0 => {
                out.push((start_line, std::mem::take(&mut cur)));
                // The next statement on the line is not indented code.
                while chars.peek().is_some_and(|&c| c == ' ' || c == '\t') {
                    chars.next();
                }
            }
            c => cur.push(c),
        }
    }
    out.push((start_line, cur));
    out
}

/// Copies a string literal whole, triple-quoted or not, from its opening quote `q` (already
/// read) to its end; returns how many lines it ends below where it began.
fn copy_string(q: char, chars: &mut Peekable<Chars<'_>>, cur: &mut String) -> usize {
    let mut lines = 0;
    cur.push(q);
    let triple = chars.peek() == Some(&q) && {
        let mut ahead = chars.clone();
        ahead.next();
        ahead.next() == Some(q)
    };
    if triple {
        cur.push(chars.next().expect("peeked"));
        cur.push(chars.next().expect("peeked"));
    }
    let mut run = 0;
    while let Some(d) = chars.next() {
        cur.push(d);
        if d == '\n' {
            lines += 1;
            if !triple {
                break;
            }
        }
        if d == '\\' {
            if let Some(e) = chars.next() {
                cur.push(e);
            }
            run = 0;
            continue;
        }
        if d == q {
            run += 1;
            if !triple || run == 3 {
                break;
            }
        } else {
            run = 0;
        }
    }
    lines
}

/// Pelican's defaults (its `DEFAULT_CONFIG`) that settings files extend, as Pelican 4 has them.
fn pelican_default(name: &str) -> Option<Py> {
    let strs = |items: &[&str]| Py::List(items.iter().map(|s| Py::Str(s.to_string())).collect());
    Some(match name {
        "DIRECT_TEMPLATES" => strs(&["index", "tags", "categories", "authors", "archives"]),
        "PAGINATED_DIRECT_TEMPLATES" => strs(&["index"]),
        "STATIC_PATHS" => strs(&["images"]),
        "THEME_STATIC_PATHS" => strs(&["static"]),
        "PAGE_PATHS" => strs(&["pages"]),
        "ARTICLE_PATHS" => strs(&[""]),
        "PLUGINS" => Py::List(Vec::new()),
        "MARKDOWN" => Py::Dict(vec![
            (
                Py::Str("extension_configs".into()),
                Py::Dict(vec![
                    (
                        Py::Str("markdown.extensions.codehilite".into()),
                        Py::Dict(vec![(
                            Py::Str("css_class".into()),
                            Py::Str("highlight".into()),
                        )]),
                    ),
                    (
                        Py::Str("markdown.extensions.extra".into()),
                        Py::Dict(Vec::new()),
                    ),
                    (
                        Py::Str("markdown.extensions.meta".into()),
                        Py::Dict(Vec::new()),
                    ),
                ]),
            ),
            (Py::Str("output_format".into()), Py::Str("html5".into())),
        ]),
        _ => return None,
    })
}

/// `a + b` as Python adds literals: lists (and tuples) and strings joined, numbers summed.
fn add(a: Py, b: Py) -> Option<Py> {
    Some(match (a, b) {
        (Py::List(mut a), Py::List(b)) => {
            a.extend(b);
            Py::List(a)
        }
        (Py::Str(a), Py::Str(b)) => Py::Str(a + &b),
        (Py::Int(a), Py::Int(b)) => Py::Int(a.checked_add(b)?),
        (Py::Float(a), Py::Float(b)) => Py::Float(a + b),
        _ => return None,
    })
}

/// Reads one literal at a time from a logical line.
struct Lexer<'a> {
    s: &'a str,
    at: usize,
    /// The settings read so far, which a value may name.
    known: &'a HashMap<String, Py>,
    /// Brackets open around the value being read.
    depth: usize,
    /// A value nested deeper than `MAX_NESTING` was met (and not read).
    too_deep: bool,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str, known: &'a HashMap<String, Py>) -> Self {
        Lexer {
            s,
            at: 0,
            known,
            depth: 0,
            too_deep: false,
        }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn skip_space(&mut self) {
        let r = self.rest();
        self.at += r.len() - r.trim_start().len();
    }

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.rest().is_empty()
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn peek_is(&mut self, c: char) -> bool {
        self.skip_space();
        self.rest().starts_with(c)
    }

    fn name(&mut self) -> Option<String> {
        self.skip_space();
        let r = self.rest();
        let len = r
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(r.len());
        if len == 0 || r.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.at += len;
        Some(r[..len].to_string())
    }

    /// One literal; brackets are read by recursion, bounded by `MAX_NESTING`.
    fn value(&mut self) -> Option<Py> {
        if self.depth >= MAX_NESTING {
            self.too_deep = true;
            return None;
        }
        self.depth += 1;
        let mut value = self.value_here();
        while value.is_some() && self.eat('+') {
            let right = self.value_here();
            value = value.zip(right).and_then(|(a, b)| add(a, b));
        }
        self.depth -= 1;
        value
    }

    /// A setting read before (`SITEURL`), or one of Pelican's defaults
    /// (`DEFAULT_CONFIG['DIRECT_TEMPLATES']`), then any `['key']` of it.
    fn named(&mut self, name: &str) -> Option<Py> {
        let mut value = match name {
            "DEFAULT_CONFIG" => {
                let Some(Py::Str(key)) = self.subscript() else {
                    return None;
                };
                pelican_default(&key)?
            }
            _ => self.known.get(name)?.clone(),
        };
        while self.peek_is('[') {
            let key = self.subscript()?;
            let Py::Dict(pairs) = value else {
                return None;
            };
            value = pairs.into_iter().find(|(k, _)| *k == key)?.1;
        }
        Some(value)
    }

    /// `['key']`.
    fn subscript(&mut self) -> Option<Py> {
        if !self.eat('[') {
            return None;
        }
        let key = self.value_here()?;
        self.eat(']').then_some(key)
    }

    fn value_here(&mut self) -> Option<Py> {
        self.skip_space();
        match self.rest().chars().next()? {
            '(' => self.sequence(')'),
            '[' => self.sequence(']'),
            '{' => self.dict(),
            '-' | '+' | '0'..='9' | '.' => self.number(),
            _ => {
                if let Some(s) = self.strings() {
                    return Some(Py::Str(s));
                }
                match self.name()?.as_str() {
                    "True" => Some(Py::Bool(true)),
                    "False" => Some(Py::Bool(false)),
                    "None" => Some(Py::None),
                    name => self.named(name),
                }
            }
        }
    }

    /// A tuple or a list, from its opening bracket to `close`.
    fn sequence(&mut self, close: char) -> Option<Py> {
        self.at += 1;
        let mut items = Vec::new();
        let mut tuple_comma = false;
        loop {
            if self.eat(close) {
                break;
            }
            items.push(self.value()?);
            if self.eat(',') {
                tuple_comma = true;
                continue;
            }
            if !self.eat(close) {
                return None;
            }
            break;
        }
        // `(x)` is x, not a tuple.
        if close == ')' && items.len() == 1 && !tuple_comma {
            return items.pop();
        }
        Some(Py::List(items))
    }

    /// A dict, from its opening brace to its closing one.
    fn dict(&mut self) -> Option<Py> {
        self.at += 1;
        let mut pairs = Vec::new();
        loop {
            if self.eat('}') {
                break;
            }
            let k = self.value()?;
            if !self.eat(':') {
                return None;
            }
            pairs.push((k, self.value()?));
            if !self.eat(',') {
                if !self.eat('}') {
                    return None;
                }
                break;
            }
        }
        Some(Py::Dict(pairs))
    }

    fn number(&mut self) -> Option<Py> {
        let r = self.rest();
        let len = r
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit()
                    || matches!(c, '.' | '_' | 'e' | 'E')
                    || (i == 0 && matches!(c, '-' | '+')))
            })
            .map_or(r.len(), |(i, _)| i);
        let text = r[..len].replace('_', "");
        self.at += len;
        match text.parse::<i64>() {
            Ok(n) => Some(Py::Int(n)),
            Err(_) => text.parse::<f64>().ok().map(Py::Float),
        }
    }

    /// One or more adjacent string literals, joined as Python joins them.
    fn strings(&mut self) -> Option<String> {
        let mut out: Option<String> = None;
        loop {
            self.skip_space();
            let save = self.at;
            match self.string() {
                Some(s) => out.get_or_insert_with(String::new).push_str(&s),
                None => {
                    self.at = save;
                    return out;
                }
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let r = self.rest();
        let prefix = r
            .find(['"', '\''])
            .filter(|&i| i <= 2 && r[..i].chars().all(|c| "rRuUbB".contains(c)))?;
        let raw = r[..prefix].contains(['r', 'R']);
        let body = &r[prefix..];
        let q = body.chars().next()?;
        let triple: String = std::iter::repeat_n(q, 3).collect();
        let (delim, start) = if body.starts_with(&triple) {
            (triple.as_str(), 3)
        } else {
            (&body[..1], 1)
        };
        let mut out = String::new();
        let mut chars = body[start..].char_indices();
        while let Some((i, c)) = chars.next() {
            if body[start + i..].starts_with(delim) {
                self.at += prefix + start + i + delim.len();
                return Some(out);
            }
            if c == '\\' && !raw {
                match chars.next()?.1 {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '\n' => {}
                    e => out.push(e),
                }
            } else {
                out.push(c);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(text: &str) -> Py {
        match &parse(text).unwrap()[..] {
            [Statement::Setting { value, .. }] => value.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn literals() {
        assert_eq!(setting("A = 'x'"), Py::Str("x".into()));
        assert_eq!(setting("A = u\"it's\""), Py::Str("it's".into()));
        assert_eq!(setting("A = 'a' \"b\"  # comment"), Py::Str("ab".into()));
        assert_eq!(setting("A = r'\\d'"), Py::Str("\\d".into()));
        assert_eq!(setting("A = '''one\ntwo'''"), Py::Str("one\ntwo".into()));
        assert_eq!(setting("A = -10"), Py::Int(-10));
        assert_eq!(setting("A = 1_000"), Py::Int(1000));
        assert_eq!(setting("A = 2.5"), Py::Float(2.5));
        assert_eq!(setting("A = True"), Py::Bool(true));
        assert_eq!(setting("A = None"), Py::None);
        assert_eq!(
            setting("A = (('a', 1),\n     ('b', 2),)"),
            Py::List(vec![
                Py::List(vec![Py::Str("a".into()), Py::Int(1)]),
                Py::List(vec![Py::Str("b".into()), Py::Int(2)]),
            ])
        );
        assert_eq!(setting("A = ('x')"), Py::Str("x".into()));
        assert_eq!(
            setting("A = {'k': [1, 2], \"j\": {}}"),
            Py::Dict(vec![
                (Py::Str("k".into()), Py::List(vec![Py::Int(1), Py::Int(2)])),
                (Py::Str("j".into()), Py::Dict(vec![])),
            ])
        );
    }

    #[test]
    fn simple_expressions_of_settings_and_pelicans_defaults_are_evaluated() {
        let s = parse(
            "SITEURL = 'https://x.example'\nFEED_DOMAIN = SITEURL + '/feeds'\n\
             DIRECT_TEMPLATES = DEFAULT_CONFIG['DIRECT_TEMPLATES'] + ['search']\n\
             M = {'a': {'b': 1}}\nN = M['a']['b'] + 2\nO = UNKNOWN + [1]\n",
        )
        .unwrap();
        let value = |name: &str| {
            s.iter().find_map(|st| match st {
                Statement::Setting { name: n, value, .. } if n == name => Some(value.clone()),
                _ => None,
            })
        };
        assert_eq!(
            value("FEED_DOMAIN"),
            Some(Py::Str("https://x.example/feeds".into()))
        );
        let templates = [
            "index",
            "tags",
            "categories",
            "authors",
            "archives",
            "search",
        ];
        assert_eq!(
            value("DIRECT_TEMPLATES"),
            Some(Py::List(
                templates.iter().map(|t| Py::Str(t.to_string())).collect()
            ))
        );
        assert_eq!(value("N"), Some(Py::Int(3)));
        assert!(s.contains(&Statement::Computed {
            name: "O".into(),
            line: 6
        }));
    }

    #[test]
    fn code_is_never_run_but_named() {
        let s = parse(
            "import os\nfrom x import y\nA = os.path.join('a')\nif A:\n    B = 1\ndef f():\n    pass\nC = 'c'; D = 2\n",
        )
        .unwrap();
        assert_eq!(
            s,
            vec![
                Statement::Computed {
                    name: "A".into(),
                    line: 3
                },
                Statement::Other {
                    text: "if A:".into(),
                    line: 4
                },
                Statement::Other {
                    text: "def f():".into(),
                    line: 6
                },
                Statement::Setting {
                    name: "C".into(),
                    value: Py::Str("c".into()),
                    line: 8
                },
                Statement::Setting {
                    name: "D".into(),
                    value: Py::Int(2),
                    line: 8
                },
            ]
        );
    }
}
