//! The files of the index: the meta file, the word files (split by prefix) and the page files,
//! each sealed (seal.rs).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::postings::{gaps, Postings};
use super::seal::{self, Key};
use super::words::{fits, is_separator, STOP_WORDS};
use super::{Stage, DIR, META, PAGES_PER_FILE};
use crate::content::site::Site;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::OutputFile;

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
    /// A file of packed prefixes (see `packs`) is named by its first.
    files: Vec<(String, usize)>,
    /// The first prefix of each file of packed prefixes, sorted: a two-letter prefix that is
    /// not split is in the file of the last of these not after it.
    packs: Vec<String>,
    stop: &'static [&'static str],
    /// Pages per page file: page `n` is entry `n % g` of file `d/<n / g>.js`.
    g: usize,
}

#[derive(Serialize)]
struct WordFile<'w> {
    /// The words, sorted, so the browser finds prefixes by binary search.
    w: Vec<&'w str>,
    /// For each word, `[gap, code, gap, code…]`: the gaps between ascending page numbers, and
    /// for each page `count * 8 + IN_TITLE|IN_HEADING|IN_BODY`.
    p: Vec<Vec<u32>>,
}

#[derive(Serialize)]
struct PageEntry<'a> {
    t: &'a str,
    /// Site-relative: the search box puts its page's way to the root in front.
    u: &'a str,
    /// `[anchor, heading, text, code]` per section; the first has no heading. `code` is the
    /// section's code words (`Rendered::code`), for the search box to show which of them matched.
    s: Vec<(&'a str, &'a str, &'a str, String)>,
}

/// The file a word's entry is in: its first two letters, or more where that prefix was split.
/// A word no longer than a split prefix stays in the prefix's own file.
/// (A prefix of the word itself, not a new string: the index asks for the key of every word
/// several times over, so asking must not allocate.)
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

/// The sections of a page's text, split where its headings start, each with its code words.
fn sections(r: &Rendered) -> Vec<(&str, &str, &str, String)> {
    let text = r.text.as_str();
    let mut out = Vec::with_capacity(r.headings.len() + 1);
    let mut code = CodeWords::default();
    let mut starts: Vec<usize> = r.heading_text_offsets.clone();
    starts.push(text.len());
    let first = starts[0].min(text.len());
    let first_code = code.of(r.code.section(0));
    if !text[..first].trim().is_empty() || !first_code.is_empty() {
        out.push(("", "", text[..first].trim(), first_code));
    }
    for (i, heading) in r.headings.iter().enumerate() {
        let (Some(&from), Some(&to)) = (starts.get(i), starts.get(i + 1)) else {
            break;
        };
        if r.search_excluded.contains(&i) {
            continue;
        }
        let (from, to) = (from.min(text.len()), to.min(text.len()).max(from));
        let body = text[from..to].trim();
        let body = body.strip_prefix(heading).unwrap_or(body).trim();
        let id = r.heading_ids.get(i).unwrap_or("");
        out.push((id, heading, body, code.of(r.code.section(i + 1))));
    }
    out
}

/// A page's code words for its entry: each word once, in the order met, as written, up to
/// `CODE_WORDS_LIMIT` bytes a page. (The page's code itself would make the page files, which
/// every result loads, several times bigger; the first query loads up to ten of them.)
#[derive(Default)]
struct CodeWords<'a> {
    seen: HashSet<&'a str>,
    len: usize,
}

const CODE_WORDS_LIMIT: usize = 512;

impl<'a> CodeWords<'a> {
    fn of(&mut self, code: Option<&'a str>) -> String {
        let mut out = String::new();
        let words = code.into_iter().flat_map(|c| c.split(is_separator));
        for w in words.filter(|w| fits(w) && !w.bytes().all(|b| b.is_ascii_digit())) {
            if self.len + w.len() >= CODE_WORDS_LIMIT {
                break;
            }
            if self.seen.insert(w) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
                self.len += w.len() + 1;
            }
        }
        out
    }
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
pub(super) fn pages_of(file: usize, pages: usize) -> std::ops::Range<usize> {
    file * PAGES_PER_FILE..((file + 1) * PAGES_PER_FILE).min(pages)
}

/// One page's entry in its page file: its title, address and text by section, as JSON.
pub(super) fn page_entry(site: &Site, doc: usize, rendered: Option<&Rendered>) -> String {
    let page = &site.pages[doc];
    // A hidden page keeps its place (entries are found by page number), with nothing in it.
    let findable = site.is_searchable(doc);
    let url = crate::url::SitePath::new(&page.output).encoded();
    let entry = PageEntry {
        t: if findable { &page.meta.title } else { "" },
        u: if findable { &url } else { "" },
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

/// Makes and stages the page files numbered `files` (of a site of `pages` pages), a few hundred
/// at a time, each page's entry from `entry`; their digests, in the same order, and the problems
/// staging met.
pub(super) fn make_page_files(
    key: &Key,
    pages: usize,
    files: &[usize],
    entry: &(dyn Fn(usize) -> String + Sync),
    stage: Stage,
) -> (Vec<u64>, Vec<Diagnostic>) {
    let mut digests = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for chunk in files.chunks(PAGE_FILES_AT_ONCE / PAGES_PER_FILE) {
        let made: Vec<OutputFile> = chunk
            .par_iter()
            .map(|&file| {
                let entries: Vec<String> = pages_of(file, pages).map(entry).collect();
                page_file(key, file, &entries)
            })
            .collect();
        digests.extend(made.iter().map(digest));
        errors.extend(
            (made.into_par_iter())
                .filter_map(|f| stage(f).err())
                .collect::<Vec<_>>(),
        );
    }
    (digests, errors)
}

/// The word files and meta.js, from every word's `postings` and each page file's digest (in
/// file order); the problems staging met.
pub(super) fn word_files_and_meta(
    key: &Key,
    pages: usize,
    postings: Postings,
    page_digests: &[u64],
    stage: Stage,
) -> Vec<Diagnostic> {
    let splits = splits(&postings);
    // The version hashes every file's path and digest in this order: word files, then page
    // files.
    let mut version = Xxh3::new();
    let WordFiles {
        sizes,
        packs,
        mut errors,
    } = word_files(key, postings, &splits, &mut version, stage);
    for (file, &digest) in page_digests.iter().enumerate() {
        add_version(&mut version, &page_file_path(file), digest);
    }
    let meta = Meta {
        v: format!("{:08x}", version.digest() as u32),
        n: pages,
        splits: &splits,
        files: sizes,
        packs,
        stop: STOP_WORDS,
        g: PAGES_PER_FILE,
    };
    errors.extend(
        stage(OutputFile {
            path: META.to_string(),
            bytes: script(key, "meta", &meta),
        })
        .err(),
    );
    errors
}

fn add_version(version: &mut Xxh3, path: &str, digest: u64) {
    version.update(path.as_bytes());
    version.update(&digest.to_le_bytes());
}

/// A word's size in its file, near enough.
fn entry_size(word: &str, pages: &[u32]) -> usize {
    word.len()
        + 4
        + gaps(pages)
            .map(|n| n.checked_ilog10().unwrap_or(0) as usize + 2)
            .sum::<usize>()
}

/// Whether a prefix shares its file with its neighbours: two letters, not split further.
fn packable(prefix: &str, splits: &BTreeSet<String>) -> bool {
    prefix.chars().nth(1).is_some() && prefix.chars().nth(2).is_none() && !splits.contains(prefix)
}

/// The file each prefix's words go in: two-letter prefixes that are not split share a file
/// with the ones after them, in order, up to `SHARD_LIMIT` bytes, named by the first;
/// every other prefix has its own. A file per prefix made a 23-page site's index 276 files,
/// and creating a file costs more than writing its bytes; a query still downloads at most one
/// file's worth per word.
fn packs<'w>(
    sizes: &BTreeMap<&'w str, usize>,
    splits: &BTreeSet<String>,
) -> BTreeMap<&'w str, &'w str> {
    let mut file_of = BTreeMap::new();
    let mut open: Option<(&str, usize)> = None;
    for (&prefix, &size) in sizes {
        if !packable(prefix, splits) {
            file_of.insert(prefix, prefix);
            continue;
        }
        let first = match open {
            Some((first, total)) if total + size <= SHARD_LIMIT => {
                open = Some((first, total + size));
                first
            }
            _ => {
                open = Some((prefix, size));
                prefix
            }
        };
        file_of.insert(prefix, first);
    }
    file_of
}

/// The prefixes whose words are split by the next letter: every prefix whose file would be too
/// big, letter by letter, unless one word makes most of it (splitting would then leave that
/// word alone in a file as big, and a reader typing the prefix would find none of its other
/// words until the whole word was typed).
fn splits(postings: &Postings) -> BTreeSet<String> {
    // Each word's size in its file, near enough.
    let sizes: Vec<usize> = postings.iter().map(|(w, p)| entry_size(w, p)).collect();
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
            return splits;
        }
        splits.extend(grow);
    }
}

/// Makes and stages the word files, their paths and digests added to `version` in order; each
/// file's prefix and size, and the problems staging met.
fn word_files(
    key: &Key,
    postings: Postings,
    splits: &BTreeSet<String>,
    version: &mut Xxh3,
    stage: Stage,
) -> WordFiles {
    let mut prefix_sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (w, p) in &postings {
        *prefix_sizes.entry(shard_key(w, splits)).or_default() += entry_size(w, p);
    }
    let file_of = packs(&prefix_sizes, splits);
    // Each file's words with their packed postings, gap-coded only as its file is made. The
    // words are sorted, and so are a file's prefixes: its words stay sorted.
    let mut shards: BTreeMap<&str, Postings> = BTreeMap::new();
    for (w, p) in postings {
        shards
            .entry(file_of[shard_key(w, splits)])
            .or_default()
            .push((w, p));
    }
    let packs: Vec<String> = (file_of.iter())
        .filter(|(prefix, file)| prefix == file && packable(prefix, splits))
        .map(|(_, file)| file.to_string())
        .collect();
    let mut errors = Vec::new();
    // Made and staged a few hundred at a time, on every core, each shard's postings dropped once
    // its file is staged: all made before any was staged, every word file was held at the peak;
    // staged one by one, one core wrote them all while the other had nothing left to do.
    let mut sizes: Vec<(String, usize)> = Vec::with_capacity(shards.len());
    let mut shards = shards.into_iter().peekable();
    while shards.peek().is_some() {
        let chunk: Vec<(&str, Postings)> = shards.by_ref().take(PAGE_FILES_AT_ONCE).collect();
        let staged: Vec<(&str, String, usize, u64, Option<Diagnostic>)> = chunk
            .into_par_iter()
            .map(|(prefix, words)| {
                let name = word_file_name(prefix);
                let (w, p) = words
                    .into_iter()
                    .map(|(w, p)| (w, gaps(&p).collect()))
                    .unzip();
                let file = OutputFile {
                    path: format!("{DIR}/{name}.js"),
                    bytes: script(key, &name, &WordFile { w, p }),
                };
                let (size, digest) = (file.bytes.len(), digest(&file));
                let path = file.path.clone();
                (prefix, path, size, digest, stage(file).err())
            })
            .collect();
        // The version takes the files in order, whichever was staged first.
        for (prefix, path, size, digest, error) in staged {
            sizes.push((prefix.to_string(), size));
            add_version(version, &path, digest);
            errors.extend(error);
        }
    }
    WordFiles {
        sizes,
        packs,
        errors,
    }
}

/// What making the word files gives meta.js, and the problems staging met.
struct WordFiles {
    /// Each file's prefix and size in bytes.
    sizes: Vec<(String, usize)>,
    packs: Vec<String>,
    errors: Vec<Diagnostic>,
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

    #[test]
    fn small_prefixes_share_a_file_named_by_the_first_and_split_ones_keep_their_own() {
        let splits: BTreeSet<String> = ["co".to_string()].into();
        let sizes: BTreeMap<&str, usize> = [
            ("ab", 10_000),
            ("ac", 10_000),
            ("ad", 10_000),
            ("co", 30_000),
            ("cod", 100),
            ("de", 100),
        ]
        .into();
        let file_of = packs(&sizes, &splits);
        let files: Vec<&str> = ["ab", "ac", "ad", "co", "cod", "de"]
            .iter()
            .map(|p| file_of[p])
            .collect();
        // ab + ac fit in one file; ad would pass SHARD_LIMIT, so it opens the next, which de
        // joins past the split prefixes between them.
        assert_eq!(files, ["ab", "ab", "ad", "co", "cod", "ad"]);
    }
}
