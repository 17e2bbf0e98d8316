#!/usr/bin/env python3
"""Issue 29: what "did you mean" hints cost a build, before and after, side by side.

Generates a site of N pages (content/page-<n>.md, each with a `title:` header) whose pages
hold N distinct links to pages that do not exist (`[x](/page-<n>-typo.html)`), and two
controls: the same site with `checks: {broken-link: off}` (no hint is worked out), and the
same links to pages that exist. Builds each cold with each quire binary given
(`quire build -q SITE`), `--runs` times, and prints the medians of wall, CPU (user + system)
and user seconds; "hints add" is the broken site's CPU less the `off` site's.

    python3 bench/suggestions.py BEFORE_QUIRE [AFTER_QUIRE] [--pages 10000] [--runs 3]

System time is mostly the file system writing 10,000 pages, which other work on the machine
slows; the hints are user time.
"""

import argparse
import os
import shutil
import subprocess
import tempfile

SITES = [
    ("broken", "10,000 broken links"),
    ("off", "broken, checks: {broken-link: off}"),
    ("resolved", "control: links resolve"),
]


def make_site(root, pages, kind):
    content = os.path.join(root, "content")
    os.makedirs(content)
    with open(os.path.join(root, "site.yaml"), "w") as f:
        f.write("title: Suggestions bench\n")
        if kind == "off":
            f.write("checks:\n  broken-link: off\n")
    for n in range(pages):
        with open(os.path.join(content, f"page-{n}.md"), "w") as f:
            f.write(f"title: Page {n}\n\n# Page {n}\n\n")
            target = f"page-{n}" if kind == "resolved" else f"page-{n}-typo"
            f.write(f"Some text and [a link](/{target}.html).\n")


def build(quire, site):
    """Wall, CPU (user + system) and user seconds of one cold build."""
    for name in os.listdir(site):  # the output and cache of the previous build
        if name not in ("content", "site.yaml"):
            path = os.path.join(site, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    timing = os.path.join(os.path.dirname(site), "time.txt")
    subprocess.run(
        ["/usr/bin/time", "-o", timing, "-f", "%e %U %S", quire, "build", "-q", site],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(timing) as f:
        wall, user, sys = (float(x) for x in f.read().split()[-3:])
    return wall, user + sys, user


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("quire", nargs="+", help="one or more quire binaries (before, after)")
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3, help="builds per binary and site; medians shown")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="quire-suggest-bench-") as tmp:
        results = {}  # (site, binary) -> (wall, cpu, user)
        for kind, _ in SITES:
            site = os.path.join(tmp, kind, "site")
            make_site(site, args.pages, kind)
            # Interleaved, so that a busy moment of the machine falls on every binary.
            runs = {quire: [] for quire in args.quire}
            for _ in range(args.runs):
                for quire in args.quire:
                    runs[quire].append(build(quire, site))
            for quire, got in runs.items():
                results[kind, quire] = tuple(median([r[i] for r in got]) for i in range(3))
        print(f"{args.pages} pages; medians of {args.runs} cold builds; seconds")
        header = f"{'site':<36}" + "".join(
            f" | {os.path.basename(q)[:22]:>22} wall   cpu  user" for q in args.quire
        )
        print(header)
        for kind, label in SITES:
            row = f"{label:<36}"
            for quire in args.quire:
                wall, cpu, user = results[kind, quire]
                row += f" | {'':>22} {wall:>4.1f} {cpu:>5.2f} {user:>5.2f}"
            print(row)
        row = f"{'hints add (broken - off)':<36}"
        for quire in args.quire:
            cpu = results["broken", quire][1] - results["off", quire][1]
            user = results["broken", quire][2] - results["off", quire][2]
            row += f" | {'':>22} {'':>4} {cpu:>5.2f} {user:>5.2f}"
        print(row)


if __name__ == "__main__":
    main()
