//! The links a page makes, as rendering found them: kept to the end of a build, for the
//! checks and the next build's record, so they are held compactly.
//!
//! Held as a `String` each, a page's links were the largest thing a build kept per page, and
//! an allocation each; here they are two strings and one array a page, however many links
//! it makes.

use serde::{Deserialize, Serialize};

use super::Strs;

/// One link or image, borrowed from its page's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link<'a> {
    /// As written (after Pelican's `{filename}` and the like were resolved).
    pub dest: &'a str,
    /// Byte offset in the Markdown.
    pub offset: usize,
    /// An image, or in raw HTML any `src` (a script, a frame…): a file the page embeds.
    pub image: bool,
}

/// A page's links, in the order the Markdown has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    dests: Strs,
    /// Beside each destination: its offset, and whether it is an image.
    at: Vec<(u32, bool)>,
}

impl Links {
    /// Adds a link. Offsets are kept in 32 bits: a page of 4 GB or more (which quire could not
    /// hold in memory to render anyway) gets its later offsets clamped, which only moves the
    /// line a check names.
    pub fn push(&mut self, dest: &str, offset: usize, image: bool) {
        if self.dests.push(dest) {
            self.at.push((clamp(offset), image));
        }
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Link<'_>> + '_ {
        (self.dests.iter().zip(&self.at)).map(|(dest, &(offset, image))| Link {
            dest,
            offset: offset as usize,
            image,
        })
    }

    /// Keeps the links for which `keep` holds, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Link) -> bool) {
        *self = self.iter().filter(|l| keep(l)).collect();
    }

    /// Moves every offset through `f` (see `markdown::remap`).
    pub fn map_offsets(&mut self, mut f: impl FnMut(usize) -> usize) {
        for (offset, _) in &mut self.at {
            *offset = clamp(f(*offset as usize));
        }
    }

    pub fn shrink_to_fit(&mut self) {
        self.dests.shrink_to_fit();
        self.at.shrink_to_fit();
    }
}

fn clamp(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl<'a> FromIterator<Link<'a>> for Links {
    fn from_iter<I: IntoIterator<Item = Link<'a>>>(iter: I) -> Self {
        let mut links = Links::default();
        for l in iter {
            links.push(l.dest, l.offset, l.image);
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(dest: &str, offset: usize, image: bool) -> Link<'_> {
        Link {
            dest,
            offset,
            image,
        }
    }

    #[test]
    fn links_come_back_as_pushed_in_order() {
        let given = [
            link("/a.html", 3, false),
            link("", 10, false),
            link("img/ü.png", 12, true),
            link("https://example.org/x#y", 40, false),
        ];
        let links: Links = given.iter().copied().collect();
        assert_eq!(links.len(), 4);
        assert_eq!(links.iter().collect::<Vec<_>>(), given);
    }

    #[test]
    fn retain_and_remap_keep_each_link_whole() {
        let mut links: Links = [
            link("https://example.org/", 1, false),
            link("/b.html", 5, false),
            link("//cdn.example.org/x.js", 9, true),
            link("c.png", 20, true),
        ]
        .into_iter()
        .collect();
        links.retain(|l| !l.dest.contains("example.org"));
        links.map_offsets(|o| o * 2);
        assert_eq!(
            links.iter().collect::<Vec<_>>(),
            [link("/b.html", 10, false), link("c.png", 40, true)]
        );
    }

    #[test]
    fn an_offset_past_32_bits_is_clamped_not_wrapped() {
        let mut links = Links::default();
        links.push("/a.html", 1 << 33, false);
        assert_eq!(links.iter().next().unwrap().offset, u32::MAX as usize);
    }
}
