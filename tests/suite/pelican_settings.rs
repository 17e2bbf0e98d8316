//! `quire import pelican` reads settings computed from others (`SITENAME = AUTHOR + "…"`,
//! `DEFAULT_CONFIG['DIRECT_TEMPLATES'] + [...]`) and turns Pelican's `MARKDOWN` into the
//! `markdown:` switches, so that what Pelican shows as text is text in quire too.

use crate::common::{between, Site};

#[test]
fn settings_computed_from_other_settings_and_pelicans_defaults_are_imported() {
    let site = Site::new().with(
        "pelicanconf.py",
        "from pelican.settings import DEFAULT_CONFIG\nAUTHOR = 'Ada'\nSITENAME = AUTHOR + \"'s notes\"\n\
         SITEURL = 'https://notes.example'\nFEED_DOMAIN = SITEURL\n\
         DIRECT_TEMPLATES = DEFAULT_CONFIG['DIRECT_TEMPLATES'] + ['search']\n",
    );
    let run = site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(yaml.contains("title: Ada's notes  # SITENAME"), "{yaml}");
    assert!(
        !run.stdout.contains("computed") && !run.stderr.contains("computed"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn pelicans_default_markdown_reads_extra_and_leaves_pymdownx_constructs_as_text() {
    let site = Site::new()
        .with("pelicanconf.py", "SITENAME = 'Notes'\n")
        .with(
            "content/pages/keys.md",
            "Title: Keys\n\nPress ++ctrl+c++ to copy.[^1]\n\n[^1]: Or use the menu.\n\n=== \"Linux\"\n\n    apt install x\n",
        );
    site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        yaml.contains("markdown:  # Pelican's default MARKDOWN: extra, codehilite, meta\n"),
        "{yaml}"
    );
    site.build().succeeds();
    let html = site.read("pages/keys.html");
    let page = between(&html, "<article", "</article>");
    // Python-Markdown's extra has footnotes; keys and tabs are pymdownx's, text to Pelican.
    assert!(page.contains("Or use the menu."), "{page}");
    assert!(page.contains("++ctrl+c++"), "{page}");
    assert!(
        page.contains("=== &quot;Linux&quot;") || page.contains("=== \"Linux\""),
        "{page}"
    );
    assert!(!page.contains("<kbd"), "{page}");
}

#[test]
fn an_explicit_markdown_setting_turns_on_what_it_names() {
    let site = Site::new().with(
        "pelicanconf.py",
        "MARKDOWN = {\n    'extension_configs': {\n        'markdown.extensions.admonition': {},\n        'pymdownx.keys': {},\n        'mdx_video': {},\n    },\n}\n",
    );
    let run = site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    for line in [
        "  admonition: true\n",
        "  keys: true\n",
        "  footnotes: false\n",
    ] {
        assert!(yaml.contains(line), "{line} not in {yaml}");
    }
    assert!(
        run.stdout
            .contains("pelicanconf.py:1: the Markdown extensions mdx_video are not mapped"),
        "{}",
        run.stdout
    );
}

#[test]
fn slug_substitutions_from_the_settings_make_the_slugs_pelican_makes() {
    // Pelican 4.12 wrote cpp-tips.html, category/cpp.html, tag/machine_learning.html,
    // tag/cafe_noir.html and author/jose-muller.html for this site (without its line 4).
    let site = Site::new()
        .with(
            "pelicanconf.py",
            "SITENAME = 'Notes'\n\
             SLUG_REGEX_SUBSTITUTIONS = [(r'\\+', 'p'), (r'[^\\w\\s-]', ''), (r'(?u)\\A\\s*', ''), (r'(?u)\\s*\\Z', ''), (r'[-\\s]+', '-')]\n\
             TAG_REGEX_SUBSTITUTIONS = [(r'[^\\w\\s-]', ''), (r'\\s+', '_')]\n\
             AUTHOR_REGEX_SUBSTITUTIONS = [(r'(?<=x)y', '')]\n",
        )
        .with(
            "content/tips.md",
            "Title: C++ Tips\nDate: 2020-01-01\nTags: Machine Learning, Café Noir\nCategory: C++\nAuthor: José Müller\n\nTips.\n",
        );
    let run = site.quire(&["import", "pelican"]).succeeds();
    // A pattern the regex crate cannot read: said once, with its setting; Pelican's default used.
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains(
            "pelicanconf.py:4: AUTHOR_REGEX_SUBSTITUTIONS has a pattern quire cannot read"
        ),
        "{said}"
    );
    site.build().succeeds();
    for output in [
        "cpp-tips.html",
        "category/cpp.html",
        "tags/machine_learning.html",
        "tags/cafe_noir.html",
        "author/jose-muller.html",
    ] {
        assert!(site.output().join(output).is_file(), "{output} not written");
    }
}
