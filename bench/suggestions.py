#!/usr/bin/env python3
"""Issue 29: what "did you mean" hints cost a build.

Generates a site of N pages (content/page-<n>.md, each with a `title:` header) whose pages
hold N distinct links to pages that do not exist (`[x](/page-<n>-typo.html)`), builds it
with each quire binary given (`quire build -q SITE`) and prints wall and CPU seconds.

    python3 bench/suggestions.py OLD_QUIRE [NEW_QUIRE] [--pages 10000] [--runs 1] [--resolved]

`--resolved` builds the control: the same links, to pages that exist; the difference
between the two is what the hints cost.
"""

import argparse
import os
import shutil
import subprocess
import tempfile


def make_site(root, pages, resolved):
    content = os.path.join(root, "content")
    os.makedirs(content)
    with open(os.path.join(root, "site.yaml"), "w") as f:
        f.write("title: Suggestions bench\n")
    for n in range(pages):
        with open(os.path.join(content, f"page-{n}.md"), "w") as f:
            f.write(f"title: Page {n}\n\n# Page {n}\n\n")
            target = f"page-{n}" if resolved else f"page-{n}-typo"
            f.write(f"Some text and [a link](/{target}.html).\n")


def build(quire, site):
    """Wall, user and system seconds of one cold build."""
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
    return wall, user + sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("quire", nargs="+", help="one or two quire binaries")
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument(
        "--resolved",
        action="store_true",
        help="the control: the same links, to pages that exist (no hint to find)",
    )
    ap.add_argument("--runs", type=int, default=1, help="builds per binary; the median is shown")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        make_site(site, args.pages, args.resolved)
        links = "links that resolve" if args.resolved else "distinct broken links"
        print(f"{args.pages} pages, {args.pages} {links}")
        print(f"{'binary':<40} {'wall s':>8} {'cpu s':>8}")
        for quire in args.quire:
            runs = sorted(build(quire, site) for _ in range(args.runs))
            wall, cpu = runs[len(runs) // 2]
            print(f"{quire:<40} {wall:>8.2f} {cpu:>8.2f}")


if __name__ == "__main__":
    main()
