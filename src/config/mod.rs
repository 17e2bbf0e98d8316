//! Site settings from the optional `site.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

mod checks;
pub(crate) mod mkdocs;
pub(crate) mod nav;
pub(crate) mod permalink;
mod site_file;

pub(crate) use checks::CheckKind;
pub(crate) use quire_markdown::Extensions;
pub(crate) use site_file::{Head, PageRules, Scheme, Script, SiteFile};

use crate::diagnostic::Diagnostic;
use crate::files::Links;
use crate::layout::ContentDir;
use crate::url::Urls;

pub(crate) const CONFIG_FILE: &str = "site.yaml";

#[derive(Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    /// One or two sentences about the site: llms.txt's summary.
    pub description: Option<String>,
    /// Also write /llms.txt, /llms-full.txt and a `.md` beside each page (llmstxt.org).
    pub llms_txt: bool,
    /// The top-level chapters as tabs under the header (Material's `navigation.tabs`).
    pub tabs: bool,
    /// Where the site is published, e.g. `https://example.org/docs/`. Its path
    /// part prefixes every link quire makes.
    pub base_url: String,
    pub author: String,
    /// The site's language (Pelican's DEFAULT_LANG, `en` unless set): pages without `lang:` are
    /// in it, a page in another is written to `{slug}-{lang}.html`, and pages sharing a slug are
    /// translations.
    pub lang: String,
    /// How many posts the home page and the feed show.
    pub recent_posts: usize,
    /// The automatic summary (of a page with no `summary:` or `meta:`): its first N words, with
    /// ` …` when there are more (Pelican's SUMMARY_MAX_LENGTH). Default: the first paragraph.
    pub summary_words: Option<usize>,
    /// Write links relative to each page (works from disk and under any path). Default: when
    /// base_url has no host, yes; when it names the host, links are absolute paths under it.
    pub relative_urls: Option<bool>,
    /// Where a page's source can be edited: its path under the site folder is appended
    /// (`https://github.com/org/repo/edit/main/docs/`). No "Edit this page" links when unset.
    pub edit_url: Option<String>,
    /// The picture link previews show for pages that name none (`image:` front matter).
    pub image: Option<String>,
    /// The folder `--8<--` include paths are relative to, relative to the site folder
    /// (default: the site folder itself).
    pub snippets: Option<PathBuf>,
    /// The folder of pages, relative to the site folder and inside it (MkDocs' `docs_dir`);
    /// `.` is the site folder itself. Default: content/, or the site folder when it has none.
    pub content_dir: Option<PathBuf>,
    /// Anything else the templates want, as `site.extra.NAME`.
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// The site folder this was read from (not a setting): includes are read relative to it.
    #[serde(skip)]
    pub site_dir: PathBuf,
    /// Where the pages are, decided once from `content_dir` and the site folder (not a setting).
    #[serde(skip)]
    pub(crate) content: ContentDir,
    /// What becomes of each kind of check's finding: `missing-meta: off`, `broken-link: error`;
    /// every key is a `CheckKind`'s name (`parse` refuses others).
    pub checks: BTreeMap<String, Level>,
    /// Where pages and posts are written (Pelican's PAGE_SAVE_AS / ARTICLE_SAVE_AS).
    pub permalinks: Permalinks,
    /// Pages placed by their folders as folders of their own: `guide/install.md` is written to
    /// `guide/install/index.html` and linked as `guide/install/` (MkDocs' `use_directory_urls`).
    pub pretty_urls: bool,
    /// The sidebar as the writer orders it (MkDocs' `nav:`): pages, sections and links. Without
    /// it, the content folder's folders are the chapters.
    pub nav: Option<nav::Nav>,
    /// Which Markdown extensions pages are read with (`markdown: { keys: false }`).
    pub markdown: Extensions,
    /// Contents beside every page of two sections or more; `false`: only on pages that say
    /// `toc: true`.
    pub toc: bool,
    /// The header's picture and the browser tab's icon: a path in the site or an address.
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// The source repository the header links to, and the name it shows (default: the
    /// address's last two parts, `org/repo`).
    pub repo_url: Option<String>,
    pub repo_name: Option<String>,
    /// The footer's links, each `{icon: github, link: …}` or `{name: Forum, link: …}`.
    pub social: Vec<Social>,
    /// The footer's copyright line, as written (text, no HTML).
    pub copyright: Option<String>,
    /// The site file is a `mkdocs.yml`: MkDocs' rules for nav and titles apply.
    #[serde(skip)]
    pub(crate) from_mkdocs: bool,
    /// Material's `navigation.indexes` (a mkdocs.yml's `theme.features`), for the nav MkDocs
    /// makes when the file writes none: see `Nav::section_indexes`.
    #[serde(skip)]
    pub(crate) section_indexes: bool,
    /// What reading the site file found besides settings (not a setting): see `SiteFile`.
    #[serde(skip)]
    pub(crate) file: SiteFile,
    /// Stylesheets and scripts every page loads after the theme's (MkDocs' `extra_css`,
    /// `extra_javascript`), and the palette's colours: see `Head`.
    #[serde(skip)]
    pub(crate) head: Head,
    /// Which pages are left out, drafts or moved (a mkdocs.yml's `exclude_docs`, `draft_docs`,
    /// `not_in_nav` and the redirects plugin's `redirect_maps`).
    #[serde(skip)]
    pub(crate) pages: PageRules,
    /// Folders of a Pelican theme's Jinja2 templates, relative to the site folder (`quire
    /// import pelican` writes them from THEME and THEME_TEMPLATES_OVERRIDES): a page naming a
    /// template found only there is built with quire's page template, with one warning.
    pub pelican_theme: Vec<PathBuf>,
    /// The zone of dates written without one (Pelican's TIMEZONE, a tz database name such as
    /// `Europe/Paris`): the feed and `<time datetime>` show its offset, and posts order by
    /// instant. Default: UTC.
    pub timezone: Option<String>,
    /// The date of a post written without one (Pelican's DEFAULT_DATE): `fs` for its file's
    /// modification time, or a date (`2012-01-01`). Default: none (see docs/pelican.md).
    pub default_date: Option<String>,
    /// How slugs are made (Pelican's SLUG_REGEX_SUBSTITUTIONS and kin): for `slug` (titles),
    /// `tag`, `category`, `author`, the `[pattern, replacement]` pairs Pelican's slugify applies
    /// in order. Default: Pelican's own.
    pub slug_substitutions: BTreeMap<String, Vec<(String, String)>>,
    /// Which files of a Pelican site are pages and which articles (its PAGE_PATHS,
    /// ARTICLE_PATHS, PAGE_EXCLUDES, ARTICLE_EXCLUDES). Default: Pelican's, pages in `pages/`.
    pub pelican_paths: Option<PelicanPaths>,
}

/// Pelican's PAGE_PATHS, ARTICLE_PATHS and their EXCLUDES: folders (or files) under content/.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PelicanPaths {
    pub pages: Vec<String>,
    pub articles: Vec<String>,
    pub page_excludes: Vec<String>,
    pub article_excludes: Vec<String>,
    /// USE_FOLDER_AS_CATEGORY: an article naming no category takes its folder's name.
    pub folder_as_category: bool,
}

impl Default for PelicanPaths {
    fn default() -> Self {
        PelicanPaths {
            pages: vec!["pages".into()],
            articles: vec![String::new()],
            page_excludes: Vec::new(),
            article_excludes: Vec::new(),
            folder_as_category: true,
        }
    }
}

/// One of the footer's links (Material's `extra.social`): an icon quire draws (`github`,
/// `gitlab`, `mastodon`, `x`, `linkedin`, `youtube`, `discord`, `rss`, `email`; Material's
/// `fontawesome/brands/github` names work too) or a name, or both; the name is what a screen
/// reader says.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Social {
    pub icon: Option<String>,
    pub name: Option<String>,
    pub link: String,
}

/// As `#[derive(Debug)]` writes it, but `pretty_urls` only when set: the search key is made
/// from this text (search/seal.rs), and a setting that only moves outputs (which the key holds
/// already) must not change every page of the sites that do not use it.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Config");
        d.field("title", &self.title)
            .field("description", &self.description)
            .field("llms_txt", &self.llms_txt)
            .field("tabs", &self.tabs)
            .field("base_url", &self.base_url)
            .field("author", &self.author)
            .field("lang", &self.lang)
            .field("recent_posts", &self.recent_posts)
            .field("summary_words", &self.summary_words)
            .field("relative_urls", &self.relative_urls)
            .field("edit_url", &self.edit_url)
            .field("image", &self.image)
            .field("snippets", &self.snippets)
            .field("extra", &self.extra)
            .field("site_dir", &self.site_dir)
            .field("checks", &self.checks)
            .field("permalinks", &self.permalinks);
        if self.pretty_urls {
            d.field("pretty_urls", &self.pretty_urls);
        }
        if self.markdown != Extensions::default() {
            d.field("markdown", &self.markdown);
        }
        // The page furniture only when set, for the reason above.
        if !self.toc {
            d.field("toc", &self.toc);
        }
        for (key, value) in [
            ("logo", &self.logo),
            ("favicon", &self.favicon),
            ("repo_url", &self.repo_url),
            ("repo_name", &self.repo_name),
            ("copyright", &self.copyright),
        ] {
            if value.is_some() {
                d.field(key, value);
            }
        }
        if !self.social.is_empty() {
            d.field("social", &self.social);
        }
        if !self.pelican_theme.is_empty() {
            d.field("pelican_theme", &self.pelican_theme);
        }
        if !self.slug_substitutions.is_empty() {
            d.field("slug_substitutions", &self.slug_substitutions);
        }
        if let Some(paths) = &self.pelican_paths {
            d.field("pelican_paths", paths);
        }
        for (key, value) in [
            ("timezone", &self.timezone),
            ("default_date", &self.default_date),
        ] {
            if value.is_some() {
                d.field(key, value);
            }
        }
        d.finish()
    }
}

/// Output path patterns: `{slug}`, `{category}`, `{lang}`, `{date:%Y}`, `{date:%m}`,
/// `{date:%d}`; a trailing `/` writes the folder's `index.html`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Permalinks {
    pub pages: Option<String>,
    pub posts: Option<String>,
    /// For pages and posts in another language than the site's (Pelican's PAGE_LANG_SAVE_AS,
    /// ARTICLE_LANG_SAVE_AS); without one, `{slug}` is `{slug}-{lang}` in the pattern above.
    pub pages_lang: Option<String>,
    pub posts_lang: Option<String>,
    /// Where a page without `slug:` gets its slug: its file name (the default), or its title
    /// as Pelican makes it (SLUGIFY_SOURCE = 'title', Pelican's default).
    pub slugs: Option<SlugSource>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SlugSource {
    File,
    Title,
}

/// What a kind of finding is: not reported, a warning, or an error (which fails `quire build`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    #[serde(alias = "warn")]
    Warning,
    Error,
}

/// The keys site.yaml knows, as the error for an unknown one lists them.
const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "author",
    "lang",
    "recent_posts",
    "summary_words",
    "relative_urls",
    "snippets",
    "content_dir",
    "edit_url",
    "image",
    "llms_txt",
    "tabs",
    "nav",
    "checks",
    "permalinks",
    "pretty_urls",
    "markdown",
    "toc",
    "logo",
    "favicon",
    "repo_url",
    "repo_name",
    "social",
    "copyright",
    "pelican_theme",
    "timezone",
    "default_date",
    "slug_substitutions",
    "pelican_paths",
    // Last: the hint for an unknown key names it apart.
    "extra",
];

/// `en`, `pt-BR`: a language as `lang` attributes and `{slug}-{lang}.html` names can hold it.
pub(crate) fn is_language_tag(lang: &str) -> bool {
    !lang.is_empty()
        && !lang.starts_with('-')
        && lang
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Documentation".into(),
            description: None,
            llms_txt: false,
            tabs: false,
            base_url: "/".into(),
            author: String::new(),
            lang: "en".into(),
            recent_posts: 20,
            summary_words: None,
            relative_urls: None,
            snippets: None,
            content_dir: None,
            edit_url: None,
            image: None,
            extra: BTreeMap::new(),
            site_dir: PathBuf::new(),
            content: ContentDir::default(),
            checks: BTreeMap::new(),
            permalinks: Permalinks::default(),
            pretty_urls: false,
            nav: None,
            markdown: Extensions::default(),
            toc: true,
            logo: None,
            favicon: None,
            repo_url: None,
            repo_name: None,
            social: Vec::new(),
            copyright: None,
            from_mkdocs: false,
            section_indexes: false,
            file: SiteFile::default(),
            head: Head::default(),
            pages: PageRules::default(),
            pelican_theme: Vec::new(),
            timezone: None,
            default_date: None,
            slug_substitutions: BTreeMap::new(),
            pelican_paths: None,
        }
    }
}

impl Config {
    /// Reads `site.yaml` from the site folder, else its `mkdocs.yml`; neither gives the defaults.
    pub fn load(site_dir: &Path) -> Result<Config, Diagnostic> {
        Config::load_file(site_dir, None)
    }

    /// Reads the site file named (`-f FILE`: a `mkdocs.yml` by any name, or a site.yaml), else
    /// the one the site folder holds: `site.yaml` first, then `mkdocs.yml` (`mkdocs.yaml`).
    pub fn load_file(site_dir: &Path, named: Option<&Path>) -> Result<Config, Diagnostic> {
        let has_site_yaml = std::fs::symlink_metadata(site_dir.join(CONFIG_FILE)).is_ok();
        let read = match (named, mkdocs::find(site_dir)) {
            (Some(file), _) if !is_site_yaml(file) => mkdocs::read(site_dir, file),
            (None, Some(file)) if !has_site_yaml => mkdocs::read(site_dir, &file),
            (None, Some(file)) => Config::read(site_dir).map(|c| c.beside(&file)),
            _ => Config::read(site_dir),
        };
        read.map(|c| Config {
            site_dir: site_dir.to_path_buf(),
            content: ContentDir::decide(site_dir, c.content_dir.as_deref()),
            ..c
        })
    }

    /// site.yaml read, with the note that a `mkdocs.yml` beside it is not.
    fn beside(mut self, mkdocs: &Path) -> Config {
        let name = mkdocs.file_name().unwrap_or_default().to_string_lossy();
        self.file.notes.push(Diagnostic::note(
            "config",
            format!("{CONFIG_FILE} is read and {name} beside it is not: take {CONFIG_FILE} away to build from {name}"),
        ));
        self
    }

    fn read(site_dir: &Path) -> Result<Config, Diagnostic> {
        let path = site_dir.join(CONFIG_FILE);
        // Never through a link: the site folder names this file, and a link could lead out of
        // it (or to /dev/zero); nor from a FIFO, which would wait forever.
        let text = match crate::files::read_regular_to_string(&path, Links::Refuse) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                let d = Diagnostic::error("config", CONFIG_FILE, format!("cannot read: {e}"));
                return Err(match e.kind() {
                    std::io::ErrorKind::InvalidInput => d.hint(
                        "make site.yaml a regular file in the site folder: a link is not followed (copy the file it leads to in its place)",
                    ),
                    std::io::ErrorKind::InvalidData => {
                        d.hint("save site.yaml as UTF-8")
                    }
                    _ => d,
                });
            }
        };
        Config::parse(&text).map(|c| Config {
            file: SiteFile {
                name: CONFIG_FILE.into(),
                read: vec![CONFIG_FILE.into()],
                ..SiteFile::default()
            },
            ..c
        })
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let mut config =
            serde_yaml::from_str::<Config>(text).map_err(|e| config_error(text, &e))?;
        if let Some(nav) = &mut config.nav {
            nav::locate(nav, text);
            nav.file = CONFIG_FILE.into();
        }
        for kind in config.checks.keys() {
            if CheckKind::parse(kind).is_none() {
                let mut d = Diagnostic::error(
                    "config",
                    CONFIG_FILE,
                    format!("`checks:` names an unknown kind of check: `{kind}`"),
                );
                if let Some(line) = line_of(text, kind) {
                    d = d.at_line(line);
                }
                let kinds = CheckKind::names();
                return Err(d.hint(match did_you_mean(kind, &kinds) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the kinds are {}", kinds.join(", ")),
                }));
            }
        }
        for (key, pattern, dated) in [
            ("pages", &config.permalinks.pages, false),
            ("posts", &config.permalinks.posts, true),
            ("pages_lang", &config.permalinks.pages_lang, false),
            ("posts_lang", &config.permalinks.posts_lang, true),
        ] {
            let Some(pattern) = pattern else { continue };
            if let Err(why) = permalink::check_permalink(pattern, dated) {
                let mut d =
                    Diagnostic::error("config", CONFIG_FILE, format!("`permalinks: {key}:` {why}"));
                if let Some(line) = line_of(text, key) {
                    d = d.at_line(line);
                }
                return Err(d.hint(
                    "write a path inside the site from {slug}, {category}, {lang}, {date:%Y}, {date:%m}, {date:%d}, e.g. `posts: \"{date:%Y}/{date:%m}/{slug}/\"`",
                ));
            }
        }
        if let Some(dir) = config.content_dir.as_deref() {
            check_content_dir(text, dir)?;
        }
        check_dates(text, &config)?;
        if !is_language_tag(&config.lang) {
            let mut d = Diagnostic::error(
                "config",
                CONFIG_FILE,
                format!("`lang:` {:?} is not a language tag", config.lang),
            );
            if let Some(line) = line_of(text, "lang") {
                d = d.at_line(line);
            }
            return Err(d.hint("write the site's language as letters, digits and `-`, e.g. `lang: en` or `lang: pt-BR`"));
        }
        if let Some(scheme) = config
            .edit_url
            .as_deref()
            .and_then(crate::url::unsafe_scheme)
        {
            let mut d = Diagnostic::error(
                "config",
                CONFIG_FILE,
                format!(
                    "`edit_url:` is a `{scheme}:` address; every page's \"Edit this page\" link would run or show it, not open the page's source"
                ),
            );
            if let Some(line) = line_of(text, "edit_url") {
                d = d.at_line(line);
            }
            return Err(d.hint("write an http(s) address, e.g. `edit_url: https://github.com/org/repo/edit/main/`, or a path on the site"));
        }
        // magiclink's `#12` and `@user` point at the site's repository unless `markdown:`
        // names another: decided here, once, so the Markdown stage reads one setting.
        if config.markdown.repo_url.is_none() {
            config.markdown.repo_url = config.repo_url.clone();
        }
        Ok(config)
    }

    /// Whether `checks:` makes any kind of finding an error that stops a build.
    pub fn makes_errors_of_checks(&self) -> bool {
        self.checks.values().any(|l| *l == Level::Error)
    }

    /// What becomes of a finding of this kind (a warning unless `checks:` says otherwise).
    pub(crate) fn level(&self, kind: CheckKind) -> Option<Level> {
        self.checks.get(kind.as_str()).copied()
    }

    /// Where the site lives, resolved once: everything that makes a URL reads this.
    pub(crate) fn urls(&self) -> Urls {
        Urls::of(&self.base_url, self.relative_urls)
    }

    /// The folder include paths are relative to.
    pub fn snippets_dir(&self) -> PathBuf {
        match &self.snippets {
            Some(dir) => self.site_dir.join(dir),
            None => self.site_dir.clone(),
        }
    }
}

/// A relative folder that stays inside the folder it is relative to.
fn stays_inside(dir: &Path) -> bool {
    let mut depth = 0usize;
    !dir.as_os_str().is_empty()
        && dir.components().all(|c| match c {
            std::path::Component::Normal(_) => {
                depth += 1;
                true
            }
            std::path::Component::CurDir => true,
            std::path::Component::ParentDir => depth.checked_sub(1).map(|d| depth = d).is_some(),
            _ => false,
        })
}

/// Whether `-f FILE` names a site.yaml (read as quire's settings) rather than a `mkdocs.yml`.
fn is_site_yaml(file: &Path) -> bool {
    file.file_name().is_some_and(|n| n == CONFIG_FILE)
}

/// `content_dir:` names a folder inside the site folder (the site folder itself with `.`): a
/// site's pages are its own, as its output never leaves it.
fn check_content_dir(text: &str, dir: &Path) -> Result<(), Diagnostic> {
    let inside = stays_inside(dir);
    if inside {
        return Ok(());
    }
    let mut d = Diagnostic::error(
        "config",
        CONFIG_FILE,
        format!(
            "`content_dir:` {} is not a folder inside the site folder",
            dir.display()
        ),
    );
    if let Some(line) = line_of(text, "content_dir") {
        d = d.at_line(line);
    }
    Err(d.hint("name the folder of pages from the site folder, e.g. `content_dir: docs`, or `content_dir: .` for the site folder itself"))
}

/// A site.yaml that is not what quire reads, in plain words: an unknown key with the key most
/// like it (the known ones listed once), or the YAML mistake by its name.
fn config_error(text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let message = e.to_string();
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(key, _)| key)
    {
        let mut d = Diagnostic::error("config", CONFIG_FILE, format!("unknown key `{key}`"));
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), loc.column());
        }
        let known = format!(
            "site.yaml knows {}, and `extra:` (a map for your own templates)",
            KEYS[..KEYS.len() - 1].join(", ")
        );
        return d.hint(match did_you_mean(key, KEYS) {
            Some(near) => format!("did you mean `{near}`? {known}"),
            None => known,
        });
    }
    if let Some(value) = message
        .strip_prefix("checks.")
        .filter(|m| m.contains("unknown variant"))
    {
        let mut d = Diagnostic::error(
            "config",
            CONFIG_FILE,
            format!(
                "`checks:` takes off, warning or error for each kind ({})",
                value.split(" at line ").next().unwrap_or(value)
            ),
        );
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), loc.column());
        }
        return d.hint("e.g. `checks: {missing-meta: off, broken-link: error}`");
    }
    if let Some(why) = nav::message(&message) {
        let d = Diagnostic::error("config", CONFIG_FILE, why).hint(nav::HINT);
        return match e.location() {
            Some(loc) => d.at(loc.line(), loc.column()),
            None => d,
        };
    }
    let p = crate::yaml::explain(text, e);
    let d = Diagnostic::error("config", CONFIG_FILE, p.message).hint(p.hint);
    match (e.location(), p.column) {
        (Some(_), Some(column)) => d.at(p.line, column),
        _ => d,
    }
}

/// `timezone:` names a zone of the tz database, and `default_date:` is `fs` or a date.
fn check_dates(text: &str, config: &Config) -> Result<(), Diagnostic> {
    let at = |d: Diagnostic, key: &str| match line_of(text, key) {
        Some(line) => d.at_line(line),
        None => d,
    };
    if let Some(name) = config.timezone.as_deref() {
        if crate::date::zone(name).is_none() {
            let d = Diagnostic::error(
                "config",
                CONFIG_FILE,
                format!("`timezone:` {name:?} is not a time zone"),
            );
            return Err(at(d, "timezone").hint(crate::date::zone_hint(name)));
        }
    }
    if let Some(kind) = (config.slug_substitutions.keys())
        .find(|k| !matches!(k.as_str(), "slug" | "tag" | "category" | "author"))
    {
        let d = Diagnostic::error(
            "config",
            CONFIG_FILE,
            format!(
                "`slug_substitutions:` names {kind:?}, which is not slug, tag, category or author"
            ),
        );
        return Err(at(d, kind).hint("write `slug:` (titles), `tag:`, `category:` or `author:`, each a list of [pattern, replacement]"));
    }
    if let Some(default) = config.default_date.as_deref() {
        if !matches!(default, "fs" | "none") && crate::date::Date::parse(default).is_none() {
            let d = Diagnostic::error(
                "config",
                CONFIG_FILE,
                format!("`default_date:` {default:?} is not `fs`, `none` or a date"),
            );
            return Err(at(d, "default_date").hint(
                "write `default_date: fs` (the file's modification time), `none` (an article without a date is left out, as Pelican leaves it) or a date, e.g. `default_date: 2012-01-01`",
            ));
        }
    }
    Ok(())
}

/// The known word nearest to a misspelt one, if it is near enough to be meant.
fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1) + 1)
        .min()
        .map(|(_, k)| k)
}

/// The first line where `word:` is written, for a key found after parsing.
fn line_of(text: &str, word: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(word)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let err = Config::parse("title: X\ntitel: Y\n").unwrap_err();
        assert!(err.message.contains("titel"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn an_unknown_key_gets_a_did_you_mean_and_the_keys_once() {
        let err = Config::parse("title: X\nbase_ulr: /docs/\n").unwrap_err();
        assert_eq!(err.message, "unknown key `base_ulr`");
        assert_eq!(
            err.hint.as_deref(),
            Some("did you mean `base_url`? site.yaml knows title, description, base_url, author, lang, recent_posts, summary_words, relative_urls, snippets, content_dir, edit_url, image, llms_txt, tabs, nav, checks, permalinks, pretty_urls, markdown, toc, logo, favicon, repo_url, repo_name, social, copyright, pelican_theme, timezone, default_date, slug_substitutions, pelican_paths, and `extra:` (a map for your own templates)")
        );
    }

    #[test]
    fn checks_name_known_kinds_and_levels() {
        let c = Config::parse("checks:\n  missing-meta: off\n  broken-link: error\n").unwrap();
        assert_eq!(c.level(CheckKind::MissingMeta), Some(Level::Off));
        assert_eq!(c.level(CheckKind::BrokenLink), Some(Level::Error));
        assert_eq!(c.level(CheckKind::MisEncoded), None);
        let err = Config::parse("checks:\n  missing-mta: off\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.hint.as_deref(), Some("did you mean `missing-meta`?"));
        let err = Config::parse("checks:\n  missing-meta: quiet\n").unwrap_err();
        assert!(
            err.message
                .starts_with("`checks:` takes off, warning or error"),
            "{}",
            err.message
        );
    }
}
