//! `quire serve` run for real on a free port: its printed URL, HTTP requests
//! to it, and its live-reload event stream read as a browser would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::QUIRE;

pub struct Server {
    child: Child,
    pub url: String,
    pub port: u16,
    /// Everything printed so far, both streams.
    pub printed: Arc<Mutex<String>>,
}

impl Server {
    /// `quire serve SITE --port 0 ARGS…`, once it prints the address it serves.
    pub fn start(site: &Path, args: &[&str]) -> Server {
        Server::start_with_env(site, args, &[])
    }

    /// `start`, with these environment variables set for quire.
    pub fn start_with_env(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(QUIRE);
        cmd.envs(env.iter().copied());
        cmd.arg("serve").arg(site);
        if !args.contains(&"--port") {
            cmd.args(["--port", "0"]);
        }
        let mut child = cmd
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start quire serve");
        let printed = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = channel();
        copy_lines(child.stdout.take().unwrap(), &printed, Some(tx));
        copy_lines_err(child.stderr.take().unwrap(), &printed);
        let line: String = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("quire serve printed no URL:\n{}", printed.lock().unwrap()));
        let url = line[line.find("http://").unwrap()..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        Server {
            child,
            url,
            port,
            printed,
        }
    }

    pub fn printed(&self) -> String {
        self.printed.lock().unwrap().clone()
    }

    /// Waits until quire has printed `text` (its two output streams are read by threads).
    pub fn wait_printed(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.printed().contains(text) {
            assert!(
                Instant::now() < deadline,
                "quire serve never printed {text:?}:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Status, Content-Type and body of a GET.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let mut resp = agent
            .get(&format!("{}{path}", self.url))
            .call()
            .expect("request");
        let ct = resp
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = resp.body_mut().read_to_string().unwrap_or_default();
        (resp.status().as_u16(), ct, body)
    }

    pub fn body(&self, path: &str) -> String {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}:\n{body}");
        body
    }

    /// A raw request, for paths an HTTP client would clean up first.
    pub fn raw(&self, request: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    pub fn events(&self) -> Events {
        Events::open(&self.url)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends Ctrl-C, as a terminal would.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "quire serve did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_lines(
    from: ChildStdout,
    into: &Arc<Mutex<String>>,
    url: Option<std::sync::mpsc::Sender<String>>,
) {
    let into = Arc::clone(into);
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push_str(&format!("{line}\n"));
            if line.contains("http://") {
                if let Some(tx) = &url {
                    let _ = tx.send(line.clone());
                }
            }
        }
    });
}

fn copy_lines_err(from: ChildStderr, into: &Arc<Mutex<String>>) {
    let into = Arc::clone(into);
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push_str(&format!("{line}\n"));
        }
    });
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: serde_json::Value,
}

/// The live-reload event stream, read in the background.
pub struct Events {
    rx: Receiver<Event>,
    /// What the server said on connecting, after its hello: `status`, or `failed` with the errors.
    pub status: Event,
}

impl Events {
    fn open(url: &str) -> Events {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(None)
            .build()
            .into();
        let resp = agent
            .get(&format!("{url}/__quire/events"))
            .call()
            .expect("event stream");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let reader = BufReader::new(resp.into_body().into_reader());
            let (mut name, mut data) = (String::new(), String::new());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ").or(line.strip_prefix("event:")) {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ").or(line.strip_prefix("data:")) {
                    data.push_str(d);
                } else if line.is_empty() && !name.is_empty() {
                    let value = serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
                    if tx
                        .send(Event {
                            name: std::mem::take(&mut name),
                            data: value,
                        })
                        .is_err()
                    {
                        break;
                    }
                    data.clear();
                }
            }
        });
        let first = |what| {
            rx.recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no {what} event"))
        };
        assert_eq!(first("hello").name, "hello");
        let status = first("status");
        Events { rx, status }
    }

    /// The next event, if one comes in time.
    pub fn next(&self, timeout: Duration) -> Option<Event> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// The next `built` or `failed` event (skipping the rest); panics if none comes. A failure
    /// followed at once by another build is passed over: on a busy machine a rebuild can catch a
    /// file between its truncation and its write, and the write's own rebuild follows.
    pub fn next_build(&self) -> Event {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut failed = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let wait = if failed.is_some() {
                left.min(Duration::from_millis(400))
            } else {
                left
            };
            let Some(e) = self.next(wait) else {
                return failed.expect("no rebuild event arrived");
            };
            match e.name.as_str() {
                "built" => {
                    // The edited pages come first; the site-wide files (search index, feed)
                    // follow in an `updated` event. Wait for those too, so the output is whole.
                    if e.data["more"] == true {
                        while let Some(u) =
                            self.next(deadline.saturating_duration_since(Instant::now()))
                        {
                            if u.name == "updated" {
                                assert!(u.data.get("errors").is_none(), "{}", u.data);
                                break;
                            }
                        }
                    }
                    return e;
                }
                "failed" => failed = Some(e),
                _ => {}
            }
        }
    }

    /// Every build event that arrives within `window`.
    pub fn builds_within(&self, window: Duration) -> Vec<Event> {
        let deadline = Instant::now() + window;
        let mut out = Vec::new();
        while let Some(e) = self.next(deadline.saturating_duration_since(Instant::now())) {
            if e.name == "built" || e.name == "failed" {
                out.push(e);
            }
        }
        out
    }
}

/// The `changed` list of a `built` event.
pub fn changed(e: &Event) -> Vec<String> {
    assert_eq!(e.name, "built", "expected a good build: {}", e.data);
    e.data["changed"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}
