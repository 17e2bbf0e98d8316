//! JavaScript and TypeScript, rule for rule as Pygments' `JavascriptLexer` and `TypeScriptLexer`
//! (2.21) read them. Pygments does not parse: after an operator, an opening bracket or one of a
//! few keywords it enters `slashstartsregex`, where a `/` starts a regular expression (or, if
//! none closes on the line, makes the rest of the line an error); anywhere else `/` divides.
//! TypeScript puts its own rules in front of JavaScript's, among them `word: word`, whose second
//! word is always a type (`Keyword.Type`), even in an object literal.

use crate::scan::{char_at, char_before, is_space, is_word, run_end};
use crate::Class;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Root,
    /// Where a `/` starts a regular expression.
    SlashStartsRegex,
    /// A `/` that starts no regular expression: the rest of the line is an error.
    BadRegex,
    /// Inside `` `…` ``.
    Template,
    /// Inside a template's `${…}`: the root's rules until a `}`.
    Interpolation,
}

/// Lexes `text` as JavaScript, or as TypeScript when `typescript`, handing `sink` each token's
/// class and end in order.
pub(crate) fn lex(text: &str, sink: &mut dyn FnMut(Class, usize), typescript: bool) {
    let mut lexer = Lexer {
        s: text,
        stack: vec![State::Root],
        typescript,
    };
    let mut pos = 0;
    // Rules that match nothing only change the state; a few in a row at one place would be a
    // loop (none is known), so the next character is then taken as an error.
    let mut still = 0;
    while pos < text.len() {
        let state = *lexer.stack.last().unwrap_or(&State::Root);
        let end = match state {
            State::Root => lexer.root(pos, sink),
            State::Interpolation if text.as_bytes()[pos] == b'}' => {
                lexer.stack.pop();
                Some((Class::String, pos + 1))
            }
            State::Interpolation => lexer.root(pos, sink),
            State::SlashStartsRegex => lexer.slash_starts_regex(pos),
            State::BadRegex if text.as_bytes()[pos] == b'\n' => {
                lexer.stack.pop();
                Some((Class::Plain, pos + 1))
            }
            State::BadRegex => None,
            State::Template => lexer.template(pos),
        };
        match end {
            Some((class, end)) if end > pos || still < 4 => {
                still = if end > pos { 0 } else { still + 1 };
                sink(class, end);
                pos = end;
            }
            _ => {
                // No rule: one character of `Error`; a line break goes back to `root`.
                still = 0;
                if text.as_bytes()[pos] == b'\n' {
                    lexer.stack.truncate(1);
                    lexer.stack[0] = State::Root;
                }
                pos += char_at(text, pos).map_or(1, |(_, n)| n);
                sink(Class::Plain, pos);
            }
        }
    }
}

struct Lexer<'s> {
    s: &'s str,
    stack: Vec<State>,
    typescript: bool,
}

/// The class of a token and where it ends (at its start for a rule that only changes state).
type Token = Option<(Class, usize)>;

impl Lexer<'_> {
    fn byte(&self, pos: usize) -> u8 {
        self.s.as_bytes().get(pos).copied().unwrap_or(0)
    }

    /// The token at `pos` (ending after it) that then expects a regular expression.
    fn then_regex(&mut self, class: Class, end: usize) -> Token {
        self.stack.push(State::SlashStartsRegex);
        Some((class, end))
    }

    /// `root`: TypeScript's rules first, then JavaScript's. A rule may hand a token to `sink`
    /// before the one it returns.
    fn root(&mut self, pos: usize, sink: &mut dyn FnMut(Class, usize)) -> Token {
        if self.typescript {
            if let Some(token) = self.typescript_rule(pos, sink) {
                return Some(token);
            }
        }
        let s = self.s;
        let c = self.byte(pos);
        if pos == 0 && s.starts_with("#!") {
            let slash = if self.byte(2) == b' ' { 3 } else { 2 };
            if self.byte(slash) == b'/' {
                return Some((Class::Comment, line_end(s, slash + 1)));
            }
        }
        let line_start = pos == 0 || s.as_bytes()[pos - 1] == b'\n';
        if line_start && (c == b'/' || s[pos..].starts_with("<!--") || starts_space(s, pos)) {
            return self.then_regex(Class::Plain, pos);
        }
        if let Some(token) = comment_or_space(s, pos) {
            return Some(token);
        }
        if let Some(end) = number(s.as_bytes(), pos) {
            return Some((Class::Number, end));
        }
        if s[pos..].starts_with("...") || s[pos..].starts_with("=>") {
            return Some((Class::Plain, pos + if c == b'.' { 3 } else { 2 }));
        }
        if let Some(end) = operator(s.as_bytes(), pos) {
            return self.then_regex(Class::Operator, end);
        }
        match c {
            b'{' | b'(' | b'[' | b';' | b',' => return self.then_regex(Class::Plain, pos + 1),
            b'}' | b')' | b']' | b'.' => return Some((Class::Plain, pos + 1)),
            _ => {}
        }
        if let Some(token) = self.word(pos) {
            return Some(token);
        }
        if matches!(c, b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$') {
            // `name() {`: a method being defined (a name, but then a regular expression may
            // follow, as after any `(`).
            let end = run_end(s, pos, |c| is_word(c) || matches!(c, '?' | '.' | '$'));
            if s[end..].starts_with("() {") {
                return self.then_regex(Class::Plain, end);
            }
        }
        if let Some(end) = identifier(s, pos) {
            return Some((Class::Plain, end));
        }
        match c {
            b'"' | b'\'' => quoted(s.as_bytes(), pos).map(|end| (Class::String, end)),
            b'`' => {
                self.stack.push(State::Template);
                Some((Class::String, pos + 1))
            }
            b'#' if matches!(self.byte(pos + 1), b'a'..=b'z' | b'A'..=b'Z' | b'_') => {
                Some((Class::Plain, run_end(s, pos + 1, is_word)))
            }
            _ => None,
        }
    }

    /// The rules for a run of word characters: operator words, keywords, constants, builtins,
    /// exceptions (each `(…)\b`: the whole run is the word).
    fn word(&mut self, pos: usize) -> Token {
        let s = self.s;
        let end = run_end(s, pos, is_word);
        if end == pos {
            return None;
        }
        let word = &s[pos..end];
        let after_word = char_before(s, pos).is_some_and(is_word);
        if OPERATOR_WORDS.contains(&word) {
            return self.then_regex(Class::OperatorWord, end);
        }
        if !after_word && matches!(word, "constructor" | "from" | "as") {
            return Some((Class::Keyword, end));
        }
        if KEYWORDS.contains(&word) || DECLARATIONS.contains(&word) {
            return self.then_regex(Class::Keyword, end);
        }
        let class = if RESERVED.contains(&word) {
            Class::Keyword
        } else if CONSTANTS.contains(&word) {
            Class::KeywordConstant
        } else if BUILTINS.contains(&word) || typed_array(word) {
            Class::Builtin
        } else if exception(word) {
            Class::Exception
        } else {
            return None;
        };
        Some((class, end))
    }

    /// TypeScript's own rules, tried before JavaScript's.
    fn typescript_rule(&mut self, pos: usize, sink: &mut dyn FnMut(Class, usize)) -> Token {
        let s = self.s;
        let c = char_at(s, pos)?.0;
        if c == '@' {
            return identifier(s, pos + 1).map(|end| (Class::Keyword, end));
        }
        if !(is_word(c) || matches!(c, '?' | '.' | '$')) {
            return None;
        }
        let end = run_end(s, pos, is_word);
        let word = &s[pos..end];
        let after_word = char_before(s, pos).is_some_and(is_word);
        if matches!(
            word,
            "abstract" | "implements" | "private" | "protected" | "public" | "readonly"
        ) || matches!(word, "enum" | "interface" | "override")
        {
            return self.then_regex(Class::Keyword, end);
        }
        if !after_word && matches!(word, "declare" | "type" | "string" | "boolean" | "number") {
            return Some((Class::Keyword, end));
        }
        if !after_word && word == "module" {
            let name = run_end(s, end, is_space);
            let name_end = run_end(s, name, is_name_part);
            if name > end && name_end > name {
                sink(Class::Keyword, end);
                sink(Class::Plain, name_end);
                return self.then_regex(Class::Plain, run_end(s, name_end, is_space));
            }
        }
        // `name: type`: the word after the colon is a type.
        let name_end = run_end(s, pos, is_name_part);
        let colon = run_end(s, name_end, is_space);
        if s.as_bytes().get(colon) == Some(&b':') {
            let ty = run_end(s, colon + 1, is_space);
            let ty_end = run_end(s, ty, is_name_part);
            if ty_end > ty {
                sink(Class::Plain, colon);
                sink(Class::Operator, colon + 1);
                sink(Class::Plain, ty);
                return Some((Class::Keyword, ty_end));
            }
        }
        None
    }

    /// `slashstartsregex`: white space and comments, then a regular expression or nothing.
    fn slash_starts_regex(&mut self, pos: usize) -> Token {
        if let Some(token) = comment_or_space(self.s, pos) {
            return Some(token);
        }
        self.stack.pop();
        if self.byte(pos) != b'/' {
            return Some((Class::Plain, pos));
        }
        match regex(self.s, pos) {
            Some(end) => Some((Class::String, end)),
            None => {
                self.stack.push(State::BadRegex);
                Some((Class::Plain, pos))
            }
        }
    }

    /// `interp`: a template literal's text, up to its end or a `${`.
    fn template(&mut self, pos: usize) -> Token {
        let b = self.s.as_bytes();
        match b[pos] {
            b'`' => {
                self.stack.pop();
                Some((Class::String, pos + 1))
            }
            b'\\' => char_at(self.s, pos + 1).map(|(_, n)| (Class::String, pos + 1 + n)),
            b'$' if b.get(pos + 1) == Some(&b'{') => {
                self.stack.push(State::Interpolation);
                Some((Class::String, pos + 2))
            }
            b'$' => Some((Class::String, pos + 1)),
            _ => {
                let end = b[pos..]
                    .iter()
                    .position(|c| matches!(c, b'`' | b'\\' | b'$'))
                    .map_or(b.len(), |n| pos + n);
                Some((Class::String, end))
            }
        }
    }
}

/// `[\w?.$]`: the characters of TypeScript's `name: type` and `module name`.
fn is_name_part(c: char) -> bool {
    is_word(c) || matches!(c, '?' | '.' | '$')
}

fn starts_space(s: &str, pos: usize) -> bool {
    char_at(s, pos).is_some_and(|(c, _)| is_space(c))
}

/// The end of the line from `pos` (before its line break).
fn line_end(s: &str, pos: usize) -> usize {
    s.as_bytes()[pos.min(s.len())..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(s.len(), |n| pos + n)
}

/// `commentsandwhitespace`: `\s+`, `<!--`, `//…`, `/*…*/`.
fn comment_or_space(s: &str, pos: usize) -> Token {
    let rest = &s[pos..];
    if starts_space(s, pos) {
        return Some((Class::Plain, run_end(s, pos, is_space)));
    }
    if rest.starts_with("<!--") {
        return Some((Class::Comment, pos + 4));
    }
    if rest.starts_with("//") {
        return Some((Class::Comment, line_end(s, pos)));
    }
    if let Some(body) = rest.strip_prefix("/*") {
        return body.find("*/").map(|n| (Class::Comment, pos + 2 + n + 2));
    }
    None
}

/// The end of the run of bytes from `pos` that `keep` accepts.
fn bytes_end(b: &[u8], pos: usize, keep: impl Fn(u8) -> bool) -> usize {
    b[pos.min(b.len())..]
        .iter()
        .position(|&c| !keep(c))
        .map_or(b.len(), |n| pos + n)
}

/// A number: binary, octal, hexadecimal (each with an optional BigInt `n`), a BigInt, or a
/// decimal with a fraction and an exponent.
fn number(b: &[u8], pos: usize) -> Option<usize> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let big = |end: usize| if at(end) == b'n' { end + 1 } else { end };
    if at(pos) == b'0' {
        let radix: Option<fn(u8) -> bool> = match at(pos + 1) {
            b'b' | b'B' => Some(|c| matches!(c, b'0' | b'1')),
            b'x' | b'X' => Some(|c| c.is_ascii_hexdigit()),
            _ => None,
        };
        if let Some(digit) = radix {
            let end = bytes_end(b, pos + 2, digit);
            if end > pos + 2 {
                return Some(big(end));
            }
        }
        let octal = |c: u8| (b'0'..=b'7').contains(&c);
        let start = if matches!(at(pos + 1), b'o' | b'O') && octal(at(pos + 2)) {
            pos + 2
        } else {
            pos + 1
        };
        let end = bytes_end(b, start, octal);
        if end > start {
            return Some(big(end));
        }
    }
    let digits = bytes_end(b, pos, |c| c.is_ascii_digit());
    if digits > pos && at(digits) == b'n' {
        return Some(digits + 1);
    }
    let end = if digits > pos {
        if at(digits) == b'.' {
            bytes_end(b, digits + 1, |c| c.is_ascii_digit())
        } else {
            digits
        }
    } else if at(pos) == b'.' && at(pos + 1).is_ascii_digit() {
        bytes_end(b, pos + 1, |c| c.is_ascii_digit())
    } else {
        return None;
    };
    if matches!(at(end), b'e' | b'E') {
        let sign = end + 1 + usize::from(matches!(at(end + 1), b'-' | b'+'));
        let exponent = bytes_end(b, sign, |c| c.is_ascii_digit());
        if exponent > sign {
            return Some(exponent);
        }
    }
    Some(end)
}

/// An operator (after which a regular expression may start).
fn operator(b: &[u8], pos: usize) -> Option<usize> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let next = at(pos + 1);
    let len = match at(pos) {
        b'+' if next == b'+' => return Some(pos + 2),
        b'-' if next == b'-' => return Some(pos + 2),
        b'~' | b':' => return Some(pos + 1),
        b'?' if next == b'?' => return Some(pos + 2 + usize::from(at(pos + 2) == b'=')),
        b'?' => return Some(pos + 1),
        b'\\' if next == b'\n' => return Some(pos + 1),
        b'>' if next == b'>' => 2 + usize::from(at(pos + 2) == b'>'),
        b'<' if next == b'<' => 2,
        b'=' | b'!' if next == b'=' => 2,
        b'*' if next == b'*' => 2,
        b'|' if next == b'|' => 2,
        b'&' if next == b'&' => 2,
        b'<' | b'>' | b'=' | b'!' | b'-' | b'+' | b'*' | b'%' | b'&' | b'|' | b'^' | b'/' => 1,
        _ => return None,
    };
    Some(pos + len + usize::from(at(pos + len) == b'='))
}

/// A double- or single-quoted string (which may span lines), if it closes.
fn quoted(b: &[u8], pos: usize) -> Option<usize> {
    let quote = b[pos];
    let mut i = pos + 1;
    while i < b.len() {
        match b[i] {
            c if c == quote => return Some(i + 1),
            // A backslash and the character after it (a UTF-8 continuation byte is never a
            // quote or a backslash, so stepping one byte past the backslash is enough).
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// A regular expression literal from the `/` at `pos`: its body, the closing `/`, its flags.
fn regex(s: &str, pos: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = pos + 1;
    let mut class = false;
    loop {
        match *b.get(i)? {
            b'\n' => return None,
            b'\\' => i += 1 + char_at(s, i + 1)?.1,
            b'/' if !class => break,
            b'[' if !class => {
                class = true;
                i += 1;
            }
            b']' if class => {
                class = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if i == pos + 1 {
        return None;
    }
    let after = i + 1;
    let flags = bytes_end(b, after, |c| b"gimuysd".contains(&c));
    let end = if flags > after { flags } else { after };
    match char_at(s, end) {
        Some((c, _)) if is_word(c) => None,
        _ => Some(end),
    }
}

/// JavaScript's identifier (`JS_IDENT`): a letter, `$` or `_`, then letters, digits, marks,
/// connectors, `$`, the zero-width joiners; `\uXXXX` anywhere.
fn identifier(s: &str, pos: usize) -> Option<usize> {
    let mut end = identifier_char(s, pos, is_identifier_start)?;
    while let Some(next) = identifier_char(s, end, is_identifier_part) {
        end = next;
    }
    Some(end)
}

fn identifier_char(s: &str, pos: usize, class: fn(char) -> bool) -> Option<usize> {
    let (c, n) = char_at(s, pos)?;
    if class(c) {
        return Some(pos + n);
    }
    let escape = s.as_bytes().get(pos..pos + 6)?;
    (escape[..2] == *b"\\u" && escape[2..].iter().all(u8::is_ascii_hexdigit)).then_some(pos + 6)
}

fn is_identifier_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '$' || c == '_'
    } else {
        unicode_ident::is_xid_start(c)
    }
}

fn is_identifier_part(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '$' || c == '_'
    } else {
        unicode_ident::is_xid_continue(c) || c == '\u{200c}' || c == '\u{200d}'
    }
}

/// `Int8Array`…`Uint32Array`, `Uint8ClampedArray`, `BigInt64Array`, `BigUint64Array`,
/// `Float32Array`, `Float64Array`.
fn typed_array(word: &str) -> bool {
    let Some(kind) = word.strip_suffix("Array") else {
        return false;
    };
    let bits = kind
        .strip_prefix("Uint")
        .or_else(|| kind.strip_prefix("Int"));
    matches!(bits, Some("8" | "16" | "32"))
        || matches!(
            kind,
            "Uint8Clamped" | "BigInt64" | "BigUint64" | "Float32" | "Float64"
        )
}

fn exception(word: &str) -> bool {
    word.strip_suffix("Error").is_some_and(|kind| {
        matches!(
            kind,
            "" | "Eval" | "Internal" | "Range" | "Reference" | "Syntax" | "Type" | "URI"
        )
    })
}

/// `Operator.Word`; then a regular expression may follow.
const OPERATOR_WORDS: &[&str] = &["typeof", "instanceof", "in", "void", "delete", "new"];

/// `Keyword`; then a regular expression may follow.
const KEYWORDS: &[&str] = &[
    "for", "in", "while", "do", "break", "return", "continue", "switch", "case", "default", "if",
    "else", "throw", "try", "catch", "finally", "yield", "await", "async", "this", "of", "static",
    "export", "import", "debugger", "extends", "super",
];

/// `Keyword.Declaration`; then a regular expression may follow.
const DECLARATIONS: &[&str] = &["var", "let", "const", "with", "function", "class"];

/// `Keyword.Reserved`: Java's words, reserved in old JavaScript.
const RESERVED: &[&str] = &[
    "abstract",
    "boolean",
    "byte",
    "char",
    "double",
    "enum",
    "final",
    "float",
    "goto",
    "implements",
    "int",
    "interface",
    "long",
    "native",
    "package",
    "private",
    "protected",
    "public",
    "short",
    "synchronized",
    "throws",
    "transient",
    "volatile",
];

const CONSTANTS: &[&str] = &["true", "false", "null", "NaN", "Infinity", "undefined"];

/// `Name.Builtin` (the typed arrays: `typed_array`).
const BUILTINS: &[&str] = &[
    "Array",
    "Boolean",
    "Date",
    "BigInt",
    "Function",
    "Math",
    "ArrayBuffer",
    "Number",
    "Object",
    "RegExp",
    "String",
    "Promise",
    "Proxy",
    "decodeURI",
    "decodeURIComponent",
    "encodeURI",
    "encodeURIComponent",
    "eval",
    "isFinite",
    "isNaN",
    "parseFloat",
    "parseInt",
    "DataView",
    "document",
    "window",
    "globalThis",
    "global",
    "arguments",
    "Symbol",
    "Intl",
    "WeakSet",
    "WeakMap",
    "Set",
    "Map",
    "Reflect",
    "JSON",
    "Atomics",
];
