//! `quire check --external`: every http(s) link fetched once, a few at a
//! time, with answers remembered between runs.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};

use serde::{Deserialize, Serialize};

use super::{CheckKind, Place};
use crate::diagnostic::Diagnostic;

/// Where results are kept, under the site folder's cache (shared with the build cache, in a file of its own).
pub(crate) const CACHE_FILE: &str = ".quire-cache/external-links.json";

/// Servers that turn away unknown clients usually let browsers in.
const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 quire-check";

pub(crate) struct Settings {
    pub timeout: Duration,
    pub cache_file: PathBuf,
    /// How long an answer is trusted; zero checks everything again.
    pub cache_ttl: Duration,
    pub workers: usize,
    /// At most this many requests at once to one host, to be polite.
    pub per_host: usize,
    /// Fetch loopback, private and link-local addresses too (`--allow-private`).
    pub allow_private: bool,
    /// For all links together; those not started by then are reported as not checked.
    pub deadline: Duration,
}

impl Settings {
    pub(crate) fn for_site(site_dir: &Path, timeout: Duration, cache_ttl: Duration) -> Settings {
        Settings {
            timeout,
            cache_file: site_dir.join(CACHE_FILE),
            cache_ttl,
            workers: 8,
            per_host: 2,
            allow_private: false,
            deadline: Duration::from_secs(180),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok,
    /// 404 or 410: the page is gone.
    Broken(u16),
    /// Any other error status (403, 429, 500…): the server refused, which says little about the link.
    Refused(u16),
    /// No answer: DNS, connection, TLS or timeout.
    Unreachable(String),
    /// The link (or a redirect it gave) leads to this machine or a private network.
    Private(String),
    /// The deadline ran out before it was fetched.
    NotChecked,
}

/// Why quire will not fetch from an address: what a page on the web may not make a checker
/// on this machine reach (the machine itself, its network, the cloud's metadata service).
fn private_kind(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => private_v6(v6),
    }
}

fn private_v4(v4: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = v4.octets();
    if v4.is_loopback() {
        Some("loopback")
    } else if v4.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if v4.is_link_local() {
        Some("link-local")
    } else if v4.is_private() || (a == 100 && (64..128).contains(&b)) {
        Some("private")
    } else if v4.is_broadcast() || v4.is_multicast() {
        Some("broadcast or multicast")
    } else {
        None
    }
}

fn private_v6(v6: Ipv6Addr) -> Option<&'static str> {
    let s = v6.segments();
    if v6.is_loopback() {
        Some("loopback")
    } else if v6.is_unspecified() {
        Some("unspecified")
    } else if let Some(v4) = embedded_v4(v6) {
        // A translator or tunnel delivers it to that IPv4 address: judged as that address.
        private_v4(v4)
    } else if s[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if s[0] & 0xfe00 == 0xfc00 {
        Some("private")
    } else if s[0] & 0xffc0 == 0xfec0 {
        // Deprecated, but still routed as a site's own network where it is used.
        Some("site-local")
    } else if s[..3] == [0x64, 0xff9b, 1] {
        // Local-use NAT64 (RFC 8215): a network's own translator, to wherever it is set up for.
        Some("private NAT64")
    } else if v6.is_multicast() {
        Some("multicast")
    } else {
        None
    }
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible
/// `::a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, well-known NAT64 `64:ff9b::a.b.c.d`, 6to4
/// `2002:AABB:CCDD::/48`.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let o = v6.octets();
    let last = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    match s {
        [0, 0, 0, 0, 0, 0xffff | 0, ..] | [0, 0, 0, 0, 0xffff, 0, ..] => Some(last),
        [0x64, 0xff9b, 0, 0, 0, 0, ..] => Some(last),
        [0x2002, ..] => Some(Ipv4Addr::new(o[2], o[3], o[4], o[5])),
        _ => None,
    }
}

/// Why `addrs` may not be fetched from, naming the first not public: `None` when one is public
/// and `every` is false (only the public ones are used), or when all are public.
fn refusal(uri: &ureq::http::Uri, addrs: &[SocketAddr], every: bool) -> Option<ureq::Error> {
    let private: Vec<(IpAddr, &str)> = (addrs.iter())
        .filter_map(|a| Some((a.ip(), private_kind(a.ip())?)))
        .collect();
    let &(ip, kind) = private.first()?;
    if !every && private.len() < addrs.len() {
        return None;
    }
    let host = uri.host().unwrap_or("").trim_matches(['[', ']']);
    let what = if host.parse::<IpAddr>().is_ok() {
        format!("{host} is a {kind} address")
    } else {
        format!("{host} resolves to {ip}, a {kind} address")
    };
    Some(ureq::Error::Io(std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        format!("{PRIVATE_MARK}{what}"),
    )))
}

/// Resolves as usual, then drops every address that is not public. Every direct connection
/// goes through it, redirects included, and the address checked is the one connected to (no
/// second lookup a rebinding DNS server could answer differently). The proxy the user set
/// (`HTTPS_PROXY`...) is theirs to choose, often on their own network, so it is not vetted:
/// the link's own host is, by [`VetThroughProxy`].
#[derive(Debug, Default)]
struct PublicOnly(DefaultResolver);

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let all = self.0.resolve(uri, config, timeout)?;
        if config.proxy().is_some_and(|p| is_proxy(p, uri)) {
            return Ok(all);
        }
        if let Some(refused) = refusal(uri, &all, false) {
            return Err(refused);
        }
        let mut public = self.empty();
        for addr in all.iter().filter(|a| private_kind(a.ip()).is_none()) {
            public.push(*addr);
        }
        Ok(public)
    }
}

/// Whether `uri` is the proxy's own address (what the connectors resolve to reach it). A link
/// to exactly that host and port, listed in `NO_PROXY`, is fetched without vetting too: the
/// resolver cannot tell it from the proxy, which the user already lets quire reach.
fn is_proxy(proxy: &ureq::Proxy, uri: &ureq::http::Uri) -> bool {
    let port = uri.port_u16().or_else(|| match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    });
    uri.host()
        .is_some_and(|h| h.eq_ignore_ascii_case(proxy.host()))
        && port == Some(proxy.port())
}

/// Behind a proxy, the proxy resolves and connects, so [`PublicOnly`] sees only the proxy's
/// address. Before each connection to a new host through it (the first request and every
/// redirect elsewhere: connections are pooled by host), the link's own host is resolved here
/// and refused if any of its addresses is not public, as the proxy may use any of them.
/// What stays open: a DNS server that answers this lookup and the proxy's differently.
#[derive(Debug, Default)]
struct VetThroughProxy(ureq::unversioned::transport::DefaultConnector);

impl ureq::unversioned::transport::Connector<()> for VetThroughProxy {
    type Out = Box<dyn ureq::unversioned::transport::Transport>;

    fn connect(
        &self,
        details: &ureq::unversioned::transport::ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        // The connection to the proxy itself is made with a configuration without it.
        let proxied = (details.config.proxy()).is_some_and(|p| !p.is_no_proxy(details.uri));
        if proxied {
            let addrs = DefaultResolver::default()
                .resolve(details.uri, details.config, details.timeout)
                .map_err(|e| {
                    let host = details.uri.host().unwrap_or("");
                    ureq::Error::Io(std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        format!("{PRIVATE_MARK}{host} could not be resolved here to see whether it is private ({e}), so it was not asked of the proxy"),
                    ))
                })?;
            if let Some(refused) = refusal(details.uri, &addrs, true) {
                return Err(refused);
            }
        }
        self.0.connect(details, chained)
    }
}

/// Marks the resolver's refusal, to tell it from a network failure.
const PRIVATE_MARK: &str = "quire-private: ";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    /// URL → its last definite answer.
    urls: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    status: u16,
    /// Seconds since the Unix epoch.
    checked: u64,
}

/// An outcome and the final HTTP status, if the server answered.
type Fetched = (Outcome, Option<u16>);

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn classify(status: u16) -> Outcome {
    match status {
        404 | 410 => Outcome::Broken(status),
        400.. => Outcome::Refused(status),
        _ => Outcome::Ok,
    }
}

/// Checks every URL and reports each problem at every place the URL is written.
pub(crate) fn check(urls: &BTreeMap<String, Vec<Place>>, settings: &Settings) -> Vec<Diagnostic> {
    // An unreadable or outdated cache is only a slower run, never an error.
    let mut cache: Cache = std::fs::read(&settings.cache_file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let fresh_after = now().saturating_sub(settings.cache_ttl.as_secs());
    let mut outcomes: BTreeMap<&str, Outcome> = BTreeMap::new();
    let mut to_fetch: Vec<&str> = Vec::new();
    for url in urls.keys() {
        match cache.urls.get(url) {
            // An answer dated in the future (a clock set wrong, or a planted cache) is stale.
            Some(e)
                if !settings.cache_ttl.is_zero()
                    && e.checked >= fresh_after
                    && e.checked <= now() =>
            {
                outcomes.insert(url, classify(e.status));
            }
            _ => to_fetch.push(url),
        }
    }
    for (url, (outcome, status)) in to_fetch.iter().zip(fetch_all(&to_fetch, settings)) {
        if let Some(status) = status.filter(|_| matches!(outcome, Outcome::Ok | Outcome::Broken(_)))
        {
            cache.urls.insert(
                url.to_string(),
                CacheEntry {
                    status,
                    checked: now(),
                },
            );
        }
        outcomes.insert(url, outcome);
    }
    save_cache(&settings.cache_file, &cache);

    let mut diags: Vec<Diagnostic> = urls
        .iter()
        .flat_map(|(url, places)| {
            let outcome = &outcomes[url.as_str()];
            places
                .iter()
                .filter_map(move |p| report(url, outcome, &p.file).map(|d| d.at(p.line, p.column)))
        })
        .collect();
    let unchecked: Vec<&str> = outcomes
        .iter()
        .filter(|(_, o)| **o == Outcome::NotChecked)
        .map(|(u, _)| *u)
        .collect();
    if let Some(first) = unchecked.first() {
        let place = &urls[*first][0];
        diags.push(
            Diagnostic::warning(
                "external-not-checked",
                &place.file,
                format!(
                    "{} external link{} not checked: the deadline of {} s ran out (the first is {first})",
                    unchecked.len(),
                    if unchecked.len() == 1 { " was" } else { "s were" },
                    settings.deadline.as_secs()
                ),
            )
            .at(place.line, place.column)
            .hint("run the check again (answers so far are remembered), or give more time with --deadline SECS"),
        );
    }
    diags
}

/// The problem an outcome is, if any, as reported in `file`.
fn report(url: &str, outcome: &Outcome, file: &Path) -> Option<Diagnostic> {
    Some(match outcome {
        Outcome::Ok => return None,
        Outcome::Broken(code) => Diagnostic::error(
            CheckKind::BrokenExternalLink.as_str(),
            file,
            format!("broken link: {url} answered {code} ({})", reason(*code)),
        )
        .hint("fix or remove the link (the Internet Archive may have a copy)"),
        Outcome::Refused(code) => Diagnostic::warning(
            CheckKind::ExternalLinkRefused.as_str(),
            file,
            format!("{url} answered {code} ({})", reason(*code)),
        )
        .hint("some servers refuse automated checks: open the link in a browser"),
        Outcome::Unreachable(why) => Diagnostic::warning(
            CheckKind::ExternalUnreachable.as_str(),
            file,
            format!("could not check {url}: {why}"),
        )
        .hint("a network failure, not a verdict on the link: check it again later"),
        Outcome::Private(why) => Diagnostic::warning(
            "external-private",
            file,
            format!("did not check {url}: {why}"),
        )
        .hint("quire check does not fetch this machine or private networks; pass --allow-private to check such links"),
        // Reported once for all of them, in `check`.
        Outcome::NotChecked => return None,
    })
}

fn reason(code: u16) -> &'static str {
    match code {
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "error",
    }
}

fn save_cache(path: &Path, cache: &Cache) {
    // The cache is a convenience: failing to save it must not fail the check.
    let Some(dir) = path.parent() else { return };
    let tmp = path.with_extension("json.tmp");
    let json = serde_json::to_vec_pretty(cache).expect("plain data serializes");
    let _ = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&tmp, json))
        .and_then(|_| std::fs::rename(&tmp, path));
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest[..end].to_ascii_lowercase()
}

/// Fetches every URL with a small pool of threads and at most
/// `per_host` requests to one host at once. Returns, per URL in order, the
/// outcome and the final HTTP status if there was one.
fn fetch_all(urls: &[&str], settings: &Settings) -> Vec<Fetched> {
    if urls.is_empty() {
        return Vec::new();
    }
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .max_redirects(10)
        .build();
    let agent = if settings.allow_private {
        ureq::Agent::new_with_config(config)
    } else {
        ureq::Agent::with_parts(config, VetThroughProxy::default(), PublicOnly::default())
    };
    let deadline = Instant::now() + settings.deadline;
    let next = AtomicUsize::new(0);
    let busy: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
    let freed = Condvar::new();
    let results: Mutex<Vec<Option<Fetched>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|s| {
        for _ in 0..settings.workers.clamp(1, urls.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let host = host_of(url);
                {
                    let mut b = busy.lock().expect("no panics while held");
                    while b.get(&host).copied().unwrap_or(0) >= settings.per_host {
                        b = freed.wait(b).expect("no panics while held");
                    }
                    *b.entry(host.clone()).or_default() += 1;
                }
                let result = fetch_with_retry(&agent, url, deadline, settings.timeout);
                *busy
                    .lock()
                    .expect("no panics while held")
                    .get_mut(&host)
                    .expect("counted above") -= 1;
                freed.notify_all();
                results.lock().expect("no panics while held")[i] = Some(result);
            });
        }
    });
    results
        .into_inner()
        .expect("no panics while held")
        .into_iter()
        .map(|r| r.expect("every URL was fetched"))
        .collect()
}

/// One request, and one more after a pause when the first failed in a way
/// that may pass (no answer, a server error, too many requests).
fn fetch_with_retry(
    agent: &ureq::Agent,
    url: &str,
    deadline: Instant,
    timeout: Duration,
) -> Fetched {
    let mut result = fetch(agent, url, deadline, timeout);
    let transient = |r: &Fetched| match r.0 {
        Outcome::Unreachable(_) => true,
        Outcome::Refused(code) => code == 429 || code >= 500,
        _ => false,
    };
    if transient(&result) && Instant::now() + Duration::from_millis(300) < deadline {
        std::thread::sleep(Duration::from_millis(300));
        result = fetch(agent, url, deadline, timeout);
    }
    result
}

fn fetch(agent: &ureq::Agent, url: &str, deadline: Instant, timeout: Duration) -> Fetched {
    // No request outlives the deadline: each gets at most the time that is left.
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return (Outcome::NotChecked, None);
    }
    // GET, not HEAD: many servers answer HEAD wrongly. The body is never read.
    match agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .config()
        .timeout_global(Some(timeout.min(left)))
        .build()
        .call()
    {
        Ok(response) => {
            let status = response.status().as_u16();
            (classify(status), Some(status))
        }
        Err(ureq::Error::Timeout(_)) if Instant::now() >= deadline => (Outcome::NotChecked, None),
        Err(ureq::Error::Timeout(_)) => (Outcome::Unreachable("timed out".into()), None),
        Err(ureq::Error::Io(e)) if e.to_string().starts_with(PRIVATE_MARK) => (
            Outcome::Private(e.to_string()[PRIVATE_MARK.len()..].to_string()),
            None,
        ),
        Err(e) => (Outcome::Unreachable(e.to_string()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_sorted_into_outcomes() {
        assert_eq!(classify(200), Outcome::Ok);
        assert_eq!(classify(304), Outcome::Ok);
        assert_eq!(classify(404), Outcome::Broken(404));
        assert_eq!(classify(410), Outcome::Broken(410));
        assert_eq!(classify(403), Outcome::Refused(403));
        assert_eq!(classify(503), Outcome::Refused(503));
    }

    #[test]
    fn hosts_for_the_per_host_limit() {
        assert_eq!(host_of("https://Example.org/a?b"), "example.org");
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host_of("https://example.org"), "example.org");
    }

    #[test]
    fn private_addresses_are_known() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(
                private_kind(private.parse().unwrap()).is_some(),
                "{private}"
            );
        }
        for public in ["93.184.216.34", "2606:2800:220:1::1", "172.32.0.1"] {
            assert!(private_kind(public.parse().unwrap()).is_none(), "{public}");
        }
    }

    fn kind(ip: &str) -> Option<&'static str> {
        private_kind(ip.parse().unwrap())
    }

    #[test]
    fn nat64_is_the_ipv4_it_embeds_and_local_use_nat64_is_private() {
        assert_eq!(kind("64:ff9b::a9fe:a9fe"), Some("link-local"));
        assert_eq!(kind("64:ff9b::127.0.0.1"), Some("loopback"));
        assert_eq!(kind("64:ff9b::10.0.0.1"), Some("private"));
        assert_eq!(kind("64:ff9b::93.184.216.34"), None);
        assert_eq!(kind("64:ff9b:1::93.184.216.34"), Some("private NAT64"));
        assert_eq!(kind("64:ff9b:1:ffff::1"), Some("private NAT64"));
    }

    #[test]
    fn six_to_four_is_the_ipv4_it_embeds() {
        assert_eq!(kind("2002:c0a8:0101::1"), Some("private"));
        assert_eq!(kind("2002:7f00:1::"), Some("loopback"));
        assert_eq!(kind("2002:a9fe:a9fe::1"), Some("link-local"));
        assert_eq!(kind("2002:5db8:d822::1"), None);
    }

    #[test]
    fn site_local_is_private() {
        assert_eq!(kind("fec0::1"), Some("site-local"));
        assert_eq!(kind("feff:ffff::1"), Some("site-local"));
    }

    #[test]
    fn ipv4_compatible_mapped_and_translated_are_the_ipv4_they_embed() {
        assert_eq!(kind("::127.0.0.1"), Some("loopback"));
        assert_eq!(kind("::10.1.2.3"), Some("private"));
        assert_eq!(kind("::169.254.169.254"), Some("link-local"));
        assert_eq!(kind("::93.184.216.34"), None);
        assert_eq!(kind("::ffff:192.168.0.1"), Some("private"));
        assert_eq!(kind("::ffff:169.254.169.254"), Some("link-local"));
        assert_eq!(kind("::ffff:93.184.216.34"), None);
        assert_eq!(kind("::ffff:0:10.0.0.1"), Some("private"));
    }
}
