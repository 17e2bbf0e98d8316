//! Where the lines of a rewritten text came from: every rewrite of a page's text keeps one,
//! and the chain (chain.rs) composes them into one from the text pulldown-cmark reads back to
//! the file as written.

/// Where the lines of a rewritten text came from in the text it was made from.
#[derive(Debug, Default, Clone)]
pub struct LineMap {
    /// For each line of the new text: where it starts, where that text starts in the old one,
    /// and whether it is the old text (else a line made up for a construct, placed at it).
    lines: Vec<(usize, usize, bool)>,
}

impl LineMap {
    /// The offset in the old text of an offset in the new one.
    pub fn map(&self, offset: usize) -> usize {
        let k = self.lines.partition_point(|l| l.0 <= offset);
        match k.checked_sub(1).and_then(|k| self.lines.get(k)) {
            Some(&(out, src, true)) => src + (offset - out),
            Some(&(_, src, false)) => src,
            None => offset,
        }
    }

    pub fn push(&mut self, out: usize, src: usize, real: bool) {
        self.lines.push((out, src, real));
    }

    /// The map from this map's new text to the old text of `earlier` (whose new text is this
    /// map's old one): `m.after(e).map(x) == e.map(m.map(x))` for every `x`.
    pub(super) fn after(&self, earlier: &LineMap) -> LineMap {
        let mut out = LineMap {
            lines: Vec::with_capacity(self.lines.len() + earlier.lines.len()),
        };
        // Before its first line, a map leaves offsets as they are.
        let identity = (self.lines.first().is_none_or(|l| l.0 > 0)).then_some((0, 0, true));
        let lines: Vec<_> = identity
            .into_iter()
            .chain(self.lines.iter().copied())
            .collect();
        for (i, &(new, mid, real)) in lines.iter().enumerate() {
            if !real {
                out.push(new, earlier.map(mid), false);
                continue;
            }
            // A real line runs from `mid` in the middle text, as far as the next line starts.
            let end = lines.get(i + 1).map(|next| mid + (next.0 - new));
            let k = earlier.lines.partition_point(|l| l.0 <= mid);
            match k.checked_sub(1).map(|k| earlier.lines[k]) {
                Some((e_new, e_old, true)) => out.push(new, e_old + (mid - e_new), true),
                Some((_, e_old, false)) => out.push(new, e_old, false),
                None => out.push(new, mid, true),
            }
            // The earlier map's own lines that start inside this one.
            for &(e_new, e_old, e_real) in &earlier.lines[k..] {
                if end.is_some_and(|end| e_new >= end) {
                    break;
                }
                out.push(new + (e_new - mid), e_old, e_real);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(lines: &[(usize, usize, bool)]) -> LineMap {
        LineMap {
            lines: lines.to_vec(),
        }
    }

    #[test]
    fn a_composed_map_places_every_offset_as_the_two_maps_in_turn() {
        let earlier = map(&[(0, 0, true), (5, 3, false), (9, 20, true), (30, 40, true)]);
        let later = map(&[(2, 0, true), (4, 7, false), (6, 8, true), (12, 25, true)]);
        let composed = later.after(&earlier);
        for x in 0..60 {
            assert_eq!(composed.map(x), earlier.map(later.map(x)), "at {x}");
        }
    }
}
