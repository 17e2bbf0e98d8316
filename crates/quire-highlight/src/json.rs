//! JSON, as Pygments' `JsonLexer` (2.21) reads it: not a validating parser but a character
//! loop with a few flags, ported flag for flag. A quoted string is a key (`Name.Tag`) when the
//! next thing after it, across white space and comments, is a `:`; `//` and `/* */` comments
//! are read; a run of `truefalsenull`'s letters is a constant, of `-0123456789.eE+` a number.

use crate::scan::Sink;
use crate::Class;

#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Nothing,
    Str,
    Space,
    Constant,
    Number,
    Punctuation,
    LineComment,
    BlockComment,
    /// After a `/`: a comment if `/` or `*` follows.
    Slash,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

fn is_constant(b: u8) -> bool {
    b"truefalsn".contains(&b)
}

fn is_number(b: u8) -> bool {
    b"-0123456789.eE+".contains(&b)
}

/// Tokens that wait for what follows a string: `(class, end)`, strings as `String`.
struct Queue {
    held: Vec<(Class, usize)>,
}

impl Queue {
    /// Hands the held tokens on, strings as keys when `keys`.
    fn release<F: FnMut(Class, &str)>(&mut self, sink: &mut Sink<'_, F>, keys: bool) {
        for &(class, end) in &self.held {
            let class = if keys && class == Class::String {
                Class::Tag
            } else {
                class
            };
            sink.push(class, end);
        }
        self.held.clear();
    }

    /// A token that goes to the queue if it holds anything, else straight on.
    fn pass<F: FnMut(Class, &str)>(&mut self, sink: &mut Sink<'_, F>, class: Class, end: usize) {
        if self.held.is_empty() {
            sink.push(class, end);
        } else {
            self.held.push((class, end));
        }
    }
}

/// Lexes `text` (which ends with a line break, or is empty) as JSON.
pub(crate) fn lex<F: FnMut(Class, &str)>(text: &str, sink: &mut Sink<'_, F>) {
    let b = text.as_bytes();
    let mut queue = Queue { held: Vec::new() };
    let mut state = In::Nothing;
    let mut escape = false;
    let mut unicode = 0;
    let mut star = false;
    for (stop, &c) in b.iter().enumerate() {
        match state {
            In::Str => {
                if unicode > 0 {
                    if c.is_ascii_hexdigit() {
                        unicode -= 1;
                        escape = unicode > 0;
                    } else {
                        unicode = 0;
                        escape = false;
                    }
                } else if escape {
                    if c == b'u' {
                        unicode = 4;
                    } else {
                        escape = false;
                    }
                } else if c == b'\\' {
                    escape = true;
                } else if c == b'"' {
                    queue.held.push((Class::String, stop + 1));
                    state = In::Nothing;
                    escape = false;
                    unicode = 0;
                }
                continue;
            }
            In::Space if is_space(c) => continue,
            In::Space => queue.pass(sink, Class::Plain, stop),
            In::Constant if is_constant(c) => continue,
            In::Constant => sink.push(Class::KeywordConstant, stop),
            In::Number if is_number(c) => continue,
            In::Number => sink.push(Class::Number, stop),
            In::Punctuation if b"{}[],".contains(&c) => continue,
            In::Punctuation => sink.push(Class::Plain, stop),
            In::LineComment if c != b'\n' => continue,
            In::LineComment => queue.pass(sink, Class::Comment, stop),
            In::BlockComment => {
                if c == b'*' {
                    star = true;
                } else if star {
                    star = false;
                    if c == b'/' {
                        queue.pass(sink, Class::Comment, stop + 1);
                        state = In::Nothing;
                    }
                }
                continue;
            }
            In::Slash => match c {
                b'/' => {
                    state = In::LineComment;
                    continue;
                }
                b'*' => {
                    state = In::BlockComment;
                    continue;
                }
                _ => {
                    queue.release(sink, false);
                    sink.push(Class::Plain, stop);
                }
            },
            In::Nothing => {}
        }
        state = start(c, stop, &mut queue, sink);
    }
    queue.release(sink, false);
    let class = match state {
        In::Number => Class::Number,
        In::Constant => Class::KeywordConstant,
        In::LineComment => Class::Comment,
        _ => Class::Plain,
    };
    sink.push(class, b.len());
}

/// The character at `stop` begins a token: the state it opens (the held strings go on, as keys
/// before a `:`).
fn start<F: FnMut(Class, &str)>(
    c: u8,
    stop: usize,
    queue: &mut Queue,
    sink: &mut Sink<'_, F>,
) -> In {
    match c {
        b'"' => In::Str,
        _ if is_space(c) => In::Space,
        b'f' | b'n' | b't' => {
            queue.release(sink, false);
            In::Constant
        }
        _ if b"-0123456789".contains(&c) => {
            queue.release(sink, false);
            In::Number
        }
        b':' => {
            queue.release(sink, true);
            In::Punctuation
        }
        b'{' | b'}' | b'[' | b']' | b',' => {
            queue.release(sink, false);
            In::Punctuation
        }
        b'/' => In::Slash,
        _ => {
            queue.release(sink, false);
            sink.push(Class::Plain, stop + 1);
            In::Nothing
        }
    }
}
