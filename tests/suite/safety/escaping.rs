//! Issue 27: Script and markup from a page stay text: the TOC, maths, edit links, printed paths.
