//! "Did you mean": the name nearest to one that does not exist, among many.
//!
//! One rule, `closest`: the candidate whose key is the fewest edits (Levenshtein, counted in
//! characters, case-insensitive) from the wanted name, when those edits are at most half of
//! the longer of the two (at least 2 are always allowed); of equally near ones, the first.
//! `Nearest` answers exactly what `closest` does over a fixed list asked many times (every
//! broken link of a site against every output), in far less than a pass over the list.
//!
//! A leaf module: plain strings in, a value out, nothing of quire's.

use std::collections::{HashMap, HashSet};

/// The candidate closest to `wanted` (see the module's rule): a linear pass, for a short list
/// asked once (a page's headings). Candidates are (key to compare, value to suggest).
pub(crate) fn closest<'a, K, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    K: AsRef<str>,
    I: IntoIterator<Item = (K, &'a str)>,
{
    let wanted_lower = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for (key, value) in candidates {
        let key = key.as_ref();
        let d = strsim::levenshtein(&wanted_lower, &key.to_lowercase());
        if d <= limit(wanted.chars().count(), key.chars().count())
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, value));
        }
    }
    best.map(|(_, v)| v)
}

/// The most edits a key of `key_chars` characters may be from a name of `wanted_chars` and
/// still be suggested: about half of the longer may differ.
fn limit(wanted_chars: usize, key_chars: usize) -> usize {
    (wanted_chars.max(key_chars) / 2).max(2)
}

/// `closest` over a fixed list of (key, value) candidates, asked many times: made once,
/// then `nearest` gives the value `closest` would, for any name.
///
/// How: an exact (lower-cased) match answers at once. Else the few candidates sharing the
/// most trigrams with the name are measured first, which usually finds the answer or one as
/// near; that distance then bounds the rest, and a candidate is measured only when its length
/// (candidates are grouped by it) and the characters one string has and the other lacks leave
/// it a chance to be nearer, or as near and earlier. Measuring stops as soon as it passes the
/// bound. Order matters as in `closest`: the first of equals wins.
pub(crate) struct Nearest<V> {
    values: Vec<V>,
    /// Each candidate's lower-cased key, as characters: `keys[starts[i]..starts[i + 1]]`.
    keys: Vec<char>,
    starts: Vec<usize>,
    /// The key's own length in characters (the limit is measured in it, not the lower case's).
    chars: Vec<usize>,
    present: Vec<u128>,
    /// The first candidate of each lower-cased key.
    exact: HashMap<String, usize>,
    /// The candidates in groups of the same length (of the lower-cased key) and the same
    /// characters, so that one look at a group's rules out all of it: each group's members
    /// are `order[group.start..group.end]`, in the candidates' order.
    order: Vec<usize>,
    groups: Vec<Group>,
    /// The groups of length `n` are `groups[by_length[n]..by_length[n + 1]]`.
    by_length: Vec<usize>,
    /// The candidates each trigram of the padded lower-cased keys occurs in, each once, in order.
    grams: HashMap<u64, Vec<u32>>,
}

/// A trigram shared by more candidates than this says little about which is nearest, and
/// counting it for every name would cost a pass over them: the first guess leaves it out.
const COMMON_GRAM: usize = 256;

/// How many of the candidates sharing the most trigrams are measured before the others.
const FIRST_GUESSES: usize = 8;

/// Pads a key at both ends so that its first and last characters start and end trigrams of
/// their own. Not a character, so it matches only padding.
const PAD: u32 = 0x1F_FFFF;

/// The trigrams of a lower-cased key, padded, as numbers.
fn trigrams(key: &[char]) -> impl Iterator<Item = u64> + '_ {
    let padded = || std::iter::repeat_n(PAD, 2);
    let codes: Vec<u32> = (padded().chain(key.iter().map(|&c| c as u32)))
        .chain(padded())
        .collect();
    (0..codes.len() - 2).map(move |i| {
        (u64::from(codes[i]) << 42) | (u64::from(codes[i + 1]) << 21) | u64::from(codes[i + 2])
    })
}

/// Which characters occur in `s`, folded onto 128 bits (ASCII ones each on its own): a
/// character of one string whose bit the other lacks is never matched, so it costs an edit.
fn present(s: &[char]) -> u128 {
    s.iter().fold(0, |m, &c| m | 1u128 << (c as u32 % 128))
}

/// A lower bound on the edit distance between strings of lengths `a_len` and `b_len` whose
/// characters are `a` and `b` (see `present`). Every character of the longer string whose bit
/// the shorter lacks costs an edit; so does every one of the shorter's the longer lacks, on
/// top of the edits their difference in length takes.
fn floor(a: u128, a_len: usize, b: u128, b_len: usize) -> usize {
    let (long, short) = match a_len >= b_len {
        true => (a, b),
        false => (b, a),
    };
    let only_long = (long & !short).count_ones() as usize;
    let only_short = (short & !long).count_ones() as usize;
    only_long.max(only_short + a_len.abs_diff(b_len))
}

/// Whether `long` is `short` with characters inserted.
fn is_subsequence(short: &[char], long: &[char]) -> bool {
    let mut long = long.iter();
    short.iter().all(|c| long.any(|l| l == c))
}

/// The edit distance between `a` and `b` (as `strsim::levenshtein` counts it, in characters)
/// if it is at most `bar`. Every alignment passes through each row at some column `j`, and
/// then still costs at least the difference in what is left of the two strings: once no
/// column of a row can stay within `bar` that way, none of the rest can. `row` is scratch
/// space, kept by the caller so that no call allocates.
fn levenshtein_within(a: &[char], b: &[char], bar: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let left = a.len() - i - 1;
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0] + left.abs_diff(b.len());
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(diagonal + 1).min(row[j] + 1);
            smallest = smallest.min(row[j + 1] + left.abs_diff(b.len() - j - 1));
        }
        if smallest > bar {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= bar).then_some(d)
}

impl<V> Nearest<V> {
    /// The index of (key, value) candidates, in the order `closest` would be given them.
    pub(crate) fn new<K, I>(candidates: I) -> Self
    where
        K: AsRef<str>,
        I: IntoIterator<Item = (K, V)>,
    {
        let mut near = Nearest {
            values: Vec::new(),
            keys: Vec::new(),
            starts: vec![0],
            chars: Vec::new(),
            present: Vec::new(),
            exact: HashMap::new(),
            order: Vec::new(),
            groups: Vec::new(),
            by_length: Vec::new(),
            grams: HashMap::new(),
        };
        // A later candidate with the same lower case and length as an earlier one is exactly
        // as near to every name, so never the answer.
        let mut seen = HashSet::new();
        for (key, value) in candidates {
            let key = key.as_ref();
            let lower = key.to_lowercase();
            let chars = key.chars().count();
            if !seen.insert((lower.clone(), chars)) {
                continue;
            }
            let i = near.values.len();
            let lowered: Vec<char> = lower.chars().collect();
            for gram in trigrams(&lowered) {
                let list = near.grams.entry(gram).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
            near.present.push(present(&lowered));
            near.keys.extend(&lowered);
            near.starts.push(near.keys.len());
            near.chars.push(chars);
            near.exact.entry(lower).or_insert(i);
            near.values.push(value);
        }
        near.group_by_length();
        near
    }

    fn group_by_length(&mut self) {
        let length = |i: usize| self.starts[i + 1] - self.starts[i];
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_by_key(|&i| (length(i), self.present[i], i));
        let mut groups: Vec<Group> = Vec::new();
        for (k, &i) in order.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.length == length(i) && g.present == self.present[i] => g.end += 1,
                _ => groups.push(Group {
                    length: length(i),
                    present: self.present[i],
                    start: k,
                    end: k + 1,
                }),
            }
        }
        let longest = groups.last().map_or(0, |g| g.length);
        self.by_length = (0..=longest + 1)
            .map(|n| groups.partition_point(|g| g.length < n))
            .collect();
        self.order = order;
        self.groups = groups;
    }

    fn key(&self, i: usize) -> &[char] {
        &self.keys[self.starts[i]..self.starts[i + 1]]
    }

    /// What `closest(wanted, candidates)` answers.
    pub(crate) fn nearest(&self, wanted: &str) -> Option<&V> {
        let lower = wanted.to_lowercase();
        if let Some(&i) = self.exact.get(&lower) {
            return Some(&self.values[i]);
        }
        let name: Vec<char> = lower.chars().collect();
        let mut search = Search {
            present: present(&name),
            pattern: Pattern::new(&name),
            name,
            chars: wanted.chars().count(),
            row: Vec::new(),
            best: None,
        };
        for i in self.likely(&search.name) {
            search.consider(self, i);
        }
        let length = search.name.len();
        for n in 0..self.by_length.len() - 1 {
            let apart = n.abs_diff(length);
            for group in &self.groups[self.by_length[n]..self.by_length[n + 1]] {
                let loosest = match search.best {
                    Some((bd, _)) if apart > bd => break,
                    Some((bd, _)) => bd,
                    // A key is never shorter than its lower case, so its limit is at most this.
                    None => limit(search.chars, n),
                };
                if floor(search.present, length, group.present, n) > loosest {
                    continue;
                }
                let members = &self.order[group.start..group.end];
                let members = match search.best {
                    // As far in length as the best, only an earlier candidate can still win.
                    Some((bd, bi)) if apart == bd => {
                        &members[..members.partition_point(|&i| i < bi)]
                    }
                    _ => members,
                };
                for &i in members {
                    search.consider(self, i);
                }
            }
        }
        search.best.map(|(_, i)| &self.values[i])
    }

    /// The few candidates sharing the most trigrams with `name`, for a first guess.
    fn likely(&self, name: &[char]) -> Vec<usize> {
        let mut shared = vec![0u32; self.values.len()];
        let mut met: Vec<u32> = Vec::new();
        let mut grams: Vec<u64> = trigrams(name).collect();
        grams.sort_unstable();
        grams.dedup();
        for gram in grams {
            match self.grams.get(&gram) {
                Some(list) if list.len() <= COMMON_GRAM => {
                    for &i in list {
                        if shared[i as usize] == 0 {
                            met.push(i);
                        }
                        shared[i as usize] += 1;
                    }
                }
                _ => {}
            }
        }
        let take = FIRST_GUESSES.min(met.len());
        if take == 0 {
            return Vec::new();
        }
        let most_first =
            |a: &u32, b: &u32| shared[*b as usize].cmp(&shared[*a as usize]).then(a.cmp(b));
        met.select_nth_unstable_by(take - 1, most_first);
        met[..take].iter().map(|&i| i as usize).collect()
    }
}

/// Candidates of one length and the same characters (see `present`).
struct Group {
    length: usize,
    present: u128,
    start: usize,
    end: usize,
}

/// One name being looked up: the best so far, as (distance, candidate).
struct Search {
    name: Vec<char>,
    /// The name's own length in characters.
    chars: usize,
    present: u128,
    /// The name as a bit-parallel pattern, when it is short enough to be one.
    pattern: Option<Pattern>,
    /// Scratch space for `levenshtein_within`, for a name too long for a pattern.
    row: Vec<usize>,
    best: Option<(usize, usize)>,
}

impl Search {
    /// Measures candidate `i` if it can still be the answer: nearer than the best so far, or
    /// as near and earlier.
    fn consider<V>(&mut self, near: &Nearest<V>, i: usize) {
        let limit = limit(self.chars, near.chars[i]);
        let bar = match self.best {
            None => limit,
            Some((_, bi)) if bi == i => return,
            Some((bd, bi)) if i < bi => limit.min(bd),
            Some((0, _)) => return,
            Some((bd, _)) => limit.min(bd - 1),
        };
        let key = near.key(i);
        let by_length = self.name.len().abs_diff(key.len());
        if floor(self.present, self.name.len(), near.present[i], key.len()) > bar {
            return;
        }
        // No nearer than their difference in length: only when the shorter is the longer
        // with characters left out, which is quicker to see than to measure.
        if bar == by_length {
            let (short, long) = match self.name.len() <= key.len() {
                true => (&self.name[..], key),
                false => (key, &self.name[..]),
            };
            if is_subsequence(short, long) {
                self.best = Some((by_length, i));
            }
            return;
        }
        let d = match &self.pattern {
            Some(pattern) => pattern.distance_within(key, bar),
            None => levenshtein_within(&self.name, key, bar, &mut self.row),
        };
        if let Some(d) = d {
            self.best = Some((d, i));
        }
    }
}

/// A name of 1 to 64 characters, for the bit-parallel edit distance (Myers, 1999, as Hyyrö
/// writes it for one whole string against another): a column of the distance table is a few
/// machine words, one bit a row, so a key is measured in one step a character.
struct Pattern {
    /// For each character, the bits of the rows (the name's characters) it is.
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
    len: usize,
}

impl Pattern {
    fn new(name: &[char]) -> Option<Pattern> {
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let mut pattern = Pattern {
            ascii: [0; 128],
            other: Vec::new(),
            len: name.len(),
        };
        for (row, &c) in name.iter().enumerate() {
            let bit = 1u64 << row;
            match usize::try_from(u32::from(c)).ok().filter(|&a| a < 128) {
                Some(a) => pattern.ascii[a] |= bit,
                None => match pattern.other.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, bits)) => *bits |= bit,
                    None => pattern.other.push((c, bit)),
                },
            }
        }
        Some(pattern)
    }

    fn rows_of(&self, c: char) -> u64 {
        match self.ascii.get(c as usize) {
            Some(&bits) => bits,
            None => (self.other.iter())
                .find(|(o, _)| *o == c)
                .map_or(0, |&(_, bits)| bits),
        }
    }

    /// The edit distance from the name to `text` (as `strsim::levenshtein` counts it) if it is
    /// at most `bar`. `pv`/`mv`: the rows where the column goes up/down by one from the row
    /// above; the bits above the name's length are never read, and carries only go up.
    fn distance_within(&self, text: &[char], bar: usize) -> Option<usize> {
        let last = 1u64 << (self.len - 1);
        let (mut pv, mut mv) = (!0u64, 0u64);
        let mut score = self.len;
        for (j, &c) in text.iter().enumerate() {
            let eq = self.rows_of(c);
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let ph = mv | !(xh | pv);
            let mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            // The top row is the text's length so far: it goes up by one each column.
            let ph = (ph << 1) | 1;
            let mh = mh << 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
            // Each character left can lower the distance by one at most.
            if score > bar + (text.len() - j - 1) {
                return None;
            }
        }
        (score <= bar).then_some(score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of numbers below `n` (xorshift), so that a failure repeats.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn name(&mut self, alphabet: &[char], longest: usize) -> String {
            let len = self.below(longest + 1);
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect()
        }

        /// `s` with up to `edits` random insertions, deletions and substitutions.
        fn edited(&mut self, s: &str, alphabet: &[char], edits: usize) -> String {
            let mut chars: Vec<char> = s.chars().collect();
            for _ in 0..self.below(edits + 1) {
                let at = self.below(chars.len() + 1);
                let c = alphabet[self.below(alphabet.len())];
                match self.below(3) {
                    0 => chars.insert(at, c),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = c,
                    _ => chars.push(c),
                }
            }
            chars.into_iter().collect()
        }
    }

    /// Asks the index and the linear rule the same names; returns how many had an answer.
    fn agree(keys: &[String], wanted: &[String]) -> usize {
        let values: Vec<String> = (0..keys.len()).map(|i| format!("v{i}")).collect();
        let pairs = || keys.iter().zip(values.iter().map(String::as_str));
        let nearest = Nearest::new(pairs());
        let mut found = 0;
        for w in wanted {
            let linear = closest(w, pairs());
            found += usize::from(linear.is_some());
            assert_eq!(nearest.nearest(w).copied(), linear, "{w:?}");
        }
        found
    }

    #[test]
    fn closest_needs_to_be_close() {
        let c = [("deployment", "a"), ("servers", "b"), ("serverless", "c")];
        assert_eq!(closest("deploymnt", c), Some("a"));
        assert_eq!(closest("serverles", c), Some("c"));
        assert_eq!(closest("kubernetes-operators", c), None);
        let near = Nearest::new(c);
        assert_eq!(near.nearest("deploymnt"), Some(&"a"));
        assert_eq!(near.nearest("kubernetes-operators"), None);
        assert_eq!(
            Nearest::<&str>::new(Vec::<(&str, &str)>::new()).nearest("x"),
            None
        );
    }

    #[test]
    fn nearest_answers_exactly_what_closest_does() {
        // Short names, near-duplicates (ties), case and non-ASCII letters, including ones
        // whose lower case is longer than themselves (`İ`).
        let mut dice = Dice(0x2545_f491);
        let alphabet: Vec<char> = "abcdeAB-_.0123é€İßΣσ/".chars().collect();
        let mut keys: Vec<String> = (0..300).map(|_| dice.name(&alphabet, 11)).collect();
        keys.extend(
            [
                "a",
                "ab",
                "",
                "deployment",
                "deploymnet",
                "AB",
                "ab",
                "İ",
                "i̇",
            ]
            .map(String::from),
        );
        let mut wanted: Vec<String> = (0..300).map(|_| dice.name(&alphabet, 11)).collect();
        wanted.extend(keys.iter().take(50).cloned());
        wanted.extend(["deploymen", "A", "x", "İİ", "σς", "i̇", "İ", ""].map(String::from));
        assert!(
            agree(&keys, &wanted) > 100,
            "the test must exercise hits, not only misses"
        );
    }

    #[test]
    fn nearest_agrees_with_closest_on_many_sites_of_near_names() {
        // Sites whose names share prefixes (trigrams too common to count), differ in digits
        // (the characters they have in common say little), and the names looked up are
        // edits of them, so that ties between equally near candidates are frequent.
        for seed in 1..=6u64 {
            let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ seed);
            let alphabet: Vec<char> = "abcxyz-/0123456789".chars().collect();
            let prefixes = ["page-", "guide/", "blog/2024-", ""];
            let keys: Vec<String> = (0..1500)
                .map(|_| {
                    let prefix = prefixes[dice.below(prefixes.len())];
                    prefix.to_string() + &dice.name(&alphabet, 2 + (seed as usize % 4) * 2)
                })
                .collect();
            let mut wanted: Vec<String> = (0..400)
                .map(|_| {
                    let key = keys[dice.below(keys.len())].clone();
                    dice.edited(&key, &alphabet, 1 + seed as usize % 5)
                })
                .collect();
            wanted.extend((0..100).map(|_| dice.name(&alphabet, 14)));
            let found = agree(&keys, &wanted);
            assert!(found > 300, "seed {seed}: only {found} hits");
        }
    }

    #[test]
    fn bounded_levenshtein_is_levenshtein_within_the_bar() {
        let mut dice = Dice(0x5eed);
        let alphabet: Vec<char> = "abcİσ".chars().collect();
        let mut row = Vec::new();
        for round in 0..3000 {
            // Long ones too: a pattern holds up to 64 characters.
            let longest = if round % 3 == 0 { 70 } else { 9 };
            let (a, b) = (dice.name(&alphabet, longest), dice.name(&alphabet, longest));
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = strsim::levenshtein(&a, &b);
            assert_eq!(levenshtein_within(&ac, &bc, d, &mut row), Some(d));
            let pattern = Pattern::new(&ac);
            if let Some(p) = &pattern {
                assert_eq!(p.distance_within(&bc, d), Some(d), "{a:?} {b:?}");
            }
            if d > 0 {
                assert_eq!(levenshtein_within(&ac, &bc, d - 1, &mut row), None);
                assert_eq!(pattern.and_then(|p| p.distance_within(&bc, d - 1)), None);
            }
        }
    }
}
