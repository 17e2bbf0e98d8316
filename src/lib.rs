//! quire: a static documentation site generator, as a library.
//!
//! The pipeline, in the order a page meets it: [`options`] (command line and
//! folders, resolved once) → [`load`] (settings, front matter, templates, the
//! site model in [`content`]) → [`render`] (Markdown in [`markdown`], then
//! templates) → [`output`] (the one writer). [`build`] drives the stages, clean
//! or incremental; [`serve`] drives the same `build` from file events; [`check`]
//! runs the checks on what a build learnt. The `quire` binary is a thin layer
//! of argument parsing over this.

// A `Diagnostic` is large, but errors are the rare path and boxing them would only add noise.
#![allow(clippy::result_large_err)]
// Private by default: what is `pub` below is all the binary, the examples and the tests may
// use, so the compiler finds what nothing uses.
#![warn(unreachable_pub)]

mod build;
mod cache;
mod changes;
mod check;
mod cli;
mod config;
mod content;
mod date;
mod diagnostic;
mod files;

mod import;
mod init;
mod layout;
mod links;
mod load;
// The Markdown stage is its own crate (crates/quire-markdown), known here by its old name.
use quire_markdown as markdown;
mod options;
mod output;
mod publish;
mod render;
mod report;
mod routes;
mod search;
mod serve;
mod suggest;
mod templates;
mod url;
mod yaml;

use std::process::ExitCode;

// What the binary (main.rs), the examples and the integration tests use.
pub use build::{Builder, Prior, SiteWide};
pub use changes::Changes;
pub use check::review;
pub use cli::Cli;
pub use content::{discover, gitdates::GitDates};
pub use layout::ContentDir;
pub use options::Options;
pub use report::fatal;
pub use search::seal::{open as open_search_file, Key as SearchKey};

use cli::Command;

/// Runs one command line; the error is one the user can act on.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::serve(&args),
        Command::Build(args) if args.watch => serve::watch_build(&args.options()?, args.poll),
        Command::Build(args) => Ok(build_once(&args.options()?)),
        Command::Check(args) => Ok(check::command(&args)),
        Command::Init(args) => {
            let files = init::init(&args.dir)?;
            report::initialized(&args.dir, &files);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(cli::ImportFrom::Pelican(args)) => {
            Ok(match import::pelican(&args.site, args.force) {
                Ok((target, imported)) => {
                    report::imported(&target, &imported.unmapped);
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    report::fatal(&message);
                    ExitCode::FAILURE
                }
            })
        }
    }
}

/// A builder for `opts`, keeping rendered Markdown in the site's cache unless told not to.
pub(crate) fn builder(opts: &options::Options) -> Builder {
    let store = (opts.use_cache)
        .then(|| cache::Cache::open(&opts.site_dir))
        .flatten()
        .map(|c| Box::new(c) as Box<dyn render::MarkdownStore>);
    Builder::new(opts.clone()).with_store(store)
}

/// `quire build`: one clean build, its checks' warnings, and the summary line.
fn build_once(opts: &options::Options) -> ExitCode {
    // Taken before anything is read: what the build reads is then at least as new.
    let snapshot = cache::Snapshot::take(opts);
    if let Some(skipped) = snapshot.as_ref().and_then(cache::Snapshot::unchanged) {
        report::diagnostics(&skipped.warnings, report::Shown::for_build(opts.quiet));
        if !opts.quiet {
            report::up_to_date(&skipped, &opts.output_dir);
        }
        return ExitCode::SUCCESS;
    }
    if let Some(s) = &snapshot {
        s.forget();
    }
    // What the last build knew, if its record still holds: then any page or file may have
    // changed since, site.yaml and the templates not.
    let (prior, changes) = match snapshot.as_ref().and_then(cache::Snapshot::prior) {
        Some(prior) => (prior, Changes::files_only()),
        None => (Prior::default(), Changes::everything()),
    };
    let builder = builder(opts);
    let progress = report::Progress::new("Rendering", opts.quiet);
    let tick = |done, total| progress.tick(done, total);
    let result = builder.build(&prior, &changes, SiteWide::Now, &check::review, &tick);
    progress.finish();
    let shown = report::Shown::for_build(opts.quiet);
    match result {
        Ok((summary, state)) => {
            if let Some(s) = snapshot {
                s.save(&summary, &state);
            }
            report::diagnostics(&summary.warnings, shown);
            if !opts.quiet {
                report::built(&summary, &opts.output_dir, &summary.warnings);
            }
            // The process ends after this build: the system takes back what it holds at once,
            // where freeing every page's facts one by one would cost in proportion to the site.
            std::mem::forget((state, prior));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            report::diagnostics(&errors, shown);
            // Only a commit stopped by the system leaves the folder part-way; it says how.
            let consequence = if errors.iter().any(|e| e.kind == "commit") {
                "the output folder was left part-way, as said above"
            } else {
                "the output folder was not changed"
            };
            report::failed(&errors, consequence);
            ExitCode::FAILURE
        }
    }
}
