//! A persistent cache of rendered Markdown, so that a rebuild never pays for
//! highlighting the same code twice.
//!
//! Entries are content-addressed: the key hashes quire's version, the cache
//! format, the base path and the page's Markdown, so an entry can never be
//! stale, only unused. Each entry carries a checksum of its payload; a corrupt,
//! partial or foreign entry is ignored and rebuilt, never trusted. The cache
//! never changes the output: deleting the folder, or `--no-cache`, is always safe.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use crate::markdown::Rendered;

pub const CACHE_DIR: &str = ".quire-cache";
/// Bump when the rendering of Markdown changes in a way the version number does not capture.
const FORMAT: &str = "quire-md-cache-3";
const MAGIC: &str = "QUIRE3";

pub struct Cache {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    pub hits: AtomicUsize,
    pub misses: AtomicUsize,
}

impl Cache {
    /// Opens (creating) the cache folder of a site; `None` if it cannot be created, which only makes builds slower.
    pub fn open(site_dir: &Path) -> Option<Cache> {
        let dir = site_dir.join(CACHE_DIR);
        fs::create_dir_all(dir.join("md")).ok()?;
        // Keep the cache out of the writer's git repository without asking them to edit .gitignore.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = fs::write(
                &ignore,
                "# Created by quire: this folder is a cache and safe to delete.\n*\n",
            );
        }
        Some(Cache {
            dir,
            used: Mutex::new(HashSet::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        })
    }

    /// The key of a page's rendered Markdown.
    pub fn key(markdown: &str, base_path: &str) -> String {
        let mut input = String::with_capacity(markdown.len() + 64);
        input.push_str(FORMAT);
        input.push('\0');
        input.push_str(env!("CARGO_PKG_VERSION"));
        input.push('\0');
        input.push_str(base_path);
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
        let bytes = fs::read(self.path(key)).ok()?;
        decode(&bytes)
    }

    fn write(&self, key: &str, r: &Rendered) {
        let path = self.path(key);
        // The HTML follows the JSON as raw bytes: escaping it into JSON and back was most of a warm build.
        let meta = serde_json::to_vec(r).expect("plain data serializes");
        let mut payload = format!("{}\n", meta.len()).into_bytes();
        payload.extend_from_slice(&meta);
        payload.extend_from_slice(r.html.as_bytes());
        let mut bytes = format!("{MAGIC} {:016x}\n", xxh3_64(&payload)).into_bytes();
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
        let used = self.used.lock().expect("no panics while held");
        let Ok(shards) = fs::read_dir(self.dir.join("md")) else {
            return;
        };
        for shard in shards.flatten() {
            let Ok(entries) = fs::read_dir(shard.path()) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if !used.contains(&name) {
                    let _ = fs::remove_file(e.path());
                }
            }
            let _ = fs::remove_dir(shard.path());
        }
    }
}

fn decode(bytes: &[u8]) -> Option<Rendered> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let (magic, sum) = header.split_once(' ')?;
    let payload = &bytes[newline + 1..];
    if magic != MAGIC || u64::from_str_radix(sum, 16).ok()? != xxh3_64(payload) {
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
        let key = Cache::key("# T", "/");
        let first = cache.rendered(&key, sample);
        let second = cache.rendered(&key, || panic!("should come from the cache"));
        assert_eq!(first, second);
        assert_eq!(cache.hits.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn corrupt_and_partial_entries_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let key = Cache::key("# T", "/");
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
    fn keys_depend_on_the_base_path_and_text() {
        assert_ne!(Cache::key("a", "/"), Cache::key("a", "/docs/"));
        assert_ne!(Cache::key("a", "/"), Cache::key("b", "/"));
    }
}
