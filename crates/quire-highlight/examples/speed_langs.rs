//! MB of code per CPU-second (one core) for the languages beyond Python: quire-highlight's lexer
//! against syntect with the grammar quire used for the fence before (syntect's defaults, else
//! bat's set from two-face, as quire-markdown's `Highlighter::find`), each block parsed line by
//! line as quire-markdown parses those grammars; scopes only, no HTML.
//!
//!     speed_langs ROUNDS LANGUAGE=BLOCKS.jsonl...
//!
//! BLOCKS.jsonl: one JSON string of code a line (`bench/highlight_vs_pygments.py --lang LANGUAGE
//! --write-blocks`). The median of ROUNDS runs; bench/highlight_speed.sh runs it.
use syntect::parsing::{ParseState, SyntaxSet};
use syntect::util::LinesWithEndings;

#[path = "common/timing.rs"]
mod timing;
use timing::{median_rate, read_blocks};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rounds, files @ ..] = args.as_slice() else {
        panic!("usage: speed_langs ROUNDS LANGUAGE=BLOCKS.jsonl...");
    };
    let rounds: usize = rounds.parse().expect("ROUNDS is a number");
    let defaults = SyntaxSet::load_defaults_newlines();
    let extra = two_face::syntax::extra_newlines();
    println!("| language | blocks | MB | lexer MB/s | syntect grammar | syntect MB/s | lexer ÷ syntect |");
    println!("|---|---:|---:|---:|---|---:|---:|");
    for arg in files {
        let (name, file) = arg.split_once('=').expect("LANGUAGE=BLOCKS.jsonl");
        let language = quire_highlight::Language::from_fence(name).expect("a language it reads");
        // None for `console`: quire wrote those blocks as plain text before.
        let grammar = [&defaults, &extra].into_iter().find_map(|set| {
            set.find_syntax_by_token(name)
                .filter(|s| s.name != "Plain Text")
                .map(|s| (set, s))
        });
        let (blocks, mb) = read_blocks(file);
        let lexer = median_rate(rounds, mb, || {
            let mut n = 0usize;
            for code in &blocks {
                language.highlight(code, &mut |class, text| n += class as usize + text.len());
            }
            n
        });
        let Some((set, syntax)) = grammar else {
            println!(
                "| {name} | {} | {mb:.2} | {lexer:.1} | none (plain text) | — | — |",
                blocks.len()
            );
            continue;
        };
        let syntect = median_rate(rounds, mb, || {
            let mut n = 0usize;
            for code in &blocks {
                let mut state = ParseState::new(syntax);
                for line in LinesWithEndings::from(code) {
                    n += state.parse_line(line, set).map_or(0, |ops| ops.len());
                }
            }
            n
        });
        println!(
            "| {name} | {} | {mb:.2} | {lexer:.1} | {} | {syntect:.1} | {:.1}× |",
            blocks.len(),
            syntax.name,
            lexer / syntect
        );
    }
}
