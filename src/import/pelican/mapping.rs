//! Pelican's settings onto site.yaml's keys, each commented with the setting it came from.

use std::fmt::Write as _;

use super::literal::{Py, Statement};

/// What an import made: the site.yaml text and a line for each setting it did not map.
#[derive(Debug)]
pub(crate) struct Imported {
    pub yaml: String,
    pub unmapped: Vec<String>,
    /// Settings Pelican itself would stop at (a TIMEZONE that is no zone), `file:LINE: …`.
    pub errors: Vec<String>,
}

/// site.yaml's top-level keys in the order the README lists them, whatever the order of the
/// settings.
const KEY_ORDER: [&str; 9] = [
    "title",
    "base_url",
    "author",
    "lang",
    "relative_urls",
    "recent_posts",
    "summary_words",
    "timezone",
    "default_date",
];

/// The kinds of `permalinks:`, each with where Pelican writes it when its settings do not say
/// (its DEFAULT_CONFIG) and the setting that would.
const PELICAN_PERMALINKS: [(&str, &str, &str); 4] = [
    ("pages", "pages/{slug}.html", "PAGE_SAVE_AS"),
    ("posts", "{slug}.html", "ARTICLE_SAVE_AS"),
    (
        "pages_lang",
        "pages/{slug}-{lang}.html",
        "PAGE_LANG_SAVE_AS",
    ),
    ("posts_lang", "{slug}-{lang}.html", "ARTICLE_LANG_SAVE_AS"),
];

/// Maps settings, each with the file it is in (`main` is the one imported, which may import
/// others), onto site.yaml keys, each commented with where it came from.
pub(super) fn to_site_yaml_of(statements: &[(String, Statement)], main: &str) -> Imported {
    let files = files_in_read_order(statements, main);
    let mut mapping = Mapping::new();
    for (file, statement) in statements {
        mapping.statement(file, statement, files.len() > 1);
    }
    mapping.settle_old_substitutions();
    let permalinks = mapping.permalinks();
    let keys = mapping.keys();
    // In the order Python reads them: `file:LINE: …`.
    let mut unmapped = std::mem::take(&mut mapping.unmapped);
    unmapped.sort_by_key(|u| read_order(statements, u));
    let mut yaml = header(&files, main);
    for (k, v) in &keys {
        let _ = writeln!(yaml, "{k}: {v}");
    }
    write_permalinks(&mut yaml, mapping.slugs, &permalinks);
    write_theme(&mut yaml, &mapping.theme);
    write_slug_subs(&mut yaml, &mapping.slug_subs);
    write_paths(&mut yaml, &mapping.paths);
    let markdown =
        (mapping.markdown.as_ref()).map(|(name, value, at)| (*name, *value, at.as_str()));
    unmapped.extend(super::markdown::write(&mut yaml, markdown));
    write_extra(&mut yaml, &mapping.extra);
    Imported {
        yaml,
        unmapped,
        errors: mapping.errors,
    }
}

/// The files the settings are in, in the order they are read: an imported file's settings
/// come before the importer's.
fn files_in_read_order<'a>(statements: &'a [(String, Statement)], main: &'a str) -> Vec<&'a str> {
    let mut files: Vec<&str> = Vec::new();
    for f in statements.iter().map(|(f, _)| f.as_str()).chain([main]) {
        if !files.contains(&f) {
            files.push(f);
        }
    }
    files
}

/// A `NAME = literal` setting being mapped.
struct Assigned<'a> {
    file: &'a str,
    name: &'a str,
    value: &'a Py,
    line: usize,
    /// Where the setting came from, as its key's comment says it: with its file when there
    /// are several.
    from: String,
}

/// One of Pelican's URL settings: where it places pages or posts of one kind.
struct UrlSetting<'a> {
    kind: &'static str,
    pattern: &'a str,
    setting: &'a str,
    file: &'a str,
    line: usize,
}

/// A `permalinks:` pattern site.yaml gets, with the setting (or Pelican's default) it
/// came from.
struct Permalink<'a> {
    kind: &'static str,
    pattern: &'a str,
    from: String,
}

/// One kind of slug's `(pattern, replacement)` pairs (`slug`, `tag`, …), and the setting they
/// came from.
type KindSubstitutions = (&'static str, Vec<(String, String)>, String);

/// Pelican 3's `{SLUG,TAG,CATEGORY,AUTHOR}_SUBSTITUTIONS`: a kind's plain-text pairs (made
/// patterns), whether one said to skip Pelican's punctuation rule, and the setting.
struct OldSubstitutions<'a> {
    kind: &'static str,
    pairs: Vec<(String, String)>,
    skip: bool,
    setting: &'a str,
}

/// What the settings map to, gathered as they are read.
struct Mapping<'a> {
    /// site.yaml's top-level keys, each value with its comment.
    keys: Vec<(String, String)>,
    /// `extra:`'s keys, each with its value and the setting it came from.
    extra: Vec<(String, serde_yaml::Value, &'a str)>,
    urls: Vec<UrlSetting<'a>>,
    /// `recent_posts`, and the setting it came from.
    recent: Option<(i64, &'static str)>,
    /// `summary_words`, with its comment; none when SUMMARY_MAX_LENGTH is None.
    summary: Option<String>,
    /// `permalinks.slugs`, and where it came from.
    slugs: (&'static str, &'static str),
    /// MARKDOWN (or Pelican 3's MD_EXTENSIONS), its value, and where it is (`file:line`).
    markdown: Option<(&'a str, &'a Py, String)>,
    /// `pelican_theme`: the folders of the theme's Jinja2 templates, each with the setting it
    /// came from.
    theme: Vec<(String, &'a str)>,
    unmapped: Vec<String>,
    errors: Vec<String>,
    /// `{SLUG,TAG,CATEGORY,AUTHOR}_REGEX_SUBSTITUTIONS` (or Pelican 3's `…_SUBSTITUTIONS`):
    /// each kind's `(pattern, replacement)` pairs, and the setting they came from.
    slug_subs: Vec<KindSubstitutions>,
    old_subs: Vec<OldSubstitutions<'a>>,
    /// PAGE_PATHS and kin: `pelican_paths:`'s key, its value as YAML, the setting.
    paths: Vec<(&'static str, String, String)>,
}

impl<'a> Mapping<'a> {
    fn new() -> Self {
        Mapping {
            keys: Vec::new(),
            extra: Vec::new(),
            urls: Vec::new(),
            recent: None,
            // Pelican's summaries are the first 50 words unless SUMMARY_MAX_LENGTH says otherwise.
            summary: Some("50  # Pelican's default SUMMARY_MAX_LENGTH".to_string()),
            slugs: ("title", "Pelican's default SLUGIFY_SOURCE"),
            theme: Vec::new(),
            markdown: None,
            unmapped: Vec::new(),
            errors: Vec::new(),
            slug_subs: Vec::new(),
            old_subs: Vec::new(),
            paths: Vec::new(),
        }
    }

    /// One statement: a setting is mapped, or said to be not mapped, and why; code is named.
    fn statement(&mut self, file: &'a str, statement: &'a Statement, several_files: bool) {
        let (name, value, line) = match statement {
            Statement::Setting { name, value, line } => (name.as_str(), value, *line),
            Statement::Computed { name, line } => {
                self.unmapped.push(format!(
                    "{file}:{line}: {name} is computed, not a literal; set it in site.yaml by hand"
                ));
                return;
            }
            Statement::Other { text, line } => {
                self.unmapped.push(format!(
                    "{file}:{line}: `{text}` is code, not a setting; skipped"
                ));
                return;
            }
            Statement::StarImport { .. } => return,
        };
        let from = if several_files {
            format!("{name} ({file})")
        } else {
            name.to_string()
        };
        let s = Assigned {
            file,
            name,
            value,
            line,
            from,
        };
        let mapped = self.site_key(&s)
            || self.count(&s)
            || self.extra(&s)
            || self.url(&s)
            || self.theme(&s)
            || self.markdown(&s)
            || self.dates(&s)
            || self.slug_substitutions(&s)
            || self.content_paths(&s)
            || already_quires(&s);
        if !mapped {
            (self.unmapped).push(format!("{file}:{line}: {name} {}", why_unmapped(name)));
        }
    }

    /// SITENAME, AUTHOR, SITEURL, RELATIVE_URLS, DEFAULT_LANG: the site.yaml keys of the
    /// same meaning.
    fn site_key(&mut self, s: &Assigned<'a>) -> bool {
        let (key, value) = match (s.name, s.value) {
            ("SITENAME", Py::Str(t)) => ("title", yaml_scalar(t)),
            ("AUTHOR", Py::Str(t)) => ("author", yaml_scalar(t)),
            ("SITEURL", Py::Str(t)) if t.is_empty() => {
                self.unmapped.push(format!(
                    "{}:{}: SITEURL is empty (Pelican's development setting); set base_url to the published address for a sitemap and feed",
                    s.file, s.line
                ));
                return true;
            }
            ("SITEURL", Py::Str(t)) => {
                let url = if t.ends_with('/') {
                    t.clone()
                } else {
                    format!("{t}/")
                };
                ("base_url", yaml_scalar(&url))
            }
            ("RELATIVE_URLS", Py::Bool(b)) => ("relative_urls", b.to_string()),
            ("DEFAULT_LANG", Py::Str(t)) if crate::config::is_language_tag(t) => {
                ("lang", yaml_scalar(t))
            }
            _ => return false,
        };
        (self.keys).push((key.to_string(), format!("{value}  # {}", s.from)));
        true
    }

    /// SUMMARY_MAX_LENGTH, FEED_MAX_ITEMS, DEFAULT_PAGINATION: how many words a summary has,
    /// and how many posts `recent_posts` lists (FEED_MAX_ITEMS wins).
    fn count(&mut self, s: &Assigned<'a>) -> bool {
        match (s.name, s.value) {
            ("SUMMARY_MAX_LENGTH", Py::Int(n)) if *n > 0 => {
                self.summary = Some(format!("{n}  # {}", s.from))
            }
            ("SUMMARY_MAX_LENGTH", Py::None) => self.summary = None,
            ("FEED_MAX_ITEMS", Py::Int(n)) if *n > 0 => self.recent = Some((*n, "FEED_MAX_ITEMS")),
            ("DEFAULT_PAGINATION", Py::Int(n)) if *n > 0 => {
                if self.recent.is_none() {
                    self.recent = Some((*n, "DEFAULT_PAGINATION"));
                }
            }
            _ => return false,
        }
        true
    }

    /// Settings Pelican's themes read and quire has no key for: under `extra:`, for templates.
    fn extra(&mut self, s: &Assigned<'a>) -> bool {
        let for_templates = matches!(
            (s.name, s.value),
            ("LINKS" | "SOCIAL" | "MENUITEMS", Py::List(_))
                | (
                    "GITHUB_URL" | "TWITTER_USERNAME" | "DISQUS_SITENAME" | "GOOGLE_ANALYTICS",
                    Py::Str(_)
                )
        );
        if for_templates {
            (self.extra).push((s.name.to_lowercase(), to_yaml(s.value), s.name));
        }
        for_templates
    }

    /// Pelican's URL settings, chosen among once all are read (see `permalinks`), and
    /// SLUGIFY_SOURCE.
    fn url(&mut self, s: &Assigned<'a>) -> bool {
        match (s.name, s.value) {
            (
                "ARTICLE_SAVE_AS"
                | "ARTICLE_URL"
                | "PAGE_SAVE_AS"
                | "PAGE_URL"
                | "ARTICLE_LANG_SAVE_AS"
                | "ARTICLE_LANG_URL"
                | "PAGE_LANG_SAVE_AS"
                | "PAGE_LANG_URL",
                Py::Str(pattern),
            ) => {
                let kind = match (s.name.starts_with("ARTICLE"), s.name.contains("_LANG_")) {
                    (true, false) => "posts",
                    (true, true) => "posts_lang",
                    (false, false) => "pages",
                    (false, true) => "pages_lang",
                };
                self.urls.push(UrlSetting {
                    kind,
                    pattern,
                    setting: s.name,
                    file: s.file,
                    line: s.line,
                });
            }
            // The whole file name as the slug: every article's slug is its file's.
            ("FILENAME_METADATA", Py::Str(t)) if t == "(?P<slug>.*)" => {
                self.slugs = ("file", "FILENAME_METADATA");
            }
            ("SLUGIFY_SOURCE", Py::Str(t)) if t == "title" || t == "basename" => {
                self.slugs = (
                    if t == "title" { "title" } else { "file" },
                    "SLUGIFY_SOURCE",
                );
            }
            _ => return false,
        }
        true
    }

    /// MARKDOWN, or Pelican 3's MD_EXTENSIONS (Pelican 4 ignores it where MARKDOWN is set):
    /// site.yaml's `markdown:` switches (see markdown.rs).
    fn markdown(&mut self, s: &Assigned<'a>) -> bool {
        let at = format!("{}:{}", s.file, s.line);
        match (s.name, s.value) {
            ("MARKDOWN", Py::Dict(_)) => self.markdown = Some((s.name, s.value, at)),
            ("MD_EXTENSIONS", Py::List(_)) => {
                if !matches!(self.markdown, Some(("MARKDOWN", ..))) {
                    self.markdown = Some((s.name, s.value, at));
                }
            }
            _ => return false,
        }
        true
    }

    /// THEME (a folder, not one of Pelican's own themes) and THEME_TEMPLATES_OVERRIDES: where
    /// the Jinja2 templates are that pages may name (`Template: build`), which quire does not
    /// render but must know, to build such pages with its own.
    fn theme(&mut self, s: &Assigned<'a>) -> bool {
        match (s.name, s.value) {
            ("THEME", Py::Str(t)) if !matches!(t.as_str(), "notmyidea" | "simple" | "") => {
                let folder = t.trim_end_matches('/');
                self.theme.push((format!("{folder}/templates"), s.name));
            }
            // Pelican 3 named it EXTRA_TEMPLATES_PATHS.
            ("THEME_TEMPLATES_OVERRIDES" | "EXTRA_TEMPLATES_PATHS", Py::List(items)) => {
                for item in items {
                    if let Py::Str(folder) = item {
                        self.theme
                            .push((folder.trim_end_matches('/').to_string(), s.name));
                    }
                }
            }
            _ => return false,
        }
        true
    }

    /// TIMEZONE and DEFAULT_DATE (`'fs'`, a date, or a tuple `(2012, 1, 1)`): `timezone:` and
    /// `default_date:`. A zone the database does not know stops the import, as it stops Pelican.
    fn dates(&mut self, s: &Assigned<'a>) -> bool {
        let value = match (s.name, s.value) {
            ("TIMEZONE", Py::Str(name)) if crate::date::zone(name).is_none() => {
                self.errors.push(format!(
                    "{}:{}: TIMEZONE {name:?} is not a time zone; {}",
                    s.file,
                    s.line,
                    crate::date::zone_hint(name)
                ));
                return true;
            }
            ("TIMEZONE", Py::Str(name)) => yaml_scalar(name),
            ("DEFAULT_DATE", Py::Str(fs)) if fs == "fs" => "fs".to_string(),
            ("DEFAULT_DATE", Py::None) => "none".to_string(),
            ("DEFAULT_DATE", value) => match default_date(value) {
                Some(date) => yaml_scalar(&date),
                None => return false,
            },
            _ => return false,
        };
        let key = if s.name == "TIMEZONE" {
            "timezone"
        } else {
            "default_date"
        };
        (self.keys).push((key.to_string(), format!("{value}  # {}", s.from)));
        true
    }

    /// SLUG_REGEX_SUBSTITUTIONS and its kin (TAG_, CATEGORY_, AUTHOR_), and Pelican 3's
    /// SLUG_SUBSTITUTIONS and kin (plain text, made patterns as Pelican 4 makes them):
    /// `slug_substitutions:`. A pattern quire cannot read is said, and the kind keeps Pelican's
    /// default.
    fn slug_substitutions(&mut self, s: &Assigned<'a>) -> bool {
        let Some((flavour, old)) = (s
            .name
            .strip_suffix("_REGEX_SUBSTITUTIONS")
            .map(|f| (f, false)))
        .or_else(|| s.name.strip_suffix("_SUBSTITUTIONS").map(|f| (f, true))) else {
            return false;
        };
        let kind = match flavour {
            "SLUG" => "slug",
            "TAG" => "tag",
            "CATEGORY" => "category",
            "AUTHOR" => "author",
            _ => return false,
        };
        let Py::List(items) = s.value else {
            return false;
        };
        let mut pairs = Vec::new();
        let mut replace = true;
        for item in items {
            let Py::List(parts) = item else { return false };
            match (&parts[..], old) {
                ([Py::Str(p), Py::Str(r)], false) => pairs.push((p.clone(), r.clone())),
                ([Py::Str(p), Py::Str(r), rest @ ..], true) if rest.len() <= 1 => {
                    replace &= !matches!(rest, [Py::Bool(true)]);
                    pairs.push((regex::escape(p), r.replace('\\', "\\\\")));
                }
                _ => return false,
            }
        }
        if old {
            let setting = s.name;
            let skip = !replace;
            (self.old_subs).push(OldSubstitutions {
                kind,
                pairs,
                skip,
                setting,
            });
            return true;
        }
        if let Some((p, _)) =
            (pairs.iter()).find(|(p, _)| crate::content::paths::python_regex(p).is_none())
        {
            self.unmapped.push(format!(
                "{}:{}: {} has a pattern quire cannot read ({p}: look-around or a back-reference); Pelican's default is used",
                s.file, s.line, s.name
            ));
            return true;
        }
        self.slug_subs.push((kind, pairs, s.name.to_string()));
        true
    }

    /// PAGE_PATHS, ARTICLE_PATHS, their EXCLUDES (and Pelican 3's PAGE_DIR, ARTICLE_DIR):
    /// `pelican_paths:`, so that the pages are the files Pelican takes for pages; and
    /// USE_FOLDER_AS_CATEGORY, which names an article's category from its folder.
    fn content_paths(&mut self, s: &Assigned<'a>) -> bool {
        if s.name == "USE_FOLDER_AS_CATEGORY" {
            let Py::Bool(on) = s.value else {
                return false;
            };
            self.paths.retain(|(k, ..)| *k != "folder_as_category");
            (self.paths).push(("folder_as_category", on.to_string(), s.from.clone()));
            return true;
        }
        let key = match s.name {
            "PAGE_PATHS" | "PAGE_DIR" => "pages",
            "ARTICLE_PATHS" | "ARTICLE_DIR" => "articles",
            "PAGE_EXCLUDES" => "page_excludes",
            "ARTICLE_EXCLUDES" => "article_excludes",
            _ => return false,
        };
        let folders: Option<Vec<String>> = match s.value {
            Py::Str(one) => Some(vec![one.clone()]),
            Py::List(items) => (items.iter())
                .map(|i| match i {
                    Py::Str(t) => Some(t.clone()),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let Some(folders) = folders else {
            return false;
        };
        let quoted: Vec<String> = folders.iter().map(|f| single_quoted(f)).collect();
        self.paths.retain(|(k, ..)| *k != key);
        (self.paths).push((key, format!("[{}]", quoted.join(", ")), s.from.clone()));
        true
    }

    /// Pelican 3's `*_SUBSTITUTIONS` as Pelican 3.7 applies them (and 4.12 reads them): a tag's
    /// or category's own pairs come after SLUG_SUBSTITUTIONS', an author's never take them
    /// (with SLUG_SUBSTITUTIONS set and no AUTHOR_SUBSTITUTIONS, authors get Pelican's rule
    /// alone); then Pelican's default patterns, those that keep punctuation when a pair said
    /// to skip it.
    fn settle_old_substitutions(&mut self) {
        let old = std::mem::take(&mut self.old_subs);
        let slug = old.iter().find(|o| o.kind == "slug");
        let mut kinds: Vec<&'static str> = old.iter().map(|o| o.kind).collect();
        if slug.is_some() && !kinds.contains(&"author") {
            kinds.push("author");
        }
        for kind in kinds {
            let own = old.iter().find(|o| o.kind == kind);
            let before = slug.filter(|_| matches!(kind, "tag" | "category"));
            let mut pairs = Vec::new();
            let mut skip = false;
            let mut settings = Vec::new();
            for o in before.into_iter().chain(own) {
                pairs.extend(o.pairs.iter().cloned());
                skip |= o.skip;
                settings.push(o.setting);
            }
            if own.is_none() {
                settings.push("SLUG_SUBSTITUTIONS: authors take Pelican's rule alone");
            }
            let defaults = crate::content::paths::PELICANS_SUBSTITUTIONS;
            let kept = if skip { &defaults[1..3] } else { &defaults[..] };
            pairs.extend(kept.iter().map(|(p, r)| (p.to_string(), r.to_string())));
            self.slug_subs.push((kind, pairs, settings.join(" + ")));
        }
    }

    /// Each kind's pattern: the first of its URL settings quire can follow, SAVE_AS before
    /// URL (the others are said to be not mapped), else where Pelican writes it by default.
    fn permalinks(&mut self) -> Vec<Permalink<'a>> {
        let mut chosen = Vec::new();
        for (kind, _, _) in PELICAN_PERMALINKS {
            let mut of_kind: Vec<_> = self.urls.iter().filter(|u| u.kind == kind).collect();
            // SAVE_AS names the file; URL only the address, the same file unless it is a folder.
            of_kind.sort_by_key(|u| !u.setting.ends_with("SAVE_AS"));
            let mut taken = false;
            for u in of_kind {
                let (file, line, from) = (u.file, u.line, u.setting);
                let why =
                    crate::config::permalink::check_permalink(u.pattern, kind.starts_with("posts"));
                match why {
                    Ok(()) if !taken => {
                        chosen.push(Permalink {
                            kind,
                            pattern: u.pattern,
                            from: from.to_string(),
                        });
                        taken = true;
                    }
                    Ok(()) => self.unmapped.push(format!(
                        "{file}:{line}: {from} is implied: quire links to the file the SAVE_AS setting names"
                    )),
                    Err(why) => {
                        (self.unmapped).push(format!("{file}:{line}: {from} is not mapped: {why}"))
                    }
                }
            }
        }
        for (kind, pattern, setting) in PELICAN_PERMALINKS {
            if !chosen.iter().any(|c| c.kind == kind) {
                chosen.push(Permalink {
                    kind,
                    pattern,
                    from: format!("Pelican's default {setting}"),
                });
            }
        }
        chosen
    }

    /// site.yaml's top-level keys, counts included, in the order the README lists them.
    fn keys(&mut self) -> Vec<(String, String)> {
        let mut keys = std::mem::take(&mut self.keys);
        if let Some((n, from)) = self.recent {
            keys.push(("recent_posts".into(), format!("{n}  # {from}")));
        }
        if let Some(s) = self.summary.take() {
            keys.push(("summary_words".into(), s));
        }
        if !keys.iter().any(|(k, _)| k == "default_date") {
            // Pelican skips an article without a date ("could not find information about 'date'").
            keys.push((
                "default_date".into(),
                "none  # Pelican's default DEFAULT_DATE: an article without a date is left out"
                    .into(),
            ));
        }
        keys.sort_by_key(|(k, _)| KEY_ORDER.iter().position(|o| o == k));
        keys
    }
}

/// DEFAULT_DATE as a date quire reads: a date as Pelican's `get_date` reads it, or a tuple of
/// `datetime`'s numbers, `(2012, 1, 1)` or `(2012, 1, 1, 10, 30)`.
fn default_date(value: &Py) -> Option<String> {
    let text = match value {
        Py::Str(t) => t.clone(),
        Py::List(items) => {
            let n: Vec<i64> = (items.iter())
                .map(|i| match i {
                    Py::Int(n) => Some(*n),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            match n[..] {
                [y, m, d] => format!("{y:04}-{m:02}-{d:02}"),
                [y, m, d, h] => format!("{y:04}-{m:02}-{d:02} {h:02}:00"),
                [y, m, d, h, mi] => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}"),
                [y, m, d, h, mi, sec, ..] => {
                    format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{sec:02}")
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(crate::date::Date::parse(&text)?.as_str().to_string())
}

/// Settings whose values quire's own layout and defaults already are.
fn already_quires(s: &Assigned<'_>) -> bool {
    match (s.name, s.value) {
        ("PATH", Py::Str(p)) => p == "content",
        ("STATIC_PATHS", _) => true,
        _ => false,
    }
}

/// Why a Pelican setting has no site.yaml key.
fn why_unmapped(name: &str) -> &'static str {
    match name {
        "THEME" | "THEME_STATIC_DIR" => {
            "is not mapped: quire has its own theme; put template overrides in templates/"
        }
        "TEMPLATE_PAGES" | "DIRECT_TEMPLATES" | "PAGINATED_DIRECT_TEMPLATES" => {
            "is not mapped: quire renders its own listings, not the theme's templates"
        }
        "PLUGINS" | "PLUGIN_PATHS" => "is not mapped: quire has no plugins",
        "DEFAULT_DATE" => "is not mapped: write `default_date: fs` or a date in site.yaml",
        _ => "is not mapped: quire has no such setting",
    }
}

/// Where a `file:LINE: …` message's statement is among the statements, to list messages in
/// the order Python reads them.
fn read_order(statements: &[(String, Statement)], message: &str) -> Option<usize> {
    let mut parts = message.split(':');
    let file = parts.next().unwrap_or("");
    let line = parts.next().and_then(|n| n.parse::<usize>().ok());
    (statements.iter()).position(|(f, s)| f == file && Some(s.line()) == line)
}

/// The comment site.yaml begins with: which files it was made from.
fn header(files: &[&str], main: &str) -> String {
    let file = match files {
        [] | [_] => main.to_string(),
        _ => {
            let others: Vec<&str> = files.iter().copied().filter(|f| *f != main).collect();
            format!("{main} (with {})", others.join(", "))
        }
    };
    format!(
        "# site.yaml, made by `quire import pelican` from {file}.\n\
         # Each key says which Pelican setting it came from; see docs/site-yaml.md in quire's repository for every key.\n"
    )
}

fn write_permalinks(yaml: &mut String, slugs: (&str, &str), permalinks: &[Permalink<'_>]) {
    yaml.push_str("permalinks:  # where pages and posts are written\n");
    let _ = writeln!(yaml, "  slugs: {}  # {}", slugs.0, slugs.1);
    for p in permalinks {
        let _ = writeln!(
            yaml,
            "  {}: {}  # {}",
            p.kind,
            yaml_scalar(p.pattern),
            p.from
        );
    }
}

/// `slug_substitutions:`, each pair in YAML's single quotes (backslashes as written).
fn write_slug_subs(yaml: &mut String, subs: &[KindSubstitutions]) {
    if subs.is_empty() {
        return;
    }
    yaml.push_str("slug_substitutions:  # how slugs are made (Pelican's slugify), by kind\n");
    for (kind, pairs, setting) in subs {
        let _ = writeln!(yaml, "  {kind}:  # {setting}");
        for (p, r) in pairs {
            let _ = writeln!(yaml, "    - [{}, {}]", single_quoted(p), single_quoted(r));
        }
    }
}

/// A YAML single-quoted scalar: backslashes as written, `'` doubled.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `pelican_paths:`, each key a flow list of quoted folders (or `folder_as_category:`'s bool).
fn write_paths(yaml: &mut String, paths: &[(&str, String, String)]) {
    if paths.is_empty() {
        return;
    }
    yaml.push_str(
        "pelican_paths:  # which files are pages and which articles, as Pelican tells them apart\n",
    );
    for (key, value, from) in paths {
        let _ = writeln!(yaml, "  {key}: {value}  # {from}");
    }
}

fn write_theme(yaml: &mut String, theme: &[(String, &str)]) {
    if theme.is_empty() {
        return;
    }
    yaml.push_str(
        "pelican_theme:  # the Pelican theme's Jinja2 templates: a page naming one uses quire's page.html\n",
    );
    for (folder, from) in theme {
        let _ = writeln!(yaml, "  - {}  # {from}", yaml_scalar(folder));
    }
}

fn write_extra(yaml: &mut String, extra: &[(String, serde_yaml::Value, &str)]) {
    if extra.is_empty() {
        return;
    }
    yaml.push_str("extra:  # for your templates, as site.extra.NAME\n");
    for (k, v, from) in extra {
        let body = serde_yaml::to_string(v).unwrap_or_default();
        let body = body.trim_end();
        if body.contains('\n') {
            let _ = writeln!(yaml, "  {k}:  # {from}");
            for l in body.lines() {
                let _ = writeln!(yaml, "    {l}");
            }
        } else {
            let _ = writeln!(yaml, "  {k}: {body}  # {from}");
        }
    }
}

fn yaml_scalar(s: &str) -> String {
    serde_yaml::to_string(s)
        .map(|y| y.trim_end().to_string())
        .unwrap_or_default()
}

fn to_yaml(v: &Py) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match v {
        Py::Str(s) => Y::String(s.clone()),
        Py::Int(n) => Y::Number((*n).into()),
        Py::Float(f) => Y::Number((*f).into()),
        Py::Bool(b) => Y::Bool(*b),
        Py::None => Y::Null,
        Py::List(items) => Y::Sequence(items.iter().map(to_yaml).collect()),
        Py::Dict(pairs) => Y::Mapping(
            pairs
                .iter()
                .map(|(k, v)| (to_yaml(k), to_yaml(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::literal::parse;
    use super::*;

    /// The import of settings files, each given by name and text, the last the one imported.
    fn import(files: &[(&str, &str)]) -> Imported {
        let statements: Vec<(String, Statement)> = (files.iter())
            .flat_map(|(name, text)| {
                (parse(text).unwrap().into_iter()).map(|s| (name.to_string(), s))
            })
            .collect();
        to_site_yaml_of(&statements, files.last().unwrap().0)
    }

    #[test]
    fn no_settings_are_pelicans_defaults() {
        let yaml = import(&[("pelicanconf.py", "")]).yaml;
        let (before, markdown) = yaml.split_at(yaml.find("markdown:").unwrap());
        assert!(markdown.starts_with("markdown:  # Pelican's default MARKDOWN: extra, codehilite, meta\n  attr_list: true\n"), "{markdown}");
        assert_eq!(
            before,
            "# site.yaml, made by `quire import pelican` from pelicanconf.py.\n\
             # Each key says which Pelican setting it came from; see docs/site-yaml.md in quire's repository for every key.\n\
             summary_words: 50  # Pelican's default SUMMARY_MAX_LENGTH\n\
             default_date: none  # Pelican's default DEFAULT_DATE: an article without a date is left out\n\
             permalinks:  # where pages and posts are written\n  \
               slugs: title  # Pelican's default SLUGIFY_SOURCE\n  \
               pages: pages/{slug}.html  # Pelican's default PAGE_SAVE_AS\n  \
               posts: '{slug}.html'  # Pelican's default ARTICLE_SAVE_AS\n  \
               pages_lang: pages/{slug}-{lang}.html  # Pelican's default PAGE_LANG_SAVE_AS\n  \
               posts_lang: '{slug}-{lang}.html'  # Pelican's default ARTICLE_LANG_SAVE_AS\n"
        );
    }

    #[test]
    fn keys_in_the_readmes_order_and_what_wins() {
        let imported = import(&[(
            "pelicanconf.py",
            "DEFAULT_PAGINATION = 5\nPAGE_URL = 'p/{slug}.html'\nSITENAME = 'S'\n\
             FEED_MAX_ITEMS = 7\nPAGE_SAVE_AS = 'q/{slug}.html'\nSUMMARY_MAX_LENGTH = None\n\
             THEME = 'x'\nDEFAULT_DATE = 'fs'\nFILENAME_METADATA = '(?P<slug>.*)'\n",
        )]);
        let yaml = &imported.yaml;
        assert!(
            yaml.contains("pelican_theme:  # the Pelican theme's Jinja2 templates: a page naming one uses quire's page.html\n  - x/templates  # THEME\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("title: S  # SITENAME\nrecent_posts: 7  # FEED_MAX_ITEMS\ndefault_date: fs  # DEFAULT_DATE\npermalinks:"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  pages: q/{slug}.html  # PAGE_SAVE_AS\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  slugs: file  # FILENAME_METADATA\n"),
            "{yaml}"
        );
        assert_eq!(
            imported.unmapped,
            [
                "pelicanconf.py:2: PAGE_URL is implied: quire links to the file the SAVE_AS setting names",
            ]
        );
    }

    #[test]
    fn with_several_files_a_key_names_the_file_of_its_setting() {
        let imported = import(&[
            ("pelicanconf.py", "AUTHOR = 'A'\nX = f()\n"),
            (
                "publishconf.py",
                "SITEURL = 'https://example.org'\nif X:\n  pass\n",
            ),
        ]);
        let yaml = &imported.yaml;
        assert!(
            yaml.starts_with(
                "# site.yaml, made by `quire import pelican` from publishconf.py (with pelicanconf.py).\n"
            ),
            "{yaml}"
        );
        assert!(
            yaml.contains("base_url: https://example.org/  # SITEURL (publishconf.py)\nauthor: A  # AUTHOR (pelicanconf.py)\n"),
            "{yaml}"
        );
        assert_eq!(
            imported.unmapped,
            [
                "pelicanconf.py:2: X is computed, not a literal; set it in site.yaml by hand",
                "publishconf.py:2: `if X:` is code, not a setting; skipped",
            ]
        );
    }
}
