//! A real headless Chromium, driven over WebDriver (chromedriver) with plain
//! HTTP calls: enough to open pages, run a script and read the result.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn call(method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let resp = match (method, body) {
        ("POST", Some(b)) => agent.post(url).send_json(b),
        ("DELETE", _) => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut resp = resp.map_err(|e| e.to_string())?;
    let v: Value = resp.body_mut().read_json().map_err(|e| e.to_string())?;
    if v["value"].get("error").is_some() {
        return Err(v["value"].to_string());
    }
    Ok(v["value"].clone())
}

impl Browser {
    /// A browser, or `None` (with a note) on a machine without chromedriver outside CI. In CI
    /// (`CI` set, as .ci/run runs) a missing browser fails the test instead: there it is installed.
    pub fn start_or_skip() -> Option<Browser> {
        let have = Command::new("chromedriver")
            .arg("--version")
            .output()
            .is_ok();
        if !have && std::env::var_os("CI").is_none() {
            eprintln!("skipped: no chromedriver here (Debian: apt-get install chromium chromium-driver; .ci/run installs them)");
            return None;
        }
        Some(Browser::start())
    }

    /// Starts chromedriver and a headless Chromium with the flags that work on these machines.
    pub fn start() -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver must be installed (Debian: chromium-driver); .ci/run installs it",
            );
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while call("GET", &format!("{base}/status"), None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1200,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}
        }}});
        let session =
            call("POST", &format!("{base}/session"), Some(caps)).expect("start a browser session");
        let session = session["sessionId"].as_str().unwrap().to_string();
        Browser {
            driver,
            base,
            session,
            _profile: profile,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, path)
    }

    pub fn goto(&self, url: &str) {
        call("POST", &self.url("/url"), Some(json!({ "url": url }))).expect("navigate");
    }

    pub fn set_window_size(&self, width: u32, height: u32) {
        call(
            "POST",
            &self.url("/window/rect"),
            Some(json!({"width": width, "height": height})),
        )
        .expect("resize");
    }

    /// Presses keys as a user does (WebDriver actions, so the page sees trusted events), in
    /// order, on whatever has the focus: each string is typed letter by letter. Special keys:
    /// `Browser::ENTER`, `ARROW_DOWN`…
    pub fn press(&self, keys: &[&str]) {
        let actions: Vec<Value> = keys
            .iter()
            .flat_map(|k| k.chars())
            .flat_map(|k| {
                [
                    json!({"type": "keyDown", "value": k}),
                    json!({"type": "keyUp", "value": k}),
                ]
            })
            .collect();
        call(
            "POST",
            &self.url("/actions"),
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .expect("press keys");
    }

    /// Holds `modifier` (e.g. `Browser::CONTROL`) while pressing `key`.
    pub fn chord(&self, modifier: &str, key: &str) {
        let actions = json!([
            {"type": "keyDown", "value": modifier},
            {"type": "keyDown", "value": key},
            {"type": "keyUp", "value": key},
            {"type": "keyUp", "value": modifier},
        ]);
        call(
            "POST",
            &self.url("/actions"),
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .expect("press a chord");
    }

    pub const ENTER: &'static str = "\u{E007}";
    pub const ESCAPE: &'static str = "\u{E00C}";
    pub const ARROW_DOWN: &'static str = "\u{E015}";
    pub const TAB: &'static str = "\u{E004}";
    pub const CONTROL: &'static str = "\u{E009}";

    /// Runs `script` (a function body; `return` gives the result) in the page.
    pub fn eval(&self, script: &str) -> Value {
        call(
            "POST",
            &self.url("/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until `script` returns something truthy, and returns it.
    pub fn wait_for(&self, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let v = call(
                "POST",
                &self.url("/execute/sync"),
                Some(json!({"script": script, "args": []})),
            )
            .unwrap_or(Value::Null);
            let truthy =
                !matches!(&v, Value::Null | Value::Bool(false)) && v != json!("") && v != json!(0);
            if truthy {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for: {script}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn screenshot_png(&self) -> Vec<u8> {
        use std::io::Read;
        let v = call("GET", &self.url("/screenshot"), None).expect("screenshot");
        let b64 = v.as_str().unwrap_or("");
        // A tiny base64 decoder keeps a dependency out of the tests.
        let table = |c: u8| -> Option<u8> {
            match c {
                b'A'..=b'Z' => Some(c - b'A'),
                b'a'..=b'z' => Some(c - b'a' + 26),
                b'0'..=b'9' => Some(c - b'0' + 52),
                b'+' => Some(62),
                b'/' => Some(63),
                _ => None,
            }
        };
        let mut out = Vec::new();
        let (mut buf, mut bits) = (0u32, 0);
        for c in b64.bytes().filter_map(table) {
            buf = (buf << 6) | c as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buf >> bits) as u8);
            }
        }
        let _ = std::io::empty().read(&mut []);
        out
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = call("DELETE", &self.url(""), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// How long a page may take to load on a loaded machine.
const LOAD: Duration = Duration::from_secs(15);

/// The site's output served over HTTP, and a browser of `size` on `page` once it has loaded;
/// `None` where this machine has no browser. The server lives as long as the pair is kept.
pub fn open(
    site: &super::Site,
    page: &str,
    (width, height): (u32, u32),
) -> Option<(Browser, super::StaticServer)> {
    let browser = Browser::start_or_skip()?;
    let server = super::StaticServer::start(&site.output());
    browser.set_window_size(width, height);
    browser.goto(&format!("{}/{page}", server.url));
    browser.wait_for("return document.readyState === 'complete'", LOAD);
    Some((browser, server))
}

/// `open`, from disk (`file://`), as a reader who opens the built folder does.
pub fn open_from_disk(
    site: &super::Site,
    page: &str,
    (width, height): (u32, u32),
) -> Option<Browser> {
    let browser = Browser::start_or_skip()?;
    browser.set_window_size(width, height);
    browser.open_page(site, page);
    Some(browser)
}

impl Browser {
    /// Goes to `page` of the built `site` from disk (`file://`) and waits until it has loaded.
    pub fn open_page(&self, site: &super::Site, page: &str) {
        self.goto(&format!("file://{}", site.output().join(page).display()));
        self.wait_for("return document.readyState === 'complete'", LOAD);
    }

    /// The page as a browser shows it with the system's colours forced (Windows' contrast
    /// themes): `forced-colors: active` emulated through Chromium's DevTools protocol.
    pub fn force_colours(&self, on: bool) {
        let value = if on { "active" } else { "none" };
        call(
            "POST",
            &self.url("/goog/cdp/execute"),
            Some(json!({"cmd": "Emulation.setEmulatedMedia",
                        "params": {"features": [{"name": "forced-colors", "value": value}]}})),
        )
        .expect("emulate forced colours");
    }
}
