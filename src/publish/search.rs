//! Search with no server: an inverted index of every page's title, headings
//! and text, split into small script files, and the script that queries it in
//! the browser.
//!
//! The index is scripts, not JSON, because a browser loads a `<script>` from
//! `file://` where `fetch` is refused. Each file calls `quireSearch(name, data)`:
//! - `meta.js`: the page count, the stop words and how the word list is split;
//! - `t-<hex>.js`: the words beginning with one prefix, each with its pages;
//! - `d/<n>.js`: one page's title, address and text by section, for the snippet
//!   shown under a result.
//!
//! A query loads the meta, one word file per query word and the page files of
//! the results it shows: a few dozen kilobytes, whatever the size of the site.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use bincode::Options as _;
use rayon::prelude::*;

use serde::Serialize;

use crate::content::site::Site;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{OutputFile, PageFacts};

/// The browser side: the search box, and the reader's controls (menu, theme, copy buttons).
pub const SCRIPT: &str = concat!(
    include_str!("../theme/search.js"),
    include_str!("../theme/reader.js")
);

/// The folder of the index files, and the one file a query starts from.
pub const DIR: &str = "theme/search";
pub const META: &str = "theme/search/meta.js";

/// A word file larger than this is split by the next letter, so that a query
/// downloads little even on a big site (a file may hold one common word and up
/// to this much of others).
const SHARD_LIMIT: usize = 24 * 1024;

/// Words too common to help find a page; leaving them out keeps the index small.
/// The browser skips them in queries too (the meta file carries this list).
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "can", "for", "from", "has", "have", "if",
    "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "we", "which",
    "will", "with", "you", "your",
];

/// Longer "words" are hashes, base64 and the like: nobody searches for them.
const MAX_WORD: usize = 32;

/// Where a word occurs on a page, as bits of its posting code (the rest is its count).
const IN_TITLE: u32 = 4;
const IN_HEADING: u32 = 2;
const IN_BODY: u32 = 1;
const MAX_COUNT: u32 = 31;

/// The words of a text as search sees them: lower case, split at anything
/// that is not a letter, digit or `_`. The browser splits queries the same way.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().count() >= 2 && w.len() <= MAX_WORD)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// A light English stemmer, the same as search.js's `stem`: plurals, -ing and
/// -ed come off, so "deploying", "deployed" and "deploys" are all "deploy".
/// (Snowball would be better English, but the browser must stem queries the
/// very same way, and a few lines are easy to keep equal on both sides.)
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|c| c.is_ascii_lowercase()) {
        return word.to_string();
    }
    let has_vowel = |s: &str| s.bytes().any(|c| b"aeiouy".contains(&c));
    // Plurals.
    let mut s = if let Some(w) = word.strip_suffix("ies").filter(|w| w.len() >= 2) {
        format!("{w}y")
    } else if word.ends_with("sses")
        || ["ches", "shes", "xes", "zes"]
            .iter()
            .any(|e| word.ends_with(e))
    {
        word[..word.len() - 2].to_string()
    } else if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    };
    // -ing and -ed, where a word with a vowel is left ("string" and "feed" stay).
    if let Some(w) = s
        .strip_suffix("ing")
        .filter(|w| w.len() >= 3 && has_vowel(w))
    {
        s = w.to_string();
    } else if let Some(w) = s
        .strip_suffix("ed")
        .filter(|w| w.len() >= 3 && has_vowel(w) && !w.ends_with('e'))
    {
        s = w.to_string();
    }
    // "runn" → "run"; "configure" and "configur(ed)" meet without the final e.
    let b = s.as_bytes();
    let n = b.len();
    let doubled = n >= 4 && b[n - 1] == b[n - 2] && !b"lszaeiou".contains(&b[n - 1]);
    if doubled || (n >= 4 && b[n - 1] == b'e') {
        s.pop();
    }
    s
}

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
struct PageFile<'a> {
    t: &'a str,
    /// Site-relative: the search box puts its page's way to the root in front.
    u: &'a str,
    /// `[anchor, heading, text]` per section; the first has no heading.
    s: Vec<[&'a str; 3]>,
}

/// Each page's words and where they stand: title, heading, body (with how often).
fn page_postings(site: &Site, doc: usize, facts: Option<&PageFacts>) -> BTreeMap<String, u32> {
    let mut codes: BTreeMap<String, u32> = BTreeMap::new();
    for w in words(&site.pages[doc].meta.title) {
        *codes.entry(stem(&w)).or_default() |= IN_TITLE;
    }
    // A page's tags find it like its headings do.
    for tag in &site.pages[doc].meta.tags {
        for w in words(tag) {
            *codes.entry(stem(&w)).or_default() |= IN_HEADING;
        }
    }
    if let Some(f) = facts {
        for (_, h) in &f.rendered.headings {
            for w in words(h) {
                *codes.entry(stem(&w)).or_default() |= IN_HEADING;
            }
        }
        for w in words(&f.rendered.text) {
            let code = codes.entry(stem(&w)).or_default();
            if (*code >> 3) < MAX_COUNT {
                *code += 8;
            }
            *code |= IN_BODY;
        }
    }
    codes
}

/// The file a word's entry is in: its first two letters, or more where that prefix was split.
/// A word no longer than a split prefix stays in the prefix's own file.
fn shard_key(term: &str, splits: &BTreeSet<String>) -> String {
    let chars: Vec<char> = term.chars().collect();
    let mut n = chars.len().min(2);
    loop {
        let key: String = chars[..n].iter().collect();
        if n == chars.len() || !splits.contains(&key) {
            return key;
        }
        n += 1;
    }
}

fn word_file_name(key: &str) -> String {
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!("t-{hex}")
}

fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(data).expect("the index serializes");
    format!("quireSearch({name:?},{json});\n").into_bytes()
}

/// The sections of a page's text, split where its headings start.
fn sections(facts: &PageFacts) -> Vec<[&str; 3]> {
    let r = &facts.rendered;
    let text = r.text.as_str();
    let mut out = Vec::with_capacity(r.headings.len() + 1);
    let mut starts: Vec<usize> = r.heading_text_offsets.clone();
    starts.push(text.len());
    let first = starts[0].min(text.len());
    if !text[..first].trim().is_empty() {
        out.push(["", "", text[..first].trim()]);
    }
    for (i, (_, heading)) in r.headings.iter().enumerate() {
        let (Some(&from), Some(&to)) = (starts.get(i), starts.get(i + 1)) else {
            break;
        };
        let (from, to) = (from.min(text.len()), to.min(text.len()).max(from));
        let body = text[from..to].trim();
        let body = body.strip_prefix(heading.as_str()).unwrap_or(body).trim();
        let id = r.heading_ids.get(i).map_or("", String::as_str);
        out.push([id, heading.as_str(), body]);
    }
    out
}

/// How many page (or word) files are made at once: each is staged (and dropped) before the
/// next are made, so that the index never holds every page's text twice over.
const PAGE_FILES_AT_ONCE: usize = 256;

/// Each page's words as a server's last site-wide pass found them, so that the next one splits
/// and stems only the pages rendered since: at 10,000 pages that was half of the pass.
#[derive(Default)]
pub struct Memo {
    /// Words by number; a word no page has any more keeps its number (and is left out).
    words: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
    /// By page index: what the postings were made from, and (word number, code) pairs.
    pages: Vec<Option<MemoPage>>,
}

struct MemoPage {
    page: Arc<Page>,
    rendered: Option<Arc<Rendered>>,
    postings: Box<[(u32, u32)]>,
}

impl Memo {
    pub fn shared() -> Arc<Mutex<Memo>> {
        Arc::default()
    }

    fn number(&mut self, word: String) -> u32 {
        if let Some(&n) = self.numbers.get(word.as_str()) {
            return n;
        }
        let n = self.words.len() as u32;
        let word: Box<str> = word.into();
        self.words.push(word.clone());
        self.numbers.insert(word, n);
        n
    }

    /// What `postings` makes, from the pages' remembered words where the page and what its
    /// rendering learnt are the very same as then.
    fn postings(&mut self, site: &Site, by_page: &[Option<&PageFacts>]) -> Vec<(String, Vec<u32>)> {
        self.pages.resize_with(site.pages.len(), || None);
        let fresh = |doc: usize, m: &Option<MemoPage>| {
            m.as_ref().is_some_and(|m| {
                Arc::ptr_eq(&m.page, &site.pages[doc])
                    && match (&m.rendered, by_page[doc]) {
                        (Some(a), Some(f)) => Arc::ptr_eq(a, &f.rendered),
                        (None, None) => true,
                        _ => false,
                    }
            })
        };
        let stale: Vec<usize> = (self.pages.iter().enumerate())
            .filter(|(doc, m)| !fresh(*doc, m))
            .map(|(doc, _)| doc)
            .collect();
        let made: Vec<(usize, BTreeMap<String, u32>)> = stale
            .par_iter()
            .map(|&doc| (doc, page_postings(site, doc, by_page[doc])))
            .collect();
        for (doc, codes) in made {
            let postings = codes
                .into_iter()
                .map(|(w, code)| (self.number(w), code))
                .collect();
            self.pages[doc] = Some(MemoPage {
                page: Arc::clone(&site.pages[doc]),
                rendered: by_page[doc].map(|f| Arc::clone(&f.rendered)),
                postings,
            });
        }
        // Pages in ascending order: each word's list is gap-coded as it grows.
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); self.words.len()];
        let mut last: Vec<u32> = vec![0; self.words.len()];
        for (doc, m) in self.pages.iter().enumerate() {
            for &(n, code) in m.iter().flat_map(|m| m.postings.iter()) {
                let n = n as usize;
                lists[n].extend([doc as u32 - last[n], code]);
                last[n] = doc as u32;
            }
        }
        let mut postings: Vec<(String, Vec<u32>)> = (lists.into_iter().enumerate())
            .filter(|(_, flat)| !flat.is_empty())
            .map(|(n, flat)| (self.words[n].to_string(), flat))
            .collect();
        postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        postings
    }
}

/// Where the index gets each page's words from, besides the pages' facts.
pub enum Words<'a> {
    /// Every page's text, split afresh.
    Fresh,
    /// A server's: each page's words as its last site-wide pass found them.
    Memo(&'a Mutex<Memo>),
    /// A one-off build picking up from the last one (resume.rs): that build's postings, with
    /// each of its page numbers given as this site's (`None`: gone, or rendered again), and
    /// the pages rendered now (`fresh`) split afresh.
    Patch {
        kept: &'a Kept,
        renumber: &'a [Option<usize>],
        fresh: &'a [usize],
    },
}

/// The postings an index was made from, for the next one-off build to patch instead of
/// splitting every page's text again: at 10,000 pages splitting was a third of a build after
/// one edit.
#[derive(Clone, Default, serde::Deserialize, Serialize)]
pub struct Kept(Vec<u8>);

impl Kept {
    fn of(postings: &[(String, Vec<u32>)]) -> Kept {
        Kept(codec().serialize(postings).unwrap_or_default())
    }

    fn postings(&self) -> Option<Vec<(String, Vec<u32>)>> {
        codec().deserialize(&self.0).ok()
    }
}

fn codec() -> impl bincode::Options {
    bincode::DefaultOptions::new().with_limit(1 << 32)
}

/// The index of every page and post, as the files of `theme/search/`, each handed to `stage`
/// as soon as it is made; the problems staging met, and with `keep` the postings it was made
/// from.
pub fn index_files(
    site: &Site,
    facts: &[&PageFacts],
    words: Words,
    keep: bool,
    stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> (Vec<Diagnostic>, Option<Kept>) {
    let mut by_page: Vec<Option<&PageFacts>> = vec![None; site.pages.len()];
    for &f in facts {
        by_page[f.page] = Some(f);
    }
    let postings = match words {
        Words::Memo(memo) => memo
            .lock()
            .expect("no panics while held")
            .postings(site, &by_page),
        Words::Patch {
            kept,
            renumber,
            fresh,
        } => patched(kept, renumber, fresh, site, &by_page)
            .unwrap_or_else(|| postings(site, &by_page)),
        Words::Fresh => postings(site, &by_page),
    };
    let kept = keep.then(|| Kept::of(&postings));
    (index_from(site, &by_page, postings, stage), kept)
}

/// The last build's postings (`kept`) for the pages that are as they were, renumbered, with
/// the `fresh` pages' own: what `postings` makes of every page, without splitting theirs.
fn patched(
    kept: &Kept,
    renumber: &[Option<usize>],
    fresh: &[usize],
    site: &Site,
    by_page: &[Option<&PageFacts>],
) -> Option<Vec<(String, Vec<u32>)>> {
    let old = kept.postings()?;
    let mut added: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let made: Vec<(usize, BTreeMap<String, u32>)> = fresh
        .par_iter()
        .map(|&doc| (doc, page_postings(site, doc, by_page[doc])))
        .collect();
    for (doc, codes) in made {
        for (w, code) in codes {
            added.entry(w).or_default().push(((doc as u32) << 8) | code);
        }
    }
    let mut out = Vec::with_capacity(old.len() + added.len());
    let mut added = added.into_iter().peekable();
    let mut finish = |w: String, mut ids: Vec<u32>, sort: bool| {
        if sort {
            ids.sort_unstable();
        }
        if ids.is_empty() {
            return;
        }
        out.push((w, gap_coded(ids)));
    };
    for (w, flat) in old {
        while let Some((a, ids)) = added.next_if(|(a, _)| *a < w) {
            finish(a, ids, true);
        }
        let mut ids = Vec::with_capacity(flat.len() / 2);
        let mut doc = 0usize;
        for pair in flat.chunks_exact(2) {
            doc += pair[0] as usize;
            // A page number the last build did not have: not its postings after all.
            if let Some(new) = *renumber.get(doc)? {
                ids.push(((new as u32) << 8) | pair[1]);
            }
        }
        // Pages keep their order, so the renumbered postings stay sorted; fresh ones are not.
        match added.next_if(|(a, _)| *a == w) {
            Some((_, more)) => {
                ids.extend(more);
                finish(w, ids, true);
            }
            None => finish(w, ids, false),
        }
    }
    for (a, ids) in added {
        finish(a, ids, true);
    }
    Some(out)
}

/// Sorted postings (`doc << 8 | code`) as `[gap, code, gap, code…]`.
fn gap_coded(ids: Vec<u32>) -> Vec<u32> {
    let mut last = 0;
    let mut flat = Vec::with_capacity(ids.len() * 2);
    for packed in ids {
        let (id, code) = (packed >> 8, packed & 0xff);
        flat.extend([id - last, code]);
        last = id;
    }
    flat
}

/// Every word with its pages, sorted by word: `[gap, code, gap, code…]` as in `WordFile`.
fn postings(site: &Site, by_page: &[Option<&PageFacts>]) -> Vec<(String, Vec<u32>)> {
    // Splitting and lower-casing every page's text is the costly part: threads
    // each gather postings for their share of the pages, then the maps merge. A posting is
    // its page number and code in one u32 (`doc << 8 | code`: a code is below 256, and a site
    // below 16 million pages): the
    // postings were the largest thing a 10,000-page build held at its peak, as pairs.
    let postings = by_page
        .par_iter()
        .enumerate()
        .fold(
            HashMap::new,
            |mut map: HashMap<String, Vec<u32>>, (doc, facts)| {
                for (w, code) in page_postings(site, doc, *facts) {
                    map.entry(w).or_default().push(((doc as u32) << 8) | code);
                }
                map
            },
        )
        .reduce(HashMap::new, |mut a, b| {
            for (w, ids) in b {
                a.entry(w).or_default().extend(ids);
            }
            a
        });
    let mut postings: Vec<(String, Vec<u32>)> = postings
        .into_par_iter()
        .map(|(w, mut ids)| {
            ids.sort_unstable();
            (w, gap_coded(ids))
        })
        .collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    postings
}

fn index_from(
    site: &Site,
    by_page: &[Option<&PageFacts>],
    postings: Vec<(String, Vec<u32>)>,
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
                + p.iter()
                    .map(|n| n.checked_ilog10().unwrap_or(0) as usize + 2)
                    .sum::<usize>()
        })
        .collect();
    let mut splits = BTreeSet::new();
    loop {
        // Per prefix: total size, largest word, and whether any word is longer than it.
        let mut by_key: BTreeMap<String, (usize, usize, bool)> = BTreeMap::new();
        for ((w, _), &size) in postings.iter().zip(&sizes) {
            let key = shard_key(w, &splits);
            let e = by_key.entry(key.clone()).or_default();
            e.0 += size;
            e.1 = e.1.max(size);
            e.2 |= w.chars().count() > key.chars().count();
        }
        let grow: Vec<String> = by_key
            .into_iter()
            .filter(|(_, (size, largest, longer))| {
                *size > SHARD_LIMIT && *longer && size - largest > SHARD_LIMIT
            })
            .map(|(k, _)| k)
            .collect();
        if grow.is_empty() {
            break;
        }
        splits.extend(grow);
    }

    let mut shards: BTreeMap<String, WordFile> = BTreeMap::new();
    for (w, p) in postings {
        let shard = shards
            .entry(shard_key(&w, &splits))
            .or_insert_with(|| WordFile {
                w: Vec::new(),
                p: Vec::new(),
            });
        shard.w.push(w);
        shard.p.push(p);
    }
    // The version hashes every file in this order: word files, then page files.
    let mut version = xxhash_rust::xxh3::Xxh3::new();
    let mut errors = Vec::new();
    // Made a few hundred at a time and staged in order, each shard's postings dropped once its
    // file is made: all made before any was staged, they were 11 MB of a 10,000-page peak.
    let mut sizes: Vec<(String, usize)> = Vec::with_capacity(shards.len());
    let mut shards = shards.into_iter().peekable();
    while shards.peek().is_some() {
        let chunk: Vec<(String, WordFile)> = shards.by_ref().take(PAGE_FILES_AT_ONCE).collect();
        let files: Vec<(String, OutputFile)> = chunk
            .into_par_iter()
            .map(|(key, shard)| {
                let name = word_file_name(&key);
                let file = OutputFile {
                    path: format!("{DIR}/{name}.js"),
                    bytes: script(&name, &shard),
                };
                (key, file)
            })
            .collect();
        for (key, f) in files {
            sizes.push((key, f.bytes.len()));
            version.update(f.path.as_bytes());
            version.update(&f.bytes);
            errors.extend(stage(f).err());
        }
    }
    let pages: Vec<usize> = (0..site.pages.len()).collect();
    for chunk in pages.chunks(PAGE_FILES_AT_ONCE) {
        let files: Vec<OutputFile> = chunk
            .par_iter()
            .map(|&doc| {
                let page = &site.pages[doc];
                let name = format!("d/{doc}");
                let file = PageFile {
                    t: &page.meta.title,
                    u: &page.output,
                    s: by_page[doc].map(sections).unwrap_or_default(),
                };
                OutputFile {
                    path: format!("{DIR}/{name}.js"),
                    bytes: script(&name, &file),
                }
            })
            .collect();
        for f in &files {
            version.update(f.path.as_bytes());
            version.update(&f.bytes);
        }
        errors.extend(
            files
                .into_par_iter()
                .filter_map(|f| stage(f).err())
                .collect::<Vec<_>>(),
        );
    }
    let meta = Meta {
        v: format!("{:08x}", version.digest() as u32),
        n: site.pages.len(),
        splits: &splits,
        files: sizes,
        stop: STOP_WORDS,
    };
    errors.extend(
        stage(OutputFile {
            path: META.to_string(),
            bytes: script("meta", &meta),
        })
        .err(),
    );
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_without_stop_words() {
        let w: Vec<_> = words("The AWS Lambda, and x_y: 3.6 a é-tude").collect();
        assert_eq!(w, vec!["aws", "lambda", "x_y", "tude"]);
    }

    #[test]
    fn stems_join_the_forms_of_a_word() {
        for (a, b) in [
            ("deploying", "deploy"),
            ("deployed", "deploy"),
            ("deploys", "deploy"),
            ("libraries", "library"),
            ("running", "run"),
            ("configured", "configure"),
            ("configuring", "configures"),
            ("caches", "cache"),
            ("boxes", "box"),
            ("settings", "setting"),
            ("strings", "string"),
            ("codes", "coded"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} ~ {b}");
        }
        for w in [
            "class", "status", "analysis", "css", "use", "élan", "string", "feed",
        ] {
            assert_eq!(stem(w), w, "{w} stays");
        }
    }

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
