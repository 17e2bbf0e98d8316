//! The pages quire makes of the site as a whole: the contents (index.html) and the blog.

use super::assets::OutputFile;
use super::views::{page_link, post_link, ContentsChapter, Link, PostLink};
use super::RenderContext;
use crate::diagnostic::Diagnostic;

impl RenderContext<'_> {
    /// index.html: the chapters with their pages, and the newest posts.
    pub fn render_index(&self) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let url = |o: &str| self.url(o);
        let contents: Vec<ContentsChapter> = site
            .top
            .iter()
            .map(|&c| {
                let ch = &site.chapters[c];
                let mut pages: Vec<Link> = ch
                    .pages
                    .iter()
                    .map(|&i| page_link(&site.pages[i], &url))
                    .collect();
                for &s in &ch.children {
                    if let Some(o) = site.chapter_output(s) {
                        let sub = &site.chapters[s];
                        pages.push(Link {
                            title: &sub.title,
                            sidebartitle: &sub.title,
                            url: url(o),
                        });
                    }
                }
                ContentsChapter {
                    id: &ch.id,
                    title: &ch.title,
                    url: url(site.chapter_output(c).unwrap_or("")),
                    pages,
                }
            })
            .collect();
        let loose: Vec<Link> = site
            .loose
            .iter()
            .map(|&i| page_link(&site.pages[i], &url))
            .collect();
        let mut ctx = self.base_context();
        ctx.insert("contents", &contents);
        ctx.insert("loose", &loose);
        ctx.insert("posts", &self.recent_value);
        ctx.insert("share", &self.sharing.listing("index.html", None));
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
        let mut ctx = self.base_context();
        ctx.insert("posts", &posts);
        ctx.insert("share", &self.sharing.listing("blog.html", Some("Blog")));
        self.render_named("blog.html", "blog.html", &ctx)
    }
}
