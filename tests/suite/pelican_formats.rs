//! Pages in formats quire does not read (Jupyter notebooks, reStructuredText, Pelican's HTML
//! articles) are copied as files and named, with their count, in one warning: never silence.

use crate::common::Site;

#[test]
fn pages_in_formats_quire_does_not_read_are_named_in_one_warning() {
    let site = Site::new()
        .with("content/posts/read.md", "Title: Read\nDate: 2017-03-15\n\nRead.\n")
        .with("content/posts/analysis.ipynb", "{\"cells\": []}")
        .with("content/posts/notes.rst", "Notes\n#####\n\n:date: 2017-03-15\n")
        .with(
            "content/posts/old.html",
            "<html><head><title>Old</title><meta name=\"date\" content=\"2012-01-01\" /></head><body>Old.</body></html>",
        )
        .with("content/extra/verify.html", "<html><body>google-site-verification</body></html>")
        .with("content/pages/more.rst", "More\n####\n");
    let run = site.build().succeeds();
    let warning: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("in a format quire does not read"))
        .collect();
    assert_eq!(warning.len(), 1, "{}", run.stderr);
    assert!(
        warning[0].contains("4 pages are in a format quire does not read (it reads Markdown): pages/more.rst, posts/analysis.ipynb, posts/notes.rst, …"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("verify.html"), "{}", run.stderr);
}

#[test]
fn a_markdown_site_has_no_such_warning() {
    let site = Site::new().with("content/index.md", "# Home\n\nHello.\n");
    let run = site.build().succeeds();
    assert!(
        !run.stderr.contains("format quire does not read"),
        "{}",
        run.stderr
    );
}
