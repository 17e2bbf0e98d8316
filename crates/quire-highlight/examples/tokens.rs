//! Reads blocks of Python as JSON lines (one JSON string per line) on standard input and writes,
//! for each, one JSON line: the list of `[class, text]` runs the lexer gives (`class` is the
//! short CSS class, or null for plain text). `bench/highlight_vs_pygments.py --direct` reads it.
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.expect("standard input");
        let code: String = serde_json::from_str(&line).expect("a JSON string per line");
        let mut runs = Vec::new();
        quire_highlight::python(&code, &mut |class, text| {
            runs.push((class.short(), text.to_string()));
        });
        serde_json::to_writer(&mut out, &runs).expect("standard output");
        out.write_all(b"\n").expect("standard output");
    }
}
