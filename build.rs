//! Build script: whether the browser tests can run here. Without chromedriver on PATH they are
//! compiled as ignored, so that the test runner itself says they were skipped; under CI (`CI`
//! set, as .ci/run does) they never are, so that a missing browser fails there.

use std::path::PathBuf;

fn main() {
    browser_tests();
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
