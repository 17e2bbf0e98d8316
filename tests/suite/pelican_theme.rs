//! Pages naming templates of the site's Pelican theme (Jinja2, which quire does not render)
//! build with quire's page template and one warning; a missing template is still an error.

use crate::common::Site;

/// A Pelican site whose pages name templates of its own theme (Jinja2, which quire does not
/// render): `build` and `challenges` in the theme, `sponsors` in THEME_TEMPLATES_OVERRIDES.
fn site_with_theme_templates() -> Site {
    let jinja = "{% extends \"base.html\" %}{% block content %}{{ page.content }}{% endblock %}";
    Site::new()
        .with(
            "pelicanconf.py",
            "SITENAME = 'Builds'\nTHEME = 'themes/bold'\nTHEME_TEMPLATES_OVERRIDES = ['overrides']\n",
        )
        .with("themes/bold/templates/build.html", jinja)
        .with("themes/bold/templates/challenges.html", jinja)
        .with("overrides/sponsors.html", jinja)
        .with("content/pages/build.md", "Title: Build\nTemplate: build\n\nHow it is built.\n")
        .with("content/pages/ci.md", "Title: CI\nTemplate: build\n\nHow it is tested.\n")
        .with("content/pages/hard.md", "Title: Hard\nTemplate: challenges\n\nWhat is hard.\n")
        .with("content/pages/thanks.md", "Title: Thanks\nTemplate: sponsors.html\n\nWho pays.\n")
}

#[test]
fn pages_naming_the_pelican_themes_templates_build_with_quires_and_one_warning() {
    let site = site_with_theme_templates();
    site.quire(&["import", "pelican"]).succeeds();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        yaml.contains("  - themes/bold/templates  # THEME\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  - overrides  # THEME_TEMPLATES_OVERRIDES\n"),
        "{yaml}"
    );
    let run = site.build().succeeds();
    assert!(site.read("pages/ci.html").contains("How it is tested."));
    assert!(site.read("pages/thanks.html").contains("Who pays."));
    let warnings: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("theme template"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("4 pages name theme templates quire does not render: build, challenges, sponsors; they use page.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_in_neither_quire_nor_the_theme_is_still_an_error() {
    let site = site_with_theme_templates().with(
        "content/pages/gone.md",
        "Title: Gone\nTemplate: vanished\n\nNowhere.\n",
    );
    site.quire(&["import", "pelican"]).succeeds();
    site.build()
        .fails()
        .says("the template \"vanished.html\" does not exist");
    // A quire site, not imported, knows no theme: the theme's templates are missing too.
    site.remove("site.yaml");
    site.remove("content/pages/gone.md");
    site.build()
        .fails()
        .says("the template \"build.html\" does not exist");
}

/// `quire serve` of a site whose page names a Pelican theme template: the page is served
/// (built with quire's page.html), and an edit of it is served too, as a fresh build writes it.
#[test]
fn serving_a_page_that_names_a_theme_template_shows_it_and_keeps_up_with_edits() {
    use crate::common::serve::{changed, Server};
    let site = site_with_theme_templates();
    site.quire(&["import", "pelican"]).succeeds();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let page = server.body("/pages/ci.html");
    assert!(page.contains("How it is tested."), "{page}");
    site.write(
        "content/pages/ci.md",
        "Title: CI\nTemplate: build\n\nHow it is tested, nightly.\n",
    );
    let e = events.next_build();
    assert!(
        changed(&e).contains(&"pages/ci.html".to_string()),
        "{:?}",
        changed(&e)
    );
    let page = server.body("/pages/ci.html");
    assert!(page.contains("How it is tested, nightly."), "{page}");
    // A page that comes to name a theme template while served builds as well.
    site.write(
        "content/pages/build.md",
        "Title: Build\nTemplate: challenges\n\nHow it is built, and what is hard.\n",
    );
    events.next_build();
    assert!(server.body("/pages/build.html").contains("what is hard."));
    assert!(
        !server.printed().contains("does not exist"),
        "{}",
        server.printed()
    );
}
