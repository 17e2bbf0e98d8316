//! The output folder as one number: what a build's record says the folder held once it was
//! committed, so the next build trusts the record only while the folder is as it was.

use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::files::facts;

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
        let facts = facts(&output_dir.join(f))?;
        facts.iter().for_each(|x| h.update(&x.to_le_bytes()));
    }
    Some(h.digest128())
}
