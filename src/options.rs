//! Options resolved once: the command line and the folders it names become one
//! value before any work starts, and everything downstream reads that value.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::output::{check_output_dir, Processing};

/// How to build, for `build`, `build --watch`, `serve` and `check` alike.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holding content/).
    pub site_dir: PathBuf,
    pub output_dir: PathBuf,
    /// Reuse rendered Markdown from SITE_DIR/.quire-cache (and keep it up to date).
    pub use_cache: bool,
    /// Minify and precompress what is written.
    pub processing: Processing,
    /// Errors and warnings only, no summary or progress.
    pub quiet: bool,
    /// Write into an output folder quire did not make, overwriting files there (`--force`).
    pub force: bool,
    /// Builds follow one another (serve, --watch): each keeps what the next needs to render
    /// only what a change reaches.
    pub keeps_state: bool,
}

impl Options {
    /// For a one-off build or check: the folders as given, so messages name them as typed.
    pub fn once(site_dir: &Path, output_dir: Option<&Path>) -> Options {
        Options {
            site_dir: site_dir.to_path_buf(),
            output_dir: output_dir.map_or_else(|| site_dir.join("output"), Path::to_path_buf),
            use_cache: true,
            processing: Processing::default(),
            quiet: false,
            force: false,
            keeps_state: false,
        }
    }

    /// For builds that follow file events: absolute folders, since events carry absolute paths.
    pub fn watching(site_dir: &Path, output_dir: Option<&Path>) -> anyhow::Result<Options> {
        let output_dir = output_dir.map_or_else(|| site_dir.join("output"), Path::to_path_buf);
        let site = site_dir
            .canonicalize()
            .with_context(|| format!("cannot open the site folder {}", site_dir.display()))?;
        let output = if output_dir.is_absolute() {
            output_dir
        } else {
            std::env::current_dir()?.join(output_dir)
        };
        let output = match (output.parent(), output.file_name()) {
            (Some(parent), Some(name)) if parent.exists() => parent.canonicalize()?.join(name),
            _ => output,
        };
        check_output_dir(&site, &output).map_err(|d| anyhow::anyhow!("{d}"))?;
        Ok(Options {
            site_dir: site,
            output_dir: output,
            keeps_state: true,
            ..Options::once(site_dir, None)
        })
    }
}
