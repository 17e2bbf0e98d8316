//! quire's integration tests, as one binary (compiled once): each module is a
//! part of the user's story, run through the real `quire` binary on real files.

mod common;

mod any_folder;
mod build;
mod cache;
mod check;
mod code_blocks;
mod dialect;
mod equivalence;
mod fingerprint;
mod floor_plan;
mod folders;
mod golden;
mod highlighting;
mod icons;
mod links_md;
mod manual;
mod markdown_switches;
mod memory;
mod mkdocs_config;
mod mkdocs_include;
mod mkdocs_pages;
mod mkdocs_parity;
mod nav;
mod nav_browser;
mod page_furniture;
mod pelican;
mod pelican_dates;
mod pelican_formats;
mod pelican_habits;
mod pelican_settings;
mod pelican_theme;
mod publish;
mod reader_browser;
mod reader_serve;
mod real_docs;
mod safety;
mod search_browser;
mod serve;
mod serve_browser;
mod site_features;
mod terminal;
mod theme_browser;
mod writing;
mod writing_page;
