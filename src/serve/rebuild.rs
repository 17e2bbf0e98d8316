//! Builds that follow one another while serving or watching.
//!
//! Each one is `Builder::build` from the last good state with every change
//! since it: a change that fails is kept and tried again with the next ones,
//! so that the output always moves from one good build to the next. An
//! edit's pages are written first; the files made from every page (search
//! index, feed, sitemap) follow in `finish_site_wide` once the saves pause.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::build::{Builder, Prior, SiteWide, Summary};
use crate::changes::Changes;
use crate::check;
use crate::diagnostic::Diagnostic;
use crate::layout::ContentDir;
use crate::options::Options;

/// What a rebuild did, as serve reports it.
#[derive(Debug, Clone)]
pub(super) struct Built {
    pub summary: Summary,
    /// What the checks found in the site as built (kept from the last pass that ran them).
    pub warnings: Vec<Diagnostic>,
}

impl Built {
    pub(super) fn changed(&self) -> Option<&Vec<String>> {
        self.summary.changed.as_ref()
    }
    pub(super) fn more(&self) -> bool {
        self.summary.more
    }
}

pub(super) struct Rebuilder {
    builder: Builder,
    /// What the output folder holds now; none before the first good build.
    state: Option<Prior>,
    /// Changes not yet in the output: everything since the last good build.
    pending: Changes,
    warnings: Vec<Diagnostic>,
    /// Threads of their own for the site-wide files. Their pass frees small blocks in numbers
    /// that grow with the site; on the threads that render edits, glibc's allocator then took
    /// longer to find room for the next edit's page than the whole edit takes with the pass
    /// kept apart. `None` if threads cannot be made: the shared pool then.
    site_wide_pool: Option<rayon::ThreadPool>,
}

impl Rebuilder {
    pub(super) fn new(opts: &Options) -> Rebuilder {
        Rebuilder {
            builder: crate::builder(opts),
            state: None,
            pending: Changes::everything(),
            warnings: Vec::new(),
            site_wide_pool: rayon::ThreadPoolBuilder::new().build().ok(),
        }
    }

    /// The options it builds with.
    pub(super) fn options(&self) -> &Options {
        &self.builder.opts
    }

    /// The path part of `base_url`, under which the site is served.
    pub(super) fn base_path(&self) -> String {
        self.state
            .as_ref()
            .and_then(|s| s.loaded.as_ref())
            .map_or_else(|| "/".to_string(), |l| l.urls.base_path.clone())
    }

    /// Where the pages are: where the last good build found them, else where site.yaml puts
    /// them (or would, were it readable).
    pub(super) fn content(&self) -> ContentDir {
        if let Some(loaded) = self.state.as_ref().and_then(|s| s.loaded.as_ref()) {
            return loaded.config.content.clone();
        }
        let site_dir = &self.builder.opts.site_dir;
        match crate::config::Config::load_file(site_dir, self.builder.opts.config_file.as_deref()) {
            Ok(config) => config.content,
            Err(_) => ContentDir::decide(site_dir, None),
        }
    }

    /// The settings' files and a mkdocs.yml's `watch:` paths, as read (absolute when serving).
    pub(super) fn settings_files(&self) -> BTreeSet<PathBuf> {
        let Some(loaded) = self.state.as_ref().and_then(|s| s.loaded.as_ref()) else {
            return BTreeSet::new();
        };
        let file = &loaded.config.file;
        file.read.iter().chain(&file.watch).cloned().collect()
    }

    /// Every file a page includes (`--8<--`), relative to the site folder.
    pub(super) fn included_files(&self) -> BTreeSet<PathBuf> {
        self.state
            .as_ref()
            .map(|s| s.included_files().map(PathBuf::from).collect())
            .unwrap_or_default()
    }

    /// Applies the changes (and any that failed before); on failure the output folder is unchanged.
    pub(super) fn rebuild(&mut self, changes: Changes) -> Result<Built, Vec<Diagnostic>> {
        self.pending.merge(changes);
        self.add_includers();
        self.run(SiteWide::Later)
    }

    /// A page's inputs are its own source and the files it includes: the pages that include a
    /// changed file are changed pages too (their text with its includes in place is new).
    fn add_includers(&mut self) {
        let Some(state) = &self.state else { return };
        let p = &mut self.pending;
        let touched: HashSet<&Path> = (p.pages.iter().chain(&p.assets).chain(&p.included))
            .map(PathBuf::as_path)
            .collect();
        if touched.is_empty() {
            return;
        }
        let includers = state.includers(|file| touched.contains(file));
        p.pages.extend(includers);
        p.included.clear();
    }

    /// Brings the site-wide files up to date after an edit whose pages were written first;
    /// `None` when they already are.
    pub(super) fn finish_site_wide(&mut self) -> Option<Result<Built, Vec<Diagnostic>>> {
        if !self.state.as_ref()?.site_wide_due {
            return None;
        }
        // Taken out for the pass, which needs `self` whole.
        let pool = self.site_wide_pool.take();
        let built = match &pool {
            Some(pool) => pool.install(|| self.run(SiteWide::Now)),
            None => self.run(SiteWide::Now),
        };
        self.site_wide_pool = pool;
        Some(built)
    }

    fn run(&mut self, site_wide: SiteWide) -> Result<Built, Vec<Diagnostic>> {
        let nothing = Prior::default();
        let (summary, state) = self.builder.build(
            self.state.as_ref().unwrap_or(&nothing),
            &self.pending,
            site_wide,
            &check::review,
            &|_, _| {},
        )?;
        self.pending = Changes::default();
        // The warnings of the whole site: those of the pages just checked replace theirs.
        match &summary.checked {
            None => self.warnings = summary.warnings.clone(),
            Some(checked) => {
                let checked: HashSet<&Path> = checked.iter().map(PathBuf::as_path).collect();
                // What a commit left in the output folder is said once, by the build that did.
                self.warnings
                    .retain(|w| w.kind != "output" && !checked.contains(w.file.as_path()));
                self.warnings.extend(summary.warnings.iter().cloned());
                crate::diagnostic::sort(&mut self.warnings);
            }
        }
        self.state = Some(state);
        Ok(Built {
            summary,
            warnings: self.warnings.clone(),
        })
    }
}
