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

pub(super) fn is_separator(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_')
}

/// Whether a piece of text between separators is long enough, and short enough, to be a word.
pub(super) fn fits(w: &str) -> bool {
    w.len() <= MAX_WORD && w.chars().nth(1).is_some()
}

/// Calls `f` with each of `text`'s words as written: split at anything that is not a letter,
/// digit or `_`, too short and too long ones left out. A page tallies these as they are and
/// `forms` makes their stems once per build: a page repeats most of its words, and a site
/// repeats most of its pages' words.
pub(super) fn each_word<'t>(text: &'t str, f: impl FnMut(&'t str)) {
    text.split(is_separator).filter(|w| fits(w)).for_each(f);
}

/// Calls `f` with the stem of a word (`each_word`'s) as search sees it: lower case, unless it is
/// a stop word, with `true`; then, for a word a developer reads as parts (`make_server`,
/// `makeServer`), the stem of each part, with `false` (a part is not another word on the page).
/// The browser splits queries and marks hits the same way (the tests keep a plain `words` to
/// hold this one to).
pub(super) fn forms(w: &str, mut f: impl FnMut(&str, bool)) {
    let mut stemmed = String::new();
    if stem_of(w, &mut stemmed) {
        f(&stemmed, true);
    }
    for part in parts(w).into_iter().flatten().filter(|p| fits(p)) {
        if stem_of(part, &mut stemmed) {
            f(&stemmed, false);
        }
    }
}

/// The stem of one word into `stemmed`; false for a stop word.
fn stem_of(w: &str, stemmed: &mut String) -> bool {
    // Unicode's rules (a final sigma) are `to_lowercase`'s.
    let lower = match w.is_ascii() {
        true => w.to_ascii_lowercase(),
        false => w.to_lowercase(),
    };
    if STOP_WORDS.contains(&lower.as_str()) {
        return false;
    }
    stem_into(&lower, stemmed);
    true
}

/// The parts of an identifier, as a developer reads them: split at `_` and where the case
/// turns up (`makeServer`, `HTTPServer` is `HTTP` and `Server`; `utf8Decode` is `utf8` and
/// `Decode`). None for a word that is one part (search.js's `parts` splits alike).
fn parts(word: &str) -> Option<impl Iterator<Item = &str>> {
    // Most words have neither: they cost no list.
    if !word.contains('_') && !word.chars().skip(1).any(char::is_uppercase) {
        return None;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let starts_part = |i: usize| {
        let c = chars[i].1;
        let before = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|n| n.1.is_lowercase());
        c.is_uppercase()
            && (before.is_lowercase()
                || before.is_numeric()
                || (before.is_uppercase() && next_lower))
    };
    let cuts: Vec<usize> = (1..chars.len())
        .filter(|&i| starts_part(i))
        .map(|i| chars[i].0)
        .collect();
    if cuts.is_empty() && !word.contains('_') {
        return None;
    }
    let bounds = std::iter::once(0).chain(cuts.clone());
    let ends = cuts.into_iter().chain([word.len()]);
    let pieces: Vec<&str> = bounds.zip(ends).map(|(a, b)| &word[a..b]).collect();
    Some(
        pieces
            .into_iter()
            .flat_map(|p| p.split('_'))
            .filter(|p| !p.is_empty()),
    )
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

    /// The words of a text as search sees them, plainly: what `each_word` and `forms` must keep to.
    fn words(text: &str) -> impl Iterator<Item = String> + '_ {
        text.split(is_separator)
            .filter(|w| fits(w))
            .flat_map(|w| {
                let parts = parts(w).into_iter().flatten().filter(|p| fits(p));
                std::iter::once(w).chain(parts)
            })
            .map(str::to_lowercase)
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
    }

    fn parts_of(word: &str) -> Vec<&str> {
        parts(word).map(Iterator::collect).unwrap_or_default()
    }

    #[test]
    fn identifiers_have_the_parts_a_developer_reads() {
        assert_eq!(parts_of("make_server"), ["make", "server"]);
        assert_eq!(parts_of("makeServer"), ["make", "Server"]);
        assert_eq!(parts_of("GREETING_NAME"), ["GREETING", "NAME"]);
        assert_eq!(parts_of("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(parts_of("getHTTPResponse"), ["get", "HTTP", "Response"]);
        assert_eq!(parts_of("utf8Decode"), ["utf8", "Decode"]);
        assert_eq!(parts_of("__init__"), ["init"]);
        assert!(parts_of("Server").is_empty() && parts_of("HTTP").is_empty());
        assert!(parts_of("server").is_empty());
    }

    fn stem(word: &str) -> String {
        let mut s = String::new();
        stem_into(word, &mut s);
        s
    }

    #[test]
    fn words_are_lowercase_without_stop_words() {
        let w: Vec<_> = words("The AWS Lambda, and x_y: 3.6 a é-tude makeServer").collect();
        assert_eq!(
            w,
            vec![
                "aws",
                "lambda",
                "x_y",
                "tude",
                "makeserver",
                "make",
                "server"
            ]
        );
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
        each_word(text, |w| forms(w, |s, _| seen.push(s.to_string())));
        let want: Vec<String> = words(text).map(|w| stem(&w)).collect();
        assert_eq!(seen, want);
        assert!(seen.contains(&"ab_cd_ef".to_string()) && seen.contains(&"cd".to_string()));
        assert!(seen.contains(&"deploy".to_string()) && seen.contains(&"οδος".to_string()));
    }
}
