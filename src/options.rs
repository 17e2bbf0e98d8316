//! Options resolved once: the command line and the folders it names become one
//! value before any work starts, and everything downstream reads that value.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::diagnostic::Diagnostic;
use crate::output::{check_output_dir, Processing};

/// How to build, for `build`, `build --watch`, `serve` and `check` alike.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holding content/).
    pub site_dir: PathBuf,
    pub output_dir: PathBuf,
    /// The output folder was named on the command line (`-o`): then it is used as named, even
    /// when it is a symbolic link; the default `SITE/output` never is.
    pub output_named: bool,
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
    /// `quire serve` (not `build --watch`): Material's blog builds its drafts then.
    pub serving: bool,
    /// The site file named with `-f` (a `mkdocs.yml` by any name); else the site folder's own.
    pub config_file: Option<PathBuf>,
}

impl Options {
    /// For a one-off build or check: the folders as given, so messages name them as typed.
    pub fn once(site_dir: &Path, output_dir: Option<&Path>) -> Options {
        Options {
            site_dir: site_dir.to_path_buf(),
            output_dir: output_dir.map_or_else(|| site_dir.join("output"), Path::to_path_buf),
            output_named: output_dir.is_some(),
            use_cache: true,
            processing: Processing::default(),
            quiet: false,
            force: false,
            keeps_state: false,
            serving: false,
            config_file: None,
        }
    }

    /// For builds that follow file events: absolute folders, since events carry absolute paths.
    pub fn watching(site_dir: &Path, output_dir: Option<&Path>) -> anyhow::Result<Options> {
        let output_dir_named = output_dir.is_some();
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
        let opts = Options {
            site_dir: site,
            output_dir: output,
            output_named: output_dir_named,
            keeps_state: true,
            ..Options::once(site_dir, None)
        };
        opts.check_links().map_err(|d| anyhow::anyhow!("{d}"))?;
        Ok(opts)
    }

    /// Refuses a default output folder or a cache folder that is a symbolic link: a link
    /// committed in a site someone else wrote would have every page written where it points
    /// (`output -> ~/.ssh`). A folder named with `-o` is the user's own choice and used as named.
    pub fn check_links(&self) -> Result<(), Diagnostic> {
        let is_link = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
        if !self.output_named && is_link(&self.output_dir) {
            return Err(Diagnostic::error(
                "output",
                &self.output_dir,
                "the output folder is a symbolic link; quire does not write through a link it \
                 was not given",
            )
            .hint(
                "remove the link (a real folder is made in its place), or name the folder you \
                 mean with `-o`",
            ));
        }
        let cache = self.site_dir.join(crate::layout::CACHE_DIR);
        if is_link(&cache) {
            return Err(Diagnostic::error(
                "cache",
                &cache,
                "the cache folder is a symbolic link; quire does not write through a link it \
                 was not given",
            )
            .hint("remove the link: the cache is safe to delete, and a real folder is made in its place"));
        }
        Ok(())
    }
}
