//! What one build keeps on disk for the next, under `.quire-cache/`:
//! - `markdown`: rendered Markdown by its text, a `MarkdownStore` the render stage asks;
//! - `fingerprint`: what a build read and what it left in the output folder, so that a build
//!   with nothing new is not run;
//! - `record`: what a good build knew, read back as the next build's `Prior`.
//!
//! This module knows the build's types; the build does not import it: the commands hand the
//! store to the builder and the prior to its `build`.

mod fingerprint;
mod markdown;
mod record;

pub(crate) use fingerprint::{Skipped, Snapshot};
pub(crate) use markdown::Cache;
