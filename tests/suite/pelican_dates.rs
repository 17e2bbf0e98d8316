//! Dates as Pelican reads them: a Pelican site's `Date:` in any form Python's dateutil reads
//! (one-digit hours, tabs, `/` and `.`, ISO 8601 with zones, month names, AM/PM) gives the post
//! Pelican's date and time; a date neither reads stops the build with its file and line.

use crate::common::{between, repo, Site};

/// tests/fixtures/dates/table.tsv (tests/fixtures/dates/gen.py, run with Pelican installed,
/// wrote it): each form, and Pelican's reading of it (`error` where Pelican refuses it).
fn table() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/dates/table.tsv")).unwrap();
    (text.lines())
        .map(|line| {
            let (form, pelican) = line.split_once('\t').unwrap();
            (form.replace("\\t", "\t"), pelican.to_string())
        })
        .collect()
}

/// A post's `<time datetime>` as Pelican's isoformat writes it: `2017-03-15T07:45:00`, the
/// zone kept when there is one.
fn shown_date(site: &Site, output: &str) -> String {
    let html = site.read(output);
    let meta = between(&html, "<p class=\"post-meta\">", "</p>");
    let value = between(meta, "<time datetime=\"", "\"");
    let (day, time) = value.split_once(' ').unwrap_or((value, "00:00"));
    let (time, zone) = time.split_at(time.find(['+', '-']).unwrap_or(time.len()));
    let seconds = if time.len() == 5 { ":00" } else { "" };
    format!("{day}T{time}{seconds}{zone}")
}

#[test]
fn every_date_pelican_reads_gives_the_post_pelicans_date_and_time() {
    let table = table();
    let read: Vec<_> = table.iter().filter(|(_, p)| p != "error").collect();
    assert!(read.len() >= 30, "the table has {} forms", read.len());
    let site = Site::new();
    for (i, (form, _)) in read.iter().enumerate() {
        site.write(
            &format!("content/posts/d{i}.md"),
            format!("Title: Date {i}\nDate: {form}\nSlug: d{i}\n\nWritten on a day.\n"),
        );
    }
    site.build().succeeds();
    let mismatches: Vec<String> = (read.iter().enumerate())
        .filter_map(|(i, (form, pelican))| {
            let ours = shown_date(&site, &format!("blog/d{i}.html"));
            (&ours != pelican).then(|| format!("{form:?}: Pelican {pelican}, quire {ours}"))
        })
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

#[test]
fn a_date_pelican_refuses_stops_the_build_with_its_line_and_the_forms_that_work() {
    for (form, pelican) in table().iter().filter(|(_, p)| p == "error") {
        let site = Site::new().with(
            "content/posts/bad.md",
            &format!("Title: Bad\nSlug: bad\nDate: {form}\n\nText.\n"),
        );
        let run = site.build().fails();
        let said = run.stderr.clone();
        assert!(said.contains("bad.md:3"), "{form:?} ({pelican}): {said}");
        assert!(said.contains("is not a date"), "{said}");
        assert!(said.contains("March 28, 2017 7:45 PM"), "{said}");
    }
}
