//! `theme:` of a `mkdocs.yml`: Material's (or MkDocs' own) settings that quire's theme has —
//! logo, favicon, language, header tabs, the palette's colours. Display preferences it has no
//! use for (`font`, most `features`) are accepted without a word; `custom_dir` is a warning,
//! since its Jinja overrides are not rendered.

use serde_yaml::{Mapping, Value};

use super::{scalar, Reader};
use crate::config::{Config, Scheme};
use crate::diagnostic::Diagnostic;

mod colours;

/// Themes whose pages quire's own theme stands in for.
const THEMES: &[&str] = &["material", "mkdocs", "readthedocs"];

pub(super) fn read(
    r: &mut Reader,
    theme: Option<&Value>,
    config: &mut Config,
) -> Result<(), Diagnostic> {
    let map = match theme {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(name)) => Mapping::from_iter([("name".into(), name.as_str().into())]),
        Some(Value::Mapping(m)) => m.clone(),
        Some(_) => {
            return Err(r
                .error("theme", "`theme:` is neither a name nor a map")
                .hint("write `theme: material`, or `theme:` with `name: material` under it"))
        }
    };
    if let Some(name) = r.string(&map, "name")? {
        if !THEMES.contains(&name.as_str()) {
            r.warn(
                "name",
                format!("theme `{name}` is not one quire draws: pages use quire's own theme"),
                "quire's theme stands in for `material` and `mkdocs`",
            );
        }
    }
    if let Some(dir) = r.string(&map, "custom_dir")? {
        r.warn(
            "custom_dir",
            format!("`custom_dir: {dir}` is not read: quire does not render Jinja overrides"),
            "the pages use quire's theme; a folder templates/ of Tera templates overrides it",
        );
    }
    config.logo = r.string(&map, "logo")?;
    config.favicon = r.string(&map, "favicon")?;
    if let Some(lang) = r.string(&map, "language")? {
        if !crate::config::is_language_tag(&lang) {
            return Err(r
                .error(
                    "language",
                    format!("`language:` {lang:?} is not a language tag"),
                )
                .hint(
                    "write the site's language as letters, digits and `-`, e.g. `language: en`",
                ));
        }
        config.lang = lang;
    }
    let features = r.strings(&map, "features")?;
    config.tabs = features.iter().any(|f| f == "navigation.tabs");
    if features.iter().any(|f| f == "toc.integrate") {
        // The contents move into the sidebar in Material; quire's sidebar has none.
        config.toc = false;
    }
    config.head.palette = palette(r, map.get("palette"));
    config.head.palette_css = colours::css(&config.head.palette);
    Ok(())
}

/// The palette: one scheme or a list (a light/dark toggle), each with Material's colour names
/// made CSS colours (`custom` kept as the word); a name Material does not know is a warning,
/// and that scheme keeps Material's default.
fn palette(r: &mut Reader, value: Option<&Value>) -> Vec<Scheme> {
    let schemes = match value {
        Some(Value::Sequence(items)) => items.iter().collect(),
        Some(one @ Value::Mapping(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut colour_of = |s: &Value, key: &str, table: &[(&str, &str)]| {
        let name = scalar(s.get(key)).ok().flatten()?;
        let found = colour(&name, table);
        if found.is_none() {
            let names = table.iter().map(|(n, _)| (*n, *n));
            let hint = match crate::suggest::closest(&name.trim().replace(' ', "-"), names) {
                Some(near) => format!("did you mean `{key}: {}`?", near.replace('-', " ")),
                None => format!(
                    "Material's colours are {}, and `custom`",
                    (table.iter().map(|(n, _)| n.replace('-', " ")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let default = if key == "primary" {
                "indigo"
            } else {
                "its default"
            };
            r.warn_value(
                (key, name.trim()),
                format!(
                    "`{key}: {name}` is not a colour Material knows: the scheme keeps {default}"
                ),
                hint,
            );
        }
        found
    };
    (schemes.into_iter())
        .map(|s| Scheme {
            scheme: scalar(s.get("scheme"))
                .ok()
                .flatten()
                .unwrap_or_else(|| "default".into()),
            media: scalar(s.get("media")).ok().flatten(),
            primary: colour_of(s, "primary", PRIMARY),
            accent: colour_of(s, "accent", ACCENT),
        })
        .collect()
}

/// A Material colour name (`indigo`, `deep purple`) as its hex value; a CSS colour written
/// as one (`#4051b5`) as it is; `custom` as the word (the site's own stylesheet sets
/// Material's variables); unknown names: none.
fn colour(name: &str, table: &[(&str, &str)]) -> Option<String> {
    let name = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    if name == "custom" || colours::Rgb::parse(&name).is_some() {
        return Some(name);
    }
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, hex)| (*hex).to_string())
}

/// Material's primary colours (its palette stylesheet's `--md-primary-fg-color`).
const PRIMARY: &[(&str, &str)] = &[
    ("red", "#ef5552"),
    ("pink", "#e92063"),
    ("purple", "#ab47bd"),
    ("deep-purple", "#7e56c2"),
    ("indigo", "#4051b5"),
    ("blue", "#2094f3"),
    ("light-blue", "#02a6f2"),
    ("cyan", "#00bdd6"),
    ("teal", "#009485"),
    ("green", "#4cae4f"),
    ("light-green", "#8bc34b"),
    ("lime", "#cbdc38"),
    ("yellow", "#ffec3d"),
    ("amber", "#ffc105"),
    ("orange", "#ffa724"),
    ("deep-orange", "#ff6e42"),
    ("brown", "#795649"),
    ("grey", "#757575"),
    ("blue-grey", "#546d78"),
    ("black", "#000000"),
    ("white", "#ffffff"),
];

/// Material's accent colours (`--md-accent-fg-color`).
const ACCENT: &[(&str, &str)] = &[
    ("red", "#ff1a47"),
    ("pink", "#f50056"),
    ("purple", "#df41fb"),
    ("deep-purple", "#7c4dff"),
    ("indigo", "#526cfe"),
    ("blue", "#4287ff"),
    ("light-blue", "#0091eb"),
    ("cyan", "#00bad6"),
    ("teal", "#00bda4"),
    ("green", "#00c753"),
    ("light-green", "#63de17"),
    ("lime", "#b0eb00"),
    ("yellow", "#ffd500"),
    ("amber", "#ffaa00"),
    ("orange", "#ff9100"),
    ("deep-orange", "#ff6e42"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn material_colour_names_become_hex() {
        assert_eq!(colour("deep purple", PRIMARY).as_deref(), Some("#7e56c2"));
        assert_eq!(colour("Indigo", ACCENT).as_deref(), Some("#526cfe"));
        assert_eq!(colour("#123abc", PRIMARY).as_deref(), Some("#123abc"));
        assert_eq!(colour("custom", PRIMARY).as_deref(), Some("custom"));
        assert_eq!(colour("deep orang", PRIMARY), None);
        let text = "- scheme: slate\n  primary: blue\n- media: x\n  accent: 'pinkk'\n";
        let mut r = Reader {
            label: "mkdocs.yml".into(),
            text,
            notes: Vec::new(),
        };
        let p = palette(&mut r, Some(&serde_yaml::from_str(text).unwrap()));
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].scheme, "slate");
        assert_eq!(p[0].primary.as_deref(), Some("#2094f3"));
        assert_eq!(p[1].scheme, "default");
        assert_eq!(p[1].accent, None);
        let [note] = &r.notes[..] else {
            panic!("one warning: {:?}", r.notes)
        };
        assert_eq!(note.line, Some(4), "{note:?}");
        assert!(note.message.contains("`accent: pinkk`"), "{note:?}");
    }
}
