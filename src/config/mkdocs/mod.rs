//! A `mkdocs.yml` as the site file: MkDocs' settings read into quire's `Config`, so that a
//! MkDocs project builds as it is. What quire has is mapped; what it does not (a plugin it
//! does not run, a key it does not know) is one warning each, never a failure: projects keep
//! one `mkdocs.yml` for several tools.
//!
//! `yaml.rs` reads the file as MkDocs does (`INHERIT:`, `!ENV`, Python tags); `theme.rs`,
//! `extensions.rs` and `plugins.rs` read their keys; this file the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::{Config, Level, Script, SiteFile};
use crate::diagnostic::{Diagnostic, Severity};

mod extensions;
mod plugins;
pub(crate) use plugins::{glob, nav_name, AwesomeOptions, Blog, NavPlugin, Sort, Tags};
mod theme;
mod yaml;

/// The names MkDocs looks for, in its order.
const FILES: &[&str] = &["mkdocs.yml", "mkdocs.yaml"];

/// Where MkDocs writes the site unless `site_dir:` says otherwise.
const DEFAULT_SITE_DIR: &str = "site";

/// The keys MkDocs 1.6 knows: each is read below, or accepted as having no meaning for a
/// build (`dev_addr`, `remote_branch`: `mkdocs serve` and `gh-deploy`'s).
const KEYS: &[&str] = &[
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "docs_dir",
    "site_dir",
    "use_directory_urls",
    "repo_url",
    "repo_name",
    "edit_uri",
    "edit_uri_template",
    "copyright",
    "extra",
    "extra_css",
    "extra_javascript",
    "extra_templates",
    "nav",
    "theme",
    "markdown_extensions",
    "mdx_configs",
    "plugins",
    "hooks",
    "not_in_nav",
    "exclude_docs",
    "draft_docs",
    "validation",
    "strict",
    "watch",
    "dev_addr",
    "remote_branch",
    "remote_name",
    "google_analytics",
];

/// The site folder's `mkdocs.yml` (or `mkdocs.yaml`), if it has one.
pub(crate) fn find(site_dir: &Path) -> Option<PathBuf> {
    FILES
        .iter()
        .map(|name| site_dir.join(name))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// Where a MkDocs project's site is written when `-o` names no folder: its `site_dir:` (MkDocs'
/// default `site/`), from the project's folder. `None` when the site file is not a `mkdocs.yml`.
pub(crate) fn output_dir(site_dir: &Path, named: Option<&Path>) -> Option<PathBuf> {
    let file = match named {
        Some(file) if !super::is_site_yaml(file) => file.to_path_buf(),
        Some(_) => return None,
        None if std::fs::symlink_metadata(site_dir.join(super::CONFIG_FILE)).is_ok() => {
            return None
        }
        None => find(site_dir)?,
    };
    // A file that does not read says so when the build reads it; until then, the default.
    let dir = yaml::load(&file, &file)
        .ok()
        .and_then(|l| l.map.get("site_dir")?.as_str().map(str::to_string))
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_SITE_DIR.into());
    Some(site_dir.join(dir))
}

/// Reads a `mkdocs.yml` into the site's settings.
pub(crate) fn read(site_dir: &Path, file: &Path) -> Result<Config, Diagnostic> {
    let label = file
        .strip_prefix(site_dir)
        .map_or_else(|_| file.to_path_buf(), Path::to_path_buf);
    let loaded = yaml::load(file, &label)?;
    let mut r = Reader {
        label: label.clone(),
        text: &loaded.text,
        notes: loaded.notes,
    };
    let map = &loaded.map;
    let mut config = Config {
        from_mkdocs: true,
        ..Config::default()
    };
    r.site(map, &mut config)?;
    r.links(map, &mut config)?;
    theme::read(&mut r, map.get("theme"), &mut config)?;
    config.section_indexes = has_feature(map, "navigation.indexes");
    if let Some(nav) = &mut config.nav {
        let (file, text) =
            (loaded.nav_from.as_ref()).map_or((&label, &loaded.text), |(f, t)| (f, t));
        super::nav::locate(nav, text);
        nav.file = file.clone();
        nav.section_indexes = config.section_indexes;
    }
    config.markdown = extensions::read(&mut r, map.get("markdown_extensions"))?;
    plugins::read(&mut r, map, &mut config)?;
    r.checks(map, &mut config)?;
    // What quire does not do (plugins, hooks, extensions, overrides) stays a warning under
    // `strict: true`: MkDocs' strict mode fails on MkDocs' own warnings, and a project that
    // builds with MkDocs must build here. An unknown key MkDocs warns of too.
    let limits = r.notes.len();
    r.unknown_keys(map);
    if config.markdown.repo_url.is_none() {
        config.markdown.repo_url = config.repo_url.clone();
    }
    let strict = r.boolean(map, "strict")?.unwrap_or(false);
    let watch = r.watch(map)?;
    config.file = SiteFile {
        name: label,
        read: loaded.read,
        notes: r.notes,
        watch,
    };
    if strict {
        for note in &mut config.file.notes[limits..] {
            if note.severity == Severity::Warning {
                note.severity = Severity::Error;
            }
        }
    }
    Ok(config)
}

/// Whether Material's `theme.features` lists `feature` (the theme's other settings: theme.rs).
fn has_feature(map: &Mapping, feature: &str) -> bool {
    let features = map.get("theme").and_then(|t| t.get("features"));
    (features.and_then(Value::as_sequence))
        .is_some_and(|f| f.iter().any(|v| v.as_str() == Some(feature)))
}

/// Reads the keys of one file, gathering its warnings; an error names the file and line.
pub(super) struct Reader<'t> {
    label: PathBuf,
    text: &'t str,
    notes: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn line(&self, key: &str) -> Option<usize> {
        super::line_of(self.text, key)
    }

    /// A warning about `key`, at its line.
    pub(super) fn warn(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let mut d = Diagnostic::warning("config", &self.label, message).hint(hint);
        if let Some(line) = self.line(key) {
            d = d.at_line(line);
        }
        self.notes.push(d);
    }

    /// A warning about an item of a list (`- name` or `- name:`), at the first line naming it.
    pub(super) fn warn_item(
        &mut self,
        item: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let mut d = Diagnostic::warning("config", &self.label, message).hint(hint);
        let names = |l: &str| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            let l = l.trim_start_matches(['"', '\'']);
            l.strip_prefix(item)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '"', '\'', ' ']))
        };
        if let Some(i) = self.text.lines().position(names) {
            d = d.at_line(i + 1);
        }
        self.notes.push(d);
    }

    /// A warning about `key: value` where the key recurs (each map of a list has one), at the
    /// first line that gives the key that value, quoted or not.
    pub(super) fn warn_value(
        &mut self,
        (key, value): (&str, &str),
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let mut d = Diagnostic::warning("config", &self.label, message).hint(hint);
        let sets = |l: &str| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix(key)
                .and_then(|r| r.trim_start().strip_prefix(':'))
                .is_some_and(|v| {
                    v.split(" #")
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches(['"', '\''])
                        == value
                })
        };
        if let Some(i) = self.text.lines().position(sets) {
            d = d.at_line(i + 1);
        }
        self.notes.push(d);
    }

    /// An error about `key`, at its line.
    pub(super) fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        yaml::error_at(&self.label, self.text, key, message)
    }

    /// A text setting: a string, or a number or boolean as written; nothing for `null`.
    pub(super) fn string(&self, map: &Mapping, key: &str) -> Result<Option<String>, Diagnostic> {
        scalar(map.get(key)).map_err(|kind| {
            self.error(key, format!("`{key}:` is {kind}, not a text"))
                .hint(format!("write it as one line of text: `{key}: …`"))
        })
    }

    pub(super) fn boolean(&self, map: &Mapping, key: &str) -> Result<Option<bool>, Diagnostic> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self
                .error(key, format!("`{key}:` is not true or false"))
                .hint(format!("write `{key}: true` or `{key}: false`"))),
        }
    }

    /// A list of texts (one text is a list of one).
    pub(super) fn strings(&self, map: &Mapping, key: &str) -> Result<Vec<String>, Diagnostic> {
        let bad = || {
            self.error(key, format!("`{key}:` is not a list of texts"))
                .hint(format!(
                    "write one item a line under `{key}:`, each as `- text`"
                ))
        };
        match map.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Sequence(items)) => (items.iter())
                .filter(|v| !v.is_null())
                .map(|v| scalar(Some(v)).ok().flatten().ok_or_else(bad))
                .collect(),
            Some(v) => Ok(vec![scalar(Some(v)).ok().flatten().ok_or_else(bad)?]),
        }
    }

    /// Titles, places and folders: `site_name` … `copyright`, `nav`, `extra`.
    fn site(&mut self, map: &Mapping, config: &mut Config) -> Result<(), Diagnostic> {
        match self.string(map, "site_name")? {
            Some(name) => config.title = name,
            None => {
                return Err(self.error("site_name", "`site_name:` is missing").hint(
                    "MkDocs requires it too: write the site's title, e.g. `site_name: My Docs`",
                ))
            }
        }
        if let Some(url) = self
            .string(map, "site_url")?
            .filter(|u| !u.trim().is_empty())
        {
            config.base_url = url;
        }
        config.description = self.string(map, "site_description")?;
        config.author = self.string(map, "site_author")?.unwrap_or_default();
        config.copyright = self.string(map, "copyright")?;
        let docs = self.string(map, "docs_dir")?;
        let docs = PathBuf::from(docs.as_deref().unwrap_or("docs"));
        if !super::stays_inside(&docs) {
            return Err(self
                .error("docs_dir", format!("`docs_dir:` {} is not a folder inside the project folder", docs.display()))
                .hint("name the folder of pages from the folder holding mkdocs.yml, e.g. `docs_dir: docs`"));
        }
        config.content_dir = Some(docs);
        config.pretty_urls = self.boolean(map, "use_directory_urls")?.unwrap_or(true);
        if let Some(nav) = map.get("nav").filter(|v| !v.is_null()) {
            let nav: super::nav::Nav = serde_yaml::from_value(nav.clone()).map_err(|e| {
                let message = e.to_string();
                let why = super::nav::message(&message).unwrap_or(message);
                self.error("nav", why).hint(super::nav::HINT)
            })?;
            config.nav = Some(nav);
        }
        self.extra(map, config)
    }

    /// `extra:` for the templates, and Material's `extra.social` as the footer's links.
    fn extra(&mut self, map: &Mapping, config: &mut Config) -> Result<(), Diagnostic> {
        let Some(extra) = map.get("extra").filter(|v| !v.is_null()) else {
            return Ok(());
        };
        config.extra =
            serde_yaml::from_value::<BTreeMap<String, Value>>(extra.clone()).map_err(|_| {
                self.error("extra", "`extra:` is not a map")
                    .hint("write `extra:` with `name: value` lines indented under it")
            })?;
        if let Some(social) = config.extra.get("social") {
            match serde_yaml::from_value::<Vec<super::Social>>(without_extra_keys(social)) {
                Ok(social) => config.social = social,
                Err(e) => self.warn(
                    "social",
                    format!("`extra: social:` is not read: {e}"),
                    "write each link as `- icon: fontawesome/brands/github` and `link: https://…` (`name:` optional)",
                ),
            }
        }
        Ok(())
    }

    /// The repository, its edit links, and what every page loads besides the theme.
    fn links(&mut self, map: &Mapping, config: &mut Config) -> Result<(), Diagnostic> {
        config.repo_url = self
            .string(map, "repo_url")?
            .filter(|u| !u.trim().is_empty());
        config.repo_name = self.string(map, "repo_name")?;
        config.edit_url = self.edit_url(map, config)?;
        config.head.css = self.strings(map, "extra_css")?;
        config.head.scripts = self.scripts(map)?;
        if map.get("extra_templates").is_some_and(|v| !v.is_null()) {
            self.warn(
                "extra_templates",
                "`extra_templates:` are Jinja templates, which quire does not render",
                "make them pages (Markdown) in the docs folder, or leave them out",
            );
        }
        Ok(())
    }

    /// MkDocs' edit link: `repo_url` joined with `edit_uri` (by default `edit/master/docs/`
    /// on GitHub and GitLab), or `edit_uri_template`'s `{path}`; `edit_uri: ""` turns it off.
    /// quire appends the page's path from the project folder (`docs/x.md`), so the docs
    /// folder's own name is taken off the end.
    fn edit_url(&mut self, map: &Mapping, config: &Config) -> Result<Option<String>, Diagnostic> {
        let template = self.string(map, "edit_uri_template")?;
        let uri = match (&template, self.string(map, "edit_uri")?) {
            (Some(t), _) => match t.strip_suffix("{path}") {
                Some(prefix) if !prefix.contains('{') => prefix.to_string(),
                _ => {
                    self.warn(
                        "edit_uri_template",
                        "`edit_uri_template:` is read only when it ends in `{path}`: no edit links",
                        "write it as `edit/main/docs/{path}`",
                    );
                    return Ok(None);
                }
            },
            (None, Some(uri)) => uri,
            (None, None) => match config.repo_url.as_deref().map(host_of) {
                Some("github.com" | "gitlab.com") => "edit/master/docs/".into(),
                Some("bitbucket.org") => "src/default/docs/".into(),
                _ => return Ok(None),
            },
        };
        if uri.trim().is_empty() {
            return Ok(None);
        }
        let full = match (crate::url::scheme(&uri), config.repo_url.as_deref()) {
            (Some(_), _) => uri.clone(),
            (None, Some(repo)) => join_url(repo, &uri),
            (None, None) => return Ok(None),
        };
        let docs = config.content_dir.as_deref().unwrap_or(Path::new("docs"));
        let docs = docs.to_string_lossy();
        let docs = docs.trim_matches('/').trim_start_matches("./");
        let full = full.trim_end_matches('/');
        if docs.is_empty() || docs == "." {
            return Ok(Some(format!("{full}/")));
        }
        match full.strip_suffix(docs).filter(|rest| rest.ends_with('/')) {
            Some(base) => Ok(Some(base.to_string())),
            None => {
                self.warn(
                    if template.is_some() { "edit_uri_template" } else { "edit_uri" },
                    format!("the edit address `{full}` does not end in the docs folder `{docs}/`: no edit links"),
                    format!("write it so that it ends in `{docs}/` (quire appends `{docs}/page.md`)"),
                );
                Ok(None)
            }
        }
    }

    /// `extra_javascript:` items: a path or address, or `{path, type, defer, async}`.
    fn scripts(&self, map: &Mapping) -> Result<Vec<Script>, Diagnostic> {
        let items = match map.get("extra_javascript") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Sequence(items)) => items.clone(),
            Some(one) => vec![one.clone()],
        };
        let bad = || {
            self.error(
                "extra_javascript",
                "an item of `extra_javascript:` is not a path or `{path: …}`",
            )
            .hint("write each script as `- js/x.js`, or `- path: js/x.mjs` with `type: module`")
        };
        (items.iter())
            .map(|item| match item {
                Value::Mapping(m) => Ok(Script {
                    kind: scalar(m.get("type")).ok().flatten().unwrap_or_default(),
                    defer: m.get("defer").and_then(Value::as_bool).unwrap_or(false),
                    r#async: m.get("async").and_then(Value::as_bool).unwrap_or(false),
                    ..Script::at(scalar(m.get("path")).ok().flatten().ok_or_else(bad)?)
                }),
                v => Ok(Script::at(scalar(Some(v)).ok().flatten().ok_or_else(bad)?)),
            })
            .map(|s| s.map(Script::module_by_name))
            .collect()
    }

    /// `validation:` and `strict:` as `checks:` levels: a missing page or file and (when MkDocs
    /// warns of them) a missing anchor; `strict: true` makes what MkDocs warns of an error.
    fn checks(&mut self, map: &Mapping, config: &mut Config) -> Result<(), Diagnostic> {
        let strict = self.boolean(map, "strict")?.unwrap_or(false);
        let links = map.get("validation").and_then(|v| v.get("links"));
        let level = |key: &str, default: &str| {
            let written = links.and_then(|l| l.get(key)).and_then(Value::as_str);
            match written.unwrap_or(default) {
                "ignore" => Level::Off,
                "warn" if strict => Level::Error,
                _ => Level::Warning,
            }
        };
        let not_found = level("not_found", "warn");
        let anchors = level("anchors", "info");
        for (kind, level) in [
            (super::CheckKind::BrokenLink, not_found),
            (super::CheckKind::MissingFile, not_found),
            (super::CheckKind::MissingAnchor, anchors),
        ] {
            if level != Level::Warning {
                config.checks.insert(kind.as_str().to_string(), level);
            }
        }
        Ok(())
    }

    /// `watch:`: more paths `quire serve` rebuilds on.
    fn watch(&self, map: &Mapping) -> Result<Vec<PathBuf>, Diagnostic> {
        Ok(self
            .strings(map, "watch")?
            .into_iter()
            .map(PathBuf::from)
            .collect())
    }

    /// One warning for each key MkDocs does not know either (another tool's, or a typo).
    fn unknown_keys(&mut self, map: &Mapping) {
        for key in map.keys().filter_map(Value::as_str) {
            if KEYS.contains(&key) {
                continue;
            }
            let hint = match super::did_you_mean(key, KEYS) {
                Some(near) => format!("did you mean `{near}`? Left as it is, quire ignores it"),
                None => "quire ignores it (another tool's setting is fine to keep)".to_string(),
            };
            self.warn(key, format!("unknown key `{key}`"), hint);
        }
    }
}

impl Script {
    fn at(src: String) -> Script {
        Script {
            src,
            ..Script::default()
        }
    }

    /// MkDocs loads a `.mjs` file as a module unless its `type:` says otherwise.
    fn module_by_name(self) -> Script {
        match self.kind.is_empty() && self.src.ends_with(".mjs") {
            true => Script {
                kind: "module".into(),
                ..self
            },
            false => self,
        }
    }
}

/// A scalar as text; `Err` names what the value is instead.
fn scalar(value: Option<&Value>) -> Result<Option<String>, &'static str> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(Value::Sequence(_)) => Err("a list"),
        Some(Value::Mapping(_)) => Err("a map"),
        Some(Value::Tagged(_)) => Err("a tagged value"),
    }
}

/// `https://github.com/org/repo/` → `github.com`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// MkDocs' join of `repo_url` and a relative `edit_uri`: `/x` from the host, `?x` and `#x`
/// onto the address, anything else under it.
fn join_url(repo: &str, uri: &str) -> String {
    if let Some(path) = uri.strip_prefix('/') {
        let (scheme, rest) = repo.split_once("://").unwrap_or(("https", repo));
        return format!("{scheme}://{}/{path}", host_of(rest));
    }
    if uri.starts_with(['?', '#']) {
        return format!("{}{uri}", repo.trim_end_matches('/'));
    }
    format!("{}/{uri}", repo.trim_end_matches('/'))
}

/// Material's social links, with only the keys quire reads (`icon`, `name`, `link`).
fn without_extra_keys(social: &Value) -> Value {
    let Value::Sequence(items) = social else {
        return social.clone();
    };
    Value::Sequence(
        (items.iter())
            .map(|item| match item {
                Value::Mapping(m) => Value::Mapping(
                    (m.iter())
                        .filter(|(k, _)| matches!(k.as_str(), Some("icon" | "name" | "link")))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ),
                v => v.clone(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_uri_joins_as_mkdocs_joins() {
        assert_eq!(
            join_url("https://github.com/o/r/", "edit/main/docs/"),
            "https://github.com/o/r/edit/main/docs/"
        );
        assert_eq!(
            join_url("https://github.com/o/r", "/o/r/edit/x/"),
            "https://github.com/o/r/edit/x/"
        );
        assert_eq!(join_url("https://h.org/r", "?p="), "https://h.org/r?p=");
        assert_eq!(host_of("https://gitlab.com/a/b"), "gitlab.com");
    }
}
