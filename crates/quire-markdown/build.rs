//! Build script: quire's Python grammar in syntect's binary form.

use std::path::Path;

fn main() {
    compile_python_grammar();
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
