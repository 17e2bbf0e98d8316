//! TOML, token for token as Pygments' `TOMLLexer` (2.21) reads it: keys are plain, a table's
//! header is a keyword, and after `=` one value (a date, a number, a string, `true`/`false`,
//! an array or an inline table) is read before keys are again.

use crate::scan::{byte, char_at, is_digit, is_space, no_rule, pop, run_end, Sink};
use crate::Class;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Root,
    TableKey,
    Value,
    Array,
    InlineTable,
    /// `"…"`, `"""…"""` (when `true`).
    Basic(bool),
    /// `'…'`, `'''…'''` (when `true`).
    Literal(bool),
}

/// Lexes `text` (which ends with a line break, or is empty) as TOML.
pub(crate) fn lex<F: FnMut(Class, &str)>(text: &str, sink: &mut Sink<'_, F>) {
    let mut lexer = Lexer {
        s: text,
        stack: vec![State::Root],
    };
    let mut pos = 0;
    while pos < text.len() {
        let state = *lexer.stack.last().unwrap_or(&State::Root);
        let token = match state {
            State::Root => lexer.key_or(pos, Class::Operator),
            State::InlineTable => lexer.key_or(pos, Class::Plain),
            State::TableKey => lexer.table_key(pos),
            State::Value => lexer.value(pos),
            State::Array => lexer.array(pos),
            State::Basic(triple) => lexer.basic(pos, triple),
            State::Literal(triple) => lexer.literal(pos, triple),
        };
        let Some(tokens) = token else {
            // No rule: one character of `Error`; a line break goes back to `root`.
            pos = no_rule(text, pos, &mut lexer.stack);
            sink.push(Class::Plain, pos);
            continue;
        };
        for (class, end) in tokens.iter().flatten() {
            sink.push(*class, *end);
            pos = *end;
        }
    }
}

/// Up to two tokens a rule gives: `(class, end)`.
type Tokens = [Option<(Class, usize)>; 2];

fn one(class: Class, end: usize) -> Option<Tokens> {
    Some([Some((class, end)), None])
}

struct Lexer<'s> {
    s: &'s str,
    stack: Vec<State>,
}

impl Lexer<'_> {
    /// Pops `value` and pushes the state a value opens.
    fn replace(&mut self, state: State) {
        pop(&mut self.stack);
        self.stack.push(state);
    }

    /// `\s+` and `#.*`, which `root`, `array` and `inline-table` share.
    fn space_or_comment(&self, pos: usize) -> Option<Tokens> {
        let c = char_at(self.s, pos)?.0;
        if is_space(c) {
            return one(Class::Plain, run_end(self.s, pos, is_space));
        }
        (c == '#').then(|| {
            let end = self.s[pos..].find('\n').map_or(self.s.len(), |i| pos + i);
            [Some((Class::Comment, end)), None]
        })
    }

    /// `root` (`=` an operator) and `inline-table` (`=` punctuation): white space, comments,
    /// keys, `=` and the value after it; `[` a table's header, `,` and `}` in a table.
    fn key_or(&mut self, pos: usize, equals: Class) -> Option<Tokens> {
        if let Some(t) = self.space_or_comment(pos) {
            return Some(t);
        }
        let b = byte(self.s, pos);
        if let Some(t) = self.key(pos, Class::Plain) {
            return Some(t);
        }
        let inline = equals == Class::Plain;
        match b {
            b'=' => {
                self.stack.push(State::Value);
                let end = run_end(self.s, pos + 1, is_space);
                Some([Some((equals, pos + 1)), Some((Class::Plain, end))])
            }
            b'[' if !inline => {
                self.stack.push(State::TableKey);
                let n = if byte(self.s, pos + 1) == b'[' { 2 } else { 1 };
                one(Class::Keyword, pos + n)
            }
            b',' if inline => one(Class::Plain, pos + 1),
            b'}' if inline => {
                pop(&mut self.stack);
                one(Class::Plain, pos + 1)
            }
            _ => None,
        }
    }

    /// `key` (bare words and dots as `words`) and, in a table's header, `key`'s rules.
    fn key(&mut self, pos: usize, words: Class) -> Option<Tokens> {
        let b = byte(self.s, pos);
        if is_bare(b) {
            let end = pos
                + self.s.as_bytes()[pos..]
                    .iter()
                    .take_while(|&&b| is_bare(b))
                    .count();
            return one(words, end);
        }
        match b {
            b'"' => {
                self.stack.push(State::Basic(false));
                one(Class::String, pos + 1)
            }
            b'\'' => {
                self.stack.push(State::Literal(false));
                one(Class::String, pos + 1)
            }
            b'.' => one(words, pos + 1),
            _ => None,
        }
    }

    fn table_key(&mut self, pos: usize) -> Option<Tokens> {
        if let Some(t) = self.key(pos, Class::Keyword) {
            return Some(t);
        }
        match byte(self.s, pos) {
            b']' => {
                pop(&mut self.stack);
                let n = if byte(self.s, pos + 1) == b']' { 2 } else { 1 };
                one(Class::Keyword, pos + n)
            }
            b' ' | b'\t' => {
                let end = run_end(self.s, pos, |c| c == ' ' || c == '\t');
                one(Class::Plain, end)
            }
            _ => None,
        }
    }

    fn array(&mut self, pos: usize) -> Option<Tokens> {
        if let Some(t) = self.space_or_comment(pos) {
            return Some(t);
        }
        match byte(self.s, pos) {
            b',' => one(Class::Plain, pos + 1),
            b']' => {
                pop(&mut self.stack);
                one(Class::Plain, pos + 1)
            }
            _ => {
                // `default('value')`
                self.stack.push(State::Value);
                self.value(pos)
            }
        }
    }

    fn value(&mut self, pos: usize) -> Option<Tokens> {
        let s = self.s;
        let rest = &s[pos..];
        if let Some(end) = date_time(s, pos).or_else(|| time(s, pos)) {
            pop(&mut self.stack);
            return one(Class::Date, end);
        }
        if let Some(end) = number(s, pos) {
            pop(&mut self.stack);
            return one(Class::Number, end);
        }
        let (state, n) = if rest.starts_with("\"\"\"") {
            (State::Basic(true), 3)
        } else if rest.starts_with('"') {
            (State::Basic(false), 1)
        } else if rest.starts_with("'''") {
            (State::Literal(true), 3)
        } else if rest.starts_with('\'') {
            (State::Literal(false), 1)
        } else if rest.starts_with("true") || rest.starts_with("false") {
            pop(&mut self.stack);
            return one(
                Class::KeywordConstant,
                pos + if rest.starts_with('t') { 4 } else { 5 },
            );
        } else if rest.starts_with('[') {
            self.replace(State::Array);
            return one(Class::Plain, pos + 1);
        } else if rest.starts_with('{') {
            self.replace(State::InlineTable);
            return one(Class::Plain, pos + 1);
        } else {
            return None;
        };
        self.replace(state);
        one(Class::String, pos + n)
    }

    fn basic(&mut self, pos: usize, triple: bool) -> Option<Tokens> {
        let s = self.s;
        let rest = &s[pos..];
        let close = if triple { "\"\"\"" } else { "\"" };
        if rest.starts_with(close) {
            pop(&mut self.stack);
            return one(Class::String, pos + close.len());
        }
        if triple && rest.starts_with("\\\n") {
            return Some([
                Some((Class::Escape, pos + 1)),
                Some((Class::Plain, pos + 2)),
            ]);
        }
        if rest.starts_with('\\') {
            let (kind, len) = match byte(self.s, pos + 1) {
                b'x' => (true, 2),
                b'u' => (true, 4),
                b'U' => (true, 8),
                _ => (false, 0),
            };
            let hex = &s.as_bytes()[pos + 2..];
            if kind && hex.len() >= len && hex[..len].iter().all(u8::is_ascii_hexdigit) {
                return one(Class::Escape, pos + 2 + len);
            }
            // `\\.`: any character but a line break.
            return match char_at(s, pos + 1) {
                Some((c, n)) if c != '\n' => one(Class::Escape, pos + 1 + n),
                _ => None,
            };
        }
        let end = pos + rest.find(['"', '\\']).unwrap_or(rest.len());
        if end > pos {
            return one(Class::String, end);
        }
        // In `"""…"""`, a lone `"`.
        triple.then(|| [Some((Class::String, pos + 1)), None])
    }

    fn literal(&mut self, pos: usize, triple: bool) -> Option<Tokens> {
        let rest = &self.s[pos..];
        if !triple {
            // `.*?'`
            let line = rest.find('\n').unwrap_or(rest.len());
            let end = pos + rest[..line].find('\'')? + 1;
            pop(&mut self.stack);
            return one(Class::String, end);
        }
        if rest.starts_with("'''") {
            pop(&mut self.stack);
            return one(Class::String, pos + 3);
        }
        let end = pos + rest.find('\'').unwrap_or(rest.len());
        one(Class::String, end.max(pos + 1))
    }
}

fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// `n` characters of `\d` from `pos`: where they end.
fn digits(s: &str, mut pos: usize, n: usize) -> Option<usize> {
    for _ in 0..n {
        let (c, len) = char_at(s, pos)?;
        if !is_digit(c) {
            return None;
        }
        pos += len;
    }
    Some(pos)
}

/// `\d\d:\d\d(:\d\d(\.\d+)?)?`
fn time(s: &str, pos: usize) -> Option<usize> {
    let p = digits(s, pos, 2)?;
    let p = digits(s, literal(s, p, ':')?, 2)?;
    let Some(seconds) = literal(s, p, ':').and_then(|q| digits(s, q, 2)) else {
        return Some(p);
    };
    let fraction = literal(s, seconds, '.')
        .filter(|&q| digits(s, q, 1).is_some())
        .map(|q| run_end(s, q, is_digit));
    Some(fraction.unwrap_or(seconds))
}

/// `\d\d\d\d-\d\d-\d\d([Tt ]TIME([Zz]|[+-]\d\d:\d\d)?)?`
fn date_time(s: &str, pos: usize) -> Option<usize> {
    let p = digits(s, pos, 4)?;
    let p = digits(s, literal(s, p, '-')?, 2)?;
    let date = digits(s, literal(s, p, '-')?, 2)?;
    let Some(clock) = char_at(s, date)
        .filter(|&(c, _)| matches!(c, 'T' | 't' | ' '))
        .and_then(|_| time(s, date + 1))
    else {
        return Some(date);
    };
    let zone = match s.as_bytes().get(clock) {
        Some(b'Z' | b'z') => Some(clock + 1),
        Some(b'+' | b'-') => digits(s, clock + 1, 2)
            .and_then(|q| literal(s, q, ':'))
            .and_then(|q| digits(s, q, 2)),
        _ => None,
    };
    Some(zone.unwrap_or(clock))
}

fn literal(s: &str, pos: usize, c: char) -> Option<usize> {
    s[pos..].starts_with(c).then(|| pos + c.len_utf8())
}

/// The numbers' rules, in order: floats with an exponent, floats with a fraction, `inf`/`nan`,
/// binary, octal, hexadecimal, decimal integers.
fn number(s: &str, pos: usize) -> Option<usize> {
    let b = s.as_bytes();
    let at = |p: usize| b.get(p).copied().unwrap_or(0);
    let sign = usize::from(matches!(at(pos), b'+' | b'-'));
    let int = |p: usize| -> Option<usize> {
        // `\d[0-9_]*`
        let (c, n) = char_at(s, p)?;
        is_digit(c).then(|| {
            p + n
                + b[p + n..]
                    .iter()
                    .take_while(|&&b| b.is_ascii_digit() || b == b'_')
                    .count()
        })
    };
    let exponent = |p: usize| -> Option<usize> {
        if !matches!(at(p), b'e' | b'E') {
            return None;
        }
        let q = p + 1 + usize::from(matches!(at(p + 1), b'+' | b'-'));
        int(q)
    };
    if let Some(mantissa) = int(pos + sign) {
        if let Some(end) = exponent(mantissa) {
            return Some(end);
        }
        if at(mantissa) == b'.' {
            if let Some(fraction) = int(mantissa + 1) {
                return Some(exponent(fraction).unwrap_or(fraction));
            }
        }
    }
    let rest = &s[pos + sign..];
    if rest.starts_with("inf") || rest.starts_with("nan") {
        return Some(pos + sign + 3);
    }
    let minus = usize::from(at(pos) == b'-');
    for (prefix, ok) in [
        (
            "0b",
            (|b: u8| b == b'0' || b == b'1' || b == b'_') as fn(u8) -> bool,
        ),
        ("0o", |b: u8| (b'0'..=b'7').contains(&b) || b == b'_'),
        ("0x", |b: u8| b.is_ascii_hexdigit() || b == b'_'),
    ] {
        if s[pos + minus..].starts_with(prefix) {
            let from = pos + minus + 2;
            let n = b[from..].iter().take_while(|&&b| ok(b)).count();
            if n > 0 {
                return Some(from + n);
            }
        }
    }
    let n = b[pos + sign..]
        .iter()
        .take_while(|&&b| b.is_ascii_digit() || b == b'_')
        .count();
    (n > 0).then_some(pos + sign + n)
}
