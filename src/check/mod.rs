//! `quire check`: broken links, missing anchors and files, mis-encoded text
//! and other slips, found in a site rendered in memory.
//!
//! `run` is a plain function of a loaded site and what rendering learnt about
//! its pages, so that `quire build`, `quire check` and `quire serve` all run
//! the same checks.

pub(crate) mod external;
pub(crate) mod links;
pub(crate) mod mojibake;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;

use crate::build::{self, Builder, Prior};
use crate::cli::{CheckArgs, Format};
pub(crate) use crate::config::CheckKind;
use crate::config::{Config, Level};
use crate::content::Page;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::load::LoadedSite;
use crate::markdown::{slugify, Link};
use crate::render::PageFacts;
use crate::suggest::Nearest;
use links::Target;

/// `quire check`: prints every problem and returns the exit code.
pub(crate) fn command(args: &CheckArgs) -> ExitCode {
    let (diags, pages) = match check_site(args) {
        Ok((diags, pages)) => (diags, Some(pages)),
        Err(load_errors) => (load_errors, None),
    };
    match args.format {
        Format::Json => crate::report::json(&to_json(&diags)),
        Format::Text => {
            crate::report::diagnostics(&diags, crate::report::Shown::All);
            crate::report::check_summary(&diags, pages);
        }
    }
    let fails = diags
        .iter()
        .any(|d| d.is_error() || (args.deny_warnings && d.is_warning()));
    if fails {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs every stage of a build but the writing, with every check; returns the problems and the
/// page count, or what stopped the build (the site could not be loaded or rendered).
fn check_site(args: &CheckArgs) -> Result<(Vec<Diagnostic>, usize), Vec<Diagnostic>> {
    let opts = args.options();
    let site_dir = &opts.site_dir.clone();
    // The checks' findings are the result here, graded as `checks:` says, not a build's stop.
    let found = std::sync::Mutex::new(Vec::new());
    let keep_findings = |loaded: &LoadedSite, facts: &[PageFacts], _: Option<&HashSet<usize>>| {
        let diags = with_levels(run(loaded, facts), &loaded.config);
        *found.lock().expect("no panics while held") = diags;
        Vec::new()
    };
    let mut builder = Builder::new(opts).writing_nothing();
    if args.external {
        builder = builder.keeping_links_out();
    }
    let (_, prior) = builder.build(
        &Prior::default(),
        &crate::changes::Changes::everything(),
        build::SiteWide::Now,
        &keep_findings,
        &|_, _| {},
    )?;
    let loaded = prior
        .loaded
        .as_ref()
        .expect("a build's prior holds its site");
    let mut diags = found.into_inner().expect("no panics while held");
    if args.external {
        let facts = prior.facts();
        let mut settings = external::Settings::for_site(
            site_dir,
            Duration::from_secs(args.timeout.max(1)),
            Duration::from_secs(args.cache_hours.saturating_mul(3600)),
        );
        settings.allow_private = args.allow_private;
        settings.deadline = Duration::from_secs(args.deadline);
        diags.extend(with_levels(
            external::check(&external_links(loaded, &facts), &settings),
            &loaded.config,
        ));
        diagnostic::sort(&mut diags);
    }
    Ok((diags, loaded.site.pages.len()))
}

/// What the checks look things up in.
struct Index<'a> {
    loaded: &'a LoadedSite,
    /// Every output (the site's routes), to look links up in: every link of every page is, so
    /// a lookup is one hash, not a walk down a tree of the paths.
    present: HashSet<&'a str>,
    /// What rendering learnt of each page, by output path: its heading and raw-HTML ids.
    pages: HashMap<&'a str, &'a crate::markdown::Rendered>,
    /// "Did you mean" for missing pages and files: each index is made when the first such
    /// link is met (a site without one pays nothing), and each missing path is looked up once
    /// however many links name it. Pages are checked in parallel, hence the locks.
    near_pages: OnceLock<Nearest<&'a str>>,
    near_files: OnceLock<NearFiles<'a>>,
    suggested: Mutex<HashMap<(bool, String), Option<&'a str>>>,
}

impl<'a> Index<'a> {
    fn new(loaded: &'a LoadedSite, facts: &[&'a PageFacts]) -> Self {
        let pages = (facts.iter())
            .map(|f| (loaded.site.pages[f.page].output.as_str(), &*f.rendered))
            .collect();
        Index {
            loaded,
            present: loaded.routes.outputs().collect(),
            pages,
            near_pages: OnceLock::new(),
            near_files: OnceLock::new(),
            suggested: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `checks:` in site.yaml drops this kind's findings, so that no hint is worth
    /// working out for them.
    fn is_off(&self, kind: CheckKind) -> bool {
        self.loaded.config.level(kind) == Some(Level::Off)
    }

    /// `find(self, path)`, remembered per path (`page`: which of the two it is).
    fn suggestion(
        &self,
        page: bool,
        path: &str,
        find: fn(&Self, &str) -> Option<&'a str>,
    ) -> Option<&'a str> {
        let key = (page, path.to_string());
        if let Some(known) = self
            .suggested
            .lock()
            .expect("no panics while held")
            .get(&key)
        {
            return *known;
        }
        let found = find(self, path);
        (self.suggested.lock().expect("no panics while held")).insert(key, found);
        found
    }
}

/// Every problem the checks find, errors and warnings, in report order.
pub(crate) fn run(loaded: &LoadedSite, facts: &[PageFacts]) -> Vec<Diagnostic> {
    let facts: Vec<&PageFacts> = facts.iter().collect();
    let mut found = run_pages(loaded, &facts, None);
    found.extend(loaded.config.file.notes.iter().cloned());
    found
}

/// What the checks find on some pages (`only`, by index; `None`: all of them), looked up
/// against every page's facts. `quire serve` checks the pages a save re-rendered.
pub(crate) fn run_pages(
    loaded: &LoadedSite,
    facts: &[&PageFacts],
    only: Option<&std::collections::HashSet<usize>>,
) -> Vec<Diagnostic> {
    let index = Index::new(loaded, facts);
    let mut diags: Vec<Diagnostic> = facts
        .par_iter()
        .filter(|f| only.is_none_or(|o| o.contains(&f.page)))
        .flat_map_iter(|f| {
            let page = &loaded.site.pages[f.page];
            let text = match page.text() {
                Ok(text) => text,
                Err(e) => return vec![e],
            };
            let lines = Lines::new(&text);
            let mut d: Vec<Diagnostic> = f
                .rendered
                .links
                .iter()
                .filter(|l| {
                    !crate::content::nav_plugins::is_nav_folder_link(
                        &loaded.config,
                        &page.source,
                        l.dest,
                    )
                })
                .filter_map(|link| check_link(&index, page, &lines, &link))
                .collect();
            d.extend(duplicate_headings(page, &lines, &f.rendered));
            d.extend(markdown_warnings(page, &lines, &f.rendered));
            d.extend(mis_encoded(page, &lines));
            d.extend(missing_meta(page));
            d.extend(crate::content::meta::misspelt_keys(
                &page.meta,
                &page.source,
            ));
            d.extend(crate::content::meta::unknown_icon(&page.meta, &page.source));
            d.extend(crate::content::meta::filled_date(&page.meta, &page.source));
            d.extend(header_read_as_text(page, &text));
            d
        })
        .collect();
    if loaded.config.from_mkdocs {
        summarise_duplicate_headings(&mut diags);
    }
    diagnostic::sort(&mut diags);
    diags
}

/// A MkDocs project's duplicate headings in one line, at the first: Python-Markdown's toc
/// gives each its own id (`usage`, `usage_1`) without a word, so such projects repeat headings
/// on purpose (the same "Example" under each option) and a line each would bury what is wrong;
/// a link to one still lands on the first, which the line says once.
fn summarise_duplicate_headings(diags: &mut Vec<Diagnostic>) {
    let kind = CheckKind::DuplicateHeading.as_str();
    let (mut found, others): (Vec<_>, Vec<_>) = std::mem::take(diags)
        .into_iter()
        .partition(|d| d.kind == kind);
    *diags = others;
    diagnostic::sort(&mut found);
    let n = found.len();
    let pages: BTreeSet<&Path> = found.iter().map(|d| d.file.as_path()).collect();
    let pages = pages.len();
    let Some(mut first) = found.into_iter().next() else {
        return;
    };
    if n > 1 {
        let on = if pages == 1 {
            "1 page".to_string()
        } else {
            format!("{pages} pages")
        };
        first.message = format!(
            "{n} duplicate headings on {on}, the first: {}",
            first.message
        );
        first.hint = Some("each gets its own id, but a link to one by its text lands on the first; give a heading its own id where a link must reach it: `{#other-id}` after its text".into());
    }
    diags.push(first);
}

/// The review a build runs before it writes (see `build::Review`): what the checks find on the
/// pages, as `checks:` in site.yaml grades it, and once per whole site the note that sitemap and
/// feed need a host.
pub fn review(
    loaded: &LoadedSite,
    facts: &[PageFacts],
    only: Option<&std::collections::HashSet<usize>>,
) -> Vec<Diagnostic> {
    let facts: Vec<&PageFacts> = facts.iter().collect();
    let mut found = for_build(run_pages(loaded, &facts, only), &loaded.config);
    if only.is_none() {
        let config = &loaded.config;
        let site_file = match config.from_mkdocs {
            true => Some(crate::publish::SiteFileKind::MkDocs),
            false => (config.site_dir.join(crate::config::CONFIG_FILE).is_file())
                .then_some(crate::publish::SiteFileKind::SiteYaml),
        };
        found.extend(crate::publish::no_host_note(&loaded.assets, site_file));
        // What reading the site file found (a mkdocs.yml's plugins not run, its unknown keys).
        found.extend(loaded.config.file.notes.iter().cloned());
        found.extend(loaded.site.not_in_nav_note(&loaded.config));
        let pages = loaded.site.pages.iter().map(|p| &**p);
        found.extend(crate::content::nav_plugins::warnings(pages, config));
        found.extend(loaded.site.undated_warning());
        found.extend(crate::content::mkdocs::leftover_warnings(&loaded.site));
    }
    found
}

/// The checks' findings as `quire build` and `quire serve` report them: as warnings that never
/// fail the build, except where `checks:` in site.yaml turns a kind off or makes it an error.
pub(crate) fn for_build(diags: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    with_levels(as_warnings(diags), config)
}

fn as_warnings(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .map(|d| Diagnostic {
            severity: Severity::Warning,
            ..d
        })
        .collect()
}

/// `checks:` applied: each kind it names is dropped (`off`) or given its severity.
pub(crate) fn with_levels(diags: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter_map(|d| {
            let level = CheckKind::parse(d.kind).and_then(|k| config.level(k));
            match level {
                None => Some(d),
                Some(Level::Off) => None,
                Some(Level::Warning) => Some(Diagnostic {
                    severity: Severity::Warning,
                    ..d
                }),
                Some(Level::Error) => Some(Diagnostic {
                    severity: Severity::Error,
                    ..d
                }),
            }
        })
        .collect()
}

/// Line starts of one file, so that many offsets turn into lines without rescanning it; found
/// when the first is asked for (most pages have no finding, and a page without one must not
/// pay for a pass over its text).
struct Lines<'a> {
    text: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            starts: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset, as `diagnostic::line_col` gives.
    fn at(&self, offset: usize) -> (usize, usize) {
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The place of an offset into the page's body.
    fn in_body(&self, page: &Page, body_offset: usize) -> (usize, usize) {
        self.at(page.body_offset + body_offset)
    }
}

/// A link to `x.html`, or to `x` with no extension at all, means a page; anything else a file.
fn is_page_path(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.ends_with(".html") || file.ends_with(".htm") || !file.contains('.')
}

fn check_link(index: &Index, page: &Page, lines: &Lines, link: &Link) -> Option<Diagnostic> {
    let dest = link.dest.trim();
    let error = |kind: CheckKind, message: String| {
        let (line, col) = lines.in_body(page, link.offset);
        Diagnostic::error(kind.as_str(), &page.source, message).at(line, col)
    };
    let (path, fragment) = match links::resolve(dest, &page.output) {
        Err(why) => return Some(error(CheckKind::BrokenLink, format!("broken link: {why}"))),
        Ok(Target::Internal { path, fragment }) => (path, fragment),
        Ok(_) => return None,
    };
    // The written path, and what follows it (`?query#fragment`), for suggestions.
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (written, suffix) = dest.split_at(split);
    // A host serves `/guide/index.html` for `/guide` too.
    let folder_index = format!("{path}/index.html");
    let path = if index.present.contains(folder_index.as_str()) {
        folder_index
    } else {
        path
    };
    if !index.present.contains(path.as_str()) {
        let suggest = |target: &str| {
            format!(
                "did you mean {}{suffix}?",
                links::written_like(written, &page.output, target)
            )
        };
        return Some(if is_page_path(&path) {
            let d = error(
                CheckKind::BrokenLink,
                format!("broken link: {dest} points to a page that does not exist"),
            );
            if index.is_off(CheckKind::BrokenLink) {
                return Some(d);
            }
            match index.suggestion(true, &path, closest_page) {
                Some(target) => d.hint(suggest(target)),
                None => d.hint("link to an existing page, e.g. /index.html"),
            }
        } else {
            let what = if link.image { "image or file" } else { "file" };
            let d = error(
                CheckKind::MissingFile,
                format!("missing {what}: {dest} is neither produced by the site nor in static/"),
            );
            if index.is_off(CheckKind::MissingFile) {
                return Some(d);
            }
            match index.suggestion(false, &path, closest_file) {
                Some(target) => d.hint(suggest(target)),
                None => d.hint(format!("put the file at static/{path}")),
            }
        });
    }
    let fragment = fragment.filter(|f| !f.is_empty() && f != "top")?;
    // Only pages have ids quire knows; anchors into other files are left alone.
    let target = index.pages.get(path.as_str())?;
    let ids = target.heading_ids.iter().chain(target.html_ids.iter());
    if ids.clone().any(|id| id == fragment) {
        return None;
    }
    let page_name = if path == page.output {
        "this page".to_string()
    } else {
        format!("/{path}")
    };
    let d = error(
        CheckKind::MissingAnchor,
        format!("missing anchor: {page_name} has no heading or id \"{fragment}\""),
    );
    if index.is_off(CheckKind::MissingAnchor) {
        return Some(d);
    }
    Some(
        match crate::suggest::closest(&fragment, ids.clone().map(|id| (id, id))) {
            Some(id) => d.hint(format!("did you mean {written}#{id}?")),
            None => {
                let some: Vec<&str> = ids.take(8).collect();
                match some.is_empty() {
                    true => d.hint(format!("{page_name} has no headings or ids")),
                    false => d.hint(format!("its ids are: {}", some.join(", "))),
                }
            }
        },
    )
}

/// The page most like a missing one: by its slug and by its title.
fn closest_page<'a>(index: &Index<'a>, path: &str) -> Option<&'a str> {
    // `/blog/` resolved to `blog/index.html`: the folder's name is what the writer meant.
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or(path);
    let file = match parts.next() {
        Some(dir) if file == "index.html" => dir,
        _ => file,
    };
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let near = index.near_pages.get_or_init(|| {
        let loaded = index.loaded;
        let pages = &loaded.site.pages;
        let by_slug = pages.iter().map(|p| (p.slug.clone(), p.output.as_str()));
        let by_title = pages
            .iter()
            .map(|p| (slugify(&p.meta.title), p.output.as_str()));
        let listings = (loaded.routes.outputs())
            .filter(|o| is_page_path(o))
            .map(|o| (o.trim_end_matches(".html").to_string(), o));
        Nearest::new(by_slug.chain(by_title).chain(listings))
    });
    near.nearest(stem).copied()
}

/// What a missing file is looked up in: every output by its file name (`None` when several
/// share it), and the outputs that are not pages, by their paths.
struct NearFiles<'a> {
    by_name: HashMap<&'a str, Option<&'a str>>,
    by_path: Nearest<&'a str>,
}

/// The produced file most like a missing one: the same file name elsewhere, or a near path.
fn closest_file<'a>(index: &Index<'a>, path: &str) -> Option<&'a str> {
    let near = index.near_files.get_or_init(|| {
        let outputs = || index.loaded.routes.outputs();
        let mut by_name = HashMap::new();
        for o in outputs() {
            let name = o.rsplit('/').next().unwrap_or(o);
            (by_name.entry(name))
                .and_modify(|only| *only = None)
                .or_insert(Some(o));
        }
        let by_path = Nearest::new(outputs().filter(|o| !is_page_path(o)).map(|o| (o, o)));
        NearFiles { by_name, by_path }
    });
    let name = path.rsplit('/').next().unwrap_or(path);
    match near.by_name.get(name) {
        Some(Some(only)) => Some(only),
        _ => near.by_path.nearest(path).copied(),
    }
}

/// What rendering could not do as written: unknown callout kinds, empty tabs, code block
/// options it does not understand, formulas it cannot read.
fn markdown_warnings(
    page: &Page,
    lines: &Lines,
    rendered: &crate::markdown::Rendered,
) -> Vec<Diagnostic> {
    rendered
        .warnings
        .iter()
        .map(|w| {
            let (line, col) = lines.in_body(page, w.offset);
            let kind = if w.message.starts_with("unknown callout kind") {
                CheckKind::Callout
            } else {
                CheckKind::Markdown
            };
            Diagnostic::warning(kind.as_str(), &page.source, w.message.clone())
                .at(line, col)
                .hint(w.hint.clone())
        })
        .collect()
}

fn duplicate_headings(
    page: &Page,
    lines: &Lines,
    rendered: &crate::markdown::Rendered,
) -> Vec<Diagnostic> {
    // Each heading's first offset by its text; lines are found only for a duplicate.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (text, &offset) in rendered.headings.iter().zip(&rendered.heading_offsets) {
        match seen.get(&text.to_lowercase()) {
            Some(&first) => {
                let (line, col) = lines.in_body(page, offset);
                let first = lines.in_body(page, first).0;
                out.push(
                Diagnostic::warning(
                    CheckKind::DuplicateHeading.as_str(),
                    &page.source,
                    format!("duplicate heading \"{text}\" (also on line {first})"),
                )
                .at(line, col)
                .hint(format!(
                    "links to #{} go to the first one; rename one, or give this one an id: `{{#other-id}}` after its text",
                    slugify(text)
                )),
                )
            }
            None => {
                seen.insert(text.to_lowercase(), offset);
            }
        }
    }
    out
}

fn mis_encoded(page: &Page, lines: &Lines) -> Vec<Diagnostic> {
    let text = lines.text;
    let is_word = |c: char| !c.is_whitespace() && !"()[]{}<>\"`*_|".contains(c);
    let mut out = Vec::new();
    let mut reported_to = 0;
    for m in mojibake::find(text) {
        if m.start < reported_to {
            continue; // inside a word already reported
        }
        let start = text[..m.start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word(c))
            .last()
            .map_or(m.start, |(i, _)| i);
        let end = text[m.end..]
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(text.len(), |(i, _)| m.end + i);
        let word = &text[start..end];
        reported_to = end;
        let (line, col) = lines.at(m.start);
        out.push(
            Diagnostic::warning(
                CheckKind::MisEncoded.as_str(),
                &page.source,
                format!("mis-encoded text \"{word}\" (UTF-8 read as Windows-1252)"),
            )
            .at(line, col)
            .hint(format!("did you mean \"{}\"?", mojibake::repair(word))),
        );
    }
    out
}

/// A first paragraph that starts like a header but is not one all through: the page shows it
/// as text (a folder of Markdown need not have headers), which a writer who meant a header
/// wants to know, with the line that broke it.
fn header_read_as_text(page: &Page, text: &str) -> Option<Diagnostic> {
    if page.body_offset > 3 {
        return None;
    }
    let line = crate::content::frontmatter::header_broken_at(text, crate::content::meta::is_known)?;
    Some(
        Diagnostic::warning(
            CheckKind::Markdown.as_str(),
            &page.source,
            format!(
                "the first paragraph starts like a header, but line {line} is not `key: value`, \
                 so the page shows it as text"
            ),
        )
        .at_line(line)
        .hint(
            "put a blank line between the header and the text, or write the header as YAML \
             between `---` lines",
        ),
    )
}

fn missing_meta(page: &Page) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A page written without a header (for GitHub, MkDocs) was never meant to carry one line
    // about itself: asking each of them for `meta:` would bury the findings that matter.
    let has_header = page.body_offset > 0;
    if has_header
        && page
            .meta
            .meta
            .as_deref()
            .is_none_or(|m| m.trim().is_empty())
    {
        out.push(
            Diagnostic::warning(
                CheckKind::MissingMeta.as_str(),
                &page.source,
                "the page has no `meta` (the description search engines and link previews show)",
            )
            .at_line(1)
            .hint("add a line `meta: one sentence about the page` to the front matter"),
        );
    }
    let in_posts = page
        .source
        .components()
        .nth(1)
        .is_some_and(|c| c.as_os_str() == "posts");
    let says_post = page
        .meta
        .category
        .as_deref()
        .is_some_and(|c| !c.eq_ignore_ascii_case("page"));
    if !page.is_post && (in_posts || says_post) {
        out.push(
            Diagnostic::warning(
                CheckKind::PostWithoutDate.as_str(),
                &page.source,
                "this post has no `date`, so it is built as a page",
            )
            .at_line(1)
            .hint("add a line `date: YYYY-MM-DD` to the front matter"),
        );
    }
    out
}

/// Where a link is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Place {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// Every http(s) link of the site, each URL once, with the places it is written.
pub(crate) fn external_links(
    loaded: &LoadedSite,
    facts: &[PageFacts],
) -> BTreeMap<String, Vec<Place>> {
    let mut urls: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for f in facts {
        let page = &loaded.site.pages[f.page];
        // A file changed since the site was loaded is reported by `run`; its links are left out.
        let Ok(text) = page.text() else { continue };
        let lines = Lines::new(&text);
        for link in f.rendered.links.iter() {
            let dest = link.dest.trim();
            if links::resolve(dest, &page.output) != Ok(Target::External) {
                continue;
            }
            let url = match dest.strip_prefix("//") {
                Some(rest) => format!("https://{rest}"),
                None => dest.to_string(),
            };
            // The fragment never reaches the server: one request per page.
            let url = url
                .split_once('#')
                .map_or(url.clone(), |(u, _)| u.to_string());
            let (line, column) = lines.in_body(page, link.offset);
            urls.entry(url).or_default().push(Place {
                file: page.source.clone(),
                line,
                column,
            });
        }
    }
    urls
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    kind: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
    /// Lines shown under the message (a template's parse diagram, a long list of files).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    detail: &'a [String],
    /// The pages whose rendering met a template's problem.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pages: Vec<String>,
}

/// The diagnostics as one JSON array, one object per line, in report order.
pub(crate) fn to_json(diags: &[Diagnostic]) -> String {
    let items: Vec<String> = diags
        .iter()
        .filter(|d| !d.is_note())
        .map(|d| {
            serde_json::to_string(&JsonDiagnostic {
                file: d.file.display().to_string().replace('\\', "/"),
                line: d.line,
                column: d.column,
                severity: d.severity.label(),
                kind: d.kind,
                message: &d.message,
                suggestion: d.hint.as_deref(),
                detail: &d.detail,
                pages: d
                    .pages
                    .iter()
                    .map(|p| p.display().to_string().replace('\\', "/"))
                    .collect(),
            })
            .expect("plain strings serialize")
        })
        .collect();
    if items.is_empty() {
        "[]\n".to_string()
    } else {
        format!("[\n{}\n]\n", items.join(",\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::line_col;

    #[test]
    fn lines_agree_with_line_col() {
        let text = "ab\ncé\n\nlast line ’ here";
        let lines = Lines::new(text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(lines.at(offset), line_col(text, offset), "offset {offset}");
        }
    }
}
