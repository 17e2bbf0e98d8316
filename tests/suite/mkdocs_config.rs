//! A MkDocs project builds as it is: `quire build` in a folder with a `mkdocs.yml` (and no
//! site.yaml) reads it as the site's settings — MkDocs' folders and URLs, its theme and
//! links, `INHERIT:` and `!ENV` — and warns, once each, of what it does not do.

use std::fs;

use crate::common::{Run, Site};

/// A MkDocs project: its `mkdocs.yml` and a docs/ folder of two pages, no site.yaml.
fn project(mkdocs_yml: &str) -> Site {
    let site = Site::new();
    fs::remove_dir(site.path().join("content")).unwrap();
    site.with("mkdocs.yml", mkdocs_yml)
        .with(
            "docs/index.md",
            "# Welcome\n\nSee [the install](guide/install.md).\n",
        )
        .with("docs/guide/install.md", "# Install\n\nRun it.\n")
}

/// A file of the site MkDocs would write (`site/` in the project folder).
fn page(site: &Site, rel: &str) -> String {
    let p = site.path().join("site").join(rel);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The lines of the run's output that are warnings (with their help lines).
fn warnings(run: &Run) -> Vec<String> {
    (run.stderr.lines().chain(run.stdout.lines()))
        .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_mkdocs_project_builds_into_site_at_mkdocs_urls_with_its_settings() {
    let site = project(
        "site_name: Gadget Docs\nsite_url: https://example.org/gadget/\nsite_description: All about gadgets.\n\
repo_url: https://github.com/acme/gadget\ncopyright: Copyright 2026 Acme\n\
extra_css:\n  - css/extra.css\n  - https://cdn.example.org/x.css\n\
extra_javascript:\n  - js/extra.js\n  - path: js/mod.mjs\n    defer: true\n\
theme:\n  name: material\n  language: fr\n  features: [navigation.tabs, content.code.copy]\n  logo: img/logo.svg\n\
extra:\n  social:\n    - icon: fontawesome/brands/github\n      link: https://github.com/acme\n",
    )
    .with("docs/css/extra.css", "body { color: red }\n")
    .with("docs/js/extra.js", "1;\n")
    .with("docs/img/logo.svg", "<svg/>");
    let run = site.build().succeeds();
    assert!(warnings(&run).is_empty(), "{:?}", warnings(&run));
    // use_directory_urls is on unless turned off: guide/install.md is guide/install/.
    let install = page(&site, "guide/install/index.html");
    assert!(
        install.contains("<title>Install · Gadget Docs</title>"),
        "{install}"
    );
    assert!(install.contains("lang=\"fr\""));
    assert!(
        install.contains(r#"<link rel="stylesheet" href="/gadget/css/extra.css">"#),
        "{install}"
    );
    assert!(install.contains(r#"<link rel="stylesheet" href="https://cdn.example.org/x.css">"#));
    let first = install
        .find("/gadget/js/extra.js")
        .expect("the script is loaded");
    let second = install.find(r#"<script src="/gadget/js/mod.mjs" type="module" defer>"#);
    assert!(second.is_some_and(|s| s > first), "in order: {install}");
    assert!(install.contains("Copyright 2026 Acme"));
    assert!(install.contains("https://github.com/acme"));
    // MkDocs' default edit link on GitHub: edit/master/docs/ and the page's path.
    assert!(
        install.contains("https://github.com/acme/gadget/edit/master/docs/guide/install.md"),
        "{install}"
    );
    assert!(page(&site, "index.html").contains("guide/install/"));
    assert!(site.path().join("site/css/extra.css").is_file());
    assert!(
        !site.path().join("output").exists(),
        "MkDocs' site_dir is site/"
    );
}

#[test]
fn docs_dir_site_dir_and_directory_urls_are_read_and_o_still_wins() {
    let site = project(
        "site_name: X\ndocs_dir: pages\nsite_dir: public\nuse_directory_urls: false\nedit_uri: ''\nrepo_url: https://github.com/a/b\n",
    )
    .with("pages/index.md", "# Home\n")
    .with("pages/guide/install.md", "# Install\n");
    site.build().succeeds();
    let install = fs::read_to_string(site.path().join("public/guide/install.html")).unwrap();
    assert!(
        !install.contains("Edit this page"),
        "edit_uri: '' turns edit links off"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("out");
    site.quire(&["build", "-o", out.to_str().unwrap()])
        .succeeds();
    assert!(out.join("guide/install.html").is_file());
}

#[test]
fn f_names_the_mkdocs_file_and_its_folder_is_the_project() {
    let site = project("site_name: Not this one\n").with(
        "mkdocs.insiders.yml",
        "site_name: Insiders\nedit_uri_template: 'blob/main/docs/{path}'\nrepo_url: https://gitlab.com/a/b\n",
    );
    let file = site.path().join("mkdocs.insiders.yml");
    let run = crate::common::Run::from(
        std::process::Command::new(crate::common::QUIRE)
            .args(["build", "-f", file.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    )
    .succeeds();
    assert!(warnings(&run).is_empty(), "{:?}", warnings(&run));
    let install = page(&site, "guide/install/index.html");
    assert!(install.contains("· Insiders</title>"), "{install}");
    assert!(install.contains("https://gitlab.com/a/b/blob/main/docs/guide/install.md"));
}

#[test]
fn site_yaml_wins_over_mkdocs_yml_with_a_note() {
    let site = project("site_name: From MkDocs\n")
        .with("site.yaml", "title: From quire\ncontent_dir: docs\n");
    site.build()
        .succeeds()
        .says("site.yaml is read and mkdocs.yml beside it is not");
    assert!(site.read("guide/install.html").contains("From quire"));
}

#[test]
fn what_quire_does_not_do_is_one_warning_each_and_strict_fails_only_on_what_mkdocs_would() {
    let yml = "site_name: X\nvariant: classic\ntheme:\n  name: material\n  custom_dir: overrides\n\
plugins:\n  - search:\n      separator: '[\\s\\-]+'\n  - macros\n  - minify:\n      minify_html: true\n\
hooks:\n  - hooks/badges.py\n";
    let site = project(yml);
    let run = site.build().succeeds();
    let w = warnings(&run);
    let says = |text: &str| w.iter().filter(|l| l.contains(text)).count();
    assert_eq!(says("mkdocs.yml:2: unknown key `variant`"), 1, "{w:#?}");
    assert_eq!(says("`custom_dir: overrides` is not read"), 1, "{w:#?}");
    assert_eq!(says("plugin `macros` is not run"), 1, "{w:#?}");
    assert_eq!(says("hook `hooks/badges.py` is not run"), 1, "{w:#?}");
    assert_eq!(w.len(), 4, "search and minify are quire's own: {w:#?}");
    let strict = project(&format!("{yml}strict: true\n"));
    strict
        .build()
        .fails()
        .says("error: mkdocs.yml:2: unknown key `variant`");
    assert!(!strict.path().join("site/index.html").exists());
    // A plugin, hook or override quire does not run is no mistake of the project's: MkDocs
    // builds it under `strict: true`, so quire does too, warning as without it.
    let yml = yml.replace("variant: classic\n", "");
    let strict = project(&format!("{yml}strict: true\n"));
    let run = strict.build().succeeds();
    assert_eq!(warnings(&run).len(), 3, "{:?}", warnings(&run));
    assert!(strict.path().join("site/index.html").exists());
}

#[test]
fn a_yaml_mistake_and_a_missing_site_name_name_the_file_and_line() {
    project("site_name: X\ntheme:\n  name: material\n\tfeatures: []\n")
        .build()
        .fails()
        .says("error: mkdocs.yml:4")
        .says("a tab in the indentation");
    project("site_description: no name\n")
        .build()
        .fails()
        .says("mkdocs.yml")
        .says("`site_name:` is missing");
}

#[test]
fn inherit_merges_as_mkdocs_and_env_reads_the_environment() {
    let site = project(
        "INHERIT: ./base.yml\nsite_name: !ENV [QUIRE_MK32_NAME, Fallback name]\ntheme:\n  features: [navigation.tabs]\n",
    )
    .with(
        "base.yml",
        "site_name: Base\ncopyright: !ENV QUIRE_MK32_COPY\ntheme:\n  name: material\n  language: de\n",
    );
    let run = Run::from(
        std::process::Command::new(crate::common::QUIRE)
            .arg("build")
            .arg(site.path())
            .env("NO_COLOR", "1")
            .env("QUIRE_MK32_COPY", "Copyright by the environment")
            .env_remove("QUIRE_MK32_NAME")
            .output()
            .unwrap(),
    )
    .succeeds();
    assert!(warnings(&run).is_empty(), "{:?}", warnings(&run));
    let install = page(&site, "guide/install/index.html");
    assert!(install.contains("· Fallback name</title>"), "{install}");
    assert!(install.contains("Copyright by the environment"));
    assert!(
        install.contains("lang=\"de\""),
        "the parent's theme keys stay: {install}"
    );
}

#[test]
fn python_tags_known_are_read_and_others_warned_of() {
    let site = project(
        "site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n        - name: math\n          class: math\n          format: !!python/name:my_project.fences.math\n",
    );
    let run = site.build().succeeds();
    let w = warnings(&run);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("mkdocs.yml:15") && w[0].contains("my_project.fences.math"),
        "{w:#?}"
    );
}

#[test]
fn exactly_the_markdown_extensions_listed_are_on_and_others_are_warned_of() {
    let site = project(
        "site_name: X\nmarkdown_extensions:\n  - admonition\n  - toc:\n      permalink: true\n  - mkautodoc\n  - pymdownx.snippets:\n      base_path: [snips]\n      auto_append: [links.md]\n",
    )
    .with(
        "docs/guide/install.md",
        "# Install\n\n!!! note\n    Read [the docs][d] first.\n\n==not marked== and ++ctrl++\n",
    )
    .with("snips/links.md", "[d]: https://example.org/docs\n");
    let run = site.build().succeeds();
    let w = warnings(&run);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("mkdocs.yml:6: Markdown extension `mkautodoc`"),
        "{w:#?}"
    );
    let install = page(&site, "guide/install/index.html");
    assert!(install.contains("admonition"), "{install}");
    assert!(
        install.contains(r#"<a href="https://example.org/docs">the docs</a>"#),
        "snippets' auto_append from base_path: {install}"
    );
    assert!(
        install.contains("==not marked=="),
        "mark is not listed: {install}"
    );
    assert!(
        install.contains("++ctrl++"),
        "keys is not listed: {install}"
    );
}

#[test]
fn plugins_that_map_onto_quire_are_configured_from_their_settings() {
    let site = project(
        "site_name: X\nexclude_docs: |\n  drafts/\n  *.tmp.md\ndraft_docs: |\n  wip.md\nplugins:\n  - search\n  - llmstxt\n  - redirects:\n      redirect_maps:\n        old/setup.md: guide/install.md\n  - exclude:\n      glob: [private/*]\n",
    )
    .with("docs/drafts/idea.md", "# Idea\n")
    .with("docs/notes.tmp.md", "# Notes\n")
    .with("docs/wip.md", "# Work in progress\n")
    .with("docs/private/secret.md", "# Secret\n");
    let run = site.build().succeeds();
    assert!(warnings(&run).is_empty(), "{:?}", warnings(&run));
    let built = |rel: &str| site.path().join("site").join(rel).exists();
    assert!(built("guide/install/index.html"));
    for left_out in [
        "drafts/idea/index.html",
        "notes.tmp/index.html",
        "wip/index.html",
        "private/secret/index.html",
    ] {
        assert!(!built(left_out), "{left_out} is left out");
    }
    let old = page(&site, "old/setup/index.html");
    assert!(
        old.contains("guide/install/"),
        "the old address redirects: {old}"
    );
    assert!(built("llms.txt"), "llmstxt turns on llms.txt");
}

#[test]
fn a_nav_mistake_names_the_file_the_nav_is_written_in_and_its_line() {
    project("site_name: X\nnav:\n  - index.md\n  - guide/instal.md\n")
        .build()
        .fails()
        .says("error: mkdocs.yml:4: `nav:` lists `guide/instal.md`")
        .says("did you mean `guide/install.md`?");
    // Written in the file it INHERITs: that file, at its line.
    project("INHERIT: base.yml\nsite_name: X\n")
        .with(
            "base.yml",
            "site_name: Base\n\nnav:\n  - index.md\n  - nowhere.md\n",
        )
        .build()
        .fails()
        .says("error: base.yml:5: `nav:` lists `nowhere.md`");
}

#[test]
fn without_site_url_the_note_names_mkdocs_yml_and_site_url() {
    let run = project("site_name: Docs\n").build().succeeds();
    assert!(
        run.stderr.contains(
            "note: mkdocs.yml has no site_url, so sitemap.xml and feed.xml were not written (they need absolute URLs: `site_url: https://your.host/path/`)"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("site.yaml"), "{}", run.stderr);
    let run = project("site_name: Docs\nsite_url: https://docs.example.org/\n")
        .build()
        .succeeds();
    assert!(!run.stderr.contains("site_url"), "{}", run.stderr);
}
