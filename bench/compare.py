#!/usr/bin/env python3
"""Two quire binaries side by side on one corpus: before and after a change.

    python3 bench/gen_corpus.py --pages 10000 --out /tmp/c10k --peers ours
    python3 bench/compare.py --corpus /tmp/c10k --runs 3 OLD_QUIRE NEW_QUIRE

Each round builds with A then B (then B then A, alternating, so that neither
always runs second on a warming machine): a cold build (output and cache
deleted first), a warm one (nothing changed, the cache kept) and one after a
sentence was appended to one page (corpus.json's `edit` page, the harness's
"one page changed" row). Each binary
gets its own copy of the site, so their caches never mix. Prints the medians
of wall time and peak memory, and B / A ratios: the figures to quote for a
change, measured in one run under the same conditions.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one command, via GNU time.
    On a busy machine wall time mostly measures the others; CPU time much less so."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    peak_kb, user, system = out.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(peak_kb) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="a gen_corpus.py output folder (its ours/ site is used)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("a", help="the quire binary before the change")
    ap.add_argument("b", help="the quire binary after it")
    args = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs GNU time (apt-get install time)")
    work = tempfile.mkdtemp(prefix="quire-compare-")
    try:
        sites = {}
        for name in ("a", "b"):
            site = os.path.join(work, name)
            shutil.copytree(os.path.join(args.corpus, "ours"), site)
            sites[name] = site
        import json
        with open(os.path.join(args.corpus, "corpus.json")) as f:
            edit = json.load(f)["edit"]
        kinds = ("cold", "warm", "one", "cold_cpu", "warm_cpu", "one_cpu", "cold_mb", "warm_mb", "one_mb")
        samples = {(n, k): [] for n in ("a", "b") for k in kinds}
        for r in range(args.runs):
            order = ("a", "b") if r % 2 == 0 else ("b", "a")
            for kind in ("cold", "warm", "one"):
                for name in order:
                    site = sites[name]
                    if kind == "cold":
                        for d in ("output", ".quire-cache"):
                            shutil.rmtree(os.path.join(site, d), ignore_errors=True)
                    if kind == "one":
                        page = os.path.join(site, "content", edit["section"], edit["file"] + ".markdown")
                        with open(page, "a", encoding="utf-8") as f:
                            f.write(f"\n\nEdited paragraph for the one-page row (round {r + 1}).\n")
                    wall, cpu, mb = timed([getattr(args, name), "build", "-q", site])
                    samples[(name, kind)].append(wall)
                    samples[(name, kind + "_cpu")].append(cpu)
                    samples[(name, kind + "_mb")].append(mb)
                    print(f"round {r + 1} {kind} {name}: {wall:.2f} s, {cpu:.2f} CPU s, {mb:.0f} MB",
                          file=sys.stderr)
        print(f"| {args.runs} rounds, medians | A (before) | B (after) | B / A |")
        print("|---|---:|---:|---:|")
        labels = {"cold": "cold wall s", "warm": "warm wall s", "one": "one page changed wall s",
                  "cold_cpu": "cold CPU s", "warm_cpu": "warm CPU s", "one_cpu": "one page changed CPU s",
                  "cold_mb": "cold peak MB", "warm_mb": "warm peak MB", "one_mb": "one page changed MB"}
        for kind in kinds:
            a = statistics.median(samples[("a", kind)])
            b = statistics.median(samples[("b", kind)])
            print(f"| {labels[kind]} | {a:.2f} | {b:.2f} | {b / a:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
