//! The pages quire makes of the site as a whole: the contents (index.html), the blog, and the
//! pages of tags, categories and authors.

use super::assets::OutputFile;
use super::views::{page_link, post_link, ContentsChapter, Link, PostLink, TermLink, TermView};
use super::RenderContext;
use crate::content::taxonomy::{
    author_output, category_output, tag_output, Term, AUTHORS_INDEX, TAGS_INDEX,
};
use crate::diagnostic::Diagnostic;

impl<'a> RenderContext<'a> {
    /// index.html: the chapters with their pages, and the newest posts.
    pub(crate) fn render_index(&self) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let url = |o: &str| self.url(o);
        let contents: Vec<ContentsChapter> = site
            .top
            .iter()
            // The contents list the site's pages; a nav's links out are the sidebar's.
            .filter(|&&c| site.chapters[c].link.is_none())
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
    pub(crate) fn render_blog(&self) -> Result<OutputFile, Diagnostic> {
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

    /// The tags and authors pages (with counts) and every tag's, category's and author's page.
    pub(crate) fn render_terms(&self) -> Vec<Result<OutputFile, Diagnostic>> {
        let taxonomy = &self.site.taxonomy;
        let mut files = Vec::new();
        if !taxonomy.tags.is_empty() {
            let mut ctx = self.base_context();
            ctx.insert("tags", &self.tag_links());
            ctx.insert("share", &self.sharing.listing(TAGS_INDEX, Some("Tags")));
            files.push(self.render_named("tags.html", TAGS_INDEX, &ctx));
        }
        if !taxonomy.authors.is_empty() {
            let mut ctx = self.base_context();
            ctx.insert("authors", &self.author_links());
            ctx.insert(
                "share",
                &self.sharing.listing(AUTHORS_INDEX, Some("Authors")),
            );
            files.push(self.render_named("authors.html", AUTHORS_INDEX, &ctx));
        }
        for view in self.term_views() {
            let output = match view.kind {
                "tag" => tag_output(view.slug),
                "author" => author_output(view.slug),
                _ => category_output(view.slug),
            };
            let mut ctx = self.base_context();
            ctx.insert("share", &self.sharing.listing(&output, Some(view.name)));
            ctx.insert("term", &view);
            files.push(self.render_named("tag.html", &output, &ctx));
        }
        files
    }

    /// Every tag with its count, as the tags page lists them.
    pub(super) fn tag_links(&self) -> Vec<TermLink<'_>> {
        (self.site.taxonomy.tags.iter())
            .map(|t| TermLink {
                name: &t.name,
                url: self.url(&tag_output(&t.slug)),
                count: t.pages.len(),
            })
            .collect()
    }

    /// Every author with their number of posts, as authors.html lists them.
    pub(super) fn author_links(&self) -> Vec<TermLink<'_>> {
        (self.site.taxonomy.authors.iter())
            .map(|a| TermLink {
                name: &a.name,
                url: self.url(&author_output(&a.slug)),
                count: a.pages.len(),
            })
            .collect()
    }

    /// Every tag's, category's and author's page, as tag.html sees it.
    pub(super) fn term_views(&self) -> Vec<TermView<'_>> {
        let taxonomy = &self.site.taxonomy;
        let tags = (taxonomy.tags.iter()).map(|t| self.term_view("tag", t, tag_output(&t.slug)));
        let categories = (taxonomy.categories.iter())
            .map(|c| self.term_view("category", c, category_output(&c.slug)));
        let authors =
            (taxonomy.authors.iter()).map(|a| self.term_view("author", a, author_output(&a.slug)));
        tags.chain(categories).chain(authors).collect()
    }

    fn term_view<'t>(&self, kind: &'static str, term: &'t Term, output: String) -> TermView<'t>
    where
        'a: 't,
    {
        let url = |o: &str| self.url(o);
        TermView {
            kind,
            name: &term.name,
            slug: &term.slug,
            url: url(&output),
            pages: (term.pages.iter())
                .map(|&i| post_link(&self.site.pages[i], &url))
                .collect(),
        }
    }
}
