//! A list that a server's edit copies cheaply: chunks of 64 shared items. Copying a `Vec` of
//! `Arc`s touches every item's reference count, each in its own allocation: an edit's cost
//! would grow with the site, and on a machine that lets idle memory go cold it outweighed
//! rendering the edited page. Here a copy touches one count per chunk, and replacing an item
//! copies only its chunk. (A persistent-vector crate would do it too, but imbl brings eight
//! crates, SIMD among them, for the four operations quire needs.)

use std::sync::Arc;

const CHUNK: usize = 64;

#[derive(Debug)]
pub struct Chunked<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Clone for Chunked<T> {
    fn clone(&self) -> Self {
        Chunked {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    /// Replaces item `i`, copying only its chunk if another list shares it.
    pub fn set(&mut self, i: usize, item: T) {
        assert!(i < self.len, "index {i} out of a list of {}", self.len);
        Arc::make_mut(&mut self.chunks[i / CHUNK])[i % CHUNK] = item;
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK).and_then(|c| c.get(i % CHUNK))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// Like `slice::binary_search_by`, for a list sorted the way `f` compares.
    pub fn binary_search_by(
        &self,
        mut f: impl FnMut(&T) -> std::cmp::Ordering,
    ) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match f(&self[mid]) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }
}

impl<T> std::ops::Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(item) => item,
            None => panic!("index {i} out of a list of {}", self.len),
        }
    }
}

impl<T> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut chunks = Vec::new();
        let mut len = 0;
        let mut chunk = Vec::with_capacity(CHUNK);
        for item in items {
            chunk.push(item);
            len += 1;
            if chunk.len() == CHUNK {
                chunks.push(Arc::new(std::mem::replace(
                    &mut chunk,
                    Vec::with_capacity(CHUNK),
                )));
            }
        }
        if !chunk.is_empty() {
            chunks.push(Arc::new(chunk));
        }
        Chunked { chunks, len }
    }
}

impl<'a, T> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a T> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_all_but_the_replaced_chunk() {
        let a: Chunked<Arc<usize>> = (0..200).map(Arc::new).collect();
        assert_eq!(a.len(), 200);
        assert_eq!(*a[199], 199);
        let mut b = a.clone();
        b.set(70, Arc::new(7000));
        assert_eq!((*a[70], *b[70]), (70, 7000));
        assert!(Arc::ptr_eq(&a.chunks[0], &b.chunks[0]));
        assert!(!Arc::ptr_eq(&a.chunks[1], &b.chunks[1]));
        assert_eq!(b.iter().map(|x| **x).filter(|&x| x != 7000).count(), 199);
        assert_eq!(a.iter().next_back().map(|x| **x), Some(199));
    }

    #[test]
    fn binary_search_finds_what_a_slice_would() {
        let v: Vec<u32> = (0..300).map(|i| i * 2).collect();
        let c: Chunked<u32> = v.iter().copied().collect();
        for probe in [0, 1, 2, 127, 128, 598, 599, 1000] {
            assert_eq!(
                c.binary_search_by(|x| x.cmp(&probe)),
                v.binary_search(&probe)
            );
        }
        let empty: Chunked<u32> = std::iter::empty().collect();
        assert_eq!(empty.binary_search_by(|x| x.cmp(&1)), Err(0));
        assert!(empty.get(0).is_none() && empty.is_empty());
    }
}
