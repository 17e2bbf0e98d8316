//! Search with no server: an inverted index of every page's title, headings
//! and text, written as JSON, and the script that queries it in the browser.

use std::collections::HashMap;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::site::Site;
use crate::render::PageFacts;

/// The browser side: loads the index when the search box is first focused.
pub const SCRIPT: &str = include_str!("../theme/search.js");

pub const INDEX: &str = "theme/search-index.json";

/// Words too common to help find a page; leaving them out keeps the index small.
/// The browser skips them in queries too (the index carries this list).
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "can", "for", "from", "has", "have", "if",
    "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "we", "which",
    "will", "with", "you", "your",
];

/// Longer "words" are hashes, base64 and the like: nobody searches for them.
const MAX_WORD: usize = 32;

#[derive(Serialize)]
struct Index<'a> {
    /// `[title, url]` of each page, in the order the postings refer to.
    docs: Vec<[String; 2]>,
    /// Every indexed word, sorted, so the browser can find prefixes by binary search.
    words: Vec<&'a str>,
    /// For each word, the pages holding it, as gaps between ascending page numbers (smaller numbers, smaller file).
    postings: Vec<Vec<u32>>,
    stop: &'static [&'static str],
}

/// The words of a text as search sees them: lower case, split at anything
/// that is not a letter, digit or `_`. The browser splits queries the same way.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().count() >= 2 && w.len() <= MAX_WORD)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// The index of every page and post, as compact JSON.
pub fn index_json(site: &Site, facts: &[&PageFacts]) -> String {
    let mut by_page: Vec<Option<&PageFacts>> = vec![None; site.pages.len()];
    for &f in facts {
        by_page[f.page] = Some(f);
    }
    let docs: Vec<[String; 2]> = site
        .pages
        .iter()
        .map(|page| {
            // Site-relative: the search box puts its page's way to the root in front.
            [page.meta.title.clone(), page.output.clone()]
        })
        .collect();
    // Splitting and lower-casing every page's text is the costly part: threads
    // each gather postings for their share of the pages, then the maps merge.
    // (A word list per page, all kept to the end, would cost ~100 MB at 10,000 pages.)
    let postings = by_page
        .par_iter()
        .enumerate()
        .fold(
            HashMap::new,
            |mut map: HashMap<String, Vec<u32>>, (doc, facts)| {
                let mut seen: Vec<String> = words(&site.pages[doc].meta.title).collect();
                if let Some(f) = facts {
                    for (_, h) in &f.rendered.headings {
                        seen.extend(words(h));
                    }
                    seen.extend(words(&f.rendered.text));
                }
                seen.sort_unstable();
                seen.dedup();
                for w in seen {
                    map.entry(w).or_default().push(doc as u32);
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
    // Sorted words let the browser find prefixes by binary search; sorted
    // pages let the postings be stored as gaps.
    let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    postings
        .par_iter_mut()
        .for_each(|(_, ids)| ids.sort_unstable());
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let index = Index {
        docs,
        words: postings.iter().map(|(w, _)| w.as_str()).collect(),
        postings: postings
            .iter()
            .map(|(_, ids)| {
                let mut last = 0;
                ids.iter()
                    .map(|&id| {
                        let gap = id - last;
                        last = id;
                        gap
                    })
                    .collect()
            })
            .collect(),
        stop: STOP_WORDS,
    };
    serde_json::to_string(&index).expect("the index serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_without_stop_words() {
        let w: Vec<_> = words("The AWS Lambda, and x_y: 3.6 a é-tude").collect();
        assert_eq!(w, vec!["aws", "lambda", "x_y", "tude"]);
    }
}
