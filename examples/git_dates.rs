//! Times the last-updated pass (one `git log` over the whole history, parsed, plus one
//! `git status`) on a site in a git work tree, as `quire build` runs it:
//! `cargo run --release --example git_dates -- SITE_DIR [RUNS]`.

use std::path::PathBuf;
use std::time::Instant;

use quire::{discover, ContentDir, GitDates};

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("usage: git_dates SITE_DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    // As a site without `content_dir:` in its site.yaml places its pages.
    let content = ContentDir::decide(&site, None);
    let output = site.join("output");
    let sources = discover(&site, &content, &output).expect("a site").sources;
    let mut times = Vec::new();
    let mut dated = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let dates = GitDates::read(&site, (content.rel(), &output), &sources, None)
            .expect("a git work tree");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        dated = sources.iter().filter(|s| dates.date(s).is_some()).count();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} sources, {dated} dated; uncached pass: median {:.0} ms, fastest {:.0} ms ({runs} runs)",
        sources.len(),
        times[times.len() / 2],
        times[0]
    );
}
