//! What changed in a site since the last build, by kind: the loader's input
//! for an incremental build (`Changes::everything()` is a clean one).

use std::collections::BTreeSet;
use std::path::PathBuf;

/// What changed in a site, by kind; paths are relative to the site folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// site.yaml: everything is rebuilt.
    pub config: bool,
    /// Anything under templates/: every page is re-rendered.
    pub templates: bool,
    /// Markdown files under content/ that were written, created or removed.
    pub pages: BTreeSet<PathBuf>,
    /// Other files under content/ and static/: copied as they are.
    pub assets: BTreeSet<PathBuf>,
    /// content/ or static/ itself came or went: the file lists must be read again.
    pub rescan: bool,
    /// Other files that pages include (`--8<--`): the pages that include them are re-rendered.
    pub included: BTreeSet<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Everything: for when the system lost events and nothing else is safe.
    pub fn everything() -> Changes {
        Changes {
            config: true,
            templates: true,
            rescan: true,
            ..Changes::default()
        }
    }

    /// Any page or file may have changed, site.yaml and the templates not: what a build knows
    /// after the fingerprint found its record's settings and templates as they were.
    pub(crate) fn files_only() -> Changes {
        Changes {
            rescan: true,
            ..Changes::default()
        }
    }

    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.rescan |= other.rescan;
        self.pages.extend(other.pages);
        self.assets.extend(other.assets);
        self.included.extend(other.included);
    }
}
