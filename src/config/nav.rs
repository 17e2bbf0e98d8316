//! site.yaml's `nav:`, in the shape MkDocs users write it, read into plain data: what the
//! sidebar lists and in what order. Which page a path names is the site model's business
//! (content/site.rs); here a path is only text, with the line it is written on.
//!
//! ```yaml
//! nav:
//!   - index.md                       # a page, titled by itself
//!   - Getting started: start.md      # a page, titled by the nav
//!   - Guide:                         # a section (need not be a folder)
//!       - guide/install.md
//!   - GitHub: https://github.com/x/y # a link out of the site
//! ```

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The entries of `nav:`, in order, and how the file they came from reads them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Nav {
    pub entries: Vec<NavEntry>,
    /// The file the nav is written in, as messages name it (`site.yaml`, `mkdocs.yml`, or the
    /// file a `mkdocs.yml` `INHERIT`s it from); empty for a nav no file writes (MkDocs'
    /// automatic one).
    pub(crate) file: std::path::PathBuf,
    /// Material's `navigation.indexes`: a section's first folder page (`index.md`, `README.md`)
    /// is the section's own link, listed under the section's title and not as one of its pages.
    pub(crate) section_indexes: bool,
}

impl Nav {
    /// The file messages about the nav name: the one it is written in.
    pub(crate) fn file_label(&self) -> &std::path::Path {
        match self.file.as_os_str().is_empty() {
            true => std::path::Path::new(super::CONFIG_FILE),
            false => &self.file,
        }
    }
}

/// One line of the nav: a page, a link or a section, as titled there.
#[derive(Debug, Clone, PartialEq)]
pub struct NavEntry {
    /// The title the nav gives (`Title: …`); a bare path takes its page's.
    pub title: Option<String>,
    pub target: NavTarget,
    /// 1-based line of site.yaml the entry is written on (0 until `locate` has run).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NavTarget {
    /// A page's path under the content folder, `./` and empty parts taken out.
    Page(String),
    /// An address outside the site (http, https or mailto).
    Link(String),
    /// A group of entries, titled; it need not be a folder.
    Section(Vec<NavEntry>),
}

/// What an entry may be, as serde's "expected …" and as this module's own messages say it.
const SHAPE: &str =
    "a path (`guide/install.md`), `Title: path`, `Title: https://…`, or `Section:` with a list under it";

/// What to do about an entry that is none of those.
pub(crate) const HINT: &str = "write each entry as `- path.md`, `- Title: path.md`, `- Title: https://…`, or `- Section:` with its entries indented under it";

/// serde_yaml's message about an entry of `nav:`, without the path to it (`nav[1].Guide: `)
/// and the place (told apart); `None` when the message is about something else.
pub(crate) fn message(serde_message: &str) -> Option<String> {
    let (path, rest) = serde_message.split_once(": ")?;
    if path != "nav" && !path.starts_with("nav[") {
        return None;
    }
    let rest = rest.split(" at line ").next().unwrap_or(rest);
    Some(format!("in `nav:`, {rest}"))
}

impl<'de> Deserialize<'de> for Nav {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<NavEntry>::deserialize(d).map(|entries| Nav {
            entries,
            ..Nav::default()
        })
    }
}

impl<'de> Deserialize<'de> for NavEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = NavEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(SHAPE)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<NavEntry, E> {
        Ok(NavEntry {
            title: None,
            target: target_of(value).map_err(E::custom)?,
            line: 0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NavEntry, A::Error> {
        let Some(title) = map.next_key::<String>()? else {
            return Err(de::Error::custom(format!("an entry is {SHAPE}")));
        };
        let target = map.next_value::<Target>()?.0;
        if map.next_key::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(
                "an entry holds more than one `Title:` (start each with `- `)",
            ));
        }
        Ok(NavEntry {
            title: Some(title),
            target,
            line: 0,
        })
    }
}

/// What a `Title:` leads to: a path, a link, or a list of entries.
struct Target(NavTarget);

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TargetVisitor)
    }
}

struct TargetVisitor;

impl<'de> Visitor<'de> for TargetVisitor {
    type Value = Target;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(SHAPE)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Target, E> {
        target_of(value).map(Target).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Target, A::Error> {
        let mut entries = Vec::new();
        while let Some(e) = seq.next_element::<NavEntry>()? {
            entries.push(e);
        }
        Ok(Target(NavTarget::Section(entries)))
    }
}

/// A path or an address, told apart as a browser would: a scheme (`https:`) or `//` leaves the
/// site. Schemes that run or show something else than a page (`javascript:`) are refused.
fn target_of(value: &str) -> Result<NavTarget, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("an entry is empty".to_string());
    }
    if !crate::url::leaves_site(value) {
        return Ok(NavTarget::Page(normal_path(value)));
    }
    match crate::url::unsafe_scheme(value) {
        Some(s) if s != "mailto" => Err(format!(
            "a link to a `{s}:` address is refused: write an http(s) address, or a page's path"
        )),
        _ => Ok(NavTarget::Link(value.to_string())),
    }
}

/// `./guide//install.md` → `guide/install.md`: the path as the pages' own are written.
fn normal_path(path: &str) -> String {
    path.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Gives each entry the line of site.yaml it is written on. serde_yaml keeps no places in what
/// it returns, so each entry's text is looked for after the one before it (entries are written
/// in the order they are read); one not found keeps the line of the entry before it.
pub(crate) fn locate(nav: &mut Nav, text: &str) {
    let start = text
        .match_indices("nav")
        .find(|&(i, _)| {
            (i == 0 || text[..i].ends_with('\n')) && text[i + 3..].trim_start().starts_with(':')
        })
        .map_or(0, |(i, _)| i);
    let mut cursor = Cursor {
        text,
        at: start,
        line: line_at(text, start),
    };
    cursor.place(&mut nav.entries);
}

struct Cursor<'t> {
    text: &'t str,
    /// Byte offset after the last entry found.
    at: usize,
    line: usize,
}

impl Cursor<'_> {
    fn place(&mut self, entries: &mut [NavEntry]) {
        for e in entries {
            let needle = match &e.target {
                NavTarget::Page(p) => p.rsplit('/').next().unwrap_or(p),
                NavTarget::Link(url) => url,
                NavTarget::Section(_) => e.title.as_deref().unwrap_or(""),
            };
            if let Some(i) = self.text[self.at..]
                .find(needle)
                .filter(|_| !needle.is_empty())
            {
                self.at += i + needle.len();
                self.line = line_at(self.text, self.at);
            }
            e.line = self.line;
            if let NavTarget::Section(inner) = &mut e.target {
                self.place(inner);
            }
        }
    }
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav(yaml: &str) -> Result<Nav, serde_yaml::Error> {
        let mut nav: Nav = serde_yaml::from_str(yaml)?;
        locate(&mut nav, yaml);
        Ok(nav)
    }

    fn page(title: Option<&str>, path: &str, line: usize) -> NavEntry {
        NavEntry {
            title: title.map(str::to_string),
            target: NavTarget::Page(path.to_string()),
            line,
        }
    }

    #[test]
    fn the_shapes_mkdocs_users_write_with_their_lines() {
        let yaml = "- index.md\n- Getting started: ./start.md\n- Guide:\n    - guide/install.md\n    - Deeper:\n        - api/fields.md\n- GitHub: https://github.com/x/y\n";
        let got = nav(yaml).unwrap();
        let expected = vec![
            page(None, "index.md", 1),
            page(Some("Getting started"), "start.md", 2),
            NavEntry {
                title: Some("Guide".into()),
                target: NavTarget::Section(vec![
                    page(None, "guide/install.md", 4),
                    NavEntry {
                        title: Some("Deeper".into()),
                        target: NavTarget::Section(vec![page(None, "api/fields.md", 6)]),
                        line: 5,
                    },
                ]),
                line: 3,
            },
            NavEntry {
                title: Some("GitHub".into()),
                target: NavTarget::Link("https://github.com/x/y".into()),
                line: 7,
            },
        ];
        assert_eq!(got.entries, expected);
    }

    #[test]
    fn the_same_file_name_twice_gets_each_its_own_line() {
        let yaml = "- a/index.md\n- B:\n  - b/index.md\n";
        let got = nav(yaml).unwrap();
        assert_eq!(got.entries[0].line, 1);
        let NavTarget::Section(inner) = &got.entries[1].target else {
            panic!("a section")
        };
        assert_eq!(inner[0].line, 3);
    }

    #[test]
    fn what_is_no_entry_is_refused_at_its_place() {
        let err = nav("- a.md\n- 3\n").unwrap_err();
        assert!(err.to_string().contains("`Title: path`"), "{err}");
        assert_eq!(err.location().map(|l| l.line()), Some(2));
        let d = crate::config::Config::parse("nav:\n  - a.md\n  - 3\n").unwrap_err();
        assert_eq!(
            (d.message.as_str(), d.line),
            ("in `nav:`, invalid type: integer `3`, expected a path (`guide/install.md`), `Title: path`, `Title: https://…`, or `Section:` with a list under it", Some(3))
        );
        assert_eq!(d.hint.as_deref(), Some(HINT));
        let err = nav("- Bad: javascript:alert(1)\n").unwrap_err();
        assert!(err.to_string().contains("`javascript:`"), "{err}");
        assert!(nav("- A: a.md\n  B: b.md\n").is_err());
        assert!(nav("- Mail: mailto:x@example.org\n").is_ok());
    }
}
