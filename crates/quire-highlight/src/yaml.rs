//! YAML, token for token as Pygments' `YamlLexer` (2.21) reads it: an `ExtendedRegexLexer`
//! whose context remembers indentation (the levels open, the next one, a block scalar's), so
//! that a plain scalar or a block scalar (`|`, `>`) knows the line that ends it. Each state
//! below tries Pygments' rules in Pygments' order; a rule whose callback leaves the position
//! where it was (an empty match, or an indentation that closes a scalar) changes only the
//! stack, as there. Keys are `Name.Tag`, tags `Keyword.Type`, anchors `Name.Label`, aliases
//! and flow scalars `Name.Variable`, block scalars `Name.Constant`, `---` `Name.Namespace`;
//! plain scalars in a block, punctuation and white space are plain.

use crate::scan::{byte, char_at, is_space, is_word, no_rule, pop, run_end};
use crate::Class;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Root,
    IgnoredLine,
    YamlDirective,
    TagDirective,
    Indentation,
    BlockLine,
    FlowSequence,
    FlowMapping,
    BlockScalarContent,
    BlockScalarHeader,
    SingleQuoted,
    DoubleQuoted,
    /// `plain-scalar-in-block-context-new-line`.
    PlainNewLine,
    /// `plain-scalar-in-block-context`.
    PlainBlock,
    /// `plain-scalar-in-flow-context`.
    PlainFlow,
}

/// Lexes `text` (which ends with a line break, or is empty) as YAML, calling `emit` with each
/// token's class and end, in order.
pub(crate) fn lex(text: &str, emit: &mut impl FnMut(Class, usize)) {
    let mut lexer = Lexer {
        s: text,
        pos: 0,
        stack: vec![State::Root],
        indents: Vec::new(),
        indent: -1,
        next_indent: 0,
        scalar_indent: None,
    };
    // Rules that match nothing only move between states; Pygments' never cycle, but a scanner
    // must not hang on any input, so a position held this long gives one character of `Error`.
    let mut held = 0;
    loop {
        let at = lexer.pos;
        let matched = lexer.step(emit);
        if !matched || held > 64 {
            if lexer.pos >= text.len() {
                break;
            }
            lexer.pos = no_rule(text, lexer.pos, &mut lexer.stack);
            emit(Class::Plain, lexer.pos);
        }
        held = if lexer.pos == at { held + 1 } else { 0 };
    }
}

struct Lexer<'s> {
    s: &'s str,
    pos: usize,
    stack: Vec<State>,
    /// `indent_stack`, `indent`, `next_indent`, `block_scalar_indent`: Pygments'
    /// `YamlLexerContext` (in characters; the indentation is spaces, so bytes).
    indents: Vec<isize>,
    indent: isize,
    next_indent: isize,
    scalar_indent: Option<isize>,
}

/// `[?:-]`: the block collections' indicators.
fn is_indicator(b: u8) -> bool {
    matches!(b, b'?' | b':' | b'-')
}

/// `[\w#;/?:@&=+$,.!~*\'()\[\]%-]`: a tag's characters.
fn is_tag_char(c: char) -> bool {
    is_word(c) || "#;/?:@&=+$,.!~*'()[]%-".contains(c)
}

fn is_word_or_dash(c: char) -> bool {
    is_word(c) || c == '-'
}

impl Lexer<'_> {
    fn byte(&self, pos: usize) -> u8 {
        byte(self.s, pos)
    }

    /// `$` (multi-line): at a line break or the end.
    fn eol(&self, pos: usize) -> bool {
        pos >= self.s.len() || self.s.as_bytes()[pos] == b'\n'
    }

    /// `^` (multi-line): at the start or after a line break.
    fn bol(&self, pos: usize) -> bool {
        pos == 0 || self.s.as_bytes()[pos - 1] == b'\n'
    }

    /// The end of the run of spaces (only ` `) from `pos`.
    fn spaces(&self, pos: usize) -> usize {
        pos + self.s.as_bytes()[pos..]
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    }

    /// The end of the run of line breaks from `pos`.
    fn line_breaks(&self, pos: usize) -> usize {
        pos + self.s.as_bytes()[pos..]
            .iter()
            .take_while(|&&b| b == b'\n')
            .count()
    }

    /// `(?=[ ]|$)` at `pos`.
    fn space_or_eol(&self, pos: usize) -> bool {
        self.byte(pos) == b' ' || self.eol(pos)
    }

    /// The first character from `pos` is not `\s`, and there is one.
    fn not_space_at(&self, pos: usize) -> bool {
        char_at(self.s, pos).is_some_and(|(c, _)| !is_space(c))
    }

    /// A token to `end`, where the position moves.
    fn token(&mut self, class: Class, end: usize, emit: &mut impl FnMut(Class, usize)) {
        emit(class, end);
        self.pos = end;
    }

    /// A token of the run of characters from `p` that `keep` accepts; none if it is empty.
    fn run(
        &mut self,
        p: usize,
        class: Class,
        keep: impl Fn(char) -> bool,
        emit: &mut impl FnMut(Class, usize),
    ) -> bool {
        let end = run_end(self.s, p, keep);
        if end > p {
            self.token(class, end, emit);
        }
        end > p
    }

    fn push(&mut self, state: State) {
        self.stack.push(state);
    }

    /// `#pop:N`: as Pygments, all but `root` when the stack is no deeper than `n`.
    fn pop_n(&mut self, n: usize) {
        let keep = self.stack.len().saturating_sub(n).max(1);
        self.stack.truncate(keep);
    }

    /// One rule of the state on top, if one matches.
    fn step(&mut self, emit: &mut impl FnMut(Class, usize)) -> bool {
        let p = self.pos;
        match *self.stack.last().unwrap_or(&State::Root) {
            State::Root => self.root(p, emit),
            State::IgnoredLine => self.ignored_line(p, emit),
            State::YamlDirective => self.yaml_directive(p, emit),
            State::TagDirective => self.tag_directive(p, emit),
            State::Indentation => self.indentation(p, emit),
            State::BlockLine => self.block_line(p, emit),
            State::FlowSequence => self.flow_collection(p, emit) || self.closing(p, b']', emit),
            State::FlowMapping => {
                self.flow_key(p, emit)
                    || self.flow_collection(p, emit)
                    || self.closing(p, b'}', emit)
            }
            State::BlockScalarContent => self.block_scalar_content(p, emit),
            State::BlockScalarHeader => self.block_scalar_header(p, emit),
            State::SingleQuoted => self.single_quoted(p, emit),
            State::DoubleQuoted => self.double_quoted(p, emit),
            State::PlainNewLine => self.plain_new_line(p, emit),
            State::PlainBlock => self.plain_block(p, emit),
            State::PlainFlow => self.plain_flow(p, emit),
        }
    }

    /// A callback's two pops (`parse_*_indent`): the scalar and the block line it is in end,
    /// the position unmoved.
    fn leave_scalar(&mut self) {
        self.stack.pop();
        self.stack.pop();
        if self.stack.is_empty() {
            self.stack.push(State::Root);
        }
    }

    /// `reset_indent`: a directive or a document marker forgets the levels.
    fn reset_indent(&mut self) {
        self.indents.clear();
        self.indent = -1;
        self.next_indent = 0;
        self.scalar_indent = None;
    }

    /// `set_indent`: the saved level opens; `implicit` (a key's `:`) adds no width.
    fn set_indent(&mut self, implicit: bool) {
        if self.indent < self.next_indent {
            self.indents.push(self.indent);
            self.indent = self.next_indent;
        }
        if !implicit {
            self.next_indent += 1;
        }
    }

    fn root(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if sp > p && (self.byte(sp) == b'#' || self.eol(sp)) {
            self.token(Class::Plain, sp, emit);
            return true;
        }
        match self.byte(p) {
            b'\n' => {
                self.token(Class::Plain, self.line_breaks(p), emit);
                return true;
            }
            b'#' => {
                self.comment(p, emit);
                return true;
            }
            _ => {}
        }
        if self.bol(p) {
            let rest = &self.s[p..];
            for (word, state, class) in [
                ("%YAML", State::YamlDirective, Class::Tag),
                ("%TAG", State::TagDirective, Class::Tag),
                ("---", State::BlockLine, Class::Namespace),
                ("...", State::BlockLine, Class::Namespace),
            ] {
                if rest.starts_with(word) && self.space_or_eol(p + word.len()) {
                    self.reset_indent();
                    self.token(class, p + word.len(), emit);
                    self.push(state);
                    return true;
                }
            }
        }
        // `[ ]*(?!\s|$)`: the line's indentation (`save_indent(start=True)`).
        if !self.not_space_at(sp) {
            return false;
        }
        let width = (sp - p) as isize;
        self.next_indent = width;
        while width < self.indent {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
        // Past the level the line closes back to, Pygments calls the spaces
        // `Whitespace.Error`: plain all the same.
        self.token(Class::Plain, sp, emit);
        self.push(State::BlockLine);
        self.push(State::Indentation);
        true
    }

    /// `#[^\n]*`
    fn comment(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) {
        let end = self.s[p..].find('\n').map_or(self.s.len(), |i| p + i);
        self.token(Class::Comment, end, emit);
    }

    fn ignored_line(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if sp > p && (self.byte(sp) == b'#' || self.eol(sp)) {
            self.token(Class::Plain, sp, emit);
            return true;
        }
        match self.byte(p) {
            b'#' => self.comment(p, emit),
            b'\n' => {
                self.token(Class::Plain, p + 1, emit);
                self.pop_n(2);
            }
            _ => return false,
        }
        true
    }

    /// `([ ]+)([0-9]+\.[0-9]+)`
    fn yaml_directive(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        let digits = |from: usize| {
            from + self.s.as_bytes()[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let major = digits(sp);
        if sp == p || major == sp || self.byte(major) != b'.' {
            return false;
        }
        let minor = digits(major + 1);
        if minor == major + 1 {
            return false;
        }
        emit(Class::Plain, sp);
        self.token(Class::Number, minor, emit);
        self.push(State::IgnoredLine);
        true
    }

    /// `([ ]+)(!|![\w-]*!)([ ]+)(!|!?[\w;/?:@&=+$,.!~*\'()\[\]%-]+)`, its alternatives in
    /// order.
    fn tag_directive(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let s = self.s;
        let sp = self.spaces(p);
        if sp == p || self.byte(sp) != b'!' {
            return false;
        }
        let prefix = |handle_end: usize| -> Option<(usize, usize)> {
            let gap = self.spaces(handle_end);
            if gap == handle_end {
                return None;
            }
            if self.byte(gap) == b'!' {
                return Some((gap, gap + 1));
            }
            let end = run_end(s, gap, |c| c != '#' && is_tag_char(c));
            (end > gap).then_some((gap, end))
        };
        let long = run_end(s, sp + 1, is_word_or_dash);
        let found = prefix(sp + 1).map(|g| (sp + 1, g)).or_else(|| {
            (self.byte(long) == b'!')
                .then(|| prefix(long + 1).map(|g| (long + 1, g)))
                .flatten()
        });
        let Some((handle, (gap, end))) = found else {
            return false;
        };
        emit(Class::Plain, sp);
        emit(Class::KeywordType, handle);
        emit(Class::Plain, gap);
        self.token(Class::KeywordType, end, emit);
        self.push(State::IgnoredLine);
        true
    }

    fn indentation(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if self.eol(sp) {
            // `[ ]*$`, `something`: no token when empty.
            self.token(Class::Plain, sp, emit);
            self.pop_n(2);
            return true;
        }
        if sp > p && is_indicator(self.byte(sp)) && self.space_or_eol(sp + 1) {
            self.next_indent += (sp - p) as isize;
            self.token(Class::Plain, sp, emit);
            return true;
        }
        if is_indicator(self.byte(p)) && self.space_or_eol(p + 1) {
            self.set_indent(false);
            self.token(Class::Plain, p + 1, emit);
            return true;
        }
        // `[ ]*`, `save_indent`, then `#pop`.
        self.next_indent += (sp - p) as isize;
        self.token(Class::Plain, sp, emit);
        pop(&mut self.stack);
        true
    }

    fn block_line(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if self.byte(sp) == b'#' || self.eol(sp) {
            self.token(Class::Plain, sp, emit);
            pop(&mut self.stack);
            return true;
        }
        if sp > p {
            self.token(Class::Plain, sp, emit);
            return true;
        }
        if let Some(colon) = self.block_key(p) {
            emit(Class::Tag, colon);
            self.set_indent(true);
            self.token(Class::Plain, colon + 1, emit);
            return true;
        }
        if self.descriptor(p, emit) {
            return true;
        }
        match self.byte(p) {
            b':' if self.space_or_eol(p + 1) => {
                self.set_indent(true);
                self.token(Class::Plain, p + 1, emit);
                return true;
            }
            b'|' | b'>' => {
                self.token(Class::Plain, p + 1, emit);
                self.push(State::BlockScalarContent);
                self.push(State::BlockScalarHeader);
                return true;
            }
            _ => {}
        }
        if self.flow_node(p, emit) {
            return true;
        }
        // `(?=[^\s?:,\[\]{}#&*!|>\'"%@`-]|[?:-]\S)`: a plain scalar starts (no token).
        let Some((c, n)) = char_at(self.s, p) else {
            return false;
        };
        let starts = if is_indicator(self.byte(p)) {
            self.not_space_at(p + n)
        } else {
            !is_space(c) && !"?:,[]{}#&*!|>'\"%@`-".contains(c)
        };
        if starts {
            self.push(State::PlainBlock);
        }
        starts
    }

    /// `([^#,?\[\]{}"'\n]+)(:)(?=[ ]|$)`: greedy, so the key ends at the last `:` of the run
    /// that a space or the line's end follows. Where that `:` is.
    fn block_key(&self, p: usize) -> Option<usize> {
        let b = self.s.as_bytes();
        let run = p + b[p..]
            .iter()
            .take_while(|&&c| !b"#,?[]{}\"'\n".contains(&c))
            .count();
        (p + 1..run)
            .rev()
            .find(|&i| b[i] == b':' && self.space_or_eol(i + 1))
    }

    /// `descriptors`: a tag, an anchor or an alias.
    fn descriptor(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let s = self.s;
        let (class, end) = match self.byte(p) {
            b'!' => {
                // `!<…>`, else `!(?:[\w-]+!)?` and tag characters (the second run covers the
                // first: one run either way).
                let uri = (self.byte(p + 1) == b'<')
                    .then(|| run_end(s, p + 2, |c| c != '>' && is_tag_char(c)))
                    .filter(|&end| end > p + 2 && self.byte(end) == b'>');
                match uri {
                    Some(end) => (Class::KeywordType, end + 1),
                    None => (Class::KeywordType, run_end(s, p + 1, is_tag_char)),
                }
            }
            b'&' => (Class::Label, run_end(s, p + 1, is_word_or_dash)),
            b'*' => (Class::Variable, run_end(s, p + 1, is_word_or_dash)),
            _ => return false,
        };
        if end == p + 1 && class != Class::KeywordType {
            return false;
        }
        self.token(class, end, emit);
        true
    }

    /// `flow-nodes`: `[`, `{`, a quoted scalar.
    fn flow_node(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let (class, state) = match self.byte(p) {
            b'[' => (Class::Plain, State::FlowSequence),
            b'{' => (Class::Plain, State::FlowMapping),
            b'\'' => (Class::String, State::SingleQuoted),
            b'"' => (Class::String, State::DoubleQuoted),
            _ => return false,
        };
        self.token(class, p + 1, emit);
        self.push(state);
        true
    }

    fn flow_collection(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        match self.byte(p) {
            b' ' => self.token(Class::Plain, self.spaces(p), emit),
            b'\n' => self.token(Class::Plain, self.line_breaks(p), emit),
            b'#' => self.comment(p, emit),
            b'?' | b':' | b',' => self.token(Class::Plain, p + 1, emit),
            _ => {
                if self.descriptor(p, emit) || self.flow_node(p, emit) {
                    return true;
                }
                // `(?=[^\s?:,\[\]{}#&*!|>\'"%@`])`
                let starts = char_at(self.s, p)
                    .is_some_and(|(c, _)| !is_space(c) && !"?:,[]{}#&*!|>'\"%@`".contains(c));
                if starts {
                    self.push(State::PlainFlow);
                }
                return starts;
            }
        }
        true
    }

    /// `([^,:?\[\]{}"'\n]+)(:)(?=[ ]|$)` in a flow mapping.
    fn flow_key(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let b = self.s.as_bytes();
        let run = p + b[p..]
            .iter()
            .take_while(|&&c| !b",:?[]{}\"'\n".contains(&c))
            .count();
        if run == p || self.byte(run) != b':' || !self.space_or_eol(run + 1) {
            return false;
        }
        emit(Class::Tag, run);
        self.token(Class::Plain, run + 1, emit);
        true
    }

    fn closing(&mut self, p: usize, close: u8, emit: &mut impl FnMut(Class, usize)) -> bool {
        if self.byte(p) != close {
            return false;
        }
        self.token(Class::Plain, p + 1, emit);
        pop(&mut self.stack);
        true
    }

    fn block_scalar_content(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        if self.byte(p) == b'\n' {
            self.token(Class::Plain, p + 1, emit);
            return true;
        }
        if self.bol(p) {
            let sp = self.spaces(p);
            let width = (sp - p) as isize;
            if sp > p && self.eol(sp) {
                // An empty line: past the scalar's indentation, its spaces are content.
                match self.scalar_indent {
                    Some(n) if width > n => {
                        emit(Class::Plain, p + n as usize);
                        self.token(Class::Constant, sp, emit);
                    }
                    _ => self.token(Class::Plain, sp, emit),
                }
                return true;
            }
            // `parse_block_scalar_indent`: a line indented less ends the scalar (and the
            // block line), the position unmoved.
            let ends = match self.scalar_indent {
                None => width <= self.indent.max(0),
                Some(n) => width < n,
            };
            if ends {
                self.leave_scalar();
                return true;
            }
            self.scalar_indent.get_or_insert(width);
            self.token(Class::Plain, sp, emit);
            return true;
        }
        // `[\S\t ]+`
        self.run(
            p,
            Class::Constant,
            |c| !is_space(c) || c == ' ' || c == '\t',
            emit,
        )
    }

    /// `([1-9])?[+-]?(?=[ ]|$)`, then `[+-]?([1-9])?(?=[ ]|$)`: each alternative in the order
    /// backtracking tries it.
    fn block_scalar_header(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let digit = |q: usize| (b'1'..=b'9').contains(&self.byte(q));
        let sign = |q: usize| matches!(self.byte(q), b'+' | b'-');
        // (end, where the indentation digit is)
        let mut tries: Vec<(usize, Option<usize>)> = Vec::with_capacity(8);
        if digit(p) {
            if sign(p + 1) {
                tries.push((p + 2, Some(p)));
            }
            tries.push((p + 1, Some(p)));
        }
        if sign(p) {
            tries.push((p + 1, None));
        }
        tries.push((p, None));
        if sign(p) {
            if digit(p + 1) {
                tries.push((p + 2, Some(p + 1)));
            }
            tries.push((p + 1, None));
        }
        let Some(&(end, indent_digit)) = tries.iter().find(|&&(end, _)| self.space_or_eol(end))
        else {
            return false;
        };
        self.scalar_indent = None;
        if end > p {
            if let Some(d) = indent_digit {
                let increment = isize::from(self.byte(d) - b'0');
                self.scalar_indent = Some(self.indent.max(0) + increment);
            }
            self.token(Class::Plain, end, emit);
        }
        self.push(State::IgnoredLine);
        true
    }

    /// `quoted-scalar-whitespaces` (and the same rules in a flow scalar): white space in a
    /// quoted or flow scalar is plain at a line's start or end, else `Name.Variable`.
    fn scalar_space(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if sp > p && (self.bol(p) || self.eol(sp)) {
            self.token(Class::Plain, sp, emit);
            return true;
        }
        if self.byte(p) == b'\n' {
            self.token(Class::Plain, self.line_breaks(p), emit);
            return true;
        }
        self.run(p, Class::Variable, |c| c == ' ' || c == '\u{a0}', emit)
    }

    fn single_quoted(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        if self.scalar_space(p, emit) {
            return true;
        }
        if self.s[p..].starts_with("''") {
            self.token(Class::Escape, p + 2, emit);
            return true;
        }
        if self.byte(p) == b'\'' {
            self.token(Class::String, p + 1, emit);
            pop(&mut self.stack);
            return true;
        }
        self.run(p, Class::String, |c| !is_space(c) && c != '\'', emit)
    }

    fn double_quoted(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        if self.scalar_space(p, emit) {
            return true;
        }
        let s = self.s;
        match self.byte(p) {
            b'\\' => {
                let Some((c, n)) = char_at(s, p + 1) else {
                    return false;
                };
                if "0abt\tn\nvfre \"\\N_LP".contains(c) {
                    self.token(Class::String, p + 1 + n, emit);
                    return true;
                }
                let hex = match c {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => return false,
                };
                let digits = s.as_bytes()[p + 2..]
                    .iter()
                    .take(hex)
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                if digits < hex {
                    return false;
                }
                self.token(Class::Escape, p + 2 + hex, emit);
            }
            b'"' => {
                self.token(Class::String, p + 1, emit);
                pop(&mut self.stack);
            }
            _ => {
                return self.run(
                    p,
                    Class::String,
                    |c| !is_space(c) && c != '"' && c != '\\',
                    emit,
                )
            }
        }
        true
    }

    /// `plain-scalar-in-block-context-new-line`: blank lines, then the next line's
    /// indentation; indented no deeper than the level, it ends the scalar and its block line.
    fn plain_new_line(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if self.bol(p) && sp > p && self.eol(sp) {
            self.token(Class::Plain, sp, emit);
            return true;
        }
        if self.byte(p) == b'\n' {
            self.token(Class::Plain, self.line_breaks(p), emit);
            return true;
        }
        if !self.bol(p) {
            return false;
        }
        let rest = &self.s[p..];
        if rest.starts_with("---") || rest.starts_with("...") {
            self.pop_n(3);
            return true;
        }
        if (sp - p) as isize <= self.indent {
            self.leave_scalar();
        } else {
            self.token(Class::Plain, sp, emit);
        }
        pop(&mut self.stack);
        true
    }

    fn plain_block(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        // `[ ]*(?=:[ ]|:$)`: the scalar was a key's; `[ ]+(?=#)`: a comment follows.
        if (self.byte(sp) == b':' && self.space_or_eol(sp + 1)) || (sp > p && self.byte(sp) == b'#')
        {
            self.token(Class::Plain, sp, emit);
            pop(&mut self.stack);
            return true;
        }
        if sp > p && self.eol(sp) {
            self.token(Class::Plain, sp, emit);
            return true;
        }
        if self.byte(p) == b'\n' {
            self.token(Class::Plain, self.line_breaks(p), emit);
            self.push(State::PlainNewLine);
            return true;
        }
        // `[ \xa0]+`, then `(?::(?!\s)|[^\s:])+`: both `Literal.Scalar.Plain`, plain.
        let mut end = run_end(self.s, p, |c| c == ' ' || c == '\u{a0}');
        if end == p {
            while let Some((c, n)) = char_at(self.s, end) {
                let ok = if c == ':' {
                    !char_at(self.s, end + n).is_some_and(|(c, _)| is_space(c))
                } else {
                    !is_space(c)
                };
                if !ok {
                    break;
                }
                end += n;
            }
        }
        if end == p {
            return false;
        }
        self.token(Class::Plain, end, emit);
        true
    }

    fn plain_flow(&mut self, p: usize, emit: &mut impl FnMut(Class, usize)) -> bool {
        let sp = self.spaces(p);
        if b",:?[]{}".contains(&self.byte(sp)) && sp < self.s.len()
            || (sp > p && self.byte(sp) == b'#')
        {
            self.token(Class::Plain, sp, emit);
            pop(&mut self.stack);
            return true;
        }
        self.scalar_space(p, emit)
            || self.run(
                p,
                Class::Variable,
                |c| !is_space(c) && !",:?[]{}".contains(c),
                emit,
            )
    }
}

#[cfg(test)]
mod tests {
    fn classes(code: &str) -> Vec<(Option<&'static str>, String)> {
        let mut runs = Vec::new();
        crate::Language::Yaml.highlight(code, &mut |class, text| {
            runs.push((class.short(), text.to_string()))
        });
        runs
    }

    #[test]
    fn keys_tags_anchors_and_block_scalars() {
        let runs = classes(
            "--- !config\nsite_name: &n My Docs # title\nnav:\n  - Home: index.md\nextra: *n\nbody: |\n  text: here\n  more\nlist: [a, 'b', \"c\\n\"]\n",
        );
        for (class, text) in [
            (Some("nn"), "---"),
            (Some("kt"), "!config"),
            (Some("nt"), "site_name"),
            (Some("nl"), "&n"),
            (Some("c"), "# title"),
            (Some("nt"), "Home"),
            (Some("nv"), "*n"),
            (Some("no"), "text: here"),
            (Some("nv"), "a"),
            (Some("s"), "'b'"),
            (Some("s"), "\"c\\n\""),
        ] {
            assert!(
                runs.contains(&(class, text.to_string())),
                "{class:?} {text:?} not in {runs:?}"
            );
        }
    }
}
