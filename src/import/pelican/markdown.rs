//! Pelican's `MARKDOWN` setting (Pelican 3's `MD_EXTENSIONS`) as site.yaml's `markdown:`
//! switches: the Python-Markdown extensions a Pelican site is written for, and no others, so
//! that a construct Pelican shows as text (`=== "Tab"`, `++ctrl++`) is text in quire too.

use std::fmt::Write as _;

use super::literal::Py;

/// The switches quire has, in site.yaml's order, each with whether Pelican's default
/// (`extra`, `codehilite`, `meta`) has it on.
const SWITCHES: [(&str, bool); 19] = [
    ("attr_list", true),
    ("abbr", true),
    ("footnotes", true),
    ("tasklist", false),
    ("keys", false),
    ("inlinehilite", false),
    ("mark", false),
    ("caret", false),
    ("tilde", false),
    ("smartsymbols", false),
    ("magiclink", false),
    ("emoji", false),
    ("admonition", false),
    ("tabbed", false),
    ("blocks", false),
    ("md_in_html", true),
    ("def_list", true),
    ("annotate", false),
    ("mermaid", false),
];

/// Python-Markdown's `extra`: the extensions it bundles that quire can switch (its tables and
/// fenced code quire always reads).
const EXTRA: [&str; 5] = ["attr_list", "abbr", "footnotes", "def_list", "md_in_html"];

/// Extensions that change nothing quire can switch: quire highlights code, reads the header,
/// makes heading ids and reads tables and fenced code whatever they say.
const NO_SWITCH: [&str; 8] = [
    "codehilite",
    "meta",
    "toc",
    "tables",
    "fenced_code",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "sane_lists",
];

/// The `markdown:` mapping for a site whose settings say `setting` (MARKDOWN or MD_EXTENSIONS,
/// with the file and line messages give), or Pelican's default with none; and a message for
/// each extension quire has no switch for.
pub(super) fn write(yaml: &mut String, setting: Option<(&str, &Py, &str)>) -> Vec<String> {
    let (names, from) = match setting {
        None => (
            vec!["extra".to_string(), "codehilite".into(), "meta".into()],
            "Pelican's default MARKDOWN: extra, codehilite, meta".to_string(),
        ),
        Some((name, value, _)) => {
            let names = extensions(value);
            let from = format!("{name}: {}", names.join(", "));
            (names, from)
        }
    };
    let mut on: Vec<&str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for name in &names {
        let name = name.strip_prefix("markdown.extensions.").unwrap_or(name);
        match name {
            "extra" => on.extend(EXTRA),
            "pymdownx.details" => on.push("admonition"),
            "pymdownx.betterem" | "pymdownx.escapeall" => {}
            n if n.starts_with("pymdownx.blocks") => on.push("blocks"),
            n if NO_SWITCH.contains(&n) => {}
            n => match SWITCHES
                .iter()
                .find(|(s, _)| *s == n.strip_prefix("pymdownx.").unwrap_or(n))
            {
                Some((s, _)) => on.push(s),
                None => unknown.push(n),
            },
        }
    }
    if setting.is_some_and(|(_, v, _)| mentions(v, "mermaid")) {
        on.push("mermaid");
    }
    let _ = writeln!(yaml, "markdown:  # {from}");
    for (switch, _) in SWITCHES {
        let _ = writeln!(yaml, "  {switch}: {}", on.contains(&switch));
    }
    match setting {
        Some((_, _, at)) if !unknown.is_empty() => vec![format!(
            "{at}: the Markdown extensions {} are not mapped: quire has no such extension",
            unknown.join(", ")
        )],
        _ => Vec::new(),
    }
}

/// The extensions a MARKDOWN dict names (its `extension_configs` keys and `extensions`), or
/// an MD_EXTENSIONS list's (`codehilite(css_class=highlight)` is `codehilite`), in order.
fn extensions(value: &Py) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: &Py| {
        if let Py::Str(s) = v {
            let name = s.split('(').next().unwrap_or(s).trim().to_string();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    };
    match value {
        Py::List(items) => items.iter().for_each(&mut add),
        Py::Dict(pairs) => {
            for (k, v) in pairs {
                match (k, v) {
                    (Py::Str(k), Py::Dict(configs)) if k == "extension_configs" => {
                        configs.iter().for_each(|(name, _)| add(name))
                    }
                    (Py::Str(k), Py::List(items)) if k == "extensions" => {
                        items.iter().for_each(&mut add)
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// Whether a string anywhere in `value` names `word` (superfences' custom fence for mermaid).
fn mentions(value: &Py, word: &str) -> bool {
    match value {
        Py::Str(s) => s == word,
        Py::List(items) => items.iter().any(|i| mentions(i, word)),
        Py::Dict(pairs) => (pairs.iter()).any(|(k, v)| mentions(k, word) || mentions(v, word)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn switches(setting: Option<(&str, &Py, &str)>) -> (String, Vec<String>) {
        let mut yaml = String::new();
        let unmapped = write(&mut yaml, setting);
        (yaml, unmapped)
    }

    #[test]
    fn pelicans_default_is_extra_and_no_pymdownx() {
        let (yaml, unmapped) = switches(None);
        for on in ["attr_list", "abbr", "footnotes", "def_list", "md_in_html"] {
            assert!(yaml.contains(&format!("  {on}: true\n")), "{yaml}");
        }
        for off in [
            "tabbed",
            "blocks",
            "keys",
            "emoji",
            "annotate",
            "mermaid",
            "admonition",
        ] {
            assert!(yaml.contains(&format!("  {off}: false\n")), "{yaml}");
        }
        assert!(unmapped.is_empty());
    }

    #[test]
    fn an_explicit_setting_is_what_it_names() {
        let s = |t: &str| Py::Str(t.into());
        let md = Py::Dict(vec![(
            s("extension_configs"),
            Py::Dict(vec![
                (s("markdown.extensions.admonition"), Py::Dict(vec![])),
                (s("pymdownx.tabbed"), Py::Dict(vec![])),
                (s("markdown.extensions.toc"), Py::Dict(vec![])),
                (s("mdx_video"), Py::Dict(vec![])),
            ]),
        )]);
        let (yaml, unmapped) = switches(Some(("MARKDOWN", &md, "pelicanconf.py:3")));
        assert!(yaml.starts_with("markdown:  # MARKDOWN: markdown.extensions.admonition, pymdownx.tabbed, markdown.extensions.toc, mdx_video\n"), "{yaml}");
        assert!(yaml.contains("  admonition: true\n") && yaml.contains("  tabbed: true\n"));
        assert!(yaml.contains("  footnotes: false\n") && yaml.contains("  attr_list: false\n"));
        assert_eq!(
            unmapped,
            ["pelicanconf.py:3: the Markdown extensions mdx_video are not mapped: quire has no such extension"]
        );
        let old = Py::List(vec![s("codehilite(css_class=highlight)"), s("extra")]);
        let (yaml, _) = switches(Some(("MD_EXTENSIONS", &old, "settings.py:9")));
        assert!(yaml.contains("  footnotes: true\n") && yaml.contains("  tabbed: false\n"));
    }
}
