//! Material's blog plugin (material/plugins/blog/plugin.py) on a MkDocs project: its posts
//! written where Material writes them (`blog/2024/01/15/first-light/`), and the pages it makes
//! of them (its "views"): the blog's index with its own text above the posts' excerpts, one
//! page a year (`blog/archive/2024/`), one a category (`blog/category/news/`), each paginated
//! (`page/2/`). The views are pages of Markdown made here, before the site is placed, so that
//! they are built, linked, searched and checked as every other page is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::meta::Meta;
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

/// Whether a post is built, as Material's `_is_excluded` decides: every post when the blog
/// builds drafts (`draft: true`, or `quire serve` with `draft_on_serve`); else a post's own
/// `draft:`; else, with `draft_if_future_date`, whether its date is later than now. A draft
/// that is built is marked so (`blog_draft`): the views show it as one.
pub(crate) fn settle_draft(front_matter: &str, meta: &mut Meta, blog: &Blog) {
    let written = (front_matter.lines())
        .find_map(|l| l.strip_prefix("draft:"))
        .and_then(crate::content::meta::parse_bool);
    let future = || {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        let now = Date::from_unix(now.map_or(0, |d| d.as_secs() as i64));
        blog.draft_if_future_date && meta.date.as_ref().is_some_and(|d| *d > now)
    };
    let draft = written.unwrap_or_else(|| meta.draft || future());
    meta.draft = draft && !blog.draft;
    if draft && blog.draft {
        meta.extra.insert("blog_draft".into(), true.into());
    }
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
    /// Its authors' ids, and the authors as `.authors.yml` has them.
    author_ids: Vec<String>,
    authors: Vec<Author>,
    readtime: usize,
    /// Its Markdown up to the excerpt separator, its first-line H1 taken off; and whether the
    /// post goes on after it.
    excerpt: String,
    more: bool,
    /// A draft built all the same (`quire serve`): its excerpt says so.
    draft: bool,
}

/// Which of Material's views a view is: each kind has its own pagination settings.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Index,
    Archive,
    Category,
    Profile,
}

/// One page the blog plugin makes: its source (where it would be in the docs folder), title,
/// and the posts it lists, in order.
struct View {
    kind: Kind,
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
        match listed_post(&pages[i], blog, &authors, config.pretty_urls) {
            Ok((post, mut shown)) => {
                let titles = (&pages[..], config.nav.as_ref());
                let links = related_links(&shown, titles, content, &mut problems);
                if !links.is_empty() {
                    shown.meta.extra.insert("blog_links".into(), links.into());
                }
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

/// An author of `.authors.yml`: the name shown for their id, and what Material shows with
/// it. `avatar` is a URL (kept as written: quire fetches nothing) or a path from the docs
/// folder (its file is copied as every other file there); `slug` names their profile page,
/// `url` is where their name links (their profile page when there is one).
#[derive(Debug, Clone, serde::Deserialize)]
struct Author {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    avatar: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    url: Option<String>,
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
    pretty_urls: bool,
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
            Some(a) => names.push(Author {
                url: (a.url.clone()).or_else(|| profile_url(blog, id, a, pretty_urls)),
                ..a.clone()
            }),
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
            .map(|a| {
                serde_json::json!({"name": a.name, "description": a.description,
                    "avatar": a.avatar, "url": a.url})
            })
            .collect();
        shown.meta.extra.insert("blog_authors".into(), about.into());
        shown
            .meta
            .extra
            .insert("blog_author_ids".into(), ids.clone().into());
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
        author_ids: ids,
        authors: names,
        readtime: if blog.readtime { readtime } else { 0 },
        excerpt: excerpt_markdown(excerpt),
        more,
        draft: page.meta.extra.get("blog_draft") == Some(&serde_json::Value::Bool(true)),
    };
    Ok((listed, shown))
}

/// A post's `links:` (Material's "Related links"), for its template: each item `{title, url}`
/// (a URL path from the site's root, or an address elsewhere) or a section `{title, children}`.
/// A path is from the docs folder, as in `nav:`; a page's title is its own unless the item
/// names one, else the nav's, else the page's own. A path to no page is a warning, and the link
/// is left out.
fn related_links(
    post: &Page,
    (pages, nav): (&[Arc<Page>], Option<&crate::config::nav::Nav>),
    content: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<serde_json::Value> {
    use serde_json::{json, Value};
    fn item(
        v: &Value,
        find: &dyn Fn(&str, Option<&str>) -> Option<Value>,
        missing: &mut Vec<String>,
    ) -> Option<Value> {
        let (title, target) = match v {
            Value::String(path) => (None, path),
            Value::Object(m) => match m.iter().next()? {
                (title, Value::Array(children)) => {
                    let children: Vec<Value> = (children.iter())
                        .filter_map(|c| item(c, find, missing))
                        .collect();
                    return Some(json!({"title": title, "children": children}));
                }
                (title, Value::String(path)) => (Some(title.as_str()), path),
                _ => return None,
            },
            _ => return None,
        };
        let found = find(target, title);
        if found.is_none() {
            missing.push(target.clone());
        }
        found
    }
    let Some(Value::Array(items)) = post.meta.extra.get("links") else {
        return Vec::new();
    };
    let find = |target: &str, title: Option<&str>| -> Option<Value> {
        if crate::url::leaves_site(target) {
            return Some(json!({"title": title.unwrap_or(target), "url": target}));
        }
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let source = content.join(path.trim_start_matches('/'));
        let at = pages.binary_search_by(|p| p.source.cmp(&source)).ok()?;
        let page = &pages[at];
        let url = match fragment {
            "" => page.url_path().to_string(),
            f => format!("{}#{f}", page.url_path()),
        };
        let in_nav = nav.and_then(|n| nav_title(&n.entries, path.trim_start_matches('/')));
        let title = (title.map(str::to_string))
            .or(in_nav)
            .unwrap_or_else(|| page.meta.title.clone());
        Some(json!({"title": title, "url": url}))
    };
    let mut missing = Vec::new();
    let links = (items.iter())
        .filter_map(|v| item(v, &find, &mut missing))
        .collect();
    for target in missing {
        problems.push(
            Diagnostic::warning(
                "blog",
                &post.source,
                format!("the post's `links:` name `{target}`, which is no page of the site"),
            )
            .hint("write the page's path from the docs folder, as in `nav:` (`guide/setup.md`)"),
        );
    }
    links
}

/// The title `nav:` gives the page at `path` (under the docs folder), if it names one.
fn nav_title(entries: &[crate::config::nav::NavEntry], path: &str) -> Option<String> {
    use crate::config::nav::NavTarget;
    entries.iter().find_map(|e| match &e.target {
        NavTarget::Page(p) if p == path => e.title.clone(),
        NavTarget::Section(children) => nav_title(children, path),
        _ => None,
    })
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
        kind: Kind::Index,
        source: index_source,
        title: index_title,
        text: index_text,
        posts: (0..listed.len()).collect(),
        pages: Vec::new(),
        at: 0,
    }];
    let mut by_source: BTreeMap<PathBuf, usize> = BTreeMap::new();
    // A view, by its source under the blog's folder, given a post.
    let mut add = |views: &mut Vec<View>, kind: Kind, path: String, title: String, post: usize| {
        let source = content.join(path);
        let at = *by_source.entry(source.clone()).or_insert_with(|| {
            views.push(View {
                kind,
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
            let title = format_date(&post.date, &blog.archive_date_format);
            add(&mut views, Kind::Archive, in_blog(blog, &path), title, i);
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
            add(
                &mut views,
                Kind::Category,
                in_blog(blog, &path),
                name.clone(),
                i,
            );
        }
        for (id, author) in post.author_ids.iter().zip(&post.authors) {
            if let Some(path) = profile_path(blog, id, author) {
                add(&mut views, Kind::Profile, path, author.name.clone(), i);
            }
        }
    }
    paginated(views, blog)
}

/// Where an author's profile page is (`authors_profiles_url_format` filled in with their
/// `slug`, else their id, and their name), as a source under the docs folder; none without
/// `authors_profiles`.
fn profile_path(blog: &Blog, id: &str, author: &Author) -> Option<String> {
    let slug = author.slug.as_deref().unwrap_or(id);
    let path = (blog.authors_profiles_url_format)
        .replace("{slug}", slug)
        .replace("{name}", &author.name);
    blog.authors_profiles.then(|| in_blog(blog, &path))
}

/// An author's profile page as a URL path from the site's root (`blog/author/ada/`), which
/// their name links to unless `.authors.yml` gives them a `url`.
fn profile_url(blog: &Blog, id: &str, author: &Author, pretty_urls: bool) -> Option<String> {
    let output = super::mkdocs::output(Path::new(&profile_path(blog, id, author)?), pretty_urls);
    Some(match pretty_urls {
        true => output.trim_end_matches("index.html").to_string(),
        false => output,
    })
}

/// The view's own text, without the list an earlier build gave it.
fn own_text(text: &str) -> String {
    text.split(LIST_MARK).next().unwrap_or("").to_string()
}

/// Each view cut into pages of `pagination_per_page` posts: the second and later at
/// `pagination_url_format` beside it (`blog/page/2/`, `blog/archive/2024/page/2/`), each
/// titled as the first.
fn paginated(views: Vec<View>, blog: &Blog) -> Vec<View> {
    let mut out = Vec::new();
    for view in views {
        let own = match view.kind {
            Kind::Index => Default::default(),
            Kind::Archive => blog.archive_pagination,
            Kind::Category => blog.categories_pagination,
            Kind::Profile => blog.profiles_pagination,
        };
        if !own.on.unwrap_or(blog.pagination) {
            out.push(view);
            continue;
        }
        let per_page = own.per_page.unwrap_or(blog.per_page);
        let chunks: Vec<Vec<usize>> = (view.posts.chunks(per_page))
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
        let pages = sources.clone();
        for (n, posts) in chunks.iter().enumerate().skip(1) {
            out.push(View {
                kind: view.kind,
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
        out.push_str(&excerpt_meta(post, blog, content, &to));
        out.push_str("\n\n</div>\n<div class=\"md-post__content\">\n\n");
        out.push_str(&format!(
            "## [{}]({link})\n\n",
            post.title.replace(['[', ']'], "")
        ));
        // Written beside the post: its relative links and images reach from the view too.
        let excerpt = quire_markdown::include::rebased(&post.excerpt, &post.source, &view.source);
        out.push_str(&excerpt);
        out.push_str("\n\n</div>\n");
        if post.more {
            out.push_str(&format!(
                "<nav class=\"md-post__action\">\n\n[Continue reading]({link})\n\n</nav>\n"
            ));
        }
        out.push_str("</article>\n");
    }
    let shown = view.pages.len() > 1 || (view.pages.len() == 1 && blog.pagination_if_single_page);
    if shown {
        let link = |n: usize| to(&view.pages[n - 1]);
        let at = (view.at + 1, view.pages.len());
        out.push_str("\n<nav class=\"md-pagination\">\n\n");
        out.push_str(&pager(&blog.pagination_format, at, &link));
        out.push_str("\n\n</nav>\n");
    }
    out
}

/// An excerpt's meta line: the first author's avatar (Material's `post_excerpt_max_authors`
/// default), its date, categories, reading time and authors; "Draft" on a draft.
fn excerpt_meta(
    post: &Listed,
    blog: &Blog,
    content: &Path,
    to: &dyn Fn(&Path) -> String,
) -> String {
    let mut out = String::new();
    for author in post.authors.iter().take(1).filter(|a| !a.avatar.is_empty()) {
        let src = match crate::url::leaves_site(&author.avatar) {
            true => author.avatar.clone(),
            false => to(&content.join(author.avatar.trim_start_matches('/'))),
        };
        out.push_str(&format!("![{}]({src}) ", author.name));
    }
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
        let names: Vec<&str> = post.authors.iter().map(|a| a.name.as_str()).collect();
        meta.push(format!("by {}", names.join(", ")));
    }
    out.push_str(&meta.join(" · "));
    if post.draft {
        out.push_str(" <span class=\"md-draft\">Draft</span>");
    }
    out
}

/// The links to a view's pages as paginate's `Page.pager(format)` writes them for Material:
/// `~N~` the pages within N of this one (the first and last always, `..` for a gap), `$link_first`,
/// `$link_previous`, `$link_next`, `$link_last` (each only where it leads somewhere), and
/// `$page`, `$page_count`, `$first_page` and `$last_page` (the items' counts are kept as
/// written). `page` is this page's number, of `last`.
fn pager(format: &str, (page, last): (usize, usize), link: &dyn Fn(usize) -> String) -> String {
    let radius = format
        .split('~')
        .nth(1)
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(2);
    let to = |n: usize, text: &str| format!("[{text}]({})", link(n));
    let dots = "<span class=\"md-pagination__dots\">..</span>".to_string();
    let (left, right) = (
        page.saturating_sub(radius).max(1),
        (page + radius).min(last),
    );
    let mut range = Vec::new();
    if page != 1 && 1 < left {
        range.push(to(1, "1"));
    }
    if left - 1 > 1 {
        range.push(dots.clone());
    }
    for n in left..=right {
        range.push(match n == page {
            true => format!("<span class=\"md-pagination__current\">{n}</span>"),
            false => to(n, &n.to_string()),
        });
    }
    if last - right > 1 {
        range.push(dots);
    }
    if page != last && right < last {
        range.push(to(last, &last.to_string()));
    }
    let range = range.join(" ");
    let mut out = String::new();
    let mut rest = format;
    // `~N~` (any N) is the range.
    while let Some(at) = rest.find('~') {
        let digits = rest[at + 1..].find(|c: char| !c.is_ascii_digit());
        match digits.map(|d| at + 1 + d) {
            Some(end) if end > at + 1 && rest[end..].starts_with('~') => {
                out.push_str(&rest[..at]);
                out.push_str(&range);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    let value = |name: &str| -> Option<String> {
        Some(match name {
            "link_first" if page > 1 => to(1, "«"),
            "link_previous" if page > 1 => to(page - 1, "‹"),
            "link_next" if page < last => to(page + 1, "›"),
            "link_last" if page < last => to(last, "»"),
            "link_first" | "link_previous" | "link_next" | "link_last" => String::new(),
            "page" => page.to_string(),
            "page_count" | "last_page" => last.to_string(),
            "first_page" => "1".to_string(),
            _ => return None,
        })
    };
    substitute(&out, &value)
}

/// Python's `Template.safe_substitute`: each `$name` that `value` knows replaced, `$$` a `$`,
/// anything else kept as written.
fn substitute(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(more) = after.strip_prefix('$') {
            out.push('$');
            rest = more;
            continue;
        }
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        match value(&after[..len]) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[at..at + 1 + len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
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
    fn page_links_as_paginate_writes_them() {
        let link = |n: usize| format!("p{n}");
        let p = |format: &str, page: usize, last: usize| pager(format, (page, last), &link);
        let cur = |n: usize| format!("<span class=\"md-pagination__current\">{n}</span>");
        let dots = "<span class=\"md-pagination__dots\">..</span>";
        // Radius 1 around page 5 of 9: the first and last pages, gaps as `..`.
        assert_eq!(
            p("~1~", 5, 9),
            format!("[1](p1) {dots} [4](p4) {} [6](p6) {dots} [9](p9)", cur(5))
        );
        // The links that lead nowhere from the first page are left out.
        assert_eq!(
            p("$link_first $link_previous ~2~ $link_next $link_last", 1, 2),
            format!("  {} [2](p2) [›](p2) [»](p2)", cur(1))
        );
        assert_eq!(
            p("Page $page of $page_count, $$5 $other", 2, 3),
            "Page 2 of 3, $5 $other"
        );
    }

    #[test]
    fn a_posts_own_draft_wins_unless_the_blog_builds_drafts() {
        let blog = |draft: bool, future: bool| {
            let mut b = Blog::read(&serde_yaml::Mapping::new());
            b.draft = draft;
            b.draft_if_future_date = future;
            b
        };
        let settled = |front: &str, date: &str, blog: &Blog| {
            let text = format!("---\ndate: {date}\n{front}---\n\n# A\n");
            let page = super::super::parse_page_as(Path::new("docs/a.md"), text.clone(), true);
            let mut meta = page.unwrap().meta;
            settle_draft(&text, &mut meta, blog);
            (meta.draft, meta.extra.contains_key("blog_draft"))
        };
        assert_eq!(
            settled("draft: true\n", "2024-01-01", &blog(false, false)),
            (true, false)
        );
        // Served: built, and marked a draft.
        assert_eq!(
            settled("draft: true\n", "2024-01-01", &blog(true, false)),
            (false, true)
        );
        assert_eq!(settled("", "2999-01-01", &blog(false, true)), (true, false));
        assert_eq!(
            settled("draft: false\n", "2999-01-01", &blog(false, true)),
            (false, false)
        );
        assert_eq!(
            settled("", "2999-01-01", &blog(false, false)),
            (false, false)
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
