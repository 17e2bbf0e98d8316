//! Issue 27: The preview and the search data: no cross-origin reads, bounded memory for any file.
