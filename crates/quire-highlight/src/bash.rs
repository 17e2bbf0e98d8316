//! Bash, token for token as Pygments' `BashLexer` (2.21) reads it: a stack of states (`root`,
//! a double-quoted string, `${…}`, `$(…)`, `$((…))`, backticks), each trying Pygments' rules in
//! Pygments' order at each position; where no rule matches, one character of `Error` (plain).

use crate::scan::{
    byte, char_at, is_digit, is_space, is_word, no_rule, pop, run_end, word_boundary,
};
use crate::Class;

/// Pygments' `basic` keywords: a whole word, not followed by `[#$?!*@-]`.
const KEYWORDS: &[&str] = &[
    "if", "fi", "else", "while", "in", "do", "done", "for", "then", "return", "function", "case",
    "select", "break", "continue", "until", "esac", "elif",
];

/// Pygments' `Name.Builtin` words: followed by white space, `)` or a backtick.
const BUILTINS: &[&str] = &[
    "alias", "bg", "bind", "builtin", "caller", "cd", "command", "compgen", "complete", "declare",
    "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg",
    "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd",
    "printf", "pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend",
    "test", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
    "unset", "wait",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Root,
    /// `"…"` with a `$` inside.
    Str,
    /// `${…}`.
    Curly,
    /// `$(…)`.
    Paren,
    /// `$((…))`.
    Math,
    Backticks,
}

/// Lexes `text` (which ends with a line break, or is empty) as Bash, calling `emit` with each
/// token's class and end, in order.
pub(crate) fn lex(text: &str, emit: &mut impl FnMut(Class, usize)) {
    let mut lexer = Lexer {
        s: text,
        stack: vec![State::Root],
    };
    let mut pos = 0;
    while pos < text.len() {
        let state = *lexer.stack.last().unwrap_or(&State::Root);
        let next = match state {
            State::Root => lexer.root(pos, emit),
            State::Str => lexer.string(pos, emit),
            State::Curly => lexer.curly(pos, emit),
            State::Paren => lexer.closing(pos, ")", Class::Keyword, emit),
            State::Math => lexer.math(pos, emit),
            State::Backticks => lexer.closing(pos, "`", Class::String, emit),
        };
        pos = next.unwrap_or_else(|| lexer.no_match(pos, emit));
    }
}

struct Lexer<'s> {
    s: &'s str,
    stack: Vec<State>,
}

impl Lexer<'_> {
    /// No rule matched: one character of `Error`, or at a line break, back to `root`.
    fn no_match(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> usize {
        let end = no_rule(self.s, pos, &mut self.stack);
        emit(Class::Plain, end);
        end
    }

    /// `paren` and `backticks`: the closing token pops, else `root`'s rules.
    fn closing(
        &mut self,
        pos: usize,
        close: &str,
        class: Class,
        emit: &mut impl FnMut(Class, usize),
    ) -> Option<usize> {
        if self.s[pos..].starts_with(close) {
            pop(&mut self.stack);
            emit(class, pos + close.len());
            return Some(pos + close.len());
        }
        self.root(pos, emit)
    }

    /// `root`: `basic`, a backtick, `data`, `interp`.
    fn root(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        self.basic(pos, emit)
            .or_else(|| {
                (byte(self.s, pos) == b'`').then(|| {
                    self.stack.push(State::Backticks);
                    emit(Class::String, pos + 1);
                    pos + 1
                })
            })
            .or_else(|| self.data(pos, emit))
            .or_else(|| self.interp(pos, emit))
    }

    fn basic(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        let s = self.s;
        let (c, len) = char_at(s, pos)?;
        if is_word(c) && word_boundary(s, pos) {
            let word_end = run_end(s, pos, is_word);
            let word = &s[pos..word_end];
            let after = byte(self.s, word_end);
            if KEYWORDS.contains(&word) && !b"#$?!*@-".contains(&after) {
                emit(Class::Keyword, word_end);
                let end = run_end(s, word_end, is_space);
                emit(Class::Plain, end);
                return Some(end);
            }
            let next = char_at(s, word_end).map(|(c, _)| c);
            if BUILTINS.contains(&word) && next.is_some_and(|c| is_space(c) || c == ')' || c == '`')
            {
                emit(Class::Builtin, word_end);
                return Some(word_end);
            }
        }
        match c {
            '#' => {
                // `\A#!.+\n` (a hashbang) and `#.*\n`: both comments, to the line's end.
                let end = pos + s[pos..].find('\n')? + 1;
                emit(Class::Comment, end);
                return Some(end);
            }
            '\\' => {
                let (_, n) = char_at(s, pos + 1)?;
                emit(Class::Escape, pos + 1 + n);
                return Some(pos + 1 + n);
            }
            _ => {}
        }
        if is_word(c) && word_boundary(s, pos) {
            // `(\b\w+)(\s*)(\+?=)`
            let word_end = run_end(s, pos, is_word);
            let mut p = run_end(s, word_end, is_space);
            let op = p;
            if byte(self.s, p) == b'+' {
                p += 1;
            }
            if byte(self.s, p) == b'=' {
                emit(Class::Variable, word_end);
                emit(Class::Plain, op);
                emit(Class::Operator, p + 1);
                return Some(p + 1);
            }
        }
        if matches!(c, '[' | ']' | '{' | '}' | '(' | ')' | '=') {
            emit(Class::Operator, pos + len);
            return Some(pos + len);
        }
        let rest = &s[pos..];
        if rest.starts_with("<<<") {
            emit(Class::Operator, pos + 3);
            return Some(pos + 3);
        }
        if rest.starts_with("<<") {
            if let Some(end) = self.heredoc(pos + 2) {
                emit(Class::String, end);
                return Some(end);
            }
        }
        if rest.starts_with("&&") || rest.starts_with("||") {
            emit(Class::Operator, pos + 2);
            return Some(pos + 2);
        }
        None
    }

    /// `<<-?\s*(\'?)\\?(\w+)[\w\W]+?\2` after the `<<`: the end of the here-document, at the
    /// first later occurrence of its word (or of the longest prefix of it that occurs again).
    fn heredoc(&self, mut p: usize) -> Option<usize> {
        let s = self.s;
        if byte(self.s, p) == b'-' {
            p += 1;
        }
        p = run_end(s, p, is_space);
        if byte(self.s, p) == b'\'' {
            p += 1;
        }
        if byte(self.s, p) == b'\\' {
            p += 1;
        }
        let word_end = run_end(s, p, is_word);
        let mut ends: Vec<usize> = s[p..word_end]
            .char_indices()
            .map(|(i, c)| p + i + c.len_utf8())
            .collect();
        ends.reverse();
        for end in ends {
            let word = &s[p..end];
            // `[\w\W]+?`: at least one character between.
            let (_, n) = char_at(s, end)?;
            if let Some(i) = s[end + n..].find(word) {
                return Some(end + n + i + word.len());
            }
        }
        None
    }

    fn data(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        let s = self.s;
        let (c, _) = char_at(s, pos)?;
        let b = s.as_bytes();
        let quote = if c == '$' { pos + 1 } else { pos };
        if b.get(quote) == Some(&b'"') {
            // `\$?"(\\.|[^"\\$])*"`
            let mut p = quote + 1;
            while p < b.len() {
                match b[p] {
                    b'\\' => p += 1 + char_at(s, p + 1).map_or(s.len(), |(_, n)| n),
                    b'"' => {
                        emit(Class::String, p + 1);
                        return Some(p + 1);
                    }
                    b'$' => break,
                    _ => p += 1,
                }
            }
            if c == '"' {
                self.stack.push(State::Str);
                emit(Class::String, pos + 1);
                return Some(pos + 1);
            }
        }
        if c == '$' && b.get(pos + 1) == Some(&b'\'') {
            // `\$'(\\\\|\\[0-7]+|\\.|[^'\\])*'`
            let mut p = pos + 2;
            while p < b.len() {
                match b[p] {
                    b'\\' => p += 1 + char_at(s, p + 1).map_or(s.len(), |(_, n)| n),
                    b'\'' => {
                        emit(Class::String, p + 1);
                        return Some(p + 1);
                    }
                    _ => p += 1,
                }
            }
        }
        match c {
            '\'' => {
                let end = pos + 1 + s[pos + 1..].find('\'')? + 1;
                emit(Class::String, end);
                Some(end)
            }
            ';' | '&' | '|' | '<' => {
                emit(Class::Plain, pos + 1);
                Some(pos + 1)
            }
            _ if is_space(c) => {
                let end = run_end(s, pos, is_space);
                emit(Class::Plain, end);
                Some(end)
            }
            _ => {
                if is_digit(c) {
                    let end = run_end(s, pos, is_digit);
                    if !char_at(s, end).is_some_and(|(c, _)| is_word(c)) {
                        emit(Class::Number, end);
                        return Some(end);
                    }
                }
                // `[^=\s\[\]{}()$"\'`\\<&|;]+`
                let end = run_end(s, pos, |c| {
                    !is_space(c) && !"=[]{}()$\"'`\\<&|;".contains(c)
                });
                (end > pos).then(|| {
                    emit(Class::Plain, end);
                    end
                })
            }
        }
    }

    fn interp(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        let rest = &self.s[pos..];
        if !rest.starts_with('$') {
            return None;
        }
        let (class, end, state) = if rest.starts_with("$((") {
            (Class::Keyword, pos + 3, Some(State::Math))
        } else if rest.starts_with("$(") {
            (Class::Keyword, pos + 2, Some(State::Paren))
        } else if rest.starts_with("${") {
            let hash = usize::from(rest.as_bytes().get(2) == Some(&b'#'));
            (Class::String, pos + 2 + hash, Some(State::Curly))
        } else {
            match byte(self.s, pos + 1) {
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    (Class::Variable, run_end(self.s, pos + 2, is_word), None)
                }
                b'#' | b'$' | b'?' | b'!' | b'_' | b'*' | b'@' | b'-' => {
                    (Class::Variable, pos + 2, None)
                }
                _ => match char_at(self.s, pos + 1) {
                    Some((c, _)) if is_digit(c) => {
                        (Class::Variable, run_end(self.s, pos + 1, is_digit), None)
                    }
                    _ => (Class::Plain, pos + 1, None),
                },
            }
        };
        if let Some(state) = state {
            self.stack.push(state);
        }
        emit(class, end);
        Some(end)
    }

    /// `string`: the closing quote, `(\\\\|\\[0-7]+|\\.|[^"\\$])+`, `interp`.
    fn string(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        let b = self.s.as_bytes();
        if b[pos] == b'"' {
            pop(&mut self.stack);
            emit(Class::String, pos + 1);
            return Some(pos + 1);
        }
        let mut p = pos;
        while p < b.len() {
            match b[p] {
                b'\\' => match char_at(self.s, p + 1) {
                    Some((_, n)) => p += 1 + n,
                    None => break,
                },
                b'"' | b'$' => break,
                _ => p += 1,
            }
        }
        if p > pos {
            emit(Class::String, p);
            return Some(p);
        }
        self.interp(pos, emit)
    }

    fn curly(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        let s = self.s;
        let rest = &s[pos..];
        let (class, end) = if rest.starts_with('}') {
            pop(&mut self.stack);
            (Class::String, pos + 1)
        } else if rest.starts_with(":-") {
            (Class::Keyword, pos + 2)
        } else if char_at(s, pos).is_some_and(|(c, _)| is_word(c)) {
            (Class::Variable, run_end(s, pos, is_word))
        } else {
            let end = run_end(s, pos, |c| !"}:\"'`$\\".contains(c));
            if end > pos {
                (Class::Plain, end)
            } else if rest.starts_with(':') {
                (Class::Plain, pos + 1)
            } else {
                return self.root(pos, emit);
            }
        };
        emit(class, end);
        Some(end)
    }

    fn math(&mut self, pos: usize, emit: &mut impl FnMut(Class, usize)) -> Option<usize> {
        let s = self.s;
        let rest = &s[pos..];
        if rest.starts_with("))") {
            pop(&mut self.stack);
            emit(Class::Keyword, pos + 2);
            return Some(pos + 2);
        }
        let op = ["**", "||", "<<", ">>"]
            .iter()
            .any(|o| rest.starts_with(o))
            .then_some(2)
            .or_else(|| rest.starts_with(|c| "-+*/%^|&<>".contains(c)).then_some(1));
        if let Some(n) = op {
            emit(Class::Operator, pos + n);
            return Some(pos + n);
        }
        let (c, _) = char_at(s, pos)?;
        if is_digit(c) {
            let digits = run_end(s, pos, is_digit);
            let end = if byte(self.s, digits) == b'#' {
                let base = run_end(s, digits + 1, |c| c.is_ascii_alphanumeric() || is_digit(c));
                if base > digits + 1 {
                    Some(base)
                } else if byte(self.s, digits + 1) != b' ' {
                    Some(digits + 1)
                } else {
                    None
                }
            } else {
                None
            };
            let hex = rest.len() > 2
                && c == '0'
                && matches!(byte(self.s, pos + 1), b'x' | b'X')
                && byte(self.s, pos + 2).is_ascii_hexdigit();
            let end = end.unwrap_or_else(|| {
                if hex {
                    run_end(s, pos + 2, |c| c.is_ascii_hexdigit())
                } else {
                    digits
                }
            });
            emit(Class::Number, end);
            return Some(end);
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let end = run_end(s, pos + 1, is_word);
            emit(Class::Variable, end);
            return Some(end);
        }
        self.root(pos, emit)
    }
}

#[cfg(test)]
mod tests {
    fn classes(code: &str) -> Vec<(Option<&'static str>, String)> {
        let mut runs = Vec::new();
        crate::bash(code, &mut |class, text| {
            runs.push((class.short(), text.to_string()))
        });
        runs
    }

    #[test]
    fn words_strings_and_variables() {
        let runs = classes("if [ -n \"$HOME\" ]; then echo ${x:-y} $(pwd) $((1+2)); fi # done\n");
        for (class, text) in [
            (Some("k"), "if"),
            (Some("s"), "\""),
            (Some("nv"), "$HOME"),
            (Some("nb"), "echo"),
            (Some("k"), "$("),
            (Some("nb"), "pwd"),
            (Some("c"), "# done\n"),
        ] {
            assert!(
                runs.contains(&(class, text.to_string())),
                "{class:?} {text:?} not in {runs:?}"
            );
        }
    }

    #[test]
    fn a_here_document_is_a_string() {
        let runs = classes("cat <<EOF\nhello $x\nEOF\n");
        assert!(
            runs.contains(&(Some("s"), "<<EOF\nhello $x\nEOF".to_string())),
            "{runs:?}"
        );
    }
}
