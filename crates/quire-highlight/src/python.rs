//! Python, token for token as Pygments' `PythonLexer` (2.21) reads it.
//!
//! Pygments' lexer is a stack of states, each an ordered list of regular expressions: at each
//! position the first rule of the top state that matches wins, and a position no rule matches
//! is one character of `Error` (a line break there also drops the stack back to `root`). This
//! scanner keeps the same stack and tries the same rules in the same order, but each rule is a
//! few byte comparisons chosen by the byte at hand instead of a regular expression. Where the
//! two could part (backtracking, `^`, look-behind), the comment at the rule says why they do
//! not. A family test (`tests/pygments.rs`) holds it to Pygments' tokens of real code.

use crate::scan::Sink;
use crate::words::{self, lookup};
use crate::Class;

/// Lexes `code` as Python, calling `out` with runs of text of one class, in order, covering all
/// of `code` (adjacent runs of one class are merged).
pub fn python(code: &str, out: &mut impl FnMut(Class, &str)) {
    // Pygments lexes the text with a line break at its end (`ensurenl`), and `def`, `import`,
    // a backslash in a string… read differently before one than before the end.
    crate::scan::lex_with_newline(code, out, |text, sink| {
        Lexer::new(text.as_bytes(), 0).run(sink)
    });
}

/// How a string's escapes are read: the state Pygments `combined` in front of the string's own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Escapes {
    /// `r'…'`, `rb'…'`: none (but `\\` and `\'`, which the string's own rules know).
    Raw,
    /// `b'…'`: `bytesescape`.
    Bytes,
    /// `'…'`, `u'…'`: `stringescape` (`\N{…}`, `\u…`, `\U…` and the bytes' escapes).
    Text,
    /// `rf'…'`: `rfstringescape` (`{{` and `}}`).
    RawF,
    /// `f'…'`: `fstringescape` (both).
    F,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Str {
    quote: u8,
    triple: bool,
    escapes: Escapes,
}

impl Str {
    fn is_f(self) -> bool {
        matches!(self.escapes, Escapes::F | Escapes::RawF)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Root,
    FuncName,
    ClassName,
    Import,
    FromImport,
    /// After a `match`/`case` soft keyword: a `_` later on the line is one too.
    SoftInner,
    Str(Str),
    /// Inside an f-string's `{…}`.
    FExpr,
    /// Inside brackets within an f-string's `{…}`.
    FExprInner,
}

struct Lexer<'s> {
    src: &'s [u8],
    /// Where `src` starts in the text the sink holds.
    base: usize,
    stack: Vec<State>,
}

impl<'s> Lexer<'s> {
    fn new(src: &'s [u8], base: usize) -> Self {
        let mut stack = Vec::with_capacity(8);
        stack.push(State::Root);
        Lexer { src, base, stack }
    }

    fn run<F: FnMut(Class, &str)>(&mut self, sink: &mut Sink<'_, F>) {
        let mut pos = 0;
        while pos < self.src.len() {
            let state = *self.stack.last().unwrap_or(&State::Root);
            let mut t = Tokens {
                sink: &mut *sink,
                base: self.base,
            };
            pos = match state {
                State::Root => self.root(pos, &mut t),
                State::FuncName => self.funcname(pos, &mut t),
                State::ClassName => self.classname(pos, &mut t),
                State::Import => self.import(pos, &mut t),
                State::FromImport => self.fromimport(pos, &mut t),
                State::SoftInner => self.soft_inner(pos, &mut t),
                State::Str(s) => self.string(pos, s, &mut t),
                State::FExpr => self.fexpr(pos, &mut t),
                State::FExprInner => self.fexpr_inner(pos, &mut t),
            };
        }
    }

    fn at(&self, pos: usize) -> u8 {
        self.src.get(pos).copied().unwrap_or(0)
    }

    fn push(&mut self, state: State) {
        self.stack.push(state);
    }

    /// `#pop` (never below `root`).
    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// No rule matched: one character of `Error`, or at a line break, back to `root`.
    fn no_match(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        if self.src[pos] == b'\n' {
            self.stack.truncate(1);
            return t.emit(Class::Plain, pos + 1);
        }
        t.emit(Class::Plain, pos + char_len(self.src, pos))
    }

    fn root(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        let c = self.src[pos];
        if c == b'\n' {
            return t.emit(Class::Plain, pos + 1);
        }
        let line_start = pos == 0 || self.src[pos - 1] == b'\n';
        if line_start {
            if let Some((affix, end)) = self.docstring(pos) {
                t.emit(Class::Plain, affix);
                return t.emit(Class::String, end);
            }
        }
        match c {
            b'#' => {
                let end = memchr(b'\n', &self.src[pos..]).map_or(self.src.len(), |i| pos + i);
                return t.emit(Class::Comment, end);
            }
            b'\\' => {
                let len = if self.at(pos + 1) == b'\n' { 2 } else { 1 };
                return t.emit(Class::Plain, pos + len);
            }
            b' ' | b'\t' if line_start => {
                if let Some(end) = self.soft_keyword(pos, t) {
                    return end;
                }
            }
            _ if is_word_start(c) => {
                if let Some(end) = self.root_word(pos, line_start, t) {
                    return end;
                }
            }
            _ => {}
        }
        self.expr(pos, t)
    }

    /// The words only `root` knows: keywords, soft keywords, `def`, `class`, imports.
    fn root_word(
        &mut self,
        pos: usize,
        line_start: bool,
        t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>,
    ) -> Option<usize> {
        let wend = self.word_end(pos);
        let word = &self.src[pos..wend];
        let found = lookup(word);
        if found & words::KW != 0 {
            return Some(t.emit(Class::Keyword, self.yield_from(word, wend)));
        }
        if found & words::KC != 0 {
            return Some(t.emit(Class::KeywordConstant, wend));
        }
        if line_start && (word == b"match" || word == b"case") {
            if let Some(end) = self.soft_keyword(pos, t) {
                return Some(end);
            }
        }
        let next = match word {
            b"def" => State::FuncName,
            b"class" => State::ClassName,
            b"from" => State::FromImport,
            b"import" => State::Import,
            b"lazy" if line_start => return self.lazy_import(pos, wend, t),
            _ => return None,
        };
        let ws = self.spaces_or_continuations(wend)?;
        // `def` and `class` are Keyword, `from` and `import` Keyword.Namespace: one family.
        t.emit(Class::Keyword, wend);
        t.emit(Class::Plain, ws);
        self.push(next);
        Some(ws)
    }

    /// `'yield from'` is one keyword: the end of `yield`'s, taking ` from` with it.
    fn yield_from(&self, word: &[u8], wend: usize) -> usize {
        if word == b"yield" && self.src[wend..].starts_with(b" from") && self.boundary(wend + 5) {
            wend + 5
        } else {
            wend
        }
    }

    /// `^(lazy)(\s+)(from|import)(\s+)`: PEP 810's lazy imports.
    fn lazy_import(
        &mut self,
        pos: usize,
        wend: usize,
        t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>,
    ) -> Option<usize> {
        debug_assert_eq!(&self.src[pos..wend], b"lazy");
        let ws = self.spaces_or_continuations(wend)?;
        let (next, kw_end) = if self.src[ws..].starts_with(b"from") {
            (State::FromImport, ws + 4)
        } else if self.src[ws..].starts_with(b"import") {
            (State::Import, ws + 6)
        } else {
            return None;
        };
        let end = self.spaces_or_continuations(kw_end)?;
        t.emit(Class::Keyword, wend);
        t.emit(Class::Plain, ws);
        t.emit(Class::Keyword, kw_end);
        t.emit(Class::Plain, end);
        self.push(next);
        Some(end)
    }

    /// `(?:\s|\\\s)+` from `pos`: its end, if it matched at all.
    fn spaces_or_continuations(&self, pos: usize) -> Option<usize> {
        let mut p = pos;
        loop {
            if let Some(n) = space_len(self.src, p) {
                p += n;
            } else if self.at(p) == b'\\' {
                match space_len(self.src, p + 1) {
                    Some(n) => p += 1 + n,
                    None => break,
                }
            } else {
                break;
            }
        }
        (p > pos).then_some(p)
    }

    /// `^(\s*)([rRuUbB]{,2})("""[\s\S]*?""")` and its `'''` twin (a docstring, as one token):
    /// the end of the space before it and its own end. The prefix takes at most two letters and
    /// none of them is a quote, so a shorter prefix (backtracking) could never reach the quotes.
    fn docstring(&self, pos: usize) -> Option<(usize, usize)> {
        let mut p = pos;
        while let Some(n) = space_len(self.src, p) {
            p += n;
        }
        let affix = p;
        while p < affix + 2 && matches!(self.at(p), b'r' | b'R' | b'u' | b'U' | b'b' | b'B') {
            p += 1;
        }
        let q = self.at(p);
        if !(q == b'"' || q == b'\'') || self.at(p + 1) != q || self.at(p + 2) != q {
            return None;
        }
        let close = [q; 3];
        let body = &self.src[p + 3..];
        let at = find(body, &close)?;
        Some((affix, p + 3 + at + 3))
    }

    /// `(^[ \t]*)(match|case)\b(?![ \t]*(?:[:,;=^&|@~)\]}]|(?:KEYWORDS)\b))`: the soft keyword,
    /// then the state that looks for a `_` after it.
    fn soft_keyword(
        &mut self,
        pos: usize,
        t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>,
    ) -> Option<usize> {
        let mut p = pos;
        while matches!(self.at(p), b' ' | b'\t') {
            p += 1;
        }
        let wend = self.word_end(p);
        if !matches!(&self.src[p..wend], b"match" | b"case") {
            return None;
        }
        // The look-ahead: only the longest run of blanks can reach a character it refuses.
        let mut q = wend;
        while matches!(self.at(q), b' ' | b'\t') {
            q += 1;
        }
        if q < self.src.len() && b":,;=^&|@~)]}".contains(&self.src[q]) {
            return None;
        }
        if is_word_start(self.at(q)) {
            let next = &self.src[q..self.word_end(q)];
            if lookup(next) & words::SOFT_STOP != 0 {
                return None;
            }
        }
        t.emit(Class::Plain, p);
        t.emit(Class::Keyword, wend);
        self.push(State::SoftInner);
        Some(wend)
    }

    /// `(\s+)([^\n_]*)(_\b)`, the middle lexed as Python of its own (`using(this)`), else
    /// `#pop`. A shorter `\s+` could only stop `[^\n_]*` sooner, at a line break.
    fn soft_inner(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        let mut p = pos;
        while let Some(n) = space_len(self.src, p) {
            p += n;
        }
        let found = (p > pos)
            .then(|| {
                let rest = &self.src[p..];
                rest.iter().position(|&b| b == b'\n' || b == b'_')
            })
            .flatten()
            .map(|i| p + i)
            .filter(|&u| self.src[u] == b'_' && self.boundary(u + 1));
        let Some(u) = found else {
            self.pop();
            return pos;
        };
        t.emit(Class::Plain, p);
        if u > p {
            Lexer::new(&self.src[p..u], self.base + p).run(t.sink);
        }
        t.emit(Class::Keyword, u + 1)
    }

    fn funcname(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        if is_word_start(self.src[pos]) {
            let wend = self.word_end(pos);
            if lookup(&self.src[pos..wend]) & words::MAGIC_FN != 0 {
                return t.emit(Class::FunctionMagic, wend);
            }
        }
        self.pop();
        match self.name_end(pos) {
            Some(end) => t.emit(Class::Function, end),
            None => pos,
        }
    }

    fn classname(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        match self.name_end(pos) {
            Some(end) => {
                self.pop();
                t.emit(Class::ClassName, end)
            }
            None => self.no_match(pos, t),
        }
    }

    fn import(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        // (\s+)(as)(\s+)
        let mut p = pos;
        while let Some(n) = space_len(self.src, p) {
            p += n;
        }
        if p > pos && self.src[p..].starts_with(b"as") && space_len(self.src, p + 2).is_some() {
            let mut end = p + 2;
            while let Some(n) = space_len(self.src, end) {
                end += n;
            }
            t.emit(Class::Plain, p);
            t.emit(Class::Keyword, p + 2);
            return t.emit(Class::Plain, end);
        }
        if self.src[pos] == b'.' {
            return t.emit(Class::Namespace, pos + 1);
        }
        if let Some(end) = self.name_end(pos) {
            return t.emit(Class::Namespace, end);
        }
        // (\s*)(,)(\s*)
        if self.at(p) == b',' {
            let mut end = p + 1;
            while let Some(n) = space_len(self.src, end) {
                end += n;
            }
            t.emit(Class::Plain, p);
            t.emit(Class::Operator, p + 1);
            return t.emit(Class::Plain, end);
        }
        self.pop();
        pos
    }

    fn fromimport(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        // (\s+)(import)\b
        let mut p = pos;
        while let Some(n) = space_len(self.src, p) {
            p += n;
        }
        if p > pos && self.src[p..].starts_with(b"import") && self.boundary(p + 6) {
            self.pop();
            t.emit(Class::Plain, p);
            return t.emit(Class::Keyword, p + 6);
        }
        if self.src[pos] == b'.' {
            return t.emit(Class::Namespace, pos + 1);
        }
        if self.src[pos..].starts_with(b"None") && self.boundary(pos + 4) {
            self.pop();
            return t.emit(Class::KeywordConstant, pos + 4);
        }
        if let Some(end) = self.name_end(pos) {
            return t.emit(Class::Namespace, end);
        }
        self.pop();
        pos
    }

    /// `expr-inside-fstring`.
    fn fexpr(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        let c = self.src[pos];
        if matches!(c, b'{' | b'(' | b'[') {
            self.push(State::FExprInner);
            return t.emit(Class::Plain, pos + 1);
        }
        // (=\s*)?(\![sraf])?[}:]; without the `=` or the `!x` the first byte would have to be
        // `}` or `:`, so there is nothing to backtrack to.
        let mut p = pos;
        if c == b'=' {
            p += 1;
            while let Some(n) = space_len(self.src, p) {
                p += n;
            }
        }
        if self.at(p) == b'!' && matches!(self.at(p + 1), b's' | b'r' | b'a' | b'f') {
            p += 2;
        }
        if matches!(self.at(p), b'}' | b':') {
            self.pop();
            return t.emit(Class::String, p + 1);
        }
        if let Some(end) = self.spaces(pos) {
            return t.emit(Class::Plain, end);
        }
        self.expr(pos, t)
    }

    /// `expr-inside-fstring-inner`.
    fn fexpr_inner(
        &mut self,
        pos: usize,
        t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>,
    ) -> usize {
        match self.src[pos] {
            b'{' | b'(' | b'[' => {
                self.push(State::FExprInner);
                t.emit(Class::Plain, pos + 1)
            }
            b'}' | b')' | b']' => {
                self.pop();
                t.emit(Class::Plain, pos + 1)
            }
            _ => match self.spaces(pos) {
                Some(end) => t.emit(Class::Plain, end),
                None => self.expr(pos, t),
            },
        }
    }

    /// `\s+`, line breaks included.
    fn spaces(&self, pos: usize) -> Option<usize> {
        let mut p = pos;
        while let Some(n) = space_len(self.src, p) {
            p += n;
        }
        (p > pos).then_some(p)
    }

    /// The rules of `expr`, which `root` and an f-string's expressions share.
    fn expr(&mut self, pos: usize, t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>) -> usize {
        let c = self.src[pos];
        if let Some((s, open)) = self.string_start(pos) {
            self.push(State::Str(s));
            return t.emit(Class::String, open);
        }
        match c {
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                let mut p = pos + 1;
                while let Some(n) = space_len(self.src, p).filter(|_| self.src[p] != b'\n') {
                    p += n;
                }
                return t.emit(Class::Plain, p);
            }
            b'0'..=b'9' | b'.' => {
                if let Some(end) = self.number(pos) {
                    return t.emit(Class::Number, end);
                }
                if c == b'.' {
                    return t.emit(Class::Operator, pos + 1);
                }
            }
            b'!' if self.at(pos + 1) == b'=' => return t.emit(Class::Operator, pos + 2),
            b':' if self.at(pos + 1) == b'=' => return t.emit(Class::Operator, pos + 2),
            b'-' | b'~' | b'+' | b'/' | b'*' | b'%' | b'=' | b'<' | b'>' | b'&' | b'^' | b'|' => {
                return t.emit(Class::Operator, pos + 1)
            }
            b'[' | b']' | b'{' | b'}' | b':' | b'(' | b')' | b',' | b';' => {
                return t.emit(Class::Plain, pos + 1)
            }
            b'@' => {
                return match self.name_end(pos + 1) {
                    Some(end) => t.emit(Class::Decorator, end),
                    None => t.emit(Class::Operator, pos + 1),
                };
            }
            _ if is_word_start(c) => {
                if let Some(end) = self.expr_word(pos, t) {
                    return end;
                }
            }
            _ if c >= 0x80 => {
                if let Some(n) = space_len(self.src, pos) {
                    let mut p = pos + n;
                    while let Some(n) = space_len(self.src, p).filter(|_| self.src[p] != b'\n') {
                        p += n;
                    }
                    return t.emit(Class::Plain, p);
                }
                if let Some(end) = self.expr_word(pos, t) {
                    return end;
                }
            }
            _ => {}
        }
        self.no_match(pos, t)
    }

    fn expr_word(
        &mut self,
        pos: usize,
        t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>,
    ) -> Option<usize> {
        let wend = self.word_end(pos);
        let word = &self.src[pos..wend];
        let found = lookup(word);
        if found != 0 {
            let after_dot = pos > 0 && self.src[pos - 1] == b'.';
            let class = if found & words::OW != 0 {
                Class::OperatorWord
            } else if found & words::EXPR != 0 {
                return Some(t.emit(Class::Keyword, self.yield_from(word, wend)));
            } else if word == b"async"
                && self.src[wend..].starts_with(b" for")
                && self.boundary(wend + 4)
            {
                return Some(t.emit(Class::Keyword, wend + 4));
            } else if found & words::KC != 0 {
                Class::KeywordConstant
            } else if found & words::BUILTIN != 0 && !after_dot {
                Class::Builtin
            } else if found & words::PSEUDO != 0 && !after_dot {
                Class::BuiltinPseudo
            } else if found & words::EXC != 0 && !after_dot {
                Class::Exception
            } else if found & words::MAGIC_FN != 0 {
                Class::FunctionMagic
            } else if found & words::MAGIC_VAR != 0 {
                Class::VariableMagic
            } else {
                Class::Plain
            };
            if class != Class::Plain {
                return Some(t.emit(class, wend));
            }
        }
        self.name_end(pos).map(|end| t.emit(Class::Plain, end))
    }

    /// A string's prefix and opening quotes, in the order of `expr`'s rules (raw f-strings,
    /// f-strings, raw strings, strings, bytes): the string's state and the end of its opening.
    fn string_start(&self, pos: usize) -> Option<(Str, usize)> {
        let lower = |p: usize| self.at(p).to_ascii_lowercase();
        let (escapes, quote_at) = match lower(pos) {
            b'"' | b'\'' => (Escapes::Text, pos),
            b'r' => match lower(pos + 1) {
                b'f' | b't' => (Escapes::RawF, pos + 2),
                b'b' => (Escapes::Raw, pos + 2),
                _ => (Escapes::Raw, pos + 1),
            },
            b'f' | b't' => match lower(pos + 1) {
                b'r' => (Escapes::RawF, pos + 2),
                _ => (Escapes::F, pos + 1),
            },
            b'b' => match lower(pos + 1) {
                b'r' => (Escapes::Raw, pos + 2),
                _ => (Escapes::Bytes, pos + 1),
            },
            b'u' => (Escapes::Text, pos + 1),
            _ => return None,
        };
        let quote = self.at(quote_at);
        if quote != b'"' && quote != b'\'' {
            // `rb` or `fr` not followed by a quote could still be `r`/`f` + quote: no, the
            // second letter is not a quote. So nothing else can match here.
            return None;
        }
        let triple = self.at(quote_at + 1) == quote && self.at(quote_at + 2) == quote;
        let open = quote_at + if triple { 3 } else { 1 };
        Some((
            Str {
                quote,
                triple,
                escapes,
            },
            open,
        ))
    }

    /// Inside a string: the escapes of its kind, its end, its text.
    fn string(
        &mut self,
        pos: usize,
        s: Str,
        t: &mut Tokens<'_, '_, impl FnMut(Class, &str)>,
    ) -> usize {
        let c = self.src[pos];
        let next = self.at(pos + 1);
        if matches!(s.escapes, Escapes::F | Escapes::RawF) && (c == b'{' || c == b'}') && next == c
        {
            return t.emit(Class::Escape, pos + 2);
        }
        if c == b'\\' {
            if let Some(end) = self.escape(pos, s.escapes) {
                return t.emit(Class::Escape, end);
            }
        }
        if s.triple {
            if c == s.quote && next == s.quote && self.at(pos + 2) == s.quote {
                self.pop();
                return t.emit(Class::String, pos + 3);
            }
        } else {
            if c == s.quote {
                self.pop();
                return t.emit(Class::String, pos + 1);
            }
            // `\\\\|\\"|\\\n`, raw strings too.
            if c == b'\\' && (next == b'\\' || next == s.quote || next == b'\n') {
                return t.emit(Class::Escape, pos + 2);
            }
        }
        let end = match c {
            b'\n' if s.triple => pos + 1,
            b'\n' => return self.no_match(pos, t),
            b'\'' | b'"' | b'\\' => pos + 1,
            b'{' if s.is_f() => {
                self.push(State::FExpr);
                pos + 1
            }
            b'}' if s.is_f() => pos + 1,
            b'{' => self
                .format_field(pos)
                .unwrap_or(pos + if next == b'{' { 2 } else { 1 }),
            _ => {
                let stops: &[bool; 256] = if s.is_f() { &F_STOPS } else { &STOPS };
                let mut p = pos + 1;
                while p < self.src.len() && !stops[self.src[p] as usize] {
                    p += 1;
                }
                p
            }
        };
        t.emit(Class::String, end)
    }

    /// The escapes at a backslash that the string's kind knows (`stringescape`,
    /// `bytesescape`): the end of one.
    fn escape(&self, pos: usize, escapes: Escapes) -> Option<usize> {
        let text = matches!(escapes, Escapes::Text | Escapes::F);
        if !(text || escapes == Escapes::Bytes) {
            return None;
        }
        let c = self.at(pos + 1);
        let hex = |from: usize, n: usize| {
            (from..from + n)
                .all(|p| self.at(p).is_ascii_hexdigit())
                .then_some(from + n)
        };
        if text {
            let found = match c {
                // N\{.*?\}: the first `}` on the line.
                b'N' if self.at(pos + 2) == b'{' => {
                    let rest = &self.src[pos + 3..];
                    let line = memchr(b'\n', rest).unwrap_or(rest.len());
                    memchr(b'}', &rest[..line]).map(|i| pos + 3 + i + 1)
                }
                b'u' => hex(pos + 2, 4),
                b'U' => hex(pos + 2, 8),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        match c {
            b'\\' | b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'"' | b'\'' | b'\n' => {
                Some(pos + 2)
            }
            b'x' => hex(pos + 2, 2),
            b'0'..=b'7' => {
                let mut p = pos + 2;
                while p < pos + 4 && matches!(self.at(p), b'0'..=b'7') {
                    p += 1;
                }
                Some(p)
            }
            _ => None,
        }
    }

    /// `str.format`'s `{field!c:spec}` (String.Interpol), as Pygments' pattern reads it: its
    /// end. Only its extent matters (it is a string, as the text around it), and that can take
    /// in a quote or a backslash: `[^\]]+` in an index, the fill character of the spec.
    fn format_field(&self, pos: usize) -> Option<usize> {
        let mut p = pos + 1;
        // ((\w+)((\.\w+)|(\[[^\]]+\]))*)? — greedy; giving back a repetition would leave a
        // `.` or `[` where `!`, `:` or `}` must be.
        if is_word(self.src, p) {
            p = self.word_end(p);
            loop {
                if self.at(p) == b'.' && is_word(self.src, p + 1) {
                    p = self.word_end(p + 1);
                } else if self.at(p) == b'[' && self.at(p + 1) != b']' && p + 1 < self.src.len() {
                    match memchr(b']', &self.src[p + 1..]) {
                        Some(i) => p = p + 1 + i + 1,
                        None => break,
                    }
                } else {
                    break;
                }
            }
        }
        if self.at(p) == b'!' && matches!(self.at(p + 1), b's' | b'r' | b'a') {
            p += 2;
        }
        match self.at(p) {
            b'}' => Some(p + 1),
            b':' => {
                let q = p + 1;
                // (.?[<>=\^])? — two characters, one, or none, in the order a regex tries.
                let mut tries = [None; 3];
                if q < self.src.len() && self.src[q] != b'\n' {
                    let after = q + char_len(self.src, q);
                    if is_align(self.at(after)) {
                        tries[0] = Some(after + 1);
                    }
                }
                if is_align(self.at(q)) {
                    tries[1] = Some(q + 1);
                }
                tries[2] = Some(q);
                tries
                    .into_iter()
                    .flatten()
                    .map(|from| self.format_spec_rest(from))
                    .find(|&end| self.at(end) == b'}')
                    .map(|end| end + 1)
            }
            _ => None,
        }
    }

    /// `[-+ ]?#?0?(\d+)?,?(\.\d+)?[E-GXb-gnosx%]?`: each part is one kind of byte no later
    /// part starts with (but `0`, which ends at the same place either way).
    fn format_spec_rest(&self, from: usize) -> usize {
        let mut p = from;
        if matches!(self.at(p), b'-' | b'+' | b' ') {
            p += 1;
        }
        if self.at(p) == b'#' {
            p += 1;
        }
        while self.at(p).is_ascii_digit() {
            p += 1;
        }
        if self.at(p) == b',' {
            p += 1;
        }
        if self.at(p) == b'.' && self.at(p + 1).is_ascii_digit() {
            p += 1;
            while self.at(p).is_ascii_digit() {
                p += 1;
            }
        }
        if matches!(self.at(p), b'E'..=b'G' | b'X' | b'b'..=b'g' | b'n' | b'o' | b's' | b'x' | b'%')
        {
            p += 1;
        }
        p
    }

    /// `\d(?:_?\d)*` from `pos`: its end.
    fn digits(&self, pos: usize) -> Option<usize> {
        if !self.at(pos).is_ascii_digit() {
            return None;
        }
        let mut p = pos + 1;
        loop {
            if self.at(p).is_ascii_digit() {
                p += 1;
            } else if self.at(p) == b'_' && self.at(p + 1).is_ascii_digit() {
                p += 2;
            } else {
                return Some(p);
            }
        }
    }

    /// `numbers`, in its order: floats, exponent floats, octal, binary, hex, integers.
    fn number(&self, pos: usize) -> Option<usize> {
        let exponent = |e: usize| {
            if matches!(self.at(e), b'e' | b'E') {
                let sign = e + 1 + usize::from(matches!(self.at(e + 1), b'+' | b'-'));
                if let Some(end) = self.digits(sign) {
                    return end;
                }
            }
            e
        };
        let Some(d) = self.digits(pos) else {
            // `.5`
            return self
                .digits(pos + 1)
                .filter(|_| self.at(pos) == b'.')
                .map(exponent);
        };
        if self.at(d) == b'.' {
            return Some(exponent(self.digits(d + 1).unwrap_or(d + 1)));
        }
        if matches!(self.at(d), b'e' | b'E') {
            let sign = d + 1 + usize::from(matches!(self.at(d + 1), b'+' | b'-'));
            if let Some(end) = self.digits(sign) {
                return Some(end + usize::from(self.at(end) == b'j'));
            }
        }
        if self.at(pos) == b'0' {
            let digit: fn(u8) -> bool = match self.at(pos + 1) {
                b'o' | b'O' => |b| matches!(b, b'0'..=b'7'),
                b'b' | b'B' => |b| matches!(b, b'0' | b'1'),
                b'x' | b'X' => |b| b.is_ascii_hexdigit(),
                _ => return Some(d),
            };
            let mut p = pos + 2;
            loop {
                if digit(self.at(p)) {
                    p += 1;
                } else if self.at(p) == b'_' && digit(self.at(p + 1)) {
                    p += 2;
                } else {
                    break;
                }
            }
            if p > pos + 2 {
                return Some(p);
            }
        }
        Some(d)
    }

    /// The end of the run of `\w` characters from `pos`.
    fn word_end(&self, pos: usize) -> usize {
        let mut p = pos;
        while p < self.src.len() {
            let b = self.src[p];
            if b.is_ascii_alphanumeric() || b == b'_' {
                p += 1;
            } else if b >= 0x80 && is_word(self.src, p) {
                p += char_len(self.src, p);
            } else {
                break;
            }
        }
        p
    }

    /// `\b` after a word character: the end of the text or a character that is not `\w`.
    fn boundary(&self, pos: usize) -> bool {
        !is_word(self.src, pos)
    }

    /// Pygments' `uni_name` (`[xid_start][xid_continue]*`) from `pos`: its end.
    fn name_end(&self, pos: usize) -> Option<usize> {
        let c = char_at(self.src, pos)?;
        if !(c == '_' || unicode_ident::is_xid_start(c)) {
            return None;
        }
        let mut p = pos + c.len_utf8();
        while p < self.src.len() {
            let b = self.src[p];
            if b.is_ascii_alphanumeric() || b == b'_' {
                p += 1;
            } else if b < 0x80 {
                break;
            } else {
                match char_at(self.src, p) {
                    Some(c) if unicode_ident::is_xid_continue(c) => p += c.len_utf8(),
                    _ => break,
                }
            }
        }
        Some(p)
    }
}

/// Tokens go to the sink at positions in its text.
struct Tokens<'a, 't, F> {
    sink: &'a mut Sink<'t, F>,
    base: usize,
}

impl<F: FnMut(Class, &str)> Tokens<'_, '_, F> {
    /// The text from the last token's end to `to` (in the lexer's text) is of class `class`;
    /// returns `to`.
    fn emit(&mut self, class: Class, to: usize) -> usize {
        self.sink.push(class, self.base + to);
        to
    }
}

/// Bytes that end a run of plain string text: `[^\\'"%{\n]+` (and `}` in f-strings).
static STOPS: [bool; 256] = stops(b"\\'\"%{\n");
static F_STOPS: [bool; 256] = stops(b"\\'\"{}\n");

const fn stops(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

fn is_align(b: u8) -> bool {
    matches!(b, b'<' | b'>' | b'=' | b'^')
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// Python's `\w` at `pos`: letters, digits (any script) and `_`.
fn is_word(src: &[u8], pos: usize) -> bool {
    match src.get(pos) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => char_at(src, pos).is_some_and(char::is_alphanumeric),
    }
}

/// Python's `\s` at `pos`: the length of the whitespace character there.
fn space_len(src: &[u8], pos: usize) -> Option<usize> {
    match *src.get(pos)? {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f => Some(1),
        b if b < 0x80 => None,
        _ => char_at(src, pos)
            .filter(|c| c.is_whitespace())
            .map(char::len_utf8),
    }
}

fn char_at(src: &[u8], pos: usize) -> Option<char> {
    let b = *src.get(pos)?;
    if b < 0x80 {
        return Some(b as char);
    }
    let len = char_len(src, pos);
    std::str::from_utf8(src.get(pos..pos + len)?)
        .ok()
        .and_then(|s| s.chars().next())
}

/// The length of the UTF-8 character starting at `pos` (the text is a `str`, so `pos` is at
/// a character's start whenever the lexer steps by characters).
fn char_len(src: &[u8], pos: usize) -> usize {
    match src[pos] {
        b if b < 0x80 => 1,
        b if b >= 0xf0 => 4,
        b if b >= 0xe0 => 3,
        _ => 2,
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8; 3]) -> Option<usize> {
    haystack.windows(3).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(code: &str) -> Vec<(Option<&'static str>, String)> {
        let mut out = Vec::new();
        python(code, &mut |class, text| {
            out.push((class.short(), text.to_string()))
        });
        out
    }

    fn class_of(code: &str, token: &str) -> Option<&'static str> {
        classes(code)
            .into_iter()
            .find(|(_, text)| text.contains(token))
            .unwrap_or_else(|| panic!("{token} not a token of {code}"))
            .0
    }

    #[test]
    fn every_byte_comes_out_once_in_order() {
        for code in [
            "def f(x):\n    return f'{x!r:>{w}}' # c\n",
            "é = 'ü'\n",
            "\"\"\"",
            "f'{",
            "x = 1",
        ] {
            let joined: String = classes(code).into_iter().map(|(_, t)| t).collect();
            assert_eq!(joined, code);
        }
    }

    #[test]
    fn soft_keywords_are_keywords_only_where_pattern_matching_is() {
        let code = "match command:\n    case [x, _]:\n        pass\n    case _:\n        pass\nmatch = 1\n";
        let runs = classes(code);
        assert_eq!(runs[0], (Some("k"), "match".into()));
        assert!(runs.contains(&(Some("k"), "_".into())), "{runs:?}");
        assert!(runs.contains(&(None, "\nmatch ".into())), "{runs:?}");
    }

    #[test]
    fn strings_of_every_prefix() {
        assert_eq!(class_of("x = rb'\\d'\n", "rb'"), Some("s"));
        assert_eq!(class_of("x = b'\\x00'\n", "\\x00"), Some("se"));
        assert_eq!(class_of("x = f'{a!r}'\n", "a"), None);
        assert_eq!(class_of("x = f'{{'\n", "{{"), Some("se"));
        assert_eq!(class_of("x = '\\N{DASH}'\n", "\\N{DASH}"), Some("se"));
        assert_eq!(class_of("x = 0x_1F + 1.5e-3j\n", "0x_1F"), Some("m"));
    }
}
