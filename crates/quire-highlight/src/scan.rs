//! What every scanner of the languages beyond Python shares: the text with the line break
//! Pygments adds at its end, the sink that merges runs of one class, and Python's `\w`, `\s`,
//! `\d` (Pygments' rules are Python regular expressions on `str`: Unicode classes).

use crate::Class;

/// Runs `lex` over `code` with a line break at its end (Pygments' `ensurenl`: rules like
/// `#.*\n` read differently before one than before the end), handing `out` merged runs of one
/// class that cover exactly `code`. `lex` pushes `(class, end)` in order, ends in its text.
pub(crate) fn lex_with_newline(
    code: &str,
    out: &mut impl FnMut(Class, &str),
    lex: impl FnOnce(&str, &mut Sink<'_, &mut dyn FnMut(Class, &str)>),
) {
    let owned;
    let text = if code.is_empty() || code.ends_with('\n') {
        code
    } else {
        owned = format!("{code}\n");
        &owned
    };
    let out: &mut dyn FnMut(Class, &str) = out;
    let mut sink = Sink {
        text,
        limit: code.len(),
        class: Class::Plain,
        start: 0,
        end: 0,
        out,
    };
    lex(text, &mut sink);
    sink.flush();
}

/// Merges adjacent tokens of one class before handing them on.
pub(crate) struct Sink<'t, F> {
    text: &'t str,
    /// The end of the caller's text (the line break added for the lexer is not theirs).
    limit: usize,
    class: Class,
    start: usize,
    end: usize,
    out: F,
}

impl<F: FnMut(Class, &str)> Sink<'_, F> {
    /// The text from the last token's end to `to` has class `class`.
    pub(crate) fn push(&mut self, class: Class, to: usize) {
        if to <= self.end {
            return;
        }
        if class != self.class {
            self.flush();
            self.class = class;
            self.start = self.end;
        }
        self.end = to;
    }

    fn flush(&mut self) {
        let end = self.end.min(self.limit);
        if end > self.start {
            (self.out)(self.class, &self.text[self.start..end]);
        }
        self.start = self.end;
    }
}

/// The character at byte `pos` and its length, if any.
pub(crate) fn char_at(s: &str, pos: usize) -> Option<(char, usize)> {
    let c = s.get(pos..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The character before byte `pos`, if any.
pub(crate) fn char_before(s: &str, pos: usize) -> Option<char> {
    s.get(..pos)?.chars().next_back()
}

/// Python's `\w`: letters, digits (any script) and `_`.
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric()
    }
}

/// Python's `\s`: Unicode white space and the separators `\x1c`–`\x1f`.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `\d`: a decimal digit of any script.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// The end of the run of characters from `pos` that `keep` accepts.
pub(crate) fn run_end(s: &str, pos: usize, keep: impl Fn(char) -> bool) -> usize {
    s[pos..]
        .char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(s.len(), |(i, _)| pos + i)
}

/// `\b` at `pos`: a word character on exactly one side.
pub(crate) fn word_boundary(s: &str, pos: usize) -> bool {
    let before = char_before(s, pos).is_some_and(is_word);
    let after = char_at(s, pos).is_some_and(|(c, _)| is_word(c));
    before != after
}

/// The byte at `pos`, or 0 past the end (a byte no rule looks for).
pub(crate) fn byte(s: &str, pos: usize) -> u8 {
    s.as_bytes().get(pos).copied().unwrap_or(0)
}

/// Pygments' `#pop`: leaves the state on top, but never the bottom one (`root`).
pub(crate) fn pop<S>(stack: &mut Vec<S>) {
    if stack.len() > 1 {
        stack.pop();
    }
}

/// Where no rule matches: one character of `Error`; a line break there also drops the stack
/// back to `root` (Pygments' `RegexLexer`). The character's end.
pub(crate) fn no_rule<S>(s: &str, pos: usize, stack: &mut Vec<S>) -> usize {
    if byte(s, pos) == b'\n' {
        stack.truncate(1);
    }
    pos + char_at(s, pos).map_or(1, |(_, n)| n)
}

/// What another lexer made of text gathered from pieces of this one's (Pygments'
/// `DelegatingLexer`): its tokens, `(class, end in the gathered text)`, handed back piece by
/// piece to where each piece came from (`do_insertions`).
pub(crate) struct Gathered {
    tokens: Vec<(Class, usize)>,
    next: usize,
    /// How much of the gathered text the pieces so far covered.
    done: usize,
}

impl Gathered {
    pub(crate) fn new(tokens: Vec<(Class, usize)>) -> Self {
        Gathered {
            tokens,
            next: 0,
            done: 0,
        }
    }

    /// The next `len` bytes of the gathered text, which sit at `from` in `sink`'s.
    pub(crate) fn piece<F: FnMut(Class, &str)>(
        &mut self,
        sink: &mut Sink<'_, F>,
        from: usize,
        len: usize,
    ) {
        let end = self.done + len;
        while let Some(&(class, token_end)) = self.tokens.get(self.next) {
            sink.push(class, from + (token_end.min(end) - self.done));
            if token_end > end {
                break;
            }
            self.next += 1;
        }
        self.done = end;
    }
}
