//! Postings: each page's words with where they stand on it (its share of the index, kept from
//! build to build), and every word with its pages (made from the shares for the word files).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::words::{each_word, forms};
use crate::content::chunked::Chunked;
use crate::content::site::Site;
use crate::markdown::Rendered;

/// Where a word occurs on a page, as bits of its posting code (the rest is its count).
const IN_TITLE: u8 = 4;
const IN_HEADING: u8 = 2;
const IN_BODY: u8 = 1;
const MAX_COUNT: u32 = 31;

/// A page's words as written (`Deploying`, `make_server`), each with how often it is counted
/// (up to `MAX_COUNT`) and where it stands: taken from the page's text without a copy, and
/// stemmed and numbered by `Words::share`, once per word and site.
pub(super) type Tally<'t> = Map<&'t str, (u32, u8)>;

/// Each page's words and where they stand: title, heading, body (with how often).
pub(super) fn page_postings<'t>(
    site: &'t Site,
    doc: usize,
    rendered: Option<&'t Rendered>,
) -> Tally<'t> {
    let mut tally = Tally::default();
    // A hidden page is not found: no word leads to it.
    if !site.is_searchable(doc) {
        return tally;
    }
    tally.reserve(1024);
    // Only a word counts: an identifier's parts and code mark where a word is, so that a page's
    // listings do not outweigh what its prose says.
    let mut mark = |text: &'t str, bits: u8, count: bool| {
        each_word(text, |w| {
            let (n, b) = tally.entry(w).or_default();
            *n = (*n + u32::from(count)).min(MAX_COUNT);
            *b |= bits;
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
    tally
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
    numbers: Map<Box<str>, u32>,
    /// Each word as pages wrote it, with where its stems' numbers are in `stems`: a word is
    /// stemmed once, however many pages have it.
    forms: Map<Box<str>, (u32, u32)>,
    /// The stems of the `forms`, each as its number times two, plus one for the whole word's
    /// (`forms`' `true`) and not a part's.
    stems: Vec<u32>,
}

impl Words {
    /// The words a record listed by number.
    pub(super) fn from_list(words: Vec<Box<str>>) -> Words {
        let numbers = (words.into_iter().enumerate())
            .map(|(n, w)| (w, n as u32))
            .collect();
        Words {
            numbers,
            ..Words::default()
        }
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
    pub(super) fn share(&mut self, tally: Tally) -> Arc<[u8]> {
        // (number, count, where) for each stem of each word; a stem met twice adds up below.
        let mut numbered: Vec<(u32, u32, u8)> = Vec::with_capacity(tally.len() + tally.len() / 4);
        for (w, (count, bits)) in tally {
            for &stem in self.stems_of(w) {
                let count = if stem & 1 == 1 { count } else { 0 };
                numbered.push((stem >> 1, count, bits));
            }
        }
        numbered.sort_unstable_by_key(|&(n, ..)| n);
        let mut bytes = Vec::with_capacity(numbered.len() * 3);
        let mut last = 0;
        let mut stems = numbered.into_iter().peekable();
        while let Some((n, mut count, mut bits)) = stems.next() {
            while let Some((_, more, b)) = stems.next_if(|s| s.0 == n) {
                count += more;
                bits |= b;
            }
            put_varint(&mut bytes, n - last);
            // A code is below 256: five bits of count, three of where.
            bytes.push((count.min(MAX_COUNT) << 3) as u8 | bits);
            last = n;
        }
        bytes.into()
    }

    /// The stems of a word as a page wrote it (as `stems` holds them), stemmed the first time.
    fn stems_of(&mut self, w: &str) -> &[u32] {
        let (from, len) = match self.forms.get(w) {
            Some(&span) => span,
            None => {
                let from = self.stems.len() as u32;
                let mut stems = std::mem::take(&mut self.stems);
                forms(w, |stem, whole| {
                    stems.push(self.number(stem) << 1 | u32::from(whole));
                });
                self.stems = stems;
                let span = (from, self.stems.len() as u32 - from);
                self.forms.insert(w.into(), span);
                span
            }
        };
        &self.stems[from as usize..(from + len) as usize]
    }

    fn number(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.numbers.get(word) {
            return n;
        }
        let n = self.numbers.len() as u32;
        self.numbers.insert(word.into(), n);
        n
    }
}

/// A hash map with a fast hash for short keys (FxHash, as rustc's): the index hashes each word
/// of every page. A site is its author's own text, so no key is chosen to collide.
pub(super) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
pub(super) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The product's high bits are its best mixed; the table picks a slot by the low ones.
        self.0.rotate_left(26)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_forms_of_a_word_add_up_under_its_stem() {
        let mut words = Words::default();
        let mut tally = Tally::default();
        tally.insert("Deploying", (2, IN_BODY));
        tally.insert("deploys", (30, IN_BODY));
        tally.insert("make_server", (1, IN_BODY));
        tally.insert("Server", (0, IN_TITLE));
        tally.insert("the", (9, IN_BODY));
        let share = words.share(tally);
        let by_number = words.by_number();
        let mut codes: Vec<(&str, u32)> = (page_words(&share))
            .map(|(n, code)| (by_number[n as usize], code))
            .collect();
        codes.sort_unstable();
        let code = |count: u32, bits: u8| count << 3 | u32::from(bits);
        assert_eq!(
            codes,
            [
                ("deploy", code(MAX_COUNT, IN_BODY)),
                ("mak", code(0, IN_BODY)),
                ("make_server", code(1, IN_BODY)),
                ("server", code(0, IN_BODY | IN_TITLE)),
            ]
        );
        // A second page with the same words stems none again.
        let stems = words.stems.len();
        words.share(Tally::from_iter([("deploys", (1, IN_BODY))]));
        assert_eq!(words.stems.len(), stems);
    }
}
