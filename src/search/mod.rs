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

mod files;
mod postings;
pub(crate) mod seal;
mod words;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::content::site::Site;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{OutputFile, PageFacts};
pub(crate) use files::pages_of;
use files::{digest, index_from, page_entry, page_file, page_file_path, page_files};
use postings::{
    page_postings, page_postings_sorted, page_words, posting, postings, put_varint, Codes, Postings,
};
use seal::Key;

/// The browser side: the search box, and the reader's controls (menu, theme, copy buttons).
pub(crate) const SCRIPT: &str = concat!(
    include_str!("search.js"),
    include_str!("../theme/reader.js")
);

/// The folder of the index files, and the one file a query starts from.
pub(crate) const DIR: &str = "theme/search";
pub(crate) const META: &str = "theme/search/meta.js";

/// Pages per page file (`d/<n>.js`). A file a page made half of a cold build's files, and
/// creating a file costs more than writing its bytes; four a file took the first query on a
/// 10,000-page site past its 300 KB (each result loads its page's file: tests/suite
/// reader_browser.rs), two keep it near 270 KB.
pub(crate) const PAGES_PER_FILE: usize = 2;

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
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
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
