//! Reading the site's own files: only regular files, never by waiting on a named pipe or a
//! device. A FIFO as site.yaml or as a page would block `read` until something writes to it,
//! which is forever: the build hangs and serve's rebuilds stop for good.

use std::fs;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Whether a link as the last part of the path is followed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Links {
    Follow,
    /// A link is refused with an error saying so (`O_NOFOLLOW`).
    Refuse,
}

/// Opens a file for reading if it is a regular file; anything else is an error that says
/// what it is. The type is that of the file opened (its `fstat`), not of the path looked at
/// before, so a file swapped for a FIFO in between is still refused; the open itself does
/// not wait for a FIFO's writer (`O_NONBLOCK`, which regular files ignore).
pub(crate) fn open_regular(path: &Path, links: Links) -> io::Result<File> {
    open_regular_sized(path, links).map(|(file, _)| file)
}

/// `open_regular`, with the file's length from the same `fstat`.
fn open_regular_sized(path: &Path, links: Links) -> io::Result<(File, u64)> {
    let mut flags = libc::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) if links == Links::Refuse => io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link, which quire does not follow here",
            ),
            _ => e,
        })?;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok((file, meta.len()));
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind_name(kind)),
    ))
}

/// The whole of a regular file (see `open_regular`).
pub(crate) fn read_regular(path: &Path, links: Links) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular_sized(path, links)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).map_or(0, |n| n + 1));
    // Through `Take`'s plain reading: `File`'s own `read_to_end` asks the system for the size
    // and the position again (an fstat and an lseek), and a page is read up to three times.
    (&file).take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The whole of a regular file as text (see `open_regular`).
pub(crate) fn read_regular_to_string(path: &Path, links: Links) -> io::Result<String> {
    String::from_utf8(read_regular(path, links)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))
}

/// What a file that is not a regular one is, in words for a message.
pub(crate) fn kind_name(kind: std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

/// Whether a directory entry is something quire refuses to read: not a file, folder or link.
pub(crate) fn is_special(kind: std::fs::FileType) -> bool {
    !(kind.is_file() || kind.is_dir() || kind.is_symlink())
}

/// What a file is, as far as one can tell without reading it: its size, inode, mode, mtime and
/// ctime (its `lstat`); `None` when it is missing. A write changes the ctime, which no tool can
/// set back, so an edited file never looks as it was.
pub(crate) type Facts = Option<[i64; 7]>;

pub(crate) fn facts(path: &Path) -> Facts {
    let m = fs::symlink_metadata(path).ok()?;
    Some([
        m.len() as i64,
        m.ino() as i64,
        m.mode() as i64,
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec(),
    ])
}

/// A file's bytes, if it is a regular file of at most `max` bytes, never reached through a link
/// (what one build kept on disk for the next).
pub(crate) fn read_bounded(path: &Path, max: u64) -> Option<Vec<u8>> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_and_a_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read_regular(&fifo, Links::Follow).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
        let e = read_regular(Path::new("/dev/null"), Links::Follow).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "text").unwrap();
        assert_eq!(
            read_regular_to_string(&file, Links::Refuse).unwrap(),
            "text"
        );
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read_regular(&link, Links::Follow).unwrap(), b"text");
        let e = read_regular(&link, Links::Refuse).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
    }
}
