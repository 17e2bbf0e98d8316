//! `plugins:` and `hooks:` of a `mkdocs.yml`: the plugins that map onto what quire does are
//! read; any other, and every hook, is one warning, never a failure. Also the page rules
//! MkDocs has as keys (`exclude_docs`, `draft_docs`, `not_in_nav`).

use serde_yaml::{Mapping, Value};

use super::{scalar, Reader};
use crate::config::{Config, PageRules};
use crate::diagnostic::Diagnostic;
use quire_markdown::include::IncludeMarkdown;

/// Plugins whose work quire does itself (search, git dates, tags from front matter), or that
/// change nothing a reader sees.
const ACCEPTED: &[&str] = &[
    "search",
    "minify",
    "offline",
    "privacy",
    "git-revision-date-localized",
    "git-revision-date",
    "git-committers",
    "git-authors",
    "section-index",
];

pub(super) fn read(r: &mut Reader, map: &Mapping, config: &mut Config) -> Result<(), Diagnostic> {
    config.pages.exclude = patterns(r, map, "exclude_docs")?;
    config.pages.drafts = patterns(r, map, "draft_docs")?;
    config.pages.not_in_nav = patterns(r, map, "not_in_nav")?;
    for (name, options) in plugins(map.get("plugins")) {
        let options = options.as_mapping().cloned().unwrap_or_default();
        match name.as_str() {
            "llmstxt" => config.llms_txt = true,
            "redirects" => config.pages.redirects = redirects(&options),
            "exclude" => config.pages.exclude.extend(globs(&options)),
            "blog" | "material/blog" => config.pages.blog = Some(Blog::read(&options)),
            "tags" | "material/tags" => config.pages.tags = Some(Tags::read(&options)),
            "include-markdown" => {
                config.markdown.snippets.include_markdown = Some(include_markdown(&options))
            }
            "literate-nav" | "awesome-pages" | "awesome-nav" => {
                let plugin = NavPlugin::read(&name, &options)
                    .map_err(|what| r.error("plugins", format!("{name}: {what}")))?;
                if let NavPlugin::Literate { nav_file, .. } = &plugin {
                    // The nav file is the nav, not a page of it (literate-nav marks it so).
                    config.pages.not_in_nav.push(nav_file.clone());
                }
                config.pages.nav_plugin = Some(plugin);
            }
            name if ACCEPTED.contains(&name) => {}
            _ => r.warn_item(
                &name,
                format!("plugin `{name}` is not run: quire does not run MkDocs plugins"),
                "what it adds to the pages is missing from quire's build",
            ),
        }
    }
    for hook in r.strings(map, "hooks")? {
        r.warn_item(
            &hook,
            format!("hook `{hook}` is not run: quire runs no Python"),
            "what it changes in the pages is missing from quire's build",
        );
    }
    Ok(())
}

/// `exclude_docs: |` and friends: one pattern a line (`#` comments), or a list.
fn patterns(r: &Reader, map: &Mapping, key: &str) -> Result<Vec<String>, Diagnostic> {
    let lines = match map.get(key) {
        Some(Value::String(text)) => text.lines().map(str::to_string).collect(),
        _ => r.strings(map, key)?,
    };
    Ok(lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect())
}

/// The redirects plugin's `redirect_maps: {old.md: new.md}`.
fn redirects(options: &Mapping) -> Vec<(String, String)> {
    let Some(Value::Mapping(maps)) = options.get("redirect_maps") else {
        return Vec::new();
    };
    (maps.iter())
        .filter_map(|(old, new)| Some((scalar(Some(old)).ok()??, scalar(Some(new)).ok()??)))
        .collect()
}

/// Material's blog plugin, as its options say (material/plugins/blog/config.py, whose
/// defaults these are): where posts are, where they and the blog's views are written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Blog {
    /// The blog's folder under the docs folder (`blog_dir`), without a trailing `/`.
    pub dir: String,
    /// Where posts are read from (`post_dir`, `{blog}` filled in).
    pub post_dir: String,
    /// `post_url_format` (`{date}/{slug}`, `{categories}`, `{file}`) and
    /// `post_url_date_format` (Babel's `yyyy/MM/dd`).
    pub post_url_format: String,
    pub post_url_date_format: String,
    /// `post_excerpt: required`: a post without the separator is an error.
    pub excerpt_required: bool,
    pub excerpt_separator: String,
    /// `post_readtime` and `post_readtime_words_per_minute`.
    pub readtime: bool,
    pub words_per_minute: usize,
    /// `archive`, `archive_date_format` (its pages' titles), `archive_url_date_format`,
    /// `archive_url_format`.
    pub archive: bool,
    pub archive_date_format: String,
    pub archive_url_date_format: String,
    pub archive_url_format: String,
    /// `categories`, `categories_url_format`, `categories_allowed` (empty: any).
    pub categories: bool,
    pub categories_url_format: String,
    pub categories_allowed: Vec<String>,
    /// `pagination`, `pagination_per_page`, `pagination_url_format`, `pagination_format`
    /// (paginate's `~2~`, `$link_first $link_previous ~2~ $link_next $link_last`, …) and
    /// `pagination_if_single_page`.
    pub pagination: bool,
    pub per_page: usize,
    pub pagination_url_format: String,
    pub pagination_format: String,
    pub pagination_if_single_page: bool,
    /// `archive_pagination(_per_page)`, `categories_…` and `authors_profiles_…`: the same for
    /// those views alone, when set.
    pub archive_pagination: ViewPagination,
    pub categories_pagination: ViewPagination,
    pub profiles_pagination: ViewPagination,
    /// `authors_profiles`: a page per author listing their posts, at
    /// `authors_profiles_url_format` (`author/{slug}`, `{name}`).
    pub authors_profiles: bool,
    pub authors_profiles_url_format: String,
    /// `draft: true` builds drafts too; `draft_on_serve` (on by default) turns it on under
    /// `quire serve`; with `draft_if_future_date`, a post dated later than the build is a
    /// draft unless it says `draft:` itself.
    pub draft: bool,
    pub draft_on_serve: bool,
    pub draft_if_future_date: bool,
    /// `authors` and `authors_file` (`{blog}` filled in).
    pub authors: bool,
    pub authors_file: String,
}

impl Blog {
    /// Under `quire serve`, as Material's `on_config` under `mkdocs serve`: drafts are built,
    /// unless `draft_on_serve: false`.
    pub(crate) fn on_serve(&mut self) {
        self.draft |= self.draft_on_serve;
    }

    /// The blog as its options in mkdocs.yml say, Material's defaults for the others.
    pub(crate) fn read(options: &Mapping) -> Blog {
        let text = |key: &str, default: &str| {
            scalar(options.get(key))
                .ok()
                .flatten()
                .unwrap_or_else(|| default.to_string())
        };
        let flag = |key: &str, default: bool| match options.get(key) {
            Some(Value::Bool(b)) => *b,
            _ => default,
        };
        let number = |key: &str, default: usize| match options.get(key) {
            Some(Value::Number(n)) => n.as_u64().map_or(default, |n| n.max(1) as usize),
            _ => default,
        };
        // `{view}_pagination` and `{view}_pagination_per_page`, when either is written.
        let per_view = |view: &str| {
            let on = options.get(format!("{view}_pagination").as_str());
            let per_page = options.get(format!("{view}_pagination_per_page").as_str());
            let per_page = per_page.and_then(Value::as_u64).map(|n| n.max(1) as usize);
            let on = on.and_then(Value::as_bool);
            ViewPagination { on, per_page }
        };
        let dir = text("blog_dir", "blog");
        let dir = dir.trim_matches('/').to_string();
        let dir = if dir.is_empty() { ".".to_string() } else { dir };
        let in_blog = |path: String| {
            let path = path.replace("{blog}", &dir);
            let path = path.trim_start_matches("./").trim_matches('/').to_string();
            path
        };
        let allowed = match options.get("categories_allowed") {
            Some(Value::Sequence(items)) => (items.iter())
                .filter_map(|v| scalar(Some(v)).ok().flatten())
                .collect(),
            _ => Vec::new(),
        };
        Blog {
            post_dir: in_blog(text("post_dir", "{blog}/posts")),
            post_url_format: text("post_url_format", "{date}/{slug}"),
            post_url_date_format: text("post_url_date_format", "yyyy/MM/dd"),
            excerpt_required: text("post_excerpt", "optional") == "required",
            excerpt_separator: text("post_excerpt_separator", "<!-- more -->"),
            readtime: flag("post_readtime", true),
            words_per_minute: number("post_readtime_words_per_minute", 265),
            archive: flag("archive", true),
            archive_date_format: text("archive_date_format", "yyyy"),
            archive_url_date_format: text("archive_url_date_format", "yyyy"),
            archive_url_format: text("archive_url_format", "archive/{date}"),
            categories: flag("categories", true),
            categories_url_format: text("categories_url_format", "category/{slug}"),
            categories_allowed: allowed,
            pagination: flag("pagination", true),
            per_page: number("pagination_per_page", 10),
            pagination_url_format: text("pagination_url_format", "page/{page}"),
            pagination_format: text("pagination_format", "~2~"),
            pagination_if_single_page: flag("pagination_if_single_page", false),
            archive_pagination: per_view("archive"),
            categories_pagination: per_view("categories"),
            profiles_pagination: per_view("authors_profiles"),
            authors_profiles: flag("authors_profiles", false),
            authors_profiles_url_format: text("authors_profiles_url_format", "author/{slug}"),
            draft: flag("draft", false),
            draft_on_serve: flag("draft_on_serve", true),
            draft_if_future_date: flag("draft_if_future_date", false),
            authors: flag("authors", true),
            authors_file: in_blog(text("authors_file", "{blog}/.authors.yml")),
            dir,
        }
    }
}

/// One kind of the blog's views' own pagination settings, each `None` when not written (the
/// blog's own then apply).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ViewPagination {
    pub on: Option<bool>,
    pub per_page: Option<usize>,
}

/// Material's tags plugin (material/plugins/tags/config.py): where tags are listed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tags {
    /// `tags_file` of older configs: the page that lists the tags (under the docs folder).
    pub file: Option<String>,
    /// `listings_directive`: the comment a page lists the tags at (`<!-- material/tags -->`).
    pub directive: String,
    /// `tags_slugify_format`: each tag's anchor on the listing (`tag:{slug}`).
    pub slug_format: String,
}

impl Tags {
    fn read(options: &Mapping) -> Tags {
        let text = |key: &str| scalar(options.get(key)).ok().flatten();
        Tags {
            file: text("tags_file"),
            directive: text("listings_directive").unwrap_or_else(|| "material/tags".into()),
            slug_format: text("tags_slugify_format").unwrap_or_else(|| "tag:{slug}".into()),
        }
    }
}

/// The plugin that makes the nav of files beside the pages, when `mkdocs.yml` names one
/// (see content/nav_plugins/).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NavPlugin {
    /// literate-nav: the docs folder's `nav_file` (`SUMMARY.md`), a Markdown list of links;
    /// `implicit_index`: a folder's index opens its section without being listed.
    Literate {
        nav_file: String,
        implicit_index: bool,
    },
    /// awesome-pages: MkDocs' automatic nav, arranged by each folder's `filename` (`.pages`).
    Awesome(AwesomeOptions),
    /// awesome-nav: the same, each folder arranged by its `.nav.yml` (a format of its own).
    AwesomeNav,
}

/// awesome-pages' plugin-wide options: the defaults of every `.pages` file.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AwesomeOptions {
    pub(crate) filename: String,
    pub(crate) collapse_single_pages: bool,
    /// An entry naming nothing is an error (the plugin's default), else a warning.
    pub(crate) strict: bool,
    /// `order`, `sort_type`, `order_by`, `ignore_case`: under every folder's own.
    pub(crate) sort: Sort,
}

/// How a folder's entries are sorted before `nav` arranges them (`_order`); each key unset
/// here takes the plugin's.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Sort {
    /// `order: desc` (true) or `asc`.
    pub(crate) descending: Option<bool>,
    /// `sort_type: natural`: runs of digits compared as numbers.
    pub(crate) natural: Option<bool>,
    /// `order_by: title` (true) or `filename`.
    pub(crate) by_title: Option<bool>,
    pub(crate) ignore_case: Option<bool>,
}

impl Sort {
    /// This folder's settings over the plugin's (`meta.x or options.x`).
    pub(crate) fn over(&self, wide: &Sort) -> Sort {
        Sort {
            descending: self.descending.or(wide.descending),
            natural: self.natural.or(wide.natural),
            by_title: self.by_title.or(wide.by_title),
            ignore_case: Some(self.ignore_case == Some(true) || wide.ignore_case == Some(true)),
        }
    }

    /// Whether anything sorts at all: the plugin keeps MkDocs' order unless a key says so.
    pub(crate) fn sorts(&self) -> bool {
        self.descending.is_some() || self.natural.is_some() || self.by_title.is_some()
    }

    /// The settings as `.pages` or `mkdocs.yml` write them; a value of no known kind is
    /// the message returned.
    pub(crate) fn read(
        order: Option<&str>,
        sort_type: Option<&str>,
        order_by: Option<&str>,
        ignore_case: Option<bool>,
    ) -> Result<Sort, String> {
        let descending = match order {
            None => None,
            Some("desc") => Some(true),
            Some("asc") => Some(false),
            Some(other) => return Err(format!("`order` is `asc` or `desc`, not `{other}`")),
        };
        let natural = match sort_type {
            None => None,
            Some("natural") => Some(true),
            Some(other) => return Err(format!("`sort_type` is `natural`, not `{other}`")),
        };
        let by_title = match order_by {
            None => None,
            Some("title") => Some(true),
            Some("filename") => Some(false),
            Some(other) => {
                return Err(format!(
                    "`order_by` is `title` or `filename`, not `{other}`"
                ))
            }
        };
        Ok(Sort {
            descending,
            natural,
            by_title,
            ignore_case,
        })
    }
}

impl NavPlugin {
    fn read(name: &str, options: &Mapping) -> Result<NavPlugin, String> {
        let text = |key: &str| scalar(options.get(key)).ok().flatten();
        let flag = |key: &str, default: bool| {
            (options.get(key))
                .and_then(Value::as_bool)
                .unwrap_or(default)
        };
        Ok(match name {
            "literate-nav" => NavPlugin::Literate {
                nav_file: text("nav_file").unwrap_or_else(|| "SUMMARY.md".into()),
                implicit_index: flag("implicit_index", false),
            },
            "awesome-nav" => NavPlugin::AwesomeNav,
            _ => NavPlugin::Awesome(AwesomeOptions {
                filename: text("filename").unwrap_or_else(|| ".pages".into()),
                collapse_single_pages: flag("collapse_single_pages", false),
                strict: flag("strict", true),
                sort: Sort::read(
                    text("order").as_deref(),
                    text("sort_type").as_deref(),
                    text("order_by").as_deref(),
                    Some(flag("ignore_case", false)),
                )?,
            }),
        })
    }
}

/// What the note on pages left out of the nav calls a nav a plugin makes of its files
/// (`docs/SUMMARY.md`, the `.pages` files); `None` when `nav:` is the nav. `has_source`
/// tells whether a page of that source (from the site folder) is built.
pub(crate) fn nav_name(
    config: &Config,
    has_source: impl Fn(&std::path::Path) -> bool,
) -> Option<String> {
    let label = config.content.rel();
    match config.pages.nav_plugin.as_ref()? {
        NavPlugin::Literate { nav_file, .. } => {
            let top = label.join(nav_file);
            (config.nav.is_none() || has_source(&top)).then(|| top.display().to_string())
        }
        NavPlugin::Awesome(options) => config.nav.is_none().then(|| {
            format!(
                "the nav the `{}` files of {} make",
                options.filename,
                label.display()
            )
        }),
        NavPlugin::AwesomeNav => Some(format!(
            "the nav the `.nav.yml` files of {} make",
            label.display()
        )),
    }
}

/// include-markdown's settings: the defaults of its tags' arguments.
fn include_markdown(options: &Mapping) -> IncludeMarkdown {
    let d = IncludeMarkdown::default();
    let flag =
        |key: &str, default: bool| options.get(key).and_then(Value::as_bool).unwrap_or(default);
    let text = |key: &str| scalar(options.get(key)).ok().flatten();
    IncludeMarkdown {
        preserve_includer_indent: flag("preserve_includer_indent", d.preserve_includer_indent),
        dedent: flag("dedent", d.dedent),
        trailing_newlines: flag("trailing_newlines", d.trailing_newlines),
        comments: flag("comments", d.comments),
        rewrite_relative_urls: flag("rewrite_relative_urls", d.rewrite_relative_urls),
        heading_offset: (options.get("heading_offset").and_then(Value::as_i64)).unwrap_or(0),
        recursive: flag("recursive", d.recursive),
        start: text("start"),
        end: text("end"),
    }
}

/// The exclude plugin's `glob:` (and `regex:` is not read).
fn globs(options: &Mapping) -> Vec<String> {
    match options.get("glob") {
        Some(Value::Sequence(items)) => (items.iter())
            .filter_map(|v| scalar(Some(v)).ok().flatten())
            .collect(),
        v => scalar(v).ok().flatten().into_iter().collect(),
    }
}

/// The plugins named, in order, with their options: `- name`, `- name: {…}` or `name: {…}`.
fn plugins(value: Option<&Value>) -> Vec<(String, Value)> {
    let entry = |k: &Value, v: &Value| k.as_str().map(|k| (k.to_string(), v.clone()));
    match value {
        Some(Value::Sequence(items)) => (items.iter())
            .filter_map(|item| match item {
                Value::String(name) => Some((name.clone(), Value::Null)),
                Value::Mapping(m) => m.iter().next().and_then(|(k, v)| entry(k, v)),
                _ => None,
            })
            .collect(),
        Some(Value::Mapping(m)) => m.iter().filter_map(|(k, v)| entry(k, v)).collect(),
        _ => Vec::new(),
    }
}

impl PageRules {
    /// Whether the page at `path` (under the docs folder) is left out of the site.
    pub(crate) fn excludes(&self, path: &str) -> bool {
        matches(&self.exclude, path)
    }

    /// Whether the page at `path` is a draft (not built, as `mkdocs build` leaves it out).
    pub(crate) fn is_draft(&self, path: &str) -> bool {
        matches(&self.drafts, path)
    }

    /// The old addresses that `redirect_maps` sends to the page at `path`, as aliases:
    /// `old.md` is `old/` with folder URLs, else `old.html`.
    pub(crate) fn aliases_of(&self, path: &str, pretty_urls: bool) -> Vec<String> {
        (self.redirects.iter())
            .filter(|(_, new)| new.split('#').next() == Some(path))
            .filter_map(|(old, _)| {
                let stem = old.trim_start_matches('/').trim_end_matches(".md");
                let stem = stem.strip_suffix("index").unwrap_or(stem);
                // The home page cannot redirect.
                Some(match (pretty_urls, stem.ends_with('/')) {
                    _ if stem.is_empty() => return None,
                    (_, true) => format!("/{stem}"),
                    (true, false) => format!("/{stem}/"),
                    (false, false) => format!("/{stem}.html"),
                })
            })
            .collect()
    }

    /// Whether the page at `path` is meant to be outside the nav: MkDocs says nothing of it.
    pub(crate) fn is_not_in_nav(&self, path: &str) -> bool {
        matches(&self.not_in_nav, path)
    }
}

/// gitignore's rules, as MkDocs applies them: the last pattern that matches decides (`!`
/// includes again); a pattern with a `/` inside is from the docs folder, one without matches
/// a name at any depth; a trailing `/` matches a folder (so everything under it).
fn matches(patterns: &[String], path: &str) -> bool {
    let mut hit = false;
    for p in patterns {
        let (negated, p) = match p.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, p.as_str()),
        };
        let folder = p.ends_with('/');
        let p = p.trim_end_matches('/');
        let anchored = p.contains('/');
        let p = p.trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        // The path itself, or (for a folder pattern, or any pattern naming a folder) a folder
        // it is in.
        let found = (1..=parts.len()).any(|n| {
            let is_folder = n < parts.len();
            if folder && !is_folder {
                return false;
            }
            let prefix = parts[..n].join("/");
            if anchored {
                glob(p, &prefix)
            } else {
                glob(p, parts[n - 1])
            }
        });
        if found {
            hit = !negated;
        }
    }
    hit
}

/// `*` (not across `/`), `**` (across), `?`, and the rest as written.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => {
                let rest = p[2..].strip_prefix(&['/']).unwrap_or(&p[2..]);
                (0..=t.len()).any(|i| go(rest, &t[i..]))
            }
            Some('*') => (0..=t.len())
                .take_while(|&i| i == 0 || t[i - 1] != '/')
                .any(|i| go(&p[1..], &t[i..])),
            Some('?') => t.first().is_some_and(|&c| c != '/') && go(&p[1..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    go(&p, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_gitignore_does() {
        let p = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(matches(&p(&["drafts/"]), "drafts/a.md"));
        assert!(matches(&p(&["drafts/"]), "blog/drafts/a.md"));
        assert!(!matches(&p(&["drafts/"]), "drafts.md"));
        assert!(matches(&p(&["*.tmp.md"]), "a/b/x.tmp.md"));
        assert!(matches(&p(&["/private/**"]), "private/a/b.md"));
        assert!(!matches(&p(&["/private/**"]), "public/private/b.md"));
        assert!(!matches(&p(&["*.md", "!keep.md"]), "keep.md"));
        assert!(matches(&p(&["guide/*.md"]), "guide/x.md"));
        assert!(!matches(&p(&["guide/*.md"]), "guide/sub/x.md"));
    }
}
