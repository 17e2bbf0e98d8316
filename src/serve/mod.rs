//! `quire serve` and `quire build --watch`: watch the site, rebuild what a change
//! reaches, and (for serve) show the result in open browser tabs at once.
//!
//! The output folder is what is served: it always holds exactly what a fresh
//! `quire build` would write, and the server adds the live-reload script to
//! HTML only as it sends it.

mod http;
mod rebuild;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context as _;
use serde::Serialize;
use tokio::sync::{broadcast, watch as tokio_watch};

use crate::cli::ServeArgs;
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::report;
use http::{App, Message};
use rebuild::{Built, Rebuilder};
use watch::{Changes, Watcher};

/// How many ports after a taken one are tried.
const PORT_TRIES: u16 = 50;

/// `quire serve`: build, serve on this machine, rebuild and reload on every change.
pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let opts = args.options()?;
    let (site_dir, output_dir) = (opts.site_dir.clone(), opts.output_dir.clone());
    let mut rebuilder = Rebuilder::new(&opts);
    check_output_dir(&rebuilder)?;
    // Held for the whole run, so that a `quire build` beside it cannot mix into its output.
    let _lock = crate::output::lock_output(&output_dir)?;
    let session = std::cell::RefCell::new(report::Session::new(opts.quiet, &output_dir));
    let first = rebuilder.rebuild(Changes::everything());
    report_rebuild(&mut session.borrow_mut(), &first, true);
    // Even a site that fails to build is served: its tabs show the errors until they are fixed.
    std::fs::create_dir_all(&output_dir)
        .with_context(|| format!("cannot create {}", output_dir.display()))?;
    let root = output_dir.canonicalize()?;
    let mut watcher = start_watcher(&rebuilder, args.poll)?;
    // Before the address is printed: an included file edited at once is seen too.
    watcher.watch_included(rebuilder.included_files());
    watcher.watch_settings(rebuilder.settings_files());

    let listener = bind(args.bind, args.port)?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio_watch::channel(false);
    let (status, _) = messages(&first, 0);
    let app = Arc::new(App {
        root,
        port: addr.port(),
        hosts: args.host.clone(),
        instance: instance(),
        base_path: RwLock::new(rebuilder.base_path()),
        generation: RwLock::new(u64::from(first.is_ok())),
        status: RwLock::new(status),
        events: broadcast::channel(64).0,
        shutdown: stopped,
    });
    let url = format!("http://{}{}", display_addr(addr), rebuilder.base_path());
    announce(args, &site_dir, &url, watcher.is_polling());

    let shared = Arc::clone(&app);
    std::thread::spawn(move || {
        rebuild_forever(
            &mut watcher,
            &mut rebuilder,
            |rebuilder, result| {
                report_rebuild(&mut session.borrow_mut(), result, false);
                publish_pages(&shared, rebuilder, result);
            },
            |result| {
                report_site_wide(&mut session.borrow_mut(), &result);
                publish_site_wide(&shared, &result);
            },
        )
    });
    run_server(listener, app, stop)?;
    report::stopped();
    Ok(ExitCode::SUCCESS)
}

/// Tells this run from the ones before it: the process and the time it started.
fn instance() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    )
}

/// Says where the site is served (even under -q: the address is what serve is run for),
/// and opens it when asked.
fn announce(args: &ServeArgs, site_dir: &Path, url: &str, polling: bool) {
    if !args.bind.is_loopback() {
        report::warn(&format!(
            "listening on {}: other machines that can reach this one can see the site \
(and its drafts); use --bind 127.0.0.1 to keep it to yourself",
            args.bind
        ));
    }
    report::serving(site_dir, url, polling);
    if args.open {
        open_browser(url);
    }
}

/// Tells the open tabs that a change's pages are out.
fn publish_pages(app: &App, rebuilder: &Rebuilder, result: &Result<Built, Vec<Diagnostic>>) {
    *app.base_path.write().expect("no panics while held") = rebuilder.base_path();
    let generation =
        *app.generation.read().expect("no panics while held") + u64::from(result.is_ok());
    let (status, event) = messages(result, generation);
    app.publish(event, status, result.is_ok());
}

/// Tells the open tabs that the site-wide files are out too.
fn publish_site_wide(app: &App, result: &Result<Built, Vec<Diagnostic>>) {
    let generation = *app.generation.read().expect("no panics while held");
    let (status, event) = updated_messages(result, generation);
    app.publish(event, status, false);
}

/// Serves the output folder until Ctrl-C, and then no more than three seconds longer.
fn run_server(
    listener: TcpListener,
    app: Arc<App>,
    stop: tokio_watch::Sender<bool>,
) -> anyhow::Result<()> {
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
    })
}

/// `quire build --watch`: build, then rebuild into the output folder on every change.
pub(crate) fn watch_build(opts: &Options, poll: bool) -> anyhow::Result<ExitCode> {
    let (site_dir, output_dir) = (opts.site_dir.clone(), opts.output_dir.clone());
    let mut rebuilder = Rebuilder::new(opts);
    check_output_dir(&rebuilder)?;
    // Held for the whole run, so that a `quire build` beside it cannot mix into its output.
    let _lock = crate::output::lock_output(&output_dir)?;
    let session = std::cell::RefCell::new(report::Session::new(opts.quiet, &output_dir));
    report_rebuild(
        &mut session.borrow_mut(),
        &rebuilder.rebuild(Changes::everything()),
        true,
    );
    let mut watcher = start_watcher(&rebuilder, poll)?;
    // Before the address is printed: an included file edited at once is seen too.
    watcher.watch_included(rebuilder.included_files());
    watcher.watch_settings(rebuilder.settings_files());
    if !opts.quiet {
        report::watching(&site_dir, watcher.is_polling());
    }
    rebuild_forever(
        &mut watcher,
        &mut rebuilder,
        |_, result| report_rebuild(&mut session.borrow_mut(), result, false),
        |result| report_site_wide(&mut session.borrow_mut(), &result),
    )
}

/// Rebuilds on every change, for good: `pages_done` after each change's pages are out,
/// `shared_done` after the site-wide files (search index, feed, sitemap) that follow them
/// once the saves pause. No tab waits for those, and a save that follows closely is
/// served before them.
fn rebuild_forever(
    watcher: &mut Watcher,
    rebuilder: &mut Rebuilder,
    mut pages_done: impl FnMut(&Rebuilder, &Result<Built, Vec<Diagnostic>>),
    mut shared_done: impl FnMut(Result<Built, Vec<Diagnostic>>),
) -> ! {
    let delay = shared_delay();
    let opts = rebuilder.options().clone();
    let (site_dir, output_dir) = (opts.site_dir.as_path(), opts.output_dir.as_path());
    let mut changes = Changes::default();
    loop {
        watcher.watch_included(rebuilder.included_files());
        watcher.watch_settings(rebuilder.settings_files());
        if changes.is_empty() {
            changes = next_changes(watcher, site_dir, output_dir);
            continue;
        }
        let result = rebuilder.rebuild(std::mem::take(&mut changes));
        watcher.follow(&rebuilder.content());
        pages_done(rebuilder, &result);
        if let Some(more) = changes_soon(watcher, site_dir, output_dir, delay) {
            changes = more;
            continue;
        }
        if let Some(result) = rebuilder.finish_site_wide() {
            shared_done(result);
        }
    }
}

/// How long after a rebuild quire waits for another save before it rewrites the site-wide
/// files (search index, feed, sitemap): that pass grows with the site, and a save made
/// while it runs has to wait for it. Writers often save twice in a row (a typo fixed,
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
            Some(paths) => watcher.sort(site_dir, output_dir, &paths),
            None => Changes::everything(),
        };
        if !changes.is_empty() {
            return Some(changes);
        }
    }
    None
}

/// Refuses at once an output folder in the folder of pages (unless that is the site folder,
/// which may hold it), before anything is written or served there; every build checks again.
fn check_output_dir(rebuilder: &Rebuilder) -> anyhow::Result<()> {
    let opts = rebuilder.options();
    let content = rebuilder.content().under(&opts.site_dir);
    crate::output::check_output_clear_of(&opts.site_dir, &content, &opts.output_dir)
        .map_err(|d| anyhow::anyhow!("{d}"))
}

/// Watches the site, its pages where the first build found them.
fn start_watcher(rebuilder: &Rebuilder, poll: bool) -> anyhow::Result<Watcher> {
    let opts = rebuilder.options();
    let site_dir = &opts.site_dir;
    let folders = watch::Folders {
        content: rebuilder.content(),
        output_dir: opts.output_dir.clone(),
    };
    let watcher = Watcher::start(site_dir, folders, poll)
        .with_context(|| format!("cannot watch {} for changes", site_dir.display()))?;
    if let Some(why) = &watcher.fallback_reason {
        warn_polling(why);
    }
    Ok(watcher)
}

fn warn_polling(why: &str) {
    report::warn(&format!(
        "the system's file events are not available ({why}); \
polling for changes instead, which is slower (raise fs.inotify.max_user_watches to avoid this)"
    ));
}

/// The next batch of changes, sorted; saying so if quire had to start polling.
fn next_changes(watcher: &mut Watcher, site_dir: &Path, output_dir: &Path) -> Changes {
    let changes = match watcher.next_batch() {
        Some(paths) => watcher.sort(site_dir, output_dir, &paths),
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
                    report::note(&format!(
                        "port {port} is in use; serving on port {p} instead"
                    ));
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

/// Reports the site-wide pass that follows a change's pages.
fn report_site_wide(session: &mut report::Session, result: &Result<Built, Vec<Diagnostic>>) {
    match result {
        Ok(built) => session.more(&built.warnings),
        Err(errors) => session.failed(errors, "the last good pages are still served"),
    }
}

fn report_rebuild(
    session: &mut report::Session,
    result: &Result<Built, Vec<Diagnostic>>,
    first: bool,
) {
    match result {
        Ok(built) => session.built(&report::Rebuild {
            summary: built.summary.changed.is_none().then_some(&built.summary),
            pages_rendered: built.summary.pages_rendered,
            changed_files: built.changed().map_or(0, Vec::len),
            elapsed: built.summary.elapsed,
            warnings: &built.warnings,
        }),
        Err(errors) => session.failed(
            errors,
            if first {
                "fix it and the site is built as soon as the file is saved"
            } else {
                "the last good pages are still served"
            },
        ),
    }
}

#[derive(Serialize)]
struct DiagnosticView<'a> {
    severity: &'static str,
    location: String,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    hint: Option<&'a str>,
}

/// What the tabs' overlay shows: errors and warnings (a note is for the terminal only).
fn views(diags: &[Diagnostic]) -> Vec<DiagnosticView<'_>> {
    diags
        .iter()
        .filter(|d| !d.is_note())
        .map(|d| DiagnosticView {
            severity: d.severity.label(),
            location: d.location(),
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            message: d.full_message(),
            hint: d.hint.as_deref(),
        })
        .collect()
}

/// The state for tabs that connect later, and the `updated` event for those open now, after
/// the site-wide pass: which files changed and what the checks found, or why it failed.
fn updated_messages(
    result: &Result<Built, Vec<Diagnostic>>,
    generation: u64,
) -> (Message, Message) {
    let (status, _) = messages(result, generation);
    let data = match result {
        Ok(built) => serde_json::json!({
            "changed": built.changed(),
            "warnings": views(&built.warnings),
            "generation": generation,
        }),
        Err(errors) => {
            let (errs, warns): (Vec<Diagnostic>, Vec<Diagnostic>) =
                errors.iter().cloned().partition(Diagnostic::is_error);
            serde_json::json!({ "errors": views(&errs), "warnings": views(&warns) })
        }
    };
    let event = Message {
        event: "updated",
        data: data.to_string(),
    };
    (status, event)
}

/// The state for tabs that connect later, and the event for those open now.
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
                    "changed": built.changed(),
                    "more": built.more(),
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
