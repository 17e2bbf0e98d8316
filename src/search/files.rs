//! The files of the index: the meta file, the word files (split by prefix) and the page files,
//! each sealed (seal.rs).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use super::postings::{gaps, Postings};
use super::seal::{self, Key};
use super::words::STOP_WORDS;
use super::{DIR, META, PAGES_PER_FILE};
use crate::content::site::Site;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{OutputFile, PageFacts};

/// A word file larger than this is split by the next letter, so that a query
/// downloads little even on a big site (a file may hold one common word and up
/// to this much of others).
const SHARD_LIMIT: usize = 24 * 1024;

#[derive(Serialize)]
struct Meta<'a> {
    /// Changes whenever any index file does: the browser asks for `file.js?v=<this>`.
    v: String,
    /// How many pages there are (for weighting rare words above common ones).
    n: usize,
    /// Prefixes whose words are split further by the next letter (see `shard_key`).
    splits: &'a BTreeSet<String>,
    /// Every word file's prefix and size in bytes: a word typed so far that is itself a split
    /// prefix finds its completions in the files below it, as many as a query may download.
    files: Vec<(String, usize)>,
    stop: &'static [&'static str],
    /// Pages per page file: page `n` is entry `n % g` of file `d/<n / g>.js`.
    g: usize,
}

#[derive(Serialize)]
struct WordFile {
    /// The words, sorted, so the browser finds prefixes by binary search.
    w: Vec<String>,
    /// For each word, `[gap, code, gap, code…]`: the gaps between ascending page numbers, and
    /// for each page `count * 8 + IN_TITLE|IN_HEADING|IN_BODY`.
    p: Vec<Vec<u32>>,
}

#[derive(Serialize)]
struct PageEntry<'a> {
    t: &'a str,
    /// Site-relative: the search box puts its page's way to the root in front.
    u: &'a str,
    /// `[anchor, heading, text]` per section; the first has no heading.
    s: Vec<[&'a str; 3]>,
}

/// The file a word's entry is in: its first two letters, or more where that prefix was split.
/// A word no longer than a split prefix stays in the prefix's own file.
/// (A prefix of the word itself: at 10,000 pages the index asks for the keys of its ~300,000
/// words several times over, and making each as a new string was a tenth of a build after one
/// edit.)
fn shard_key<'w>(term: &'w str, splits: &BTreeSet<String>) -> &'w str {
    // The byte length of each prefix of two characters or more, and of the whole word.
    let mut ends = term
        .char_indices()
        .map(|(i, _)| i)
        .skip(2)
        .chain([term.len()]);
    loop {
        let key = &term[..ends.next().unwrap_or(term.len())];
        if key.len() == term.len() || !splits.contains(key) {
            return key;
        }
    }
}

fn word_file_name(key: &str) -> String {
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!("t-{hex}")
}

fn script(key: &Key, name: &str, data: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(data).expect("the index serializes");
    seal::seal(key, name, &json)
}

/// The sections of a page's text, split where its headings start.
fn sections(r: &Rendered) -> Vec<[&str; 3]> {
    let text = r.text.as_str();
    let mut out = Vec::with_capacity(r.headings.len() + 1);
    let mut starts: Vec<usize> = r.heading_text_offsets.clone();
    starts.push(text.len());
    let first = starts[0].min(text.len());
    if !text[..first].trim().is_empty() {
        out.push(["", "", text[..first].trim()]);
    }
    for (i, heading) in r.headings.iter().enumerate() {
        let (Some(&from), Some(&to)) = (starts.get(i), starts.get(i + 1)) else {
            break;
        };
        let (from, to) = (from.min(text.len()), to.min(text.len()).max(from));
        let body = text[from..to].trim();
        let body = body.strip_prefix(heading).unwrap_or(body).trim();
        let id = r.heading_ids.get(i).unwrap_or("");
        out.push([id, heading, body]);
    }
    out
}

/// How many page (or word) files are made at once: each is staged (and dropped) before the
/// next are made, so that the index never holds every page's text twice over.
const PAGE_FILES_AT_ONCE: usize = 256;

/// Where the page file numbered `file` is (it holds the pages `pages_of(file, …)`).
pub(super) fn page_file_path(file: usize) -> String {
    format!("{DIR}/d/{file}.js")
}

/// The page files of a site of `pages` pages.
pub(super) fn page_files(pages: usize) -> usize {
    pages.div_ceil(PAGES_PER_FILE)
}

/// The pages in page file `file` of a site of `pages` pages.
pub(crate) fn pages_of(file: usize, pages: usize) -> std::ops::Range<usize> {
    file * PAGES_PER_FILE..((file + 1) * PAGES_PER_FILE).min(pages)
}

/// One page's entry in its page file: its title, address and text by section, as JSON.
pub(super) fn page_entry(site: &Site, doc: usize, rendered: Option<&Rendered>) -> String {
    let page = &site.pages[doc];
    // A hidden page keeps its place (entries are found by page number), with nothing in it.
    let findable = site.is_findable(doc);
    let entry = PageEntry {
        t: if findable { &page.meta.title } else { "" },
        u: if findable { &page.output } else { "" },
        s: (rendered.filter(|_| findable).map(sections)).unwrap_or_default(),
    };
    serde_json::to_string(&entry).expect("the index serializes")
}

/// Page file `file`, of its pages' entries in page order.
pub(super) fn page_file<S: AsRef<str>>(key: &Key, file: usize, entries: &[S]) -> OutputFile {
    let mut json = String::from("[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(e.as_ref());
    }
    json.push(']');
    OutputFile {
        path: page_file_path(file),
        bytes: seal::seal(key, &format!("d/{file}"), &json),
    }
}

/// What `meta.js`'s version is made of: each file's path and a hash of its bytes, so that the
/// page files may be made (and dropped) one by one while their pages render.
pub(super) fn digest(f: &OutputFile) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&f.bytes)
}

/// The word files and meta.js, and the page files unless their `digests` say they were made.
pub(super) fn index_from(
    seal_key: &Key,
    site: &Site,
    by_page: &[Option<&PageFacts>],
    postings: Postings,
    digests: Option<Vec<u64>>,
    stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Vec<Diagnostic> {
    // Split every prefix whose file would be too big, letter by letter, unless one word makes
    // most of it: splitting would then leave that word alone in a file as big, and a reader
    // typing the prefix would find none of its other words until the whole word was typed.
    let sizes: Vec<usize> = postings
        .iter()
        .map(|(w, p)| {
            w.len()
                + 4
                + gaps(p)
                    .map(|n| n.checked_ilog10().unwrap_or(0) as usize + 2)
                    .sum::<usize>()
        })
        .collect();
    let mut splits = BTreeSet::new();
    loop {
        // Per prefix: total size, largest word, and whether any word is longer than it.
        let mut by_key: BTreeMap<&str, (usize, usize, bool)> = BTreeMap::new();
        for ((w, _), &size) in postings.iter().zip(&sizes) {
            let key = shard_key(w, &splits);
            let e = by_key.entry(key).or_default();
            e.0 += size;
            e.1 = e.1.max(size);
            e.2 |= w.len() > key.len();
        }
        let grow: Vec<String> = by_key
            .into_iter()
            .filter(|(_, (size, largest, longer))| {
                *size > SHARD_LIMIT && *longer && size - largest > SHARD_LIMIT
            })
            .map(|(k, _)| k.to_string())
            .collect();
        if grow.is_empty() {
            break;
        }
        splits.extend(grow);
    }
    drop(sizes);

    // Each shard's words with their packed postings, gap-coded only as its file is made.
    let mut shards: BTreeMap<String, Postings> = BTreeMap::new();
    for (w, p) in postings {
        let key = shard_key(&w, &splits);
        match shards.get_mut(key) {
            Some(words) => words.push((w, p)),
            None => {
                shards.insert(key.to_string(), vec![(w, p)]);
            }
        }
    }
    // The version hashes every file's path and digest in this order: word files, then page
    // files.
    let mut version = xxhash_rust::xxh3::Xxh3::new();
    let mut add_version = |path: &str, digest: u64| {
        version.update(path.as_bytes());
        version.update(&digest.to_le_bytes());
    };
    let mut errors = Vec::new();
    // Made a few hundred at a time and staged in order, each shard's postings dropped once its
    // file is made: all made before any was staged, they were 11 MB of a 10,000-page peak.
    let mut sizes: Vec<(String, usize)> = Vec::with_capacity(shards.len());
    let mut shards = shards.into_iter().peekable();
    while shards.peek().is_some() {
        let chunk: Vec<(String, Postings)> = shards.by_ref().take(PAGE_FILES_AT_ONCE).collect();
        let files: Vec<(String, OutputFile)> = chunk
            .into_par_iter()
            .map(|(key, words)| {
                let name = word_file_name(&key);
                let (w, p) = words
                    .into_iter()
                    .map(|(w, p)| (w, gaps(&p).collect()))
                    .unzip();
                let file = OutputFile {
                    path: format!("{DIR}/{name}.js"),
                    bytes: script(seal_key, &name, &WordFile { w, p }),
                };
                (key, file)
            })
            .collect();
        for (key, f) in files {
            sizes.push((key, f.bytes.len()));
            add_version(&f.path, digest(&f));
            errors.extend(stage(f).err());
        }
    }
    match digests {
        Some(digests) => {
            for (file, d) in digests.into_iter().enumerate() {
                add_version(&page_file_path(file), d);
            }
        }
        None => {
            let pages = site.pages.len();
            let files: Vec<usize> = (0..page_files(pages)).collect();
            for chunk in files.chunks(PAGE_FILES_AT_ONCE / PAGES_PER_FILE) {
                let files: Vec<OutputFile> = chunk
                    .par_iter()
                    .map(|&file| {
                        let entries: Vec<String> = pages_of(file, pages)
                            .map(|doc| page_entry(site, doc, by_page[doc].map(|f| &*f.rendered)))
                            .collect();
                        page_file(seal_key, file, &entries)
                    })
                    .collect();
                for f in &files {
                    add_version(&f.path, digest(f));
                }
                errors.extend(
                    files
                        .into_par_iter()
                        .filter_map(|f| stage(f).err())
                        .collect::<Vec<_>>(),
                );
            }
        }
    }
    let meta = Meta {
        v: format!("{:08x}", version.digest() as u32),
        n: site.pages.len(),
        splits: &splits,
        files: sizes,
        stop: STOP_WORDS,
        g: PAGES_PER_FILE,
    };
    errors.extend(
        stage(OutputFile {
            path: META.to_string(),
            bytes: script(seal_key, "meta", &meta),
        })
        .err(),
    );
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_prefixes_are_split_letter_by_letter() {
        let splits: BTreeSet<String> = ["co".to_string(), "con".to_string()].into();
        assert_eq!(shard_key("deploy", &splits), "de");
        assert_eq!(shard_key("code", &splits), "cod");
        assert_eq!(shard_key("config", &splits), "conf");
        assert_eq!(shard_key("con", &splits), "con");
        assert_eq!(shard_key("co", &splits), "co");
        assert_eq!(shard_key("x", &splits), "x");
        assert_eq!(word_file_name("de"), "t-6465");
    }
}
