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
//!
//! A build makes the index in one way, whatever kind of build it is: each page's share (its
//! words, postings.rs) is taken as the page renders, and its page file made once all its pages
//! are in; the site-wide pass then makes the word files and meta.js from the shares
//! (files.rs). The shares are what a build leaves for the next, in memory (`quire serve`) or in
//! the resume record (resume.rs): a later build takes only the pages it renders, and keeps the
//! page files none of whose pages it renders as they were written.

mod files;
mod postings;
pub(crate) mod seal;
mod words;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::content::chunked::Chunked;
use crate::content::site::Site;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{OutputFile, PageFacts};
use files::{digest, page_entry, page_file, page_file_path, page_files, pages_of};
use postings::{page_postings, Words};
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
/// creating a file costs more than writing its bytes; but each result loads its page's file,
/// and the first query on a large site must stay within the bytes
/// tests/suite/reader_browser.rs allows it: four a file went past them, two keep within.
const PAGES_PER_FILE: usize = 2;

/// How the index's files are handed on: to the output folder, or to a test.
pub(crate) type Stage<'s> = &'s (dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync);

/// The pages not in `rendering` (page numbers, ascending) that share a page file with one in
/// it, of a site of `pages` pages: a build that lets go of page texts makes their entries again
/// (`Gather::entry_again`) to make that file.
pub(crate) fn mates(rendering: &[usize], pages: usize) -> Vec<usize> {
    let mut files: Vec<usize> = rendering.iter().map(|&i| i / PAGES_PER_FILE).collect();
    files.dedup();
    (files.into_iter())
        .flat_map(|f| pages_of(f, pages))
        .filter(|i| rendering.binary_search(i).is_err())
        .collect()
}

/// What a build keeps of what the index is made from.
#[derive(Clone, Copy)]
pub(crate) struct Keeping {
    /// The pages' texts, in the facts `take` gives back (builds that follow one another keep
    /// them to compare): then the page files are made in the site-wide pass, from them. Without,
    /// each page file is made as soon as all its pages are in, so that no text is kept to the
    /// end of the build, where every page's text would add to its peak.
    pub(crate) texts: bool,
    /// Every page's summary, when the texts go (llms.txt needs them); else only posts' (the feed).
    pub(crate) summaries: bool,
    /// The shares, for the next build.
    pub(crate) shares: bool,
}

/// The index as its pages' shares: what a build leaves for the next to start from.
#[derive(Clone)]
pub(crate) struct Shares {
    /// Shared with the builds before and after: a build only adds words to it, so one that fails
    /// leaves nothing wrong in it.
    words: Arc<Mutex<Words>>,
    /// By page number: its words and their codes (postings.rs); none for a page not yet taken.
    pages: Chunked<Option<Arc<[u8]>>>,
    /// By page file: the digest of its bytes as staged; none for a file still to be made (its
    /// pages were taken by a build whose site-wide pass follows later).
    digests: Vec<Option<u64>>,
    /// What the page files were sealed with.
    key: Key,
}

/// The shares as the resume record holds them: words by number.
#[derive(Serialize)]
struct SharesOut<'a> {
    key: Key,
    words: Vec<&'a str>,
    pages: Vec<Option<&'a [u8]>>,
    digests: &'a [Option<u64>],
}

#[derive(Deserialize)]
struct SharesIn {
    key: Key,
    words: Vec<Box<str>>,
    pages: Vec<Option<Box<[u8]>>>,
    digests: Vec<Option<u64>>,
}

impl Serialize for Shares {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let words = self.words.lock().expect("no panics while held");
        SharesOut {
            key: self.key,
            words: words.by_number(),
            pages: self.pages.iter().map(Option::as_deref).collect(),
            digests: &self.digests,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Shares {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Shares, D::Error> {
        let s = SharesIn::deserialize(deserializer)?;
        Ok(Shares {
            words: Arc::new(Mutex::new(Words::from_list(s.words))),
            pages: (s.pages.into_iter()).map(|p| p.map(Arc::from)).collect(),
            digests: s.digests,
            key: s.key,
        })
    }
}

/// A build's shares while its pages render.
pub(crate) struct Gather {
    words: Arc<Mutex<Words>>,
    inner: Mutex<Filling>,
    /// What the page files are sealed with (seal.rs).
    key: Key,
    keeping: Keeping,
}

/// What a `Gather` fills, under one lock.
struct Filling {
    pages: Chunked<Option<Arc<[u8]>>>,
    files: Vec<PageFile>,
    /// The entries of the page files some of whose pages are still rendering, by file.
    waiting: HashMap<usize, Vec<Option<String>>>,
}

/// A page file, as this build has it.
#[derive(Clone, Copy)]
enum PageFile {
    /// As the last build wrote it, none of its pages rendered since: the digest of its bytes.
    Kept(u64),
    /// Staged by this build.
    Made(u64),
    /// To be made.
    Due,
}

impl Gather {
    /// The shares of a build that starts from nothing.
    pub(crate) fn new(key: Key, pages: usize, keeping: Keeping) -> Gather {
        Gather {
            words: Arc::default(),
            inner: Mutex::new(Filling {
                pages: (0..pages).map(|_| None).collect(),
                files: vec![PageFile::Due; page_files(pages)],
                waiting: HashMap::new(),
            }),
            key,
            keeping,
        }
    }

    /// The shares of a build that starts from the `last` build's: `from` gives, by page, its
    /// number in that build when it is not rendered in this one and its words are as they were.
    /// A page file stays as written when all its pages do, at the same numbers, and under the
    /// same key.
    pub(crate) fn after(
        last: &Shares,
        from: &[Option<usize>],
        key: Key,
        keeping: Keeping,
    ) -> Gather {
        let pages = from.len();
        if from.iter().all(Option::is_none) {
            // Every page renders: the last build's words, some of them on no page any more, go.
            return Gather::new(key, pages, keeping);
        }
        let same_numbers = last.pages.len() == pages;
        // A copy of the last build's list shares it, but for the chunks of the pages set here.
        let mut shares = match same_numbers {
            true => last.pages.clone(),
            false => (0..pages).map(|_| None).collect(),
        };
        for (doc, &old) in from.iter().enumerate() {
            if !(same_numbers && old == Some(doc)) {
                shares.set(doc, old.and_then(|o| last.pages.get(o)?.clone()));
            }
        }
        let files = (0..page_files(pages))
            .map(|file| {
                let docs = pages_of(file, pages);
                let kept = last.key == key
                    && docs == pages_of(file, last.pages.len())
                    && docs.clone().all(|d| from[d] == Some(d));
                match last.digests.get(file).copied().flatten() {
                    Some(digest) if kept => PageFile::Kept(digest),
                    _ => PageFile::Due,
                }
            })
            .collect();
        Gather {
            words: Arc::clone(&last.words),
            inner: Mutex::new(Filling {
                pages: shares,
                files,
                waiting: HashMap::new(),
            }),
            key,
            keeping,
        }
    }

    /// Takes a rendered page's share of the index (and, when texts go, its entry in its page
    /// file, handed to `stage` with the file's last), and gives back its facts without what only
    /// search and its template needed.
    pub(crate) fn take(
        &self,
        site: &Site,
        facts: PageFacts,
        stage: Stage,
    ) -> Result<PageFacts, Diagnostic> {
        let doc = facts.page;
        let codes = page_postings(site, doc, Some(&facts.rendered));
        let share = self
            .words
            .lock()
            .expect("no panics while held")
            .share(codes);
        if self.keeping.texts {
            // Its page file is made in the site-wide pass, from the texts.
            self.put(site, doc, Some(share), None, stage)?;
            return Ok(facts);
        }
        let entry = page_entry(site, doc, Some(&facts.rendered));
        self.put(site, doc, Some(share), Some(entry), stage)?;
        let mut rendered = Arc::unwrap_or_clone(facts.rendered);
        rendered.text = String::new();
        rendered.code = Default::default();
        rendered.heading_text_offsets = Vec::new();
        rendered.toc = Vec::new();
        if !(self.keeping.summaries || site.pages[doc].is_post) {
            rendered.summary = String::new();
        }
        Ok(PageFacts {
            page: doc,
            rendered: Arc::new(rendered),
        })
    }

    /// Makes again the entry of a page not rendered whose page file holds a page that was
    /// (`mates`); its share is as it was.
    pub(crate) fn entry_again(
        &self,
        site: &Site,
        doc: usize,
        rendered: &Rendered,
        stage: Stage,
    ) -> Result<(), Diagnostic> {
        let entry = page_entry(site, doc, Some(rendered));
        self.put(site, doc, None, Some(entry), stage)
    }

    /// Puts a page's share and its entry in, when given: its page file is due, and staged here
    /// when that entry was the file's last.
    fn put(
        &self,
        site: &Site,
        doc: usize,
        share: Option<Arc<[u8]>>,
        entry: Option<String>,
        stage: Stage,
    ) -> Result<(), Diagnostic> {
        let made = {
            let mut f = self.inner.lock().expect("no panics while held");
            if let Some(share) = share {
                f.pages.set(doc, Some(share));
            }
            let file = doc / PAGES_PER_FILE;
            f.files[file] = PageFile::Due;
            entry.and_then(|entry| f.wait(&self.key, site.pages.len(), doc, entry))
        };
        match made {
            Some(file) => stage(file),
            None => Ok(()),
        }
    }

    /// The shares as they are, for a build whose site-wide pass follows later (the page files
    /// this one did not make are due); none when they are not kept.
    pub(crate) fn into_shares(self) -> Option<Shares> {
        let f = self.inner.into_inner().expect("no panics while held");
        self.keeping.shares.then(|| Shares {
            words: self.words,
            pages: f.pages,
            digests: f.files.iter().map(PageFile::digest).collect(),
            key: self.key,
        })
    }

    /// The site-wide pass: makes the page files still due (from the pages' `facts`, which hold
    /// their texts then), the word files and meta.js, each handed to `stage` as soon as it is
    /// made.
    pub(crate) fn index_files(self, site: &Site, facts: &[&PageFacts], stage: Stage) -> Index {
        let mut by_page: Vec<Option<&PageFacts>> = vec![None; site.pages.len()];
        for &f in facts {
            by_page[f.page] = Some(f);
        }
        let rendered = |doc: usize| by_page[doc].map(|f| &*f.rendered);
        let Filling {
            mut pages,
            mut files,
            ..
        } = self.inner.into_inner().expect("no panics while held");
        let mut words = self.words.lock().expect("no panics while held");
        // A page not taken (a server's whose facts are kept from before a change of numbers).
        for doc in 0..pages.len() {
            if pages[doc].is_none() {
                pages.set(
                    doc,
                    Some(words.share(page_postings(site, doc, rendered(doc)))),
                );
            }
        }
        // Made from the facts: a build that lets go of texts has made every file by now (each
        // file's pages rendered, or made again as `mates`), but for one that failed.
        let due: Vec<usize> = (0..files.len())
            .filter(|&file| matches!(files[file], PageFile::Due))
            .collect();
        let entry = |doc: usize| page_entry(site, doc, rendered(doc));
        let (digests, mut errors) =
            files::make_page_files(&self.key, site.pages.len(), &due, &entry, stage);
        for (file, digest) in due.into_iter().zip(digests) {
            files[file] = PageFile::Made(digest);
        }
        let kept_files = (files.iter().enumerate())
            .filter(|(_, f)| matches!(f, PageFile::Kept(_)))
            .map(|(file, _)| page_file_path(file))
            .collect();
        let digests: Vec<u64> = files.iter().filter_map(PageFile::digest).collect();
        let shares = self.keeping.shares.then(|| Shares {
            words: Arc::clone(&self.words),
            pages: pages.clone(),
            digests: digests.iter().copied().map(Some).collect(),
            key: self.key,
        });
        let postings = postings::postings(&words, &mut pages, !self.keeping.shares);
        errors.extend(files::word_files_and_meta(
            &self.key,
            site.pages.len(),
            postings,
            &digests,
            stage,
        ));
        Index {
            errors,
            kept_files,
            shares,
        }
    }
}

impl PageFile {
    fn digest(&self) -> Option<u64> {
        match *self {
            PageFile::Kept(d) | PageFile::Made(d) => Some(d),
            PageFile::Due => None,
        }
    }
}

impl Filling {
    /// Puts a page's entry in its page file's; the file, once every page in it is in (its digest
    /// noted).
    fn wait(&mut self, key: &Key, pages: usize, doc: usize, entry: String) -> Option<OutputFile> {
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
        self.files[file] = PageFile::Made(digest(&made));
        Some(made)
    }
}

/// What the site-wide pass did.
pub(crate) struct Index {
    /// The problems staging met.
    pub(crate) errors: Vec<Diagnostic>,
    /// The page files that stay as the last build wrote them.
    pub(crate) kept_files: Vec<String>,
    /// What the next build starts from, when kept.
    pub(crate) shares: Option<Shares>,
}
