//! The `quire` command: arguments in, exit code out; the work is in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = quire::Cli::parse();
    match quire::run(cli) {
        Ok(code) => code,
        Err(e) => {
            quire::fatal(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}
