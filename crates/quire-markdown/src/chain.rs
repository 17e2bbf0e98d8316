//! The source side of the Markdown stage: the page's text goes through a list of rewrites
//! before pulldown-cmark reads it, and one map leads every offset of the last text back to
//! the file as written.
//!
//! The stages, in order (`STAGES`):
//! - `Include`: `--8<--` lines replaced by the files they name (include.rs);
//! - `Autodoc`: MkDocs' API-reference blocks and cross-references, shown for what they are
//!   (autodoc.rs);
//! - `Compat`: Python-Markdown's habits, as CommonMark reads them (compat.rs);
//! - `Blocks`: callouts and tabs, as HTML wrappers around their de-indented bodies (blocks.rs);
//! - `Links`: intrasite and relative links replaced by their URLs, outside code (intrasite.rs).
//!   It comes last so that where code is, it reads in the very text the render parses.
//!
//! Each stage gives back its text and a `LineMap` to the text it was given; the chain composes
//! the maps as it goes, so that a problem any stage finds, and every offset the render records,
//! is placed in the file through one map.

use std::borrow::Cow;

use super::line_map::LineMap;
use super::{autodoc, blocks, compat, events, include, intrasite};
use super::{Env, MarkdownOptions, Rendered, Warning};

/// A rewrite of the page's text, in the order the chain makes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Include,
    Autodoc,
    Compat,
    Blocks,
    Links,
}

/// The stages, in order: adding a rewrite is adding it here and in `Stage::rewrite`.
const STAGES: [Stage; 5] = [
    Stage::Include,
    Stage::Autodoc,
    Stage::Compat,
    Stage::Blocks,
    Stage::Links,
];

/// What one stage made of the text it was given.
struct Rewrite {
    text: String,
    /// From `text` to the text the stage was given.
    map: LineMap,
    /// At offsets in the text the stage was given.
    warnings: Vec<Warning>,
    /// The files read to make it (includes).
    files: Vec<String>,
}

impl Rewrite {
    fn new(text: String, map: LineMap) -> Self {
        Rewrite {
            text,
            map,
            warnings: Vec::new(),
            files: Vec::new(),
        }
    }
}

/// A stage that cannot make the page: its problems, at offsets in the file as written.
#[derive(Debug)]
pub struct Stopped {
    pub stage: Stage,
    pub problems: Vec<Warning>,
}

impl Stage {
    /// What this stage makes of `text`: `Ok(None)` when it changes nothing, `Err` with its
    /// problems (at offsets in `text`) when the page cannot be made.
    fn rewrite(self, text: &str, env: &Env) -> Result<Option<Rewrite>, Vec<Warning>> {
        Ok(match self {
            Stage::Include => {
                let Some(snippets) = env.snippets else {
                    return Ok(None);
                };
                let problems = |errors: Vec<include::IncludeError>| {
                    (errors.into_iter())
                        .map(|e| warning(e.offset, e.message, e.hint))
                        .collect::<Vec<_>>()
                };
                include::expand(text, snippets)
                    .map_err(problems)?
                    .map(|i| Rewrite {
                        files: i.files,
                        // Files left out (`check_paths: false`), at their `--8<--` line.
                        warnings: problems(i.warnings),
                        ..Rewrite::new(i.text, i.map)
                    })
            }
            Stage::Autodoc => autodoc::rewrite(text).map(|a| Rewrite::new(a.text, a.map)),
            Stage::Compat => compat::adapt(text).map(|a| Rewrite::new(a.text, a.map)),
            Stage::Blocks => {
                blocks::prepare(text, blocks::Kinds::of(env.options.extensions)).map(|p| Rewrite {
                    warnings: p.warnings,
                    ..Rewrite::new(p.text, p.map)
                })
            }
            Stage::Links => {
                let Some(links) = env.links else {
                    return Ok(None);
                };
                let problems = |errors: Vec<intrasite::Unresolved>| {
                    (errors.into_iter())
                        .map(|e| warning(e.offset, e.message, e.hint))
                        .collect::<Vec<_>>()
                };
                intrasite::rewrite_with(text, links)
                    .map_err(problems)?
                    .map(|r| Rewrite::new(r.text, r.map))
            }
        })
    }
}

fn warning(offset: usize, message: String, hint: String) -> Warning {
    Warning {
        offset,
        message,
        hint,
    }
}

/// A page's text as pulldown-cmark is to read it, and the way back to the file as written.
pub(crate) struct Source<'t> {
    text: Cow<'t, str>,
    /// From `text` to the file as written; `None` when no stage changed anything.
    map: Option<LineMap>,
    /// What the stages found, at offsets in the file as written.
    warnings: Vec<Warning>,
    /// The blocks stage rewrote the text: the render's warnings and its are put in order.
    sort_warnings: bool,
    /// The files the page includes, relative to the site folder.
    includes: Vec<String>,
}

impl<'t> Source<'t> {
    /// Runs every stage over a page's body.
    pub(crate) fn prepare(body: &'t str, env: &Env) -> Result<Self, Stopped> {
        let mut source = Source {
            text: Cow::Borrowed(body),
            map: None,
            warnings: Vec::new(),
            sort_warnings: false,
            includes: Vec::new(),
        };
        for stage in STAGES {
            match stage.rewrite(&source.text, env) {
                Ok(Some(rewrite)) => source.apply(stage, rewrite),
                Ok(None) => {}
                Err(mut problems) => {
                    for p in &mut problems {
                        p.offset = source.place(p.offset);
                    }
                    return Err(Stopped { stage, problems });
                }
            }
        }
        Ok(source)
    }

    fn apply(&mut self, stage: Stage, rewrite: Rewrite) {
        for mut w in rewrite.warnings {
            w.offset = self.place(w.offset);
            self.warnings.push(w);
        }
        self.sort_warnings |= stage == Stage::Blocks;
        self.includes.extend(rewrite.files);
        self.map = Some(match self.map.take() {
            None => rewrite.map,
            Some(earlier) => rewrite.map.after(&earlier),
        });
        self.text = Cow::Owned(rewrite.text);
    }

    /// Where an offset of the current text is in the file as written.
    fn place(&self, offset: usize) -> usize {
        self.map.as_ref().map_or(offset, |m| m.map(offset))
    }

    /// The text pulldown-cmark reads: what the render depends on (with the highlighter).
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The files the page includes, relative to the site folder, in order.
    pub(crate) fn into_includes(self) -> Vec<String> {
        self.includes
    }

    /// Renders the text, its offsets placed in the file as written.
    pub(crate) fn render(&self, opts: &MarkdownOptions) -> Rendered {
        let mut out = events::render_events(&self.text, opts);
        if let Some(map) = &self.map {
            remap(&mut out, map);
        }
        out.warnings.extend(self.warnings.iter().cloned());
        if self.sort_warnings {
            out.warnings.sort_by_key(|w| w.offset);
        }
        out
    }
}

/// Moves the offsets of what was rendered from the text read to the file as written.
fn remap(out: &mut Rendered, map: &LineMap) {
    for o in &mut out.heading_offsets {
        *o = map.map(*o);
    }
    out.links.map_offsets(|o| map.map(o));
    for w in &mut out.warnings {
        w.offset = map.map(w.offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_places_its_offsets_in_the_file_as_written() {
        let body = "###Title\n\n!!! note\n    See [a](/a.html).\n\nText <b>x</b>\n";
        let h = super::super::Highlighter::new();
        let extensions = crate::Extensions::default();
        let options = MarkdownOptions {
            highlighter: &h,
            extensions: &extensions,
        };
        let source = Source::prepare(body, &Env::alone(&options)).expect("no stage fails");
        let r = source.render(&options);
        assert_eq!(r.heading_offsets, vec![0]);
        let link = r.links.iter().next().expect("one link");
        assert_eq!(link.offset, body.find("[a]").unwrap());
    }

    /// `b.md` names no page; `c.md` leads to `/c.html`.
    struct Site;

    impl intrasite::LinkResolver for Site {
        fn resolve(&self, link: &intrasite::Found, _: &mut String) -> intrasite::Resolved<()> {
            match link.value {
                "c.md" => intrasite::Resolved::Url("/c.html".into()),
                _ => intrasite::Resolved::Broken(()),
            }
        }

        fn explain(&self, link: &intrasite::Found) -> (String, String) {
            (format!("no page {}", link.written), String::new())
        }
    }

    /// The text pulldown-cmark reads and what it renders, with `Site`'s links.
    fn with_site(body: &str) -> Result<(String, Rendered), Stopped> {
        let h = super::super::Highlighter::new();
        let extensions = crate::Extensions::default();
        let options = MarkdownOptions {
            highlighter: &h,
            extensions: &extensions,
        };
        let env = Env {
            links: Some(&Site),
            ..Env::alone(&options)
        };
        let source = Source::prepare(body, &env)?;
        Ok((source.text().to_string(), source.render(&options)))
    }

    #[test]
    fn links_in_code_stay_as_written_where_the_render_sees_code() {
        // Read as Python-Markdown reads it (compat), the tag's line starts a paragraph, so the
        // backticks on the next line are code: the broken link in them is no error.
        let body = "<img src=\"/a.png\">\nSee `[b](b.md)` and [c](c.md).\n";
        let (text, r) = with_site(body).expect("the link in code is no error");
        assert!(text.contains("`[b](b.md)` and [c](/c.html)"));
        let c = r.links.iter().find(|l| l.dest == "/c.html").expect("c");
        assert_eq!(c.offset, body.find("[c]").unwrap());
    }

    #[test]
    fn a_broken_link_is_placed_in_the_file_as_written() {
        let body = "!!! note\n    See [b](b.md).\n";
        let stopped = with_site(body).expect_err("b.md names no page");
        assert_eq!(stopped.stage, Stage::Links);
        assert_eq!(stopped.problems[0].offset, body.find("b.md").unwrap());
    }
}
