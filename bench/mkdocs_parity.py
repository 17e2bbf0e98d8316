#!/usr/bin/env python3
"""Builds MkDocs projects with real MkDocs (+ Material) and with quire, unchanged, and compares
what a reader gets of every page: its URL, `<title>`, H1, the nav's order and grouping, the
internal links that resolve (file and #fragment), the counts of admonitions, details, tabs,
code blocks and tables, and literal leftovers of syntax that was not understood. Prints a
table per project, every mismatch (page, field, MkDocs' value, quire's value) and a summary.

    python3 bench/mkdocs_parity.py PROJECT_DIR [PROJECT_DIR ...] --quire BIN
        --mkdocs /work/venv-mkdocs/bin/mkdocs [-f mkdocs.yml] [--strict] [--keep]
        [--work DIR] [--json FILE] [--urls FILE] [--nav FILE]

MkDocs runs offline, `--no-strict`, into a temporary folder, through MkDocs' own Python API
(config loading, `build`) in the venv of the `--mkdocs` given. A Markdown extension or plugin
that venv cannot load (typer's docs name `mdx_include`, `mkdocstrings`, Zensical's macros) is
left out of that build and named in the output: MkDocs then renders the page without it, as
quire does with what it does not support, and the leftovers count shows both. quire runs as
`quire build PROJECT_DIR -o TMP --no-cache`. Neither touches the project's files.

What is compared, and where it is read from:
- url: the pages MkDocs writes (as its build reports them) against the HTML files quire
  writes that are pages (`<article>`; 404, listings and alias redirects aside);
- title: `<title>` without the ` - SITE` (Material) / ` · SITE` (quire) suffix;
- h1: the first <h1> of the page's article, without its permalink;
- nav: the sidebar as "Section › Page → url" lines in order: Material's `nav.md-nav--primary`
  of the home page, quire's sidebar data (theme/chapters.*.js: every chapter of the sidebar);
- links: every <a href> inside the article that stays in the site and resolves under MkDocs
  (the file exists, the #fragment is an id in it) must resolve under quire to the same page
  and fragment; permalinks aside;
- admonitions (div.admonition), details (<details>, quire's inline TOC aside), tabs (labels of
  tab sets), code (<pre>, line-number columns aside), tables (not highlight tables);
- leftovers: text outside code with `!!!`, `???`, `===`, `///`, `{ .`/`{: `/`{ #`, `](x.md`,
  `:material-…:`-style icons, `{{`/`{%`, `::: `, `--8<--`, `{* `; and hrefs still naming a
  `.md` file. A leftover counts as a mismatch where quire has more than MkDocs.
Exit code: 1 with --strict and any mismatch (or a failed build), else 0.
"""
import argparse
import collections
import difflib
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Runs in the MkDocs venv: loads the config as MkDocs does (INHERIT, !ENV, python tags), leaves
# out what the venv cannot load, and either builds (`build CONFIG SITE_DIR INFO`: what it built,
# as JSON) or writes that config as one YAML file for another tool (`derive CONFIG OUT INFO`).
RUNNER = r'''
import json, sys
import markdown
import yaml
from mkdocs.config import load_config
from mkdocs.commands.build import build
from mkdocs.plugins import BasePlugin, get_plugins
from mkdocs.utils import yaml as mkyaml

mode, config_file, site_dir, info_file = sys.argv[1:5]
with open(config_file, "rb") as fh:
    raw = mkyaml.yaml_load(fh) or {}

def loads(name, options):
    try:
        markdown.Markdown(extensions=[name], extension_configs={name: options or {}})
        return True
    except (ImportError, ModuleNotFoundError):
        return False
    except Exception:
        return True  # it loads; MkDocs says what is wrong with its options

overrides, dropped = {}, []
exts = raw.get("markdown_extensions")
if exts:
    pairs = []
    for e in (exts.items() if isinstance(exts, dict) else exts):
        if isinstance(e, tuple):
            pairs.append(e)
        elif isinstance(e, dict):
            pairs += list(e.items())
        else:
            pairs.append((e, None))
    kept = [(n, o) for n, o in pairs if loads(n, o)]
    if len(kept) < len(pairs):
        dropped += ["markdown_extensions: " + n for n, o in pairs if (n, o) not in kept]
        overrides["markdown_extensions"] = [{n: o} if o else n for n, o in kept]
plugins = raw.get("plugins")
if plugins:
    installed = set(get_plugins())
    items = list(plugins.items()) if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins]
    kept = [(n, o) for n, o in items if n.split("/")[-1] in installed or n in installed]
    if len(kept) < len(items):
        dropped += ["plugins: " + n for n, o in items if (n, o) not in kept]
        overrides["plugins"] = [{n: o} if o else n for n, o in kept]

class Recorder(BasePlugin):
    """Every page MkDocs writes: its source, URL, output file and title."""
    pages = []
    def on_post_page(self, output, page, config):
        self.pages.append({"src": page.file.src_uri, "url": page.url,
                           "dest": page.file.dest_uri, "title": page.title})
        return output

if mode == "derive":
    raw.update(overrides)
    raw.pop("INHERIT", None)
    with open(site_dir, "w", encoding="utf-8") as fh:
        yaml.dump(raw, fh, Dumper=yaml.Dumper, sort_keys=False, allow_unicode=True)
    with open(info_file, "w", encoding="utf-8") as fh:
        json.dump({"dropped": dropped}, fh)
    sys.exit(0)

cfg = load_config(config_file=config_file, site_dir=site_dir, strict=False, **overrides)
recorder = Recorder()
cfg.plugins["parity-recorder"] = recorder
cfg.plugins.on_startup(command="build", dirty=False)
try:
    build(cfg)
finally:
    cfg.plugins.on_shutdown()
with open(info_file, "w", encoding="utf-8") as fh:
    json.dump({"site_name": cfg["site_name"], "use_directory_urls": cfg["use_directory_urls"],
               "dropped": dropped, "pages": recorder.pages}, fh, indent=1)
'''

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self, skip=lambda n: False):
        """Every element under this one, in document order; `skip` prunes a subtree."""
        for c in self.children:
            if isinstance(c, Node) and not skip(c):
                yield c
                yield from c.walk(skip)

    def text(self, skip=lambda n: False):
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif not skip(c):
                out.append(c.text(skip))
                if c.tag in ("p", "div", "li", "pre", "td", "th", "br", "h1", "h2", "h3", "dt", "dd"):
                    out.append("\n")
        return "".join(out)


class Dom(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.stack = [self.root]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.stack[-1]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def squash(s):
    return re.sub(r"\s+", " ", s or "").strip()


def run(cmd, cwd=None, env=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)


def venv_python(mkdocs):
    """The interpreter of the venv that `mkdocs` (its console script) runs in."""
    with open(mkdocs, "rb") as fh:
        first = fh.readline().decode("utf-8", "replace").strip()
    if first.startswith("#!") and os.path.exists(first[2:].split()[0]):
        return first[2:].split()[0]
    return os.path.join(os.path.dirname(mkdocs), "python3")


def build_mkdocs(mkdocs, config_file, out, info_file):
    """Builds with MkDocs; returns (info, error text or None)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    p = run([venv_python(mkdocs), "-c", RUNNER, "build", config_file, out, info_file], env=env)
    if p.returncode != 0 or not os.path.exists(info_file):
        return None, (p.stdout + p.stderr)[-3000:]
    with open(info_file, encoding="utf-8") as fh:
        return json.load(fh), None


def derive_config(mkdocs, config_file, out_yaml, info_file):
    """The project's config as MkDocs' venv reads it, less what that venv cannot load, as one
    YAML file (INHERIT merged, !ENV resolved) for another tool; returns what was left out."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    p = run([venv_python(mkdocs), "-c", RUNNER, "derive", config_file, out_yaml, info_file], env=env)
    if p.returncode != 0:
        sys.exit(f"reading {config_file} with MkDocs failed:\n{p.stdout}{p.stderr}")
    with open(info_file, encoding="utf-8") as fh:
        return json.load(fh)["dropped"]


def build_quire(quire, project, out, config_file=None):
    cmd = [quire, "build", project, "-o", out, "--no-cache"]
    if config_file:
        cmd[2:2] = ["-f", config_file]
    p = run(cmd, env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout + p.stderr


# ---- reading an output ---------------------------------------------------------------------

def url_of(path):
    """An output file's URL from the root: `a/index.html` → `a/`, `index.html` → ``."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def file_of(url):
    return url + "index.html" if url == "" or url.endswith("/") else url


def read(out, path):
    with open(os.path.join(out, path), encoding="utf-8", errors="replace") as fh:
        return fh.read()


ID_RE = re.compile(r'\s(?:id|name)="([^"]*)"')


def article_of(page, opener):
    """The page's article element (Material: md-content__inner; quire: article.page/post)."""
    m = re.search(opener, page)
    if not m:
        return None
    end = page.rfind("</article>")
    if end < m.start():
        end = len(page)
    dom = Dom(page[m.start():end + len("</article>")])
    return next((n for n in dom.root.walk() if n.tag == "article"), None)


def inside(node, tag):
    node = node.parent
    while node is not None:
        if node.tag == tag:
            return True
        node = node.parent
    return False


def in_class(node, cls):
    while node is not None:
        if isinstance(node, Node) and cls in node.classes():
            return True
        node = node.parent
    return False


LEFTOVERS = collections.OrderedDict([
    ("!!!", re.compile(r"!!!")),
    ("???", re.compile(r"\?\?\?\+?\s")),
    ("===", re.compile(r"===")),
    ("///", re.compile(r"///")),
    ("{ .", re.compile(r"\{:?\s*[.#][A-Za-z]")),
    ("](x.md", re.compile(r"\]\([^)\s]*\.md")),
    (":icon:", re.compile(r":(?:material|octicons|fontawesome|simple)-[a-z0-9-]+:")),
    ("{{ {%", re.compile(r"\{\{|\{%")),
    (":::", re.compile(r"(?m)^\s*::: \S")),
    ("--8<--", re.compile(r"--8<--")),
    ("{* *}", re.compile(r"\{\*\s")),
])


def facts(article, page_url, site):
    """What is compared of one page's article."""
    def noise(n):
        return "headerlink" in n.classes() or "toc-inline" in n.classes()

    f = collections.OrderedDict()
    h1 = next((n for n in article.walk(noise) if n.tag == "h1"), None)
    f["h1"] = squash(h1.text(noise)) if h1 else None
    counts = collections.Counter()
    links = []
    for n in article.walk(noise):
        cls = n.classes()
        if n.tag == "div" and "admonition" in cls:
            counts["admonitions"] += 1
        elif n.tag == "details":
            counts["details"] += 1
        elif n.tag == "label" and n.parent is not None and (
                "tabbed-labels" in n.parent.classes() or "tabbed-set" in n.parent.classes()):
            counts["tabs"] += 1
        elif n.tag == "pre" and not in_class(n, "linenos") and not in_class(n, "linenodiv"):
            counts["code"] += 1
        elif n.tag == "table" and "highlighttable" not in cls:
            counts["tables"] += 1
        elif n.tag == "a" and "href" in n.attrs and not inside(n, "pre") and not in_class(n, "linenos"):
            # (line-number anchors of code blocks are the highlighter's, not the writer's)
            links.append((squash(n.text()), n.attrs["href"]))
    text = article.text(lambda n: noise(n) or n.tag in ("pre", "code", "script", "style", "svg"))
    left = collections.Counter()
    for name, rx in LEFTOVERS.items():
        left[name] = len(rx.findall(text))
    left[".md href"] = sum(1 for _, h in links if is_internal(h) and
                           urllib.parse.urlsplit(h).path.endswith(".md"))
    f["counts"] = counts
    f["leftovers"] = left
    f["links"] = [resolve(page_url, href, text, site) for text, href in links if is_internal(href)]
    return f


def is_internal(href):
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", href)


def resolve(page_url, href, text, site):
    """(text, href, canonical target `url#fragment`, status): ok, no-file, no-fragment."""
    base = "http://site/" + file_of(page_url)
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(base, href))
    path = urllib.parse.unquote(parts.path)[1:]
    frag = urllib.parse.unquote(parts.fragment)
    files = site["files"]
    if path == "" or path.endswith("/"):
        path += "index.html"
    elif path not in files and path + "/index.html" in files:
        path += "/index.html"
    target = url_of(path) + ("#" + frag if frag else "")
    if path not in files:
        return text, href, target, "no-file"
    if frag and path in site["ids"] and frag not in site["ids"][path]:
        return text, href, target, "no-fragment"
    return text, href, target, "ok"


def collect(out, opener):
    """Every file of an output; for HTML, its ids; for pages, their article's facts."""
    site = {"files": set(), "ids": {}, "pages": {}, "raw_titles": {}}
    for dirpath, _, names in os.walk(out):
        for name in names:
            site["files"].add(os.path.relpath(os.path.join(dirpath, name), out).replace(os.sep, "/"))
    for path in sorted(p for p in site["files"] if p.endswith(".html")):
        page = read(out, path)
        site["ids"][path] = set(ID_RE.findall(page))
        if 'http-equiv="refresh"' in page:
            continue  # an alias's redirect
        article = article_of(page, opener)
        if article is None:
            continue
        url = url_of(path)
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        site["raw_titles"][url] = html.unescape(squash(title.group(1))) if title else None
        site["pages"][url] = article
    for url, article in list(site["pages"].items()):
        site["pages"][url] = facts(article, url, site)
    return site


# ---- the nav -------------------------------------------------------------------------------

def material_nav(page_html, page_url):
    """Material's primary nav as lines: `A › B → /url/` for pages and section pages, `A ›`
    for a section without a page, external links with their address."""
    m = re.search(r'<nav\s[^>]*class="md-nav md-nav--primary', page_html)
    if not m:
        return []
    dom = Dom(page_html[m.start():])
    nav = next(n for n in dom.root.walk() if n.tag == "nav")
    top = next((n for n in nav.children if isinstance(n, Node) and n.tag == "ul"), None)
    lines = []

    def title_of(li):
        for n in li.walk(lambda x: x.tag == "nav"):
            if n.tag in ("a", "label") and "md-nav__link" in n.classes():
                return squash(n.text(lambda x: x.tag == "svg" or "md-nav__icon" in x.classes()))
        return ""

    def link_of(li):
        for n in li.walk(lambda x: x.tag == "nav"):
            if n.tag == "a" and "md-nav__link" in n.classes():
                return n.attrs.get("href")
        return None

    def items(ul, trail):
        for li in ul.children:
            if not (isinstance(li, Node) and li.tag == "li" and "md-nav__item" in li.classes()):
                continue
            title, href = title_of(li), link_of(li)
            sub = next((n for n in li.children if isinstance(n, Node) and n.tag == "nav"
                        and "md-nav--secondary" not in n.classes()), None)
            where = nav_target(page_url, href) if href is not None else None
            lines.append(" › ".join(trail + [title]) + (f" → {where}" if where is not None else " ›"))
            if sub is not None:
                inner = next((n for n in sub.walk() if n.tag == "ul"), None)
                if inner is not None:
                    items(inner, trail + [title])

    if top is not None:
        items(top, [])
    return lines


def nav_target(page_url, href):
    if not is_internal(href):
        return href
    joined = urllib.parse.urljoin("http://site/" + file_of(page_url), href)
    return "/" + url_of(urllib.parse.unquote(urllib.parse.urlsplit(joined).path)[1:] or "index.html")


def quire_nav(out):
    """quire's sidebar from its chapters script, as material_nav's lines."""
    scripts = sorted(glob.glob(os.path.join(out, "theme", "chapters.*.js")))
    if not scripts:
        return []
    with open(scripts[0], encoding="utf-8") as fh:
        m = re.search(r"var chapters = (\[.*?\]);\n", fh.read(), re.S)
    if not m:
        return []
    lines = []

    def target(path, link):
        return path if link else "/" + url_of(urllib.parse.unquote(path) or "index.html")

    def chapter(c, trail):
        items = c.get("items") or []
        paths = set()
        for x in items:
            if isinstance(x, list):
                paths.add(x[1])
        own = not items or c.get("link") or c["path"] not in paths
        where = target(c["path"], c.get("link")) if own else None
        lines.append(" › ".join(trail + [c["title"]]) + (f" → {where}" if where is not None else " ›"))
        for x in items:
            if isinstance(x, list):
                lines.append(" › ".join(trail + [c["title"], x[0]]) + f" → {target(x[1], False)}")
            else:
                chapter(x, trail + [c["title"]])

    for c in json.loads(m.group(1)):
        chapter(c, [])
    return lines


# ---- comparing -----------------------------------------------------------------------------

COUNTS = ["admonitions", "details", "tabs", "code", "tables"]


def strip_title(raw, site_name, sep):
    if raw is None:
        return None
    suffix = f"{sep}{site_name}"
    return raw[: -len(suffix)] if raw.endswith(suffix) else raw


def compare(name, project, work, a, quire_dir=None):
    config_file = os.path.join(project, a.config_file)
    mk_out, q_out = os.path.join(work, name + "-mkdocs"), os.path.join(work, name + "-quire")
    info_file = os.path.join(work, name + "-mkdocs.json")
    if a.work and os.path.exists(info_file):
        with open(info_file, encoding="utf-8") as fh:
            info, error = json.load(fh), None  # MkDocs' build of an earlier run, reused
    else:
        info, error = build_mkdocs(a.mkdocs, config_file, mk_out, info_file)
    if info is None:
        print(f"\n{name}: MkDocs failed:\n{error}")
        return [(name, "-", "build", "MkDocs failed", "")], {}
    shutil.rmtree(q_out, ignore_errors=True)
    code, printed = build_quire(a.quire, quire_dir or project, q_out,
                                None if a.config_file == "mkdocs.yml" else config_file)
    mismatches = []
    site_name = info["site_name"]
    theirs = collect(mk_out, r'<article class="md-content__inner')
    src_of = {}
    for p in info["pages"]:
        src_of[p["url"]] = p["src"]
    # the pages MkDocs wrote, as its build says (not 404.html, not templates it copied)
    mk_pages = {p["url"]: theirs["pages"].get(p["url"]) for p in info["pages"]}
    if code != 0:
        mismatches.append((name, "-", "build", "0 errors", f"quire exited {code}: " + printed.strip()[-600:]))
        ours = {"pages": {}, "raw_titles": {}, "files": set(), "ids": {}}
    else:
        ours = collect(q_out, r'<article class="(?:page|post)')
    errors = len(re.findall(r"(?m)^error", printed))
    warnings = re.findall(r"(?m)^warning: (.*)$", printed)

    q_pages = {u: f for u, f in ours["pages"].items() if u not in ("404.html", "blog.html")}
    label = lambda u: src_of.get(u, "/" + u)
    for u in sorted(set(mk_pages) - set(q_pages)):
        mismatches.append((name, label(u), "url", "/" + u, "no page there"))
    for u in sorted(set(q_pages) - set(mk_pages)):
        mismatches.append((name, "/" + u, "url", "no page there", "/" + u))
    both = sorted(set(mk_pages) & set(q_pages))

    rows = collections.OrderedDict((k, [0, 0, 0, 0]) for k in ["title", "h1"] + COUNTS)
    link_ok, link_of, mk_broken, q_broken = 0, 0, 0, 0
    left_mk, left_q = collections.Counter(), collections.Counter()
    for u in both:
        t, o = mk_pages[u], q_pages[u]
        if t is None:
            continue
        here = label(u)
        mk_title = strip_title(theirs["raw_titles"].get(u), site_name, " - ")
        q_title = strip_title(ours["raw_titles"].get(u), site_name, " · ")
        for field, tv, ov in [("title", mk_title, q_title), ("h1", t["h1"], o["h1"])]:
            r = rows[field]
            r[1] += 1
            if tv == ov:
                r[0] += 1
            else:
                shown = (theirs["raw_titles"].get(u), ours["raw_titles"].get(u)) if field == "title" else (tv, ov)
                mismatches.append((name, here, field, shown[0], shown[1]))
        for field in COUNTS:
            r = rows[field]
            r[1] += 1
            r[2] += t["counts"][field]
            r[3] += o["counts"][field]
            if t["counts"][field] == o["counts"][field]:
                r[0] += 1
            else:
                mismatches.append((name, here, field, t["counts"][field], o["counts"][field]))
        # links: what resolves under MkDocs resolves under quire, to the same page and fragment
        q_ok = collections.Counter(x[2] for x in o["links"] if x[3] == "ok")
        q_by_text = collections.defaultdict(list)
        for x in o["links"]:
            q_by_text[x[0]].append(x)
        mk_broken += sum(1 for x in t["links"] if x[3] != "ok")
        q_broken += sum(1 for x in o["links"] if x[3] != "ok")
        for text, href, target, status in t["links"]:
            if status != "ok":
                continue
            link_of += 1
            if q_ok[target] > 0:
                q_ok[target] -= 1
                link_ok += 1
                continue
            seen = [f"{h} ({s})" for _, h, tg, s in q_by_text.get(text, [])]
            mismatches.append((name, here, "link", f"{href} → /{target}",
                               "; ".join(seen) if seen else "no such link"))
        for k in set(t["leftovers"]) | set(o["leftovers"]):
            left_mk[k] += t["leftovers"][k]
            left_q[k] += o["leftovers"][k]
            if o["leftovers"][k] > t["leftovers"][k]:
                mismatches.append((name, here, f"leftover {k}", t["leftovers"][k], o["leftovers"][k]))

    home = "" if "" in mk_pages else (sorted(mk_pages)[0] if mk_pages else None)
    mk_nav = material_nav(read(mk_out, file_of(home)), home) if home is not None else []
    q_nav = quire_nav(q_out) if code == 0 else []
    nav_equal = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=mk_nav, b=q_nav, autojunk=False).get_opcodes():
        if code != 0:
            break  # the failed build is the one mismatch to read
        if op == "equal":
            nav_equal += i2 - i1
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            mine = mk_nav[i1 + k] if i1 + k < i2 else "—"
            ours_line = q_nav[j1 + k] if j1 + k < j2 else "—"
            mismatches.append((name, f"nav #{i1 + k + 1}", "nav", mine, ours_line))

    # the same nav without its titles: order, depth and addresses only
    shape = lambda lines: [(l.split(" → ")[0].count(" › "), l.split(" → ")[1] if " → " in l else "§") for l in lines]
    order_equal = sum(b.size for b in difflib.SequenceMatcher(
        a=shape(mk_nav), b=shape(q_nav), autojunk=False).get_matching_blocks())
    print(f"\n{name}: {len(mk_pages)} pages by MkDocs, {len(q_pages)} by quire, {len(both)} at the same URL;"
          f" quire: exit {code}, {errors} errors, {len(warnings)} warnings")
    if info["dropped"]:
        print(f"  MkDocs' venv cannot load, so built without: {', '.join(info['dropped'])}")
    print(f"  {'field':<12} {'equal':>6} {'of':>6}   {'MkDocs':>7} {'quire':>7}")
    print(f"  {'url':<12} {len(both):>6} {len(set(mk_pages) | set(q_pages)):>6}")
    for field, (ok, of, mk_total, q_total) in rows.items():
        totals = f"   {mk_total:>7} {q_total:>7}" if field in COUNTS else ""
        print(f"  {field:<12} {ok:>6} {of:>6}{totals}")
    print(f"  {'nav entries':<12} {nav_equal:>6} {max(len(mk_nav), len(q_nav)):>6}   {len(mk_nav):>7} {len(q_nav):>7}")
    print(f"  {'nav order':<12} {order_equal:>6} {max(len(mk_nav), len(q_nav)):>6}   (the same lines without titles)")
    print(f"  {'links':<12} {link_ok:>6} {link_of:>6}   (resolving under MkDocs; broken: MkDocs {mk_broken}, quire {q_broken})")
    for k in left_mk | left_q:
        if left_mk[k] or left_q[k]:
            print(f"  leftover {k:<9}          {'':>6}   {left_mk[k]:>7} {left_q[k]:>7}")
    summary = {"project": name, "pages_mkdocs": len(mk_pages), "pages_quire": len(q_pages),
               "same_url": len(both), "quire_exit": code, "quire_errors": errors,
               "quire_warnings": len(warnings), "dropped": info["dropped"],
               "fields": {k: {"equal": v[0], "of": v[1], "mkdocs": v[2], "quire": v[3]} for k, v in rows.items()},
               "nav": {"equal": nav_equal, "order_equal": order_equal, "mkdocs": len(mk_nav), "quire": len(q_nav)},
               "links": {"equal": link_ok, "of": link_of, "broken_mkdocs": mk_broken, "broken_quire": q_broken},
               "leftovers": {k: [left_mk[k], left_q[k]] for k in left_mk | left_q},
               "urls": sorted("/" + u for u in mk_pages), "nav_lines": mk_nav,
               "mismatches": len(mismatches)}
    return mismatches, summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("projects", nargs="+", metavar="PROJECT_DIR")
    ap.add_argument("--quire", default=os.path.join(ROOT, "target", "release", "quire"))
    ap.add_argument("--mkdocs", default="/work/venv-mkdocs/bin/mkdocs")
    ap.add_argument("-f", "--config-file", default="mkdocs.yml", help="inside each PROJECT_DIR")
    ap.add_argument("--quire-dir", action="append", default=[],
                    help="build quire from this folder instead of the project (in order; e.g. a "
                         "site.yaml made by hand, to see what a shim gives)")
    ap.add_argument("--strict", action="store_true", help="exit 1 on any mismatch")
    ap.add_argument("--keep", action="store_true", help="keep the builds and say where")
    ap.add_argument("--work", help="build into this folder and keep it; MkDocs' builds already "
                    "there are reused (delete NAME-mkdocs.json to build again)")
    ap.add_argument("--json", help="write the summaries and mismatches to this file")
    ap.add_argument("--urls", help="write MkDocs' page URLs (of the first project) to this file")
    ap.add_argument("--nav", help="write MkDocs' nav lines (of the first project) to this file")
    a = ap.parse_args()
    for tool in (a.mkdocs, a.quire):
        if not os.path.exists(tool):
            sys.exit(f"{tool} is missing")
    work = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix="mkdocs-parity-")
    os.makedirs(work, exist_ok=True)
    mismatches, summaries = [], []
    for i, project in enumerate(a.projects):
        name = os.path.basename(os.path.normpath(project))
        quire_dir = os.path.abspath(a.quire_dir[i]) if i < len(a.quire_dir) else None
        found, summary = compare(name, os.path.abspath(project), work, a, quire_dir)
        mismatches += found
        summaries.append(summary)
    print()
    for m in mismatches:
        print("mismatch: {}: {}: {}: MkDocs {!r}, quire {!r}".format(*m))
    per = ", ".join(f"{s.get('project', '?')} {s.get('mismatches', '?')}" for s in summaries)
    print(f"{len(mismatches)} mismatches ({per})")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump({"summaries": summaries, "mismatches": [list(map(str, m)) for m in mismatches]},
                      fh, indent=1, ensure_ascii=False)
    for path, key in ((a.urls, "urls"), (a.nav, "nav_lines")):
        if path and summaries and summaries[0].get(key):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(summaries[0][key]) + "\n")
    if a.keep or a.work:
        print("builds kept in:", work)
    else:
        shutil.rmtree(work)
    sys.exit(1 if a.strict and mismatches else 0)


if __name__ == "__main__":
    main()
