//! Python console sessions (`pycon`, `python-console`), as Pygments' `PythonConsoleLexer`
//! (2.21) reads them: two `DelegatingLexer`s around `_PythonConsoleLexerBase`, which reads the
//! session line by line into prompts (`>>> `, `... `), code, output and tracebacks. All the
//! session's code, gathered into one text, is lexed as Python (so a string a prompt opens may
//! close at a later one), all its tracebacks as `PythonTracebackLexer`, and each token goes
//! back to where its piece came from.

use crate::scan::{byte, char_at, is_digit, is_word, no_rule, pop, Gathered, Sink};
use crate::Class;

/// What a piece of the session is: a token of the console's own, or a piece of the code or of
/// the tracebacks, lexed later with the rest of its kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Token(Class),
    Code,
    Traceback,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Continuations,
    Traceback,
}

/// Lexes a session: `text` ends with a line break (or is empty).
pub(crate) fn lex<F: FnMut(Class, &str)>(text: &str, sink: &mut Sink<'_, F>) {
    let mut pieces: Vec<(Piece, usize, usize)> = Vec::new();
    let mut code = String::new();
    let mut tracebacks = String::new();
    let mut add = |piece: Piece, from: usize, to: usize| {
        match piece {
            Piece::Code => code.push_str(&text[from..to]),
            Piece::Traceback => tracebacks.push_str(&text[from..to]),
            Piece::Token(_) => {}
        }
        pieces.push((piece, from, to));
    };
    let mut state = State::Root;
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        // `.*\n`: to the line's break, which must be there.
        let line = rest.find('\n').map(|i| pos + i + 1);
        let word = match state {
            State::Root => ">>>",
            State::Continuations => "...",
            State::Traceback => "",
        };
        // `(>>> )(.*\n)`, `(>>>)(\n)`; `(\.\.\. )(.*\n)`, `(\.\.\.)(\n)`
        let after = pos + word.len();
        let next = if !word.is_empty() && rest.starts_with(word) && byte(text, after) == b'\n' {
            add(Piece::Token(Class::Prompt), pos, after);
            add(Piece::Token(Class::Plain), after, after + 1);
            Some(after + 1)
        } else if let Some(end) =
            line.filter(|_| !word.is_empty() && rest.starts_with(word) && byte(text, after) == b' ')
        {
            add(Piece::Token(Class::Prompt), pos, after + 1);
            add(Piece::Code, after + 1, end);
            state = State::Continuations;
            Some(end)
        } else {
            match state {
                State::Root => {
                    if let Some(end) = traceback_start(text, pos).or_else(|| file_line(text, pos)) {
                        add(Piece::Traceback, pos, end);
                        state = State::Traceback;
                        Some(end)
                    } else {
                        line.inspect(|&end| add(Piece::Token(Class::Output), pos, end))
                    }
                }
                State::Continuations => {
                    // `default('#pop')`
                    state = State::Root;
                    continue;
                }
                State::Traceback => {
                    if rest.starts_with(">>>") && matches!(byte(text, pos + 3), b' ' | b'\n' | 0) {
                        state = State::Root;
                        continue;
                    }
                    if rest.starts_with("KeyboardInterrupt\n") {
                        add(Piece::Token(Class::ClassName), pos, pos + 17);
                        add(Piece::Token(Class::Plain), pos + 17, pos + 18);
                        Some(pos + 18)
                    } else {
                        line.inspect(|&end| add(Piece::Traceback, pos, end))
                    }
                }
            }
        };
        pos = next.unwrap_or_else(|| {
            // No rule: one character of `Error`.
            let end = pos + char_at(text, pos).map_or(1, |(_, n)| n);
            add(Piece::Token(Class::Plain), pos, end);
            end
        });
    }
    let mut code_tokens = Vec::new();
    let mut end = 0;
    crate::python(&code, &mut |class, run| {
        end += run.len();
        code_tokens.push((class, end));
    });
    let mut code = Gathered::new(code_tokens);
    let mut tracebacks = Gathered::new(traceback(&tracebacks));
    for &(piece, from, to) in &pieces {
        match piece {
            Piece::Token(class) => sink.push(class, to),
            Piece::Code => code.piece(sink, from, to - from),
            Piece::Traceback => tracebacks.piece(sink, from, to - from),
        }
    }
}

/// `(\^C)?Traceback \(most recent call last\):\n` at `pos`: where it ends.
fn traceback_start(text: &str, pos: usize) -> Option<usize> {
    let from = if text[pos..].starts_with("^C") {
        pos + 2
    } else {
        pos
    };
    let head = "Traceback (most recent call last):\n";
    text[from..].starts_with(head).then(|| from + head.len())
}

/// `  File "[^"]+", line \d+` at `pos` (the name may span lines): where the number ends.
fn file_line(text: &str, pos: usize) -> Option<usize> {
    let name = pos + "  File \"".len();
    if !text[pos..].starts_with("  File \"") {
        return None;
    }
    let close = name + text[name..].find('"')?;
    if close == name || !text[close..].starts_with("\", line ") {
        return None;
    }
    let digits = close + "\", line ".len();
    let end = crate::scan::run_end(text, digits, is_digit);
    (end > digits).then_some(end)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tb {
    Root,
    /// `intb`: inside a traceback, after its first line.
    In,
    Markers,
}

/// `PythonTracebackLexer` over the session's tracebacks, gathered: `(class, end)` tokens.
fn traceback(text: &str) -> Vec<(Class, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![Tb::Root];
    let mut pos = 0;
    let bol = |p: usize| p == 0 || text.as_bytes()[p - 1] == b'\n';
    while pos < text.len() {
        let rest = &text[pos..];
        let line_end = rest.find('\n').map(|i| pos + i);
        let matched = match *stack.last().unwrap_or(&Tb::Root) {
            Tb::Root => {
                let marks = [
                    "During handling of the above exception, another exception occurred:\n\n",
                    "The above exception was the direct cause of the following exception:\n\n",
                ];
                if rest.starts_with('\n') {
                    out.push((Class::Plain, pos + 1));
                    true
                } else if !bol(pos) {
                    false
                } else if let Some(end) = traceback_start(text, pos) {
                    out.push((Class::Traceback, end));
                    stack.push(Tb::In);
                    true
                } else if let Some(mark) = marks.iter().find(|m| rest.starts_with(*m)) {
                    out.push((Class::Traceback, pos + mark.len()));
                    true
                } else if file_line(text, pos).is_some() && {
                    // `^(?=  File "[^"]+", line \d+)` enters `intb`; where none of its rules
                    // then matches, Pygments goes round these two rules for ever: here the
                    // line is read by the next rule instead.
                    stack.push(Tb::In);
                    let read = in_traceback(text, pos, &mut out, &mut stack);
                    if !read {
                        stack.pop();
                    }
                    read
                } {
                    true
                } else if let Some(end) = line_end {
                    out.push((Class::Plain, end + 1));
                    true
                } else {
                    false
                }
            }
            Tb::In => {
                if !(bol(pos) && in_traceback(text, pos, &mut out, &mut stack)) {
                    // `default('#pop')`
                    pop(&mut stack);
                }
                true
            }
            Tb::Markers => {
                // `^( {4,})([~^]+)(\n)`
                let spaces = crate::scan::run_end(text, pos, |c| c == ' ');
                let marks = crate::scan::run_end(text, spaces, |c| c == '~' || c == '^');
                if bol(pos) && spaces >= pos + 4 && marks > spaces && byte(text, marks) == b'\n' {
                    out.push((Class::Plain, marks + 1));
                }
                pop(&mut stack);
                true
            }
        };
        if !matched {
            pos = no_rule(text, pos, &mut stack);
            out.push((Class::Plain, pos));
        }
        pos = out.last().map_or(pos, |&(_, end)| end.max(pos));
    }
    out
}

/// `intb`'s rules but its default, at the start of a line: whether one matched.
fn in_traceback(
    text: &str,
    pos: usize,
    out: &mut Vec<(Class, usize)>,
    stack: &mut Vec<Tb>,
) -> bool {
    let rest = &text[pos..];
    let line_end = |from: usize| text[from..].find('\n').map(|i| from + i);
    // `^(  File )("[^"]+")(, line )(\d+)(, in )(.+)(\n)`, and without `, in …`.
    if let Some(number) = file_line(text, pos) {
        let name_end = text[..number].rfind("\", line ").map_or(number, |i| i + 1);
        let tail = if text[number..].starts_with(", in ") {
            line_end(number + 5).filter(|&e| e > number + 5)
        } else {
            None
        };
        let end = match tail {
            Some(e) => Some(e),
            None => (byte(text, number) == b'\n').then_some(number),
        };
        if let Some(end) = end {
            out.push((Class::Plain, pos + "  File ".len()));
            out.push((Class::Builtin, name_end));
            out.push((Class::Plain, name_end + ", line ".len()));
            out.push((Class::Number, number));
            out.push((Class::Plain, end + 1));
            return true;
        }
    }
    // `^(    )(.+)(\n)`: a line of code, as Python.
    if rest.starts_with("    ") {
        if let Some(end) = line_end(pos + 4).filter(|&e| e > pos + 4) {
            out.push((Class::Plain, pos + 4));
            let mut at = pos + 4;
            crate::python(&text[pos + 4..end], &mut |class, run| {
                at += run.len();
                out.push((class, at));
            });
            out.push((Class::Plain, end + 1));
            stack.push(Tb::Markers);
            return true;
        }
    }
    // `^([ \t]*)(\.\.\.)(\n)`
    let indent = crate::scan::run_end(text, pos, |c| c == ' ' || c == '\t');
    if text[indent..].starts_with("...\n") {
        out.push((Class::Plain, indent));
        out.push((Class::Comment, indent + 3));
        out.push((Class::Plain, indent + 4));
        return true;
    }
    // `^([^:]+)(: )(.+)(\n)`: the name may span lines.
    if let Some(colon) = rest.find(':').map(|i| pos + i).filter(|&c| c > pos) {
        if byte(text, colon + 1) == b' ' {
            if let Some(end) = line_end(colon + 2).filter(|&e| e > colon + 2) {
                out.push((Class::GenericError, colon));
                out.push((Class::Plain, end + 1));
                pop(stack);
                return true;
            }
        }
    }
    // `^([a-zA-Z_][\w.]*)(:?\n)`
    let first = byte(text, pos);
    if first.is_ascii_alphabetic() || first == b'_' {
        let name = crate::scan::run_end(text, pos + 1, |c| is_word(c) || c == '.');
        let end = match (byte(text, name), byte(text, name + 1)) {
            (b':', b'\n') => Some(name + 2),
            (b'\n', _) => Some(name + 1),
            _ => None,
        };
        if let Some(end) = end {
            out.push((Class::GenericError, name));
            out.push((Class::Plain, end));
            pop(stack);
            return true;
        }
    }
    false
}
