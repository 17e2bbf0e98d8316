//! Baseline for the benchmark harness (bench/run.py): how long syntect alone
//! needs to highlight every fenced code block of a corpus, in parallel.
//!
//!     cargo run --release --example highlight_baseline -- DIR [--threads N] [--grammar bundled|quire|quire-whole]
//!
//! Reads every `.markdown` file under DIR, extracts the fenced code blocks with a
//! simple line scan (a ``` fence opens a block, the info string's first word is
//! its language; a fence of at least as many backticks closes it), then
//! highlights the blocks with syntect's classed HTML generator on a rayon pool
//! of N threads (default 2). Only the highlighting is timed as `highlight_ms`;
//! reading and loading the syntax set are reported apart. Prints one line of
//! `key=value` pairs that bench/run.py parses.
//!
//! `--grammar bundled` (the default) uses syntect's own syntax set, as any
//! generator built on syntect would; `--grammar quire` swaps in quire's lean
//! Python grammar (crates/quire-markdown/src/syntaxes/Python.sublime-syntax), to show how
//! much of quire's cold build is highlighting. `--grammar quire-whole` also parses each
//! Python block whole, in one `parse_line` call, as quire does (crates/quire-markdown/src/highlight.rs).

use std::time::Instant;

use rayon::prelude::*;
use syntect::html::{line_tokens_to_classed_spans, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

struct Block {
    lang: String,
    code: String,
}

/// Extract the fenced code blocks of one Markdown text.
fn fenced_blocks(text: &str, out: &mut Vec<Block>) {
    let mut open: Option<(usize, String, String)> = None; // (fence length, lang, code)
    for line in LinesWithEndings::from(text) {
        let trimmed = line.trim_start_matches(' ');
        let ticks = trimmed.bytes().take_while(|&b| b == b'`').count();
        let indent = line.len() - trimmed.len();
        match open.as_mut() {
            None => {
                if ticks >= 3 && indent <= 3 {
                    let info = trimmed[ticks..].trim();
                    let lang = info.split_whitespace().next().unwrap_or("").to_string();
                    open = Some((ticks, lang, String::new()));
                }
            }
            Some((len, _, code)) => {
                if ticks >= *len && indent <= 3 && trimmed[ticks..].trim().is_empty() {
                    let (_, lang, code) = open.take().unwrap();
                    out.push(Block { lang, code });
                } else {
                    code.push_str(line);
                    if !line.ends_with('\n') {
                        code.push('\n');
                    }
                }
            }
        }
    }
    if let Some((_, lang, code)) = open {
        out.push(Block { lang, code }); // unclosed fence runs to the end of the file
    }
}

fn highlight(ss: &SyntaxSet, lean: Option<&SyntaxSet>, whole: bool, b: &Block) -> usize {
    // The lean set first (when given), as quire looks Python up; then syntect's own.
    let (set, syntax) = (!b.lang.is_empty())
        .then(|| {
            lean.into_iter()
                .chain([ss])
                .find_map(|set| set.find_syntax_by_token(&b.lang).map(|s| (set, s)))
        })
        .flatten()
        .unwrap_or_else(|| (ss, ss.find_syntax_plain_text()));
    if whole && lean.is_some_and(|lean| std::ptr::eq(lean, set)) {
        let ops = ParseState::new(syntax)
            .parse_line(&b.code, set)
            .expect("syntect failed on a block");
        let (html, _) =
            line_tokens_to_classed_spans(&b.code, &ops, ClassStyle::Spaced, &mut ScopeStack::new())
                .expect("syntect failed on a block");
        return html.len();
    }
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::Spaced);
    for line in LinesWithEndings::from(&b.code) {
        gen.parse_html_for_line_which_includes_newline(line)
            .expect("syntect failed on a line");
    }
    gen.finalize().len()
}

fn main() {
    let mut dir = None;
    let mut threads = 2usize;
    let mut lean = false;
    let mut whole = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--threads needs a number")
            }
            "--grammar" => match args.next().as_deref() {
                Some("bundled") => (lean, whole) = (false, false),
                Some("quire") => (lean, whole) = (true, false),
                Some("quire-whole") => (lean, whole) = (true, true),
                _ => panic!("--grammar needs bundled, quire or quire-whole"),
            },
            "-h" | "--help" => {
                println!("usage: highlight_baseline DIR [--threads N] [--grammar bundled|quire|quire-whole]");
                return;
            }
            _ => dir = Some(a),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        eprintln!(
            "usage: highlight_baseline DIR [--threads N] [--grammar bundled|quire|quire-whole]"
        );
        std::process::exit(2)
    });

    let t = Instant::now();
    let mut blocks = Vec::new();
    let mut files = 0usize;
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.expect("walking the corpus folder");
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "markdown") {
            let text = std::fs::read_to_string(path).expect("reading a .markdown file");
            fenced_blocks(&text, &mut blocks);
            files += 1;
        }
    }
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    if files == 0 {
        eprintln!("highlight_baseline: no .markdown file under {dir}");
        std::process::exit(1);
    }
    let code_bytes: usize = blocks.iter().map(|b| b.code.len()).sum();

    let t = Instant::now();
    let ss = SyntaxSet::load_defaults_newlines();
    // Python from quire's grammar, the rest from syntect's set.
    // As quire loads it: compiled by build.rs.
    let lean_set = lean.then(|| {
        syntect::dumps::from_uncompressed_data::<SyntaxSet>(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/python.packdump"
        )))
        .expect("build.rs wrote quire's Python grammar")
    });
    let load_ms = t.elapsed().as_secs_f64() * 1e3;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("building the rayon pool");
    // Largest blocks first, so that no long block starts last on an idle pool.
    blocks.sort_by_key(|b| std::cmp::Reverse(b.code.len()));
    let t = Instant::now();
    let html_bytes: usize = pool.install(|| {
        blocks
            .par_iter()
            .map(|b| highlight(&ss, lean_set.as_ref(), whole, b))
            .sum()
    });
    let highlight_ms = t.elapsed().as_secs_f64() * 1e3;

    println!(
        "highlight_baseline: files={files} blocks={} code_bytes={code_bytes} code_mb={:.2} html_mb={:.2} \
         grammar={} threads={threads} read_ms={read_ms:.1} load_ms={load_ms:.1} highlight_ms={highlight_ms:.1}",
        blocks.len(),
        code_bytes as f64 / 1e6,
        html_bytes as f64 / 1e6,
        match (lean, whole) {
            (false, _) => "bundled",
            (true, false) => "quire",
            (true, true) => "quire-whole",
        },
    );
}
