//! Turns a header's raw fields into a page's typed metadata, with every
//! problem reported against the line it is on.

use std::path::Path;

use serde_json::{Map, Value};

use super::frontmatter::Field;
use crate::date::Date;
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub slug: Option<String>,
    /// As written, for templates; `sort_key` is what orders pages.
    pub sortorder: Option<String>,
    pub sort_key: Option<f64>,
    pub sidebartitle: Option<String>,
    /// `icon: material/rocket-launch` (Material's): shown before the title in the sidebar and
    /// tabs; with its line, for the warning when no icon set has it.
    pub icon: Option<(String, usize)>,
    /// `toc:` as written: unset, the site's `toc` setting decides.
    pub toc: Option<bool>,
    pub meta: Option<String>,
    pub category: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) modified: Option<Date>,
    /// The line of a date written without its day (`March 2017`), which is the first.
    pub(crate) date_filled: Option<usize>,
    /// What Pelican skips ("could not find information about 'date'", or 'title'): on a Pelican
    /// site, a page or article without `Title:`, or an article without a date under
    /// `default_date: none`. Built nothing, as a draft, and named in one warning.
    pub(crate) skipped_by_pelican: bool,
    /// A template name from the header (`template: custom` uses custom.html).
    pub template: Option<(String, usize)>,
    pub draft: bool,
    /// Pelican's `Summary:`, as text: what listings and the feed show (else `meta`, else the
    /// first paragraph). It is Markdown, as in Pelican: this is its text, markup dropped.
    pub summary: Option<String>,
    /// The summary's HTML when its Markdown made markup (`` `x` `` → `<code>`, links,
    /// emphasis): `<p>…</p>`, as Pelican's reader renders the field.
    pub summary_html: Option<String>,
    /// Pelican's `Author:`/`Authors:` (a list, or comma-separated).
    pub authors: Vec<String>,
    /// Pelican's `Status: hidden`: built, but in no sidebar, listing or feed.
    pub hidden: bool,
    /// Pelican's `Save_as:` and `URL:` (the output path, the address), with their lines.
    pub save_as: Option<(String, usize)>,
    pub url: Option<(String, usize)>,
    /// Pelican's `Lang:`, and `Translation: true` (a translation: `{slug}-{lang}.html`, not listed).
    pub lang: Option<String>,
    pub translation: bool,
    /// Old paths that should redirect here.
    pub aliases: Vec<String>,
    /// Tags (`tags:`, a list or comma-separated), as written; each has a page of its own.
    pub tags: Vec<String>,
    /// Whether the page shows its "Edit this page" link when the site has `edit_url` (`edit: false`).
    pub edit: bool,
    /// Material's `hide:`: the parts of the page's furniture it goes without.
    pub hide: Hide,
    /// Material's `search: {exclude: true}`: left out of the search index.
    pub search_exclude: bool,
    /// Material's `status: new` or `status: deprecated`: a badge beside its sidebar entry.
    pub badge: Option<String>,
    /// Every other field, as written, for templates (`page.extra.headerimage`).
    pub extra: Map<String, Value>,
    /// The line of each known field, for later checks that point at it.
    pub slug_line: Option<usize>,
    pub aliases_line: Option<usize>,
    /// Keys quire does not read that look like a slip for one it does (`sortoder:`).
    pub(crate) near_misses: Vec<NearMiss>,
}

/// What Material's `hide: [navigation, toc, footer, path, tags]` takes off a page: templates
/// read them as `page.hide_navigation` and so on (`toc` also turns the contents off).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Hide {
    #[serde(rename = "hide_navigation")]
    pub navigation: bool,
    #[serde(rename = "hide_toc")]
    pub toc: bool,
    #[serde(rename = "hide_footer")]
    pub footer: bool,
    #[serde(rename = "hide_path")]
    pub path: bool,
    #[serde(rename = "hide_tags")]
    pub tags: bool,
}

/// A header key one or two letters from a key quire reads: it is kept in `extra`, as every
/// unknown key is, and the checks ask whether the known one was meant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NearMiss {
    pub key: String,
    pub line: usize,
    pub meant: &'static str,
}

/// Whether quire reads `key` (lower-cased) from a header.
pub(crate) fn is_known(key: &str) -> bool {
    KEYS.iter().any(|k| k.name == key)
}

pub(crate) fn from_fields(fields: Vec<Field>, file: &Path) -> Result<Meta, Vec<Diagnostic>> {
    let mut meta = Meta::blank();
    let mut errors = Vec::new();
    for Field { key, value, line } in fields {
        if let Err(problem) = read_field(&mut meta, key, value, line) {
            errors.push(
                Diagnostic::error("front-matter", file, problem.message)
                    .at_line(line)
                    .hint(problem.hint),
            );
        }
    }
    if errors.is_empty() {
        Ok(meta)
    } else {
        Err(errors)
    }
}

impl Meta {
    /// A page's metadata before its header is read: what a missing field means.
    fn blank() -> Meta {
        Meta {
            title: String::new(),
            slug: None,
            sortorder: None,
            sort_key: None,
            sidebartitle: None,
            icon: None,
            toc: None,
            meta: None,
            category: None,
            date: None,
            modified: None,
            date_filled: None,
            skipped_by_pelican: false,
            template: None,
            draft: false,
            summary: None,
            summary_html: None,
            authors: Vec::new(),
            hidden: false,
            save_as: None,
            url: None,
            lang: None,
            translation: false,
            aliases: Vec::new(),
            tags: Vec::new(),
            edit: true,
            hide: Hide::default(),
            search_exclude: false,
            badge: None,
            extra: Map::new(),
            slug_line: None,
            aliases_line: None,
            near_misses: Vec::new(),
        }
    }
}

/// Keys other site generators read (Hugo, Jekyll, MkDocs and its Material theme, Docusaurus,
/// Zola, Pelican's plugins) and everyday words near a key quire reads: a page written for
/// another tool keeps them for templates, and is never told it misspelt them.
const OTHER_TOOLS_KEYS: &[&str] = &[
    "audio",
    "build",
    "cascade",
    "categories",
    "comments",
    "data",
    "excerpt",
    "expirydate",
    "extra",
    "headless",
    "hide",
    "hide_title",
    "icon",
    "id",
    "image",
    "images",
    "keywords",
    "lastmod",
    "layout",
    "links",
    "linktitle",
    "markup",
    "menu",
    "menus",
    "name",
    "outputs",
    "params",
    "path",
    "permalink",
    "pin",
    "publishdate",
    "published",
    "readtime",
    "resources",
    "search",
    "series",
    "sidebar_label",
    "sidebar_position",
    "sitemap",
    "subtitle",
    "taxonomies",
    "translationkey",
    "type",
    "updated",
    "videos",
    "weight",
];

/// The key quire reads that an unknown `key` (lower-cased) is most likely a slip for: two
/// edits (a swap of two letters is one) from a key of 7 letters or more, one from a key of 4
/// to 6, and for `toc` and `url` only two letters swapped, since short words have many
/// near neighbours that mean something else. Keys of other tools never are.
pub(crate) fn near_miss(key: &str) -> Option<&'static str> {
    if OTHER_TOOLS_KEYS.contains(&key) {
        return None;
    }
    let allowed = |known: &str, d: usize| match known.chars().count() {
        0..=3 => d == 1 && sorted(known) == sorted(key) && known.len() == key.len(),
        4..=6 => d <= 1,
        _ => d <= 2,
    };
    KEYS.iter()
        .map(|k| (strsim::damerau_levenshtein(key, k.name), k.name))
        .filter(|&(d, known)| d > 0 && allowed(known, d))
        .min_by_key(|&(d, _)| d)
        .map(|(_, known)| known)
}

fn sorted(word: &str) -> Vec<char> {
    let mut chars: Vec<char> = word.chars().collect();
    chars.sort_unstable();
    chars
}

/// The warnings for a page's near-miss keys: where each is, and the key quire reads.
pub(crate) fn misspelt_keys(meta: &Meta, file: &Path) -> Vec<Diagnostic> {
    (meta.near_misses.iter())
        .map(|miss| {
            Diagnostic::warning(
                crate::config::CheckKind::MisspeltKey.as_str(),
                file,
                format!("quire reads no header key \"{}\"", miss.key),
            )
            .at_line(miss.line)
            .hint(format!(
                "did you mean \"{}\"? (a key of your own is kept for templates, as page.extra.{})",
                miss.meant, miss.key
            ))
        })
        .collect()
}

/// The warning for a date without its day (`March 2017`): quire takes the first, where Pelican
/// takes today's (so its date would change with the day of the build).
pub(crate) fn filled_date(meta: &Meta, file: &Path) -> Option<Diagnostic> {
    let line = meta.date_filled?;
    let date = meta.date.as_ref().or(meta.modified.as_ref())?;
    Some(
        Diagnostic::warning(
            crate::config::CheckKind::Markdown.as_str(),
            file,
            format!("the date has no day; quire reads it as {}", date.day()),
        )
        .at_line(line)
        .hint("Pelican takes today's day (a date that changes with each build); write the day, e.g. `date: 2017-03-01`"),
    )
}

/// The warning for an `icon:` that no icon set has, with the nearest that one does.
pub(crate) fn unknown_icon(meta: &Meta, file: &Path) -> Option<Diagnostic> {
    use crate::markdown::icons;
    let (name, line) = meta.icon.as_ref()?;
    if icons::svg_named(name).is_some() {
        return None;
    }
    let hint = match icons::nearest_named(name) {
        Some(near) => format!("did you mean `icon: {near}`? (the page is listed without one)"),
        None => "icons are named as Material names them, e.g. `icon: material/rocket-launch`"
            .to_string(),
    };
    let message = format!("unknown icon `{name}`");
    Some(
        Diagnostic::warning(crate::config::CheckKind::Markdown.as_str(), file, message)
            .at_line(*line)
            .hint(hint),
    )
}

/// Sets what one field says: a known key through its setter, any other into `extra`.
fn read_field(meta: &mut Meta, key: String, value: Value, line: usize) -> Result<(), Problem> {
    let Some(known) = KEYS.iter().find(|k| k.name == key) else {
        if let Some(meant) = near_miss(&key) {
            (meta.near_misses).push(NearMiss {
                key: key.clone(),
                line,
                meant,
            });
        }
        meta.extra.insert(key, value);
        return Ok(());
    };
    let text = match scalar_text(&value) {
        Some(t) => t,
        None if !known.single => String::new(),
        None => {
            return problem(
                format!("`{key}` must be a single value, not a list or map"),
                "write it as `key: value`",
            )
        }
    };
    let field = Input {
        key: &key,
        text: &text,
        value: &value,
        line,
    };
    (known.set)(meta, &field)
}

/// A field's value that is not what its key takes.
struct Problem {
    message: String,
    hint: &'static str,
}

fn problem(message: String, hint: &'static str) -> Result<(), Problem> {
    Err(Problem { message, hint })
}

/// A known field: its value as text (empty for a list where one is allowed), and as written.
struct Input<'a> {
    key: &'a str,
    text: &'a str,
    value: &'a Value,
    line: usize,
}

impl Input<'_> {
    fn trimmed(&self) -> String {
        self.text.trim().to_string()
    }

    /// The value as true or false; `hint` says how to write it when it is neither.
    fn flag(&self, hint: &'static str) -> Result<bool, Problem> {
        parse_bool(self.text).ok_or_else(|| Problem {
            message: format!("{} {:?} is not true or false", self.key, self.text.trim()),
            hint,
        })
    }
}

type Setter = fn(&mut Meta, &Input) -> Result<(), Problem>;

/// A key quire reads.
struct Key {
    name: &'static str,
    /// A list or map is refused (else it reads as empty text, and the setter may read the value).
    single: bool,
    set: Setter,
}

const fn single(name: &'static str, set: Setter) -> Key {
    Key {
        name,
        single: true,
        set,
    }
}

const fn any(name: &'static str, set: Setter) -> Key {
    Key {
        name,
        single: false,
        set,
    }
}

/// Every key quire reads; every other field is kept, as written, in `extra`.
const KEYS: &[Key] = &[
    single("title", |m, f| {
        m.title = f.trimmed();
        Ok(())
    }),
    single("slug", |m, f| {
        m.slug = Some(f.trimmed());
        m.slug_line = Some(f.line);
        Ok(())
    }),
    single("sortorder", set_sortorder),
    single("sidebartitle", |m, f| {
        m.sidebartitle = Some(f.trimmed());
        Ok(())
    }),
    single("icon", |m, f| {
        m.icon = Some((f.trimmed(), f.line)).filter(|(name, _)| !name.is_empty());
        Ok(())
    }),
    single("category", |m, f| {
        m.category = Some(f.trimmed());
        Ok(())
    }),
    single("template", |m, f| {
        m.template = Some((f.trimmed(), f.line));
        Ok(())
    }),
    single("toc", |m, f| {
        m.toc = Some(f.flag("write `toc: True` or `toc: False` (true/false/yes/no also work)")?);
        Ok(())
    }),
    single("meta", set_description),
    // Pelican has no such field, so it is read as leniently as an unknown one: a list is empty.
    any("description", set_description),
    single("summary", set_description),
    any("author", set_authors),
    any("authors", set_authors),
    any("date", set_date),
    single("modified", set_date),
    single("status", set_status),
    single("draft", |m, f| {
        m.draft = parse_bool(f.text).unwrap_or(false);
        Ok(())
    }),
    single("edit", |m, f| {
        m.edit = f.flag("`edit: false` hides the page's \"Edit this page\" link")?;
        Ok(())
    }),
    single("save_as", set_save_as),
    single("url", |m, f| {
        if !f.text.trim().is_empty() {
            m.url = Some((f.trimmed(), f.line));
        }
        Ok(())
    }),
    single("lang", set_lang),
    single("translation", |m, f| {
        m.translation = f.flag("write `translation: true` on a translated copy of another page")?;
        Ok(())
    }),
    any("aliases", |m, f| {
        m.aliases = list_values(f.value);
        m.aliases_line = Some(f.line);
        Ok(())
    }),
    any("tags", |m, f| {
        m.tags = tag_values(f.value);
        Ok(())
    }),
    any("hide", set_hide),
    any("search", |m, f| {
        let exclude = f.value.get("exclude").and_then(scalar_text);
        m.search_exclude = exclude.as_deref().and_then(parse_bool).unwrap_or(false);
        Ok(())
    }),
];

/// Material's `hide:`, a list of parts (any other part is passed over, as Material does).
fn set_hide(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    for part in list_values(f.value) {
        let h = &mut meta.hide;
        match part.as_str() {
            "navigation" => h.navigation = true,
            "toc" => h.toc = true,
            "footer" => h.footer = true,
            "path" => h.path = true,
            "tags" => h.tags = true,
            _ => {}
        }
    }
    if meta.hide.toc {
        meta.toc = Some(false);
    }
    Ok(())
}

fn set_sortorder(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    match f.text.trim().parse::<f64>() {
        Ok(n) if n.is_finite() => {
            meta.sortorder = Some(f.trimmed());
            meta.sort_key = Some(n);
            Ok(())
        }
        _ => problem(
            format!("sortorder {:?} is not a number", f.text.trim()),
            "sortorder orders pages in the sidebar and is compared as a number, e.g. `sortorder: 0835`",
        ),
    }
}

/// `meta`, `description` and `summary`.
fn set_description(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    let mut text = f.trimmed();
    if f.key == "summary" {
        let (plain, html) = rendered_summary(&text);
        text = plain;
        meta.summary = Some(text.clone());
        meta.summary_html = html;
    }
    // Pelican has no description field: its summary is the page's description too.
    if meta.meta.is_none() || f.key == "meta" {
        meta.meta = Some(text)
    }
    Ok(())
}

/// Pelican's reader renders `Summary:` as Markdown (its FORMATTED_FIELDS): the text without
/// markup, and the HTML when there is markup to show (`<p>Git's <code>submodule</code></p>`).
fn rendered_summary(written: &str) -> (String, Option<String>) {
    use crate::markdown::{render_page, Env, Extensions, Highlighter, MarkdownOptions};
    static HIGHLIGHTER: std::sync::LazyLock<Highlighter> =
        std::sync::LazyLock::new(Highlighter::new);
    if !written.contains(['`', '*', '_', '[', '<', '&', '\\']) {
        return (written.to_string(), None);
    }
    let extensions = Extensions::default();
    let options = MarkdownOptions {
        highlighter: &*HIGHLIGHTER,
        extensions: &extensions,
    };
    let env = Env {
        options: &options,
        snippets: None,
        links: None,
    };
    let Ok(rendered) = render_page(written, &env, &mut |_, render| render()) else {
        return (written.to_string(), None);
    };
    let html = rendered.html.trim();
    let inner = (html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>")))
    .unwrap_or(html);
    let plain = rendered.text.trim().to_string();
    // Markup beyond the paragraph and entities; `a & b` alone is text.
    let html = inner.contains('<').then(|| html.to_string());
    (plain, html)
}

/// `author` and `authors`, each a list or comma-separated.
fn set_authors(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    meta.authors.extend(list_values(f.value));
    Ok(())
}

/// `date` and `modified`; Material's blog writes `date: {created: …, updated: …}`.
fn set_date(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    if let (Value::Object(map), "date") = (f.value, f.key) {
        for (part, key) in [("created", "date"), ("updated", "modified")] {
            let Some(text) = map.get(part).and_then(scalar_text) else {
                continue;
            };
            let value = Value::String(text.clone());
            let part = Input {
                key,
                text: &text,
                value: &value,
                line: f.line,
            };
            set_date(meta, &part)?;
        }
        return Ok(());
    }
    let Some((d, filled)) = Date::parse_noting_filled(f.text) else {
        return problem(
            format!("{} {:?} is not a date", f.key, f.text.trim()),
            crate::date::FORMS,
        );
    };
    if filled {
        meta.date_filled = Some(f.line);
    }
    if f.key == "date" {
        meta.date = Some(d)
    } else {
        meta.modified = Some(d)
    }
    Ok(())
}

fn set_status(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    match f.text.trim().to_ascii_lowercase().as_str() {
        "draft" => meta.draft = true,
        "hidden" => meta.hidden = true,
        "published" | "" => {}
        // Material's badges.
        badge @ ("new" | "deprecated") => meta.badge = Some(badge.to_string()),
        other => return problem(
            format!("status {other:?} is not draft, hidden or published"),
            "`status: draft` leaves the page out, `status: hidden` builds it without listing it (Material's `new` and `deprecated` are badges)",
        ),
    }
    Ok(())
}

/// Pelican's `Save_as:`; Pelican writes no file for an empty one.
fn set_save_as(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    if f.text.trim().is_empty() {
        meta.draft = true;
    } else {
        meta.save_as = Some((f.trimmed(), f.line));
    }
    Ok(())
}

fn set_lang(meta: &mut Meta, f: &Input) -> Result<(), Problem> {
    match f.text.trim() {
        "" => {}
        l if crate::config::is_language_tag(l) => meta.lang = Some(l.to_string()),
        l => {
            return problem(
                format!("lang {l:?} is not a language tag"),
                "write the page's language as letters, digits and `-`, e.g. `lang: fr`",
            )
        }
    }
    Ok(())
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn list_values(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
        // Pelican style: a comma-separated line.
        Value::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// Tags as written, each once (the first spelling kept), in the order given.
fn tag_values(value: &Value) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in list_values(value) {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    tags
}

pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, value: &str, line: usize) -> Field {
        Field {
            key: key.into(),
            value: Value::String(value.into()),
            line,
        }
    }

    #[test]
    fn reads_the_seed_fields() {
        let m = from_fields(
            vec![
                field("title", "Serverless", 1),
                field("sortorder", "0835", 2),
                field("toc", "False", 3),
                field("headerimage", "/img/x.png", 4),
            ],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.title, "Serverless");
        assert_eq!(m.sort_key, Some(835.0));
        assert_eq!(m.sortorder.as_deref(), Some("0835"));
        assert_eq!(m.toc, Some(false));
        assert_eq!(m.extra["headerimage"], "/img/x.png");
    }

    #[test]
    fn reports_every_bad_field_with_its_line() {
        let errs = from_fields(
            vec![field("sortorder", "first", 2), field("toc", "maybe", 3)],
            Path::new("a.md"),
        )
        .unwrap_err();
        let lines: Vec<_> = errs.iter().map(|e| e.line).collect();
        // No title is no error: the page takes its heading's or its file's (content/mod.rs).
        assert_eq!(lines, vec![Some(2), Some(3)]);
    }

    #[test]
    fn tags_are_a_list_or_comma_separated() {
        let list = Value::Array(vec!["Python".into(), "aws".into(), "python".into()]);
        let m = from_fields(
            vec![
                field("title", "T", 1),
                Field {
                    key: "tags".into(),
                    value: list,
                    line: 2,
                },
            ],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.tags, vec!["Python", "aws"]);
        let m = from_fields(
            vec![
                field("title", "T", 1),
                field("tags", "deploy, aws lambda,", 2),
            ],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.tags, vec!["deploy", "aws lambda"]);
        assert!(m.edit);
    }

    #[test]
    fn a_key_a_letter_or_two_from_a_known_one_is_asked_about_and_kept() {
        for (slip, meant) in [
            ("sortoder", "sortorder"),
            ("sort_order", "sortorder"),
            ("tittle", "title"),
            ("titel", "title"),
            ("catgory", "category"),
            ("sidebar_title", "sidebartitle"),
            ("tag", "tags"),
            ("auther", "author"),
            ("tco", "toc"),
            ("ulr", "url"),
        ] {
            assert_eq!(near_miss(slip), Some(meant), "{slip}");
        }
        // Other tools' keys, words of their own, and short words near `toc` or `url`.
        for quiet in [
            "layout",
            "weight",
            "permalink",
            "keywords",
            "hide",
            "icon",
            "data",
            "type",
            "top",
            "uri",
            "headerimage",
            "categories",
            "subtitle",
            "title",
            "",
        ] {
            assert_eq!(near_miss(quiet), None, "{quiet}");
        }
        let m = from_fields(
            vec![field("title", "T", 1), field("sortoder", "2", 2)],
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(m.extra["sortoder"], "2");
        let warnings = misspelt_keys(&m, Path::new("a.md"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(2));
        assert!(warnings[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean \"sortorder\"?"));
    }

    #[test]
    fn materials_keys_are_read_as_material_means_them() {
        let yaml = "date:\n  created: 2024-01-02\n  updated: 2024-02-03\nhide: [toc, footer]\nsearch: {exclude: true}\nstatus: new\n";
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let fields = (value.as_object().unwrap().iter().enumerate())
            .map(|(i, (k, v))| Field {
                key: k.clone(),
                value: v.clone(),
                line: i + 1,
            })
            .collect();
        let m = from_fields(fields, Path::new("a.md")).unwrap();
        assert_eq!(m.date, Date::parse("2024-01-02"));
        assert_eq!(m.modified, Date::parse("2024-02-03"));
        assert!(m.hide.toc && m.hide.footer && !m.hide.navigation);
        assert_eq!(m.toc, Some(false), "hide: toc turns the contents off");
        assert!(m.search_exclude);
        assert_eq!(m.badge.as_deref(), Some("new"));
    }

    #[test]
    fn bools() {
        for t in ["True", "true", "yes"] {
            assert_eq!(parse_bool(t), Some(true));
        }
        for f in ["False", "false", "no"] {
            assert_eq!(parse_bool(f), Some(false));
        }
        assert_eq!(parse_bool("perhaps"), None);
    }
}
