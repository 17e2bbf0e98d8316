//! Watching a site: file events, gathered into one batch per burst, sorted by
//! the pure `classify` into the kinds of change a rebuild cares about.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

pub(super) use crate::changes::Changes;
use crate::config::CONFIG_FILE;
use crate::content::paths::{is_ignored_name, is_markdown, is_static_dropping};
use crate::content::LeftOut;
use crate::layout::{ContentDir, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR};

/// Sorts changed paths into kinds of change. Paths outside the site, in the
/// output folder, in hidden folders such as .git/, and editors' droppings
/// (`.a.md.swp`, `a.md~`, `.#a.md`, `4913`, …) are not changes to the site.
pub(super) fn classify(
    site_dir: &Path,
    content: &ContentDir,
    output_dir: &Path,
    paths: &[PathBuf],
) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        if path.starts_with(output_dir) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(site_dir) else {
            continue;
        };
        let parts: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        // static/ publishes dot files (`.well-known/`, `.htaccess`), so a change to them counts.
        let dropped = |(i, p): (usize, &&str)| match parts[0] {
            STATIC_DIR if i > 0 => is_static_dropping(p),
            _ => is_ignored_name(p),
        };
        if parts.is_empty() || parts.iter().enumerate().any(dropped) {
            // A nav plugin's file of a folder arranges the sidebar: the nav is made again.
            if is_nav_plugin_file(&parts) && rel.starts_with(content.rel()) {
                changes.rescan = true;
            }
            continue;
        }
        match (parts[0], parts.len()) {
            (CONFIG_FILE | "mkdocs.yml" | "mkdocs.yaml", 1) => changes.config = true,
            (TEMPLATES_DIR, _) => changes.templates = true,
            (STATIC_DIR, 1) => changes.rescan = true,
            (STATIC_DIR, _) => {
                changes.assets.insert(rel.to_path_buf());
            }
            // Without `content_dir:`, whether content/ is there says where the pages are.
            (CONTENT_DIR, 1) if content.is_site_folder() || content.rel() == CONTENT_DIR => {
                changes.config = true;
            }
            _ => match rel.strip_prefix(content.rel()) {
                Ok(p) if p.as_os_str().is_empty() => changes.rescan = true,
                Ok(_) if is_markdown(rel) => {
                    changes.pages.insert(rel.to_path_buf());
                }
                Ok(_) => {
                    changes.assets.insert(rel.to_path_buf());
                }
                Err(_) => {}
            },
        }
    }
    changes
}

/// awesome-pages' `.pages` and awesome-nav's `.nav.yml`, in a folder that is not hidden.
fn is_nav_plugin_file(parts: &[&str]) -> bool {
    match parts.split_last() {
        Some((name, folders)) => {
            matches!(*name, ".pages" | ".nav.yml") && !folders.iter().any(|f| is_ignored_name(f))
        }
        None => false,
    }
}

/// How long the files must be quiet before a batch is handed over: long enough for an editor's
/// write-then-rename save to finish, short enough not to be noticed.
const QUIET: Duration = Duration::from_millis(10);
/// A burst (a `git checkout`, a folder copied in) is given longer to finish, so that it is one rebuild.
const BURST_QUIET: Duration = Duration::from_millis(300);
/// More paths than an editor's save touches.
const BURST: usize = 24;
/// A stream of events that never pauses still gets a rebuild this often.
const MAX_WAIT: Duration = Duration::from_millis(2000);
const POLL_INTERVAL: Duration = Duration::from_millis(500);

enum Backend {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

/// A running watch on a site folder.
pub(super) struct Watcher {
    site_dir: PathBuf,
    /// What is watched: the pages' folder (as the last build found it) and the output folder.
    folders: Folders,
    backend: Backend,
    tx: Sender<notify::Result<notify::Event>>,
    events: Receiver<notify::Result<notify::Event>>,
    /// Why native events are not used, when polling.
    pub fallback_reason: Option<String>,
    fallback_news: bool,
    /// The files pages include, relative to the site folder, and the folders watched for them
    /// besides the site's own.
    included: BTreeSet<PathBuf>,
    included_dirs: BTreeSet<PathBuf>,
    /// The settings' files outside the site folder's top (a mkdocs.yml's `INHERIT`s) and its
    /// `watch:` paths (absolute): a change there is a change of settings.
    settings: BTreeSet<PathBuf>,
}

/// The folders a watch is for, besides the site folder itself.
#[derive(Clone)]
pub(super) struct Folders {
    pub content: ContentDir,
    pub output_dir: PathBuf,
}

/// Events gathered until the files are quiet.
#[derive(Default)]
struct Batch {
    paths: Vec<PathBuf>,
    /// Events were lost: only rebuilding everything is safe.
    overflow: bool,
    /// Folders are moving: wait longer for their files.
    burst: bool,
    watches_ran_out: Option<String>,
}

impl Batch {
    fn take(&mut self, r: notify::Result<notify::Event>) {
        match r {
            Ok(e) if e.need_rescan() => self.overflow = true,
            Ok(e) if changes_files(&e.kind) => {
                self.burst |= moves_folder(&e);
                self.paths.extend(e.paths);
            }
            Ok(_) => {}
            Err(e) => {
                self.overflow = true;
                let out_of_watches = matches!(e.kind, notify::ErrorKind::MaxFilesWatch)
                    || matches!(&e.kind, notify::ErrorKind::Io(io) if io.raw_os_error() == Some(28));
                if out_of_watches {
                    self.watches_ran_out = Some(e.to_string());
                }
            }
        }
    }
}

/// Links are not followed, as the build does not follow them: a link to `/usr` in content/
/// would otherwise cost a watch for each folder under it, and every write there a rebuild.
fn native_config() -> notify::Config {
    notify::Config::default().with_follow_symlinks(false)
}

fn poll_config() -> notify::Config {
    // notify's poller compares mtimes in whole seconds: without comparing contents, a second
    // save within the same second would be missed.
    native_config()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true)
}

/// A folder of the site's own, not a link to one (which the build skips, so it is not watched).
fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

impl Watcher {
    /// Watches the site's own folders and site.yaml; falls back to polling when the
    /// system's events cannot be had (and says why).
    pub(super) fn start(site_dir: &Path, folders: Folders, poll: bool) -> anyhow::Result<Watcher> {
        let (tx, events) = channel();
        let (backend, fallback_reason) = backend(site_dir, &folders, &tx, poll)?;
        Ok(Watcher {
            site_dir: site_dir.to_path_buf(),
            folders,
            backend,
            tx,
            events,
            fallback_reason,
            fallback_news: false,
            included: BTreeSet::new(),
            included_dirs: BTreeSet::new(),
            settings: BTreeSet::new(),
        })
    }

    /// Watches the pages where the last build found them, when site.yaml (or content/ coming
    /// or going) moved them: the watches start afresh.
    pub(super) fn follow(&mut self, content: &ContentDir) {
        if *content == self.folders.content {
            return;
        }
        self.folders.content = content.clone();
        let poll = self.is_polling();
        if let Ok((backend, reason)) = backend(&self.site_dir, &self.folders, &self.tx, poll) {
            self.backend = backend;
            if reason.is_some() {
                self.fallback_news = true;
                self.fallback_reason = reason;
            }
            for dir in &self.included_dirs {
                let _ = match &mut self.backend {
                    Backend::Native(w) => w.watch(dir, RecursiveMode::NonRecursive),
                    Backend::Poll(w) => w.watch(dir, RecursiveMode::NonRecursive),
                };
            }
        }
    }

    /// Watches the files pages include (site-relative) where the site's own watches do not
    /// reach them (a snippets/ folder beside content/).
    pub(super) fn watch_included(&mut self, files: BTreeSet<PathBuf>) {
        for file in &files {
            if let Some(dir) = self.site_dir.join(file).parent() {
                self.watch_dir(dir.to_path_buf(), RecursiveMode::NonRecursive);
            }
        }
        self.included = files;
    }

    /// Watches the settings' other files and `watch:` paths (see `settings`).
    pub(super) fn watch_settings(&mut self, paths: BTreeSet<PathBuf>) {
        if paths == self.settings {
            return;
        }
        for path in &paths {
            let path = self.site_dir.join(path);
            match is_real_dir(&path) {
                true => self.watch_dir(path, RecursiveMode::Recursive),
                false => {
                    if let Some(dir) = path.parent() {
                        self.watch_dir(dir.to_path_buf(), RecursiveMode::NonRecursive);
                    }
                }
            }
        }
        self.settings = paths;
    }

    /// Watches `dir` unless the site's own watches reach it already.
    fn watch_dir(&mut self, dir: PathBuf, mode: RecursiveMode) {
        let covered = dir == self.site_dir
            || watched_dirs(&self.site_dir, &self.folders)
                .iter()
                .any(|d| dir.starts_with(d));
        if covered || self.included_dirs.contains(&dir) {
            return;
        }
        let watched = match &mut self.backend {
            Backend::Native(w) => w.watch(&dir, mode),
            Backend::Poll(w) => w.watch(&dir, mode),
        };
        if watched.is_ok() {
            self.included_dirs.insert(dir);
        }
    }

    /// `classify`, and the included files among the paths.
    pub(super) fn sort(&self, site_dir: &Path, output_dir: &Path, paths: &[PathBuf]) -> Changes {
        let mut changes = classify(site_dir, &self.folders.content, output_dir, paths);
        let settings = |p: &PathBuf| {
            self.settings
                .iter()
                .any(|s| p.starts_with(site_dir.join(s)))
        };
        if paths.iter().any(settings) {
            changes.config = true;
        }
        for path in paths {
            if let Ok(rel) = path.strip_prefix(site_dir) {
                if self.included.contains(rel) {
                    changes.included.insert(rel.to_path_buf());
                }
            }
        }
        changes
    }

    pub(super) fn is_polling(&self) -> bool {
        matches!(self.backend, Backend::Poll(_))
    }

    /// Waits for the next change and returns every path touched until the files are quiet.
    /// `None` when the system lost events (its queue overflowed): rebuild everything.
    pub(super) fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut batch = Batch::default();
        // Wait for the first event that changes something.
        while batch.paths.is_empty() && !batch.overflow {
            let Ok(first) = self.events.recv() else {
                // The watcher is gone; nothing will ever change again.
                loop {
                    std::thread::park();
                }
            };
            batch.take(first);
        }
        self.gather(batch)
    }

    /// `next_batch`, if a change comes before `deadline`; `None` if none does.
    pub(super) fn next_batch_before(&mut self, deadline: Instant) -> Option<Option<Vec<PathBuf>>> {
        let mut batch = Batch::default();
        while batch.paths.is_empty() && !batch.overflow {
            let left = deadline.checked_duration_since(Instant::now())?;
            batch.take(self.events.recv_timeout(left).ok()?);
        }
        Some(self.gather(batch))
    }

    /// Adds to a started batch every event until the files are quiet.
    fn gather(&mut self, mut batch: Batch) -> Option<Vec<PathBuf>> {
        let start = Instant::now();
        loop {
            let quiet = if batch.burst || batch.paths.len() > BURST {
                BURST_QUIET
            } else {
                QUIET
            };
            match self.events.recv_timeout(quiet) {
                Ok(r) => batch.take(r),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if start.elapsed() > MAX_WAIT {
                break;
            }
        }
        if let Some(why) = batch.watches_ran_out {
            self.fall_back_to_polling(why);
        }
        self.rewatch(&batch.paths);
        (!batch.overflow).then_some(batch.paths)
    }

    /// Native watches ran out while running (a new folder could not be watched): poll from now on.
    fn fall_back_to_polling(&mut self, why: String) {
        if self.is_polling() {
            return;
        }
        if let Ok(mut w) = PollWatcher::new(self.tx.clone(), poll_config()) {
            if watch_site(&mut w, &self.site_dir, &self.folders).is_ok() {
                for dir in &self.included_dirs {
                    let _ = w.watch(dir, RecursiveMode::NonRecursive);
                }
                self.backend = Backend::Poll(w);
                self.fallback_reason = Some(why);
                self.fallback_news = true;
            }
        }
    }

    /// Why quire started polling while running, once, for the terminal.
    pub(super) fn fallback_news(&mut self) -> Option<String> {
        std::mem::take(&mut self.fallback_news)
            .then(|| self.fallback_reason.clone())
            .flatten()
    }

    /// The pages' folder, templates/ or static/ created after the start needs a watch of its
    /// own, as does a folder made in the site folder when it holds the pages.
    fn rewatch(&mut self, paths: &[PathBuf]) {
        for dir in watched_dirs(&self.site_dir, &self.folders) {
            if paths.contains(&dir) && is_real_dir(&dir) {
                let _ = match &mut self.backend {
                    Backend::Native(w) => w.watch(&dir, RecursiveMode::Recursive),
                    Backend::Poll(w) => w.watch(&dir, RecursiveMode::Recursive),
                };
            }
        }
    }
}

/// Whether an event may have changed a file. Reads are events too (inotify reports opens and
/// closes), and a rebuild reads the site: counting them would rebuild forever.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// A folder created, removed or renamed: its files follow one by one (a `git checkout`, a copy),
/// so the batch waits for them rather than catching them half-written.
fn moves_folder(e: &notify::Event) -> bool {
    match e.kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => true,
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) => {
            e.paths.iter().any(|p| p.is_dir())
        }
        _ => false,
    }
}

/// A watcher of the kind asked for, or polling when the system's events cannot be had (and why).
fn backend(
    site_dir: &Path,
    folders: &Folders,
    tx: &Sender<notify::Result<notify::Event>>,
    poll: bool,
) -> anyhow::Result<(Backend, Option<String>)> {
    let mut fallback_reason = None;
    if !poll {
        let native =
            RecommendedWatcher::new(tx.clone(), native_config()).map_err(|e| e.to_string());
        let watched = native.and_then(|mut w| {
            watch_site(&mut w, site_dir, folders)
                .map(|()| w)
                .map_err(|e| e.to_string())
        });
        match watched {
            Ok(w) => return Ok((Backend::Native(w), None)),
            Err(e) => fallback_reason = Some(e),
        }
    }
    let mut w = PollWatcher::new(tx.clone(), poll_config())?;
    watch_site(&mut w, site_dir, folders)?;
    Ok((Backend::Poll(w), fallback_reason))
}

/// The folders watched with all they hold: templates/, static/ and the pages' folder; when the
/// pages are the site folder's own, each of its folders the build reads (not the output folder,
/// the cache, .git/ or another build's output, so quire's own writes are not watched at all).
fn watched_dirs(site_dir: &Path, folders: &Folders) -> Vec<PathBuf> {
    let mut dirs = vec![site_dir.join(TEMPLATES_DIR), site_dir.join(STATIC_DIR)];
    if !folders.content.is_site_folder() {
        dirs.push(folders.content.under(site_dir));
        return dirs;
    }
    let left_out = LeftOut::new(&folders.content, &folders.output_dir);
    let Ok(entries) = std::fs::read_dir(site_dir) else {
        return dirs;
    };
    let mut own: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| !p.starts_with(&folders.output_dir) && !left_out.skips_path(p, true, true))
        .collect();
    own.sort();
    dirs.extend(own);
    dirs
}

/// The site folder itself only for site.yaml and its own folders coming and going; the output
/// folder and .git/ are not watched at all.
fn watch_site(
    w: &mut impl notify::Watcher,
    site_dir: &Path,
    folders: &Folders,
) -> notify::Result<()> {
    w.watch(site_dir, RecursiveMode::NonRecursive)?;
    for dir in watched_dirs(site_dir, folders) {
        if is_real_dir(&dir) {
            w.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_rel(paths: &[&str]) -> Changes {
        let site = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| site.join(p)).collect();
        classify(site, &ContentDir::default(), &site.join("output"), &paths)
    }

    fn set(paths: &[&str]) -> BTreeSet<PathBuf> {
        paths.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_page_edit_is_one_page() {
        let c = classify_rel(&["content/pages/05-deployment/38-serverless.markdown"]);
        assert_eq!(
            c,
            Changes {
                pages: set(&["content/pages/05-deployment/38-serverless.markdown"]),
                ..Changes::default()
            }
        );
    }

    #[test]
    fn an_atomic_save_leaves_only_the_page() {
        // vim: probe file 4913, a backup a.md~, the swap file, then the new a.md renamed into place.
        let c = classify_rel(&[
            "content/4913",
            "content/a.md~",
            "content/.a.md.swp",
            "content/.a.md.swx",
            "content/a.md",
            "content/.#a.md",
            "content/a.md.bck",
            "content/a.md.tmp",
            "content/.goutputstream-XYZ",
        ]);
        assert_eq!(c.pages, set(&["content/a.md"]));
        assert!(c.assets.is_empty(), "{c:?}");
        assert!(!c.rescan && !c.templates && !c.config);
    }

    #[test]
    fn kinds_of_change() {
        let c = classify_rel(&[
            "site.yaml",
            "templates/page.html",
            "static/css/extra.css",
            "content/images/a.png",
        ]);
        assert!(c.config && c.templates && !c.rescan);
        assert_eq!(
            c.assets,
            set(&["static/css/extra.css", "content/images/a.png"])
        );
        assert!(classify_rel(&["templates"]).templates);
        assert!(classify_rel(&["static"]).rescan);
        // Without `content_dir:`, content/ coming or going moves the pages: site.yaml's reading decides.
        assert!(classify_rel(&["content"]).config);
    }

    #[test]
    fn output_git_and_strangers_are_ignored() {
        let c = classify_rel(&[
            "output/serverless.html",
            "output/.quire-staging/x.html",
            ".git/index",
            ".git/objects/ab/cdef",
            "README.md",
            "content/.hidden/a.md",
        ]);
        assert!(c.is_empty(), "{c:?}");
        let other = classify(
            Path::new("/site"),
            &ContentDir::default(),
            Path::new("/site/output"),
            &[PathBuf::from("/elsewhere/content/a.md")],
        );
        assert!(other.is_empty());
    }

    #[test]
    fn an_output_folder_inside_a_watched_one_is_still_ignored() {
        let site = Path::new("/site");
        let c = classify(
            site,
            &ContentDir::default(),
            Path::new("/site/static/out"),
            &[site.join("static/out/a.html")],
        );
        assert!(c.is_empty());
    }

    #[test]
    fn a_plain_folder_is_watched_as_its_pages_and_not_its_output() {
        let site = Path::new("/docs");
        let paths: Vec<PathBuf> = [
            "guide/install.md",
            "README.md",
            "img/a.png",
            "site.yaml",
            "static/x.css",
            "output/guide/install.html",
            ".quire-cache/builds/x",
            ".git/index",
        ]
        .iter()
        .map(|p| site.join(p))
        .collect();
        let c = classify(
            site,
            &ContentDir::site_folder(),
            &site.join("output"),
            &paths,
        );
        assert_eq!(c.pages, set(&["guide/install.md", "README.md"]));
        assert_eq!(c.assets, set(&["img/a.png", "static/x.css"]));
        assert!(c.config && !c.templates && !c.rescan);
        // A content/ folder made in it would hold the pages from then on.
        let made = classify(
            site,
            &ContentDir::site_folder(),
            &site.join("output"),
            &[site.join("content")],
        );
        assert!(made.config);
    }

    #[test]
    fn a_named_content_folder_is_the_pages() {
        let site = Path::new("/site");
        let docs = ContentDir::decide(site, Some(Path::new("docs")));
        let paths = [
            site.join("docs/a.md"),
            site.join("content/b.md"),
            site.join("docs"),
        ];
        let c = classify(site, &docs, &site.join("output"), &paths);
        assert_eq!(c.pages, set(&["docs/a.md"]));
        assert!(c.rescan && !c.config && c.assets.is_empty());
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::RenameMode;
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Read
        ))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_files(&EventKind::Create(CreateKind::File)));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(changes_files(&EventKind::Remove(RemoveKind::Folder)));
    }

    #[test]
    fn merging_keeps_every_kind() {
        let mut a = classify_rel(&["content/a.md"]);
        a.merge(classify_rel(&["content/b.md", "templates/base.html"]));
        assert_eq!(a.pages, set(&["content/a.md", "content/b.md"]));
        assert!(a.templates);
        assert!(!Changes::everything().is_empty());
    }
}
