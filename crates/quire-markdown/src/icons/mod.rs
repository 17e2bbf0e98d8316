//! The icon sets and emoji quire writes as inline SVG: Material Design Icons, Octicons, Font
//! Awesome Free and Simple Icons, named as Material for MkDocs names them (`material-account`,
//! `octicons-mark-github-16`, `fontawesome-brands-github`, `simple-python`), and Twemoji under
//! pymdown-extensions' shortcodes (`smile`, `+1`).
//!
//! About 18,000 SVGs (18 MB) are packed by `assets/icons/pack.py` into `icons.bin` (4 MB): an
//! index and chunks of about 64 KiB, each brotli-compressed. The index is read the first time a
//! page asks for any name; a chunk is decompressed the first time one of its icons is asked
//! for, so a site pays for the icons it uses and no more. Their licences are in
//! `assets/icons/NOTICE.md`.
//!
//! A leaf module: names in, SVG text out.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// How icons and emoji sit in the text (part of the built-in stylesheet).
pub const STYLESHEET: &str = include_str!("icons.css");

static PACK: &[u8] = include_bytes!("../../../../assets/icons/icons.bin");
const MAGIC: &[u8] = b"QICONS1\n";

/// What a shortcode's name stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Icon {
    /// An icon of one of the sets: its SVG.
    Svg(&'static str),
    /// An emoji: the text it stands for, and Twemoji's SVG of it (none for the few emoji newer
    /// than the packed Twemoji).
    Emoji {
        text: String,
        svg: Option<&'static str>,
    },
}

/// What a name (without its colons) stands for, if anything.
pub(crate) fn find(name: &str) -> Option<Icon> {
    let index = index()?;
    if let Some(e) = index.emoji.get(name) {
        return Some(Icon::Emoji {
            text: chars(&e.alt),
            svg: e
                .svg
                .as_deref()
                .and_then(|uc| svg(index, &format!("twemoji-{uc}"))),
        });
    }
    // Twemoji's SVGs are packed as icons, but named only through their shortcodes.
    if name.starts_with("twemoji-") {
        return None;
    }
    svg(index, name).map(Icon::Svg)
}

/// An icon's SVG by the name front matter gives it (`icon: material/rocket-launch`, as Material
/// for MkDocs writes it), which is the shortcode's name with `/` for `-`.
pub fn svg_named(path: &str) -> Option<&'static str> {
    match find(&path.trim().replace('/', "-"))? {
        Icon::Svg(svg) => Some(svg),
        Icon::Emoji { svg, .. } => svg,
    }
}

/// The known icon nearest to an unknown one (see `nearest`), in front matter's form.
pub fn nearest_named(path: &str) -> Option<String> {
    let near = nearest(&path.trim().replace('/', "-"))?;
    // `fontawesome-brands-github` is `fontawesome/brands/github`; every other set has one level.
    let levels = if near.starts_with("fontawesome-") {
        2
    } else {
        1
    };
    Some(near.replacen('-', "/", levels))
}

/// Whether `name` is meant as one of the sets' icons (`material-…`), which then must exist.
pub(crate) fn has_set_prefix(name: &str) -> bool {
    const SETS: [&str; 4] = ["material-", "octicons-", "fontawesome-", "simple-"];
    SETS.iter().any(|s| name.starts_with(s))
}

/// The known name nearest to an unknown one ("did you mean"), of the same set when it has one:
/// the closest by edit distance, and close enough to be a slip (a third of the name at most).
/// A linear scan, but only for names that are not there, which a page rarely has.
pub(crate) fn nearest(name: &str) -> Option<&'static str> {
    let index = index()?;
    let set = |n: &str| n.split('-').next().unwrap_or("").to_string();
    let same_set = set(name);
    let names = (index.icons.keys())
        .filter(|n| !n.starts_with("twemoji-"))
        .chain(index.emoji.keys())
        .map(|n| &**n)
        .filter(|n| !has_set_prefix(name) || set(n) == same_set);
    let (best, distance) = names
        .map(|n| (n, strsim::levenshtein(name, n)))
        .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)))?;
    (distance <= name.chars().count() / 3 + 1).then_some(best)
}

/// A packed emoji: the file name of its SVG (its code points) and the text it stands for.
struct Emoji {
    svg: Option<Box<str>>,
    alt: Box<str>,
}

struct Index {
    /// Where each chunk is in `PACK`.
    chunks: Vec<std::ops::Range<usize>>,
    icons: HashMap<Box<str>, (u32, u32, u32)>,
    emoji: HashMap<Box<str>, Emoji>,
    /// Each chunk, decompressed when first needed.
    open: Vec<OnceLock<Option<String>>>,
}

/// The index, read once; none if the pack is damaged (then no name is known).
fn index() -> Option<&'static Index> {
    static INDEX: OnceLock<Option<Index>> = OnceLock::new();
    INDEX.get_or_init(|| read_index(PACK)).as_ref()
}

fn read_index(pack: &[u8]) -> Option<Index> {
    let rest = pack.strip_prefix(MAGIC)?;
    let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let text = decompress(rest.get(4..4 + len)?)?;
    parse_index(&text, MAGIC.len() + 4 + len)
}

fn parse_index(text: &str, base: usize) -> Option<Index> {
    let mut lines = text.lines();
    let offsets: Vec<usize> = (lines.next()?.strip_prefix("chunks ")?.split(' '))
        .map(|o| o.parse().ok().map(|o: usize| base + o))
        .collect::<Option<_>>()?;
    let chunks: Vec<_> = offsets.windows(2).map(|w| w[0]..w[1]).collect();
    let mut index = Index {
        open: chunks.iter().map(|_| OnceLock::new()).collect(),
        chunks,
        icons: HashMap::new(),
        emoji: HashMap::new(),
    };
    for line in lines {
        let mut f = line.split(' ');
        match (f.next(), f.next(), f.next(), f.next(), f.next()) {
            (Some("i"), Some(name), Some(c), Some(s), Some(l)) => {
                let at = (c.parse().ok()?, s.parse().ok()?, l.parse().ok()?);
                index.icons.insert(name.into(), at);
            }
            (Some("e"), Some(short), Some(uc), Some(alt), None) => {
                // One alias of pymdown-extensions' index is written without its colons.
                let name = short.trim_matches(':');
                let svg = (uc != "-").then(|| uc.into());
                let alt = alt.into();
                index.emoji.insert(name.into(), Emoji { svg, alt });
            }
            _ => return None,
        }
    }
    Some(index)
}

/// One packed SVG, by its name in the pack.
fn svg(index: &'static Index, name: &str) -> Option<&'static str> {
    let &(chunk, start, len) = index.icons.get(name)?;
    let chunk = chunk as usize;
    let text = index.open.get(chunk)?.get_or_init(|| {
        let packed = PACK.get(index.chunks[chunk].clone())?;
        decompress(packed)
    });
    text.as_deref()?.get(start as usize..(start + len) as usize)
}

fn decompress(packed: &[u8]) -> Option<String> {
    let mut out = String::new();
    brotli::Decompressor::new(packed, 4096)
        .read_to_string(&mut out)
        .ok()?;
    Some(out)
}

/// `1f44d-1f3fb` → the text of those code points.
fn chars(points: &str) -> String {
    (points.split('-'))
        .filter_map(|p| u32::from_str_radix(p, 16).ok().and_then(char::from_u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg_of(name: &str) -> &'static str {
        match find(name) {
            Some(Icon::Svg(svg)) => svg,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn every_set_is_there_as_material_names_it() {
        assert!(svg_of("material-account").starts_with("<svg"));
        assert!(svg_of("octicons-mark-github-16").contains("viewBox=\"0 0 16 16\""));
        assert!(svg_of("fontawesome-brands-github").contains("Font Awesome Free"));
        assert!(svg_of("fontawesome-regular-face-smile").ends_with("</svg>"));
        assert!(svg_of("simple-python").ends_with("</svg>"));
    }

    #[test]
    fn emoji_and_their_aliases_stand_for_their_text() {
        let Some(Icon::Emoji { text, svg }) = find("smile") else {
            panic!("smile is an emoji")
        };
        assert_eq!(text, "😄");
        assert!(svg.unwrap().contains("viewBox=\"0 0 36 36\""));
        let Some(Icon::Emoji { text, .. }) = find("+1") else {
            panic!("+1 is an alias of thumbsup")
        };
        assert_eq!(text, "👍");
    }

    #[test]
    fn unknown_names_are_none_and_get_a_near_one() {
        assert_eq!(find("material-acount"), None);
        assert_eq!(find("twemoji-1f604"), None);
        assert_eq!(nearest("material-acount"), Some("material-account"));
        assert_eq!(nearest("thumbsupp"), Some("thumbsup"));
    }

    #[test]
    fn a_damaged_pack_is_no_index_not_a_panic() {
        assert!(read_index(b"QICONS1\n\x05\0\0\0abc").is_none());
        assert!(read_index(b"nothing").is_none());
        assert!(read_index(&PACK[..PACK.len() / 2]).is_some());
    }
}
