//! The build cache makes rebuilds fast and never changes what is built.

use crate::common;

use common::{snapshot, Site};

fn build_into(
    site: &Site,
    out: &str,
    extra: &[&str],
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let target = site.path().join(out);
    let mut args = vec!["build", "-o", target.to_str().unwrap()];
    args.extend_from_slice(extra);
    site.quire(&args).succeeds();
    snapshot(&target)
}

fn without_manifest(
    mut files: std::collections::BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    files.remove(".quire-manifest");
    files
}

#[test]
fn cached_and_uncached_builds_are_byte_identical() {
    let site = Site::demo();
    let uncached = build_into(&site, "out-nocache", &["--no-cache"]);
    assert!(
        !site.path().join(".quire-cache").exists(),
        "--no-cache writes no cache"
    );
    let first = build_into(&site, "out-cold", &[]);
    assert!(site.path().join(".quire-cache/md.pack").is_file());
    let warm = build_into(&site, "out-warm", &[]);
    assert_eq!(without_manifest(uncached.clone()), without_manifest(first));
    assert_eq!(without_manifest(uncached), without_manifest(warm));
}

#[test]
fn a_site_moved_to_another_address_reuses_the_cache_and_links_right() {
    // Rendered Markdown is cached without the base path (links are placed after it),
    // so the warm build after a move must place every link anew, not serve old ones.
    let site = Site::demo();
    let yaml = |base: &str| {
        format!("title: Python Deployment Guide\nauthor: quire demo\nbase_url: {base}\n")
    };
    for base in [
        "https://example.org/docs/",
        "https://example.org/",
        "/guide/",
    ] {
        site.write("site.yaml", yaml(base));
        let clean = build_into(&site, "out-clean", &["--no-cache"]);
        let warm = build_into(&site, "out-warm", &[]);
        assert_eq!(
            without_manifest(clean),
            without_manifest(warm.clone()),
            "{base}"
        );
        let page = String::from_utf8(warm["serverless.html"].clone()).unwrap();
        let deployment = match base {
            "https://example.org/docs/" => "href=\"/docs/deployment.html\"",
            "https://example.org/" => "href=\"/deployment.html\"",
            _ => "href=\"deployment.html\"",
        };
        assert!(page.contains(deployment), "{base}: {deployment} missing");
    }
}

#[test]
fn a_corrupt_or_truncated_cache_is_ignored_and_rebuilt() {
    let site = Site::demo();
    let clean = without_manifest(build_into(&site, "out-a", &["--no-cache"]));
    build_into(&site, "out-b", &[]);
    let pack = site.path().join(".quire-cache/md.pack");
    let good = std::fs::read(&pack).unwrap();
    assert!(
        good.windows(7).filter(|w| w == b"QUIRE5 ").count() >= 8,
        "the demo site has cache entries"
    );
    // Truncated, emptied, garbage in front, and a byte flipped in every entry's payload.
    let mut flipped = good.clone();
    for i in (200..flipped.len()).step_by(997) {
        flipped[i] ^= 0x20;
    }
    let mut garbage = b"QUIRE5 0000000000000000\n2\n{}<p>evil</p>".to_vec();
    garbage.extend_from_slice(&good);
    let damaged = [
        good[..good.len() / 2].to_vec(),
        Vec::new(),
        garbage,
        flipped,
    ];
    for (n, bad) in damaged.iter().enumerate() {
        std::fs::write(&pack, bad).unwrap();
        // A folder of its own each time, so that every build renders (none is skipped).
        let rebuilt = build_into(&site, &format!("out-c{n}"), &[]);
        assert_eq!(clean, without_manifest(rebuilt), "damage {n}");
    }
}

#[test]
fn an_edited_page_is_rendered_anew() {
    let site = Site::new().with("content/a.md", "title: A\n\nFirst text.\n");
    site.build().succeeds();
    site.write("content/a.md", "title: A\n\nSecond text.\n");
    site.build().succeeds();
    let html = site.read("a.html");
    assert!(html.contains("Second text."));
    assert!(!html.contains("First text."));
}

#[test]
fn the_cache_folder_ignores_itself_in_git() {
    let site = Site::new().with("content/a.md", "title: A\n\nText.\n");
    site.build().succeeds();
    let ignore = std::fs::read_to_string(site.path().join(".quire-cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"));
}

#[test]
fn a_warm_build_reports_the_same_warnings_as_a_cold_one() {
    // Anchors and raw-HTML ids come from the cache on a warm build: a lost field would show as broken links.
    let site = Site::demo().with(
        "content/pages/01-introduction/02-anchors.md",
        "title: Anchors\nmeta: Links to anchors.\n\n<a id=\"raw-anchor\"></a>\n\n## A heading\n\n[x](#raw-anchor) [y](#a-heading) [z](/serverless.html#serverless-implementations)\n",
    );
    let cold = site.build().succeeds();
    let warm = site.build().succeeds();
    assert_eq!(cold.stderr, warm.stderr);
    assert_eq!(
        cold.stderr.matches("warning:").count(),
        1,
        "{}",
        cold.stderr
    );
}

#[test]
fn turning_a_markdown_extension_on_renders_the_pages_anew() {
    // The cache keys on the site's `markdown:` switches: the page's text is the same, but
    // what it renders to is not.
    let site = Site::new().with("content/a.md", "title: A\n\nA ==marked== word.\n");
    site.build().succeeds();
    assert!(site.read("a.html").contains("A ==marked== word."));
    site.write("site.yaml", "markdown:\n  mark: true\n");
    site.build().succeeds();
    assert!(
        site.read("a.html").contains("A <mark>marked</mark> word."),
        "a cached page from before the switch was served"
    );
    site.write("site.yaml", "markdown:\n  mark: false\n");
    site.build().succeeds();
    assert!(site.read("a.html").contains("A ==marked== word."));
}
