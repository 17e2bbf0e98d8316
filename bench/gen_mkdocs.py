#!/usr/bin/env python3
"""A generated MkDocs-Material project of N pages, as a real one is written: `mkdocs.yml` with
an explicit nested `nav:` (titled and bare entries, section index pages with
`navigation.indexes`), and Markdown using what the measured projects use most
(../shared/MKDOCS.md): relative `.md` links with and without `#anchor`, admonitions `!!!`,
details `???`/`???+`, content tabs `=== "…"`, fenced code (some with `title=`/`hl_lines=`),
tables, definition lists, footnotes, `:material-…:` icons, attr_list ids on headings, some
front matter, some pages titled only by the nav (no H1).

    python3 bench/gen_mkdocs.py --pages 1000 --out /tmp/NAME [--seed 1]

Deterministic: the same arguments write the same bytes. Builds with `mkdocs build`,
`zensical build` and `quire build` (once quire reads mkdocs.yml).
"""
import argparse
import os
import random
import shutil

WORDS = """application server request response database query model view template route
deploy container image cache session cookie token header client proxy worker queue task
schedule logging metric error exception handler middleware config setting environment package
module library framework project source file path directory function method class object
instance attribute property field column table index key value list string integer number
stream buffer socket connection pool thread process signal event message channel backend
browser asset script style page section guide tutorial example reference security password
certificate domain network host port address user account permission group role report
schema migration transaction commit rollback lock version release build test fixture mock
coverage profile benchmark latency throughput memory""".split()

SECTIONS = ["Getting started", "User guide", "Deployment", "Configuration", "Integrations",
            "Data model", "Security", "Operations", "API reference", "Community"]
SUBSECTIONS = ["Basics", "In depth", "Recipes", "Troubleshooting"]
ADMONITIONS = ["note", "tip", "warning", "info", "danger", "example", "question"]
LANGS = [("python", "app.py"), ("yaml", "config.yml"), ("bash", None), ("json", "data.json")]
ICONS = [":material-check:", ":material-close:", ":material-alert:", ":octicons-info-16:"]


def slug(title):
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


class Page:
    def __init__(self, path, title, headings, has_h1, nav_title):
        self.path = path            # under docs/, e.g. "user-guide/basics/cache-server.md"
        self.title = title
        self.headings = headings    # (title, id) of its h2s
        self.has_h1 = has_h1
        self.nav_title = nav_title  # None: a bare nav entry


def model(n, rnd):
    """The site's pages: a home page, then sections of sub-sections of pages, each folder with
    its index page, N pages in all."""
    per_sub = max(1, (n - 1 - len(SECTIONS) * (1 + len(SUBSECTIONS))) // (len(SECTIONS) * len(SUBSECTIONS)))
    tree, pages, used = [], [], set()

    def page(path, title, has_h1=True, nav_title=None):
        heads = []
        for k in range(rnd.randint(2, 5)):
            h = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 3))).capitalize()
            heads.append((h, f"{slug(h)}-{k}" if rnd.random() < 0.1 else slug(h)))
        # the same heading twice on a page gets `_1` from MkDocs' toc; keep them distinct
        seen, distinct = set(), []
        for h, i in heads:
            if i not in seen:
                seen.add(i)
                distinct.append((h, i))
        p = Page(path, title, distinct, has_h1, nav_title)
        pages.append(p)
        used.add(path)
        return p

    home = page("index.md", "Welcome", nav_title="Home")
    for s, section in enumerate(SECTIONS):
        sdir = slug(section)
        index = page(f"{sdir}/index.md", section, nav_title=None)
        subs = []
        for sub in SUBSECTIONS:
            ddir = f"{sdir}/{slug(sub)}"
            sub_index = page(f"{ddir}/index.md", f"{section}: {sub.lower()}", nav_title=None)
            leaves = []
            for k in range(per_sub):
                if len(pages) >= n:
                    break
                while True:
                    title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 4))).capitalize()
                    path = f"{ddir}/{slug(title)}.md"
                    if path not in used:
                        used.add(path)
                        break
                has_h1 = rnd.random() > 0.15
                titled = rnd.random() < 0.5 or not has_h1
                leaves.append(page(path, title, has_h1, nav_title=title.title() if titled else None))
            subs.append((sub, sub_index, leaves))
        tree.append((section, index, subs))
    # top up to exactly n pages in the last sub-section
    while len(pages) < n:
        section, index, subs = tree[-1]
        sub, sub_index, leaves = subs[-1]
        title = f"Extra page {len(pages)}"
        leaves.append(page(f"{os.path.dirname(sub_index.path)}/{slug(title)}.md", title, True, None))
    return home, tree, pages


def rel(src, dst):
    """The relative link from page src to page dst, as a writer types it."""
    return os.path.relpath(dst, os.path.dirname(src) or ".").replace(os.sep, "/")


def words(rnd, n):
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def paragraph(rnd, p, pages):
    out = []
    for _ in range(rnd.randint(3, 6)):
        sentence = words(rnd, rnd.randint(6, 14)).capitalize()
        r = rnd.random()
        if r < 0.25:
            other = rnd.choice(pages)
            if other is not p:
                target = rel(p.path, other.path)
                if other.headings and rnd.random() < 0.4:
                    target += "#" + rnd.choice(other.headings)[1]
                sentence += f", see [{other.title.lower()}]({target})"
        elif r < 0.3:
            sentence += f" `{rnd.choice(WORDS)}()`"
        elif r < 0.35:
            sentence += f" {rnd.choice(ICONS)}"
        elif r < 0.4:
            sentence += f" ([details](#{rnd.choice(p.headings)[1]}))"
        out.append(sentence + ".")
    return " ".join(out)


def code(rnd, indent=""):
    lang, name = rnd.choice(LANGS)
    opts = ""
    if name and rnd.random() < 0.4:
        opts += f' title="{name}"'
    if rnd.random() < 0.2:
        opts += ' hl_lines="2"'
    body = {
        "python": ["import app", "", f"def {rnd.choice(WORDS)}(x):", f"    return app.{rnd.choice(WORDS)}(x, timeout=5)"],
        "yaml": [f"{rnd.choice(WORDS)}:", f"  {rnd.choice(WORDS)}: true", f"  port: {rnd.randint(1000, 9999)}"],
        "bash": [f"$ app {rnd.choice(WORDS)} --{rnd.choice(WORDS)}", "ok"],
        "json": ["{", f'  "{rnd.choice(WORDS)}": {rnd.randint(1, 99)},', f'  "name": "{rnd.choice(WORDS)}"', "}"],
    }[lang]
    lines = [f"```{lang}{opts}"] + body + ["```"]
    return "\n".join(indent + l if l else l for l in lines)


def table(rnd):
    rows = ["| Name | Default | Meaning |", "|---|---|---|"]
    for _ in range(rnd.randint(2, 5)):
        rows.append(f"| `{rnd.choice(WORDS)}` | `{rnd.randint(0, 100)}` | {words(rnd, 5)} |")
    return "\n".join(rows)


def body(rnd, p, pages):
    out = []
    if rnd.random() < 0.12:
        out.append(f"---\ndescription: {words(rnd, 8)}\n---\n")
    if p.has_h1:
        out.append(f"# {p.title}\n")
    out.append(paragraph(rnd, p, pages) + "\n")
    for h, hid in p.headings:
        attr = f" {{ #{hid} }}" if hid != slug(h) else ""
        out.append(f"## {h}{attr}\n")
        out.append(paragraph(rnd, p, pages) + "\n")
        r = rnd.random()
        if r < 0.25:
            kind = rnd.choice(ADMONITIONS)
            title = f' "{words(rnd, 2).capitalize()}"' if rnd.random() < 0.5 else ""
            out.append(f"!!! {kind}{title}\n\n    {paragraph(rnd, p, pages)}\n")
        elif r < 0.35:
            marker = "???+" if rnd.random() < 0.3 else "???"
            out.append(f'{marker} {rnd.choice(ADMONITIONS)} "{words(rnd, 3).capitalize()}"\n\n'
                       f"    {paragraph(rnd, p, pages)}\n\n{code(rnd, '    ')}\n")
        elif r < 0.5:
            out.append('=== "pip"\n\n' + code(rnd, "    ") + '\n\n=== "uv"\n\n' + code(rnd, "    ") + "\n")
        elif r < 0.65:
            out.append(code(rnd) + "\n")
        elif r < 0.75:
            out.append(table(rnd) + "\n")
        elif r < 0.8:
            out.append(f"`{rnd.choice(WORDS)}`\n:   {words(rnd, 9)}\n\n`{rnd.choice(WORDS)}`\n:   {words(rnd, 7)}\n")
        elif r < 0.85:
            out.append(f"{words(rnd, 9).capitalize()}[^1].\n\n[^1]: {words(rnd, 6)}.\n")
        if rnd.random() < 0.3:
            out.append(f"- {words(rnd, 5)}\n- {words(rnd, 4)}\n- {words(rnd, 6)}\n")
    return "\n".join(out)


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nav_yaml(home, tree):
    lines = ["nav:", f"  - {home.nav_title}: {home.path}"]
    for section, index, subs in tree:
        lines.append(f"  - {yq(section)}:")
        lines.append(f"      - {index.path}")
        for sub, sub_index, leaves in subs:
            lines.append(f"      - {yq(sub)}:")
            lines.append(f"          - {sub_index.path}")
            for p in leaves:
                entry = f"{yq(p.nav_title)}: {p.path}" if p.nav_title else p.path
                lines.append(f"          - {entry}")
    lines.append("  - Changelog: https://github.com/example/generated/releases")
    return "\n".join(lines) + "\n"


CONFIG = """site_name: Generated Docs
site_description: A generated MkDocs-Material project for quire's parity and timing runs.
site_url: https://docs.example.com/
repo_url: https://github.com/example/generated
repo_name: example/generated
copyright: Copyright &copy; 2026 Example

theme:
  name: material
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.indexes
    - navigation.top
    - content.code.copy
    - search.suggest
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/brightness-4
        name: Switch to light mode

markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg

plugins:
  - search

"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    home, tree, pages = model(a.pages, rnd)
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    docs = os.path.join(a.out, "docs")
    for p in pages:
        path = os.path.join(docs, p.path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(body(rnd, p, pages))
    with open(os.path.join(a.out, "mkdocs.yml"), "w", encoding="utf-8") as fh:
        fh.write(CONFIG + nav_yaml(home, tree))
    print(f"{len(pages)} pages in {a.out}")


if __name__ == "__main__":
    main()
