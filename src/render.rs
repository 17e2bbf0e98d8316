//! Pages through templates: the views templates see, and rendering every
//! output of the site in parallel.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::cache::Cache;
use crate::config::Config;
use crate::content::site::Site;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Highlighter, MarkdownOptions, Rendered, TocEntry};
use crate::templates::{join_url, Templates};

/// One finished file for the output folder.
#[derive(Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What rendering learnt about a page, kept for checks after its HTML is gone.
#[derive(Debug, Clone)]
#[allow(dead_code)] // read by the link and anchor checks
pub struct PageFacts {
    pub page: usize,
    pub rendered: Rendered,
}

/// Hashes of the views pages share (see `RenderContext::hashes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextHashes {
    /// Site settings, the top-level chapters and the recent posts: every page sees them.
    pub shared: u64,
    /// Each chapter's view (its pages' titles, sidebar titles and URLs, in order) by chapter id:
    /// the pages of that chapter show it in their sidebar and prev/next links.
    pub chapters: std::collections::HashMap<String, u64>,
    /// Pages outside chapters, listed only by index.html.
    pub loose: u64,
    /// Every post, listed only by blog.html.
    pub posts: u64,
}

/// Everything templates need that is the same for every page.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub highlighter: &'a Highlighter,
    pub base_path: String,
    cache: Option<&'a Cache>,
    /// Rewrite site links relative to each page (see links.rs).
    relative: bool,
    site_value: Value,
    chapters_value: Value,
    /// The chapter list as a script shared by every page, so pages need not each carry it.
    pub chapters_script: OutputFile,
    /// Each chapter's view, made when a page of it is first rendered: `quire serve` re-renders
    /// one page of a big site without building the views of every chapter.
    chapter_values: Vec<OnceLock<Value>>,
    recent_value: Value,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    sidebartitle: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PostLink<'a> {
    title: &'a str,
    url: String,
    date: &'a str,
    category: &'a str,
    meta: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    output: &'a str,
    source: String,
    sidebartitle: &'a str,
    sortorder: Option<&'a str>,
    toc: bool,
    toc_items: &'a [TocEntry],
    meta: Option<&'a str>,
    category: Option<&'a str>,
    date: Option<&'a str>,
    modified: Option<&'a str>,
    is_post: bool,
    /// False where the Markdown starts with its own `# Title`, so templates do not show it twice.
    shows_title: bool,
    content: &'a str,
    extra: &'a tera::Map<String, Value>,
}

impl<'a> RenderContext<'a> {
    pub fn new(
        site: &'a Site,
        config: &'a Config,
        templates: &'a Templates,
        highlighter: &'a Highlighter,
        stylesheet: String,
    ) -> Self {
        let base_path = config.base_path();
        let url = |output: &str| join_url(&base_path, output);
        let chapters: Vec<Value> = site
            .top
            .iter()
            .map(|&c| chapter_link(site, c, &url))
            .collect();
        let chapters_script = chapters_script(site);
        let chapters_script_url = url(&chapters_script.path);
        let site_value = serde_json_value(&site_view(
            config,
            &base_path,
            &stylesheet,
            &chapters_script_url,
            !site.posts.is_empty(),
        ));
        let chapter_values = (0..site.chapters.len()).map(|_| OnceLock::new()).collect();
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
            chapters_value: Value::Array(chapters),
            chapters_script,
            chapter_values,
            recent_value: tera::to_value(recent).expect("serializes"),
            base_path,
            cache: None,
            relative: config.relative_urls(),
        }
    }

    /// Reuses rendered Markdown from (and stores it in) a persistent cache.
    pub fn with_cache(mut self, cache: Option<&'a Cache>) -> Self {
        self.cache = cache;
        self
    }

    /// Adds fields to what templates see as `site` (the publishing assets: feed, search).
    pub fn with_site_fields(mut self, fields: Vec<(&str, Value)>) -> Self {
        if let Value::Object(map) = &mut self.site_value {
            for (k, v) in fields {
                map.insert(k.to_string(), v);
            }
        }
        self
    }

    /// 404.html, from the site's templates; its links are absolute paths since it is served at any address.
    pub fn render_not_found(&self) -> Result<OutputFile, Diagnostic> {
        let mut ctx = self.base_context("404.html");
        ctx.insert("root", &self.base_path);
        // Not made relative: the same 404 page answers for every missing path.
        let html = self.templates.render("404.html", &ctx)?;
        Ok(OutputFile {
            path: "404.html".to_string(),
            bytes: html.into_bytes(),
        })
    }

    fn url(&self, output: &str) -> String {
        join_url(&self.base_path, output)
    }

    fn chapter_value(&self, c: usize) -> &Value {
        self.chapter_values[c].get_or_init(|| {
            let site = self.site;
            let url = |output: &str| self.url(output);
            let ch = &site.chapters[c];
            let pages: Vec<Link> = ch
                .pages
                .iter()
                .map(|&i| page_link(&site.pages[i], &url))
                .collect();
            let children: Vec<Value> = ch
                .children
                .iter()
                .map(|&s| chapter_link(site, s, &url))
                .collect();
            let path: Vec<Value> = site
                .chapter_path(c)
                .into_iter()
                .map(|p| chapter_link(site, p, &url))
                .collect();
            tera::to_value(serde_json_map(&[
                ("id", Value::String(ch.id.clone())),
                ("title", Value::String(ch.title.clone())),
                (
                    "url",
                    Value::String(url(site.chapter_output(c).unwrap_or(""))),
                ),
                ("pages", tera::to_value(pages).expect("serializes")),
                ("children", Value::Array(children)),
                ("path", Value::Array(path)),
            ]))
            .expect("serializes")
        })
    }

    /// The context every template gets; `output` is the file being rendered.
    fn base_context(&self, output: &str) -> Context {
        let mut ctx = Context::new();
        // How links on this page reach the site root: `../` steps, or the base path.
        let root = if self.relative {
            crate::links::root_prefix(output)
        } else {
            self.base_path.clone()
        };
        ctx.insert("root", &root);
        ctx.insert("site", &self.site_value);
        // The whole chapter list costs O(chapters) per page: give it only to templates that use it.
        if self.templates.uses_chapter_list() {
            ctx.insert("chapters", &self.chapters_value);
        }
        ctx.insert("chapter", &Value::Null);
        ctx.insert("page", &Value::Null);
        ctx.insert("prev", &Value::Null);
        ctx.insert("next", &Value::Null);
        ctx.insert("recent_posts", &self.recent_value);
        ctx.insert("chapter_root", "");
        ctx
    }

    /// Renders one page or post: its Markdown, then its template.
    pub fn render_page(&self, index: usize) -> Result<(OutputFile, PageFacts), Diagnostic> {
        let page = &self.site.pages[index];
        let render = || {
            markdown::render(
                page.body(),
                &MarkdownOptions {
                    base_path: &self.base_path,
                    highlighter: self.highlighter,
                },
            )
        };
        let rendered = match self.cache {
            Some(cache) => cache.rendered(&Cache::key(page.body(), &self.base_path), render),
            None => render(),
        };
        let html = self.render_template(index, &rendered)?;
        let facts = PageFacts {
            page: index,
            rendered: Rendered {
                html: String::new(),
                ..rendered
            },
        };
        Ok((
            OutputFile {
                path: page.output.clone(),
                bytes: html.into_bytes(),
            },
            facts,
        ))
    }

    pub fn template_for(page: &Page) -> String {
        match &page.meta.template {
            Some((name, _)) if name.contains('.') => name.clone(),
            Some((name, _)) => format!("{name}.html"),
            None if page.is_post => "post.html".into(),
            None => "page.html".into(),
        }
    }

    fn render_template(&self, index: usize, rendered: &Rendered) -> Result<String, Diagnostic> {
        let page = &self.site.pages[index];
        let mut ctx = self.base_context(&page.output);
        let view = PageView {
            title: &page.meta.title,
            slug: &page.slug,
            url: self.url(&page.output),
            output: &page.output,
            source: page.source.display().to_string(),
            sidebartitle: page.sidebartitle(),
            sortorder: page.meta.sortorder.as_deref(),
            toc: page.meta.toc,
            toc_items: &rendered.toc,
            meta: page.meta.meta.as_deref(),
            category: page.meta.category.as_deref(),
            date: page.meta.date.as_deref(),
            modified: page.meta.modified.as_deref(),
            is_post: page.is_post,
            shows_title: !rendered.starts_with_h1,
            content: &rendered.html,
            extra: &page.meta.extra,
        };
        ctx.insert("page", &view);
        if let Some(c) = self.site.chapter_of_page[index] {
            ctx.insert("chapter", self.chapter_value(c));
            let root = self.site.chapter_path(c)[0];
            ctx.insert("chapter_root", &self.site.chapters[root].id);
            let siblings = &self.site.chapters[c].pages;
            if let Some(pos) = siblings.iter().position(|&i| i == index) {
                let link = |i: usize| page_link(&self.site.pages[i], &|o: &str| self.url(o));
                if pos > 0 {
                    ctx.insert("prev", &link(siblings[pos - 1]));
                }
                if let Some(&n) = siblings.get(pos + 1) {
                    ctx.insert("next", &link(n));
                }
            }
        }
        let name = Self::template_for(page);
        let html = self.templates.render(&name, &ctx).map_err(|mut d| {
            d.message = format!("while rendering {}: {}", page.source.display(), d.message);
            d
        })?;
        Ok(self.finish(html, &page.output))
    }

    /// index.html: the chapters with their pages, and the newest posts.
    pub fn render_index(&self) -> Result<OutputFile, Diagnostic> {
        let url = |o: &str| self.url(o);
        let contents: Vec<Value> = self
            .site
            .top
            .iter()
            .map(|&c| {
                let ch = &self.site.chapters[c];
                let mut pages: Vec<Link> = ch
                    .pages
                    .iter()
                    .map(|&i| page_link(&self.site.pages[i], &url))
                    .collect();
                for &s in &ch.children {
                    if let Some(o) = self.site.chapter_output(s) {
                        let sub = &self.site.chapters[s];
                        pages.push(Link {
                            title: &sub.title,
                            sidebartitle: &sub.title,
                            url: url(o),
                        });
                    }
                }
                tera::to_value(serde_json_map(&[
                    ("id", Value::String(ch.id.clone())),
                    ("title", Value::String(ch.title.clone())),
                    (
                        "url",
                        Value::String(url(self.site.chapter_output(c).unwrap_or(""))),
                    ),
                    ("pages", tera::to_value(pages).expect("serializes")),
                ]))
                .expect("serializes")
            })
            .collect();
        let loose: Vec<Link> = self
            .site
            .loose
            .iter()
            .map(|&i| page_link(&self.site.pages[i], &url))
            .collect();
        let mut ctx = self.base_context("index.html");
        ctx.insert("contents", &contents);
        ctx.insert("loose", &loose);
        ctx.insert("posts", &self.recent_value);
        self.render_named("index.html", "index.html", &ctx)
    }

    /// blog.html: every post, newest first.
    pub fn render_blog(&self) -> Result<OutputFile, Diagnostic> {
        let posts: Vec<PostLink> = self
            .site
            .posts
            .iter()
            .map(|&i| post_link(&self.site.pages[i], &|o: &str| self.url(o)))
            .collect();
        let mut ctx = self.base_context("blog.html");
        ctx.insert("posts", &posts);
        self.render_named("blog.html", "blog.html", &ctx)
    }

    /// The last pass over a finished page: site links made relative to it, where the site wants that.
    fn finish(&self, html: String, output: &str) -> String {
        if self.relative {
            crate::links::relativize(&html, output, &self.base_path)
        } else {
            html
        }
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

    /// Hashes of the context pages share, so that `quire serve` can tell which pages an edit
    /// reaches: a page's HTML depends only on its own source, the templates and these views.
    pub fn hashes(&self) -> ContextHashes {
        let hash = |v: &Value| xxhash_rust::xxh3::xxh3_64(v.to_string().as_bytes());
        let url = |o: &str| self.url(o);
        let links = |ids: &[usize]| -> Value {
            let links: Vec<Link> = ids
                .iter()
                .map(|&i| page_link(&self.site.pages[i], &url))
                .collect();
            tera::to_value(links).expect("serializes")
        };
        let posts: Vec<PostLink> = self
            .site
            .posts
            .iter()
            .map(|&i| post_link(&self.site.pages[i], &url))
            .collect();
        let shared = Value::Array(vec![
            self.site_value.clone(),
            self.chapters_value.clone(),
            self.recent_value.clone(),
        ]);
        ContextHashes {
            shared: hash(&shared),
            chapters: (self.site.chapters.iter().enumerate())
                .map(|(i, c)| (c.id.clone(), hash(self.chapter_value(i))))
                .collect(),
            loose: hash(&links(&self.site.loose)),
            posts: hash(&tera::to_value(posts).expect("serializes")),
        }
    }

    /// Renders every page, post and listing, handing each file to `sink` as
    /// soon as it is ready so that no more than a few pages' HTML is held at once.
    pub fn render_all(
        &self,
        sink: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
        progress: &(dyn Fn() + Sync),
    ) -> (Vec<PageFacts>, Vec<Diagnostic>) {
        let results: Vec<Result<PageFacts, Diagnostic>> = (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| {
                let (file, facts) = self.render_page(i)?;
                sink(file)?;
                progress();
                Ok(facts)
            })
            .collect();
        let mut facts = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(f) => facts.push(f),
                Err(e) => errors.push(e),
            }
        }
        let script = OutputFile {
            path: self.chapters_script.path.clone(),
            bytes: self.chapters_script.bytes.clone(),
        };
        for listing in [self.render_index(), self.render_blog(), Ok(script)] {
            if let Err(e) = listing.and_then(sink) {
                errors.push(e);
            }
        }
        (facts, errors)
    }
}

fn page_link<'p>(page: &'p Page, url: &dyn Fn(&str) -> String) -> Link<'p> {
    Link {
        title: &page.meta.title,
        sidebartitle: page.sidebartitle(),
        url: url(&page.output),
    }
}

fn post_link<'p>(page: &'p Page, url: &dyn Fn(&str) -> String) -> PostLink<'p> {
    PostLink {
        title: &page.meta.title,
        url: url(&page.output),
        date: page.meta.date.as_deref().unwrap_or(""),
        category: page.meta.category.as_deref().unwrap_or(""),
        meta: page.meta.meta.as_deref().unwrap_or(""),
    }
}

fn chapter_link(site: &Site, c: usize, url: &dyn Fn(&str) -> String) -> Value {
    let ch = &site.chapters[c];
    tera::to_value(serde_json_map(&[
        ("id", Value::String(ch.id.clone())),
        ("title", Value::String(ch.title.clone())),
        (
            "url",
            Value::String(url(site.chapter_output(c).unwrap_or(""))),
        ),
    ]))
    .expect("strings serialize")
}

/// The sidebar's chapter list: pages carry only their own chapter, and this
/// script (one file for the whole site, named by its content) adds the others.
/// Without JavaScript the sidebar still shows the current chapter and a link to the contents.
fn chapters_script(site: &Site) -> OutputFile {
    // Site-relative paths: the script prefixes each with the page's own way to the root.
    let chapters: Vec<Value> = site
        .top
        .iter()
        .map(|&c| {
            let ch = &site.chapters[c];
            tera::to_value(serde_json_map(&[
                ("id", Value::String(ch.id.clone())),
                ("title", Value::String(ch.title.clone())),
                (
                    "path",
                    Value::String(site.chapter_output(c).unwrap_or("").to_string()),
                ),
            ]))
            .expect("strings serialize")
        })
        .collect();
    let data = serde_json::to_string(&chapters).expect("plain data serializes");
    let js = include_str!("theme/chapters.js").replace("/*CHAPTERS*/[]", &data);
    let hash = xxhash_rust::xxh3::xxh3_64(js.as_bytes());
    OutputFile {
        path: format!("theme/chapters.{:08x}.js", hash as u32),
        bytes: js.into_bytes(),
    }
}

fn serde_json_map(pairs: &[(&str, Value)]) -> tera::Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn serde_json_value<T: Serialize>(v: &T) -> Value {
    tera::to_value(v).expect("site settings serialize")
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    author: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    stylesheet: &'a str,
    chapters_script: &'a str,
    /// Whether the site has posts: the theme links its Blog page only then.
    has_posts: bool,
    extra: &'a std::collections::BTreeMap<String, serde_yaml::Value>,
}

fn site_view<'a>(
    config: &'a Config,
    base_path: &'a str,
    stylesheet: &'a str,
    chapters_script: &'a str,
    has_posts: bool,
) -> SiteView<'a> {
    SiteView {
        chapters_script,
        has_posts,
        title: &config.title,
        author: &config.author,
        base_url: &config.base_url,
        base_path,
        stylesheet,
        extra: &config.extra,
    }
}
