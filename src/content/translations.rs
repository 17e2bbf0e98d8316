//! Pelican's translations: pages (or posts) of one kind with the same slug are one text in
//! several languages. In each group the originals are those in the site's language (site.yaml's
//! `lang:`; a page without `lang:` is in it), among the pages not marked `translation: true`;
//! if none is, all of those are originals, and if every page is marked, all are candidates
//! (pelican/utils.py `get_original_items`). The others are translations, listed nowhere. Every
//! page of a group knows the others, so each can link them. Hidden pages form groups of their own.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::Page;

/// Each grouped page (by index into `pages`) with the other pages of its group, and the pages
/// that are translations: explicit ones (`translation: true`) and those that are not the
/// original of their group.
pub(crate) fn groups(
    pages: &[Arc<Page>],
    default_lang: Option<&str>,
) -> (BTreeMap<usize, Vec<usize>>, BTreeSet<usize>) {
    let mut by_slug: BTreeMap<(bool, bool, &str), Vec<usize>> = BTreeMap::new();
    // MkDocs has no translations: its pages share slugs (`index`) and are not one text.
    for (i, p) in pages.iter().enumerate().filter(|(_, p)| !p.mkdocs) {
        by_slug
            .entry((p.is_post, p.meta.hidden, p.slug.as_str()))
            .or_default()
            .push(i);
    }
    let mut translations = BTreeMap::new();
    let mut translated = BTreeSet::new();
    for members in by_slug.into_values() {
        let in_default_lang = |&i: &usize| {
            let lang = pages[i].meta.lang.as_deref();
            lang.is_none() || lang == default_lang
        };
        let mut candidates: Vec<usize> = (members.iter().copied())
            .filter(|&i| !pages[i].meta.translation)
            .collect();
        if candidates.is_empty() {
            candidates.clone_from(&members);
        }
        let mut originals: Vec<usize> =
            candidates.iter().copied().filter(in_default_lang).collect();
        if originals.is_empty() {
            originals = candidates;
        }
        for &i in &members {
            if !originals.contains(&i) {
                translated.insert(i);
            }
            if members.len() > 1 {
                let others = members.iter().copied().filter(|&j| j != i).collect();
                translations.insert(i, others);
            }
        }
    }
    (translations, translated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;
    use std::path::Path;

    fn page(path: &str, header: &str) -> Arc<Page> {
        Arc::new(parse_page(Path::new(path), format!("{header}\n\nText.\n")).unwrap())
    }

    #[test]
    fn the_page_in_the_site_language_is_the_original() {
        let pages = vec![
            page("content/a-de.md", "title: A\nslug: a\nlang: de"),
            page("content/a-fr.md", "title: A\nslug: a\nlang: fr"),
            page("content/a.md", "title: A\nslug: a\nlang: en"),
            page("content/b.md", "title: B"),
        ];
        let (linked, translated) = groups(&pages, Some("en"));
        assert_eq!(translated, BTreeSet::from([0, 1]));
        assert_eq!(linked[&2], vec![0, 1]);
        assert_eq!(linked[&0], vec![1, 2]);
        assert!(!linked.contains_key(&3));
        // No page in the site's language: all that are not marked are originals.
        let (_, translated) = groups(&pages[..2], Some("en"));
        assert!(translated.is_empty());
        // A page marked `translation: true` is one; unless all of its group are (even alone).
        let marked = vec![
            page("content/x.md", "title: X\nlang: fr\ntranslation: true"),
            page("content/y.md", "title: Y\nslug: x\nlang: de"),
        ];
        let (_, translated) = groups(&marked, Some("en"));
        assert_eq!(translated, BTreeSet::from([0]));
        let (_, translated) = groups(&marked[..1], Some("en"));
        assert!(translated.is_empty());
    }
}
