//! A writer edits a site while `quire serve` runs: after every save, the output
//! folder holds exactly what a fresh `quire build --no-cache` of the same files
//! writes; and where `quire build` refuses the files, serve reports the same
//! errors and leaves the output as it was.
//!
//! The edits are a seeded random sequence (QUIRE_EQUIV_SEED, QUIRE_EQUIV_STEPS
//! to explore more; a failing run prints its seed and step).

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::serve::{Event, Events, Server};
use common::{snapshot, try_snapshot, QUIRE};

/// A small, seeded generator: the sequence must be the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One page as the test writes it.
#[derive(Clone)]
struct PageFile {
    path: PathBuf,
    title: String,
    sortorder: u32,
    slug: Option<String>,
    extra: Option<String>,
    /// Written as GitHub-style Markdown: no header, the title as the first `# H1`.
    bare: bool,
    body: String,
}

impl PageFile {
    fn text(&self) -> String {
        if self.bare {
            return format!("# {}\n\n{}", self.title, self.body);
        }
        let mut s = format!("title: {}\nsortorder: {}\n", self.title, self.sortorder);
        if let Some(slug) = &self.slug {
            s.push_str(&format!("slug: {slug}\n"));
        }
        if let Some(extra) = &self.extra {
            s.push_str(extra);
            s.push('\n');
        }
        s.push_str("meta: A page of the test site.\n\n");
        s.push_str(&self.body);
        s
    }
}

/// quire's slug for a file without `slug:`: its name, less one `NN-` prefix.
fn default_slug(path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    match stem.split_once('-') {
        Some((digits, rest))
            if !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty() =>
        {
            rest.to_string()
        }
        _ => stem,
    }
}

/// Saves the way editors do (vim, JetBrains, VS Code): the whole text under another name, then
/// renamed over the file, so that a rebuild never reads a half-written file. (Edits that write
/// in place are exercised by tests/suite/serve.rs.)
fn save(path: impl AsRef<Path>, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let path = path.as_ref();
    let mut temp = path.as_os_str().to_owned();
    temp.push("~");
    fs::write(&temp, text)?;
    fs::rename(&temp, path)
}

struct Site {
    dir: PathBuf,
    pages: Vec<PageFile>,
    counter: usize,
    /// site.yaml's `title:` and `relative_urls:`.
    settings: (String, bool),
    /// site.yaml's `nav:`, as the paths (under content/) it lists, or none.
    nav: Option<Vec<String>>,
    /// Whether the last step saved site.yaml after the files it changed (see
    /// `keep_nav_in_step`): two saves, which serve may see as two batches far apart.
    saved_twice: bool,
}

impl Site {
    fn write(&self, page: &PageFile) {
        let path = self.dir.join(&page.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        save(&path, page.text()).unwrap();
    }

    fn fresh_name(&mut self, stem: &str) -> String {
        self.counter += 1;
        format!("{stem}-{}", self.counter)
    }

    /// Writes site.yaml from `settings` and `nav`: the nav lists its first two paths at the top,
    /// the rest in a section that is no folder, then a link out of the site.
    fn write_settings(&self) {
        let (title, relative) = &self.settings;
        let mut yaml = format!(
            "title: {title}\nbase_url: https://docs.example.org/\nrelative_urls: {relative}\n"
        );
        if let Some(nav) = &self.nav {
            yaml.push_str("nav:\n");
            for (k, path) in nav.iter().enumerate() {
                match k {
                    0 => yaml.push_str(&format!("  - {path}\n")),
                    1 => yaml.push_str(&format!("  - Second: {path}\n")),
                    2 => yaml.push_str(&format!("  - A group:\n      - {path}\n")),
                    _ => yaml.push_str(&format!("      - {path}\n")),
                }
            }
            yaml.push_str("  - Elsewhere: https://example.org/\n");
        }
        save(self.dir.join("site.yaml"), yaml).unwrap();
    }

    /// Takes out of the nav what was deleted or moved: a nav naming a missing page is an error
    /// of its own, tested elsewhere; here the writer keeps the nav in step with the files.
    fn keep_nav_in_step(&mut self) {
        let Some(nav) = &self.nav else { return };
        let kept: Vec<String> = (nav.iter())
            .filter(|p| self.dir.join("content").join(p).is_file())
            .cloned()
            .collect();
        if kept.len() != nav.len() {
            self.nav = (!kept.is_empty()).then_some(kept);
            self.write_settings();
            self.saved_twice = true;
        }
    }

    /// The pages (not posts), by index.
    fn non_posts(&self) -> Vec<usize> {
        (0..self.pages.len())
            .filter(|&j| !self.pages[j].path.starts_with("content/posts"))
            .collect()
    }

    fn chapters(&self) -> Vec<PathBuf> {
        let mut c: Vec<PathBuf> = self
            .pages
            .iter()
            .filter_map(|p| p.path.parent().map(Path::to_path_buf))
            .filter(|p| p.starts_with("content/pages"))
            .collect();
        c.sort();
        c.dedup();
        c
    }
}

fn new_site(dir: &Path) -> Site {
    fs::create_dir_all(dir.join("static/img")).unwrap();
    fs::write(
        dir.join("static/img/a.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    fs::write(dir.join("static/old.html"), "<p>kept as it is</p>").unwrap();
    let mut site = Site {
        dir: dir.to_path_buf(),
        pages: Vec::new(),
        counter: 0,
        settings: ("Equivalence".to_string(), true),
        nav: None,
        saved_twice: false,
    };
    site.write_settings();
    for (chapter, n) in [("01-start", 3), ("02-deploy", 4)] {
        site.pages.push(PageFile {
            path: PathBuf::from(format!("content/pages/{chapter}/00-{}.md", &chapter[3..])),
            title: format!("Chapter {chapter}"),
            sortorder: 0,
            slug: None,
            extra: None,
            bare: false,
            body: "The chapter's own page.\n\n## Overview\n\nText.\n".into(),
        });
        for i in 1..=n {
            let name = format!("{chapter}-page-{i}");
            site.pages.push(PageFile {
                path: PathBuf::from(format!("content/pages/{chapter}/{i:02}-{name}.md")),
                title: format!("Page {i} of {chapter}"),
                sortorder: i,
                // Some with the slug a Pelican site gives, one written for GitHub.
                slug: (i % 2 == 0).then(|| format!("{name}-slug")),
                extra: None,
                bare: i == 3,
                body: format!(
                    "Some text for {name}, with a [link](/start/start.html).\n\n## Details\n\n```python\nprint({i})\n```\n"
                ),
            });
        }
    }
    // A file two pages include: editing it must re-render exactly them.
    fs::create_dir_all(dir.join("snippets")).unwrap();
    fs::write(dir.join("snippets/shared.py"), "print('shared')\n").unwrap();
    for page in [1, 5] {
        site.pages[page]
            .body
            .push_str("\n```python\n--8<-- \"snippets/shared.py\"\n```\n");
    }
    // A file posts may attach (Pelican's `{attach}`): it moves beside the first one.
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(
        dir.join("content/posts-fig.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    for (day, name) in [("2024-01-02", "hello"), ("2024-03-04", "news")] {
        site.pages.push(PageFile {
            path: PathBuf::from(format!("content/posts/{name}.md")),
            title: format!("Post {name}"),
            sortorder: 0,
            slug: None,
            extra: Some(format!("date: {day}")),
            bare: false,
            body: "A post.\n".into(),
        });
    }
    for p in &site.pages {
        site.write(p);
    }
    site
}

fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => out.push(format!("only in serve's output: {k}")),
            Some(w) if w != v => out.push(format!("differs: {k}")),
            _ => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("only in the fresh build: {k}"));
    }
    out
}

/// What a fresh `quire build --no-cache` writes, or the errors it prints (`location: message`).
fn fresh_build(site: &Path, out: &Path) -> Result<BTreeMap<String, Vec<u8>>, Vec<String>> {
    let _ = fs::remove_dir_all(out);
    let run = Command::new(QUIRE)
        .args(["build", "--no-cache", "-q"])
        .arg(site)
        .arg("-o")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    if run.status.success() {
        return Ok(snapshot(out));
    }
    let stderr = String::from_utf8_lossy(&run.stderr);
    let mut errors: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(str::to_string)
        .collect();
    errors.sort();
    Err(errors)
}

fn serve_errors(e: &Event) -> Vec<String> {
    let mut errors: Vec<String> = e.data["errors"]
        .as_array()
        .unwrap()
        .iter()
        // The first line, as the terminal's `error:` line shows it (a template's parse error
        // goes on with the lines it points at).
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            format!(
                "{}: {}",
                d["location"].as_str().unwrap(),
                message.lines().next().unwrap_or("")
            )
        })
        .collect();
    errors.sort();
    errors
}

/// A good build whose site-wide files follow (`more`) is whole once its `updated` event came;
/// if that pass failed, the build as a whole failed.
fn with_site_wide(events: &Events, built: Event) -> Event {
    if built.name != "built" || built.data["more"] != true {
        return built;
    }
    while let Some(u) = events.next(Duration::from_secs(30)) {
        if u.name == "updated" {
            return match u.data.get("errors") {
                Some(_) => Event {
                    name: "failed".into(),
                    data: u.data,
                },
                None => built,
            };
        }
    }
    panic!("the site-wide files never followed: {}", built.data)
}

/// The last build of a save: some saves arrive as two batches of events (a rename), so the
/// result is the build after which nothing more comes for `quiet`.
fn settled_build(events: &Events, quiet: Duration, context: &dyn Fn() -> String) -> Event {
    let first = loop {
        match events.next(Duration::from_secs(30)) {
            Some(e) if e.name == "built" || e.name == "failed" => break e,
            Some(_) => {}
            None => panic!("no build followed the edit: {}", context()),
        }
    };
    let mut last = with_site_wide(events, first);
    loop {
        let deadline = Instant::now() + quiet;
        let next =
            std::iter::from_fn(|| events.next(deadline.saturating_duration_since(Instant::now())))
                .find(|e| e.name == "built" || e.name == "failed");
        match next {
            Some(e) => last = with_site_wide(events, e),
            None => return last,
        }
    }
}

/// A bad edit and how to take it back.
struct Undo {
    page: usize,
    before: PageFile,
}

/// Applies one random edit; returns what it was, and for edits that must fail, how to undo it.
fn edit(site: &mut Site, rng: &mut Rng) -> (String, Option<Undo>) {
    let kind = rng.below(112);
    let n = site.pages.len();
    let i = rng.below(n);
    match kind {
        26..=29
            if site
                .pages
                .iter()
                .any(|p| p.path.starts_with("content/posts")) =>
        {
            // Pelican's inputs on a post: its authors (author pages), an `{attach}` link (the
            // file moves), or a translation of it (a new post with its slug in another language).
            let posts: Vec<usize> = (0..n)
                .filter(|&j| site.pages[j].path.starts_with("content/posts"))
                .collect();
            let j = *rng.pick(&posts);
            let mut post = site.pages[j].clone();
            let date = (post.extra.as_deref().unwrap_or(""))
                .lines()
                .find(|l| l.starts_with("date:"))
                .unwrap_or("date: 2024-05-06")
                .to_string();
            let what = match rng.below(3) {
                0 => {
                    let author =
                        *rng.pick(&["Ada Lovelace", "Grace Hopper", "Ada Lovelace, Alan Turing"]);
                    post.extra = Some(format!("{date}\nauthor: {author}"));
                    format!("authors of {}", post.path.display())
                }
                1 => {
                    if post.body.contains("{attach}") {
                        post.body = post
                            .body
                            .replace("\n![fig]({attach}../posts-fig.svg)\n", "");
                    } else {
                        post.body.push_str("\n![fig]({attach}../posts-fig.svg)\n");
                    }
                    format!("attach link in {}", post.path.display())
                }
                _ => {
                    let name = site.fresh_name("translated");
                    let lang = format!("l{}", site.counter);
                    let translation = PageFile {
                        path: PathBuf::from(format!("content/posts/{name}.md")),
                        title: format!("Translated {name}"),
                        sortorder: 0,
                        slug: Some(
                            post.slug
                                .clone()
                                .unwrap_or_else(|| default_slug(&post.path)),
                        ),
                        extra: Some(format!("{date}\nlang: {lang}")),
                        bare: false,
                        body: "A translation.\n".into(),
                    };
                    site.write(&translation);
                    let what = format!(
                        "translation {} of {}",
                        translation.path.display(),
                        post.path.display()
                    );
                    site.pages.push(translation);
                    return (what, None);
                }
            };
            site.pages[j] = post.clone();
            site.write(&post);
            (what, None)
        }
        0..=29 => {
            let word = site.fresh_name("word");
            site.pages[i]
                .body
                .push_str(&format!("\nMore text: {word}.\n"));
            site.write(&site.pages[i].clone());
            (format!("text of {}", site.pages[i].path.display()), None)
        }
        30..=37 => {
            site.pages[i].title = site.fresh_name("Title");
            site.write(&site.pages[i].clone());
            (format!("title of {}", site.pages[i].path.display()), None)
        }
        38..=43 => {
            site.pages[i].sortorder = rng.below(10) as u32;
            site.write(&site.pages[i].clone());
            (
                format!("sortorder of {}", site.pages[i].path.display()),
                None,
            )
        }
        44..=48 => {
            site.pages[i].slug = Some(site.fresh_name("slug"));
            site.write(&site.pages[i].clone());
            (format!("slug of {}", site.pages[i].path.display()), None)
        }
        49..=55 => {
            let chapters = site.chapters();
            let chapter = rng.pick(&chapters).clone();
            let name = site.fresh_name("new");
            let page = PageFile {
                path: chapter.join(format!("{name}.md")),
                title: format!("New {name}"),
                sortorder: rng.below(10) as u32,
                slug: None,
                extra: None,
                bare: false,
                body: "A new page.\n".into(),
            };
            site.write(&page);
            let what = format!("new page {}", page.path.display());
            site.pages.push(page);
            (what, None)
        }
        56..=60 if n > 6 => {
            let page = site.pages.remove(i);
            fs::remove_file(site.dir.join(&page.path)).unwrap();
            (format!("deleted {}", page.path.display()), None)
        }
        61..=64 => {
            let old = site.pages[i].path.clone();
            let name = site.fresh_name("renamed");
            let new = old.with_file_name(format!("{name}.md"));
            fs::rename(site.dir.join(&old), site.dir.join(&new)).unwrap();
            site.pages[i].path = new.clone();
            (
                format!("renamed {} to {}", old.display(), new.display()),
                None,
            )
        }
        65..=67 => {
            // A new chapter folder with its index page.
            let name = site.fresh_name("chapter");
            let page = PageFile {
                path: PathBuf::from(format!(
                    "content/pages/{}-{name}/00-{name}.md",
                    10 + rng.below(80)
                )),
                title: format!("Chapter {name}"),
                sortorder: 0,
                slug: None,
                extra: None,
                bare: false,
                body: "A new chapter.\n".into(),
            };
            site.write(&page);
            let what = format!("new chapter {}", page.path.display());
            site.pages.push(page);
            (what, None)
        }
        68..=69 => {
            // A chapter folder renamed, pages and all.
            let chapters = site.chapters();
            let from = rng.pick(&chapters).clone();
            let to = from.with_file_name(site.fresh_name("moved"));
            fs::rename(site.dir.join(&from), site.dir.join(&to)).unwrap();
            for p in &mut site.pages {
                if let Ok(rest) = p.path.strip_prefix(&from) {
                    p.path = to.join(rest);
                }
            }
            (
                format!("renamed folder {} to {}", from.display(), to.display()),
                None,
            )
        }
        70..=75 => {
            let templates = site.dir.join("templates");
            fs::create_dir_all(&templates).unwrap();
            let page = templates.join("page.html");
            let what = match if page.exists() { rng.below(3) } else { 0 } {
                0 => {
                    let stamp = site.fresh_name("custom");
                    save(
                        &page,
                        format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>{{{{ page.title }}}}</h1><p>{stamp}</p>{{{{ page.content | safe }}}}{{% endblock content %}}"),
                    )
                    .unwrap();
                    "template page.html added"
                }
                1 => {
                    save(
                        &page,
                        "{% extends \"base.html\" %}{% block content %}{{ page.title ",
                    )
                    .unwrap();
                    "template page.html broken"
                }
                _ => {
                    let _ = fs::remove_file(&page);
                    "template page.html removed"
                }
            };
            (what.to_string(), None)
        }
        76..=81 => {
            let file = site.dir.join(format!("static/img/{}.txt", rng.below(3)));
            let what = if rng.below(3) == 0 && file.exists() {
                fs::remove_file(&file).unwrap();
                "static file removed"
            } else {
                save(&file, site.fresh_name("static")).unwrap();
                "static file written"
            };
            (what.to_string(), None)
        }
        82..=83 if site.pages.iter().any(|p| p.body.contains("--8<--")) => {
            let line = site.fresh_name("shared");
            save(
                site.dir.join("snippets/shared.py"),
                format!("print('{line}')\n"),
            )
            .unwrap();
            ("included file edited".to_string(), None)
        }
        84..=85 => {
            site.settings = (site.fresh_name("Site"), rng.below(2) == 0);
            site.write_settings();
            ("site.yaml changed".to_string(), None)
        }
        100..=111 => github_style_edit(site, rng, kind),
        _ => {
            // Edits that `quire build` refuses, on a page (not a post, whose outputs are in blog/).
            let pages: Vec<usize> = (0..n)
                .filter(|&j| !site.pages[j].path.starts_with("content/posts"))
                .collect();
            let i = *rng.pick(&pages);
            let before = site.pages[i].clone();
            // Another page's slug (a page without one is written by its folder, which no slug
            // names); with none to take, a slug out of the site.
            let taken = (pages.iter())
                .filter(|&&j| j != i)
                .find_map(|&j| site.pages[j].slug.clone())
                .unwrap_or_else(|| "../outside".into());
            let (what, page) = match rng.below(4) {
                0 => (
                    "a slug out of the site",
                    PageFile {
                        slug: Some("../outside".into()),
                        bare: false,
                        ..before.clone()
                    },
                ),
                1 => (
                    "aliases: /",
                    PageFile {
                        extra: Some("aliases: /".into()),
                        bare: false,
                        ..before.clone()
                    },
                ),
                2 => (
                    "a duplicate slug",
                    PageFile {
                        slug: Some(taken),
                        bare: false,
                        ..before.clone()
                    },
                ),
                _ => (
                    "an alias onto a static file",
                    PageFile {
                        extra: Some("aliases: /old.html".into()),
                        bare: false,
                        ..before.clone()
                    },
                ),
            };
            site.pages[i] = page.clone();
            site.write(&page);
            (
                format!("{what} in {}", page.path.display()),
                Some(Undo { page: i, before }),
            )
        }
    }
}

/// The sequence's seed and length: QUIRE_EQUIV_SEED and QUIRE_EQUIV_STEPS, or the defaults.
fn seed_and_steps(steps: usize) -> (u64, usize) {
    let var = |name| std::env::var(name).ok().and_then(|s| s.parse().ok());
    (
        var("QUIRE_EQUIV_SEED").unwrap_or(0x5eed_2026),
        var("QUIRE_EQUIV_STEPS").map_or(steps, |n| n as usize),
    )
}

/// The next step of a sequence: the bad edit before it taken back, or a new random edit
/// (whose undo is kept when it must fail); what it was.
fn edit_or_undo(site: &mut Site, rng: &mut Rng, undo: &mut Option<Undo>) -> String {
    match undo.take() {
        Some(u) => {
            site.pages[u.page] = u.before.clone();
            site.write(&u.before);
            format!("undo in {}", u.before.path.display())
        }
        None => {
            let (what, u) = edit(site, rng);
            site.keep_nav_in_step();
            *undo = u;
            what
        }
    }
}

#[test]
fn serve_writes_what_a_fresh_build_writes_after_every_edit() {
    let (seed, steps) = seed_and_steps(200);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    fs::create_dir_all(&dir).unwrap();
    let fresh = tmp.path().join("fresh");
    let mut site = new_site(&dir);
    let server = Server::start_with_env(&dir, &[], &[("QUIRE_SHARED_DELAY_MS", "0")]);
    let events = server.events();
    let output = dir.join("output");
    // The first build is complete before the stream opens; compare it too.
    assert_eq!(
        differences(
            &snapshot(&output),
            &fresh_build(&dir, &fresh).expect("the fixture builds")
        ),
        Vec::<String>::new()
    );
    let mut rng = Rng(seed);
    let mut undo: Option<Undo> = None;
    let (mut refused, mut built) = (0, 0);
    for step in 0..steps {
        let before = snapshot(&output);
        let what = edit_or_undo(&mut site, &mut rng, &mut undo);
        // A second save (site.yaml after a page it lists went) may follow the first build by
        // the time a loaded machine takes to build: wait longer for it.
        let quiet = match std::mem::take(&mut site.saved_twice) {
            true => Duration::from_millis(2000),
            false => Duration::from_millis(120),
        };
        let event = settled_build(&events, quiet, &|| {
            format!("seed {seed}, step {step}: {what}")
        });
        let context = format!("seed {seed}, step {step}: {what}\n{}", server.printed());
        match fresh_build(&dir, &fresh) {
            Ok(expected) => {
                built += 1;
                assert_eq!(
                    event.name, "built",
                    "{context}\nserve failed: {}",
                    event.data
                );
                let diff = differences(&snapshot(&output), &expected);
                assert!(diff.is_empty(), "{context}\n{}", diff.join("\n"));
            }
            Err(errors) => {
                refused += 1;
                assert_eq!(event.name, "failed", "{context}\nbuild refused: {errors:?}");
                assert_eq!(serve_errors(&event), errors, "{context}");
                let diff = differences(&snapshot(&output), &before);
                assert!(
                    diff.is_empty(),
                    "{context}\nthe output changed:\n{}",
                    diff.join("\n")
                );
            }
        }
    }
    assert!(
        refused > 5 && built > steps / 2,
        "a sequence that tests both: {refused} refused, {built} built"
    );
}

/// `quire build --watch` takes every flag `quire build` takes, and honours it on every rebuild.
#[test]
fn build_watch_writes_what_build_writes_with_the_same_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    fs::create_dir_all(&dir).unwrap();
    let mut site = new_site(&dir);
    let flags = ["--minify", "--precompress", "--no-cache"];
    let watched = tmp.path().join("watched");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Command::new(QUIRE)
        .args(["build", "--watch"])
        .args(flags)
        .arg(&dir)
        .arg("-o")
        .arg(&watched)
        .env("NO_COLOR", "1")
        .env("QUIRE_SHARED_DELAY_MS", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Saves made before it watches are not its to see: wait for it to say it does.
    let stdout = child.stdout.take().unwrap();
    let _watching = Kill(child);
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    assert!(lines.any(|l| l.unwrap().contains("Watching")));
    let expected_after = |edit: &dyn Fn(&mut Site), site: &mut Site| {
        edit(site);
        let fresh = tmp.path().join("fresh");
        let _ = fs::remove_dir_all(&fresh);
        let ok = Command::new(QUIRE)
            .args(["build", "-q"])
            .args(flags)
            .arg(&dir)
            .arg("-o")
            .arg(&fresh)
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let expected = snapshot(&fresh);
        // The watcher rebuilds on its own time: wait until it has written the same.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // Read while the watcher may be committing: a file gone meanwhile is looked at again.
            let diff = match try_snapshot(&watched) {
                Some(now) => differences(&now, &expected),
                None => vec!["(a file went while the folder was read)".to_string()],
            };
            if diff.is_empty() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "build --watch wrote otherwise:\n{}",
                diff.join("\n")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    expected_after(&|_| {}, &mut site);
    expected_after(
        &|site| {
            site.pages[1].body.push_str("\nAn edit while watching.\n");
            site.write(&site.pages[1].clone());
        },
        &mut site,
    );
    expected_after(
        &|site| {
            site.pages[2].title = "A new title".into();
            site.write(&site.pages[2].clone());
        },
        &mut site,
    );
    assert!(
        snapshot(&watched).keys().any(|k| k.ends_with(".html.br")),
        "--precompress was honoured"
    );
    assert!(
        !dir.join(".quire-cache").exists(),
        "--no-cache wrote no cache"
    );
}

/// What `quire build` prints: its summary line and, where it fails, its errors.
struct Printed {
    ok: bool,
    stdout: String,
    /// The `warning:`/`error:` lines, sorted (each names its file, not the output folder).
    findings: Vec<String>,
}

fn build_printing(site: &Path, extra: &[&str], out: &Path) -> Printed {
    let run = Command::new(QUIRE)
        .arg("build")
        .args(extra)
        .arg(site)
        .arg("-o")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let mut findings: Vec<String> = (stderr.lines())
        .filter(|l| l.starts_with("warning: ") || l.starts_with("error: "))
        .map(str::to_string)
        .collect();
    findings.sort();
    Printed {
        ok: run.status.success(),
        stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
        findings,
    }
}

/// A writer runs `quire build` after every save. Each build picks up from the last one's
/// record in .quire-cache and renders only what the save reached, yet writes exactly what a
/// clean `--no-cache` build writes and reports the same warnings; a build that fails leaves
/// the output folder as it was.
#[test]
fn each_quire_build_after_a_save_writes_what_a_clean_build_writes() {
    let (seed, steps) = seed_and_steps(120);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    fs::create_dir_all(&dir).unwrap();
    let (output, fresh) = (tmp.path().join("out"), tmp.path().join("fresh"));
    let mut site = new_site(&dir);
    assert!(build_printing(&dir, &[], &output).ok, "the fixture builds");
    let mut rng = Rng(seed);
    let mut undo: Option<Undo> = None;
    let (mut resumed, mut built, mut refused) = (0, 0, 0);
    for step in 0..steps {
        let before = snapshot(&output);
        let what = edit_or_undo(&mut site, &mut rng, &mut undo);
        let context = format!("seed {seed}, step {step}: {what}");
        let got = build_printing(&dir, &[], &output);
        let _ = fs::remove_dir_all(&fresh);
        let want = build_printing(&dir, &["--no-cache"], &fresh);
        assert_eq!(got.findings, want.findings, "{context}\n{}", got.stdout);
        assert_eq!(got.ok, want.ok, "{context}");
        if got.ok {
            built += 1;
            resumed += got.stdout.contains(" rendered, ") as usize;
            let diff = differences(&snapshot(&output), &snapshot(&fresh));
            assert!(
                diff.is_empty(),
                "{context}\n{}\n{}",
                got.stdout,
                diff.join("\n")
            );
        } else {
            refused += 1;
            let diff = differences(&snapshot(&output), &before);
            assert!(
                diff.is_empty(),
                "{context}\nthe output changed:\n{}",
                diff.join("\n")
            );
        }
    }
    // Saves of settings or templates, and builds within two seconds of them, start over.
    assert!(
        resumed > built / 2 && refused > 3,
        "a sequence that tests both: {resumed} of {built} builds picked up, {refused} refused"
    );
}

/// The edits of a site written for GitHub: a header taken off or put back, a page moved to
/// another folder, a folder's `README.md` added or renamed, the `nav:` written or taken out.
fn github_style_edit(site: &mut Site, rng: &mut Rng, kind: usize) -> (String, Option<Undo>) {
    let pages = site.non_posts();
    let i = *rng.pick(&pages);
    match kind {
        100..=102 => {
            site.pages[i].bare = !site.pages[i].bare;
            site.write(&site.pages[i].clone());
            let how = if site.pages[i].bare {
                "taken off"
            } else {
                "put back"
            };
            (
                format!("header {how} in {}", site.pages[i].path.display()),
                None,
            )
        }
        103..=105 => {
            let chapters = site.chapters();
            let to = rng.pick(&chapters).clone();
            let old = site.pages[i].path.clone();
            let mut new = to.join(old.file_name().unwrap());
            if site.dir.join(&new).exists() {
                new = to.join(format!("{}.md", site.fresh_name("moved")));
            }
            fs::rename(site.dir.join(&old), site.dir.join(&new)).unwrap();
            site.pages[i].path = new.clone();
            (
                format!("moved {} to {}", old.display(), new.display()),
                None,
            )
        }
        106..=108 => {
            let chapters = site.chapters();
            let folder = rng.pick(&chapters).clone();
            let readme = folder.join("README.md");
            match site.pages.iter().position(|p| p.path == readme) {
                Some(r) => {
                    let index = folder.join("index.md");
                    let new = if site.dir.join(&index).exists() {
                        folder.join(format!("{}.md", site.fresh_name("was-readme")))
                    } else {
                        index
                    };
                    fs::rename(site.dir.join(&readme), site.dir.join(&new)).unwrap();
                    site.pages[r].path = new.clone();
                    (
                        format!("renamed {} to {}", readme.display(), new.display()),
                        None,
                    )
                }
                None => {
                    let page = PageFile {
                        path: readme,
                        title: site.fresh_name("About"),
                        sortorder: 0,
                        slug: None,
                        extra: None,
                        bare: true,
                        body: "What this folder holds.\n".into(),
                    };
                    site.write(&page);
                    let what = format!("new {}", page.path.display());
                    site.pages.push(page);
                    (what, None)
                }
            }
        }
        _ => {
            if site.nav.is_some() && rng.below(3) == 0 {
                site.nav = None;
                site.write_settings();
                return ("nav taken out".to_string(), None);
            }
            let mut listed: Vec<String> = (pages.iter())
                .filter(|_| rng.below(4) != 0)
                .map(|&j| {
                    let path = site.pages[j].path.strip_prefix("content").unwrap();
                    path.to_string_lossy().into_owned()
                })
                .collect();
            if listed.is_empty() {
                listed.push(
                    site.pages[i]
                        .path
                        .strip_prefix("content")
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
            for k in (1..listed.len()).rev() {
                listed.swap(k, rng.below(k + 1));
            }
            site.nav = Some(listed);
            site.write_settings();
            ("nav written".to_string(), None)
        }
    }
}
