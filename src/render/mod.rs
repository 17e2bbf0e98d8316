//! Pages through templates: the context every template gets, one page's
//! Markdown and template, and every page of the site in parallel.
//!
//! `views` holds the typed views templates see, `listings` the contents and
//! blog pages, `assets` the files named by their content, and `hashes` what
//! `quire serve` compares to tell which pages an edit reaches.

pub(crate) mod assets;
mod hashes;
pub(crate) mod intrasite;
mod listings;
pub(crate) mod share;
pub(crate) mod views;

use std::sync::{Arc, Mutex};

use tera::{Context, Map, Value};

use crate::config::Config;
use crate::content::site::Site;
use crate::content::Page;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::markdown::intrasite::{Found, LinkResolver, Resolved};
use crate::markdown::{self, Highlight, MarkdownOptions, Rendered, Stage, Stopped};
use crate::templates::Templates;
use crate::url::{Placement, SitePath, Urls};
pub(crate) use assets::{hashed, OutputFile};
pub(crate) use hashes::ContextHashes;
use views::{
    chapter_link, chapter_view, page_link, post_link, ChapterLink, PageView, PostLink, SiteView,
};

/// What rendering learnt about a page, kept for checks after its HTML is gone.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// Index into `Site::pages`.
    pub page: usize,
    /// Without its HTML, which is in the output by now.
    pub rendered: Arc<Rendered>,
}

/// A chapter's view, and how many of its pages have yet to ask for it.
struct ChapterValue {
    value: Option<Arc<Value>>,
    pages_left: usize,
}

/// Where rendered Markdown is kept from one build to the next (on disk: cache/markdown.rs).
/// The render stage asks it; it never learns who keeps it.
pub(crate) trait MarkdownStore: Sync + Send {
    /// What `render` makes of `markdown` (with its includes in place), from the store when it
    /// holds it: the key is the text and the highlighter, so an edit is a new key.
    fn rendered(
        &self,
        markdown: &str,
        highlighter: &str,
        render: &mut dyn FnMut() -> Rendered,
    ) -> Rendered;
    /// After a build that rendered every page: lets go of what that build did not use.
    fn prune(&self);
}

/// What a render context is made from: the parts of a loaded site it reads.
pub(crate) struct Parts<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub urls: &'a Urls,
    pub templates: &'a Templates,
    /// Where the stylesheet is, from the site's root (`/theme/quire.x.css`).
    pub stylesheet: String,
    pub chapters_script: &'a OutputFile,
}

/// Everything templates need that is the same for every page.
pub(crate) struct RenderContext<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub highlighter: &'a dyn Highlight,
    /// Where the site is published: the last pass over each page places its links (links.rs).
    pub urls: Urls,
    store: Option<&'a dyn MarkdownStore>,
    site_value: Value,
    chapters_value: Value,
    /// Each chapter's view, made when a page of it is first rendered: `quire serve` re-renders
    /// one page of a big site without building the views of every chapter.
    chapter_values: Vec<Mutex<ChapterValue>>,
    recent_value: Value,
    /// The site folder, and the folder `--8<--` includes are read from.
    site_dir: std::path::PathBuf,
    snippets_dir: std::path::PathBuf,
    /// Canonical addresses, sharing tags and edit links (see share.rs).
    sharing: share::Sharing,
    /// site.yaml's `summary_words`: the automatic summary's length in words.
    summary_words: Option<usize>,
    /// Where Pelican's `{filename}` links and relative links lead; without it they stay as written.
    targets: Option<intrasite::Targets<'a>>,
    /// Keep in a page's facts only the links that point into the site (see `site_links_only`).
    site_links_only: bool,
    /// site.yaml's `markdown:` extensions, and with the highlighter what the rendered-Markdown
    /// cache keys on besides the text (a switch changed re-renders every page).
    extensions: crate::config::Extensions,
    store_key: String,
    /// site.yaml's `toc`: whether a page that says nothing has contents.
    toc: bool,
    /// Pages at folder URLs (MkDocs' `use_directory_urls`): a MkDocs home page's `<title>`.
    pretty_urls: bool,
}

impl<'a> RenderContext<'a> {
    pub(crate) fn new(from: Parts<'a>, highlighter: &'a dyn Highlight) -> Self {
        let Parts {
            site,
            config,
            urls,
            templates,
            stylesheet,
            chapters_script,
        } = from;
        let url = |output: &str| SitePath::new(output).link();
        let chapters: Vec<ChapterLink> = site
            .top
            .iter()
            .map(|&c| chapter_link(site, c, &url))
            .collect();
        let chapters_script_url = url(&chapters_script.path);
        let site_value = to_value(&SiteView::new(
            config,
            &urls.base_path,
            &stylesheet,
            &chapters_script_url,
            !site.posts.is_empty(),
            &chapters,
        ));
        let mut pages_left = vec![0; site.chapters.len()];
        for &c in site.chapter_of_page.iter().flatten() {
            pages_left[c] += 1;
        }
        let chapter_values = (pages_left.into_iter())
            .map(|pages_left| {
                Mutex::new(ChapterValue {
                    value: None,
                    pages_left,
                })
            })
            .collect();
        let recent: Vec<PostLink> = site
            .posts
            .iter()
            .take(config.recent_posts.max(1))
            .map(|&i| post_link(&site.pages[i], &url))
            .collect();
        RenderContext {
            site,
            templates,
            highlighter,
            site_value,
            chapters_value: to_value(&chapters),
            chapter_values,
            recent_value: to_value(&recent),
            urls: urls.clone(),
            store: None,
            site_dir: config.site_dir.clone(),
            summary_words: config.summary_words,
            snippets_dir: config.snippets_dir(),
            sharing: share::Sharing::new(config, urls),
            targets: None,
            site_links_only: false,
            extensions: config.markdown.clone(),
            store_key: format!(
                "{}\0{}\0{}",
                markdown::SOURCE_FINGERPRINT,
                highlighter.identity(),
                config.markdown.identity()
            ),
            toc: config.toc,
            pretty_urls: config.pretty_urls,
        }
    }

    /// Pages' facts keep only the links into the site: a build's checks look at no other,
    /// and the external ones would be held to the end of the build for nothing.
    /// (`quire check --external` renders with all of them.)
    pub(crate) fn site_links_only(mut self, only: bool) -> Self {
        self.site_links_only = only;
        self
    }

    /// Resolves Pelican's intrasite links and relative links against these pages and files.
    pub(crate) fn with_targets(mut self, targets: intrasite::Targets<'a>) -> Self {
        self.targets = Some(targets);
        self
    }

    /// Reuses rendered Markdown from (and keeps it in) a store that outlives the build.
    pub(crate) fn with_store(mut self, store: Option<&'a dyn MarkdownStore>) -> Self {
        self.store = store;
        self
    }

    /// Adds fields to what templates see as `site` (the publishing assets: feed, search).
    pub(crate) fn with_site_fields(mut self, fields: Vec<(&str, Value)>) -> Self {
        if let Value::Object(map) = &mut self.site_value {
            for (k, v) in fields {
                map.insert(k.to_string(), v);
            }
        }
        self
    }

    /// 404.html, from the site's templates; its links are absolute paths since it is served at any address.
    pub(crate) fn render_not_found(&self) -> Result<OutputFile, Diagnostic> {
        let ctx = self.base_context();
        // Not made relative: the same 404 page answers for every missing path.
        let html = crate::links::finish(
            self.templates.render("404.html", &ctx)?,
            &Placement::from_root(&self.urls),
        );
        Ok(OutputFile {
            path: "404.html".to_string(),
            bytes: html.into_bytes(),
        })
    }

    /// The site link of an output, as templates get it; the last pass places it.
    fn url(&self, output: &str) -> String {
        SitePath::new(output).link()
    }

    /// Lets go of the chapters' views (made again if a page is rendered after): once the pages
    /// are, the search index and the checks need the memory.
    pub(crate) fn forget_chapter_views(&mut self) {
        for v in &mut self.chapter_values {
            v.get_mut().expect("no panics while held").value = None;
        }
    }

    /// The view of chapter `c` for one of its pages. Once each of its pages has asked, it is let
    /// go (made again if one asks after): a build renders a chapter's pages close together, and
    /// the views of every chapter, kept to the last page, would all be held at its peak.
    fn chapter_value_for_page(&self, c: usize) -> Arc<Value> {
        let mut slot = self.chapter_values[c].lock().expect("no panics while held");
        let value = Arc::clone(slot.value.get_or_insert_with(|| {
            Arc::new(to_value(&chapter_view(self.site, c, &|o: &str| {
                self.url(o)
            })))
        }));
        slot.pages_left = slot.pages_left.saturating_sub(1);
        if slot.pages_left == 0 {
            slot.value = None;
        }
        value
    }

    /// The context every template gets.
    fn base_context(&self) -> Context {
        context_of(self.base_values())
    }

    /// What `base_context` holds, as values: the values made once per site are cloned into
    /// it, which costs a fraction of `Context::insert`'s serialising them again per page.
    fn base_values(&self) -> Map<String, Value> {
        let mut ctx = Map::new();
        // Templates write site links from the root, like Markdown does; the last pass
        // over the page places them (`/docs/…` or `../…`).
        ctx.insert("root".into(), Value::from("/"));
        ctx.insert("site".into(), self.site_value.clone());
        // The whole chapter list costs O(chapters) per page: give it only to templates that use it.
        if self.templates.uses_chapter_list() {
            ctx.insert("chapters".into(), self.chapters_value.clone());
        }
        for key in ["chapter", "page", "prev", "next", "share"] {
            ctx.insert(key.into(), Value::Null);
        }
        ctx.insert("recent_posts".into(), self.recent_value.clone());
        ctx.insert("chapter_root".into(), Value::from(""));
        ctx
    }

    /// Renders one page or post: its Markdown (with its includes in place), then its template.
    pub(crate) fn render_page(&self, index: usize) -> Result<(OutputFile, PageFacts), Diagnostic> {
        let rendered = self.page_markdown(index)?;
        let page = &self.site.pages[index];
        let html = self.render_template(index, &rendered)?;
        let mut kept = Rendered {
            html: String::new(),
            ..rendered
        };
        if self.site_links_only {
            kept.links.retain(|l| !crate::url::leaves_site(l.dest));
        }
        kept.shrink_to_fit();
        let facts = PageFacts {
            page: index,
            rendered: Arc::new(kept),
        };
        Ok((
            OutputFile {
                path: page.output.clone(),
                bytes: html.into_bytes(),
            },
            facts,
        ))
    }

    /// What the page's Markdown renders to (from the cache when it has it), before its template.
    pub(crate) fn page_markdown(&self, index: usize) -> Result<Rendered, Diagnostic> {
        let page = &self.site.pages[index];
        let text = page.text()?;
        let snippets = markdown::include::Snippets {
            site_dir: &self.site_dir,
            base: &self.snippets_dir,
            files: &SiteFiles,
            options: &self.extensions.snippets,
            page: Some(&page.source),
        };
        let links = (self.targets.as_ref()).map(|targets| PageLinks { targets, page });
        let options = MarkdownOptions {
            highlighter: self.highlighter,
            extensions: &self.extensions,
        };
        let env = markdown::Env {
            options: &options,
            snippets: Some(&snippets),
            links: links.as_ref().map(|l| l as &dyn LinkResolver),
        };
        // The key is the text pulldown-cmark reads: an edit to an included file, or a link
        // whose target moved, is a new key, never a stale page.
        let mut cache = |text: &str, render: &mut dyn FnMut() -> Rendered| match self.store {
            Some(store) => store.rendered(text, &self.store_key, render),
            None => render(),
        };
        let mut rendered = markdown::render_page(&text[page.body_offset..], &env, &mut cache)
            .map_err(|stopped| stopped_page(page, &text, stopped))?;
        if let Some(n) = self.summary_words {
            rendered.summary = first_words(&rendered.text, n);
        }
        Ok(rendered)
    }

    pub(crate) fn template_for(page: &Page) -> String {
        match &page.meta.template {
            Some((name, _)) if name.contains('.') => name.clone(),
            Some((name, _)) => format!("{name}.html"),
            None if page.is_post => "post.html".into(),
            None => "page.html".into(),
        }
    }

    fn render_template(&self, index: usize, rendered: &Rendered) -> Result<String, Diagnostic> {
        let page = &self.site.pages[index];
        let mut ctx = self.base_values();
        let (tags, category_url) = views::term_links(page, &|o: &str| self.url(o));
        let updated = self.site.updated.get(index).and_then(Option::as_ref);
        let view = PageView {
            title: &page.meta.title,
            slug: &page.slug,
            url: self.url(page.url_path()),
            output: &page.output,
            source: page.source.display().to_string(),
            sidebartitle: page.sidebartitle(),
            sortorder: page.meta.sortorder.as_deref(),
            // Contents for a page of two sections or more, unless the page or the site says not.
            toc: page.meta.toc.unwrap_or(self.toc)
                && crate::markdown::TocEntry::count(&rendered.toc) >= 2,
            toc_items: &rendered.toc,
            meta: page.meta.meta.as_deref(),
            category: page.meta.category.as_deref(),
            date: page.meta.date.as_ref(),
            modified: page.meta.modified.as_ref(),
            is_post: page.is_post,
            // The title heads the page unless the body has its own (Markdown or raw HTML, as
            // Material checks), so that no page shows two.
            shows_title: !rendered.starts_with_h1 && !rendered.html.contains("<h1"),
            title_alone: crate::content::mkdocs::titled_by_site_name(page, self.pretty_urls),
            content: &rendered.html,
            extra: &page.meta.extra,
            edit_url: self.sharing.edit_url(page),
            summary: page.meta.summary.as_deref(),
            authors: &page.meta.authors,
            author_links: views::author_links(page, self.site.is_listed(index), &|o: &str| {
                self.url(o)
            }),
            lang: self.site.lang_of(index),
            translations: views::translation_links(self.site, index, &|o: &str| self.url(o)),
            tags,
            category_url,
            updated: updated.map(Date::rfc3339),
            updated_day: updated.map(Date::day),
            hide: page.meta.hide,
        };
        ctx.insert("page".into(), to_value(&view));
        ctx.insert(
            "share".into(),
            to_value(&self.sharing.page(page, &rendered.summary, updated)),
        );
        if let Some(c) = self.site.chapter_of_page[index] {
            ctx.insert("chapter".into(), (*self.chapter_value_for_page(c)).clone());
            let root = self.site.chapter_path(c)[0];
            ctx.insert(
                "chapter_root".into(),
                Value::from(self.site.chapters[root].id.as_str()),
            );
        }
        let (prev, next) = self.site.prev_next(index);
        let link = |i: usize| to_value(&page_link(&self.site.pages[i], &|o: &str| self.url(o)));
        if let Some(p) = prev {
            ctx.insert("prev".into(), link(p));
        }
        if let Some(n) = next {
            ctx.insert("next".into(), link(n));
        }
        let name = Self::template_for(page);
        let html = self
            .templates
            .render(&name, &context_of(ctx))
            .map_err(|d| d.while_rendering(&page.source))?;
        Ok(self.finish(html, &page.output))
    }

    /// The last pass over a finished page: its site links placed for where it is published.
    fn finish(&self, html: String, output: &str) -> String {
        crate::links::finish(html, &Placement::for_file(&self.urls, output))
    }

    fn render_named(
        &self,
        template: &str,
        output: &str,
        ctx: &Context,
    ) -> Result<OutputFile, Diagnostic> {
        let html = self.finish(self.templates.render(template, ctx)?, output);
        Ok(OutputFile {
            path: output.to_string(),
            bytes: html.into_bytes(),
        })
    }
}

/// A text up to the end of its `n`th word, with ` …` when more words follow: Pelican's
/// The site's files as includes read them: regular files only, output folders known by the
/// manifest every build writes.
pub(crate) struct SiteFiles;

impl markdown::include::SnippetFiles for SiteFiles {
    fn open_regular(&self, path: &std::path::Path) -> std::io::Result<std::fs::File> {
        crate::files::open_regular(path, crate::files::Links::Follow)
    }

    fn is_output(&self, dir: &std::path::Path) -> bool {
        std::fs::symlink_metadata(dir.join(crate::layout::MANIFEST)).is_ok()
    }
}

/// One page's links to sources, as the site's targets resolve them.
struct PageLinks<'a> {
    targets: &'a intrasite::Targets<'a>,
    page: &'a Page,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, link: &Found, scratch: &mut String) -> Resolved<()> {
        match self.targets.resolve(self.page, link, scratch) {
            Resolved::Url(url) => Resolved::Url(url),
            Resolved::AsWritten => Resolved::AsWritten,
            Resolved::Broken(_) => Resolved::Broken(()),
        }
    }

    fn explain(&self, link: &Found) -> (String, String) {
        // Asked again only for a broken link outside code, which fails the page.
        match self.targets.resolve(self.page, link, &mut String::new()) {
            Resolved::Broken(why) => self.targets.explain(self.page, link, why),
            _ => (
                format!("the link {} names nothing", link.written),
                String::new(),
            ),
        }
    }
}

/// The error of a page whose Markdown cannot be made; `file` is its source's text, and the
/// problems are at offsets in its body.
fn stopped_page(page: &Page, file: &str, stopped: Stopped) -> Diagnostic {
    // Where each line starts, once: counting from the top for every unknown link made a page
    // of many the square of their number.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', file.as_bytes()).map(|i| i + 1))
        .collect();
    let place = |offset: usize| {
        let offset = (page.body_offset + offset).min(file.len());
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let col = file.get(start..offset).map_or(1, |t| t.chars().count() + 1);
        (line, col)
    };
    let first = &stopped.problems[0];
    let (line, col) = place(first.offset);
    match stopped.stage {
        Stage::Include => {
            let mut message = first.message.clone();
            let more = stopped.problems.len() - 1;
            if more > 0 {
                message.push_str(&format!(" (and {more} more include problems)"));
            }
            Diagnostic::error("include", &page.source, message)
                .at_line(line)
                .hint(first.hint.clone())
        }
        Stage::Autodoc | Stage::Compat | Stage::Blocks | Stage::Links => {
            // One error per page (a page renders or not), naming every unknown link in it.
            let others = (stopped.problems[1..].iter())
                .map(|p| {
                    let (line, col) = place(p.offset);
                    format!("also at {line}:{col}: {} ({})", p.message, p.hint)
                })
                .collect();
            Diagnostic::error("intrasite-link", &page.source, first.message.clone())
                .at(line, col)
                .hint(first.hint.clone())
                .with_detail(others)
        }
    }
}

/// summaries (`truncate_html_words`, whose words are `\w[\w'-]*`: punctuation is no word).
fn first_words(text: &str, n: usize) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut count = 0;
    let mut in_word = false;
    let mut cut = None;
    for (i, c) in text.char_indices() {
        if in_word && !(is_word(c) || c == '\'' || c == '-') {
            in_word = false;
            if count == n {
                cut = Some(i);
                break;
            }
        } else if !in_word && is_word(c) {
            in_word = true;
            count += 1;
        }
    }
    let (kept, more) = match cut {
        Some(i) => (&text[..i], text[i..].chars().any(is_word)),
        None => (text, false),
    };
    let mut out = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if more {
        out.push_str(" …");
    }
    out
}

fn context_of(values: Map<String, Value>) -> Context {
    Context::from_value(Value::Object(values)).expect("an object is a context")
}

fn to_value<T: serde::Serialize + ?Sized>(v: &T) -> Value {
    tera::to_value(v).expect("views serialize")
}

#[cfg(test)]
mod tests {
    #[test]
    fn summaries_end_after_their_last_word_as_pelicans_do() {
        let text = "One two, three.\nFour five";
        assert_eq!(super::first_words(text, 3), "One two, three …");
        assert_eq!(super::first_words(text, 5), "One two, three. Four five");
        assert_eq!(super::first_words(text, 9), "One two, three. Four five");
        assert_eq!(
            super::first_words("it's a well-known x.", 3),
            "it's a well-known …"
        );
    }
}
