//! Build script: quire's Python grammar in syntect's binary form, and a fingerprint of the
//! stage's own source.

use std::path::Path;

fn main() {
    compile_python_grammar();
    fingerprint_source();
}

/// `SOURCE_FINGERPRINT`: a hash of every file under src/, so that a rendered-Markdown cache
/// made by another version of this stage is never read (the cache keys on it). FNV-1a over
/// the sorted paths and contents: the same source gives the same value on any machine.
fn fingerprint_source() {
    println!("cargo::rerun-if-changed=src");
    let mut files = Vec::new();
    let mut dirs = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("src/ is readable").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let name = file.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(&file).expect("a source file is readable");
        for b in name.bytes().chain([0]).chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo::rustc-env=QUIRE_MARKDOWN_SOURCE={hash:016x}");
}

/// `src/syntaxes/Python.sublime-syntax` → `$OUT_DIR/python.packdump`, which
/// highlight.rs includes.
fn compile_python_grammar() {
    let source = "src/syntaxes/Python.sublime-syntax";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("the Python grammar is in the repository");
    let def = syntect::parsing::SyntaxDefinition::load_from_str(&text, true, None)
        .unwrap_or_else(|e| panic!("{source} is not a valid grammar: {e}"));
    let mut builder = syntect::parsing::SyntaxSetBuilder::new();
    builder.add(def);
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("python.packdump");
    syntect::dumps::dump_to_uncompressed_file(&builder.build(), out).expect("OUT_DIR is writable");
}
