//! Issue 27: Includes and nesting: only the site's own files, bounded depth, count and size.

use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;
use std::time::{Duration, Instant};

use super::{build_within, tree};
use crate::common::{Run, Site, QUIRE};

const TOKEN: &str = "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==";

/// A site whose page includes `path` on its third line.
fn including(path: &str) -> Site {
    Site::new()
        .with("content/a.md", &format!("title: A\n\n--8<-- \"{path}\"\n"))
        .with("content/b.md", "title: B\n\nBravo.\n")
}

/// Nothing of the secret anywhere in the output folder (the page, its `.md`, llms-full.txt,
/// the search index), if there is one.
fn assert_unpublished(site: &Site) {
    for (rel, bytes) in crate::common::try_snapshot(&site.output()).unwrap_or_default() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("ghs_secret") && !text.contains(TOKEN),
            "{rel} has it"
        );
    }
}

// Finding 5: `--8<-- ".git/config"` published the token actions/checkout keeps there.
#[test]
fn finding_5_an_include_of_a_dot_folder_is_refused_naming_the_page_and_the_path() {
    for secret in [
        ".git/config",
        ".env",
        ".quire-cache/notes",
        "docs/.secrets/key",
    ] {
        let site = including(secret).with("site.yaml", "title: T\nllms_txt: true\n");
        site.write(secret, format!("[http]\n\textraheader = {TOKEN}\n"));
        let r = site.build().fails();
        let r = r.says("content/a.md:3").says(&format!("{secret:?}"));
        assert!(r.stderr.contains("dot-folders"), "{}", r.stderr);
        assert_unpublished(&site);
        assert!(!site.output().exists(), "a failed build wrote output");
        // `quire check` says the same, so CI stops before anything is published.
        site.quire(&["check"]).fails().says("content/a.md:3");
    }
}

// Finding 5: a link inside the site that leads into a dot-folder or out of the site, and a
// path through a dot-folder that comes back out, are refused like the path itself.
#[test]
fn finding_5_links_and_detours_into_dot_folders_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("id_rsa"), TOKEN).unwrap();
    for (path, link) in [
        ("snippets/config.txt", Some("../.git/config")),
        ("snippets/key.txt", Some("__outside__")),
        (".git/../snippets/ok.md", None),
    ] {
        let site = including(path);
        site.write(".git/config", TOKEN);
        site.write("snippets/ok.md", "Fine text.\n");
        if let Some(target) = link {
            let target = match target {
                "__outside__" => outside.path().join("id_rsa"),
                t => t.into(),
            };
            symlink(target, site.path().join(path)).unwrap();
        }
        site.build().fails().says("content/a.md:3").says(path);
        assert_unpublished(&site);
    }
}

// Finding 5: the last build's output is not the site's own text either.
#[test]
fn finding_5_an_include_from_the_output_folder_is_refused() {
    let site = Site::new()
        .with("content/a.md", "title: A\n\nFirst.\n")
        .with("content/b.md", "title: B\n\nBravo.\n");
    site.build().succeeds();
    site.write("content/a.md", "title: A\n\n--8<-- \"output/b.html\"\n");
    let before = tree(&site.output());
    site.build()
        .fails()
        .says("content/a.md:3")
        .says("output folder");
    assert_eq!(
        tree(&site.output()),
        before,
        "a failed build changed output/"
    );
}

// Finding 5: what includes were for still works: a snippets folder, line ranges, sections.
#[test]
fn finding_5_includes_of_the_sites_own_files_still_work() {
    let site = Site::new()
        .with("site.yaml", "title: T\nsnippets: snippets\n")
        .with(
            "content/a.md",
            "title: A\n\n--8<-- \"intro.md\"\n\n```python\n--8<-- \"code/x.py:body\"\n```\n",
        )
        .with("snippets/intro.md", "Welcome *here*.\n")
        .with(
            "snippets/code/x.py",
            "# --8<-- [start:body]\nanswer = 42\n# --8<-- [end:body]\n",
        );
    site.build().succeeds();
    let page = site.read("a.html");
    assert!(page.contains("Welcome <em>here</em>."), "{page}");
    assert!(page.contains("answer"), "{page}");
}

// Finding 9: a chain of 3,000 includes overflowed the stack (exit 134, no file named), and
// `quire check` called it clean.
#[test]
fn finding_9_a_chain_of_three_thousand_includes_is_an_error_naming_the_page() {
    let site = including("snippets/s0.md");
    for i in 0..3000 {
        site.write(
            &format!("snippets/s{i}.md"),
            format!("Level {i}.\n--8<-- \"snippets/s{}.md\"\n", i + 1),
        );
    }
    site.write("snippets/s3000.md", "The bottom.\n");
    let r = site.build().fails();
    r.says("content/a.md:3")
        .says("nest more than 32 deep")
        .says("snippets/s0.md → snippets/s1.md");
    site.quire(&["check"]).fails().says("content/a.md:3");
}

// Finding 9: callouts and tabs nested 3,000 deep overflowed the stack; they now build, the
// blocks past the limit shown as text with a warning that names the line.
#[test]
fn finding_9_blocks_nested_three_thousand_deep_build_with_a_warning() {
    let callouts: String = (0..3000)
        .map(|i| format!("{}!!! note \"Level {i}\"\n", "\t".repeat(i)))
        .collect();
    let tabs: String = (0..3000)
        .map(|i| format!("{}=== \"Tab {i}\"\n", "\t".repeat(i)))
        .collect();
    let quotes = format!("{} deep\n", "> ".repeat(3000));
    let list = format!("{}item\n", "- ".repeat(3000));
    let site = Site::new()
        .with(
            "content/c.md",
            &format!("title: C\n\n{callouts}{}bottom\n", "\t".repeat(3000)),
        )
        .with(
            "content/t.md",
            &format!("title: T\n\n{tabs}{}bottom\n", "\t".repeat(3000)),
        )
        .with("content/q.md", &format!("title: Q\n\n{quotes}\n{list}"));
    let r = site.build().succeeds();
    // The 33rd block is on the page's line 35 (after two lines of front matter and a blank).
    r.says("content/c.md:35").says("content/t.md:35");
    assert!(site.read("c.html").contains("Level 31"));
    assert!(site.read("q.html").contains("deep"));
}

// Finding 9: `quire import pelican` read a literal nested 20,000 deep by recursion.
#[test]
fn finding_9_a_pelicanconf_literal_nested_twenty_thousand_deep_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    fs::write(
        dir.path().join("pelicanconf.py"),
        format!("SITENAME = 'Blog'\nLINKS = {deep}\n"),
    )
    .unwrap();
    let out = Command::new(QUIRE)
        .args(["import", "pelican"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let r = Run::from(out).fails();
    r.says("pelicanconf.py:2").says("LINKS");
    assert!(!dir.path().join("site.yaml").exists());
}

// Finding 10: 1.6 KB in seven files made a 32 MB page in 52 s; the limit is met as the
// includes are counted, so the blow-up never happens.
#[test]
fn finding_10_include_fan_out_stops_at_the_limit_naming_the_page() {
    let site = including("s/f0.md");
    for i in 0..6 {
        site.write(
            &format!("s/f{i}.md"),
            format!("--8<-- \"s/f{}.md\"\n", i + 1).repeat(10),
        );
    }
    site.write("s/f6.md", format!("{}\n", "x".repeat(200)));
    let started = Instant::now();
    let r = build_within(&site, Duration::from_secs(60)).fails();
    r.says("content/a.md:3").says("more than 10000 includes");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(!site.output().exists());
}

// Finding 10: a few big files included a few times pass the size limit, not the count.
#[test]
fn finding_10_a_page_longer_than_sixteen_megabytes_with_its_includes_is_an_error() {
    let site = including("s/many.md");
    site.write("s/many.md", "--8<-- \"s/big.md\"\n".repeat(20));
    site.write("s/big.md", format!("{}\n", "word ".repeat(200_000)));
    build_within(&site, Duration::from_secs(60))
        .fails()
        .says("content/a.md:3")
        .says("longer than 16 MB");
}

// Finding 13: a FIFO as a snippet hung the build for ever.
#[test]
fn finding_13_a_fifo_as_a_snippet_is_refused_naming_the_page() {
    let site = including("snippets/pipe.md");
    fs::create_dir_all(site.path().join("snippets")).unwrap();
    let made = Command::new("mkfifo")
        .arg(site.path().join("snippets/pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    build_within(&site, Duration::from_secs(60))
        .fails()
        .says("content/a.md:3")
        .says("not a regular file");
}

// Finding 19: unresolved `{filename}` links cost the square of their number (40,000: 12.5 s).
#[test]
fn finding_19_forty_thousand_unknown_intrasite_links_fail_fast() {
    let links: String = (0..40_000)
        .map(|i| format!("[x{i}]({{filename}}/missing{i}.md) [t]({{tag}}nope{i})\n"))
        .collect();
    let site = Site::new().with("content/a.md", &format!("title: A\n\n{links}"));
    let started = Instant::now();
    // Not `build_within`: the error lists every link, more than a pipe holds unread.
    let r = site.quire(&["build", "-q"]).fails();
    let took = started.elapsed();
    r.says("content/a.md:3");
    assert!(took < Duration::from_secs(8), "took {took:?}");
}
