//! Material's blog plugin (material/plugins/blog/plugin.py) on a MkDocs project: its posts
//! written where Material writes them (`blog/2024/01/15/first-light/`), and the pages it makes
//! of them (its "views"): the blog's index with its own text above the posts' excerpts, one
//! page a year (`blog/archive/2024/`), one a category (`blog/category/news/`), each paginated
//! (`page/2/`). The views are pages of Markdown made here, before the site is placed, so that
//! they are built, linked, searched and checked as every other page is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Page;
use crate::config::mkdocs::Blog;
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::Diagnostic;

/// Where a view's own text ends and the posts' excerpts it is given begin: a view kept from an
/// earlier build (`quire serve`) is cut there before it is given them again.
const LIST_MARK: &str = "\n<!-- quire: blog posts -->\n";

/// Whether a page is one of the blog's posts: in `post_dir`.
pub(crate) fn is_post(in_content: &Path, blog: &Blog) -> bool {
    blog.post_dir == "." || in_content.starts_with(&blog.post_dir)
}

/// Where Material writes a post (`_format_path_for_post`): `post_url_format` filled in with
/// the post's date, its first category, its file's name and its slug (`slug:`, else its title
/// slugified), under the blog's folder.
pub(crate) fn post_output(page: &Page, blog: &Blog, pretty_urls: bool) -> String {
    let slug = (page.meta.slug.clone())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slugify(&page.meta.title));
    let date = (page.meta.date.as_ref())
        .map(|d| format_date(d, &blog.post_url_date_format))
        .unwrap_or_default();
    let category = categories(page)
        .first()
        .map(|c| slugify(c))
        .unwrap_or_default();
    let file = page
        .source
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let path = (blog.post_url_format)
        .replace("{categories}", &category)
        .replace("{date}", &date)
        .replace("{file}", file)
        .replace("{slug}", &slug);
    let path = in_blog(blog, &path);
    super::mkdocs::output(Path::new(&path), pretty_urls)
}

/// `path` (`archive/2024`) under the blog's folder, as a source (`blog/archive/2024.md`),
/// empty parts and `.` taken out as `posixpath.normpath` does.
fn in_blog(blog: &Blog, path: &str) -> String {
    let parts: Vec<&str> = (blog.dir.split('/').chain(path.split('/')))
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    format!("{}.md", parts.join("/"))
}

/// A post's `categories:`, as written.
fn categories(page: &Page) -> Vec<String> {
    match page.meta.extra.get("categories") {
        Some(serde_json::Value::Array(items)) => (items.iter())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// Whether a post is pinned (`pin: true`): pinned posts come first in every list.
fn is_pinned(page: &Page) -> bool {
    page.meta.extra.get("pin") == Some(&serde_json::Value::Bool(true))
}

/// pymdownx's `slugify(case="lower")`, Material's default for posts and categories: tags and
/// every character but letters, digits, `_`, `-` and spaces taken out, lower case, each space
/// a `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_alphanumeric() || c == '_' || c == '-' || c == ' ' => plain.push(c),
            _ => {}
        }
    }
    plain.trim().to_lowercase().replace(' ', "-")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in one of Babel's formats as Material's options name them: `long` ("January 15,
/// 2024"), `medium`, `short`, or a pattern of `yyyy`, `yy`, `MMMM`, `MMM`, `MM`, `M`, `dd`, `d`
/// and literal text (`'quoted'` or not a letter). In English: quire has no Babel.
pub(crate) fn format_date(date: &Date, format: &str) -> String {
    let pattern = match format {
        "full" | "long" => "MMMM d, yyyy",
        "medium" => "MMM d, yyyy",
        "short" => "M/d/yy",
        other => other,
    };
    let (year, month, day) = (date.year(), date.month(), date.day_of_month());
    let month_no: usize = month.parse().unwrap_or(1);
    let name = MONTHS[month_no.clamp(1, 12) - 1];
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let run = chars[at..].iter().take_while(|&&d| d == c).count();
        at += run;
        match (c, run) {
            ('\'', _) => {
                let end = chars[at..].iter().position(|&d| d == '\'');
                let end = end.map_or(chars.len(), |e| at + e);
                out.extend(&chars[at..end]);
                at = end + 1;
            }
            ('y', 2) => out.push_str(&year[year.len().saturating_sub(2)..]),
            ('y', _) => out.push_str(year),
            ('M', 1) => out.push_str(&month_no.to_string()),
            ('M', 2) => out.push_str(month),
            ('M', 3) => out.push_str(&name[..3]),
            ('M', _) => out.push_str(name),
            ('d', 1) => out.push_str(day.trim_start_matches('0')),
            ('d', _) => out.push_str(day),
            (c, run) => out.extend(std::iter::repeat_n(c, run)),
        }
    }
    out
}

/// One post as the views list it.
struct Listed {
    /// Its source, relative to the site folder.
    source: PathBuf,
    title: String,
    date: Date,
    categories: Vec<String>,
    authors: Vec<String>,
    readtime: usize,
    /// Its Markdown up to the excerpt separator, its first-line H1 taken off; and whether the
    /// post goes on after it.
    excerpt: String,
    more: bool,
}

/// One page the blog plugin makes: its source (where it would be in the docs folder), title,
/// and the posts it lists, in order.
struct View {
    source: PathBuf,
    title: String,
    /// The text above the list: the blog index's own, else `# {title}`.
    text: String,
    posts: Vec<usize>,
    /// The sources of the view's pages when it has several (`blog/index.md`,
    /// `blog/page/2/index.md`, …), and which of them this is.
    pages: Vec<PathBuf>,
    at: usize,
}

/// The pages with the blog's: its posts dated, authored and timed as Material shows them, and
/// its views (the index given its list of posts, the archive's and categories' pages, each
/// paginated); and what is wrong in the posts (an author not in `.authors.yml`, a category not
/// allowed, an excerpt separator missing where required), by file.
pub(crate) fn with_views(
    mut pages: Vec<Arc<Page>>,
    config: &Config,
) -> (Vec<Arc<Page>>, Vec<Diagnostic>) {
    let Some(blog) = config.pages.blog.as_ref().filter(|_| config.from_mkdocs) else {
        return (pages, Vec::new());
    };
    let content = config.content.rel();
    let mut problems = Vec::new();
    let authors = read_authors(&config.site_dir, content, blog, &mut problems);
    let mut order: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].is_post && !pages[i].meta.draft)
        .collect();
    // Pinned first, then newest first; Python's sort is stable, so equals keep file order.
    order.sort_by(|&a, &b| {
        let key = |i: usize| (is_pinned(&pages[i]), pages[i].meta.date.clone());
        key(b).cmp(&key(a))
    });
    let mut listed = Vec::with_capacity(order.len());
    for &i in &order {
        match listed_post(&pages[i], blog, &authors) {
            Ok((post, shown)) => {
                pages[i] = Arc::new(shown);
                listed.push(post);
            }
            Err(d) => problems.push(d),
        }
    }
    let views = views(&pages, content, blog, &listed, &mut problems);
    let placing = super::Placing::of(config);
    for view in views {
        let text = view_text(&view, &listed, blog, content);
        match super::generated_page(&view.source, &placing, text) {
            Ok(page) => match pages.binary_search_by(|p| p.source.cmp(&view.source)) {
                Ok(at) => pages[at] = Arc::new(page),
                Err(at) => pages.insert(at, Arc::new(page)),
            },
            Err(e) => problems.extend(e),
        }
    }
    (pages, problems)
}

/// An author of `.authors.yml`: the name shown for their id.
#[derive(Debug, Clone, serde::Deserialize)]
struct Author {
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct AuthorsFile {
    #[serde(default)]
    authors: BTreeMap<String, Author>,
}

/// `authors_file` (`blog/.authors.yml`): the authors by id; none when there is no such file.
fn read_authors(
    site_dir: &Path,
    content: &Path,
    blog: &Blog,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Author> {
    if !blog.authors {
        return BTreeMap::new();
    }
    let path = content.join(&blog.authors_file);
    let Ok(text) = std::fs::read_to_string(site_dir.join(&path)) else {
        return BTreeMap::new();
    };
    match serde_yaml::from_str::<AuthorsFile>(&text) {
        Ok(file) => file.authors,
        Err(e) => {
            let mut d = Diagnostic::error("config", &path, format!("cannot read the blog's authors: {e}"))
                .hint("write `authors:` with one entry an author: `id: {name: …, description: …, avatar: …}`");
            if let Some(at) = e.location() {
                d = d.at_line(at.line());
            }
            problems.push(d);
            BTreeMap::new()
        }
    }
}

/// A post as the views list it, and the post as its own page shows it: its authors by name
/// (with what `.authors.yml` says of them) and its reading time, for the post template.
fn listed_post(
    page: &Page,
    blog: &Blog,
    authors: &BTreeMap<String, Author>,
) -> Result<(Listed, Page), Diagnostic> {
    let text = page.text()?;
    let body = &text[page.body_offset.min(text.len())..];
    let (excerpt, more) = match body.split_once(&blog.excerpt_separator) {
        Some((head, _)) => (head, true),
        None if blog.excerpt_required => {
            return Err(Diagnostic::error(
                "blog",
                &page.source,
                format!(
                    "the post has no `{}`, and `post_excerpt: required` asks each post for one",
                    blog.excerpt_separator
                ),
            )
            .hint("put the separator after the post's first paragraph, where its excerpt ends"));
        }
        None => (body, false),
    };
    // A post kept from an earlier build (`quire serve`) has its authors' names already.
    let ids: Vec<String> = match page.meta.extra.get("blog_author_ids") {
        Some(serde_json::Value::Array(ids)) => (ids.iter())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => page.meta.authors.clone(),
    };
    let mut names = Vec::new();
    for id in &ids {
        match authors.get(id) {
            Some(a) => names.push(a.clone()),
            None if !blog.authors => {}
            None => {
                return Err(Diagnostic::error(
                    "blog",
                    &page.source,
                    format!(
                        "the post names the author `{id}`, whom the blog's `{}` does not list",
                        blog.authors_file
                    ),
                )
                .hint("add the author to the authors file, or correct the id"))
            }
        }
    }
    let own = page.meta.extra.get("readtime").and_then(|v| v.as_u64());
    let readtime = own.map_or_else(|| readtime(body, blog.words_per_minute), |n| n as usize);
    let mut shown = page.clone();
    if !names.is_empty() {
        shown.meta.authors = names.iter().map(|a| a.name.clone()).collect();
        let about: Vec<serde_json::Value> = (names.iter())
            .map(|a| serde_json::json!({"name": a.name, "description": a.description}))
            .collect();
        shown.meta.extra.insert("blog_authors".into(), about.into());
        shown
            .meta
            .extra
            .insert("blog_author_ids".into(), ids.into());
    }
    if blog.readtime {
        shown.meta.extra.insert("readtime".into(), readtime.into());
    }
    let listed = Listed {
        source: page.source.clone(),
        title: page.meta.title.clone(),
        date: page.meta.date.clone().unwrap_or_else(|| Date::from_unix(0)),
        categories: if blog.categories {
            categories(page)
        } else {
            Vec::new()
        },
        authors: names.into_iter().map(|a| a.name).collect(),
        readtime: if blog.readtime { readtime } else { 0 },
        excerpt: excerpt_markdown(excerpt),
        more,
    };
    Ok((listed, shown))
}

/// Material's reading time (readtime/__init__.py): words at `per_minute`, rounded up, at
/// least one minute; counted here in the Markdown, its marks aside.
fn readtime(body: &str, per_minute: usize) -> usize {
    let words = body
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .count();
    let images = body.matches("![").count();
    let mut seconds = (words * 60).div_ceil(per_minute.max(1));
    let mut delta = 12;
    for _ in 0..images {
        seconds += delta;
        delta = (delta - 1).max(3);
    }
    seconds.div_ceil(60).max(1)
}

/// A post's excerpt as a view shows it: its first-line H1 taken off (the view titles it with
/// a link), every other heading one level down, as Material renders excerpts (`baselevel: 2`).
fn excerpt_markdown(excerpt: &str) -> String {
    let mut out = String::with_capacity(excerpt.len());
    let mut fence: Option<&str> = None;
    let mut first = true;
    for line in excerpt.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if first && t.starts_with("# ") {
            first = false;
            continue;
        } else if line.starts_with('#') {
            out.push('#');
        }
        if !t.is_empty() {
            first = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

/// The blog's views, with the posts (indices into `listed`) each lists.
fn views(
    pages: &[Arc<Page>],
    content: &Path,
    blog: &Blog,
    listed: &[Listed],
    problems: &mut Vec<Diagnostic>,
) -> Vec<View> {
    let index_source = content.join(in_blog(blog, "index"));
    let (index_text, index_title) = match pages.binary_search_by(|p| p.source.cmp(&index_source)) {
        Ok(at) => match pages[at].text() {
            Ok(text) => (own_text(&text), pages[at].meta.title.clone()),
            Err(d) => {
                problems.push(d);
                (String::new(), pages[at].meta.title.clone())
            }
        },
        Err(_) => ("# Blog\n".to_string(), "Blog".to_string()),
    };
    let mut views = vec![View {
        source: index_source,
        title: index_title,
        text: index_text,
        posts: (0..listed.len()).collect(),
        pages: Vec::new(),
        at: 0,
    }];
    let mut by_source: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut add = |views: &mut Vec<View>, path: String, title: String, post: usize| {
        let source = content.join(in_blog(blog, &path));
        let at = *by_source.entry(source.clone()).or_insert_with(|| {
            views.push(View {
                source,
                text: format!("# {title}\n"),
                title,
                posts: Vec::new(),
                pages: Vec::new(),
                at: 0,
            });
            views.len() - 1
        });
        views[at].posts.push(post);
    };
    for (i, post) in listed.iter().enumerate() {
        if blog.archive {
            let date = format_date(&post.date, &blog.archive_url_date_format);
            let path = blog.archive_url_format.replace("{date}", &date);
            add(
                &mut views,
                path,
                format_date(&post.date, &blog.archive_date_format),
                i,
            );
        }
        for name in post.categories.iter() {
            if !blog.categories_allowed.is_empty() && !blog.categories_allowed.contains(name) {
                problems.push(
                    Diagnostic::error("blog", &post.source, format!("the post's category `{name}` is not in the blog's `categories_allowed`"))
                        .hint("add it to `categories_allowed` in mkdocs.yml, or use one of the categories listed there"),
                );
                continue;
            }
            let path = blog.categories_url_format.replace("{slug}", &slugify(name));
            add(&mut views, path, name.clone(), i);
        }
    }
    paginated(views, blog)
}

/// The view's own text, without the list an earlier build gave it.
fn own_text(text: &str) -> String {
    text.split(LIST_MARK).next().unwrap_or("").to_string()
}

/// Each view cut into pages of `pagination_per_page` posts: the second and later at
/// `pagination_url_format` beside it (`blog/page/2/`, `blog/archive/2024/page/2/`), each
/// titled as the first.
fn paginated(views: Vec<View>, blog: &Blog) -> Vec<View> {
    if !blog.pagination {
        return views;
    }
    let mut out = Vec::new();
    for view in views {
        let chunks: Vec<Vec<usize>> = view
            .posts
            .chunks(blog.per_page)
            .map(<[usize]>::to_vec)
            .collect();
        let base = view.source.with_extension("");
        let base = match super::mkdocs::is_index(&view.source) {
            true => base.parent().map(Path::to_path_buf).unwrap_or_default(),
            false => base,
        };
        let sources: Vec<PathBuf> = (1..=chunks.len().max(1))
            .map(|n| match n {
                1 => view.source.clone(),
                n => {
                    let path = blog.pagination_url_format.replace("{page}", &n.to_string());
                    base.join(path.trim_matches('/')).join("index.md")
                }
            })
            .collect();
        let pages = if sources.len() > 1 {
            sources.clone()
        } else {
            Vec::new()
        };
        for (n, posts) in chunks.iter().enumerate().skip(1) {
            out.push(View {
                source: sources[n].clone(),
                title: view.title.clone(),
                text: format!("# {}\n", view.title),
                posts: posts.clone(),
                pages: pages.clone(),
                at: n,
            });
        }
        let first = chunks.into_iter().next().unwrap_or_default();
        out.push(View {
            posts: first,
            pages,
            at: 0,
            ..view
        });
    }
    out
}

/// A view's Markdown: its own text, then each post's excerpt as Material lays it out (meta
/// line, title linking to the post, excerpt, "Continue reading"), then links to its other pages.
fn view_text(view: &View, listed: &[Listed], blog: &Blog, content: &Path) -> String {
    let folder = view.source.parent().unwrap_or(Path::new(""));
    let to = |source: &Path| relative(folder, source);
    let mut out = view.text.trim_end().to_string();
    out.push('\n');
    out.push_str(LIST_MARK);
    for &i in &view.posts {
        let post = &listed[i];
        let link = to(&post.source);
        out.push_str(
            "\n<article class=\"md-post md-post--excerpt\">\n<div class=\"md-post__meta\">\n\n",
        );
        let mut meta = vec![format!(
            "<time datetime=\"{}\">{}</time>",
            post.date.as_str(),
            format_date(&post.date, "long")
        )];
        if !post.categories.is_empty() {
            let links: Vec<String> = (post.categories.iter())
                .map(|c| {
                    let path = blog.categories_url_format.replace("{slug}", &slugify(c));
                    let source = content.join(in_blog(blog, &path));
                    format!("[{c}]({})", to(&source))
                })
                .collect();
            meta.push(format!("in {}", links.join(", ")));
        }
        if post.readtime > 0 {
            meta.push(format!("{} min read", post.readtime));
        }
        if !post.authors.is_empty() {
            meta.push(format!("by {}", post.authors.join(", ")));
        }
        out.push_str(&meta.join(" · "));
        out.push_str("\n\n</div>\n<div class=\"md-post__content\">\n\n");
        out.push_str(&format!(
            "## [{}]({link})\n\n",
            post.title.replace(['[', ']'], "")
        ));
        out.push_str(&post.excerpt);
        out.push_str("\n\n</div>\n");
        if post.more {
            out.push_str(&format!(
                "<nav class=\"md-post__action\">\n\n[Continue reading]({link})\n\n</nav>\n"
            ));
        }
        out.push_str("</article>\n");
    }
    if !view.pages.is_empty() {
        let links: Vec<String> = (view.pages.iter().enumerate())
            .map(|(n, source)| match n == view.at {
                true => format!("<span class=\"md-pagination__current\">{}</span>", n + 1),
                false => format!("[{}]({})", n + 1, to(source)),
            })
            .collect();
        out.push_str("\n<nav class=\"md-pagination\">\n\n");
        out.push_str(&links.join(" "));
        out.push_str("\n\n</nav>\n");
    }
    out
}

/// `target` relative to the folder `from`, with `/`.
pub(crate) fn relative(from: &Path, target: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let target: Vec<_> = target.components().collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_string(), from.len() - common);
    let downs = target[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_babels_patterns() {
        let d = Date::parse("2024-03-02").unwrap();
        assert_eq!(format_date(&d, "yyyy/MM/dd"), "2024/03/02");
        assert_eq!(format_date(&d, "long"), "March 2, 2024");
        assert_eq!(format_date(&d, "yyyy"), "2024");
        assert_eq!(format_date(&d, "MMMM yyyy"), "March 2024");
        assert_eq!(format_date(&d, "yyyy-'W'M"), "2024-W3");
    }

    #[test]
    fn slugs_as_pymdownx_makes_them() {
        assert_eq!(
            slugify("Which oil burns cleanest?"),
            "which-oil-burns-cleanest"
        );
        assert_eq!(slugify("A  b"), "a--b");
        assert_eq!(slugify("Café 2.0"), "café-20");
        assert_eq!(slugify("<b>Bold</b> move"), "bold-move");
    }

    #[test]
    fn excerpts_lose_their_title_and_step_their_headings_down() {
        let md = "# Title\n\nText.\n\n## Part\n\n```\n# not a heading\n```\n";
        assert_eq!(
            excerpt_markdown(md),
            "Text.\n\n### Part\n\n```\n# not a heading\n```"
        );
    }

    #[test]
    fn relative_paths() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("docs/blog", "docs/blog/posts/a.md"), "posts/a.md");
        assert_eq!(
            r("docs/blog/category", "docs/blog/posts/a.md"),
            "../posts/a.md"
        );
    }
}
