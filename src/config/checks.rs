//! The kinds of `quire check` finding that `checks:` in site.yaml may grade: one enum, with
//! the one table of the names the checks report and site.yaml writes.

/// A kind of finding the checks report and `checks:` names (`broken-link: error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum CheckKind {
    BrokenLink,
    MissingFile,
    MissingAnchor,
    DuplicateHeading,
    MisEncoded,
    MissingMeta,
    MisspeltKey,
    PostWithoutDate,
    Callout,
    Markdown,
    BrokenExternalLink,
    ExternalLinkRefused,
    ExternalUnreachable,
}

impl CheckKind {
    /// Every kind, in the order an unknown kind's error lists them.
    pub(crate) const ALL: [CheckKind; 13] = [
        CheckKind::BrokenLink,
        CheckKind::MissingFile,
        CheckKind::MissingAnchor,
        CheckKind::DuplicateHeading,
        CheckKind::MisEncoded,
        CheckKind::MissingMeta,
        CheckKind::MisspeltKey,
        CheckKind::PostWithoutDate,
        CheckKind::Callout,
        CheckKind::Markdown,
        CheckKind::BrokenExternalLink,
        CheckKind::ExternalLinkRefused,
        CheckKind::ExternalUnreachable,
    ];

    /// The kind's name: in diagnostics (`--format json`'s `kind`) and in `checks:`.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            CheckKind::BrokenLink => "broken-link",
            CheckKind::MissingFile => "missing-file",
            CheckKind::MissingAnchor => "missing-anchor",
            CheckKind::DuplicateHeading => "duplicate-heading",
            CheckKind::MisEncoded => "mis-encoded",
            CheckKind::MissingMeta => "missing-meta",
            CheckKind::MisspeltKey => "misspelt-key",
            CheckKind::PostWithoutDate => "post-without-date",
            CheckKind::Callout => "callout",
            CheckKind::Markdown => "markdown",
            CheckKind::BrokenExternalLink => "broken-external-link",
            CheckKind::ExternalLinkRefused => "external-link-refused",
            CheckKind::ExternalUnreachable => "external-unreachable",
        }
    }

    /// The kind of this name, if it is one.
    pub(crate) fn parse(name: &str) -> Option<CheckKind> {
        CheckKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Every kind's name, in the order of `ALL`.
    pub(crate) fn names() -> [&'static str; 13] {
        CheckKind::ALL.map(CheckKind::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_kind() {
        for kind in CheckKind::ALL {
            assert_eq!(CheckKind::parse(kind.as_str()), Some(kind));
        }
        let names = CheckKind::names();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{name} is named twice");
        }
        assert_eq!(CheckKind::parse("broken-links"), None);
        assert_eq!(CheckKind::parse(""), None);
    }

    #[test]
    fn the_manual_documents_every_kind() {
        let page = include_str!("../../docs/checking.md");
        let start = page
            .find("**`checks:`** in site.yaml")
            .expect("docs/checking.md documents `checks:`");
        let end = start
            + page[start..]
                .find("**`--external`**")
                .expect("docs/checking.md's `checks:` documentation ends before `--external`");
        let docs = &page[start..end];
        for kind in CheckKind::ALL {
            assert!(
                docs.contains(&format!("`{}`", kind.as_str())),
                "docs/checking.md's `checks:` documentation does not name `{}`",
                kind.as_str()
            );
        }
    }
}
