//! A persistent cache of rendered Markdown, so that a rebuild never pays for
//! highlighting the same code twice.
//!
//! Entries are content-addressed: the key hashes quire's version, the cache
//! format, the highlighter and the page's Markdown, so an entry can never be
//! stale, only unused. They live in one pack file, `.quire-cache/md.pack`,
//! appended to and never rewritten in place (one file instead of one per page:
//! creating a file costs more than reading an entry back). Its index is
//! the entries' own headers, read when the cache is opened. Each entry carries
//! its key and a checksum of key and payload: a corrupt, partial, moved or
//! foreign entry is ignored and rendered again, never trusted; a torn tail (a
//! build killed while appending) is cut off. The pack is used only if it is a
//! regular file reached through real folders, never through a link. After a
//! clean build the pack is compacted when most of it is entries that build did
//! not use, by writing the used ones to a new file renamed over it. The cache
//! never changes the output: deleting the folder, or `--no-cache`, is always safe.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{Seek, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::markdown::Rendered;

pub(crate) use crate::layout::CACHE_DIR;
/// Bump when the rendering of Markdown changes in a way the version number does not capture.
const FORMAT: &str = "quire-md-cache-7";
const MAGIC: &str = "QUIRE5";
const PACK: &str = "md.pack";
/// The folder of one file per entry that earlier versions kept: removed by `prune`.
const LEGACY: &str = "md";
/// No rendered page comes near this; anything bigger is not an entry of quire's.
const MAX_ENTRY: u64 = 256 * 1024 * 1024;
/// The longest key a header may carry (`Cache::key` makes 32 hex digits today).
const MAX_KEY: usize = 128;
/// The longest header: magic, key, checksum and length, with spaces and the newline.
const MAX_HEADER: usize = 6 + 1 + MAX_KEY + 1 + 16 + 1 + 20 + 1;

/// Where an entry's payload is in the pack.
#[derive(Clone, Copy)]
struct Span {
    /// The entry's first byte (its header).
    start: u64,
    payload: u64,
    len: u64,
    /// The checksum the header gives, of the key and the payload.
    sum: u64,
}

impl Span {
    fn end(&self) -> u64 {
        self.payload + self.len
    }
}

struct Pack {
    file: File,
    index: HashMap<String, Span>,
    /// Where the valid entries end (the file's length, but for a torn tail).
    end: u64,
}

pub(crate) struct Cache {
    dir: PathBuf,
    /// Pruning only while no other quire uses the cache (`None` inside a holder of this process).
    may_prune: bool,
    _lock: Option<crate::output::Lock>,
    pack: Mutex<Pack>,
    used: Mutex<HashSet<String>>,
    pub hits: AtomicUsize,
    pub misses: AtomicUsize,
}

impl Cache {
    /// Opens (creating) the cache folder of a site; `None` if it cannot be created, which only makes builds slower.
    pub(crate) fn open(site_dir: &Path) -> Option<Cache> {
        let dir = site_dir.join(CACHE_DIR);
        // A cache that is a link is not used at all.
        if !fs::symlink_metadata(&dir).map_or(true, |m| m.is_dir()) {
            return None;
        }
        fs::create_dir_all(&dir).ok()?;
        // Keep the cache out of the writer's git repository without asking them to edit .gitignore.
        let ignore = dir.join(".gitignore");
        // Looked at, not followed: a `.gitignore` link committed there would be written through.
        if fs::symlink_metadata(&ignore).is_err() {
            let _ = fs::write(
                &ignore,
                "# Created by quire: this folder is a cache and safe to delete.\n*\n",
            );
        }
        // Another build using the cache still reads and appends entries safely (each append is
        // one write at the end); only cutting and compacting, which would lose what that build
        // adds, wait.
        let lock = crate::output::lock_dir(&dir, std::time::Duration::ZERO, "the cache");
        let may_prune = lock.is_ok();
        let pack = open_pack(&dir.join(PACK))?;
        if may_prune && pack.file.metadata().ok()?.len() > pack.end {
            let _ = pack.file.set_len(pack.end);
        }
        Some(Cache {
            dir,
            may_prune,
            _lock: lock.ok().flatten(),
            pack: Mutex::new(pack),
            used: Mutex::new(HashSet::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        })
    }

    /// The key of a page's rendered Markdown: everything its HTML depends on.
    /// The base path is not part of it: rendered Markdown keeps site links site-relative
    /// (links.rs places them afterwards), so one entry serves every address.
    pub(crate) fn key(markdown: &str, highlighter: &str) -> String {
        let mut input = String::with_capacity(markdown.len() + 64);
        input.push_str(FORMAT);
        input.push('\0');
        input.push_str(env!("CARGO_PKG_VERSION"));
        input.push('\0');
        input.push_str(highlighter);
        input.push('\0');
        input.push_str(markdown);
        format!("{:032x}", xxh3_128(input.as_bytes()))
    }

    /// The rendered Markdown for `key`, or what `render` makes (then stored).
    pub(crate) fn rendered(&self, key: &str, render: impl FnOnce() -> Rendered) -> Rendered {
        self.used
            .lock()
            .expect("no panics while held")
            .insert(key.to_string());
        if let Some(r) = self.read(key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return r;
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let r = render();
        self.write(key, &r);
        r
    }

    fn read(&self, key: &str) -> Option<Rendered> {
        let (file, span) = {
            let pack = self.pack.lock().expect("no panics while held");
            (pack.file.try_clone().ok()?, *pack.index.get(key)?)
        };
        let mut payload = vec![0; span.len as usize];
        file.read_exact_at(&mut payload, span.payload).ok()?;
        decode(key, &payload, span.sum)
    }

    fn write(&self, key: &str, r: &Rendered) {
        let bytes = encode(key, r);
        let mut pack = self.pack.lock().expect("no panics while held");
        // One write at the end (O_APPEND): another quire appending meanwhile cannot interleave.
        if pack.file.write_all(&bytes).is_err() {
            return;
        }
        // An appending write leaves the file's offset at its own end, wherever it landed.
        let Ok(end) = pack.file.stream_position() else {
            return;
        };
        let Some((_, sum, len, header)) = parse_header(&bytes) else {
            return;
        };
        if let Some(start) = end.checked_sub(bytes.len() as u64) {
            let span = Span {
                start,
                payload: start + header as u64,
                len,
                sum,
            };
            pack.end = pack.end.max(end);
            pack.index.insert(key.to_string(), span);
        }
    }

    /// After a clean build: compacts the pack when most of it is entries that build did not use,
    /// and removes what earlier versions kept as one file per entry.
    pub(crate) fn prune(&self) {
        if !self.may_prune {
            return;
        }
        let used = self.used.lock().expect("no panics while held");
        remove_legacy(&self.dir.join(LEGACY));
        let mut pack = self.pack.lock().expect("no panics while held");
        let live: Vec<(String, Span)> = (pack.index.iter())
            .filter(|(k, _)| used.contains(*k))
            .map(|(k, s)| (k.clone(), *s))
            .collect();
        let live_bytes: u64 = live.iter().map(|(_, s)| s.end() - s.start).sum();
        if live_bytes * 2 >= pack.end {
            return;
        }
        let path = self.dir.join(PACK);
        let temp = self.dir.join(format!(".{PACK}.{}.tmp", std::process::id()));
        let compacted = (|| -> std::io::Result<Pack> {
            let mut out = fs::OpenOptions::new()
                .read(true)
                .append(true)
                .create_new(true)
                .custom_flags(libc::O_NOFOLLOW)
                .open(&temp)?;
            let mut index = HashMap::with_capacity(live.len());
            let mut end = 0;
            let mut live = live;
            live.sort_by_key(|(_, s)| s.start);
            for (key, span) in live {
                let mut bytes = vec![0; (span.end() - span.start) as usize];
                pack.file.read_exact_at(&mut bytes, span.start)?;
                out.write_all(&bytes)?;
                index.insert(
                    key,
                    Span {
                        start: end,
                        payload: end + (span.payload - span.start),
                        ..span
                    },
                );
                end += bytes.len() as u64;
            }
            fs::rename(&temp, &path)?;
            Ok(Pack {
                file: out,
                index,
                end,
            })
        })();
        match compacted {
            Ok(p) => *pack = p,
            Err(_) => {
                let _ = fs::remove_file(&temp);
            }
        }
    }
}

/// Opens (creating) the pack and reads its index from the entries' headers, up to the first
/// one that is not whole.
fn open_pack(path: &Path) -> Option<Pack> {
    // Not following a link, and not waiting on a FIFO: only a regular file is used.
    let file = fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let len = meta.len();
    let mut index = HashMap::new();
    let mut at = 0;
    let mut head = [0u8; MAX_HEADER];
    while at < len {
        let n = (len - at).min(MAX_HEADER as u64) as usize;
        if file.read_exact_at(&mut head[..n], at).is_err() {
            break;
        }
        let Some((key, sum, payload_len, header_len)) = parse_header(&head[..n]) else {
            break;
        };
        let span = Span {
            start: at,
            payload: at + header_len as u64,
            len: payload_len,
            sum,
        };
        if span.end() > len {
            break;
        }
        index.insert(key, span);
        at = span.end();
    }
    Some(Pack {
        file,
        index,
        end: at,
    })
}

/// `QUIRE5 <key> <checksum> <payload length>\n`: the key, the checksum, the payload's length
/// and the header's.
fn parse_header(bytes: &[u8]) -> Option<(String, u64, u64, usize)> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let mut fields = header.split(' ');
    let (magic, key, sum, len) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let key_ok =
        !key.is_empty() && key.len() <= MAX_KEY && key.bytes().all(|b| b.is_ascii_graphic());
    if magic != MAGIC || !key_ok || fields.next().is_some() {
        return None;
    }
    let len: u64 = len.parse().ok()?;
    if len > MAX_ENTRY {
        return None;
    }
    Some((
        key.to_string(),
        u64::from_str_radix(sum, 16).ok()?,
        len,
        newline + 1,
    ))
}

fn checksum(key: &str, payload: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(key.as_bytes());
    h.update(payload);
    h.digest()
}

/// An entry: header, then the JSON of everything but the HTML, then the HTML as raw bytes
/// (escaping it into JSON and back was most of a warm build).
fn encode(key: &str, r: &Rendered) -> Vec<u8> {
    let meta = serde_json::to_vec(r).expect("plain data serializes");
    let mut payload = format!("{}\n", meta.len()).into_bytes();
    payload.extend_from_slice(&meta);
    payload.extend_from_slice(r.html.as_bytes());
    let mut bytes = format!(
        "{MAGIC} {key} {:016x} {}\n",
        checksum(key, &payload),
        payload.len()
    )
    .into_bytes();
    bytes.extend_from_slice(&payload);
    bytes
}

fn is_hex(name: &str, len: usize) -> bool {
    name.len() == len && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The entry, if it is whole and is the one stored under `key` (not another page's, moved).
fn decode(key: &str, payload: &[u8], sum: u64) -> Option<Rendered> {
    if sum != checksum(key, payload) {
        return None;
    }
    let newline = payload.iter().position(|&b| b == b'\n')?;
    let meta_len: usize = std::str::from_utf8(&payload[..newline])
        .ok()?
        .parse()
        .ok()?;
    let rest = &payload[newline + 1..];
    let (meta, html) = (rest.get(..meta_len)?, rest.get(meta_len..)?);
    let mut r: Rendered = serde_json::from_slice(meta).ok()?;
    r.html = String::from_utf8(html.to_vec()).ok()?;
    Some(r)
}

/// Removes the one-file-per-entry folder of earlier versions: only entries named like quire's,
/// in real folders, never through a link (removing a link removes the link itself).
fn remove_legacy(md: &Path) {
    if !fs::symlink_metadata(md).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let Ok(shards) = fs::read_dir(md) else {
        return;
    };
    for shard in shards.flatten() {
        // `file_type` does not follow links: a linked shard is left alone, never entered.
        let shard_name = shard.file_name().to_string_lossy().into_owned();
        if !shard.file_type().is_ok_and(|t| t.is_dir()) || !is_hex(&shard_name, 2) {
            continue;
        }
        let Ok(entries) = fs::read_dir(shard.path()) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let quires = is_hex(&name, 32) && name.starts_with(&shard_name);
            let plain = e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink());
            if quires && plain {
                let _ = fs::remove_file(e.path());
            }
        }
        let _ = fs::remove_dir(shard.path());
    }
    let _ = fs::remove_dir(md);
}

impl crate::render::MarkdownStore for Cache {
    fn rendered(
        &self,
        markdown: &str,
        highlighter: &str,
        render: &mut dyn FnMut() -> Rendered,
    ) -> Rendered {
        Cache::rendered(self, &Cache::key(markdown, highlighter), render)
    }
    fn prune(&self) {
        Cache::prune(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Link;

    fn sample() -> Rendered {
        Rendered {
            html: "<h1 id=\"t\">T</h1>".into(),
            heading_ids: ["t"].into_iter().collect(),
            headings: ["T"].into_iter().collect(),
            links: [Link {
                dest: "/x.html",
                offset: 3,
                image: false,
            }]
            .into_iter()
            .collect(),
            starts_with_h1: true,
            ..Rendered::default()
        }
    }

    #[test]
    fn an_entry_round_trips_and_a_second_lookup_hits() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let key = Cache::key("# T", "h");
        let first = cache.rendered(&key, sample);
        let second = cache.rendered(&key, || panic!("should come from the cache"));
        assert_eq!(first, second);
        assert_eq!(cache.hits.load(Ordering::Relaxed), 1);
    }

    fn pack(dir: &Path) -> PathBuf {
        dir.join(CACHE_DIR).join(PACK)
    }

    #[test]
    fn entries_are_found_again_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<String> = (0..3).map(|i| Cache::key(&format!("# {i}"), "h")).collect();
        {
            let cache = Cache::open(dir.path()).unwrap();
            for k in &keys {
                cache.rendered(k, sample);
            }
        }
        let cache = Cache::open(dir.path()).unwrap();
        for k in &keys {
            cache.rendered(k, || panic!("should come from the pack"));
        }
        assert_eq!(cache.hits.load(Ordering::Relaxed), 3);
        let files: Vec<_> = fs::read_dir(dir.path().join(CACHE_DIR)).unwrap().collect();
        assert_eq!(
            files.len(),
            2,
            "one pack and .gitignore, not a file per entry"
        );
    }

    #[test]
    fn corrupt_and_partial_entries_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let key = Cache::key("# T", "h");
        Cache::open(dir.path()).unwrap().rendered(&key, sample);
        let good = fs::read(pack(dir.path())).unwrap();
        // A flipped byte in the payload fails the checksum; a cut one is not whole.
        let mut flipped = good.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        for bad in [
            &good[..good.len() / 2],
            b"garbage".as_slice(),
            b"",
            &flipped,
        ] {
            fs::write(pack(dir.path()), bad).unwrap();
            let cache = Cache::open(dir.path()).unwrap();
            assert_eq!(cache.read(&key), None);
        }
        // Another page's entry under this key (moved in whole, header and all) is not taken.
        let other = Cache::key("# U", "h");
        let moved = String::from_utf8(good.clone())
            .unwrap()
            .replacen(&key, &other, 1);
        fs::write(pack(dir.path()), moved).unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.read(&other), None);
    }

    #[test]
    fn a_torn_tail_is_cut_and_the_pack_grows_on() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Cache::key("# A", "h"), Cache::key("# B", "h"));
        Cache::open(dir.path()).unwrap().rendered(&a, sample);
        let whole = fs::metadata(pack(dir.path())).unwrap().len();
        // A build killed while appending left half an entry.
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(pack(dir.path()))
            .unwrap();
        f.write_all(b"QUIRE5 0123").unwrap();
        drop(f);
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(fs::metadata(pack(dir.path())).unwrap().len(), whole);
        cache.rendered(&b, sample);
        drop(cache);
        let cache = Cache::open(dir.path()).unwrap();
        assert!(cache.read(&a).is_some() && cache.read(&b).is_some());
    }

    #[test]
    fn a_pack_mostly_unused_is_compacted_to_what_was_used() {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<String> = (0..10)
            .map(|i| Cache::key(&format!("# {i}"), "h"))
            .collect();
        let cache = Cache::open(dir.path()).unwrap();
        for k in &keys {
            cache.rendered(k, sample);
        }
        drop(cache);
        let full = fs::metadata(pack(dir.path())).unwrap().len();
        // A build that uses two of ten entries: the pack keeps those two only.
        let cache = Cache::open(dir.path()).unwrap();
        cache.rendered(&keys[3], || panic!("cached"));
        cache.rendered(&keys[7], || panic!("cached"));
        cache.prune();
        drop(cache);
        assert!(fs::metadata(pack(dir.path())).unwrap().len() * 4 < full);
        let cache = Cache::open(dir.path()).unwrap();
        assert!(cache.read(&keys[3]).is_some() && cache.read(&keys[7]).is_some());
        assert!(cache.read(&keys[0]).is_none());
        // Mostly used: left as it is.
        let before = fs::read(pack(dir.path())).unwrap();
        cache.rendered(&keys[3], || panic!("cached"));
        cache.prune();
        assert_eq!(fs::read(pack(dir.path())).unwrap(), before);
    }

    #[test]
    fn a_pack_that_is_a_link_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "mine").unwrap();
        fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, pack(dir.path())).unwrap();
        assert!(Cache::open(dir.path()).is_none());
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "mine");
    }

    #[test]
    fn keys_depend_on_the_text_and_highlighter() {
        assert_ne!(Cache::key("a", "h"), Cache::key("b", "h"));
        assert_ne!(
            Cache::key("a", "h"),
            Cache::key("a", "h2"),
            "another highlighter or grammar never reads this one's entries"
        );
    }
}
