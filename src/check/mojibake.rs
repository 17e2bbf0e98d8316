//! Mis-encoded text: UTF-8 bytes that were once read as Windows-1252 (or
//! Latin-1), so that `’` became `â€™` and `é` became `Ã©`.
//!
//! The test is the reverse of the accident: a run of characters that
//! Windows-1252 can encode is turned back into those bytes, and where the
//! bytes form UTF-8 multi-byte characters, the run was mojibake and the
//! decoded text is what the writer meant. Plain Latin-1 text (`café`) never
//! decodes this way, because a lone accented letter is not valid UTF-8.

/// The characters Windows-1252 puts at 0x80–0x9F (where Latin-1 has controls).
/// The five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to
/// the C1 controls of the same number, as browsers and encoding_rs decode them.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The Windows-1252 byte for `c`, if it has one above ASCII.
fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        // Latin-1 decodes 0x80–0x9F to the C1 controls, Windows-1252 to `CP1252_HIGH`: both count.
        0x80..=0xff => Some(c as u32 as u8),
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// One stretch of mis-encoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mojibake {
    /// Byte range of the mis-encoded characters in the scanned text.
    pub start: usize,
    pub end: usize,
    /// What the characters most likely were.
    pub meant: String,
}

/// Finds every stretch of mojibake in `text`, in order.
pub(crate) fn find(text: &str) -> Vec<Mojibake> {
    let mut found = Vec::new();
    let mut run: Vec<(usize, u8)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII never belongs to a run (Windows-1252 bytes are all above 0x7F),
        // and most of a page is ASCII: skip it in bulk rather than char by char.
        if bytes[i].is_ascii() {
            if !run.is_empty() {
                decode_run(&run, i, &mut found);
                run.clear();
            }
            i += bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            continue;
        }
        let c = text[i..].chars().next().expect("i is at a char boundary");
        match cp1252_byte(c) {
            Some(b) => run.push((i, b)),
            None if !run.is_empty() => {
                decode_run(&run, i, &mut found);
                run.clear();
            }
            None => {}
        }
        i += c.len_utf8();
    }
    if !run.is_empty() {
        decode_run(&run, text.len(), &mut found);
    }
    found
}

/// Looks for UTF-8 sequences in one run of Windows-1252 bytes; `run_end` is
/// the offset just past the run.
fn decode_run(run: &[(usize, u8)], run_end: usize, found: &mut Vec<Mojibake>) {
    let bytes: Vec<u8> = run.iter().map(|&(_, b)| b).collect();
    let offset_of = |k: usize| run.get(k).map_or(run_end, |&(o, _)| o);
    let mut k = 0;
    while k < bytes.len() {
        let len = match bytes[k] {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        };
        let seq = bytes.get(k..k + len).filter(|_| len > 0);
        if let Some(s) = seq.and_then(|s| std::str::from_utf8(s).ok()) {
            // Consecutive sequences are one stretch: `â€œquotedâ€` is two, `Ã©Ã¨` is one.
            let start = offset_of(k);
            let end = offset_of(k + len);
            match found.last_mut() {
                Some(last) if last.end == start => {
                    last.end = end;
                    last.meant.push_str(s);
                }
                _ => found.push(Mojibake {
                    start,
                    end,
                    meant: s.to_string(),
                }),
            }
            k += len;
        } else if bytes[k..].starts_with(&[0xe2, 0x80]) && k + 2 == bytes.len() {
            // `â€` at the end of a run: a right quote `”` whose last byte (0x9D,
            // undefined in Windows-1252) was dropped on the way.
            found.push(Mojibake {
                start: offset_of(k),
                end: run_end,
                meant: "”".to_string(),
            });
            k += 2;
        } else {
            k += 1;
        }
    }
}

/// Text that was mis-encoded more than once (`Ã¢â‚¬â„¢`) decodes one layer
/// at a time; this peels layers until none is left.
pub(crate) fn repair(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let found = find(&current);
        if found.is_empty() {
            break;
        }
        let mut next = String::with_capacity(current.len());
        let mut at = 0;
        for m in &found {
            next.push_str(&current[at..m.start]);
            next.push_str(&m.meant);
            at = m.end;
        }
        next.push_str(&current[at..]);
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meant(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.meant))
            .collect()
    }

    #[test]
    fn the_usual_suspects() {
        assert_eq!(meant("isnâ€™t"), vec![("â€™", "’".to_string())]);
        assert_eq!(
            meant("â€œquotedâ€\u{9d} and â€“ dash"),
            vec![
                ("â€œ", "“".to_string()),
                ("â€\u{9d}", "”".to_string()),
                ("â€“", "–".to_string())
            ]
        );
        assert_eq!(meant("cafÃ© dÃ©jÃ\u{a0} vu"), {
            vec![
                ("Ã©", "é".to_string()),
                ("Ã©", "é".to_string()),
                ("Ã\u{a0}", "à".to_string()),
            ]
        });
        assert_eq!(meant("Ã¶Ã¨"), vec![("Ã¶Ã¨", "öè".to_string())]);
        assert_eq!(meant("Â\u{a0}"), vec![("Â\u{a0}", "\u{a0}".to_string())]);
    }

    #[test]
    fn a_right_quote_that_lost_its_last_byte() {
        assert_eq!(meant("â€œhiâ€ there"), {
            vec![("â€œ", "“".to_string()), ("â€", "”".to_string())]
        });
    }

    #[test]
    fn correct_text_is_left_alone() {
        for ok in [
            "isn’t “quoted” – café, déjà, Ölçü, naïve, ½ °C, © 2017, München, 東京, emoji 🎉",
            "plain ascii",
            "Ã alone, and â then text",
        ] {
            assert_eq!(meant(ok), vec![], "{ok}");
        }
    }

    #[test]
    fn repair_peels_double_encoding() {
        assert_eq!(repair("isnÃ¢â‚¬â„¢t"), "isn’t");
        assert_eq!(repair("isnâ€™t"), "isn’t");
        assert_eq!(repair("fine"), "fine");
    }
}
