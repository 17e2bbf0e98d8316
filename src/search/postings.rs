//! Postings: each page's words with where they stand on it, and every word with its pages.

use std::collections::HashMap;

use rayon::prelude::*;

use super::words::Scratch;
use crate::content::site::Site;
use crate::markdown::Rendered;
use crate::render::PageFacts;

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
pub(super) fn page_postings_sorted(
    site: &Site,
    doc: usize,
    rendered: Option<&Rendered>,
) -> Vec<(String, u32)> {
    let mut codes: Vec<_> = page_postings(site, doc, rendered).into_iter().collect();
    codes.sort_unstable();
    codes
}

/// Every word with its pages, sorted by word; a page as one u32, `doc << 8 | code` (a code is
/// below 256, and a site below 16 million pages), ascending. As (page, code) pairs, or flat
/// `[gap, code…]` lists, the postings were the largest thing a 10,000-page build held at its peak.
pub(super) type Postings = Vec<(String, Vec<u32>)>;

pub(super) fn posting(doc: usize, code: u32) -> u32 {
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

pub(super) fn postings(site: &Site, by_page: &[Option<&PageFacts>]) -> Postings {
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

pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A page's (word number, code) pairs, as `Gathered::add` wrote them.
pub(super) fn page_words(bytes: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
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
