#!/usr/bin/env python3
"""Builds Pelican sites with real Pelican and with `quire import pelican` + `quire build`, and
compares what a reader sees of every article and page: the output paths, titles, dates,
summaries and tags. Prints a table per site and every mismatch; exits 1 if any.

    python3 bench/pelican_parity.py [--site DIR ...] [--pages 300] [--posts 60] [--pelican PATH]
                                    [--pelican3 PATH] [--quire PATH] [--keep]
                                    [--conf-extra TEXT] [--tz ZONE]

--conf-extra adds settings to a --site's comparison settings, for a real site whose own need
a change to run on this Pelican at all (`TEMPLATE_PAGES = {}` for templates of a theme that is
not there, `del JINJA_EXTENSIONS` for Pelican 3's setting that 4.12 cannot read). --tz runs
Pelican with TZ set: Pelican reads DEFAULT_DATE = 'fs' in the building machine's zone, quire in
TIMEZONE, which agree when the two are the same.

Without --site: a corpus made by `bench/gen_corpus.py --pages N --peers pelican` (pages with
front matter and code, as the seed's sites have), with --posts of its pages copied as dated
articles with tags (every other one with a `summary:`), tests/fixtures/pelican (articles,
tags, authors, translations, {attach}, URL settings), and a site made here with the habits of
sites of every age (`habits_site`: dates in every form dateutil reads, Save_as/URL in any case,
the site's own home and 404 pages, hidden pages, tags beyond ASCII, theme templates, a
notebook, computed settings); with --pelican3 (Pelican 3.7's `pelican`), that site is compared
with Pelican 3.7 too.

Both builds use the site's own settings, read through a settings file that imports them
(`from pelicanconf import *`, which quire's import follows too) and sets only what a comparison
needs: a SITEURL (quire writes no feed without one), Pelican's default theme and its
all-articles feed, no plugins. What is compared, and where it is read from:
- paths: every HTML file that is an article or page (listings, tag, category and author pages,
  feeds and drafts aside);
- title: the page's <title> (quire's without its ` · Site` suffix);
- date (articles): Pelican's <abbr class="published" title=…>, quire's <time datetime=…>, both
  without the time zone (a day alone has none in quire's `<time>`);
- published (articles): both Atom feeds' <published>, with the offset (TIMEZONE's for a date
  written without one);
- summary (articles): both Atom feeds' <summary>, as text (quire's page description for a
  translation, which is in no feed);
- tags (articles): the tag links on the page.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PARITY_CONF = """# Written by bench/pelican_parity.py: the site's settings, and what the comparison needs.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from {module} import *

SITEURL = 'https://parity.example'
RELATIVE_URLS = False
THEME = 'notmyidea'
PLUGINS = []
FEED_ALL_ATOM = 'feeds/all.atom.xml'
DIRECT_TEMPLATES = ['index', 'tags', 'categories', 'authors', 'archives']
INDEX_SAVE_AS = 'index.html'
FEED_MAX_ITEMS = 100000
"""

# Pelican's listing pages, and quire's: not articles or pages.
PELICAN_LISTINGS = re.compile(
    r"^(index\d*\.html|404\.html|blog_index\d*\.html|archives\.html|authors\.html|categories\.html|tags\.html|"
    r"(tag|category|author|drafts|feeds|theme)/.*)$")
QUIRE_LISTINGS = re.compile(
    r"^(index\.html|blog\.html|404\.html|authors\.html|(tags|category|author|theme)/.*)$")


def run(cmd, cwd=None, env=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


def html_files(out, listings):
    found = {}
    for dirpath, _, files in os.walk(out):
        for f in files:
            if not f.endswith(".html"):
                continue
            path = os.path.relpath(os.path.join(dirpath, f), out).replace(os.sep, "/")
            if not listings.match(path):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    found[path] = fh.read()
    return found


def text(fragment):
    """HTML as the words a reader sees: tags gone (blocks parted by a space), entities decoded,
    spaces collapsed."""
    fragment = re.sub(r"</?(p|div|li|ul|ol|h\d|pre|br|table|tr|td|th|blockquote)\b[^>]*>", " ", fragment)
    fragment = re.sub(r"<[^>]+>", "", fragment)
    return re.sub(r"\s+", " ", html.unescape(fragment)).strip()


def first(pattern, s, flags=re.S):
    m = re.search(pattern, s, flags)
    return m.group(1) if m else None


def day_time(value):
    """`2024-03-05T10:00:00+00:00` or `2024-03-05 10:00` as `2024-03-05T10:00:00`."""
    if value is None:
        return None
    value = html.unescape(value).strip().replace(" ", "T")
    value = re.sub(r"(Z|[+-]\d\d:\d\d)$", "", value)
    date, _, time = value.partition("T")
    time = (time + ":00:00")[:8] if time else "00:00:00"
    if len(time.split(":")[0]) == 1:
        time = "0" + time
    return f"{date}T{time}"


def iso(value):
    """quire's `2024-03-05 10:00+00:00` as the feed writes it, `2024-03-05T10:00:00+00:00`."""
    if not value or " " not in value:
        return value
    day, time = value.split(" ", 1)
    m = re.match(r"(\d\d:\d\d)(:\d\d)?(.*)$", time)
    return f"{day}T{m.group(1)}{m.group(2) or ':00'}{m.group(3)}" if m else value


def pelican_summaries(out):
    """Each article's Atom summary (text) and <published>, by its output path."""
    feed = os.path.join(out, "feeds", "all.atom.xml")
    summaries = {}
    if not os.path.exists(feed):
        return summaries, {}
    with open(feed, encoding="utf-8") as fh:
        xml = fh.read()
    published = {}
    for entry in re.findall(r"<entry>(.*?)</entry>", xml, re.S):
        link = first(r'<link href="([^"]*)"', entry)
        # A file with spaces (`Slug: QUIC build environment`) is linked percent-encoded.
        link = urllib.parse.unquote(re.sub(r"^https://parity\.example/?", "", link or ""))
        if link == "" or link.endswith("/"):
            link += "index.html"
        summary = first(r"<summary[^>]*>(.*?)</summary>", entry)
        summaries[link] = text(html.unescape(summary or ""))
        published[link] = first(r"<published>(.*?)</published>", entry)
    return summaries, published


def by_url(feed, path):
    """The feed's entry for the file at `path`: its link is that path, or the address of an
    ARTICLE_URL without the `.html` its ARTICLE_SAVE_AS adds (`a/2017/01/01/slug`)."""
    for link in (path, path[: -len(".html")] if path.endswith(".html") else None):
        if link in feed:
            return feed[link]
    return None


def pelican_site(out):
    pages = {}
    summaries, published = pelican_summaries(out)
    for path, page in html_files(out, PELICAN_LISTINGS).items():
        if 'id="posts-list"' in page or 'id="featured"' in page:
            continue  # a listing at an address of the site's own (CATEGORY_SAVE_AS…)
        article = 'class="published"' in page
        pages[path] = {
            "title": text(first(r"<title>(.*?)</title>", page) or ""),
            "date": day_time(first(r'<abbr class="published" title="([^"]*)"', page)) if article else None,
            "summary": by_url(summaries, path) if article else None,
            "published": by_url(published, path) if article else None,
            "tags": [text(t) for t in re.findall(r'/tag/[^"]*">(.*?)</a>', page)] if article else None,
            "article": article,
        }
    return pages


def quire_summaries(out):
    """Each post's Atom summary and <published>, by its output path (translations are in no
    feed)."""
    summaries, published = {}, {}
    feed = os.path.join(out, "feed.xml")
    if os.path.exists(feed):
        with open(feed, encoding="utf-8") as fh:
            xml = fh.read()
        for entry in re.findall(r"<entry>(.*?)</entry>", xml, re.S):
            link = re.sub(r"^https://parity\.example/?", "", first(r'<link [^>]*href="([^"]*)"', entry) or "")
            link = urllib.parse.unquote(link)
            summary = first(r"<summary[^>]*>(.*?)</summary>", entry) or ""
            # A Markdown `Summary:` with markup is HTML in the feed, as in Pelican's.
            if '<summary type="html">' in entry:
                summary = html.unescape(summary)
            summaries[link] = text(summary)
            published[link] = first(r"<published>(.*?)</published>", entry)
    return summaries, published


def quire_site(out, sitename):
    pages = {}
    summaries, published = quire_summaries(out)
    for path, page in html_files(out, QUIRE_LISTINGS).items():
        if path.endswith("/index.html") and "http-equiv=\"refresh\"" in page:
            continue  # an alias's redirect
        article = '<article class="post">' in page
        title = text(first(r"<title>(.*?)</title>", page) or "")
        suffix = f" · {sitename}"
        if title.endswith(suffix):
            title = title[: -len(suffix)]
        post_meta = first(r'<p class="post-meta">(.*?)</p>', page) or ""
        pages[path] = {
            "title": title,
            "date": day_time(first(r'<time datetime="([^"]*)"', post_meta)) if article else None,
            "summary": summaries.get(path, text(first(r'<meta name="description" content="([^"]*)"', page) or "")) if article else None,
            # A translation is in no feed: its <time datetime> as the feed would write it.
            "published": published.get(path, iso(first(r'<time datetime="([^"]*)"', post_meta))) if article else None,
            "tags": [text(t) for t in re.findall(r'rel="tag">(.*?)</a>', page)] if article else None,
            "article": article,
        }
    return pages


def settings_module(site):
    for name in ("pelicanconf", "settings"):
        if os.path.exists(os.path.join(site, name + ".py")):
            return name
    sys.exit(f"{site} has no pelicanconf.py or settings.py")


def sitename(site_yaml):
    with open(site_yaml, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("title: "):
                value = line[len("title: "):].split("  # ")[0].strip()
                return value.strip("'\"")
    return "Documentation"


def add_posts(site, n):
    """Copies n of the corpus's pages as articles: dated, tagged, half with a summary."""
    pages = []
    for dirpath, _, files in os.walk(os.path.join(site, "content", "pages")):
        pages += [os.path.join(dirpath, f) for f in files if f.endswith(".markdown")]
    pages.sort()
    step = max(1, len(pages) // max(n, 1))
    words = ["deploy", "python", "cache", "http", "testing", "Release Notes"]
    for i, path in enumerate(pages[::step][:n]):
        with open(path, encoding="utf-8") as fh:
            header, _, body = fh.read().partition("\n\n\n")
        title = next(l for l in header.splitlines() if l.startswith("title: "))
        tags = ", ".join(words[(i + k) % len(words)] for k in range(1 + i % 3))
        lines = [title, f"date: 2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{(7 * i) % 60:02d}",
                 f"slug: post-{i}", "category: Notes", f"tags: {tags}"]
        if i % 2 == 0:
            lines.append(f"summary: The {i}th post, in short.")
        out = os.path.join(site, "content", "posts", f"post-{i}.md")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n\n" + body)


# Articles of a Pelican site written over the years: each date in a form Pelican (dateutil)
# reads and quire once did not, tags, categories and authors with letters beyond ASCII.
HABIT_POSTS = [
    ("Dates with one digit", "2017-03-15 7:45", "café, Python", "Crème brûlée", "José Müller"),
    ("A tab in the date", "2017-04-23\t 20:04", "Python", "Notes", "Ada"),
    ("Slashes", "2017/05/01", "Ölçü Birimleri", "Notes", "Ada"),
    ("ISO with a zone", "2017-06-02T08:30:00+02:00", "café", "Crème brûlée", "José Müller"),
    ("Day first", "15 March 2018", "Python, deploy", "Notes", "Ada"),
    ("Twelve hours", "March 16, 2018 7:45 PM", "deploy", "Notes", "Ada"),
    ("Dots", "16.04.2018 9:05", "Straße", "Notes", "Ada"),
    ("An RFC 2822 date", "Wed, 18 Apr 2018 10:00:00 +0000", "Python", "Notes", "Ada"),
    ("Morning", "2019-01-05 07:45 am", "Ölçü Birimleri, café", "Notes", "José Müller"),
    ("The last second of a leap day", "2020-02-29 23:59:59", "deploy", "Notes", "Ada"),
]


def habits_site(dest, pelican3=False):
    """A Pelican site with each habit of issue 33, generated (no real site's text): dates in
    every form, Save_as/URL in any case, the site's own home and 404 pages, hidden pages, tags
    and categories beyond ASCII, pages naming the theme's templates, a notebook quire does not
    read, computed settings, a slug with spaces, a Markdown summary, PAGE_PATHS, Pelican 3's
    SLUG_SUBSTITUTIONS and a category from a folder (ARTICLE_SAVE_AS names it). Pelican 3 names
    the templates folder EXTRA_TEMPLATES_PATHS."""
    os.makedirs(os.path.join(dest, "content", "posts"))
    os.makedirs(os.path.join(dest, "content", "pages"))
    os.makedirs(os.path.join(dest, "overrides"))
    overrides = "EXTRA_TEMPLATES_PATHS" if pelican3 else "THEME_TEMPLATES_OVERRIDES"
    with open(os.path.join(dest, "pelicanconf.py"), "w", encoding="utf-8") as fh:
        fh.write("from pelican.settings import DEFAULT_CONFIG\n"
                 "AUTHOR = 'Ada'\nSITENAME = AUTHOR + \"'s notebook\"\nTIMEZONE = 'Europe/Paris'\n"
                 "DEFAULT_DATE = (2012, 1, 1)\n"
                 "DEFAULT_LANG = 'en'\nSTATIC_PATHS = ['images']\n"
                 "PAGE_PATHS = ['pages', 'static-pages']\n"
                 "SLUG_SUBSTITUTIONS = (('C++', 'cpp'),)\n"
                 "ARTICLE_URL = '{category}/{slug}.html'\nARTICLE_SAVE_AS = ARTICLE_URL\n"
                 f"{overrides} = ['overrides']\n")
    with open(os.path.join(dest, "overrides", "build.html"), "w", encoding="utf-8") as fh:
        fh.write('{% extends "page.html" %}\n')
    for i, (title, date, tags, category, author) in enumerate(HABIT_POSTS):
        words = " ".join(f"word{k}" for k in range(30))
        with open(os.path.join(dest, "content", "posts", f"post-{i}.md"), "w", encoding="utf-8") as fh:
            fh.write(f"Title: {title}\nDate: {date}\nTags: {tags}\nCategory: {category}\n"
                     f"Author: {author}\nSummary: The {i}th habit, in short.\n\n{title}: {words}.\n")
    pages = {
        "about.md": "Title: About us\nSave_as: about-us.html\nURL: about-us.html\n\nWho we are.\n",
        "colophon.md": "title: Colophon\nsave_AS: colophon/index.html\nurl: colophon/\n\nSet in type.\n",
        "thanks.md": "Title: Thanks for subscribing\nStatus: hidden\n\nYou are in.\n",
        "build.md": "Title: How it is built\nTemplate: build\n\nThe build.\n",
        "home.md": "Title: Welcome\nsave_as: index.html\nurl: \n\nThe home page.\n",
        "missing.md": "Title: Not here\nSave_as: 404.html\n\nNothing is here.\n",
    }
    for name, text in pages.items():
        with open(os.path.join(dest, "content", "pages", name), "w", encoding="utf-8") as fh:
            fh.write(text)
    # No date: DEFAULT_DATE dates it. A date in summer time, +02:00 in Paris.
    with open(os.path.join(dest, "content", "posts", "undated.md"), "w", encoding="utf-8") as fh:
        fh.write("Title: Written some day\nTags: Python\nSummary: No date.\n\nUndated.\n")
    with open(os.path.join(dest, "content", "posts", "summer.md"), "w", encoding="utf-8") as fh:
        fh.write("Title: In summer\nDate: 2019-07-15 08:00\nTags: Python\nSummary: July.\n\nWarm.\n")
    # A slug with spaces (a file with spaces), a Markdown summary, a dated page outside pages/.
    with open(os.path.join(dest, "content", "posts", "spaced.md"), "w", encoding="utf-8") as fh:
        fh.write("Title: Spaced\nDate: 2019-08-01 09:00\nSlug: Build environment\nTags: C++\n"
                 "Summary: Git's `submodule` and [a link](https://example.org), *in short*.\n\nSpaces.\n")
    os.makedirs(os.path.join(dest, "content", "static-pages"))
    with open(os.path.join(dest, "content", "static-pages", "history.md"), "w", encoding="utf-8") as fh:
        fh.write("Title: History\nDate: 2015-05-30 11:20\n\nA dated page.\n")
    with open(os.path.join(dest, "content", "posts", "analysis.ipynb"), "w", encoding="utf-8") as fh:
        fh.write('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n')
    # No category: its folder's (USE_FOLDER_AS_CATEGORY), at `{category}/{slug}.html`.
    os.makedirs(os.path.join(dest, "content", "posts", "python"))
    with open(os.path.join(dest, "content", "posts", "python", "loops.md"), "w", encoding="utf-8") as fh:
        fh.write("Title: Loops\nDate: 2019-09-01 09:00\nSummary: For and while.\n\nLoops.\n")


def compare(name, site, work, pelican, quire, posts=0, extra_conf="", tz=None):
    src = os.path.join(work, name)
    shutil.copytree(site, src, ignore=shutil.ignore_patterns("output", "site.yaml", ".quire-cache"))
    conf = os.path.join(src, "parity_conf.py")
    with open(conf, "w", encoding="utf-8") as fh:
        fh.write(PARITY_CONF.format(module=settings_module(src)))
        fh.write(extra_conf)
        if posts:
            add_posts(src, posts)
            fh.write("ARTICLE_PATHS = ['posts']\n")
    pel_out, quire_out = os.path.join(work, name + "-pelican"), os.path.join(work, name + "-quire")
    env = dict(os.environ, TZ=tz) if tz else None
    run([pelican, "content", "-s", conf, "-o", pel_out, "-q"], cwd=src, env=env)
    run([quire, "import", "pelican", conf])
    run([quire, "build", src, "-o", quire_out, "-q", "--no-cache"])
    theirs = pelican_site(pel_out)
    ours = quire_site(quire_out, sitename(os.path.join(src, "site.yaml")))

    mismatches = []
    only_pelican = sorted(set(theirs) - set(ours))
    only_quire = sorted(set(ours) - set(theirs))
    mismatches += [f"{name}: {p}: only Pelican writes it" for p in only_pelican]
    mismatches += [f"{name}: {p}: only quire writes it" for p in only_quire]
    both = sorted(set(theirs) & set(ours))
    counts = {k: [0, 0] for k in ("title", "date", "published", "summary", "tags")}
    for path in both:
        t, o = theirs[path], ours[path]
        for field in counts:
            if field != "title" and not t["article"]:
                continue
            counts[field][1] += 1
            if t[field] == o[field]:
                counts[field][0] += 1
            else:
                mismatches.append(f"{name}: {path}: {field}: Pelican {t[field]!r}, quire {o[field]!r}")
    articles = sum(1 for p in both if theirs[p]["article"])
    print(f"\n{name}: {len(theirs)} articles and pages by Pelican, {len(ours)} by quire, "
          f"{len(both)} at the same path ({articles} articles)")
    print(f"  {'field':<8} {'match':>7} {'of':>5}")
    print(f"  {'paths':<8} {len(both):>7} {len(set(theirs) | set(ours)):>5}")
    for field, (ok, of) in counts.items():
        print(f"  {field:<8} {ok:>7} {of:>5}")
    return mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", action="append", help="a Pelican site folder (repeatable)")
    ap.add_argument("--pages", type=int, default=300, help="size of the generated corpus")
    ap.add_argument("--posts", type=int, default=60, help="of its pages, copied as articles")
    ap.add_argument("--pelican", default=os.environ.get(
        "PELICAN", os.path.join(ROOT, "bench", ".venv", "bin", "pelican")))
    ap.add_argument("--pelican3", default=os.environ.get("PELICAN3"),
                    help="Pelican 3.7's pelican: the habits site is compared with it too")
    ap.add_argument("--quire", default=os.path.join(ROOT, "target", "release", "quire"))
    ap.add_argument("--keep", action="store_true", help="keep the work folder and say where")
    ap.add_argument("--conf-extra", default="", help="settings added for a --site (see above)")
    ap.add_argument("--tz", help="the TZ Pelican runs in (see above)")
    a = ap.parse_args()
    for tool in (a.pelican, a.quire):
        if not os.path.exists(tool):
            sys.exit(f"{tool} is missing (bench/setup.sh installs Pelican; cargo build --release builds quire)")
    work = tempfile.mkdtemp(prefix="pelican-parity-")
    sites = [(os.path.basename(os.path.normpath(s)), s) for s in a.site or []]
    if not sites:
        corpus = os.path.join(work, "corpus")
        run([sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"), "--pages", str(a.pages),
             "--out", corpus, "--peers", "pelican"])
        sites = [(f"corpus-{a.pages}", os.path.join(corpus, "pelican"), a.posts),
                 ("fixture", os.path.join(ROOT, "tests", "fixtures", "pelican"), 0)]
    else:
        sites = [(name, site, 0) for name, site in sites]
    site_conf = a.conf_extra.replace("\\n", "\n") + "\n" if a.conf_extra else ""
    # The site's own page is the home page: Pelican's listing goes elsewhere.
    habits_conf = "INDEX_SAVE_AS = 'blog_index.html'\n"
    runs = [(name, site, posts, a.pelican, site_conf if a.site else "") for name, site, posts in sites]
    if not a.site:
        habits_site(os.path.join(work, "habits-src"))
        runs.append(("habits", os.path.join(work, "habits-src"), 0, a.pelican, habits_conf))
        if a.pelican3:
            habits_site(os.path.join(work, "habits3-src"), pelican3=True)
            runs.append(("habits-pelican3.7", os.path.join(work, "habits3-src"), 0, a.pelican3,
                         habits_conf))
    mismatches = []
    for name, site, posts, pelican, extra_conf in runs:
        mismatches += compare(name, site, work, pelican, a.quire, posts, extra_conf, a.tz)
    print()
    for m in mismatches:
        print("mismatch:", m)
    print(f"{len(mismatches)} mismatches")
    if a.keep:
        print("work folder:", work)
    else:
        shutil.rmtree(work)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
