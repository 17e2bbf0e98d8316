//! The preview server: the output folder over HTTP, with the live-reload script
//! added to the HTML it serves, and an event stream that tells open tabs what changed.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};

/// Where the live-reload script and the event stream live; no site file is served from here.
pub(super) const PREFIX: &str = "/__quire/";
const SCRIPT: &str = include_str!("livereload.js");

/// One message to open tabs: an SSE event name and its JSON data.
#[derive(Debug, Clone)]
pub(super) struct Message {
    pub event: &'static str,
    pub data: String,
}

/// What the server shares with the rebuild thread.
pub(super) struct App {
    /// The output folder, canonical, so that resolved files can be checked to lie inside it.
    pub root: PathBuf,
    pub port: u16,
    /// Host names given with `--host`, allowed besides IP addresses and localhost.
    pub hosts: Vec<String>,
    /// Changes with each process, so that tabs reload after a restart of the server.
    pub instance: String,
    pub base_path: RwLock<String>,
    /// Successful builds so far: a tab that missed one (while it loaded, or was disconnected) reloads.
    pub generation: RwLock<u64>,
    /// The last build's errors and warnings, for tabs that connect later.
    pub status: RwLock<Message>,
    pub events: broadcast::Sender<Message>,
    pub shutdown: watch::Receiver<bool>,
}

impl App {
    /// Tells every open tab; to be called only once every changed file is in place.
    pub(super) fn publish(&self, message: Message, status: Message, built: bool) {
        if built {
            *self.generation.write().expect("no panics while held") += 1;
        }
        *self.status.write().expect("no panics while held") = status;
        let _ = self.events.send(message);
    }
}

pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__quire/livereload.js", get(script))
        .route("/__quire/events", get(events))
        .fallback(serve_file)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            check_host,
        ))
        .with_state(app)
}

/// How long a client may take to send a request's head: a slow trickle of header bytes
/// (slowloris) would otherwise hold a connection open for ever.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `shutdown`, closing connections whose request head does
/// not arrive within a few seconds (axum's own `serve` has no such timeout).
pub(super) async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    mut stopped: watch::Receiver<bool>,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // A client that went away while being accepted, or no file descriptors left
                // for a moment: the server goes on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut stop = stopped.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = async { let _ = stop.wait_for(|s| *s).await; } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        if *stopped.borrow_and_update() {
            return Ok(());
        }
    }
}

/// Every request, not only the event stream, must be addressed to this server (DNS rebinding:
/// a hostile page whose name now points at 127.0.0.1 would otherwise read the preview).
async fn check_host(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let headers = request.headers();
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    // A Host without a port (some tools send none) is taken as naming this server's port.
    let host = header(header::HOST).map(|h| {
        if h.ends_with(']') || !h.contains(':') {
            format!("{h}:{}", app.port)
        } else {
            h.to_string()
        }
    });
    let origin = header(header::ORIGIN);
    let host = host.as_deref();
    if !host_allowed(host, origin, app.port) && !named_host_allowed(host, origin, &app) {
        return forbidden();
    }
    let fetch = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if loaded_by_another_site(fetch("sec-fetch-site"), fetch("sec-fetch-mode")) {
        return (
            StatusCode::FORBIDDEN,
            "quire serve does not let pages of other sites load its files\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// Whether the browser says a page of another site (or another port of this host) asks for
/// this file as a part of itself: a `<script src>` of a search file runs in that page, which
/// reads every page's text. Following a link to the preview (a navigation) is fine; so are
/// clients that send no `Sec-Fetch-Site` (curl, tools), which no web page can make.
pub(super) fn loaded_by_another_site(site: Option<&str>, mode: Option<&str>) -> bool {
    matches!(site, Some("cross-site" | "same-site")) && mode != Some("navigate")
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "quire serve answers only requests addressed to it by IP address, localhost or a name \
         given with --host\n",
    )
        .into_response()
}

/// A request addressed by one of the `--host` names, with this server's port.
fn named_host_allowed(host: Option<&str>, origin: Option<&str>, app: &App) -> bool {
    let Some((name, port)) = host.and_then(|h| h.rsplit_once(':')) else {
        return false;
    };
    port.parse::<u16>().ok() == Some(app.port)
        && app.hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
        && origin.is_none_or(|o| o.eq_ignore_ascii_case(&format!("http://{}", host.unwrap_or(""))))
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// The event stream each open tab listens to; its Host must also name the port.
async fn events(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let (host, origin) = (header(header::HOST), header(header::ORIGIN));
    if !host_allowed(host, origin, app.port) && !named_host_allowed(host, origin, &app) {
        return forbidden();
    }
    let hello = format!(
        r#"{{"instance":{},"base":{},"generation":{}}}"#,
        json_string(&app.instance),
        json_string(&app.base_path.read().expect("no panics while held")),
        app.generation.read().expect("no panics while held"),
    );
    let first = vec![
        Message {
            event: "hello",
            data: hello,
        },
        app.status.read().expect("no panics while held").clone(),
    ];
    let rx = app.events.subscribe();
    let updates = stream::unfold(rx, |mut rx| async move {
        let message = match rx.recv().await {
            Ok(m) => m,
            // Too slow to keep up: it cannot know what it missed, so it reloads.
            Err(broadcast::error::RecvError::Lagged(_)) => Message {
                event: "built",
                data: r#"{"changed":null,"warnings":[]}"#.into(),
            },
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((message, rx))
    });
    let mut shutdown = app.shutdown.clone();
    let stopped = async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
    };
    let stream = stream::iter(first)
        .chain(updates)
        .map(|m| {
            let mut e = Event::default().event(m.event).data(m.data);
            if m.event == "hello" {
                // Reconnect quickly after the server restarts.
                e = e.retry(Duration::from_millis(500));
            }
            Ok::<Event, Infallible>(e)
        })
        .take_until(stopped);
    sse(stream).into_response()
}

fn sse<S: Stream<Item = Result<Event, Infallible>> + Send + 'static>(s: S) -> impl IntoResponse {
    Sse::new(s).keep_alive(KeepAlive::default())
}

async fn serve_file(State(app): State<Arc<App>>, request: axum::extract::Request) -> Response {
    let (method, uri) = (request.method().clone(), request.uri().clone());
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "quire serve answers only GET and HEAD\n",
        )
            .into_response();
    }
    let base = app.base_path.read().expect("no panics while held").clone();
    let raw = uri.path();
    if raw == "/" && base != "/" {
        return redirect(&base);
    }
    let rel = match resolve(raw, &base) {
        Ok(rel) => rel,
        Err(Refused::BadPath) => {
            return (
                StatusCode::BAD_REQUEST,
                "quire serve: a path it will not serve\n",
            )
                .into_response()
        }
        Err(Refused::NotFound) => return not_found(&app).await,
    };
    let Some(file) = inside(&app.root, &app.root.join(&rel)) else {
        return not_found(&app).await;
    };
    if file.is_dir() {
        // `/guide` is the folder `/guide/`: links inside it must resolve against the folder.
        return if inside(&app.root, &file.join("index.html")).is_some() {
            redirect(&format!("{raw}/"))
        } else {
            not_found(&app).await
        };
    }
    if !is_html(&file) {
        return stream_file(&app, &file, request).await;
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => file_response(&app, StatusCode::OK, &file, bytes),
        Err(_) => not_found(&app).await,
    }
}

fn is_html(file: &Path) -> bool {
    mime_guess::from_path(file)
        .first()
        .is_some_and(|m| m.essence_str() == "text/html")
}

/// Any file but a page, streamed from disk a chunk at a time, with `Range`, HEAD without the
/// body and conditional requests: tower-http's `ServeFile` does all of this (a file read whole
/// is held in memory once for every download of it in flight).
async fn stream_file(app: &App, file: &Path, request: axum::extract::Request) -> Response {
    let mime: mime_guess::Mime = content_type(file)
        .parse()
        .unwrap_or(mime_guess::mime::APPLICATION_OCTET_STREAM);
    let Ok(response) = tower_http::services::ServeFile::new_with_mime(file, &mime)
        .try_call(request)
        .await
    else {
        return not_found(app).await;
    };
    if response.status() == StatusCode::NOT_FOUND {
        return not_found(app).await;
    }
    let mut response = response.map(Body::new);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The Content-Type a file is served with: text in UTF-8 unless its type says otherwise.
fn content_type(file: &Path) -> String {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let textual =
        mime.type_() == "text" || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
    if textual && mime.get_param("charset").is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    }
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response()
}

/// The site's own 404.html if it has one, else a small page of quire's; both with status 404.
async fn not_found(app: &App) -> Response {
    let page = app.root.join("404.html");
    if let Some(page) = inside(&app.root, &page) {
        if let Ok(bytes) = tokio::fs::read(&page).await {
            return file_response(app, StatusCode::NOT_FOUND, &page, bytes);
        }
    }
    let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n\
<body><h1>Not found</h1><p>There is no page at this address in the site. \
(Add a <code>templates/404.html</code> to give your site its own page for this.)</p></body></html>\n";
    file_response(
        app,
        StatusCode::NOT_FOUND,
        Path::new("404.html"),
        html.as_bytes().to_vec(),
    )
}

fn file_response(app: &App, status: StatusCode, file: &Path, bytes: Vec<u8>) -> Response {
    let content_type = content_type(file);
    let generation = *app.generation.read().expect("no panics while held");
    let body = if is_html(file) {
        inject(bytes, generation)
    } else {
        bytes
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(Body::from(body))
        .expect("valid headers")
}

/// Adds the live-reload script before `</body>` (or at the end), only in what is served.
pub(super) fn inject(mut html: Vec<u8>, generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{PREFIX}livereload.js\" data-generation=\"{generation}\"></script>\n"
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    /// A path that tries to leave the site or hides how it is built: `..`, `%2f`, `\`, `//`.
    BadPath,
    NotFound,
}

/// Maps a request path (still percent-encoded) to a file under the output folder, refusing
/// anything that could name a file outside it. `/` and `/x/` are their folders' index.html.
pub(super) fn resolve(raw: &str, base_path: &str) -> Result<PathBuf, Refused> {
    if raw.contains('\\') || !raw.starts_with('/') {
        return Err(Refused::BadPath);
    }
    let Some(rest) = raw.strip_prefix(base_path) else {
        return Err(Refused::NotFound);
    };
    let mut rel = PathBuf::new();
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if segment.is_empty() {
            if i == last {
                break;
            }
            return Err(Refused::BadPath);
        }
        let decoded = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| Refused::BadPath)?;
        if decoded == "."
            || decoded == ".."
            || decoded.contains(['/', '\\', '\0'])
            || Path::new(decoded.as_ref()).is_absolute()
        {
            return Err(Refused::BadPath);
        }
        if decoded.starts_with(".quire-") {
            return Err(Refused::NotFound);
        }
        rel.push(decoded.as_ref());
    }
    if rest.is_empty() || rest.ends_with('/') {
        rel.push("index.html");
    }
    Ok(rel)
}

/// The real path of `path` if it exists and, links followed, lies inside `root`.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

/// Whether an event-stream request is addressed to this server, not to a name that a
/// hostile page re-pointed at it (DNS rebinding): the Host must be an IP address or localhost
/// with our port, and an Origin, when sent, must be that same host.
pub(super) fn host_allowed(host: Option<&str>, origin: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let (name, host_port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(':') || n.starts_with('[') => (n, p),
        _ => return false,
    };
    if host_port.parse::<u16>().ok() != Some(port) {
        return false;
    }
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    let named_ok =
        name.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok();
    if !named_ok {
        return false;
    }
    match origin {
        None => true,
        Some(o) => o.eq_ignore_ascii_case(&format!("http://{host}")),
    }
}

pub(super) fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_and_index_pages() {
        assert_eq!(resolve("/", "/"), Ok(PathBuf::from("index.html")));
        assert_eq!(resolve("/a.html", "/"), Ok(PathBuf::from("a.html")));
        assert_eq!(resolve("/x/", "/"), Ok(PathBuf::from("x/index.html")));
        assert_eq!(
            resolve("/img/my%20pic.png", "/"),
            Ok(PathBuf::from("img/my pic.png"))
        );
        assert_eq!(
            resolve("/docs/a.html", "/docs/"),
            Ok(PathBuf::from("a.html"))
        );
        assert_eq!(resolve("/docs/", "/docs/"), Ok(PathBuf::from("index.html")));
        assert_eq!(resolve("/a.html", "/docs/"), Err(Refused::NotFound));
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a%2f..%2f..%2fetc%2fpasswd",
            "/a%2F..%2Fb",
            "/..%5c..%5cetc%5cpasswd",
            "/a\\..\\b",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "/a/./b",
            "/%00.html",
            "etc/passwd",
            "/%ff.html",
        ] {
            assert_eq!(resolve(bad, "/"), Err(Refused::BadPath), "{bad}");
        }
        assert_eq!(resolve("/.quire-manifest", "/"), Err(Refused::NotFound));
    }

    #[test]
    fn event_streams_only_for_our_own_address() {
        assert!(host_allowed(Some("127.0.0.1:8000"), None, 8000));
        assert!(host_allowed(Some("localhost:8000"), None, 8000));
        assert!(host_allowed(Some("[::1]:8000"), None, 8000));
        assert!(host_allowed(Some("192.168.1.5:8000"), None, 8000));
        assert!(host_allowed(
            Some("127.0.0.1:8000"),
            Some("http://127.0.0.1:8000"),
            8000
        ));
        // DNS rebinding: a hostile name pointed at 127.0.0.1.
        assert!(!host_allowed(Some("evil.example:8000"), None, 8000));
        assert!(!host_allowed(
            Some("127.0.0.1:8000"),
            Some("http://evil.example:8000"),
            8000
        ));
        assert!(!host_allowed(Some("127.0.0.1:9000"), None, 8000));
        assert!(!host_allowed(Some("127.0.0.1"), None, 8000));
        assert!(!host_allowed(None, None, 8000));
    }

    #[test]
    fn other_sites_may_link_but_not_load() {
        assert!(loaded_by_another_site(Some("cross-site"), Some("no-cors")));
        assert!(loaded_by_another_site(Some("same-site"), Some("cors")));
        assert!(!loaded_by_another_site(
            Some("cross-site"),
            Some("navigate")
        ));
        assert!(!loaded_by_another_site(
            Some("same-origin"),
            Some("no-cors")
        ));
        assert!(!loaded_by_another_site(Some("none"), Some("navigate")));
        assert!(!loaded_by_another_site(None, None));
    }

    #[test]
    fn the_script_goes_before_the_body_closes() {
        let html = inject(b"<html><body><p>x</p></BODY></html>".to_vec(), 3);
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.ends_with("data-generation=\"3\"></script>\n</BODY></html>"),
            "{html}"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>".to_vec(), 0)).unwrap();
        assert!(bare.starts_with("<p>x</p><script"), "{bare}");
    }
}
