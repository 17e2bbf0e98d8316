//! Issue 27: What quire writes: never through a link, never over a generated file, never outside output/.
