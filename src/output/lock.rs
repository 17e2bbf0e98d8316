//! One build at a time in a folder: an exclusive hold that a second quire waits for, and that
//! ends with the process however it ends.

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a second quire waits for the first to finish before giving up.
pub(super) const LOCK_WAIT: Duration = Duration::from_secs(3);

/// The folders this process holds locked. A lock (flock) belongs to an open file, so a second
/// open by the same process would wait for itself: a server's rebuilds run inside its own hold.
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// An exclusive hold on a folder (a `flock` on the folder itself, so no lock file is left in
/// it), released when dropped or when the process ends, however it ends.
pub(crate) struct Lock {
    dir: PathBuf,
    _file: File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        HELD.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|d| d != &self.dir);
    }
}

/// Locks the folder `dir`, waiting up to `wait` for another process to let go. `None` when this
/// very process holds it already.
pub(crate) fn lock_dir(dir: &Path, wait: Duration, what: &str) -> io::Result<Option<Lock>> {
    let dir = dir.canonicalize()?;
    let deadline = Instant::now() + wait;
    let file = File::open(&dir)?;
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    if held.contains(&dir) {
        return Ok(None);
    }
    loop {
        match file.try_lock() {
            Ok(()) => {
                held.push(dir.clone());
                return Ok(Some(Lock { dir, _file: file }));
            }
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => {
                let ino = file.metadata().map(|m| m.ino()).unwrap_or(0);
                let who = holder_pid(ino).map_or_else(
                    || "another quire process".to_string(),
                    |pid| format!("another quire process (pid {pid})"),
                );
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "{who} is writing to {what}; wait for it to finish (or stop that \
                         `quire build`/`quire serve`) and run this again"
                    ),
                ));
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// The process holding a flock on the file with inode `ino`, as Linux lists it in /proc/locks
/// (`1: FLOCK ADVISORY WRITE 1234 08:01:5678 0 EOF`); elsewhere unknown.
fn holder_pid(ino: u64) -> Option<u32> {
    let locks = fs::read_to_string("/proc/locks").ok()?;
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = fields.iter().position(|f| *f == "FLOCK")?;
        let pid = fields.get(at + 3)?.parse().ok()?;
        let file = fields.get(at + 4)?;
        (file.rsplit(':').next()? == ino.to_string()).then_some(pid)
    })
}

/// Holds the output folder for as long as it lives (`quire serve` keeps it for its whole run,
/// so that a `quire build` beside it waits or stops instead of mixing two builds).
pub(crate) fn lock_output(dir: &Path) -> anyhow::Result<Option<Lock>> {
    fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot create the output folder: {e}", dir.display()))?;
    lock_dir(dir, LOCK_WAIT, &format!("{}", dir.display()))
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
}
