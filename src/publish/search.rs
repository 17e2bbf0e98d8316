//! Search with no server: an inverted index of every page's title, headings
//! and text, written as JSON, and the script that queries it in the browser.

use std::collections::{BTreeMap, BTreeSet};

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
    let mut docs = Vec::with_capacity(site.pages.len());
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, page) in site.pages.iter().enumerate() {
        let doc = docs.len() as u32;
        // Site-relative: the search box puts its page's way to the root in front.
        docs.push([page.meta.title.clone(), page.output.clone()]);
        let mut seen: BTreeSet<String> = words(&page.meta.title).collect();
        if let Some(f) = by_page[i] {
            for (_, h) in &f.rendered.headings {
                seen.extend(words(h));
            }
            seen.extend(words(&f.rendered.text));
        }
        for w in seen {
            postings.entry(w).or_default().push(doc);
        }
    }
    let index = Index {
        docs,
        words: postings.keys().map(String::as_str).collect(),
        postings: postings
            .values()
            .map(|ids| {
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
