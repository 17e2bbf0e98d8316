//! Command-line arguments, resolved into plain settings before any work starts.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::options::Options;
use crate::output::Processing;

#[derive(Parser, Debug)]
#[command(
    name = "quire",
    version,
    about = "Build documentation sites from Markdown pages with front matter.",
    long_about = "quire turns a folder of Markdown pages (with Pelican-style `key: value` or YAML \
front matter) into a static documentation site: chapters and a sidebar in sortorder, highlighted \
code, Tera templates, ready to publish as it is.\n\n\
A site folder holds content/ (Markdown; chapter folders like content/pages/05-deployment/), \
and optionally templates/ (overrides for the built-in theme), static/ (copied as is) and site.yaml. \
A folder of Markdown without content/ is a site as it is (its output/ is never read back as \
pages), and `content_dir:` in site.yaml names another folder of pages, e.g. `content_dir: docs`.",
    after_help = "Examples:\n  quire init docs             start a new site in ./docs\n  \
quire build                 build the site in this folder into ./output\n  \
quire build docs -o public  build ./docs (a site, or a folder of Markdown) into ./public\n\n\
Run `quire help <command>` for the options of each command."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into its output folder.
    #[command(
        long_about = "Build the site into its output folder.\n\n\
Reads the pages (content/, the folder `content_dir:` names, or SITE_DIR itself when it has \
no content/), templates/, static/ and site.yaml from SITE_DIR and writes the finished site \
to SITE_DIR/output (or --output). Only files whose bytes changed are rewritten; files that an \
earlier build wrote and whose source is gone are removed; nothing else in the output folder is \
touched (a build that would overwrite a file quire did not write stops, unless --force). If any \
page has an error, all errors are listed and the output folder is left as it was.",
        after_help = "Examples:\n  quire build\n  quire build path/to/site --output /tmp/site\n  quire build --watch"
    )]
    Build(BuildArgs),
    /// Find broken links and anchors, missing files and mis-encoded text.
    #[command(
        long_about = "Find broken links and anchors, missing files and mis-encoded text.\n\n\
Renders the site in memory (nothing is written) and reports every problem with its file, line \
and column, and a likely fix. Errors: links to pages, files or anchors the site does not have. \
Warnings: mis-encoded text (mojibake), duplicate headings, pages without `meta`, posts without \
a date. Exits 1 when there are errors (or, with --deny-warnings, warnings), else 0.",
        after_help = "Examples:\n  quire check\n  quire check docs --external\n  \
quire check --format json --deny-warnings"
    )]
    Check(CheckArgs),
    /// Build, serve the site on this machine, and rebuild and reload open tabs on every change.
    #[command(
        long_about = "Build the site, serve it over HTTP, watch SITE_DIR and rebuild on every change.\n\n\
Watches the pages (content/, the folder `content_dir:` names, or SITE_DIR itself), templates/, \
static/ and site.yaml. An edit re-renders only the pages it \
reaches, and open browser tabs showing a changed page reload (a stylesheet change is swapped in \
without a reload). Errors are shown in the terminal and over the page in every open tab; the \
last good pages stay served until they are fixed. The output folder always holds what \
`quire build` would write; the live-reload script is added only to the pages served.",
        after_help = "Examples:\n  quire serve\n  quire serve docs --port 3000 --open\n  \
quire serve --bind 0.0.0.0    let other machines on the network see it"
    )]
    Serve(ServeArgs),
    /// Make a new site: a starter to edit, which builds and serves as it is.
    #[command(
        long_about = "Make a new site in DIR (default: the current folder): a commented site.yaml, \
two chapters of pages (one showing code and callouts), a blog post and an image in static/. \
It builds with no warnings; its first page says which file to edit for what.\n\n\
DIR must be new or empty (a `.git` folder alone is fine): quire init refuses a folder that \
holds anything else, before writing a single file, so it never overwrites your work.",
        after_help = "Examples:\n  quire init docs          make ./docs\n  \
quire serve docs --open  then preview it; every save shows at once\n  \
quire build docs         or write the finished site into docs/output"
    )]
    Init(InitArgs),
    /// Make a site.yaml from another generator's settings.
    #[command(subcommand)]
    Import(ImportFrom),
}

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// The folder to make the site in; it must be new or empty.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum ImportFrom {
    /// Read a Pelican site's pelicanconf.py (or settings.py) and write its site.yaml.
    #[command(
        long_about = "Read a Pelican site's pelicanconf.py (or settings.py, or the file named) and write SITE/site.yaml from it.

The settings file is parsed, never run: top-level assignments of strings, numbers, booleans, None, tuples, lists and dicts are read; SITENAME, SITEURL, AUTHOR, RELATIVE_URLS, FEED_MAX_ITEMS or DEFAULT_PAGINATION, LINKS and SOCIAL are mapped, each commented with where it came from. Every setting that is not mapped is printed, one line each. An existing site.yaml is kept unless --force.",
        after_help = "Examples:\n  quire import pelican\n  quire import pelican blog/ --force\n  \
quire import pelican blog/publishconf.py"
    )]
    Pelican(ImportArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// The site folder (holding pelicanconf.py or settings.py), or the settings file itself.
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Replace an existing site.yaml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// The site folder (holding content/), or a folder of Markdown pages.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Also fetch every http(s) link (results are kept in SITE_DIR/.quire-cache/).
    #[arg(long)]
    pub external: bool,
    /// How to print the problems: `text` for people, `json` for CI and editors.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Seconds to wait for each external link.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
    /// Hours an external link's answer is trusted before it is fetched again (0: always fetch).
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    pub cache_hours: u64,
    /// Also fetch links to loopback, private and link-local addresses (refused by default).
    #[arg(long)]
    pub allow_private: bool,
    /// Seconds for all external links together; what is left then is reported as not checked.
    #[arg(long, value_name = "SECS", default_value_t = 180)]
    pub deadline: u64,
    /// The site file: a `mkdocs.yml` (by any name) or a site.yaml; its folder is the site folder.
    #[arg(short = 'f', long, value_name = "FILE")]
    pub config_file: Option<PathBuf>,
}

impl CheckArgs {
    /// The options of a check: nothing is written, so the output folder is only where pages
    /// are not looked for.
    pub fn options(&self) -> Options {
        let (site_dir, file) = site_file(&self.site_dir, self.config_file.as_deref());
        let output = crate::config::mkdocs::output_dir(&site_dir, file.as_deref());
        Options {
            output_named: false,
            config_file: file,
            ..Options::once(&site_dir, output.as_deref())
        }
    }
}

/// The site folder and the site file `-f` names: without a SITE_DIR, the file's own folder is
/// the site folder (as MkDocs takes the folder of `-f mkdocs.yml` for the project's).
fn site_file(dir: &Path, file: Option<&Path>) -> (PathBuf, Option<PathBuf>) {
    let Some(file) = file else {
        return (dir.to_path_buf(), None);
    };
    let site_dir = match file.parent() {
        Some(parent) if dir == Path::new(".") && !parent.as_os_str().is_empty() => {
            parent.to_path_buf()
        }
        _ => dir.to_path_buf(),
    };
    (site_dir, Some(file.to_path_buf()))
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// What every building command takes: where to write, and how.
#[derive(Args, Debug, Clone)]
pub struct BuildFlags {
    /// Where to write the site [default: SITE_DIR/output].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Do not read or write the cache of rendered pages in SITE_DIR/.quire-cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Print only errors: no warnings, notes or summary line (serve still prints its address).
    #[arg(short, long)]
    pub quiet: bool,
    /// Make HTML, CSS and JavaScript that quire writes smaller (whitespace and comments go).
    #[arg(long)]
    pub minify: bool,
    /// Also write a .gz and a .br copy next to each text file, for servers that send them as they are.
    #[arg(long)]
    pub precompress: bool,
    /// Write into an output folder that quire did not make, overwriting files there.
    #[arg(long)]
    pub force: bool,
    /// The site file: a `mkdocs.yml` (by any name) or a site.yaml; its folder is the site folder.
    #[arg(short = 'f', long, value_name = "FILE")]
    pub config_file: Option<PathBuf>,
}

impl BuildFlags {
    /// The options for the site folder given: the output folder `-o` names, else a MkDocs
    /// project's `site_dir:` (`site/`), else SITE_DIR/output.
    fn options(&self, dir: &Path, watching: bool) -> anyhow::Result<Options> {
        let (site_dir, file) = site_file(dir, self.config_file.as_deref());
        let mkdocs_output = (self.output.is_none())
            .then(|| crate::config::mkdocs::output_dir(&site_dir, file.as_deref()))
            .flatten();
        let output = self.output.as_deref().or(mkdocs_output.as_deref());
        let opts = if watching {
            Options::watching(&site_dir, output)?
        } else {
            Options::once(&site_dir, output)
        };
        let opts = Options {
            output_named: self.output.is_some(),
            config_file: match (file, watching) {
                (Some(f), true) => Some(std::path::absolute(f)?),
                (f, _) => f,
            },
            ..opts
        };
        if mkdocs_output.is_some() && watching {
            opts.check_links().map_err(|d| anyhow::anyhow!("{d}"))?;
        }
        Ok(self.apply(opts))
    }

    fn apply(&self, opts: Options) -> Options {
        Options {
            use_cache: !self.no_cache,
            processing: Processing {
                minify: self.minify,
                precompress: self.precompress,
            },
            quiet: self.quiet,
            force: self.force,
            ..opts
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The site folder (holding content/), or a folder of Markdown pages.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    #[command(flatten)]
    pub flags: BuildFlags,
    /// The port to listen on; if it is taken, the next free one is used.
    #[arg(short, long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on. Anything but 127.0.0.1 or ::1 lets other machines see the site.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using the system's file events (for network and
    /// container file systems, where events do not arrive).
    #[arg(long)]
    pub poll: bool,
    /// A host name the preview may be reached by, besides IP addresses and localhost
    /// (requests naming any other host are refused, against DNS rebinding).
    #[arg(long, value_name = "NAME")]
    pub host: Vec<String>,
}

impl ServeArgs {
    /// The options, with absolute folders (file events carry absolute paths).
    pub fn options(&self) -> anyhow::Result<Options> {
        let opts = self.flags.options(&self.site_dir, true)?;
        Ok(Options {
            serving: true,
            ..opts
        })
    }
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// The site folder (holding content/), or a folder of Markdown pages.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    #[command(flatten)]
    pub flags: BuildFlags,
    /// After building, watch the site and rebuild on every change (no server; see `quire serve`).
    #[arg(short, long)]
    pub watch: bool,
    /// With --watch: poll for changes instead of using the system's file events.
    #[arg(long, requires = "watch")]
    pub poll: bool,
}

impl BuildArgs {
    /// The options; with --watch, with absolute folders.
    pub fn options(&self) -> anyhow::Result<Options> {
        self.flags.options(&self.site_dir, self.watch)
    }
}
