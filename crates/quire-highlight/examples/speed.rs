//! MB of code per CPU-second (one core): quire-highlight's Python lexer, syntect with quire's Python
//! grammar (parsing each block whole, as quire-markdown does; scopes only, no HTML), and a lazy-DFA
//! tokenizer (the `regex` crate), the technique the lexer was measured against.
//!
//!     speed PYTHON.packdump ROUNDS BLOCKS.jsonl...
//!
//! BLOCKS.jsonl: one JSON string of code a line (`bench/highlight_vs_pygments.py --write-blocks`).
//! Each measure runs ROUNDS times over all blocks; the median is reported. bench/highlight_speed.sh
//! runs it.
use syntect::parsing::{ParseState, SyntaxSet};

#[path = "common/timing.rs"]
mod timing;
use timing::{median_rate, read_blocks};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dump, rounds, files @ ..] = args.as_slice() else {
        panic!("usage: speed PYTHON.packdump ROUNDS BLOCKS.jsonl...");
    };
    let rounds: usize = rounds.parse().expect("ROUNDS is a number");
    let bytes = std::fs::read(dump).expect("the packdump");
    let syntaxes: SyntaxSet = syntect::dumps::from_uncompressed_data(&bytes).expect("a packdump");
    let python = syntaxes
        .find_syntax_by_token("python")
        .expect("a Python grammar");
    let dfa = dfa_tokenizer();
    println!(
        "| blocks | MB | lexer MB/s | syntect MB/s | lazy-DFA tokens MB/s | lexer ÷ syntect |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for file in files {
        let (blocks, mb) = read_blocks(file);
        let lexer = median_rate(rounds, mb, || {
            let mut n = 0usize;
            for code in &blocks {
                quire_highlight::python(code, &mut |class, text| {
                    n += class as usize + text.len();
                });
            }
            n
        });
        let syntect = median_rate(rounds, mb, || {
            let mut n = 0usize;
            for code in &blocks {
                let mut state = ParseState::new(python);
                n += state.parse_line(code, &syntaxes).map_or(0, |ops| ops.len());
            }
            n
        });
        let dfa = median_rate(rounds, mb, || {
            blocks.iter().map(|code| dfa_tokens(&dfa, code)).sum()
        });
        println!(
            "| {} ({}) | {mb:.1} | {lexer:.1} | {syntect:.1} | {dfa:.1} | {:.1}× |",
            blocks.len(),
            file.rsplit('/').next().unwrap_or(file),
            lexer / syntect
        );
    }
}

/// The DFA technique, optimistically: one leftmost-first search per token over the alternation of
/// `root`'s token patterns (a string whole, its escapes and f-string fields not looked into, no
/// states), the token's class then read off its first byte and, for a name, the word table. A
/// catch-all last alternative makes every search match at the position it starts from.
fn dfa_tokenizer() -> regex::bytes::Regex {
    regex::bytes::Regex::new(
        r#"(?x)
        \#[^\n]*
        | (?i:rb|br|rf|fr|r|u|b|f)? (?: """(?s:.*?)""" | '''(?s:.*?)''' | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' )
        | (?: \d(?:_?\d)*\.(?:\d(?:_?\d)*)? | (?:\d(?:_?\d)*)?\.\d(?:_?\d)* ) (?:[eE][+-]?\d(?:_?\d)*)?
        | \d(?:_?\d)*[eE][+-]?\d(?:_?\d)*j? | 0[oO](?:_?[0-7])+ | 0[bB](?:_?[01])+ | 0[xX](?:_?[a-fA-F0-9])+ | \d(?:_?\d)*
        | @?[A-Za-z_][A-Za-z0-9_]*
        | [\ \t]+ | \n
        | != | == | << | >> | := | [-~+/*%=<>&^|.@]
        | (?s:.)
        "#,
    )
    .expect("a valid pattern")
}

fn dfa_tokens(re: &regex::bytes::Regex, code: &str) -> usize {
    let bytes = code.as_bytes();
    let mut pos = 0;
    let mut n = 0;
    while let Some(m) = re.find_at(bytes, pos) {
        let token = &bytes[m.start()..m.end()];
        n += match token[0] {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => usize::from(is_known_word(token)),
            b => usize::from(b),
        };
        pos = m.end();
    }
    n
}

/// A stand-in for the word table's look-up (a binary search, as the lexer's).
fn is_known_word(word: &[u8]) -> bool {
    const WORDS: &[&[u8]] = &[
        b"False",
        b"None",
        b"True",
        b"and",
        b"as",
        b"assert",
        b"async",
        b"await",
        b"break",
        b"class",
        b"cls",
        b"continue",
        b"def",
        b"del",
        b"dict",
        b"elif",
        b"else",
        b"except",
        b"finally",
        b"for",
        b"from",
        b"global",
        b"if",
        b"import",
        b"in",
        b"int",
        b"is",
        b"lambda",
        b"len",
        b"list",
        b"nonlocal",
        b"not",
        b"or",
        b"pass",
        b"print",
        b"raise",
        b"return",
        b"self",
        b"str",
        b"try",
        b"while",
        b"with",
        b"yield",
    ];
    WORDS.binary_search(&word).is_ok()
}
