#!/usr/bin/env python3
"""Times MkDocs, Zensical and quire side by side on MkDocs projects, in one run: a cold build
(CPU seconds = user + system, wall seconds, peak RSS, from the rusage `os.wait4` gives; the median of
--runs runs, the tools alternating), quire's rebuild when nothing changed, and the output's
HTML bytes per page.

    python3 bench/mkdocs_timing.py PROJECT_DIR [PROJECT_DIR ...] --quire BIN
        --mkdocs /work/venv-mkdocs/bin/mkdocs --zensical /work/venv-zensical/bin/zensical
        [--runs 2] [--json FILE] [--md FILE]

Each project is copied to a temporary folder first (Zensical writes `site/` and `.cache/` next
to the config; nothing is written into the project). MkDocs runs `mkdocs build --no-strict -f
CFG -d OUT`; Zensical `zensical build -f CFG --clean` after removing its `site/` and `.cache/`,
with the project folder on PYTHONPATH (as the MkDocs venv has the project installed, for
mkautodoc); quire `quire build DIR -o OUT` after removing OUT and its cache, then once more
unchanged. What is removed before a cold build is moved aside, and deleted with the temporary
folder at the end (see run.py's `set_aside`). CFG is the project's own `mkdocs.yml`, unless the MkDocs venv cannot load one of its
Markdown extensions or plugins: then both Python tools read the same config less those (as
bench/mkdocs_parity.py builds it, named in the output), and quire reads the project unchanged.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkdocs_parity  # noqa: E402  (the config reading MkDocs' venv does)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, cwd, env=None):
    """Runs cmd: (ok, cpu s, wall s, peak RSS MB, output tail). CPU seconds and peak RSS come
    from os.wait4's rusage (microseconds, the child and the children it waited for: quire's
    `git`, Zensical's worker): `/usr/bin/time` rounds to 10 ms, a third of quire's time on a
    small project."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        tail = out.read().decode("utf-8", "replace")[-1500:]
    cpu = ru.ru_utime + ru.ru_stime
    return p.returncode == 0, cpu, wall, ru.ru_maxrss / 1024, tail


def html_bytes_per_page(out, pages):
    total = 0
    for dirpath, _, names in os.walk(out):
        for n in names:
            if n.endswith(".html"):
                total += os.path.getsize(os.path.join(dirpath, n))
    return total / max(pages, 1)


def source_pages(project, config):
    """The .md files under the docs folder: the pages every tool writes."""
    docs = "docs"
    with open(config, encoding="utf-8") as fh:
        m = re.search(r"^docs_dir:\s*['\"]?([^'\"\n#]+)", fh.read(), re.M)
        if m:
            docs = m.group(1).strip()
    n = 0
    for _, _, names in os.walk(os.path.join(project, docs)):
        n += sum(1 for x in names if x.endswith(".md"))
    return n


def project_timings(name, project, work, a, quire_dir):
    copy = os.path.join(work, name)
    shutil.copytree(project, copy, symlinks=True,
                    ignore=shutil.ignore_patterns("site", ".cache", ".quire-cache", ".git"))
    cfg = os.path.join(copy, "mkdocs.yml")
    dropped = mkdocs_parity.derive_config(a.mkdocs, cfg, os.path.join(copy, "mkdocs.timing.yml"),
                                          os.path.join(work, name + "-derive.json"))
    if dropped:
        cfg = os.path.join(copy, "mkdocs.timing.yml")
    q_src = os.path.abspath(quire_dir) if quire_dir else copy
    pages = source_pages(copy, os.path.join(copy, "mkdocs.yml"))
    outs = {t: os.path.join(work, f"{name}-{t}") for t in ("mkdocs", "quire")}
    outs["zensical"] = os.path.join(copy, "site")
    runs = {"mkdocs": [], "zensical": [], "quire": [], "quire rebuild": []}
    failed = {}

    trash = os.path.join(work, "trash")
    os.makedirs(trash, exist_ok=True)

    def set_aside(path):
        # Moved, not deleted: the work folder goes at the end. On an ext4 without a journal a
        # build that makes files right after as many were deleted pays for each (see run.py's
        # `set_aside`); every tool's cold build is measured the same way.
        if os.path.lexists(path):
            os.rename(path, os.path.join(trash, str(len(os.listdir(trash)))))

    def clean(tool):
        set_aside(outs[tool])
        for cache in (os.path.join(copy, ".cache"), os.path.join(q_src, ".quire-cache")):
            if tool != "mkdocs":
                set_aside(cache)

    commands = {
        "mkdocs": ([a.mkdocs, "build", "--no-strict", "-q", "-f", cfg, "-d", outs["mkdocs"]],
                   {"NO_MKDOCS_2_WARNING": "1"}),
        "zensical": ([a.zensical, "build", "-f", cfg, "--clean"], {"PYTHONPATH": copy}),
        "quire": ([a.quire, "build", q_src, "-o", outs["quire"], "-q"], {"NO_COLOR": "1"}),
    }
    for r in range(a.runs):
        for tool in ("mkdocs", "zensical", "quire"):
            if tool in failed:
                continue
            clean(tool)
            cmd, env = commands[tool]
            ok, cpu, wall, rss, tail = timed(cmd, copy, env)
            if not ok:
                failed[tool] = tail
                continue
            runs[tool].append((cpu, wall, rss))
            print(f"  {name} run {r + 1}: {tool:<8} {cpu:7.3f} CPU-s {wall:7.3f} s {rss:7.0f} MB", flush=True)
            if tool == "quire":
                ok, cpu, wall, rss, tail = timed(cmd, copy, env)
                if ok:
                    runs["quire rebuild"].append((cpu, wall, rss))
                    print(f"  {name} run {r + 1}: quire rebuild, nothing changed {cpu:6.3f} CPU-s {wall:6.3f} s", flush=True)
    result = {"project": name, "pages": pages, "dropped": dropped, "failed": failed, "tools": {}}
    for tool, xs in runs.items():
        if not xs:
            continue
        out = outs["quire" if tool == "quire rebuild" else tool]
        result["tools"][tool] = {
            "cpu_s": statistics.median(x[0] for x in xs),
            "wall_s": statistics.median(x[1] for x in xs),
            "peak_rss_mb": max(x[2] for x in xs),
            "runs": len(xs),
            "html_kb_per_page": html_bytes_per_page(out, pages) / 1024 if os.path.isdir(out) else None,
        }
    return result


def table(results):
    lines = ["| project (pages) | tool | cold CPU-s | cold wall s | peak RSS MB | HTML KB/page | quire is × faster (CPU) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        q = r["tools"].get("quire")
        for tool in ("mkdocs", "zensical", "quire", "quire rebuild"):
            t = r["tools"].get(tool)
            if t is None:
                why = r["failed"].get(tool)
                if why is not None:
                    first = why.strip().splitlines()[-1][:80] if why.strip() else "failed"
                    lines.append(f"| {r['project']} ({r['pages']}) | {tool} | failed: {first} | | | | |")
                continue
            speed = f"{t['cpu_s'] / q['cpu_s']:.1f}×" if q and tool in ("mkdocs", "zensical") and q["cpu_s"] else ""
            kb = f"{t['html_kb_per_page']:.0f}" if t["html_kb_per_page"] is not None and tool != "quire rebuild" else ""
            lines.append(f"| {r['project']} ({r['pages']}) | {tool} | {t['cpu_s']:.3f} | {t['wall_s']:.3f} | "
                         f"{t['peak_rss_mb']:.0f} | {kb} | {speed} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("projects", nargs="+", metavar="PROJECT_DIR")
    ap.add_argument("--quire", default=os.path.join(ROOT, "target", "release", "quire"))
    ap.add_argument("--mkdocs", default="/work/venv-mkdocs/bin/mkdocs")
    ap.add_argument("--zensical", default="/work/venv-zensical/bin/zensical")
    ap.add_argument("--quire-dir", action="append", default=[],
                    help="build quire from this folder instead of the project (in order)")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--md", help="write the table (Markdown) to this file")
    a = ap.parse_args()
    for tool in (a.mkdocs, a.zensical, a.quire):
        if not os.path.exists(tool):
            sys.exit(f"{tool} is missing")
    work = tempfile.mkdtemp(prefix="mkdocs-timing-")
    results = []
    for i, project in enumerate(a.projects):
        name = os.path.basename(os.path.normpath(project))
        results.append(project_timings(name, os.path.abspath(project), work, a,
                                       a.quire_dir[i] if i < len(a.quire_dir) else None))
        if results[-1]["dropped"]:
            print(f"  {name}: MkDocs' venv cannot load, so MkDocs and Zensical build without: "
                  f"{', '.join(results[-1]['dropped'])}")
        for tool, why in results[-1]["failed"].items():
            print(f"  {name}: {tool} failed:\n{why}")
    md = table(results)
    print()
    print(md)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as fh:
            fh.write(md + "\n")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
