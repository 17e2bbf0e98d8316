//! Dates as Pelican reads them: a Pelican site's `Date:` in any form Python's dateutil reads
//! (one-digit hours, tabs, `/` and `.`, ISO 8601 with zones, month names, AM/PM) gives the post
//! Pelican's date and time; a date neither reads stops the build with its file and line.

use crate::common::{between, repo, Site};
use crate::pelican::imported;

/// tests/fixtures/dates/table.tsv (tests/fixtures/dates/gen.py, run with Pelican installed,
/// wrote it): each form, and Pelican's reading of it (`error` where Pelican refuses it).
fn table() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/dates/table.tsv")).unwrap();
    (text.lines())
        .map(|line| {
            let (form, pelican) = line.split_once('\t').unwrap();
            // A third column, `filled`: Pelican took today's day; the reading is a 1 January's.
            let pelican = pelican.split('\t').next().unwrap();
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

/// A Pelican site with TIMEZONE, as `quire import pelican` writes it, and posts written
/// without a zone, with one, and a day alone.
fn site_in_paris() -> (Site, String) {
    imported(
        "SITEURL = 'https://notes.example'\nTIMEZONE = 'Europe/Paris'\n",
        &[
            // 06:45 UTC: after the post below, though written earlier in the day.
            (
                "content/posts/paris.md",
                "Title: Paris\nDate: 2017-03-15 07:45\nSlug: paris\n\nIn Paris.\n",
            ),
            // 05:00 UTC.
            (
                "content/posts/moscow.md",
                "Title: Moscow\nDate: 2017-03-15 08:00+03:00\nSlug: moscow\n\nIn Moscow.\n",
            ),
            // Summer time: midnight in Paris is 22:00 UTC the day before.
            (
                "content/posts/summer.md",
                "Title: Summer\nDate: 2017-07-15\nSlug: summer\n\nIn July.\n",
            ),
        ],
    )
}

#[test]
fn timezone_puts_dates_without_a_zone_in_it_as_pelican_does() {
    let (site, yaml) = site_in_paris();
    assert!(
        yaml.contains("timezone: Europe/Paris  # TIMEZONE\n"),
        "{yaml}"
    );
    site.build().succeeds();
    // As Pelican 4.12 writes them (its feed's <published>, the theme's isoformat).
    assert_eq!(shown_date(&site, "paris.html"), "2017-03-15T07:45:00+01:00");
    assert_eq!(
        shown_date(&site, "moscow.html"),
        "2017-03-15T08:00:00+03:00"
    );
    let feed = site.read("feed.xml");
    for published in [
        "2017-07-15T00:00:00+02:00",
        "2017-03-15T07:45:00+01:00",
        "2017-03-15T08:00:00+03:00",
    ] {
        assert!(
            feed.contains(&format!("<published>{published}</published>")),
            "{published} not in {feed}"
        );
    }
    // Newest first by the instant, not by the clock as written: Paris (06:45 UTC) is after
    // Moscow (05:00 UTC), though 07:45 reads before 08:00.
    let (paris, moscow) = (feed.find("Paris").unwrap(), feed.find("Moscow").unwrap());
    assert!(paris < moscow, "{feed}");
    let home = site.read("index.html");
    assert!(
        home.find("Paris").unwrap() < home.find("Moscow").unwrap(),
        "{home}"
    );
}

#[test]
fn a_timezone_that_is_no_zone_is_an_error_at_its_line_with_the_nearest_name() {
    let site = Site::new().with(
        "pelicanconf.py",
        "SITENAME = 'Notes'\nTIMEZONE = 'Europe/Pari'\n",
    );
    let run = site.quire(&["import", "pelican"]).fails();
    assert!(
        run.stderr
            .contains("pelicanconf.py:2: TIMEZONE \"Europe/Pari\" is not a time zone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `Europe/Paris`?"),
        "{}",
        run.stderr
    );
    let site = Site::new()
        .with("site.yaml", "title: Notes\ntimezone: paris\n")
        .with("content/index.md", "# Home\n");
    let run = site.build().fails();
    assert!(run.stderr.contains("site.yaml:2"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`timezone:` \"paris\" is not a time zone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `Europe/Paris`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_date_without_its_day_is_the_first_of_the_month_with_a_warning() {
    let site = Site::new().with("site.yaml", "title: Notes\n").with(
        "content/posts/march.md",
        "Title: March\nDate: March 2017\nSlug: march\n\nSome time in March.\n",
    );
    let run = site.build().succeeds();
    assert_eq!(shown_date(&site, "blog/march.html"), "2017-03-01T00:00:00");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("march.md:2"), "{said}");
    assert!(
        said.contains("the date has no day; quire reads it as 2017-03-01"),
        "{said}"
    );
    assert!(said.contains("Pelican takes today's day"), "{said}");
}

/// An article's file, dated by its modification time: 2020-01-02 03:04:05 UTC.
fn touch_2020(site: &Site, rel: &str) {
    let file = std::fs::File::options()
        .write(true)
        .open(site.path().join(rel))
        .unwrap();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_934_245);
    file.set_modified(when).unwrap();
}

#[test]
fn default_date_fs_dates_an_article_by_its_files_time_in_the_sites_zone() {
    let (site, yaml) = imported(
        "TIMEZONE = 'Europe/Paris'\nDEFAULT_DATE = 'fs'\n",
        &[
            ("content/undated.md", "Title: Undated\n\nNo date written.\n"),
            ("content/pages/about.md", "Title: About\n\nA page.\n"),
        ],
    );
    touch_2020(&site, "content/undated.md");
    assert!(
        yaml.contains("default_date: fs  # DEFAULT_DATE\n"),
        "{yaml}"
    );
    site.build().succeeds();
    // Pelican's `{slug}.html` for articles; 03:04:05 UTC is 04:04:05 in Paris.
    assert_eq!(
        shown_date(&site, "undated.html"),
        "2020-01-02T04:04:05+01:00"
    );
    assert!(site.output().join("pages/about.html").is_file());
}

#[test]
fn default_date_as_a_tuple_dates_every_article_written_without_one() {
    let (site, yaml) = imported(
        "DEFAULT_DATE = (2012, 1, 1)\n",
        &[
            ("content/undated.md", "Title: Undated\n\nNo date written.\n"),
            (
                "content/dated.md",
                "Title: Dated\nDate: 2013-05-06\n\nA date written.\n",
            ),
        ],
    );
    assert!(
        yaml.contains("default_date: 2012-01-01  # DEFAULT_DATE\n"),
        "{yaml}"
    );
    site.build().succeeds();
    assert_eq!(shown_date(&site, "undated.html"), "2012-01-01T00:00:00");
    assert_eq!(shown_date(&site, "dated.html"), "2013-05-06T00:00:00");
}

#[test]
fn without_default_date_an_article_without_a_date_is_left_out_as_pelican_leaves_it() {
    // Pelican 4.12 and 3.7 alike: "Skipping content/undated.md: could not find information
    // about 'date'", and the rest of the site builds.
    let (site, _) = imported(
        "",
        &[
            ("content/undated.md", "Title: Undated\n\nNo date written.\n"),
            (
                "content/dated.md",
                "Title: Dated\nDate: 2013-05-06\n\nA date written.\n",
            ),
            ("content/pages/about.md", "Title: About\n\nA page.\n"),
        ],
    );
    let run = site.build().succeeds();
    assert!(!site.output().join("undated.html").exists());
    assert!(site.output().join("dated.html").is_file());
    assert!(site.output().join("pages/about.html").is_file());
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains(
            "1 article without a title or date is left out, as Pelican skips it: `content/undated.md`"
        ),
        "{said}"
    );
}

#[test]
fn on_a_pelican_site_a_dated_file_in_pages_is_a_page_as_pelican_tells_them_apart_by_folder() {
    // A real blog of 2015-2017 dates its About page; Pelican writes it as a page (PAGE_SAVE_AS).
    let (site, _) = imported(
        "PAGE_URL = '{slug}.html'\nPAGE_SAVE_AS = PAGE_URL\n",
        &[
            (
                "content/pages/about.md",
                "Title: About\nDate: 2015-05-30 11:20\nSlug: about\n\nWho writes.\n",
            ),
            (
                "content/hello.md",
                "Title: Hello\nDate: 2015-05-29 19:54\n\nFirst post.\n",
            ),
        ],
    );
    site.build().succeeds();
    let about = site.read("about.html");
    assert!(!about.contains("post-meta"), "a page, not a post: {about}");
    let feed_or_home = site.read("index.html");
    assert!(feed_or_home.contains("Hello"), "{feed_or_home}");
    assert!(!feed_or_home.contains(">About</a> <time"), "{feed_or_home}");
}

#[test]
fn on_a_pelican_site_an_article_without_a_title_is_left_out_as_pelican_leaves_it() {
    let (site, _) = imported(
        "DEFAULT_DATE = 'fs'\n",
        &[
            ("content/linux-commands.md", "# linux commands\n\n## find\n"),
            ("content/hello.md", "Title: Hello\n\nFirst post.\n"),
        ],
    );
    let run = site.build().succeeds();
    assert!(site.output().join("hello.html").is_file());
    assert!(!site.output().join("linux-commands.html").exists());
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("`content/linux-commands.md`"), "{said}");
}
