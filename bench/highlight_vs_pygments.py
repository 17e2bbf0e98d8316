#!/usr/bin/env python3
"""How closely quire's Python highlighting agrees with Pygments', character by character.

    python3 bench/highlight_vs_pygments.py [--quire target/release/quire] [--pages 1000]
        [--markdown DIR ...] [--py-files DIR ...] [--fixtures bench/highlight_fixtures]
        [--blocks FILE.jsonl ...] [--misses 30] [--direct target/release/examples/tokens]
        [--write-blocks FILE] [--lang python|console|bash|json|toml|yaml|pycon]

The blocks: the ```python blocks of a corpus that gen_corpus.py generates (--pages N, seed 1,
the same code as the benchmark corpus; 0 skips it), every *.py file under --fixtures (one
block each), and the ```python / ```py blocks of any Markdown folder given with --markdown
(e.g. a Pelican site's content/), every *.py file under a --py-files folder (one block each:
a project's docs_src/, examples/, tests/), and the blocks of a --blocks file (JSON lines, as
--write-blocks writes them).

--direct BIN skips quire's build and runs quire-highlight's lexer itself: BIN is its `tokens`
example (`cargo build --release -p quire-highlight --examples`), which reads the blocks as JSON
lines and writes each block's [class, text] runs. --write-blocks FILE writes the blocks as JSON
lines (what the speed bench, bench/highlight_speed.sh, reads).

--write-tables DIR writes, next to each DIR/NAME.py, NAME.pygments: Pygments' tokens of it as
quire's classes, one run a line (`class length-in-bytes`, `-` for plain), which quire-highlight's
test (crates/quire-highlight/tests/pygments.rs) holds its lexer to.

quire's side goes through the real code path: the blocks become pages of a throw-away site,
the real binary builds it, and the class names of the spans in each page's <code> are read
back. Pygments' side is its PythonLexer (the lexer Pelican's codehilite uses) on the same text.
Both are mapped to token families (FAMILIES below; Name, Punctuation and whitespace count as
plain) and compared over the non-blank characters:

    recall    = characters both give family F / characters Pygments gives F
    precision = characters both give family F / characters quire gives F

per family and overall (overall: a character counts as agreed when both give it the same
non-plain family). --misses N lists the N commonest disagreements (most characters first).
"""
import argparse
import collections
import glob
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pygments
from pygments.lexers.configs import TOMLLexer
from pygments.lexers.data import JsonLexer, YamlLexer
from pygments.lexers.html import HtmlLexer
from pygments.lexers.javascript import JavascriptLexer, TypeScriptLexer
from pygments.lexers.python import PythonConsoleLexer, PythonLexer
from pygments.lexers.shell import BashLexer, BashSessionLexer
from pygments.token import Token

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Pygments token types to families, most specific first; anything else is plain.
PYGMENTS_FAMILIES = [
    (Token.Keyword.Constant, "Keyword.Constant"),
    (Token.Keyword.Type, "Keyword.Type"),
    (Token.Keyword, "Keyword"),
    (Token.Operator.Word, "Operator.Word"),
    (Token.Operator, "Operator"),
    (Token.Name.Builtin.Pseudo, "Name.Builtin.Pseudo"),
    (Token.Name.Builtin, "Name.Builtin"),
    (Token.Name.Exception, "Name.Exception"),
    (Token.Name.Function.Magic, "Name.Function.Magic"),
    (Token.Name.Function, "Name.Function"),
    (Token.Name.Class, "Name.Class"),
    (Token.Name.Namespace, "Name.Namespace"),
    (Token.Name.Decorator, "Name.Decorator"),
    (Token.Name.Variable.Magic, "Name.Variable.Magic"),
    (Token.Name.Variable, "Name.Variable"),
    (Token.Name.Tag, "Name.Tag"),
    (Token.Name.Label, "Name.Label"),
    (Token.Name.Constant, "Name.Constant"),
    (Token.Name.Attribute, "Name.Attribute"),
    (Token.Name.Entity, "Name.Entity"),
    (Token.Literal.Date, "Literal.Date"),
    (Token.Generic.Prompt, "Generic.Prompt"),
    (Token.Generic.Output, "Generic.Output"),
    (Token.Generic.Traceback, "Generic.Traceback"),
    (Token.Generic.Error, "Generic.Error"),
    (Token.Literal.String.Escape, "String.Escape"),
    # Affix (the r/b/f prefix), Doc, Interpol (%s, {name}) and the rest: one colour family.
    (Token.Literal.String, "String"),
    (Token.Literal.Number, "Number"),
    (Token.Comment, "Comment"),
]

# quire's classes (crates/quire-markdown/src/highlight.rs, CLASSES) to the same families. A class missing
# here stops the run, so that a class added to quire is mapped on purpose.
QUIRE_FAMILIES = {
    "k": "Keyword",
    "kc": "Keyword.Constant",
    "ow": "Operator.Word",
    "o": "Operator",
    "bp": "Name.Builtin.Pseudo",
    "nb": "Name.Builtin",
    "ne": "Name.Exception",
    "fm": "Name.Function.Magic",
    "nf": "Name.Function",
    "nc": "Name.Class",
    "nn": "Name.Namespace",
    "nd": "Name.Decorator",
    "vm": "Name.Variable.Magic",
    "se": "String.Escape",
    "s": "String",
    "sr": "String",
    "m": "Number",
    "c": "Comment",
    "no": "Name.Constant",
    "nt": "Name.Tag",
    "na": "Name.Attribute",
    "ni": "Name.Entity",
    "err": "Error",
    "nv": "Name.Variable",
    "ld": "Literal.Date",
    "gp": "Generic.Prompt",
    "go": "Generic.Output",
    "kt": "Keyword.Type",
    "nl": "Name.Label",
    "gt": "Generic.Traceback",
    "gr": "Generic.Error",
}
# Spans that mark lines, not tokens.
STRUCTURAL = {"hll", "ln"}

# Each language quire-highlight reads: Pygments' lexer, the fence names (Pygments' aliases) and
# the fixtures' extension (crates/quire-highlight/fixtures/LANGUAGE/*.EXT).
LANGUAGES = {
    "python": (PythonLexer, ["python", "py", "python3"], "py"),
    "console": (BashSessionLexer, ["console", "shell-session"], "sh-session"),
    "bash": (BashLexer, ["bash", "sh", "ksh", "zsh", "shell", "openrc"], "sh"),
    "json": (JsonLexer, ["json", "json-object"], "json"),
    "toml": (TOMLLexer, ["toml"], "toml"),
    "yaml": (YamlLexer, ["yaml", "yml"], "yaml"),
    "pycon": (PythonConsoleLexer, ["pycon", "python-console"], "pycon"),
    "javascript": (JavascriptLexer, ["javascript", "js"], "js"),
    "typescript": (TypeScriptLexer, ["typescript", "ts"], "ts"),
    "html": (HtmlLexer, ["html"], "html"),
}
LANG = "python"


def fence_pattern(lang):
    names = "|".join(re.escape(n) for n in LANGUAGES[lang][1])
    # A fence's info string: the name, maybe as Material's `{ .name ... }`, then options.
    return re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?:" + names +
                      r")(?=[\s}])[^\n]*\n(.*?)^[ \t]*\2[ \t]*$", re.M | re.S | re.I)


def lexer():
    return LANGUAGES[LANG][0](stripnl=False, ensurenl=True)


def blocks_from_markdown(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.m*d*"), recursive=True)):
        if not path.endswith((".md", ".markdown")):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in fence_pattern(LANG).finditer(text):
            indent = len(m.group(1))
            # An indented fence (in a list, a tab): its lines without the indent.
            out.append("".join(line[indent:] if line[:indent].isspace() else line.lstrip()
                               for line in m.group(3).splitlines(keepends=True)))
    return out


def blocks_from_corpus(pages, work):
    out_dir = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--pages", str(pages),
                    "--out", out_dir, "--peers", "ours"], check=True, stdout=subprocess.DEVNULL)
    return blocks_from_markdown(os.path.join(out_dir, "ours", "content"))


def blocks_from_fixtures(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*." + LANGUAGES[LANG][2]))):
        with open(path, encoding="utf-8") as f:
            out.append(f.read())
    return out


def blocks_from_py_files(folder):
    out = []
    # YAML files are also *.yml.
    exts = [LANGUAGES[LANG][2]] + (["yml"] if LANG == "yaml" else [])
    paths = [p for ext in exts for p in glob.glob(os.path.join(folder, "**", "*." + ext), recursive=True,
                                                  include_hidden=LANG == "yaml")]  # .github/
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if text.strip():
            out.append(text)
    return out


def rst_directive():
    names = "|".join(re.escape(n) for n in LANGUAGES[LANG][1])
    return re.compile(r"^([ \t]*)\.\. (?:code-block|code|sourcecode)::[ \t]*(?:" + names + r")[ \t]*$")


def blocks_from_rst(folder):
    """The `.. code-block:: python` blocks of reStructuredText pages (Sphinx docs), dedented."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.rst"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            m = rst_directive().match(lines[i])
            i += 1
            if not m:
                continue
            # The directive's options, then a blank line, then lines indented deeper than it.
            while i < len(lines) and lines[i].strip().startswith(":"):
                i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip()) > len(m.group(1))):
                body.append(lines[i])
                i += 1
            while body and not body[-1].strip():
                body.pop()
            indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
            code = "\n".join(l[indent:] for l in body).strip("\n")
            if code:
                out.append(code + "\n")
    return out


def direct_chars(binary, blocks):
    """quire-highlight's own runs for each block, through its `tokens` example."""
    # quire takes a line's `~~` emphasis mark off before highlighting, as Pygments' side does.
    feed = "".join(json.dumps(re.sub(r"^~~", "", code, flags=re.M)) + "\n" for code in blocks)
    done = subprocess.run([binary, LANG], input=feed, capture_output=True, text=True, check=True)
    out = []
    for line in done.stdout.splitlines():
        chars = []
        for cls, text in json.loads(line):
            if cls is not None and cls not in QUIRE_FAMILIES:
                sys.exit(f"the lexer emitted class {cls!r}, which QUIRE_FAMILIES does not map")
            fam = QUIRE_FAMILIES.get(cls) if cls else None
            chars.extend((ch, fam, cls) for ch in text if not ch.isspace())
        out.append(chars)
    if len(out) != len(blocks):
        sys.exit(f"{binary} answered {len(out)} blocks of {len(blocks)}")
    return out


def pygments_chars(code):
    """(char, family or None, token text) for every non-blank character."""
    out = []
    # A line quire emphasises starts with `~~` (the marker is not shown): Pygments sees it
    # without, as Full Stack Python's own build does.
    code = re.sub(r"^~~", "", code, flags=re.M)
    for ttype, value in lexer().get_tokens(code):
        fam = next((f for t, f in PYGMENTS_FAMILIES if ttype in t), None)
        for ch in value:
            if not ch.isspace():
                out.append((ch, fam, value))
    return out


class CodeSpans(html.parser.HTMLParser):
    """The characters of each <code> element with the class of their innermost token span."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.in_code = False
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag == "code" and dict(attrs).get("data-lang") is not None:
            self.in_code = True
            self.stack = []
            self.blocks.append([])
        elif self.in_code and tag == "span":
            cls = dict(attrs).get("class") or ""
            self.stack.append(None if cls in STRUCTURAL else cls)

    def handle_endtag(self, tag):
        if tag == "code":
            self.in_code = False
        elif self.in_code and tag == "span" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.in_code:
            return
        cls = next((c for c in reversed(self.stack) if c), None)
        if cls is not None and cls not in QUIRE_FAMILIES:
            sys.exit(f"quire emitted class {cls!r}, which QUIRE_FAMILIES does not map")
        fam = QUIRE_FAMILIES.get(cls) if cls else None
        for ch in data:
            if not ch.isspace():
                self.blocks[-1].append((ch, fam, cls))


def quire_chars(quire, blocks, work):
    """Builds one page per block with the real binary and reads the spans back."""
    site = os.path.join(work, "site")
    content = os.path.join(site, "content")
    os.makedirs(content)
    for i, code in enumerate(blocks):
        ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", code)), default=0) + 1)
        body = code if code.endswith("\n") else code + "\n"
        with open(os.path.join(content, f"b{i:05}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: Block {i}\n---\n\n{ticks}{LANGUAGES[LANG][1][0]}\n{body}{ticks}\n")
    subprocess.run([quire, "build", "-q", site], check=True)
    out = []
    for i in range(len(blocks)):
        parser = CodeSpans()
        with open(os.path.join(site, "output", f"b{i:05}.html"), encoding="utf-8") as f:
            parser.feed(f.read())
        if len(parser.blocks) != 1:
            sys.exit(f"page b{i:05}.html has {len(parser.blocks)} code blocks, expected 1")
        out.append(parser.blocks[0])
    return out


class Tally:
    def __init__(self):
        self.pyg = collections.Counter()
        self.ours = collections.Counter()
        self.both = collections.Counter()
        self.misses = collections.Counter()
        self.blocks = 0
        self.skipped = 0
        self.chars = 0

    def add(self, pyg, ours):
        if [c for c, _, _ in pyg] != [c for c, _, _ in ours]:
            self.skipped += 1
            return
        self.blocks += 1
        self.chars += len(pyg)
        for (ch, pf, ptext), (_, qf, qcls) in zip(pyg, ours):
            if pf:
                self.pyg[pf] += 1
            if qf:
                self.ours[qf] += 1
            if pf and pf == qf:
                self.both[pf] += 1
            elif pf or qf:
                self.misses[(ptext.strip()[:40], pf or "plain", qf or "plain")] += 1

    def table(self, title):
        lines = [f"### {title}: {self.blocks} blocks, {self.chars} non-blank characters"
                 + (f" ({self.skipped} blocks skipped: text differed)" if self.skipped else ""),
                 "", "| family | Pygments chars | quire chars | agreed | recall | precision |",
                 "|---|---:|---:|---:|---:|---:|"]
        fams = sorted(set(self.pyg) | set(self.ours), key=lambda f: -self.pyg[f])

        def pct(a, b):
            return f"{100 * a / b:.1f} %" if b else "—"

        for f in fams:
            lines.append(f"| {f} | {self.pyg[f]} | {self.ours[f]} | {self.both[f]} | "
                         f"{pct(self.both[f], self.pyg[f])} | {pct(self.both[f], self.ours[f])} |")
        p, q, b = sum(self.pyg.values()), sum(self.ours.values()), sum(self.both.values())
        lines.append(f"| **overall** | {p} | {q} | {b} | **{pct(b, p)}** | **{pct(b, q)}** |")
        return "\n".join(lines)


def write_tables(folder):
    short = {}
    for cls, fam in QUIRE_FAMILIES.items():
        short.setdefault(fam, cls)
    ext = "." + LANGUAGES[LANG][2]
    for path in sorted(glob.glob(os.path.join(folder, "*" + ext))):
        with open(path, encoding="utf-8", newline="") as f:
            code = f.read()
        if "\r" in code:
            sys.exit(f"{path}: a carriage return (Pygments reads it as a line break)")
        runs = []
        for ttype, value in lexer().get_tokens(code):
            fam = next((f for t, f in PYGMENTS_FAMILIES if ttype in t), None)
            cls = short[fam] if fam else "-"
            size = len(value.encode("utf-8"))
            if runs and runs[-1][0] == cls:
                runs[-1][1] += size
            else:
                runs.append([cls, size])
        # Pygments' own line break at the end (ensurenl) is not the fixture's.
        extra = sum(n for _, n in runs) - len(code.encode("utf-8"))
        runs[-1][1] -= extra
        if runs[-1][1] == 0:
            runs.pop()
        with open(path[:-len(ext)] + ".pygments", "w", encoding="utf-8") as f:
            f.write(f"# Pygments {pygments.__version__} {type(lexer()).__name__} of {os.path.basename(path)}, as quire's "
                    "classes (bench/highlight_vs_pygments.py --write-tables)\n")
            f.writelines(f"{cls} {n}\n" for cls, n in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quire", default=os.path.join(REPO, "target", "release", "quire"))
    ap.add_argument("--pages", type=int, default=1000, help="generated corpus size; 0: none")
    ap.add_argument("--fixtures", default=os.path.join(HERE, "highlight_fixtures"))
    ap.add_argument("--markdown", action="append", default=[], help="a folder of Markdown pages")
    ap.add_argument("--py-files", action="append", default=[], help="a folder whose files in the language (*.py, *.sh, *.json, *.toml, *.yaml) are blocks")
    ap.add_argument("--rst", action="append", default=[], help="a folder of reStructuredText pages")
    ap.add_argument("--blocks", action="append", default=[], help="a file of blocks, one JSON string a line")
    ap.add_argument("--misses", type=int, default=0, help="list the N commonest disagreements")
    ap.add_argument("--direct", help="quire-highlight's `tokens` example, instead of quire's build")
    ap.add_argument("--write-blocks", help="write every block as JSON lines to this file")
    ap.add_argument("--write-tables", help="write Pygments' classes of each *.py in this folder")
    ap.add_argument("--lang", default="python", choices=sorted(LANGUAGES),
                    help="the language: its fences, fixtures and Pygments lexer")
    args = ap.parse_args()
    global LANG
    LANG = args.lang
    if args.write_tables:
        write_tables(args.write_tables)
        return
    work = tempfile.mkdtemp(prefix="quire-hl-")
    try:
        corpora = []
        if args.pages:
            corpora.append((f"generated corpus ({args.pages} pages)", blocks_from_corpus(args.pages, work)))
        if args.fixtures:
            corpora.append((f"fixtures ({os.path.relpath(args.fixtures)})", blocks_from_fixtures(args.fixtures)))
        for folder in args.markdown:
            corpora.append((f"Markdown in {folder}", blocks_from_markdown(folder)))
        for folder in args.rst:
            corpora.append((f"reStructuredText in {folder}", blocks_from_rst(folder)))
        for folder in args.py_files:
            corpora.append((f"*.{LANGUAGES[LANG][2]} in {folder}", blocks_from_py_files(folder)))
        for path in args.blocks:
            with open(path, encoding="utf-8") as f:
                corpora.append((f"blocks in {path}", [json.loads(line) for line in f]))
        everything = [b for _, blocks in corpora for b in blocks]
        if args.write_blocks:
            with open(args.write_blocks, "w", encoding="utf-8") as f:
                f.writelines(json.dumps(code) + "\n" for code in everything)
        if args.direct:
            ours = direct_chars(args.direct, everything)
        else:
            ours = quire_chars(args.quire, everything, work)
        print(f"Pygments {pygments.__version__} {type(lexer()).__name__} vs {args.direct or args.quire}\n")
        total = Tally()
        start = 0
        for title, blocks in corpora:
            tally = Tally()
            for code, q in zip(blocks, ours[start:start + len(blocks)]):
                pyg = pygments_chars(code)
                tally.add(pyg, q)
                total.add(pyg, q)
            start += len(blocks)
            print(tally.table(title) + "\n")
        if len(corpora) > 1:
            print(total.table("all") + "\n")
        if args.misses:
            print(f"| Pygments token | Pygments | quire | chars |\n|---|---|---|---:|")
            for (text, pf, qf), n in total.misses.most_common(args.misses):
                print(f"| `{text}` | {pf} | {qf} | {n} |".replace("|`", "|`"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
