//! Where a build writes: the output folder (through the one writer), or nowhere (`quire
//! check`, which runs every stage and keeps only what they found).

use std::path::Path;
use std::sync::Arc;

use super::prior::Prior;
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::output::{self, Committed, Output};
use crate::render::OutputFile;

// One a build: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(super) enum Sink {
    Folder(Output),
    Nowhere,
}

impl Sink {
    /// The output folder, locked; `known` is what this process's last commit left there.
    pub(super) fn folder(
        opts: &Options,
        known: Option<Arc<output::Files>>,
    ) -> Result<Sink, Diagnostic> {
        let out = Output::open_after(&opts.output_dir, known).map_err(|e| {
            Diagnostic::error(
                "output",
                &opts.output_dir,
                format!("cannot open the output folder: {e}"),
            )
        })?;
        Ok(Sink::Folder(
            out.with_processing(opts.processing).with_force(opts.force),
        ))
    }

    /// Whether the folder is as `prior`'s build left it.
    pub(super) fn holds(&self, prior: &Prior, output_dir: &Path) -> bool {
        match self {
            Sink::Folder(_) => prior.folder_unchanged(output_dir),
            Sink::Nowhere => true,
        }
    }

    pub(super) fn stage(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self {
            Sink::Folder(out) => out.stage(path, bytes),
            Sink::Nowhere => Ok(()),
        }
    }

    pub(super) fn stage_file(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        self.stage(&file.path, &file.bytes)
    }

    pub(super) fn stage_copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        match self {
            Sink::Folder(out) => out.stage_copy(path, source),
            Sink::Nowhere => Ok(()),
        }
    }

    /// These files stay as the last build wrote them.
    pub(super) fn keep(&self, paths: impl IntoIterator<Item = String>) {
        if let Sink::Folder(out) = self {
            out.keep(paths);
        }
    }

    /// Every file not staged stays as the last build wrote it.
    pub(super) fn keep_previous(&self) {
        if let Sink::Folder(out) = self {
            out.keep_previous();
        }
    }

    /// The files the commit will write and remove.
    pub(super) fn changes(&self) -> (Vec<String>, Vec<String>) {
        match self {
            Sink::Folder(out) => out.changes(),
            Sink::Nowhere => (Vec::new(), Vec::new()),
        }
    }

    pub(super) fn commit(self) -> Result<Committed, Diagnostic> {
        match self {
            Sink::Folder(out) => out.commit(),
            Sink::Nowhere => Ok(Committed {
                stats: Default::default(),
                files: Arc::default(),
                warning: None,
            }),
        }
    }

    /// Throws away what was staged: a failed build leaves the output folder as it was.
    pub(super) fn abort(self) {
        if let Sink::Folder(out) = self {
            out.abort();
        }
    }
}
