//! Postings: each page's words with where they stand on it (its share of the index, kept from
//! build to build), and every word with its pages (made from the shares for the word files).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::words::Scratch;
use crate::content::chunked::Chunked;
use crate::content::site::Site;
use crate::markdown::Rendered;

/// Where a word occurs on a page, as bits of its posting code (the rest is its count).
const IN_TITLE: u32 = 4;
const IN_HEADING: u32 = 2;
const IN_BODY: u32 = 1;
const MAX_COUNT: u32 = 31;

/// A page's words (stemmed) and their posting codes, in no order.
pub(super) type Codes = HashMap<String, u32>;

/// Each page's words and where they stand: title, heading, body (with how often).
pub(super) fn page_postings(site: &Site, doc: usize, rendered: Option<&Rendered>) -> Codes {
    // A hidden page is not found: no word leads to it.
    if !site.is_searchable(doc) {
        return Codes::new();
    }
    let mut codes = Codes::with_capacity(512);
    let mut scratch = Scratch::default();
    let mut mark = |text: &str, bits: u32, count: bool| {
        let add = |code: &mut u32, whole: bool| {
            if count && whole && (*code >> 3) < MAX_COUNT {
                *code += 8;
            }
            *code |= bits;
        };
        // Only a word counts: an identifier's parts and code mark where a word is, so that a
        // page's listings do not outweigh what its prose says.
        scratch.each_stem(text, |w, whole| match codes.get_mut(w) {
            Some(code) => add(code, whole),
            None => {
                let mut code = 0;
                add(&mut code, whole);
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
        let excluded = |heading: usize| r.search_excluded.contains(&heading);
        for (_, h) in r.headings.iter().enumerate().filter(|(i, _)| !excluded(*i)) {
            mark(h, IN_HEADING, false);
        }
        for text in kept_text(r) {
            mark(text, IN_BODY, true);
        }
        // Code finds a page as its prose does (`make_server` is a word on it), uncounted.
        for (section, code) in r.code.sections() {
            if section == 0 || !excluded(section - 1) {
                mark(code, IN_BODY, false);
            }
        }
    }
    codes
}

/// The page's text but the sections whose headings are marked `{ data-search-exclude }`
/// (each from its heading to the next).
fn kept_text(r: &Rendered) -> Vec<&str> {
    let text = r.text.as_str();
    let at = |heading: usize| {
        let offset = r.heading_text_offsets.get(heading).copied();
        offset.unwrap_or(text.len()).min(text.len())
    };
    let mut kept = Vec::with_capacity(r.search_excluded.len() + 1);
    let mut from = 0;
    for &heading in &r.search_excluded {
        kept.extend(text.get(from..at(heading)));
        from = from.max(at(heading + 1));
    }
    kept.extend(text.get(from..));
    kept
}

/// Every word the index has met, by number: a page's share names its words by these. A number
/// is never taken back, so that the shares of pages not rendered again stay right; a word no
/// page has any more has no pages and is left out of the word files.
#[derive(Default)]
pub(super) struct Words {
    numbers: HashMap<Box<str>, u32>,
}

impl Words {
    /// The words a record listed by number.
    pub(super) fn from_list(words: Vec<Box<str>>) -> Words {
        let numbers = (words.into_iter().enumerate())
            .map(|(n, w)| (w, n as u32))
            .collect();
        Words { numbers }
    }

    /// Every word, by number (numbers are handed out in order, so none is missing).
    pub(super) fn by_number(&self) -> Vec<&str> {
        let mut words = vec![""; self.numbers.len()];
        for (w, &n) in &self.numbers {
            words[n as usize] = w;
        }
        words
    }

    /// A page's share: its words' numbers, ascending, each as the gap from the last in varint
    /// bytes followed by its code's byte: as few bytes as each gap needs and no spare room, where
    /// a growing list of u32 had both.
    pub(super) fn share(&mut self, codes: Codes) -> Arc<[u8]> {
        let mut numbered: Vec<(u32, u32)> = (codes.into_iter())
            .map(|(w, code)| (self.number(w), code))
            .collect();
        numbered.sort_unstable();
        let mut bytes = Vec::with_capacity(numbered.len() * 3);
        let mut last = 0;
        for (n, code) in numbered {
            put_varint(&mut bytes, n - last);
            // A code is below 256: five bits of count, three of where.
            bytes.push(code as u8);
            last = n;
        }
        bytes.into()
    }

    fn number(&mut self, word: String) -> u32 {
        if let Some(&n) = self.numbers.get(word.as_str()) {
            return n;
        }
        let n = self.numbers.len() as u32;
        self.numbers.insert(word.into_boxed_str(), n);
        n
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A page's (word number, code) pairs, as `Words::share` wrote them.
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

/// Every word with its pages, sorted by word; a page as one u32, `doc << 8 | code` (a code is
/// below 256, and a site below 16 million pages), ascending. As (page, code) pairs, or flat
/// `[gap, code…]` lists, the postings were the largest thing a build held at its peak.
pub(super) type Postings<'w> = Vec<(&'w str, Vec<u32>)>;

fn posting(doc: usize, code: u32) -> u32 {
    ((doc as u32) << 8) | code
}

/// A word's pages as its word file lists them: `[gap, code, gap, code…]` (see `WordFile`).
pub(super) fn gaps(packed: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut last = 0;
    packed.iter().flat_map(move |&p| {
        let (doc, code) = (p >> 8, p & 0xff);
        let gap = doc - last;
        last = doc;
        [gap, code]
    })
}

/// The postings of the pages' `shares` (by page number): each word's list made at its size and
/// filled in page order, so sorted. With `drain`, each page's share is let go once read.
pub(super) fn postings<'w>(
    words: &'w Words,
    shares: &mut Chunked<Option<Arc<[u8]>>>,
    drain: bool,
) -> Postings<'w> {
    let mut counts = vec![0usize; words.numbers.len()];
    for share in shares.iter().flatten() {
        for (n, _) in page_words(share) {
            counts[n as usize] += 1;
        }
    }
    let mut lists: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
    for doc in 0..shares.len() {
        if let Some(share) = &shares[doc] {
            for (n, code) in page_words(share) {
                lists[n as usize].push(posting(doc, code));
            }
            if drain {
                shares.set(doc, None);
            }
        }
    }
    let mut postings: Postings = (words.numbers.iter())
        .map(|(w, &n)| (&**w, std::mem::take(&mut lists[n as usize])))
        .filter(|(_, list)| !list.is_empty())
        .collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    postings
}
