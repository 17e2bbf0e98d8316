//! Shell sessions (`console`, `shell-session`), as Pygments' `BashSessionLexer` (2.21) reads
//! them: line by line, a line that starts with a prompt (`$ `, `# `, `user@host:~$ `…) is a
//! command, as are the lines a trailing backslash continues; the commands of a run of such
//! lines are lexed together as Bash, the prompts put back between; any other line is output.

use crate::scan::{char_at, is_space, is_word, run_end, Gathered, Sink};
use crate::Class;

/// Lexes a session: `text` ends with a line break (or is empty).
pub(crate) fn lex<F: FnMut(Class, &str)>(text: &str, sink: &mut Sink<'_, F>) {
    let mut commands = Commands::default();
    let mut continued = false;
    let mut start = 0;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let mut at = start;
        // `^(\([^)]*\))(\s*)`: a virtual environment's name before the prompt.
        if text[at..end].starts_with('(') {
            if let Some(close) = text[at..end].find(')') {
                commands.insert(Class::Prompt, at + close + 1);
                at = run_end(&text[..end], at + close + 1, is_space);
                commands.insert(Class::Plain, at);
            }
        }
        let line = &text[at..end];
        if let Some(prompt) = ps1(line) {
            commands.insert(Class::Prompt, at + prompt);
            commands.code(at + prompt, end, text);
            continued = commands.code.ends_with("\\\n");
        } else if continued {
            if line.starts_with("> ") {
                commands.insert(Class::Prompt, at + 2);
                commands.code(at + 2, end, text);
            } else {
                commands.code(at, end, text);
            }
            continued = commands.code.ends_with("\\\n");
        } else {
            commands.flush(sink);
            sink.push(Class::Output, end);
        }
        start = end;
    }
    commands.flush(sink);
}

/// The commands waiting to be lexed: their text, and what goes between its pieces.
#[derive(Default)]
struct Commands {
    code: String,
    /// In the session's order: `(class, end in the session)` for a prompt, or a piece of
    /// command, `(None, start in the session, end in the session)`.
    parts: Vec<(Option<Class>, usize, usize)>,
}

impl Commands {
    fn insert(&mut self, class: Class, end: usize) {
        self.parts.push((Some(class), 0, end));
    }

    fn code(&mut self, from: usize, to: usize, text: &str) {
        self.code.push_str(&text[from..to]);
        self.parts.push((None, from, to));
    }

    /// Lexes the commands as Bash and hands prompts and tokens on in the session's order.
    fn flush<F: FnMut(Class, &str)>(&mut self, sink: &mut Sink<'_, F>) {
        if self.parts.is_empty() {
            return;
        }
        let mut tokens = Vec::new();
        crate::bash::lex(&self.code, &mut |class, end| tokens.push((class, end)));
        let mut tokens = Gathered::new(tokens);
        for &(prompt, from, to) in &self.parts {
            match prompt {
                Some(class) => sink.push(class, to),
                None => tokens.piece(sink, from, to - from),
            }
        }
        self.code.clear();
        self.parts.clear();
    }
}

/// The prompt's length when `line` starts with one: Pygments' `_ps1rgx`,
/// `^((?:(?:\[.*?\])|(?:\(\S+\))?(?:| |sh\S*?|\w+\S+[@:]\S+(?:\s+\S+)?|\[\S+[@:][^\n]+\].+))\s*[$#%❯]\s*)`,
/// its alternatives and their backtracking tried in the regular expression's order.
fn ps1(line: &str) -> Option<usize> {
    // `\s*[$#%❯]\s*` after the part before the prompt's sign.
    let tail = |e: usize| -> Option<usize> {
        let j = run_end(line, e, is_space);
        let (c, n) = char_at(line, j)?;
        "$#%❯".contains(c).then(|| run_end(line, j + n, is_space))
    };
    let not_space = |c: char| !is_space(c);
    // `\[.*?\]`
    if line.starts_with('[') {
        let eol = line.find('\n').unwrap_or(line.len());
        for (k, _) in line[..eol].match_indices(']').filter(|&(k, _)| k >= 1) {
            if let Some(e) = tail(k + 1) {
                return Some(e);
            }
        }
    }
    // `(?:\(\S+\))?`: with the longest name first, then without.
    let mut starts = Vec::new();
    if line.starts_with('(') {
        let run = run_end(line, 1, not_space);
        let mut closes: Vec<usize> = line[..run]
            .match_indices(')')
            .map(|(p, _)| p)
            .filter(|&p| p >= 2)
            .collect();
        closes.reverse();
        starts.extend(closes.into_iter().map(|p| p + 1));
    }
    starts.push(0);
    starts.into_iter().find_map(|q| after_venv(line, q, &tail))
}

/// The alternatives after the optional `(name)`, from `q`.
fn after_venv(line: &str, q: usize, tail: &impl Fn(usize) -> Option<usize>) -> Option<usize> {
    let not_space = |c: char| !is_space(c);
    let rest = &line[q..];
    // `` and ` `
    if let Some(e) = tail(q).or_else(|| rest.starts_with(' ').then(|| tail(q + 1)).flatten()) {
        return Some(e);
    }
    // `sh\S*?`: the shortest first.
    if rest.starts_with("sh") {
        let mut e = q + 2;
        loop {
            if let Some(found) = tail(e) {
                return Some(found);
            }
            match char_at(line, e) {
                Some((c, n)) if !is_space(c) => e += n,
                _ => break,
            }
        }
    }
    let run = run_end(line, q, not_space);
    // `\w+\S+[@:]\S+(?:\s+\S+)?`: the ends it can take, in the order backtracking tries them
    // (a later `[@:]` only repeats ends an earlier one tried).
    if char_at(line, q).is_some_and(|(c, _)| is_word(c)) {
        let second = q + nth_len(line, q, 2);
        let first_sign = line[..run]
            .char_indices()
            .skip_while(|&(i, _)| i < second)
            .find(|&(i, c)| (c == '@' || c == ':') && i + 1 < run)
            .map(|(i, _)| i);
        if let Some(a) = first_sign {
            let spaces = run_end(line, run, is_space);
            let word = run_end(line, spaces, not_space);
            if spaces > run && word > spaces {
                if let Some(e) = descending(line, spaces, word).find_map(tail) {
                    return Some(e);
                }
            }
            if let Some(e) = descending(line, a + 1, run).find_map(tail) {
                return Some(e);
            }
        }
    }
    // `\[\S+[@:][^\n]+\].+`
    if rest.starts_with('[') {
        let eol = line.find('\n').unwrap_or(line.len());
        let inner = run_end(line, q + 1, not_space);
        let sign = line[..inner]
            .char_indices()
            .skip_while(|&(i, _)| i < q + 2)
            .find(|&(_, c)| c == '@' || c == ':')
            .map(|(i, _)| i)?;
        let close = line[..eol]
            .char_indices()
            .skip_while(|&(i, _)| i < sign + 2)
            .find(|&(i, c)| c == ']' && i + 1 < eol)
            .map(|(i, _)| i)?;
        return descending(line, close + 1, eol).find_map(tail);
    }
    None
}

/// The byte length of the first `n` characters from `at`.
fn nth_len(line: &str, at: usize, n: usize) -> usize {
    line[at..].chars().take(n).map(char::len_utf8).sum()
}

/// The ends of the non-empty prefixes of `line[from..to]`, longest first.
fn descending(line: &str, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    line[from..to]
        .char_indices()
        .map(move |(i, c)| from + i + c.len_utf8())
        .rev()
}

#[cfg(test)]
mod tests {
    use super::ps1;

    #[test]
    fn prompts_pygments_knows() {
        for (line, prompt) in [
            ("$ ls\n", Some("$ ")),
            ("# apt install\n", Some("# ")),
            ("user@host:~$ ls -l\n", Some("user@host:~$ ")),
            ("[user@host dir]$ make\n", Some("[user@host dir]$ ")),
            ("(venv) $ pip\n", Some("(venv) $ ")),
            ("sh-5.1$ echo\n", Some("sh-5.1$ ")),
            ("output line\n", None),
            ("\n", None),
        ] {
            assert_eq!(ps1(line).map(|n| &line[..n]), prompt, "{line:?}");
        }
    }
}
