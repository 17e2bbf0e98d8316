//! HTML, rule for rule as Pygments' `HtmlLexer` (2.21) reads it: tags, attributes and their
//! values, comments, entities; a `<script>`'s content goes to the JavaScript lexer, as in
//! Pygments. A `<style>`'s content is left plain: Pygments' CSS lexer is not ported (its
//! property and value lists alone are larger than all of this file).

use crate::javascript;
use crate::scan::{char_at, is_space, run_end, Sink};
use crate::Class;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Root,
    Tag,
    Attribute,
    Script,
    Style,
}

/// Lexes `text` (which ends with a line break, or is empty) as HTML.
pub(crate) fn lex<F: FnMut(Class, &str)>(text: &str, sink: &mut Sink<'_, F>) {
    let mut stack = vec![State::Root];
    let mut pos = 0;
    while pos < text.len() {
        let state = *stack.last().unwrap_or(&State::Root);
        let mut push = |class: Class, end: usize| sink.push(class, end);
        let end = match state {
            State::Root => root(text, pos, &mut stack, &mut push),
            State::Tag => tag(text, pos, &mut stack, &mut push),
            State::Attribute => attribute(text, pos).inspect(|&end| {
                stack.pop();
                push(Class::String, end);
            }),
            State::Script | State::Style => {
                content(text, pos, state == State::Script, &mut stack, &mut push)
            }
        };
        match end {
            Some(end) => pos = end,
            None => {
                // No rule: one character of `Error`; a line break goes back to `root`.
                if text.as_bytes()[pos] == b'\n' {
                    stack.truncate(1);
                    stack[0] = State::Root;
                }
                pos += char_at(text, pos).map_or(1, |(_, n)| n);
                sink.push(Class::Plain, pos);
            }
        }
    }
}

/// Whether `code` has a `<style>` tag (`<`, white space, `style`, in any case), as the lexer
/// would find one.
pub(crate) fn has_style(code: &str) -> bool {
    code.match_indices('<')
        .any(|(at, _)| opens(code, at, "style").is_some())
}

type Push<'p> = dyn FnMut(Class, usize) + 'p;

/// Python's `\w` as its `str.isalnum` has it: letters and digits, but not the combining marks
/// (Devanagari's vowel signs…) that Rust's `is_alphanumeric` counts as alphabetic.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric()
        && (c.is_numeric() || unicode_ident::is_xid_start(c) || !unicode_ident::is_xid_continue(c))
}

/// `[\w:.-]`: a tag's name.
fn is_tag_char(c: char) -> bool {
    is_word(c) || matches!(c, ':' | '.' | '-')
}

/// `[\w:-]`: an attribute's name.
fn is_attribute_char(c: char) -> bool {
    is_word(c) || matches!(c, ':' | '-')
}

/// The end of the first `close` at or after `from` (`.*?CLOSE`: any text up to it).
fn find_end(s: &str, from: usize, close: &str) -> Option<usize> {
    s.get(from..)?.find(close).map(|n| from + n + close.len())
}

/// `<`, white space, then `name` (in any case): the end of the name.
fn opens(s: &str, pos: usize, name: &str) -> Option<usize> {
    let at = run_end(s, pos + 1, is_space);
    let word = s.as_bytes().get(at..at + name.len())?;
    word.eq_ignore_ascii_case(name.as_bytes())
        .then_some(at + name.len())
}

/// `<\s*/\s*NAME\s*>` at `pos` (in any case): where the name starts and ends, and the end.
fn closes(s: &str, pos: usize, name: &str) -> Option<(usize, usize, usize)> {
    if s.as_bytes().get(pos) != Some(&b'<') {
        return None;
    }
    let slash = run_end(s, pos + 1, is_space);
    if s.as_bytes().get(slash) != Some(&b'/') {
        return None;
    }
    let start = run_end(s, slash + 1, is_space);
    let word = s.as_bytes().get(start..start + name.len())?;
    if !word.eq_ignore_ascii_case(name.as_bytes()) {
        return None;
    }
    let gt = run_end(s, start + name.len(), is_space);
    (s.as_bytes().get(gt) == Some(&b'>')).then_some((start, start + name.len(), gt + 1))
}

fn root(s: &str, pos: usize, stack: &mut Vec<State>, push: &mut Push<'_>) -> Option<usize> {
    let b = s.as_bytes();
    match b[pos] {
        b'&' => {
            // `&\S*?;`: an entity, if a `;` comes before any white space.
            let (i, c) = s[pos + 1..]
                .char_indices()
                .find(|&(_, c)| c == ';' || is_space(c))?;
            if c != ';' {
                return None;
            }
            let end = pos + 1 + i + 1;
            push(Class::Entity, end);
            return Some(end);
        }
        b'<' => {}
        _ => {
            let end = b[pos..]
                .iter()
                .position(|&c| c == b'<' || c == b'&')
                .map_or(b.len(), |n| pos + n);
            push(Class::Plain, end);
            return Some(end);
        }
    }
    let rest = &b[pos..];
    let comment = if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<![CDATA[") {
        find_end(s, pos + 9, "]]>")
    } else if rest.starts_with(b"<!--") {
        find_end(s, pos + 4, "-->")
    } else if rest.starts_with(b"<?") {
        find_end(s, pos + 2, "?>")
    } else {
        None
    };
    let comment = comment.or_else(|| {
        rest.starts_with(b"<!")
            .then(|| find_end(s, pos + 2, ">"))
            .flatten()
    });
    if let Some(end) = comment {
        push(Class::Comment, end);
        return Some(end);
    }
    for (name, content) in [("script", State::Script), ("style", State::Style)] {
        if let Some(name_end) = opens(s, pos, name) {
            push(Class::Plain, name_end - name.len());
            push(Class::Tag, name_end);
            let end = run_end(s, name_end, is_space);
            push(Class::Plain, end);
            stack.extend([content, State::Tag]);
            return Some(end);
        }
    }
    let name = run_end(s, pos + 1, is_space);
    let name_end = run_end(s, name, is_tag_char);
    if name_end > name {
        push(Class::Plain, name);
        push(Class::Tag, name_end);
        stack.push(State::Tag);
        return Some(name_end);
    }
    let slash = name;
    if b.get(slash) == Some(&b'/') {
        let name = run_end(s, slash + 1, is_space);
        let name_end = run_end(s, name, is_tag_char);
        let gt = run_end(s, name_end, is_space);
        if name_end > name && b.get(gt) == Some(&b'>') {
            push(Class::Plain, name);
            push(Class::Tag, name_end);
            push(Class::Plain, gt + 1);
            return Some(gt + 1);
        }
    }
    None
}

fn tag(s: &str, pos: usize, stack: &mut Vec<State>, push: &mut Push<'_>) -> Option<usize> {
    let b = s.as_bytes();
    let space = run_end(s, pos, is_space);
    if space > pos {
        push(Class::Plain, space);
        return Some(space);
    }
    let name = run_end(s, pos, is_attribute_char);
    if name > pos {
        let equals = run_end(s, name, is_space);
        if b.get(equals) == Some(&b'=') {
            let value = run_end(s, equals + 1, is_space);
            push(Class::Attribute, equals);
            push(Class::Operator, equals + 1);
            push(Class::Plain, value);
            stack.push(State::Attribute);
            return Some(value);
        }
        push(Class::Attribute, name);
        return Some(name);
    }
    let slash = if b[pos] == b'/' { pos + 1 } else { pos };
    let gt = run_end(s, slash, is_space);
    if b.get(gt) == Some(&b'>') {
        stack.pop();
        push(Class::Plain, gt + 1);
        return Some(gt + 1);
    }
    None
}

/// An attribute's value: quoted (across lines), or up to white space or `>`. Its end.
fn attribute(s: &str, pos: usize) -> Option<usize> {
    let b = s.as_bytes();
    let quote = b[pos];
    if quote == b'"' || quote == b'\'' {
        if let Some(n) = b[pos + 1..].iter().position(|&c| c == quote) {
            return Some(pos + 1 + n + 1);
        }
    }
    let end = run_end(s, pos, |c| c != '>' && !is_space(c));
    (end > pos).then_some(end)
}

/// A `<script>`'s or `<style>`'s content up to its closing tag (or, with none, to the end of
/// the line), or the closing tag.
fn content(
    s: &str,
    pos: usize,
    script: bool,
    stack: &mut Vec<State>,
    push: &mut Push<'_>,
) -> Option<usize> {
    let name = if script { "script" } else { "style" };
    if let Some((start, name_end, end)) = closes(s, pos, name) {
        push(Class::Plain, start);
        push(Class::Tag, name_end);
        push(Class::Plain, end);
        stack.pop();
        return Some(end);
    }
    let first = pos + char_at(s, pos)?.1;
    let close = s[first..]
        .match_indices('<')
        .map(|(n, _)| first + n)
        .find(|&at| closes(s, at, name).is_some());
    let end = close.unwrap_or_else(|| {
        stack.pop();
        s[first..].find('\n').map_or(s.len(), |n| first + n + 1)
    });
    if script {
        javascript::lex(&s[pos..end], &mut |class, at| push(class, pos + at), false);
    }
    push(Class::Plain, end);
    Some(end)
}

#[cfg(test)]
mod tests {
    use crate::Language;

    #[test]
    fn html_with_css_is_left_to_another_highlighter() {
        assert!(Language::Html.covers("<p>a &amp; b</p>\n<script>x = 1 / 2</script>\n"));
        assert!(!Language::Html.covers("<p>x</p>\n< STYLE >p { color: red }</style>\n"));
        assert!(Language::JavaScript.covers("a = '<style>'"));
    }
}
