//! A persistent cache of rendered Markdown, so that a rebuild never pays for
//! highlighting the same code twice.
//!
//! Entries are content-addressed: the key hashes quire's version, the cache
//! format, the base path and the page's Markdown, so an entry can never be
//! stale, only unused. Each entry carries its own key and a checksum of its
//! payload, and is read only if it is a regular file of bounded size; a
//! corrupt, partial, moved or foreign entry (or a link, a FIFO, a device) is
//! ignored and rebuilt, never trusted. Pruning removes only entries named like
//! quire's, in real folders of the cache, never through a link. The cache
//! never changes the output: deleting the folder, or `--no-cache`, is always safe.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use crate::markdown::Rendered;

pub const CACHE_DIR: &str = ".quire-cache";
/// Bump when the rendering of Markdown changes in a way the version number does not capture.
const FORMAT: &str = "quire-md-cache-4";
const MAGIC: &str = "QUIRE4";
/// No rendered page comes near this; anything bigger is not an entry of quire's.
const MAX_ENTRY: u64 = 256 * 1024 * 1024;

pub struct Cache {
    dir: PathBuf,
    /// Pruning only while no other quire uses the cache (`None` inside a holder of this process).
    may_prune: bool,
    _lock: Option<crate::output::Lock>,
    used: Mutex<HashSet<String>>,
    pub hits: AtomicUsize,
    pub misses: AtomicUsize,
}

impl Cache {
    /// Opens (creating) the cache folder of a site; `None` if it cannot be created, which only makes builds slower.
    pub fn open(site_dir: &Path) -> Option<Cache> {
        let dir = site_dir.join(CACHE_DIR);
        // A cache that is a link, or holds one for its entries' folder, is not used at all.
        let real_dir = |p: &Path| fs::symlink_metadata(p).map_or(true, |m| m.is_dir());
        if !real_dir(&dir) || !real_dir(&dir.join("md")) {
            return None;
        }
        fs::create_dir_all(dir.join("md")).ok()?;
        // Keep the cache out of the writer's git repository without asking them to edit .gitignore.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = fs::write(
                &ignore,
                "# Created by quire: this folder is a cache and safe to delete.\n*\n",
            );
        }
        // Another build using the cache still reads and adds entries safely (each is renamed
        // into place whole); only pruning, which would remove what that build uses, waits.
        let lock = crate::output::lock_dir(&dir, std::time::Duration::ZERO, "the cache");
        let may_prune = lock.is_ok();
        Some(Cache {
            dir,
            may_prune,
            _lock: lock.ok().flatten(),
            used: Mutex::new(HashSet::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        })
    }

    /// The key of a page's rendered Markdown: everything its HTML depends on.
    /// The base path is not part of it: rendered Markdown keeps site links site-relative
    /// (links.rs places them afterwards), so one entry serves every address.
    pub fn key(markdown: &str, highlighter: &str) -> String {
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

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join("md").join(&key[..2]).join(key)
    }

    /// The rendered Markdown for `key`, or what `render` makes (then stored).
    pub fn rendered(&self, key: &str, render: impl FnOnce() -> Rendered) -> Rendered {
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
        // Not following a link, and not waiting on a FIFO: only a regular file is read.
        let file = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(self.path(key))
            .ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY {
            return None;
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(MAX_ENTRY + 1).read_to_end(&mut bytes).ok()?;
        decode(key, &bytes)
    }

    fn write(&self, key: &str, r: &Rendered) {
        let path = self.path(key);
        // The HTML follows the JSON as raw bytes: escaping it into JSON and back was most of a warm build.
        let meta = serde_json::to_vec(r).expect("plain data serializes");
        let mut payload = format!("{}\n", meta.len()).into_bytes();
        payload.extend_from_slice(&meta);
        payload.extend_from_slice(r.html.as_bytes());
        let mut bytes = format!("{MAGIC} {key} {:016x}\n", xxh3_64(&payload)).into_bytes();
        bytes.extend_from_slice(&payload);
        // Written under a temporary name and renamed, so a reader never sees half an entry.
        let Some(parent) = path.parent() else { return };
        if fs::create_dir_all(parent).is_err() {
            return;
        }
        let temp = parent.join(format!(".{key}.{}.tmp", std::process::id()));
        if fs::write(&temp, &bytes).is_ok() && fs::rename(&temp, &path).is_err() {
            let _ = fs::remove_file(&temp);
        }
    }

    /// Removes the entries this build did not use, so the cache does not grow without end.
    pub fn prune(&self) {
        if !self.may_prune {
            return;
        }
        let used = self.used.lock().expect("no panics while held");
        let md = self.dir.join("md");
        if !fs::symlink_metadata(&md).is_ok_and(|m| m.is_dir()) {
            return;
        }
        let Ok(shards) = fs::read_dir(&md) else {
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
                // Removing a link removes the link itself, not what it points at.
                if quires && plain && !used.contains(&name) {
                    let _ = fs::remove_file(e.path());
                }
            }
            let _ = fs::remove_dir(shard.path());
        }
    }
}

fn is_hex(name: &str, len: usize) -> bool {
    name.len() == len && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The entry, if it is whole and is the one stored under `key` (not another page's, moved).
fn decode(key: &str, bytes: &[u8]) -> Option<Rendered> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let mut fields = header.split(' ');
    let (magic, entry_key, sum) = (fields.next()?, fields.next()?, fields.next()?);
    let payload = &bytes[newline + 1..];
    if magic != MAGIC || entry_key != key || u64::from_str_radix(sum, 16).ok()? != xxh3_64(payload)
    {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Link;

    fn sample() -> Rendered {
        Rendered {
            html: "<h1 id=\"t\">T</h1>".into(),
            heading_ids: vec!["t".into()],
            headings: vec![(1, "T".into())],
            links: vec![Link {
                dest: "/x.html".into(),
                offset: 3,
                image: false,
            }],
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

    #[test]
    fn corrupt_and_partial_entries_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let key = Cache::key("# T", "h");
        cache.rendered(&key, sample);
        let path = cache.path(&key);
        let good = fs::read(&path).unwrap();
        for bad in [&good[..good.len() / 2], b"garbage".as_slice(), b""] {
            fs::write(&path, bad).unwrap();
            assert_eq!(cache.read(&key), None);
        }
        // A flipped byte in the payload fails the checksum.
        let mut flipped = good.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        fs::write(&path, &flipped).unwrap();
        assert_eq!(cache.read(&key), None);
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
