//! Build script: quire's Python grammar in syntect's binary form, and whether the browser tests
//! can run here. Without chromedriver on PATH they are
//! compiled as ignored, so that the test runner itself says they were skipped; under CI (`CI`
//! set, as .ci/run does) they never are, so that a missing browser fails there.

use std::path::{Path, PathBuf};

fn main() {
    compile_python_grammar();
    browser_tests();
}

/// `src/markdown/syntaxes/Python.sublime-syntax` → `$OUT_DIR/python.packdump`, which
/// highlight.rs includes.
fn compile_python_grammar() {
    let source = "src/markdown/syntaxes/Python.sublime-syntax";
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

fn browser_tests() {
    println!("cargo::rustc-check-cfg=cfg(quire_no_browser)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=QUIRE_SKIP_BROWSER");
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let found = dirs
        .iter()
        .map(|d| d.join("chromedriver"))
        .find(|p| p.is_file());
    match &found {
        // Gone later: cargo sees the file missing and asks again.
        Some(path) => println!("cargo::rerun-if-changed={}", path.display()),
        // Installed later: a new file changes its folder.
        None => dirs
            .iter()
            .filter(|d| d.is_dir())
            .for_each(|d| println!("cargo::rerun-if-changed={}", d.display())),
    }
    let skip = std::env::var_os("QUIRE_SKIP_BROWSER").is_some_and(|v| !v.is_empty() && v != "0");
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if skip || (found.is_none() && !in_ci) {
        println!("cargo::rustc-cfg=quire_no_browser");
    }
}
