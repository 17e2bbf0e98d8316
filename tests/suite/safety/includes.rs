//! Issue 27: Includes and nesting: only the site's own files, bounded depth, count and size.
