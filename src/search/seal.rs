//! Search files that only the site's own pages can read.
//!
//! A search file is a script (`quireSearch(name, nonce, text)`), since a page opened from
//! `file://` can load nothing else; but a page of any other site could load it the same way,
//! with a `quireSearch` of its own, and read every page's text. So the text is sealed: each
//! character of its JSON is turned within its class (printable ASCII, and the code points of
//! two, three and four UTF-8 bytes) by a ChaCha20 key stream, keeping its size in UTF-8. The
//! key is in the URL fragment of the search script's `<script src>` in every page, which
//! another site's page cannot read (the fragment is never sent to a server either).
//!
//! The key is derived from the site's settings, so that the same site gives the same bytes on
//! every build and a change of text does not change every page. The nonce is a hash of the
//! file's JSON, written in the clear: two different files never share a key stream.
//!
//! ChaCha20 is written out here (RFC 8439's block function) because search.js must do exactly
//! the same in the browser, where no crate helps; the test below holds it to the RFC's vector.

use xxhash_rust::xxh3::xxh3_128_with_seed;

use crate::config::Config;

/// A site's search key: eight words of ChaCha20 key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key([u32; 8]);

impl Key {
    /// The key of a site with these settings and these pages' addresses (the folder it is in
    /// left out: the same site gives the same output wherever it is built). The addresses make
    /// it a secret of the site's own, even with no site.yaml: another site's page would have
    /// to know every page of it. They change only when a page comes, goes or moves, which
    /// re-renders the pages as a settings change does (the key is in every page).
    pub fn of<'a>(config: &Config, outputs: impl Iterator<Item = &'a str>) -> Key {
        let mut settings = config.clone();
        // The number after "key" is the index's format: a new format makes a new key, so that
        // no file of an index written before is kept as it was.
        settings.site_dir = Default::default();
        let mut text = format!("quire search key 2\n{settings:?}\n");
        for output in outputs {
            text.push_str(output);
            text.push('\n');
        }
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(&xxh3_128_with_seed(text.as_bytes(), 1).to_le_bytes());
        bytes[16..].copy_from_slice(&xxh3_128_with_seed(text.as_bytes(), 2).to_le_bytes());
        Key::from_bytes(&bytes)
    }

    /// The key a search script's URL fragment carries (`hex`).
    pub fn from_hex(hex: &str) -> Option<Key> {
        let mut bytes = [0u8; 32];
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        for (b, i) in bytes.iter_mut().zip((0..64).step_by(2)) {
            *b = u8::from_str_radix(&hex[i..i + 2], 16).ok()?;
        }
        Some(Key::from_bytes(&bytes))
    }

    fn from_bytes(bytes: &[u8; 32]) -> Key {
        let mut words = [0u32; 8];
        for (w, b) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *w = u32::from_le_bytes(b.try_into().expect("four bytes"));
        }
        Key(words)
    }

    /// As the search script's URL fragment carries it: 64 hex digits, the key's bytes in order.
    pub fn hex(&self) -> String {
        self.0
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn quarter(s: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    s[a] = s[a].wrapping_add(s[b]);
    s[d] = (s[d] ^ s[a]).rotate_left(16);
    s[c] = s[c].wrapping_add(s[d]);
    s[b] = (s[b] ^ s[c]).rotate_left(12);
    s[a] = s[a].wrapping_add(s[b]);
    s[d] = (s[d] ^ s[a]).rotate_left(8);
    s[c] = s[c].wrapping_add(s[d]);
    s[b] = (s[b] ^ s[c]).rotate_left(7);
}

/// ChaCha20's block function (RFC 8439, 2.3).
fn block(key: &Key, counter: u32, nonce: [u32; 3]) -> [u32; 16] {
    let mut init = [0u32; 16];
    init[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
    init[4..12].copy_from_slice(&key.0);
    init[12] = counter;
    init[13..].copy_from_slice(&nonce);
    let mut s = init;
    for _ in 0..10 {
        quarter(&mut s, 0, 4, 8, 12);
        quarter(&mut s, 1, 5, 9, 13);
        quarter(&mut s, 2, 6, 10, 14);
        quarter(&mut s, 3, 7, 11, 15);
        quarter(&mut s, 0, 5, 10, 15);
        quarter(&mut s, 1, 6, 11, 12);
        quarter(&mut s, 2, 7, 8, 13);
        quarter(&mut s, 3, 4, 9, 14);
    }
    for (w, i) in s.iter_mut().zip(init) {
        *w = w.wrapping_add(i);
    }
    s
}

/// A character's class (its first code point and size) and its place in it; none for the
/// characters left as they are (controls, which JSON escapes, and DEL).
fn class(c: u32) -> Option<(u32, u32)> {
    match c {
        0x20..=0x7e => Some((95, c - 0x20)),
        0x80..=0x7ff => Some((0x780, c - 0x80)),
        0x800..=0xd7ff => Some((0xf000, c - 0x800)),
        0xe000..=0xffff => Some((0xf000, c - 0x1000)),
        0x1_0000..=0x10_ffff => Some((0x10_0000, c - 0x1_0000)),
        _ => None,
    }
}

/// The character at place `i` of the class of size `n`.
fn unclass(n: u32, i: u32) -> char {
    let c = match n {
        95 => 0x20 + i,
        0x780 => 0x80 + i,
        0xf000 if i < 0xd000 => 0x800 + i,
        0xf000 => 0x1000 + i,
        _ => 0x1_0000 + i,
    };
    char::from_u32(c).expect("a class holds only characters")
}

/// The file `name` of the search index, holding `json` sealed with `key`.
pub(crate) fn seal(key: &Key, name: &str, json: &str) -> Vec<u8> {
    let nonce = xxhash_rust::xxh3::xxh3_64(json.as_bytes());
    let words = [0, nonce as u32, (nonce >> 32) as u32];
    let mut out = String::with_capacity(json.len() + json.len() / 32 + 64);
    out.push_str("quireSearch(");
    out.push_str(&serde_json::to_string(name).expect("strings serialize"));
    out.push_str(&format!(",\"{nonce:016x}\",\""));
    let mut stream = [0u32; 16];
    for (i, c) in json.chars().enumerate() {
        if i % 16 == 0 {
            stream = block(key, (i / 16) as u32, words);
        }
        let turn = stream[i % 16];
        let sealed = match c {
            // Most of the text: its own arm, where the divisions are by a constant.
            ' '..='~' => char::from((0x20 + (c as u32 - 0x20 + turn % 95) % 95) as u8),
            _ => match class(c as u32) {
                Some((n, at)) => unclass(
                    n,
                    ((u64::from(at) + u64::from(turn % n)) % u64::from(n)) as u32,
                ),
                None => c,
            },
        };
        match sealed {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push_str("\");\n");
    out.into_bytes()
}

/// What search.js does: the JSON again from a file `seal` wrote, or none if it is not one.
/// (The browser's is the one that serves readers; this one is for tests and tools.)
pub fn open(key: &Key, file: &str) -> Option<String> {
    let args = file
        .trim_end()
        .strip_prefix("quireSearch(")?
        .strip_suffix(");")?;
    let (_, nonce, text): (String, String, String) =
        serde_json::from_str(&format!("[{args}]")).ok()?;
    let nonce = u64::from_str_radix(&nonce, 16).ok()?;
    let words = [0, nonce as u32, (nonce >> 32) as u32];
    let mut stream = [0u32; 16];
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if i % 16 == 0 {
            stream = block(key, (i / 16) as u32, words);
        }
        out.push(match class(c as u32) {
            Some((n, at)) => unclass(n, (at + n - stream[i % 16] % n) % n),
            None => c,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_function_is_rfc_8439s() {
        let bytes: Vec<u8> = (0..32).collect();
        let key = Key::from_bytes(&bytes.try_into().unwrap());
        let out = block(&key, 1, [0x0900_0000, 0x4a00_0000, 0]);
        assert_eq!(out[0], 0xe4e7_f110);
        assert_eq!(out[15], 0x4e3c_50a2);
    }

    #[test]
    fn sealed_text_opens_again_at_the_same_size() {
        let key = Key::from_bytes(&[7; 32]);
        let json = r#"[{"t":"Café \"quoted\" \\ naïve ΟΔΟΣ 漢字 😀","u":"a.html","s":[["","","x\u0001"]]}]"#;
        let file = String::from_utf8(seal(&key, "d/0", json)).unwrap();
        assert_eq!(open(&key, &file).as_deref(), Some(json));
        assert_eq!(Key::from_hex(&key.hex()), Some(key));
        assert!(!file.contains("Café") && !file.contains("a.html"), "{file}");
        let body = file.len() - "quireSearch(\"d/0\",\"0123456789abcdef\",\"\");\n".len();
        assert!(
            body < json.len() + json.len() / 10,
            "{body} for {}",
            json.len()
        );
    }
}
