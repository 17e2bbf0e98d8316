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
//! - `Links`: intrasite and relative links replaced by their URLs (intrasite.rs). It comes
//!   last, and reads no Markdown: where code is (whose links stay as written) is told by the
//!   render's own parse of the text, which puts back the links it finds in code (`render`),
//!   so that the page is parsed once, with its own switches.
//!
//! Each stage gives back its text and a `LineMap` to the text it was given; the chain composes
//! the maps as it goes, so that a problem any stage finds, and every offset the render records,
//! is placed in the file through one map.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::Parser;

use super::line_map::LineMap;
use super::{autodoc, blocks, compat, dialect, events, include, intrasite, plain_fences};
use super::{parser_options_for, Env, MarkdownOptions, Rendered, Warning};

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
    /// The links it replaced or found broken (links), at offsets in `text`.
    placed: Vec<intrasite::Placed>,
}

impl Rewrite {
    fn new(text: String, map: LineMap) -> Self {
        Rewrite {
            text,
            map,
            warnings: Vec::new(),
            files: Vec::new(),
            placed: Vec::new(),
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
            Stage::Autodoc | Stage::Compat | Stage::Blocks => {
                self.reading(text, env.options.extensions)
            }
            Stage::Links => {
                let Some(links) = env.links else {
                    return Ok(None);
                };
                intrasite::rewrite_with(text, links).map(|r| Rewrite {
                    placed: r.placed,
                    ..Rewrite::new(r.text, r.map)
                })
            }
        })
    }

    /// What the stages that decide how the text is read (where code is) make of it, with the
    /// switches `ext` alone; `None` for the others (includes, links), which move no code.
    fn reading(self, text: &str, ext: &crate::Extensions) -> Option<Rewrite> {
        match self {
            Stage::Autodoc => autodoc::rewrite(text).map(|a| Rewrite::new(a.text, a.map)),
            Stage::Compat => python_markdown(text, ext),
            Stage::Blocks => blocks::prepare(text, blocks::Kinds::of(ext)).map(|p| Rewrite {
                warnings: p.warnings,
                ..Rewrite::new(p.text, p.map)
            }),
            Stage::Include | Stage::Links => None,
        }
    }
}

/// Python-Markdown's habits (compat.rs), and its fences when superfences is off (plain_fences.rs).
fn python_markdown(text: &str, ext: &crate::Extensions) -> Option<Rewrite> {
    let plain = (!ext.superfences)
        .then(|| plain_fences::rewrite(text))
        .flatten();
    let compat = compat::adapt(plain.as_ref().map_or(text, |(t, _)| t.as_str()));
    match (plain, compat) {
        (plain, None) => plain.map(|(text, map)| Rewrite::new(text, map)),
        (None, Some(c)) => Some(Rewrite::new(c.text, c.map)),
        (Some((_, earlier)), Some(c)) => Some(Rewrite::new(c.text, c.map.after(&earlier))),
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
    /// The links the links stage replaced or found broken, at offsets in `text` (it is the
    /// last stage).
    placed: Vec<intrasite::Placed>,
}

impl<'t> Source<'t> {
    /// Runs every stage over a page's body.
    pub(crate) fn prepare(body: &'t str, env: &Env) -> Result<Self, Stopped> {
        let mut source = Source::as_written(body);
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

    fn as_written(body: &'t str) -> Self {
        Source {
            text: Cow::Borrowed(body),
            map: None,
            warnings: Vec::new(),
            sort_warnings: false,
            includes: Vec::new(),
            placed: Vec::new(),
        }
    }

    fn apply(&mut self, stage: Stage, rewrite: Rewrite) {
        for mut w in rewrite.warnings {
            w.offset = self.place(w.offset);
            self.warnings.push(w);
        }
        self.sort_warnings |= stage == Stage::Blocks;
        self.includes.extend(rewrite.files);
        self.placed = rewrite.placed;
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

    /// What the render depends on (with the highlighter): the text pulldown-cmark reads, and
    /// where links were replaced in it and what they were (those in code are put back).
    pub(crate) fn key(&self) -> Cow<'_, str> {
        if self.placed.is_empty() {
            return Cow::Borrowed(&self.text);
        }
        let mut key = String::with_capacity(self.text.len() + 32 * self.placed.len());
        key.push_str(&self.text);
        for p in &self.placed {
            key.push_str(&format!("\0{}\0{}", p.range.start, p.written));
        }
        Cow::Owned(key)
    }

    /// The text pulldown-cmark reads (before links in code are put back).
    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The files the page includes, relative to the site folder, in order.
    pub(crate) fn into_includes(self) -> Vec<String> {
        self.includes
    }

    /// Renders the text, its offsets placed in the file as written. The links stage replaced
    /// links code or not: the parse says where code is, and if a replaced link is in it, the
    /// text is rendered again with it put back (only then is a page parsed twice).
    pub(crate) fn render(&self, opts: &MarkdownOptions) -> Rendered {
        let mut skipped = intrasite::Skipped::default();
        let look = (!self.placed.is_empty()).then_some(&mut skipped);
        let mut out = events::render_events(&self.text, opts, look);
        let in_code = |p: &intrasite::Placed| p.skipped(&skipped);
        let back: Vec<_> = (self.placed.iter())
            .filter(|p| !p.broken && in_code(p))
            .collect();
        let undone;
        let mut map = self.map.as_ref();
        if !back.is_empty() {
            let (text, undo) = intrasite::undo(&self.text, back.into_iter());
            out = events::render_events(&text, opts, None);
            undone = match map {
                Some(m) => undo.after(m),
                None => undo,
            };
            map = Some(&undone);
        }
        out.unresolved = (self.placed.iter().enumerate())
            .filter(|(_, p)| p.broken && !in_code(p))
            .map(|(k, _)| k)
            .collect();
        if let Some(map) = map {
            remap(&mut out, map);
        }
        out.warnings.extend(self.warnings.iter().cloned());
        if self.sort_warnings {
            out.warnings.sort_by_key(|w| w.offset);
        }
        out
    }

    /// The page cannot be made when a link outside code names nothing (`Rendered::unresolved`):
    /// each, as `env`'s resolver explains it, at its place in the file as written.
    pub(crate) fn check(&self, rendered: &Rendered, env: &Env) -> Result<(), Stopped> {
        let (Some(links), false) = (env.links, rendered.unresolved.is_empty()) else {
            return Ok(());
        };
        let problems = (rendered.unresolved.iter())
            .filter_map(|&k| self.placed.get(k))
            .map(|p| {
                let (message, hint) = links.explain(&p.found());
                warning(self.place(p.range.start), message, hint)
            })
            .collect();
        Err(Stopped {
            stage: Stage::Links,
            problems,
        })
    }
}

/// Where code is in a page's body (fenced, indented and inline), at offsets in the body, as
/// the render will read it with the switches `ext`: for what must know before any page is
/// rendered (Pelican's `{attach}` links, which decide where files go). The text goes through
/// the chain's own stages (`Stage::reading`); includes are not read and no link is replaced:
/// neither moves code.
pub(crate) fn code_ranges(body: &str, ext: &crate::Extensions) -> Vec<Range<usize>> {
    let mut read = Source::as_written(body);
    for stage in STAGES {
        if let Some(rewrite) = stage.reading(&read.text, ext) {
            read.apply(stage, rewrite);
        }
    }
    let source = dialect::Source::new(&read.text, ext);
    let mut skipped = intrasite::Skipped::default();
    let parsed = Parser::new_ext(source.text(), parser_options_for(ext)).into_offset_iter();
    for (event, range) in parsed {
        skipped.read(&event, &range, source.text());
    }
    (skipped.into_code().into_iter())
        .map(|r| read.place(r.start)..read.place(r.end))
        .collect()
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

    /// The text pulldown-cmark reads and what it renders, with `Site`'s links and the
    /// switches `extensions`; `Err` when a link outside code names nothing.
    fn with_site_and(
        body: &str,
        extensions: &crate::Extensions,
    ) -> Result<(String, Rendered), Stopped> {
        let h = super::super::Highlighter::new();
        let options = MarkdownOptions {
            highlighter: &h,
            extensions,
        };
        let env = Env {
            links: Some(&Site),
            ..Env::alone(&options)
        };
        let source = Source::prepare(body, &env)?;
        let rendered = source.render(&options);
        source.check(&rendered, &env)?;
        Ok((source.text().to_string(), rendered))
    }

    fn with_site(body: &str) -> Result<(String, Rendered), Stopped> {
        with_site_and(body, &crate::Extensions::default())
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
    fn a_link_in_code_is_put_back_as_written_where_the_page_parse_sees_code() {
        // The abbreviation's definition is taken out of the page before it is parsed, so the
        // indented line after it is code, not the rest of a paragraph: its link stays as
        // written, and the one after it, in prose, leads to the page.
        let body = "*[API]: Application Programming Interface\n    [c](c.md)\n\nSee [c](c.md).\n";
        let (_, r) = with_site(body).expect("no broken link");
        assert!(r.html.contains("<code>[c](c.md)\n</code>"), "{}", r.html);
        assert!(
            r.html.contains("See <a href=\"/c.html\">c</a>"),
            "{}",
            r.html
        );
        let c = r.links.iter().find(|l| l.dest == "/c.html").expect("c");
        assert_eq!(c.offset, body.rfind("[c]").unwrap());
    }

    #[test]
    fn a_callout_switched_off_leaves_its_body_code_and_its_link_as_written() {
        let off = crate::Extensions {
            admonition: false,
            ..crate::Extensions::default()
        };
        let body = "!!! note\n\n    [c](c.md)\n";
        let (_, r) = with_site_and(body, &off).expect("no broken link");
        assert!(r.html.contains("<code>[c](c.md)\n</code>"), "{}", r.html);
        let (_, r) = with_site(body).expect("no broken link");
        assert!(r.html.contains("<a href=\"/c.html\">c</a>"), "{}", r.html);
    }

    #[test]
    fn a_broken_link_is_placed_in_the_file_as_written() {
        let body = "!!! note\n    See [b](b.md).\n";
        let stopped = with_site(body).expect_err("b.md names no page");
        assert_eq!(stopped.stage, Stage::Links);
        assert_eq!(stopped.problems[0].offset, body.find("b.md").unwrap());
    }

    #[test]
    fn links_in_code_and_comments_stay_as_written_and_are_no_error() {
        let body =
            "`[a](b.md)` and\n\n```\n[b](c.md)\n```\n\n    <a href=\"b.md\">\n\n[d](c.md)\n\n\
                    <!-- [e](b.md)\n[f](c.md) -->\n\nText <!-- [g](c.md) --> and [h](c.md).\n";
        let (_, r) = with_site(body).expect("the broken links are in code and comments");
        assert!(r.html.contains("<code>[a](b.md)</code>"), "{}", r.html);
        assert!(r.html.contains("[b](c.md)"), "{}", r.html);
        assert!(r.html.contains("[f](c.md) -->"), "{}", r.html);
        assert!(r.html.contains("<!-- [g](c.md) -->"), "{}", r.html);
        assert_eq!(r.html.matches("href=\"/c.html\"").count(), 2, "{}", r.html);
    }

    #[test]
    fn where_code_is_known_before_the_render_as_the_render_reads_it() {
        // Without superfences, Python-Markdown sees no fence in a list item: its lines are
        // text, the link in them a link, for the render and for what must know before it
        // (Pelican's `{attach}`) alike. With superfences, they are code, for both.
        let body = "- Step\n\n    ~~~\n    [c](c.md)\n    ~~~\n";
        let link = body.find("[c]").unwrap();
        let in_code =
            |ext: &crate::Extensions| code_ranges(body, ext).iter().any(|r| r.contains(&link));
        let plain = crate::Extensions {
            superfences: false,
            ..crate::Extensions::default()
        };
        let (_, r) = with_site_and(body, &plain).expect("c.md is a page");
        assert!(r.html.contains("<a href=\"/c.html\">c</a>"), "{}", r.html);
        assert!(!in_code(&plain), "{:?}", code_ranges(body, &plain));
        let (_, r) = with_site(body).expect("no link outside code");
        assert!(r.html.contains("[c](c.md)\n</code>"), "{}", r.html);
        assert!(in_code(&crate::Extensions::default()));
    }
}
