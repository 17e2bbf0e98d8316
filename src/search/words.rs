//! Words as search sees them: split, lower-cased, stop words left out, stemmed. The browser
//! splits and stems queries the same way (search.js, beside this file): the two are kept equal
//! by hand, and held to the same list of stems (stems.txt) by the test below and
//! tests/suite/reader_browser.rs.

/// Words too common to help find a page; leaving them out keeps the index small.
/// The browser skips them in queries too (the meta file carries this list).
pub(super) const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "can", "for", "from", "has", "have", "if",
    "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "we", "which",
    "will", "with", "you", "your",
];

/// Longer "words" are hashes, base64 and the like: nobody searches for them.
const MAX_WORD: usize = 32;

fn is_separator(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_')
}

/// Whether a piece of text between separators is long enough, and short enough, to be a word.
fn fits(w: &str) -> bool {
    w.len() <= MAX_WORD && w.chars().nth(1).is_some()
}

/// Buffers reused from word to word: a page repeats most of its words, and indexing a page
/// must not make three new strings for every word it reads.
#[derive(Default)]
pub(super) struct Scratch {
    lower: String,
    stemmed: String,
}

impl Scratch {
    /// Calls `f` with the stem of each of `text`'s words as search sees them: lower case,
    /// split at anything that is not a letter, digit or `_`, stop words left out. The browser
    /// splits queries the same way (the tests keep a plain `words` to hold this one to).
    pub(super) fn each_stem(&mut self, text: &str, mut f: impl FnMut(&str)) {
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
    fn stems_join_the_forms_of_a_word_as_search_js_does() {
        let table = include_str!("stems.txt");
        let pairs = (table.lines())
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '));
        for (word, want) in pairs {
            assert_eq!(stem(word), want, "{word}");
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
}
