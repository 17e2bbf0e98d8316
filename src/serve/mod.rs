//! `quire serve` and `quire build --watch`: watch the site, rebuild what a change
//! reaches, and (for serve) show the result in open browser tabs at once.
//!
//! The output folder is what is served: it always holds exactly what a fresh
//! `quire build` would write, and the server adds the live-reload script to
//! HTML only as it sends it.

mod http;
mod rebuild;
mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use anyhow::Context as _;
use serde::Serialize;
use tokio::sync::{broadcast, watch as tokio_watch};

use crate::cli::{BuildArgs, ServeArgs};
use crate::diagnostic::{Diagnostic, Severity};
use crate::output::check_output_dir;
use crate::report;
use http::{App, Message};
use rebuild::{Built, Rebuilder};
use watch::{classify, Changes, Watcher};

const OK: Style = AnsiColor::Green.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const BOLD: Style = Style::new().bold();

/// How many ports after a taken one are tried.
const PORT_TRIES: u16 = 50;

/// `quire serve`: build, serve on this machine, rebuild and reload on every change.
pub fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let (site_dir, output_dir) = folders(&args.site_dir, &args.output_dir())?;
    // Held for the whole run, so that a `quire build` beside it cannot mix into its output.
    let _lock = crate::output::lock_output(&output_dir)?;
    let mut rebuilder = Rebuilder::new(&site_dir, &output_dir);
    rebuilder.force = args.force;
    let first = rebuilder.rebuild(Changes::everything());
    report_rebuild(&first, true);
    // Even a site that fails to build is served: its tabs show the errors until they are fixed.
    std::fs::create_dir_all(&output_dir)
        .with_context(|| format!("cannot create {}", output_dir.display()))?;
    let root = output_dir.canonicalize()?;
    let mut watcher = start_watcher(&site_dir, args.poll)?;

    let listener = bind(args.bind, args.port)?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio_watch::channel(false);
    let (status, _) = messages(&first, 0);
    let app = Arc::new(App {
        root,
        port: addr.port(),
        hosts: args.host.clone(),
        instance: format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ),
        base_path: RwLock::new(rebuilder.base_path()),
        generation: RwLock::new(u64::from(first.is_ok())),
        status: RwLock::new(status),
        events: broadcast::channel(64).0,
        shutdown: stopped,
    });

    let url = format!("http://{}{}", display_addr(addr), rebuilder.base_path());
    if !args.bind.is_loopback() {
        let mut err = anstream::stderr().lock();
        let _ = writeln!(
            err,
            "{WARN}warning{WARN:#}: listening on {}: other machines that can reach this one can see the site \
(and its drafts); use --bind 127.0.0.1 to keep it to yourself",
            args.bind
        );
    }
    {
        let mut out = anstream::stdout().lock();
        let _ = writeln!(
            out,
            "Serving {} at {BOLD}{url}{BOLD:#} (watching for changes{}; Ctrl-C to stop)",
            site_dir.display(),
            if watcher.is_polling() {
                " by polling"
            } else {
                ""
            }
        );
        let _ = out.flush();
    }
    if args.open {
        open_browser(&url);
    }

    let shared = Arc::clone(&app);
    std::thread::spawn(move || {
        rebuild_forever(
            &mut watcher,
            &mut rebuilder,
            (&site_dir, &output_dir),
            |rebuilder, result| {
                report_rebuild(result, false);
                *shared.base_path.write().expect("no panics while held") = rebuilder.base_path();
                let generation = *shared.generation.read().expect("no panics while held")
                    + u64::from(result.is_ok());
                let (status, event) = messages(result, generation);
                shared.publish(event, status, result.is_ok());
            },
            |result| {
                let _ = shared.events.send(updated_message(&result));
            },
        )
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let mut stopping = app.shutdown.clone();
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let stopped = app.shutdown.clone();
        let server = http::serve(listener, http::router(app), stopped, async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
        });
        tokio::select! {
            r = server => r?,
            // A client that never finishes reading must not keep quire from stopping.
            () = async {
                let _ = stopping.wait_for(|s| *s).await;
                tokio::time::sleep(Duration::from_secs(3)).await;
            } => {}
        }
        anyhow::Ok(())
    })?;
    println!("Stopped.");
    Ok(ExitCode::SUCCESS)
}

/// `quire build --watch`: build, then rebuild into the output folder on every change.
pub fn watch_build(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let (site_dir, output_dir) = folders(&args.site_dir, &args.output_dir())?;
    // Held for the whole run, so that a `quire build` beside it cannot mix into its output.
    let _lock = crate::output::lock_output(&output_dir)?;
    let mut rebuilder = Rebuilder::new(&site_dir, &output_dir);
    rebuilder.force = args.force;
    report_rebuild(&rebuilder.rebuild(Changes::everything()), true);
    let mut watcher = start_watcher(&site_dir, args.poll)?;
    println!(
        "Watching {} for changes{} (Ctrl-C to stop)",
        site_dir.display(),
        if watcher.is_polling() {
            " by polling"
        } else {
            ""
        }
    );
    rebuild_forever(
        &mut watcher,
        &mut rebuilder,
        (&site_dir, &output_dir),
        |_, result| report_rebuild(result, false),
        |result| {
            if let Err(errors) = result {
                report_rebuild(&Err(errors), false);
            }
        },
    )
}

/// Rebuilds on every change, for good: `pages_done` after each change's pages are out,
/// `shared_done` after the site-wide files (search index, feed, sitemap) that follow them
/// once the saves pause. No tab waits for those, and a save that follows closely is
/// served before them.
fn rebuild_forever(
    watcher: &mut Watcher,
    rebuilder: &mut Rebuilder,
    (site_dir, output_dir): (&Path, &Path),
    mut pages_done: impl FnMut(&Rebuilder, &Result<Built, Vec<Diagnostic>>),
    mut shared_done: impl FnMut(Result<Built, Vec<Diagnostic>>),
) -> ! {
    let delay = shared_delay();
    let mut changes = Changes::default();
    loop {
        if changes.is_empty() {
            changes = next_changes(watcher, site_dir, output_dir);
            continue;
        }
        let result = rebuilder.rebuild(std::mem::take(&mut changes));
        pages_done(rebuilder, &result);
        if let Some(more) = changes_soon(watcher, site_dir, output_dir, delay) {
            changes = more;
            continue;
        }
        if let Some(result) = rebuilder.finish_shared() {
            shared_done(result);
        }
    }
}

/// How long after a rebuild quire waits for another save before it rewrites the site-wide
/// files (search index, feed, sitemap): at 10,000 pages that pass takes ~0.6 s, and a save
/// made while it runs has to wait for it. Writers often save twice in a row (a typo fixed,
/// an editor's autosave); each save's page comes first, the site-wide files once they pause.
/// `QUIRE_SHARED_DELAY_MS` overrides it, for tests that must not depend on a machine's speed.
fn shared_delay() -> Duration {
    std::env::var("QUIRE_SHARED_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_millis(250), Duration::from_millis)
}

/// The changes of a save that comes within `delay`, if one does. quire's own writes
/// to the output folder show up as events too; they are not changes and do not count.
fn changes_soon(
    watcher: &mut Watcher,
    site_dir: &Path,
    output_dir: &Path,
    delay: Duration,
) -> Option<Changes> {
    let deadline = std::time::Instant::now() + delay;
    while let Some(batch) = watcher.next_batch_before(deadline) {
        let changes = match batch {
            Some(paths) => classify(site_dir, output_dir, &paths),
            None => Changes::everything(),
        };
        if !changes.is_empty() {
            return Some(changes);
        }
    }
    None
}

/// Absolute folders, so that file events (which carry absolute paths) can be matched to them.
fn folders(site_dir: &Path, output_dir: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let site = site_dir
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", site_dir.display()))?;
    let output = if output_dir.is_absolute() {
        output_dir.to_path_buf()
    } else {
        std::env::current_dir()?.join(output_dir)
    };
    let output = match (output.parent(), output.file_name()) {
        (Some(parent), Some(name)) if parent.exists() => parent.canonicalize()?.join(name),
        _ => output,
    };
    check_output_dir(&site, &output).map_err(|d| anyhow::anyhow!("{d}"))?;
    Ok((site, output))
}

fn start_watcher(site_dir: &Path, poll: bool) -> anyhow::Result<Watcher> {
    let watcher = Watcher::start(site_dir, poll)
        .with_context(|| format!("cannot watch {} for changes", site_dir.display()))?;
    if let Some(why) = &watcher.fallback_reason {
        warn_polling(why);
    }
    Ok(watcher)
}

fn warn_polling(why: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{WARN}warning{WARN:#}: the system's file events are not available ({why}); \
polling for changes instead, which is slower (raise fs.inotify.max_user_watches to avoid this)"
    );
}

/// The next batch of changes, sorted; saying so if quire had to start polling.
fn next_changes(watcher: &mut Watcher, site_dir: &Path, output_dir: &Path) -> Changes {
    let changes = match watcher.next_batch() {
        Some(paths) => classify(site_dir, output_dir, &paths),
        None => Changes::everything(),
    };
    if let Some(why) = watcher.fallback_news() {
        warn_polling(&why);
    }
    changes
}

/// The port asked for, or the next free one after it (saying so).
fn bind(ip: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    let mut last = None;
    for p in (0..PORT_TRIES).filter_map(|i| port.checked_add(i)) {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => {
                if p != port {
                    let mut err = anstream::stderr().lock();
                    let _ = writeln!(
                        err,
                        "{WARN}note{WARN:#}: port {port} is in use; serving on port {p} instead"
                    );
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {ip}:{p}")),
        }
    }
    Err(anyhow::anyhow!(
        "ports {port} to {} are all in use ({}); choose another with --port",
        port.saturating_add(PORT_TRIES - 1),
        last.map_or_else(String::new, |e| e.to_string())
    ))
}

/// The address to type into a browser: a wildcard address is reached through loopback.
fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        report::fatal(&format!(
            "could not start {opener} to open {url}; open it yourself"
        ));
    }
}

fn report_rebuild(result: &Result<Built, Vec<Diagnostic>>, first: bool) {
    match result {
        Ok(built) => {
            report::diagnostics(&built.warnings);
            let mut out = anstream::stdout().lock();
            let what = match &built.changed {
                None => format!("Built {}", plural(built.pages_rendered, "page")),
                Some(changed) => format!(
                    "Rebuilt {}, {} changed",
                    plural(built.pages_rendered, "page"),
                    plural(changed.len(), "file")
                ),
            };
            let _ = writeln!(
                out,
                "{OK}✔{OK:#} {what} in {} ms",
                built.elapsed.as_millis()
            );
            let _ = out.flush();
        }
        Err(errors) => {
            report::diagnostics(errors);
            report::failed(
                errors,
                if first {
                    "fix it and the site is built as soon as the file is saved"
                } else {
                    "the last good pages are still served"
                },
            );
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[derive(Serialize)]
struct DiagnosticView<'a> {
    severity: &'static str,
    location: String,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

fn views(diags: &[Diagnostic]) -> Vec<DiagnosticView<'_>> {
    diags
        .iter()
        .map(|d| DiagnosticView {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            location: d.location(),
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect()
}

/// The state for tabs that connect later, and the event for those open now.
/// The event for the site-wide files that follow an edit's pages: which files changed, or why not.
fn updated_message(result: &Result<Built, Vec<Diagnostic>>) -> Message {
    let data = match result {
        Ok(built) => serde_json::json!({ "changed": built.changed }),
        Err(errors) => serde_json::json!({ "errors": views(errors) }),
    };
    Message {
        event: "updated",
        data: data.to_string(),
    }
}

fn messages(result: &Result<Built, Vec<Diagnostic>>, generation: u64) -> (Message, Message) {
    match result {
        Ok(built) => {
            let warnings = views(&built.warnings);
            let status = Message {
                event: "status",
                data: serde_json::json!({ "warnings": warnings }).to_string(),
            };
            let event = Message {
                event: "built",
                data: serde_json::json!({
                    "changed": built.changed,
                    "more": built.more,
                    "warnings": warnings,
                    "generation": generation,
                })
                .to_string(),
            };
            (status, event)
        }
        Err(errors) => {
            let (errs, warns): (Vec<Diagnostic>, Vec<Diagnostic>) =
                errors.iter().cloned().partition(Diagnostic::is_error);
            let failed = Message {
                event: "failed",
                data: serde_json::json!({ "errors": views(&errs), "warnings": views(&warns) })
                    .to_string(),
            };
            (failed.clone(), failed)
        }
    }
}
