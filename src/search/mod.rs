//! Search with no server: an inverted index of every page's title, headings
//! and text, split into small script files, and the script that queries it in
//! the browser.
//!
//! The index is scripts, not JSON, because a browser loads a `<script>` from
//! `file://` where `fetch` is refused; their data is sealed (seal.rs) so that only the site's
//! own pages can read it, and over HTTP the search box fetches them rather than running them.
//! Each file calls `quireSearch(name, nonce, sealed JSON)`:
//! - `meta.js`: the page count, the stop words and how the word list is split;
//! - `t-<hex>.js`: the words beginning with one prefix, each with its pages;
//! - `d/<n>.js`: the title, address and text by section of the pages numbered
//!   `n * PAGES_PER_FILE` and up, for the snippet shown under a result.
//!
//! A query loads the meta, one word file per query word and the page files of
//! the results it shows: a few dozen kilobytes, whatever the size of the site.

pub(crate) mod seal;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use serde::Serialize;

use crate::content::site::Site;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{OutputFile, PageFacts};
use seal::Key;

/// The browser side: the search box, and the reader's controls (menu, theme, copy buttons).
pub(crate) const SCRIPT: &str = concat!(
    include_str!("search.js"),
    include_str!("../theme/reader.js")
);

/// The folder of the index files, and the one file a query starts from.
pub(crate) const DIR: &str = "theme/search";
pub(crate) const META: &str = "theme/search/meta.js";

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

/// Pages per page file (`d/<n>.js`). A file a page made half of a cold build's files, and
/// creating a file costs more than writing its bytes; four a file took the first query on a
/// 10,000-page site past its 300 KB (each result loads its page's file: tests/suite
/// reader_browser.rs), two keep it near 270 KB.
pub(crate) const PAGES_PER_FILE: usize = 2;

/// Longer "words" are hashes, base64 and the like: nobody searches for them.
const MAX_WORD: usize = 32;

/// Where a word occurs on a page, as bits of its posting code (the rest is its count).
const IN_TITLE: u32 = 4;
const IN_HEADING: u32 = 2;
const IN_BODY: u32 = 1;
const MAX_COUNT: u32 = 31;

fn is_separator(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_')
}

/// Whether a piece of text between separators is long enough, and short enough, to be a word.
fn fits(w: &str) -> bool {
    w.len() <= MAX_WORD && w.chars().nth(1).is_some()
}

/// Buffers reused from word to word: a page has some 700 words, only 300 of them different,
/// and three new strings for each word were most of what indexing a page cost.
#[derive(Default)]
struct Scratch {
    lower: String,
    stemmed: String,
}

impl Scratch {
    /// Calls `f` with the stem of each of `text`'s words as search sees them: lower case,
    /// split at anything that is not a letter, digit or `_`, stop words left out. The browser
    /// splits queries the same way (the tests keep a plain `words` to hold this one to).
    fn each_stem(&mut self, text: &str, mut f: impl FnMut(&str)) {
        for w in text.split(is_separator).filter(|w| fits(w)) {
            if w.is_ascii() {
                self.lower.clear();
                self.lower.push_str(w);
                self.lower.make_ascii_lowercase();
            } else {
                // Unicode's rules (a final sigma) are `to_lowercase`'s.
                self.lower = w.to_lowercase();
            }
            if STOP_WORDS.contains(&self.lower.as_str()) {
                continue;
            }
            stem_into(&self.lower, &mut self.stemmed);
            f(&self.stemmed);
        }
    }
}

/// A light English stemmer, the same as search.js's `stem`, into `s` (cleared first):
/// plurals, -ing and -ed come off, so "deploying", "deployed" and "deploys" are all "deploy".
/// (Snowball would be better English, but the browser must stem queries the
/// very same way, and a few lines are easy to keep equal on both sides.)
fn stem_into(word: &str, s: &mut String) {
    s.clear();
    if word.len() <= 3 || !word.bytes().all(|c| c.is_ascii_lowercase()) {
        s.push_str(word);
        return;
    }
    let has_vowel = |s: &str| s.bytes().any(|c| b"aeiouy".contains(&c));
    // Plurals.
    if let Some(w) = word.strip_suffix("ies").filter(|w| w.len() >= 2) {
        s.push_str(w);
        s.push('y');
    } else if word.ends_with("sses")
        || ["ches", "shes", "xes", "zes"]
            .iter()
            .any(|e| word.ends_with(e))
    {
        s.push_str(&word[..word.len() - 2]);
    } else if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        s.push_str(&word[..word.len() - 1]);
    } else {
        s.push_str(word);
    };
    // -ing and -ed, where a word with a vowel is left ("string" and "feed" stay).
    let ing = (s.strip_suffix("ing"))
        .filter(|w| w.len() >= 3 && has_vowel(w))
        .map(str::len);
    let ed = || {
        (s.strip_suffix("ed"))
            .filter(|w| w.len() >= 3 && has_vowel(w) && !w.ends_with('e'))
            .map(str::len)
    };
    if let Some(len) = ing.or_else(ed) {
        s.truncate(len);
    }
    // "runn" → "run"; "configure" and "configur(ed)" meet without the final e.
    let b = s.as_bytes();
    let n = b.len();
    let doubled = n >= 4 && b[n - 1] == b[n - 2] && !b"lszaeiou".contains(&b[n - 1]);
    if doubled || (n >= 4 && b[n - 1] == b'e') {
        s.pop();
    }
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

/// A page's words (stemmed) and their posting codes, in no order.
type Codes = HashMap<String, u32>;

/// Each page's words and where they stand: title, heading, body (with how often).
fn page_postings(site: &Site, doc: usize, rendered: Option<&Rendered>) -> Codes {
    // A hidden page is not found: no word leads to it.
    if !site.is_findable(doc) {
        return Codes::new();
    }
    let mut codes = Codes::with_capacity(512);
    let mut scratch = Scratch::default();
    let mut mark = |text: &str, bits: u32, count: bool| {
        let add = |code: &mut u32| {
            if count && (*code >> 3) < MAX_COUNT {
                *code += 8;
            }
            *code |= bits;
        };
        scratch.each_stem(text, |w| match codes.get_mut(w) {
            Some(code) => add(code),
            None => {
                let mut code = 0;
                add(&mut code);
                codes.insert(w.to_string(), code);
            }
        })
    };
    mark(&site.pages[doc].meta.title, IN_TITLE, false);
    // A page's tags find it like its headings do.
    for tag in &site.pages[doc].meta.tags {
        mark(tag, IN_HEADING, false);
    }
    if let Some(r) = rendered {
        for h in r.headings.iter() {
            mark(h, IN_HEADING, false);
        }
        mark(&r.text, IN_BODY, true);
    }
    codes
}

/// `page_postings` in the words' order, so that a server numbers new words the same way on
/// every run.
fn page_postings_sorted(
    site: &Site,
    doc: usize,
    rendered: Option<&Rendered>,
) -> Vec<(String, u32)> {
    let mut codes: Vec<_> = page_postings(site, doc, rendered).into_iter().collect();
    codes.sort_unstable();
    codes
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

/// Each page's words as a server's last site-wide pass found them, so that the next one splits
/// and stems only the pages rendered since: at 10,000 pages that was half of the pass.
#[derive(Default)]
pub(crate) struct Memo {
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
    pub(crate) fn shared() -> Arc<Mutex<Memo>> {
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
    fn postings(&mut self, site: &Site, by_page: &[Option<&PageFacts>]) -> Postings {
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
        let made: Vec<(usize, Vec<(String, u32)>)> = stale
            .par_iter()
            .map(|&doc| {
                let rendered = by_page[doc].map(|f| &*f.rendered);
                (doc, page_postings_sorted(site, doc, rendered))
            })
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
        // Pages in ascending order: each word's list is sorted as it grows.
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); self.words.len()];
        for (doc, m) in self.pages.iter().enumerate() {
            for &(n, code) in m.iter().flat_map(|m| m.postings.iter()) {
                lists[n as usize].push(posting(doc, code));
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

/// The index of every page and post, as the files of `theme/search/`, each handed to `stage`
/// as soon as it is made; the problems staging met. A server passes its `memo`; a one-off
/// build what it `gather`ed while its pages rendered.
pub(crate) fn index_files(
    key: &Key,
    site: &Site,
    facts: &[&PageFacts],
    memo: Option<&Mutex<Memo>>,
    (gather, keep): (Option<Gather>, bool),
    stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> (Vec<Diagnostic>, Option<Kept>) {
    let mut by_page: Vec<Option<&PageFacts>> = vec![None; site.pages.len()];
    for &f in facts {
        by_page[f.page] = Some(f);
    }
    let mut errors = Vec::new();
    let mut kept = None;
    let (postings, digests) = match (gather, memo) {
        (Some(gather), _) => {
            let inner = gather.inner.into_inner().expect("no panics while held");
            let (postings, digests, k) =
                inner.finish(key, site, &by_page, stage, keep, &mut errors);
            kept = k;
            (postings, Some(digests))
        }
        (None, Some(memo)) => {
            let mut memo = memo.lock().expect("no panics while held");
            (memo.postings(site, &by_page), None)
        }
        (None, None) => (postings(site, &by_page), None),
    };
    errors.extend(index_from(key, site, &by_page, postings, digests, stage));
    (errors, kept)
}

/// Every word with its pages, sorted by word; a page as one u32, `doc << 8 | code` (a code is
/// below 256, and a site below 16 million pages), ascending. As (page, code) pairs, or flat
/// `[gap, code…]` lists, the postings were the largest thing a 10,000-page build held at its peak.
type Postings = Vec<(String, Vec<u32>)>;

fn posting(doc: usize, code: u32) -> u32 {
    ((doc as u32) << 8) | code
}

/// A word's pages as its word file lists them: `[gap, code, gap, code…]` (see `WordFile`).
fn gaps(packed: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut last = 0;
    packed.iter().flat_map(move |&p| {
        let (doc, code) = (p >> 8, p & 0xff);
        let gap = doc - last;
        last = doc;
        [gap, code]
    })
}

fn postings(site: &Site, by_page: &[Option<&PageFacts>]) -> Postings {
    // Splitting and lower-casing every page's text is the costly part: threads
    // each gather postings for their share of the pages, then the maps merge.
    let postings = by_page
        .par_iter()
        .enumerate()
        .fold(
            HashMap::new,
            |mut map: HashMap<String, Vec<u32>>, (doc, facts)| {
                for (w, code) in page_postings(site, doc, facts.map(|f| &*f.rendered)) {
                    map.entry(w).or_default().push(posting(doc, code));
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
    sorted(postings.into_iter().collect())
}

fn sorted(mut postings: Postings) -> Postings {
    postings.par_iter_mut().for_each(|(_, ids)| {
        ids.sort_unstable();
        ids.shrink_to_fit();
    });
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    postings
}

/// Where the page file numbered `file` is (it holds the pages `pages_of(file, …)`).
pub(crate) fn page_file_path(file: usize) -> String {
    format!("{DIR}/d/{file}.js")
}

/// The page files of a site of `pages` pages.
fn page_files(pages: usize) -> usize {
    pages.div_ceil(PAGES_PER_FILE)
}

/// The pages in page file `file` of a site of `pages` pages.
pub(crate) fn pages_of(file: usize, pages: usize) -> std::ops::Range<usize> {
    file * PAGES_PER_FILE..((file + 1) * PAGES_PER_FILE).min(pages)
}

/// One page's entry in its page file: its title, address and text by section, as JSON.
fn page_entry(site: &Site, doc: usize, rendered: Option<&Rendered>) -> String {
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
fn page_file<S: AsRef<str>>(key: &Key, file: usize, entries: &[S]) -> OutputFile {
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
fn digest(f: &OutputFile) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&f.bytes)
}

/// A one-off build's index, gathered while its pages render: each page's words go into the
/// postings and its page file is staged at once, so that no page's text is kept to the end of
/// the build (at 10,000 pages the texts were a quarter of its peak). Builds that keep their
/// state use `Memo` instead, which needs the texts again after an edit.
pub(crate) struct Gather {
    inner: Mutex<Gathered>,
    /// What the page files are sealed with (seal.rs).
    key: Key,
    /// Whether every page's summary is needed after (llms.txt); else only posts' (the feed).
    summaries: bool,
}

#[derive(Default)]
struct Gathered {
    numbers: HashMap<Box<str>, u32>,
    /// By page: its words' numbers, ascending, and codes, as varint gaps and code bytes (about
    /// 2.5 bytes a word; a growing list of u32 per word was 5 with its spare room).
    pages: Vec<Option<Box<[u8]>>>,
    /// By page file: its hash, once staged.
    digests: Vec<Option<u64>>,
    /// The entries of the page files some of whose pages are still rendering, by file.
    waiting: HashMap<usize, Vec<Option<String>>>,
}

/// What a one-off build's index was gathered from, kept for the next build to pick up from
/// (resume.rs): the words by number, by page its words, and by page file its hash.
#[derive(Clone, Default, Serialize, serde::Deserialize)]
pub struct Kept {
    words: Vec<Box<str>>,
    pages: Vec<Option<Box<[u8]>>>,
    digests: Vec<Option<u64>>,
}

impl Gather {
    /// `new`, holding already what `kept` has of the pages `from` names: for each page, the
    /// number it had in the build that kept it, when its words are as they were then; and the
    /// page files all of whose pages are as they were, at the same numbers.
    pub(crate) fn seeded(key: Key, summaries: bool, kept: &Kept, from: &[Option<usize>]) -> Gather {
        let pages = from.len();
        let mut g = Gathered {
            numbers: (kept.words.iter().enumerate())
                .map(|(n, w)| (w.clone(), n as u32))
                .collect(),
            pages: vec![None; pages],
            digests: vec![None; page_files(pages)],
            waiting: HashMap::new(),
        };
        for (doc, old) in from.iter().enumerate() {
            if let Some(old) = *old {
                g.pages[doc] = kept.pages.get(old).cloned().flatten();
            }
        }
        for (file, digest) in g.digests.iter_mut().enumerate() {
            let docs = pages_of(file, pages);
            if docs == pages_of(file, kept.pages.len()) && docs.clone().all(|d| from[d] == Some(d))
            {
                *digest = kept.digests.get(file).copied().flatten();
            }
        }
        Gather {
            inner: Mutex::new(g),
            key,
            summaries,
        }
    }

    /// The page files that stay as the build that kept them wrote them.
    pub(crate) fn kept_files(&self) -> Vec<String> {
        let g = self.inner.lock().expect("no panics while held");
        (g.digests.iter().enumerate())
            .filter(|(_, d)| d.is_some())
            .map(|(file, _)| page_file_path(file))
            .collect()
    }

    pub(crate) fn new(key: Key, pages: usize, summaries: bool) -> Gather {
        Gather {
            key,
            inner: Mutex::new(Gathered {
                pages: vec![None; pages],
                digests: vec![None; page_files(pages)],
                ..Gathered::default()
            }),
            summaries,
        }
    }

    /// Takes a rendered page's share of the index (its words, and its entry in its page file,
    /// handed to `stage` with the file's last), and gives back its facts without what only
    /// search and its template needed.
    pub(crate) fn take(
        &self,
        site: &Site,
        facts: PageFacts,
        stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    ) -> Result<PageFacts, Diagnostic> {
        let doc = facts.page;
        let codes = page_postings(site, doc, Some(&facts.rendered));
        self.put_entry(site, doc, &facts.rendered, Some(codes), stage)?;
        let mut rendered = Arc::unwrap_or_clone(facts.rendered);
        rendered.text = String::new();
        rendered.heading_text_offsets = Vec::new();
        rendered.toc = Vec::new();
        if !(self.summaries || site.pages[doc].is_post) {
            rendered.summary = String::new();
        }
        Ok(PageFacts {
            page: doc,
            rendered: Arc::new(rendered),
        })
    }

    /// Makes again the entry of a page not rendered, kept from the last build, whose page file
    /// holds a page that was (`Plan::search_mates`); its words are as they were.
    pub(crate) fn entry_again(
        &self,
        site: &Site,
        doc: usize,
        rendered: &Rendered,
        stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    ) -> Result<(), Diagnostic> {
        self.put_entry(site, doc, rendered, None, stage)
    }

    /// Puts a page's entry (and its words, when given) in; stages its page file when that
    /// was the file's last page.
    fn put_entry(
        &self,
        site: &Site,
        doc: usize,
        rendered: &Rendered,
        codes: Option<Codes>,
        stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    ) -> Result<(), Diagnostic> {
        let entry = page_entry(site, doc, Some(rendered));
        let complete = {
            let mut g = self.inner.lock().expect("no panics while held");
            if let Some(codes) = codes {
                g.add(doc, codes);
            }
            g.put(&self.key, site.pages.len(), doc, entry)
        };
        match complete {
            Some(file) => stage(file),
            None => Ok(()),
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A page's (word number, code) pairs, as `Gathered::add` wrote them.
fn page_words(bytes: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut at = 0;
    let mut last = 0;
    std::iter::from_fn(move || {
        if at == bytes.len() {
            return None;
        }
        let mut gap = 0u32;
        let mut shift = 0;
        loop {
            let b = bytes[at];
            at += 1;
            gap |= u32::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        let code = u32::from(bytes[at]);
        at += 1;
        last += gap;
        Some((last, code))
    })
}

impl Gathered {
    /// Puts a page's entry in its page file's; the file, once every page in it is in (its hash
    /// noted).
    fn put(&mut self, key: &Key, pages: usize, doc: usize, entry: String) -> Option<OutputFile> {
        let file = doc / PAGES_PER_FILE;
        let docs = pages_of(file, pages);
        let entries = self
            .waiting
            .entry(file)
            .or_insert_with(|| vec![None; docs.len()]);
        entries[doc - docs.start] = Some(entry);
        if entries.iter().any(Option::is_none) {
            return None;
        }
        let entries = self.waiting.remove(&file).expect("just seen");
        let made = page_file(
            key,
            file,
            &entries.into_iter().flatten().collect::<Vec<_>>(),
        );
        self.digests[file] = Some(digest(&made));
        Some(made)
    }

    fn add(&mut self, doc: usize, codes: Codes) {
        let mut numbered: Vec<(u32, u32)> = codes
            .into_iter()
            .map(|(w, code)| {
                let n = match self.numbers.get(w.as_str()) {
                    Some(&n) => n,
                    None => {
                        let n = self.numbers.len() as u32;
                        self.numbers.insert(w.into_boxed_str(), n);
                        n
                    }
                };
                (n, code)
            })
            .collect();
        numbered.sort_unstable();
        let mut bytes = Vec::with_capacity(numbered.len() * 3);
        let mut last = 0;
        for (n, code) in numbered {
            put_varint(&mut bytes, n - last);
            bytes.push(code as u8);
            last = n;
        }
        self.pages[doc] = Some(bytes.into_boxed_slice());
    }

    /// The postings, and each page file's hash, taking in the pages that were not gathered
    /// (the files they are in are staged here); with `keep`, what was gathered, for the next
    /// build.
    fn finish(
        mut self,
        key: &Key,
        site: &Site,
        by_page: &[Option<&PageFacts>],
        stage: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
        keep: bool,
        errors: &mut Vec<Diagnostic>,
    ) -> (Postings, Vec<u64>, Option<Kept>) {
        let pages = by_page.len();
        for (doc, facts) in by_page.iter().enumerate() {
            if self.pages[doc].is_none() {
                self.add(doc, page_postings(site, doc, facts.map(|f| &*f.rendered)));
            }
        }
        let mut digests = Vec::with_capacity(self.digests.len());
        for file in 0..self.digests.len() {
            if let Some(hash) = self.digests[file] {
                digests.push(hash);
                continue;
            }
            // Pages not rendered with the rest (or kept from the last build, which a resumed
            // build renders with the pages they share a file with: see `PAGES_PER_FILE`).
            let mut waiting = self.waiting.remove(&file).unwrap_or_default();
            let entries: Vec<String> = pages_of(file, pages)
                .enumerate()
                .map(|(k, doc)| {
                    waiting
                        .get_mut(k)
                        .and_then(Option::take)
                        .unwrap_or_else(|| {
                            page_entry(site, doc, by_page[doc].map(|f| &*f.rendered))
                        })
                })
                .collect();
            let made = page_file(key, file, &entries);
            digests.push(digest(&made));
            errors.extend(stage(made).err());
        }
        let kept = keep.then(|| {
            let mut words: Vec<Box<str>> = vec![Box::from(""); self.numbers.len()];
            for (w, &n) in &self.numbers {
                words[n as usize] = w.clone();
            }
            Kept {
                words,
                pages: self.pages.clone(),
                digests: digests.iter().copied().map(Some).collect(),
            }
        });
        // Each word's list made at its size, filled in page order (so sorted), each page's
        // words let go as they are read.
        let mut counts = vec![0usize; self.numbers.len()];
        for page in self.pages.iter().flatten() {
            for (n, _) in page_words(page) {
                counts[n as usize] += 1;
            }
        }
        let mut lists: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
        for (doc, page) in self.pages.iter_mut().enumerate() {
            if let Some(page) = page.take() {
                for (n, code) in page_words(&page) {
                    lists[n as usize].push(posting(doc, code));
                }
            }
        }
        // A word the last build numbered may be on no page any more (see `Gather::seeded`).
        let mut postings: Postings = (self.numbers.into_iter())
            .map(|(w, n)| (String::from(w), std::mem::take(&mut lists[n as usize])))
            .filter(|(_, list)| !list.is_empty())
            .collect();
        postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (postings, digests, kept)
    }
}

/// The word files and meta.js, and the page files unless their `digests` say they were made.
fn index_from(
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

    /// The words of a text as search sees them, plainly: what `Scratch::each_stem` must keep to.
    fn words(text: &str) -> impl Iterator<Item = String> + '_ {
        text.split(is_separator)
            .filter(|w| fits(w))
            .map(str::to_lowercase)
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
    }

    fn stem(word: &str) -> String {
        let mut s = String::new();
        stem_into(word, &mut s);
        s
    }

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
    fn the_index_stems_the_words_search_sees() {
        let text = "The Deploying of AWS Lambdas, x_y: 3.6 a é-tude ΟΔΟΣ Straße \
                    ČESKÉ configured runners' libraries «quoted» ab_CD_ef a1 Ωmega";
        let mut seen = Vec::new();
        Scratch::default().each_stem(text, |w| seen.push(w.to_string()));
        let want: Vec<String> = words(text).map(|w| stem(&w)).collect();
        assert_eq!(seen, want);
        assert!(seen.contains(&"deploy".to_string()) && seen.contains(&"οδος".to_string()));
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
