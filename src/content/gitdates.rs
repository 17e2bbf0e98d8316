//! When each page last changed, from git: one `git log` over the whole history for every
//! source at once (never one per file), parsed here and cached by HEAD.
//!
//! The `git` binary rather than a git library (gix): the sites quire builds are checked out by
//! git, so it is there; it reads every repository format, shallow and partial clones, worktrees
//! and `safe.directory` exactly as the writer's own git does; and one `log --name-status`
//! streams the whole history faster than walking and diffing trees in process, without
//! ~150 crates more to build.
//!
//! A source's date is the author date of the newest commit that changed its text, following
//! renames (a pure move keeps the date); a file git does not have committed as it is
//! (untracked, or changed since) uses its modification time, which is the one thing that can
//! make two builds of the same commit differ. A shallow clone has lost the history that would
//! say, so it gives no dates and one warning rather than wrong ones.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use crate::date::Date;
use crate::diagnostic::Diagnostic;

/// Where the dates are kept between builds, inside the site's cache folder.
const CACHE_FILE: &str = "git-dates";
const CACHE_FORMAT: &str = "quire-git-dates-1";

/// What git says of a site's sources.
#[derive(Debug, Clone, Default)]
pub struct GitDates {
    /// Seconds since 1970 of each committed source (relative to the site folder) as committed.
    committed: Arc<HashMap<PathBuf, i64>>,
    /// Sources git does not have as they are on disk (untracked, changed, or edited since the
    /// build began): their modification time.
    changed: HashMap<PathBuf, i64>,
    /// The history is cut short (a shallow clone): no dates at all.
    pub shallow: bool,
}

impl GitDates {
    /// The dates of `sources` (relative to `site_dir`), or `None` when the site is not in a git
    /// work tree (or git is not installed). `folders`: the content folder (relative to the site
    /// folder) and the output folder, which git is not asked about. `cache_dir`: where to keep
    /// them between builds.
    pub fn read(
        site_dir: &Path,
        folders: (&Path, &Path),
        sources: &[PathBuf],
        cache_dir: Option<&Path>,
    ) -> Option<GitDates> {
        if !may_be_in_work_tree(site_dir) {
            return None;
        }
        let head = git(
            site_dir,
            &["rev-parse", "--is-shallow-repository", "--show-prefix"],
        )?;
        let mut lines = head.split('\n');
        let shallow = lines.next()? == "true";
        let prefix = lines.next()?.to_string();
        // No commit yet: everything is uncommitted.
        let oid = git(site_dir, &["rev-parse", "-q", "--verify", "HEAD"])
            .map(|o| o.trim().to_string())
            .unwrap_or_default();
        if shallow {
            return Some(GitDates {
                shallow,
                ..GitDates::default()
            });
        }
        let key = cache_key(&oid, &prefix, sources);
        let pathspecs = pathspecs(site_dir, folders);
        let pathspecs: Vec<&str> = pathspecs.iter().map(String::as_str).collect();
        let committed = match cache_dir.and_then(|d| read_cache(d, &key)) {
            Some(dates) => dates,
            None if oid.is_empty() => HashMap::new(),
            None => {
                let log = git(
                    site_dir,
                    &[
                        "log",
                        "--no-ext-diff",
                        "--no-textconv",
                        "--format=%x01%at",
                        "-z",
                        "--name-status",
                        "-M",
                        "--",
                    ]
                    .iter()
                    .chain(&pathspecs)
                    .copied()
                    .collect::<Vec<_>>(),
                )?;
                let dates = from_log(&log, &prefix, sources);
                if let Some(dir) = cache_dir {
                    write_cache(dir, &key, &dates);
                }
                dates
            }
        };
        // The content folder alone: the output folder, often untracked, holds several files
        // per page.
        let status = run(without_filters(site_dir)
            .args([
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--ignore-submodules=all",
                "--",
            ])
            .args(&pathspecs))?;
        let dirty = from_status(&status, &prefix);
        let changed = (sources.iter())
            .filter(|s| dirty.contains(*s) || !committed.contains_key(*s))
            .filter_map(|s| Some((s.clone(), mtime(&site_dir.join(s))?)))
            .collect();
        Some(GitDates {
            committed: Arc::new(committed),
            changed,
            shallow,
        })
    }

    /// After an incremental build's edits: a source saved since is changed since its commit,
    /// and one that is new is not committed.
    /// `sources` is `None` when the file list is the one these dates were made for: then only
    /// the edited files can have changed (and a server's edit need not look at every path).
    pub fn after_edits(
        &self,
        site_dir: &Path,
        sources: Option<&[PathBuf]>,
        edited: &std::collections::BTreeSet<PathBuf>,
    ) -> GitDates {
        let mut dates = self.clone();
        if self.shallow {
            return dates;
        }
        let sources: Box<dyn Iterator<Item = &PathBuf>> = match sources {
            Some(all) => Box::new(all.iter()),
            None => Box::new(edited.iter()),
        };
        for source in sources {
            let known = self.changed.contains_key(source) || self.committed.contains_key(source);
            if edited.contains(source) || !known {
                match mtime(&site_dir.join(source)) {
                    Some(t) => dates.changed.insert(source.clone(), t),
                    None => dates.changed.remove(source),
                };
            }
        }
        dates
    }

    /// When `source` last changed, as `YYYY-MM-DD HH:MM:SS` (UTC), if git or the file says.
    pub fn date(&self, source: &Path) -> Option<String> {
        self.changed_at(source).map(|d| d.to_string())
    }

    /// When `source` last changed (UTC), if git or the file says.
    pub(crate) fn changed_at(&self, source: &Path) -> Option<Date> {
        let seconds = self
            .changed
            .get(source)
            .or_else(|| self.committed.get(source))?;
        Some(Date::from_unix(*seconds))
    }

    /// The one warning of a shallow clone.
    pub fn warning(&self) -> Option<Diagnostic> {
        self.shallow.then(|| {
            Diagnostic::warning(
                "git-dates",
                ".git",
                "this is a shallow clone, so git cannot say when pages last changed: no page shows a \"Last updated\" date (`modified:` still does)",
            )
            .hint("fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout in GitHub Actions")
        })
    }
}

/// What the dates depend on besides the files themselves: the commit checked out and whether
/// the history is whole. A build's fingerprint (cache/fingerprint.rs) includes it, so that a commit
/// that changes no file (`git commit --amend --date`, a file committed as it was) still
/// brings new dates. `None` outside a git work tree.
pub(crate) fn state(site_dir: &Path) -> Option<String> {
    if !may_be_in_work_tree(site_dir) {
        return None;
    }
    // One git run in the common case; a repository with no commit yet fails on HEAD.
    git(site_dir, &["rev-parse", "--is-shallow-repository", "HEAD"])
        .or_else(|| git(site_dir, &["rev-parse", "--is-shallow-repository"]))
}

/// What git is asked about: the content folder, less the output and cache folders when the
/// pages are the site folder's own (an output folder holds several files per page).
fn pathspecs(site_dir: &Path, (content, output_dir): (&Path, &Path)) -> Vec<String> {
    if !content.as_os_str().is_empty() {
        return vec![format!(":(literal){}", content.display())];
    }
    let mut specs = vec![".".to_string()];
    let output = output_dir.strip_prefix(site_dir).ok();
    for skipped in output
        .into_iter()
        .chain([Path::new(crate::layout::CACHE_DIR)])
    {
        if !skipped.as_os_str().is_empty() {
            specs.push(format!(":(exclude,literal){}", skipped.display()));
        }
    }
    specs
}

/// Whether git could find a repository for `dir`: a `.git` (folder, or file of a linked work
/// tree) in it or a folder above, or `GIT_DIR` set. Outside one, git is not started at all: a
/// build of a project copied out of its repository (a CI artifact, a tarball) paid four
/// processes (7 % of a 23-page site's CPU time) to learn there are no dates.
fn may_be_in_work_tree(dir: &Path) -> bool {
    std::env::var_os("GIT_DIR").is_some()
        || (std::path::absolute(dir).ok()).is_some_and(|d| {
            d.ancestors()
                .any(|a| a.join(".git").symlink_metadata().is_ok())
        })
}

/// Runs git in `dir`; `None` if it cannot run or fails (no work tree, no git).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    run(unexecutable_git(dir).args(args))
}

fn run(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()
}

/// git in `dir`, configured so that nothing a repository says can make it run a program: a
/// site from someone else ships its own `.git` (config, hooks, attributes, index), and
/// reading dates must not execute any of it. The system and global files are left out too,
/// so that what runs does not depend on the machine (their `safe.directory`, which decides
/// whether git will read a repository at all, is carried over).
///
/// What could run a program for the commands quire gives (`rev-parse`, `config`,
/// `log --name-status`, `status`), and what stops it:
/// - `core.fsmonitor` (a hook `status` runs): `core.fsmonitor=false`;
/// - hooks (`post-index-change` when `status` refreshes the index): `core.hooksPath=/dev/null`,
///   and `GIT_OPTIONAL_LOCKS=0` so that `status` does not write the index at all;
/// - `filter.<driver>.clean`/`process` (run by `status` on files whose stat changed, for any
///   driver `.gitattributes` names): every driver the configuration defines is emptied, see
///   [`without_filters`];
/// - `diff.external`, `diff.<driver>.textconv`/`command`: `--no-ext-diff --no-textconv`
///   (`--name-status` makes no diff of text anyway);
/// - `log.showSignature` (runs `gpg.program`): `log.showSignature=false`;
/// - lazy fetches of a partial clone's missing objects (which would run `core.sshCommand`,
///   a remote helper, `credential.helper`...): `GIT_NO_LAZY_FETCH=1`, and no transport
///   allowed at all (`GIT_ALLOW_PROTOCOL` empty overrides every `protocol.*.allow`);
/// - a pager (`core.pager`): `--no-pager`, and output is a pipe;
/// - submodules (their own configuration): `status --ignore-submodules=all`.
fn unexecutable_git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_ALLOW_PROTOCOL", "")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_PAGER")
        .arg("--no-pager");
    for (key, value) in [
        ("core.quotePath", "false"),
        ("core.fsmonitor", "false"),
        ("core.hooksPath", "/dev/null"),
        ("log.showSignature", "false"),
        ("protocol.allow", "never"),
    ] {
        cmd.arg("-c").arg(format!("{key}={value}"));
    }
    for dir in trusted_directories() {
        cmd.arg("-c").arg(format!("safe.directory={dir}"));
    }
    cmd
}

/// The `safe.directory` entries of the user's own (system and global) configuration, which
/// `unexecutable_git` leaves out; read once, never from a repository's.
fn trusted_directories() -> &'static [String] {
    static DIRS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    DIRS.get_or_init(|| {
        let listed = run(Command::new("git")
            .current_dir("/")
            .env("GIT_CEILING_DIRECTORIES", "/")
            .args(["config", "--show-scope", "--get-all", "safe.directory"]))
        .unwrap_or_default();
        (listed.lines())
            .filter_map(|l| l.split_once('\t'))
            .filter(|(scope, _)| matches!(*scope, "system" | "global"))
            .map(|(_, dir)| dir.to_string())
            .collect()
    })
}

/// `git` for `dir` with every filter driver its configuration defines emptied: an empty
/// `clean`/`smudge`/`process` is no filter, and `required=false` keeps git from failing for
/// want of one. A driver's name is free text, so the names are read first (reading the
/// configuration runs nothing).
fn without_filters(dir: &Path) -> Command {
    let names = git(
        dir,
        &[
            "config",
            "--null",
            "--name-only",
            "--get-regexp",
            r"^filter\.",
        ],
    )
    // No filter configured: `config --get-regexp` fails when nothing matches.
    .unwrap_or_default();
    let mut drivers: Vec<&str> = (names.split('\0'))
        .filter_map(|key| key.strip_prefix("filter."))
        .filter_map(|rest| rest.rsplit_once('.').map(|(driver, _)| driver))
        .collect();
    drivers.sort_unstable();
    drivers.dedup();
    let mut cmd = unexecutable_git(dir);
    for driver in drivers {
        for (key, value) in [
            ("clean", ""),
            ("smudge", ""),
            ("process", ""),
            ("required", "false"),
        ] {
            cmd.arg("-c").arg(format!("filter.{driver}.{key}={value}"));
        }
    }
    cmd
}

/// Each source's newest commit that changed it, from one `git log --format=%x01%at -z
/// --name-status -M` (newest first; paths relative to the repository's top, `prefix` being the
/// site folder's place there).
fn from_log(log: &str, prefix: &str, sources: &[PathBuf]) -> HashMap<PathBuf, i64> {
    // The path each source had at the point of history being read, back through renames.
    let mut alias: HashMap<String, usize> = (sources.iter().enumerate())
        .map(|(i, s)| (format!("{prefix}{}", slashed(s)), i))
        .collect();
    let mut dates: Vec<Option<i64>> = vec![None; sources.len()];
    let mut left = sources.len();
    for commit in log.split('\x01').skip(1) {
        if left == 0 {
            break;
        }
        let mut fields = commit.split('\0');
        let Some(time) = fields.next().and_then(|t| t.trim().parse::<i64>().ok()) else {
            continue;
        };
        let mut date = |i: usize| {
            if dates[i].is_none() {
                dates[i] = Some(time);
                left -= 1;
            }
        };
        while let Some(status) = fields.next() {
            let status = status.trim_start_matches('\n');
            let Some(kind) = status.chars().next() else {
                continue;
            };
            let Some(path) = fields.next() else { break };
            if kind == 'R' || kind == 'C' {
                let Some(new) = fields.next() else { break };
                if kind == 'R' {
                    if let Some(i) = alias.remove(new) {
                        // A move with its text unchanged keeps the date the text had.
                        if status != "R100" {
                            date(i);
                        }
                        alias.insert(path.to_string(), i);
                    }
                } else if let Some(&i) = alias.get(new) {
                    date(i);
                }
                continue;
            }
            if let Some(&i) = alias.get(path) {
                if kind != 'D' {
                    date(i);
                }
            }
        }
    }
    (sources.iter().zip(dates))
        .filter_map(|(s, d)| Some((s.clone(), d?)))
        .collect()
}

/// The sources `git status --porcelain=v1 -z` names (changed, staged or untracked), relative
/// to the site folder.
fn from_status(status: &str, prefix: &str) -> HashSet<PathBuf> {
    let mut dirty = HashSet::new();
    let mut fields = status.split('\0');
    while let Some(entry) = fields.next() {
        if entry.len() < 4 {
            continue;
        }
        let (xy, path) = entry.split_at(3);
        if let Some(rel) = path.strip_prefix(prefix) {
            dirty.insert(PathBuf::from(rel));
        }
        // A rename or copy names its origin next.
        if xy.starts_with(['R', 'C']) {
            fields.next();
        }
    }
    dirty
}

fn slashed(p: &Path) -> String {
    (p.components())
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn mtime(path: &Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let seconds = modified.duration_since(UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(seconds).ok()
}

/// What the cached dates depend on: the commit, the site's place in the repository and which
/// sources there are.
fn cache_key(oid: &str, prefix: &str, sources: &[PathBuf]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for s in sources {
        h.update(slashed(s).as_bytes());
        h.update(b"\0");
    }
    format!("{CACHE_FORMAT} {oid} {:016x} {prefix}", h.digest())
}

fn read_cache(dir: &Path, key: &str) -> Option<HashMap<PathBuf, i64>> {
    let path = dir.join(CACHE_FILE);
    // Only a plain file of quire's: never through a link.
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    lines
        .map(|l| {
            let (t, s) = l.split_once('\t')?;
            Some((PathBuf::from(s), t.parse().ok()?))
        })
        .collect()
}

fn write_cache(dir: &Path, key: &str, dates: &HashMap<PathBuf, i64>) {
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let mut lines: Vec<String> = (dates.iter())
        .map(|(s, t)| format!("{t}\t{}", slashed(s)))
        .collect();
    lines.sort();
    let text = format!("{key}\n{}\n", lines.join("\n"));
    let temp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
    if std::fs::write(&temp, text).is_ok() && std::fs::rename(&temp, dir.join(CACHE_FILE)).is_err()
    {
        let _ = std::fs::remove_file(&temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_gives_each_source_its_newest_change_through_renames() {
        let log = "\x011796171918\0\nM\0docs/content/b.md\0\x011796000000\0\nR100\0docs/content/a.md\0docs/content/c.md\0\
\x011795000000\0\nR090\0docs/content/old.md\0docs/content/a.md\0\x011767225600\0\nA\0docs/content/old.md\0A\0docs/content/b.md\0";
        let sources = vec![
            PathBuf::from("content/b.md"),
            PathBuf::from("content/c.md"),
            PathBuf::from("content/new.md"),
        ];
        let dates = from_log(log, "docs/", &sources);
        assert_eq!(dates[Path::new("content/b.md")], 1_796_171_918);
        // c.md was a.md (moved as it was), which was old.md changed as it moved.
        assert_eq!(dates[Path::new("content/c.md")], 1_795_000_000);
        assert!(!dates.contains_key(Path::new("content/new.md")));
    }

    #[test]
    fn status_names_changed_and_untracked_sources() {
        let status = " M docs/content/a.md\0?? docs/content/n.md\0R  docs/content/x.md\0docs/content/w.md\0 M other.txt\0";
        let dirty = from_status(status, "docs/");
        let mut names: Vec<_> = dirty.iter().map(|p| p.display().to_string()).collect();
        names.sort();
        assert_eq!(names, vec!["content/a.md", "content/n.md", "content/x.md"]);
    }
}
