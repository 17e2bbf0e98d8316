//! Issue 27: git, external checks and hidden pages: nothing runs, nothing private is fetched or listed.
