//! A `quire build` after a small change renders what the change reaches, not the whole site:
//! it picks up from what the last `quire build` left in `.quire-cache/builds/`, as `quire
//! serve` picks up from what its last build left in memory.
//!
//! Beside the fingerprint record (fingerprint.rs), a good build keeps a second file: what
//! rendering learnt of every page (its facts: headings, links, search text), a digest of each
//! page as the site model holds it, the hashes of the views pages share (render/hashes.rs),
//! and the facts of the files it copied or included. The next build loads the whole site as
//! a clean build does, then renders only the pages whose digest changed and those whose
//! shared views did; it takes the other pages' facts from the file and makes the search index,
//! feed and sitemap and runs every check from all of them, as a clean build does. The output
//! folder keeps what is not written again.
//!
//! The file is used only when everything it cannot see is as it was: quire and its options,
//! site.yaml and every template (by their file facts, as the fingerprint knows them), and the
//! output folder exactly as that build committed it. Otherwise the build is a clean one. It
//! ends in a checksum, so a torn or foreign file is never trusted.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::build::{outputs_digest, page_digest, Folder, Prior, PriorPages, Saved};
use crate::content::Page;
use crate::date::Date;
use crate::markdown::Rendered;
use crate::render::ContextHashes;
use crate::search::Shares;

/// Bump when what the file means changes.
const MAGIC: &[u8] = b"quire-resume-5\n";
/// No file of a 100,000-page site comes near this.
const MAX_FILE: u64 = 4 << 30;

pub(crate) use crate::files::Facts;

/// How a file is known: by its facts, or by its content's hash when it changed too recently
/// for its facts to tell (as the fingerprint knows it); `Untrusted` never matches.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Known {
    Facts(Facts),
    Content(u128),
    Untrusted,
}

/// What a good build leaves for the next one to pick up from.
/// `P` is the pages: a list when read, made one by one when written (`PagesOut`).
#[derive(Serialize, Deserialize)]
struct Record<'a, P> {
    /// Quire itself and the options that change the output (fingerprint's, without git).
    setup: u128,
    /// site.yaml and every file under templates/, by their facts.
    theme: BTreeMap<String, Known>,
    /// The output folder once committed (fingerprint's `outputs_hash`).
    output_folder: u128,
    /// The outputs the site claimed (`outputs_digest`): a page or file that came, went or
    /// moved changes it, and with it what intrasite links resolve to.
    claimed: u64,
    hashes: ContextHashes,
    /// The files copied as they are, by path relative to the site folder.
    statics: BTreeMap<String, Known>,
    pages: P,
    /// The search index's shares, by the page numbers of `pages`' order.
    search: Option<Cow<'a, Shares>>,
}

#[derive(Serialize, Deserialize)]
struct PageRecord<'a> {
    source: Cow<'a, Path>,
    digest: u64,
    /// The files it included, by their facts then.
    includes: Vec<(String, Known)>,
    facts: Cow<'a, Rendered>,
}

/// What the fingerprint knows of the site's files, for saving and checking a record.
pub(crate) struct Inputs<'a> {
    pub setup: u128,
    /// Every file it looked at, by key (`f:` + path relative to the site folder; `d:` for the
    /// folders, `i:` for included files).
    pub files: Vec<(&'a str, Known)>,
}

impl Inputs<'_> {
    fn theme(&self) -> BTreeMap<String, Known> {
        (self.files.iter())
            .filter(|(k, _)| is_theme(k))
            .map(|(k, f)| (k.to_string(), *f))
            .collect()
    }
}

/// site.yaml (or a mkdocs.yml, `s:`) and templates/: a change there may change every page.
fn is_theme(key: &str) -> bool {
    key == "d:templates"
        || key.starts_with("s:")
        || key.starts_with("f:templates/")
        || key.strip_prefix("f:") == Some(crate::config::CONFIG_FILE)
}

/// What the build the record at `path` knew, when the site's setup, settings and templates
/// are as it says (the build checks the output folder once it holds the folder's lock).
pub(crate) fn load(path: &Path, inputs: &Inputs) -> Option<Prior> {
    let bytes = crate::files::read_bounded(path, MAX_FILE)?;
    let body = bytes.strip_prefix(MAGIC)?;
    let (payload, sum) = body.split_at_checked(body.len().checked_sub(8)?)?;
    if xxh3_64(payload).to_le_bytes() != sum {
        return None;
    }
    // postcard reads from the slice it is given, so no length in a foreign file can make
    // it allocate more than the file holds.
    let record: Record<Vec<PageRecord>> = postcard::from_bytes(payload).ok()?;
    let theme = inputs.theme();
    // Without the search index's shares the other pages' search files could not be kept.
    if record.setup != inputs.setup || record.theme != theme || record.search.is_none() {
        return None;
    }
    let now: HashMap<&str, Known> = inputs.files.iter().copied().collect();
    let statics = (now.iter())
        .filter_map(|(k, f)| Some((k.strip_prefix("f:")?, f)))
        .filter(|(k, f)| record.statics.get(*k) != Some(f))
        .map(|(k, _)| PathBuf::from(k))
        .collect();
    // Every included file is one of the fingerprint's inputs.
    let unchanged = |(file, then): &(String, Known)| {
        *then != Known::Untrusted && now.get(format!("i:{file}").as_str()) == Some(then)
    };
    let pages = (record.pages.into_iter())
        .map(|p| {
            let kept = (p.includes.iter().all(unchanged))
                .then(|| (p.digest, Arc::new(p.facts.into_owned())));
            (p.source.into_owned(), kept)
        })
        .collect();
    Some(Prior {
        pages: PriorPages::Record(pages),
        hashes: Some(record.hashes),
        claimed: Some(record.claimed),
        statics: Some(statics),
        folder: Folder::Hash(record.output_folder),
        search: record.search.map(Cow::into_owned),
        ..Prior::default()
    })
}

/// The pages of a record being written, each made as it is written: made all at once they
/// came on top of a build's peak (a facts-sized slot and a copy of the source path for every
/// page).
struct PagesOut<'a> {
    pages: &'a [(&'a Page, Option<&'a Date>, &'a Rendered)],
    digests: Vec<u64>,
    now: &'a HashMap<&'a str, Known>,
}

impl Serialize for PagesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.pages.iter().zip(&self.digests)).map(
            |((page, _, facts), &digest)| {
                PageRecord {
                    source: Cow::Borrowed(&page.source),
                    digest,
                    includes: (facts.includes.iter())
                        .map(|i| {
                            // Every include is one of the fingerprint's inputs by now.
                            let known = self.now.get(format!("i:{i}").as_str()).copied();
                            (i.clone(), known.unwrap_or(Known::Untrusted))
                        })
                        .collect(),
                    facts: Cow::Borrowed(*facts),
                }
            },
        ))
    }
}

/// Writes the record (under another name, then renamed over it); a failure only costs the
/// next build its head start.
pub(crate) fn save(path: &Path, inputs: &Inputs, output_folder: u128, saved: &Saved) {
    let now: HashMap<&str, Known> = inputs.files.iter().copied().collect();
    let record = Record {
        setup: inputs.setup,
        theme: inputs.theme(),
        output_folder,
        claimed: outputs_digest(saved.outputs),
        hashes: saved.hashes.clone(),
        statics: (saved.statics.iter())
            .filter_map(|s| {
                let key = s.to_str()?;
                Some((key.to_string(), *now.get(format!("f:{key}").as_str())?))
            })
            .collect(),
        pages: PagesOut {
            pages: &saved.pages,
            digests: (saved.pages.par_iter())
                .map(|(page, updated, _)| page_digest(page, *updated))
                .collect(),
            now: &now,
        },
        search: saved.search.map(Cow::Borrowed),
    };
    let temp = path.with_extension(format!("{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let file = fs::File::create(&temp)?;
        let mut out = Hashing {
            inner: BufWriter::with_capacity(1 << 20, file),
            hash: Xxh3::new(),
        };
        out.inner.write_all(MAGIC)?;
        postcard::to_io(&record, &mut out).map_err(std::io::Error::other)?;
        let sum = out.hash.digest().to_le_bytes();
        out.inner.write_all(&sum)?;
        out.inner.flush()
    })();
    if written.is_err() || fs::rename(&temp, path).is_err() {
        let _ = fs::remove_file(&temp);
        let _ = fs::remove_file(path);
    }
}

struct Hashing<W> {
    inner: W,
    hash: Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
