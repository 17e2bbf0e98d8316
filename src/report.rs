//! What quire prints: diagnostics, the summary line, a progress bar on long
//! work. Colour only on a terminal, and never with NO_COLOR (anstream decides).

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::build::Summary;
use crate::diagnostic::{Diagnostic, Severity};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

pub fn diagnostics(diags: &[Diagnostic]) {
    let mut err = anstream::stderr().lock();
    for d in diags {
        let (label, style) = match d.severity {
            Severity::Error => ("error", ERROR),
            Severity::Warning => ("warning", WARNING),
        };
        let _ = writeln!(
            err,
            "{style}{label}{style:#}: {BOLD}{}{BOLD:#}: {}",
            d.location(),
            d.message
        );
        if let Some(hint) = &d.hint {
            let _ = writeln!(err, "  {DIM}help:{DIM:#} {hint}");
        }
    }
}

pub fn failed(errors: &[Diagnostic], consequence: &str) {
    let n = errors.iter().filter(|d| d.is_error()).count();
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{ERROR}✘{ERROR:#} Build failed with {n} error{}; {consequence}.",
        if n == 1 { "" } else { "s" }
    );
}

pub fn fatal(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{ERROR}error{ERROR:#}: {message}");
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn build_summary(s: &Summary, output_dir: &Path) {
    let mut out = anstream::stdout().lock();
    let _ = writeln!(
        out,
        "{OK}✔{OK:#} Built {}, {} and {} in {} ms → {} ({} written, {} unchanged, {} removed)",
        plural(s.pages, "page"),
        plural(s.posts, "post"),
        plural(s.static_files, "static file"),
        s.elapsed.as_millis(),
        output_dir.display(),
        s.stats.written,
        s.stats.unchanged,
        s.stats.removed,
    );
}

/// A progress bar that appears only for big jobs on a terminal (never in CI or when piped).
pub struct Progress {
    bar: Mutex<Option<ProgressBar>>,
    label: &'static str,
    enabled: bool,
}

/// Below this many items a build takes well under a second: no bar.
const BAR_THRESHOLD: usize = 500;

impl Progress {
    pub fn new(label: &'static str, quiet: bool) -> Self {
        let enabled = !quiet
            && std::env::var_os("CI").is_none()
            && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress {
            bar: Mutex::new(None),
            label,
            enabled,
        }
    }

    pub fn tick(&self, done: usize, total: usize) {
        if !self.enabled || total < BAR_THRESHOLD {
            return;
        }
        let mut guard = self.bar.lock().expect("no panics while held");
        let bar = guard.get_or_insert_with(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} pages")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            bar.set_message(self.label);
            bar
        });
        bar.set_position(done as u64);
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.lock().expect("no panics while held").take() {
            bar.finish_and_clear();
        }
    }
}

/// The last line of `quire check`; `pages` is None when the site could not be built.
pub fn check_summary(diags: &[Diagnostic], pages: Option<usize>) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let mut err = anstream::stderr().lock();
    let _ = match pages {
        None => writeln!(
            err,
            "{ERROR}✘{ERROR:#} {}: the site could not be built, so nothing else was checked",
            plural(errors, "error")
        ),
        Some(pages) if errors > 0 => writeln!(
            err,
            "{ERROR}✘{ERROR:#} {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(pages, "page")
        ),
        Some(pages) => writeln!(
            err,
            "{OK}✔{OK:#} No errors in {} ({})",
            plural(pages, "page"),
            plural(warnings, "warning")
        ),
    };
}
