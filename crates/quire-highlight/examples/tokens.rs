//! Reads blocks of code as JSON lines (one JSON string per line) on standard input and writes,
//! for each, one JSON line: the list of `[class, text]` runs the lexer gives (`class` is the
//! short CSS class, or null for plain text). `bench/highlight_vs_pygments.py --direct` reads it.
//!
//!     tokens [LANGUAGE]    (a fence name: python, console, bash, json, toml…; python if none)
use std::io::{BufRead, Write};

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "python".into());
    let language = quire_highlight::Language::from_fence(&name)
        .unwrap_or_else(|| panic!("quire-highlight has no lexer for `{name}`"));
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.expect("standard input");
        let code: String = serde_json::from_str(&line).expect("a JSON string per line");
        let mut runs = Vec::new();
        language.highlight(&code, &mut |class, text| {
            runs.push((class.short(), text.to_string()));
        });
        serde_json::to_writer(&mut out, &runs).expect("standard output");
        out.write_all(b"\n").expect("standard output");
    }
}
