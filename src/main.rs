//! quire: a static documentation site generator.

// A `Diagnostic` is large, but errors are the rare path and boxing them would only add noise.
#![allow(clippy::result_large_err)]

mod build;
mod cache;
mod check;
mod cli;
mod config;
mod content;
mod diagnostic;
mod links;
mod markdown;
mod output;
mod publish;
mod render;
mod report;
mod serve;
mod templates;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report::fatal(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::serve(&args),
        Command::Build(args) if args.watch => serve::watch_build(&args),
        Command::Build(args) => {
            let highlighter = markdown::Highlighter::new();
            let output_dir = args.output_dir();
            let total_hint = report::Progress::new("Rendering", args.quiet);
            let settings = build::BuildSettings {
                site_dir: &args.site_dir,
                output_dir: &output_dir,
                progress: &|done, total| total_hint.tick(done, total),
                use_cache: !args.no_cache,
                processing: args.processing(),
                force: args.force,
            };
            let result = build::build(&settings, &highlighter);
            total_hint.finish();
            match result {
                Ok(summary) => {
                    report::diagnostics(&summary.warnings);
                    if !args.quiet {
                        report::build_summary(&summary, &output_dir);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    report::diagnostics(&errors);
                    // Only a commit stopped by the system leaves the folder part-way; it says how.
                    let consequence = if errors.iter().any(|e| e.kind == "commit") {
                        "the output folder was left part-way, as said above"
                    } else {
                        "the output folder was not changed"
                    };
                    report::failed(&errors, consequence);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Check(args) => Ok(check::command(&args)),
    }
}
