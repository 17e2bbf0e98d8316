//! `--precompress`: `.gz` and `.br` copies of text files, for servers that
//! send them as they are (nginx `gzip_static`, Caddy `precompressed`).

use std::io::{self, Read, Write};

/// Files worth compressing: text of the kinds a site is made of.
pub(crate) fn is_text(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "html"
            | "htm"
            | "css"
            | "js"
            | "mjs"
            | "json"
            | "xml"
            | "txt"
            | "svg"
            | "map"
            | "md"
            | "csv"
    )
}

/// gzip with no file name and a zero mtime in its header, so the same input
/// always gives the same bytes.
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// `gzip`, streamed from `from` into `to`.
pub(crate) fn gzip_to(from: &mut impl Read, to: &mut impl Write) -> io::Result<()> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(to, flate2::Compression::best());
    io::copy(from, &mut encoder)?;
    encoder.finish().map(drop)
}

/// `brotli`, streamed from `from` into `to`.
pub(crate) fn brotli_to(from: &mut impl Read, to: &mut impl Write) -> io::Result<()> {
    let mut writer = brotli::CompressorWriter::new(to, 4096, 6, 22);
    io::copy(from, &mut writer)?;
    writer.flush()?;
    // Ends the stream (its errors surface when the caller flushes `to`).
    writer.into_inner().flush()
}

/// Brotli at quality 6. In the Rust brotli encoder, quality 9 allocates a 32 MB
/// hash table per file (zeroing those pages costs more than the rest of a build)
/// and 10 and 11 are slower still; quality 6's table is 2 MB, reused by the
/// allocator from file to file.
pub(crate) fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 6, 22);
        writer.write_all(bytes).expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_round_trip_and_are_deterministic() {
        let text = "<p>quire</p>\n".repeat(200);
        let gz = gzip(text.as_bytes());
        assert_eq!(gz, gzip(text.as_bytes()));
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "no mtime in the gzip header");
        assert_eq!(gz[3] & 0x08, 0, "no file name in the gzip header");
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = brotli(text.as_bytes());
        assert!(br.len() < text.len() / 10);
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn text_files_only() {
        assert!(is_text("a/b.html"));
        assert!(is_text("theme/quire.1234.CSS"));
        assert!(!is_text("img/x.png"));
        assert!(!is_text("CNAME"));
    }
}
