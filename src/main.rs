//! The `quire` command: arguments in, exit code out; the work is in the library.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a build allocates and frees many small strings per
/// page (syntect's regex regions, Markdown events, template values), and glibc's malloc and free
/// were a fifth of a cold build's CPU time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (mimalloc.h): how long freed memory is kept before it is
/// given back to the system. Its 10 ms default (100 ms for whole arenas) let a 10,000-page build
/// peak at 155 MB where glibc peaked at 121 MB; at 0 the peak is ~138 MB.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: sets one of mimalloc's documented options to a value it allows; nothing else
    // reads or writes options concurrently this early.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    let cli = quire::cli::Cli::parse();
    match quire::run(cli) {
        Ok(code) => code,
        Err(e) => {
            quire::report::fatal(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}
