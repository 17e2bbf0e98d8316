//! The digests (xxh3-64) of the bytes of files: what the manifest records, so that quire
//! removes only files that still hold what it wrote; and the folder as one number, by what the
//! manifest lists: a build's record is trusted only while the folder is as it was committed.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

/// A file being staged, and the digest of what has been written to it so far.
pub(super) struct Hashing {
    file: File,
    hash: Xxh3,
}

impl Hashing {
    pub(super) fn new(file: File) -> Hashing {
        Hashing {
            file,
            hash: Xxh3::new(),
        }
    }

    /// The digest of every byte written so far.
    pub(super) fn digest(&self) -> u64 {
        self.hash.digest()
    }
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Whether the file `old` (never through a link) holds exactly the bytes of `new`, compared a
/// block at a time: the digest of those bytes when it does. `Err` only when `new` cannot be
/// read.
pub(super) fn same_bytes(new: &Path, old: &Path) -> io::Result<Option<u64>> {
    let new_len = fs::metadata(new)?.len();
    if !fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == new_len) {
        return Ok(None);
    }
    let Ok(mut old) = File::open(old) else {
        return Ok(None);
    };
    let mut new = File::open(new)?;
    let (mut a, mut b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    let mut hash = Xxh3::new();
    loop {
        let n = new.read(&mut a)?;
        if n == 0 {
            let ended = old.read(&mut b[..1]).is_ok_and(|m| m == 0);
            return Ok(ended.then(|| hash.digest()));
        }
        if old.read_exact(&mut b[..n]).is_err() || a[..n] != b[..n] {
            return Ok(None);
        }
        hash.update(&a[..n]);
    }
}

/// The digest of a regular file's bytes, read through an open that follows no link.
pub(super) fn digest_of(path: &Path) -> io::Result<u64> {
    let mut file = crate::files::open_regular(path, crate::files::Links::Refuse)?;
    let mut hash = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hash.digest()),
            Ok(n) => hash.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// What the output folder holds: its manifest and every file the manifest lists, by their facts.
pub(crate) fn folder_hash(output_dir: &Path) -> Option<u128> {
    let files = super::settled_files(output_dir)?;
    let mut h = Xxh3::new();
    for f in [crate::layout::MANIFEST]
        .into_iter()
        .chain(files.iter().map(String::as_str))
    {
        h.update(f.as_bytes());
        h.update(b"\0");
        let facts = crate::files::facts(&output_dir.join(f))?;
        facts.iter().for_each(|x| h.update(&x.to_le_bytes()));
    }
    Some(h.digest128())
}
