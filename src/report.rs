//! Everything quire prints goes through here: diagnostics, grouped by kind, notes, the
//! summary line of a build, serve's and watch's few lines, and a progress bar on long work.
//! Colour only on a terminal, and never with NO_COLOR (anstream decides).

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::build::Summary;
use crate::diagnostic::{printable, printable_path, Diagnostic, Severity};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// How many warnings of each kind `build` and `serve` show; `quire check` shows them all.
pub(crate) const SHOWN_PER_KIND: usize = 3;

/// How much of a list of problems to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Everything, in report order (`quire check`).
    All,
    /// Every error; the first few warnings of each kind, then how many more there are; notes.
    Summarized,
    /// Errors only (`-q`).
    ErrorsOnly,
}

impl Shown {
    pub(crate) fn for_build(quiet: bool) -> Shown {
        if quiet {
            Shown::ErrorsOnly
        } else {
            Shown::Summarized
        }
    }
}

/// Prints problems to stderr: errors first, then warnings (grouped by kind), then notes.
pub(crate) fn diagnostics(diags: &[Diagnostic], shown: Shown) {
    let mut err = anstream::stderr().lock();
    let (errors, rest): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diags.iter().partition(|d| d.is_error());
    for d in &errors {
        write_one(&mut err, d);
    }
    if shown == Shown::ErrorsOnly {
        return;
    }
    let warnings: Vec<&Diagnostic> = rest.iter().copied().filter(|d| d.is_warning()).collect();
    match shown {
        Shown::All => warnings.iter().for_each(|d| write_one(&mut err, d)),
        _ => {
            for (kind, of_kind) in by_kind(&warnings) {
                // The site file's warnings are each about another setting: all are shown.
                let shown = match kind {
                    "config" => of_kind.len(),
                    _ => SHOWN_PER_KIND,
                };
                for d in of_kind.iter().take(shown) {
                    write_one(&mut err, d);
                }
                if of_kind.len() > shown {
                    let _ = writeln!(
                        err,
                        "  {DIM}… and {} more {kind} warnings (`quire check` lists them all; \
`checks: {{{kind}: off}}` in site.yaml turns them off){DIM:#}",
                        of_kind.len() - SHOWN_PER_KIND
                    );
                }
            }
        }
    }
    for d in rest.iter().filter(|d| d.is_note()) {
        write_one(&mut err, d);
    }
}

/// Warnings by kind, kinds in the order they are first met.
fn by_kind<'a>(warnings: &[&'a Diagnostic]) -> Vec<(&'static str, Vec<&'a Diagnostic>)> {
    let mut groups: Vec<(&'static str, Vec<&Diagnostic>)> = Vec::new();
    for d in warnings {
        match groups.iter_mut().find(|(k, _)| *k == d.kind) {
            Some((_, list)) => list.push(d),
            None => groups.push((d.kind, vec![d])),
        }
    }
    groups
}

fn write_one(err: &mut impl Write, d: &Diagnostic) {
    let location = d.location();
    let at = if location.is_empty() {
        String::new()
    } else {
        format!("{BOLD}{location}{BOLD:#}: ")
    };
    // Messages, hints and detail quote the site (names, keys, lines); the location is
    // escaped where it is made.
    let message = printable(&d.message);
    let hint = d.hint.as_deref().map(printable);
    if d.severity == Severity::Note {
        // One dim line: what to do, if anything, is part of it.
        let hint = hint.map_or(String::new(), |h| format!(" ({h})"));
        let _ = writeln!(
            err,
            "{DIM}note: {location}{}{}{hint}{DIM:#}",
            if location.is_empty() { "" } else { ": " },
            message
        );
        return;
    }
    let style = if d.is_error() { ERROR } else { WARNING };
    let _ = writeln!(
        err,
        "{style}{}{style:#}: {at}{}",
        d.severity.label(),
        message
    );
    for line in &d.detail {
        let _ = writeln!(err, "  {}", printable(line));
    }
    if let Some(pages) = d.pages_line() {
        let _ = writeln!(err, "  {DIM}{pages}{DIM:#}");
    }
    if let Some(hint) = hint {
        let _ = writeln!(err, "  {DIM}help:{DIM:#} {hint}");
    }
}

/// `quire check --format json`'s output, on stdout.
pub(crate) fn json(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
}

pub(crate) fn failed(errors: &[Diagnostic], consequence: &str) {
    let n = errors.iter().filter(|d| d.is_error()).count();
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{ERROR}✘{ERROR:#} Build failed with {}; {consequence}.",
        plural(n, "error"),
        consequence = printable(consequence)
    );
}

/// An error that stops quire before any site is read (a bad flag, a folder that cannot be opened).
pub fn fatal(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{ERROR}error{ERROR:#}: {}", printable(message));
}

/// A warning about how quire runs rather than about the site (a public address, polling).
pub(crate) fn warn(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{WARNING}warning{WARNING:#}: {}", printable(message));
}

/// One dim line of information (a taken port).
pub(crate) fn note(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{DIM}note: {}{DIM:#}", printable(message));
}

/// `quire import`: what was written, and each setting that was not mapped.
pub(crate) fn imported(target: &Path, unmapped: &[String]) {
    let mut out = anstream::stdout().lock();
    let _ = writeln!(out, "{OK}✔{OK:#} Wrote {}", printable_path(target));
    if !unmapped.is_empty() {
        let _ = writeln!(out, "Not mapped ({}):", unmapped.len());
        for line in unmapped {
            let _ = writeln!(out, "  {}", printable(line));
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "2,000 warnings (1,999 missing-meta, 1 mis-encoded)", or nothing without warnings.
fn warning_counts(diags: &[Diagnostic]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags.iter().filter(|d| d.is_warning()) {
        *counts.entry(d.kind).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    if total == 0 {
        return None;
    }
    let mut kinds: Vec<(&str, usize)> = counts.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    Some(format!(
        "{} ({})",
        plural(total, "warning"),
        kinds.join(", ")
    ))
}

/// The one summary line of a whole build, the same for `build`, `build --watch` and `serve`:
/// "✔ Built 9 pages, 2 posts and 2 static files in 24 ms → output (13 written, 0 unchanged,
/// 0 removed); 1 warning (1 mis-encoded)".
pub(crate) fn built(s: &Summary, output_dir: &Path, warnings: &[Diagnostic]) {
    let mut out = anstream::stdout().lock();
    let warnings = warning_counts(warnings).map_or(String::new(), |w| format!("; {w}"));
    // A build that picked up from the last one says how little it had to render.
    let rendered = if s.pages_rendered < s.pages + s.posts {
        format!("{} rendered, ", plural(s.pages_rendered, "page"))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{OK}✔{OK:#} Built {}, {} and {} in {} ms → {} ({rendered}{} written, {} unchanged, {} removed){warnings}",
        plural(s.pages, "page"),
        plural(s.posts, "post"),
        plural(s.static_files, "static file"),
        s.elapsed.as_millis(),
        printable_path(output_dir),
        s.stats.written,
        s.stats.unchanged,
        s.stats.removed,
    );
    let _ = out.flush();
}

/// The summary line of a build that found nothing changed since the last one (see cache/fingerprint.rs).
pub(crate) fn up_to_date(s: &crate::cache::Skipped, output_dir: &Path) {
    let mut out = anstream::stdout().lock();
    let warnings = warning_counts(&s.warnings).map_or(String::new(), |w| format!("; {w}"));
    let _ = writeln!(
        out,
        "{OK}✔{OK:#} Built {}, {} and {} in {} ms → {} (nothing changed since the last build: \
         0 written, {} unchanged, 0 removed){warnings}",
        plural(s.pages, "page"),
        plural(s.posts, "post"),
        plural(s.static_files, "static file"),
        s.elapsed.as_millis(),
        printable_path(output_dir),
        s.files,
    );
    let _ = out.flush();
}

/// The summary line of a rebuild after a save: "✔ Rebuilt 1 page, 2 files changed in 4 ms".
pub(crate) fn rebuilt(
    pages: usize,
    changed_files: usize,
    elapsed: Duration,
    new_warnings: &[Diagnostic],
) {
    let mut out = anstream::stdout().lock();
    let warnings = warning_counts(new_warnings).map_or(String::new(), |w| format!("; {w} new"));
    let _ = writeln!(
        out,
        "{OK}✔{OK:#} Rebuilt {}, {} changed in {} ms{warnings}",
        plural(pages, "page"),
        plural(changed_files, "file"),
        elapsed.as_millis(),
    );
    let _ = out.flush();
}

/// What `serve` and `build --watch` print of each rebuild. A save shows only the warnings
/// and notes it brought, not the whole list again.
pub(crate) struct Session {
    quiet: bool,
    output_dir: std::path::PathBuf,
    /// What the last good build reported, as printed.
    last: HashSet<String>,
}

/// What a rebuild did, as `serve` and `build --watch` report it.
pub(crate) struct Rebuild<'a> {
    /// After a full build: the summary `quire build` prints.
    pub summary: Option<&'a Summary>,
    pub pages_rendered: usize,
    pub changed_files: usize,
    pub elapsed: Duration,
    pub warnings: &'a [Diagnostic],
}

impl Session {
    pub(crate) fn new(quiet: bool, output_dir: &Path) -> Session {
        Session {
            quiet,
            output_dir: output_dir.to_path_buf(),
            last: HashSet::new(),
        }
    }

    pub(crate) fn built(&mut self, r: &Rebuild) {
        let fresh = self.fresh(r.warnings);
        if self.quiet {
            return;
        }
        diagnostics(&fresh, Shown::Summarized);
        match r.summary {
            Some(summary) => built(summary, &self.output_dir, r.warnings),
            None => rebuilt(r.pages_rendered, r.changed_files, r.elapsed, &fresh),
        }
    }

    /// The warnings found after a rebuild's summary line (the pages it re-rendered are checked
    /// again with the site-wide files): only the new ones are printed.
    pub(crate) fn more(&mut self, warnings: &[Diagnostic]) {
        let fresh = self.fresh(warnings);
        if !self.quiet {
            diagnostics(&fresh, Shown::Summarized);
        }
    }

    fn fresh(&mut self, warnings: &[Diagnostic]) -> Vec<Diagnostic> {
        let now: HashSet<String> = warnings.iter().map(Diagnostic::to_string).collect();
        let fresh = warnings
            .iter()
            .filter(|d| !self.last.contains(&d.to_string()))
            .cloned()
            .collect();
        self.last = now;
        fresh
    }

    /// A rebuild that failed: every error, and what that means for the output.
    pub(crate) fn failed(&mut self, errors: &[Diagnostic], consequence: &str) {
        diagnostics(errors, Shown::for_build(self.quiet));
        failed(errors, consequence);
    }
}

/// `quire serve`'s line once it listens.
pub(crate) fn serving(site_dir: &Path, url: &str, polling: bool) {
    let mut out = anstream::stdout().lock();
    let _ = writeln!(
        out,
        "Serving {} at {BOLD}{url}{BOLD:#} (watching for changes{}; Ctrl-C to stop)",
        printable_path(site_dir),
        if polling { " by polling" } else { "" }
    );
    let _ = out.flush();
}

/// `quire build --watch`'s line once it watches.
pub(crate) fn watching(site_dir: &Path, polling: bool) {
    let mut out = anstream::stdout().lock();
    let _ = writeln!(
        out,
        "Watching {} for changes{} (Ctrl-C to stop)",
        printable_path(site_dir),
        if polling { " by polling" } else { "" }
    );
    let _ = out.flush();
}

/// `quire init`'s lines: what it made, and the two commands that come next.
pub(crate) fn initialized(dir: &Path, files: &[std::path::PathBuf]) {
    let mut out = anstream::stdout().lock();
    let shown = printable_path(dir);
    // A folder name with spaces must be quoted to be typed again.
    let typed = if shown.contains(char::is_whitespace) {
        format!("\"{shown}\"")
    } else {
        shown.clone()
    };
    let _ = writeln!(
        out,
        "{OK}✔{OK:#} Created a quire site in {shown} ({}):",
        plural(files.len(), "file")
    );
    for f in files {
        let _ = writeln!(out, "  {}", printable_path(f));
    }
    let _ = writeln!(
        out,
        "\nNext:\n  {BOLD}quire serve {typed} --open{BOLD:#}   preview it in your browser; it follows every save\n  \
quire build {typed}          write the finished site into {typed}/output\n\n\
Start with {typed}/site.yaml and {typed}/content/pages/01-getting-started/00-getting-started.md."
    );
}

pub(crate) fn stopped() {
    let mut out = anstream::stdout().lock();
    let _ = writeln!(out, "Stopped.");
}

/// A progress bar that appears only for big jobs on a terminal (never in CI or when piped).
pub(crate) struct Progress {
    bar: Mutex<Option<ProgressBar>>,
    label: &'static str,
    enabled: bool,
}

/// Below this many items a build takes well under a second: no bar.
const BAR_THRESHOLD: usize = 500;

impl Progress {
    pub(crate) fn new(label: &'static str, quiet: bool) -> Self {
        let enabled = !quiet
            && std::env::var_os("CI").is_none()
            && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress {
            bar: Mutex::new(None),
            label,
            enabled,
        }
    }

    pub(crate) fn tick(&self, done: usize, total: usize) {
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

    pub(crate) fn finish(&self) {
        if let Some(bar) = self.bar.lock().expect("no panics while held").take() {
            bar.finish_and_clear();
        }
    }
}

/// The last line of `quire check`; `pages` is None when the site could not be built. Notes
/// are not counted: they are not problems.
pub(crate) fn check_summary(diags: &[Diagnostic], pages: Option<usize>) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.iter().filter(|d| d.is_warning()).count();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags.iter().filter(|d| !d.is_note()) {
        *counts.entry(d.kind).or_default() += 1;
    }
    let by_kind = if counts.len() > 1 {
        let kinds: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
        format!("; by kind: {}", kinds.join(", "))
    } else {
        String::new()
    };
    let mut err = anstream::stderr().lock();
    let _ = match pages {
        None => writeln!(
            err,
            "{ERROR}✘{ERROR:#} {}: the site could not be built, so nothing else was checked",
            plural(errors, "error")
        ),
        Some(pages) if errors > 0 => writeln!(
            err,
            "{ERROR}✘{ERROR:#} {} and {} in {}{by_kind}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(pages, "page")
        ),
        Some(pages) => writeln!(
            err,
            "{OK}✔{OK:#} No errors in {} ({}){by_kind}",
            plural(pages, "page"),
            plural(warnings, "warning")
        ),
    };
}
