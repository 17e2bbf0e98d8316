//! A list of short strings in one buffer: the heading ids, heading texts and link targets
//! rendering learns of a page are kept to the end of a build, and a `String` each was an
//! allocation each, whose bookkeeping is a large part of a string this short.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strs {
    /// Every string, one after the other.
    text: String,
    /// Where each ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
}

impl Strs {
    /// Adds `s` at the end; `false` (and nothing added) past 4 GB of text, which no page
    /// quire can render in memory comes near.
    pub fn push(&mut self, s: &str) -> bool {
        let Ok(end) = u32::try_from(self.text.len() + s.len()) else {
            return false;
        };
        self.text.push_str(s);
        self.ends.push(end);
        true
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        Some(&self.text[start..end])
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i).expect("in range"))
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl<'a> FromIterator<&'a str> for Strs {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut strs = Strs::default();
        for s in iter {
            strs.push(s);
        }
        strs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_as_pushed_empty_ones_too() {
        let given = ["intro", "", "ünïcode-id", "a"];
        let strs: Strs = given.into_iter().collect();
        assert_eq!(strs.len(), 4);
        assert_eq!(strs.iter().collect::<Vec<_>>(), given);
        assert_eq!(strs.get(2), Some("ünïcode-id"));
        assert_eq!(strs.get(4), None);
        assert!(Strs::default().iter().next().is_none());
    }
}
