#!/usr/bin/env python3
"""How long `quire serve` takes from a page's file write to (a) the reload event
reaching an open tab and (b) the new page being served.

    bench/serve_latency.py --site . --edit content/pages/05-deployment/38-serverless.markdown
    python3 bench/gen_corpus.py --pages 10000 --out /tmp/c10k --peers ours
    bench/serve_latency.py --corpus /tmp/c10k            # the corpus's `edit` page

The site is copied to a temporary folder first (the edits never touch yours);
quire is started once (a cold build), then each run appends a new sentence to
the page's Markdown, listens on /__quire/events like a browser tab does, and
fetches the page until the sentence is in it. Prints the medians, the peak
memory of the server (VmHWM) and the cold build time.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", help="a quire site folder")
    ap.add_argument("--edit", help="the page to edit, relative to the site folder")
    ap.add_argument("--corpus", help="a gen_corpus.py output folder (uses ours/ and its `edit` page)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--pause", type=float, default=1.0,
                    help="seconds between one edit being served and the next write (default 1.0: a writer's "
                         "pace; after an edit quire also rewrites the site-wide files, and a write that comes "
                         "while it does waits for them)")
    ap.add_argument("--quire", default=os.path.join(ROOT, "target", "release", "quire"))
    args = ap.parse_args()
    if args.corpus:
        info = json.load(open(os.path.join(args.corpus, "corpus.json")))
        args.site = os.path.join(args.corpus, "ours")
        e = info["edit"]
        args.edit = next(
            rel for rel in (os.path.join("content", d, e["section"], e["file"] + ".markdown") for d in ("", "pages"))
            if os.path.isfile(os.path.join(args.site, rel)))
    if not (args.site and args.edit):
        ap.error("give --site and --edit, or --corpus")

    work = tempfile.mkdtemp(prefix="quire-serve-bench-")
    try:
        site = os.path.join(work, "site")
        for part in ("content", "static", "templates", "site.yaml"):
            src = os.path.join(args.site, part)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(site, part))
            elif os.path.isfile(src):
                os.makedirs(site, exist_ok=True)
                shutil.copy(src, os.path.join(site, part))
        run(args, site)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, site):
    page = os.path.join(site, args.edit)
    original = open(page, encoding="utf-8").read()
    proc = subprocess.Popen(
        [args.quire, "serve", site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        cold_ms, port, base = None, None, "/"
        for line in proc.stdout:
            m = re.search(r"Built .* in (\d+) ms", line)
            if m:
                cold_ms = int(m.group(1))
            m = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", line)
            if m:
                port, base = int(m.group(1)), m.group(2)
                break
        if port is None:
            sys.exit("quire serve did not start")
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()

        events = Events(port)
        html = fetch(port, base + "index.html")  # warm the connection path
        slug = output_of(port, base, args.edit, original)
        write_ms, served_ms = [], []
        for i in range(args.runs):
            nonce = "quire-bench-%d-%d" % (os.getpid(), i)
            text = original.rstrip("\n") + "\n\nA new sentence, %s.\n" % nonce
            t0 = time.perf_counter()
            with open(page, "w", encoding="utf-8") as f:
                f.write(text)
            event = events.next_built(timeout=120)
            t1 = time.perf_counter()
            changed = event.get("changed")
            if changed is not None and slug not in changed:
                sys.exit("the reload event does not name %s: %s" % (slug, changed))
            body = fetch(port, base + slug)
            t2 = time.perf_counter()
            if nonce not in body:
                sys.exit("the reload event came before the page was in place (run %d)" % i)
            write_ms.append((t1 - t0) * 1000)
            served_ms.append((t2 - t0) * 1000)
            time.sleep(args.pause)
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        peak = peak_rss_mb(proc.pid)
        pages = len(re.findall(r"\.markdown$|\.md$", "\n".join(
            os.path.join(d, n) for d, _, ns in os.walk(os.path.join(site, "content")) for n in ns), re.M))
        print("site: %s (%d Markdown files), edited %s, %d runs, %.2f s apart"
              % (args.site, pages, args.edit, args.runs, args.pause))
        print("cold build: %s ms" % cold_ms)
        print("write -> reload event: median %.1f ms (min %.1f, max %.1f)" % (
            statistics.median(write_ms), min(write_ms), max(write_ms)))
        print("write -> new page served: median %.1f ms (min %.1f, max %.1f)" % (
            statistics.median(served_ms), min(served_ms), max(served_ms)))
        print("server peak memory (VmHWM): %s MB" % peak)
    finally:
        proc.terminate()
        proc.wait()


def output_of(port, base, edit, text):
    """The page's output name: its `slug:` or its file name without the NN- prefix."""
    m = re.search(r"^slug:\s*(\S+)", text, re.M | re.I)
    if m:
        return m.group(1) + ".html"
    name = os.path.splitext(os.path.basename(edit))[0]
    return re.sub(r"^\d+[-_]", "", name) + ".html"


def fetch(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return body


def peak_rss_mb(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return "?"


class Events:
    """/__quire/events read in the background, as a browser tab would."""

    def __init__(self, port):
        self.built = []
        self.cond = threading.Condition()
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("GET", "/__quire/events", headers={"Accept": "text/event-stream"})
        self.resp = c.getresponse()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        name, data = None, ""
        while True:
            line = self.resp.readline()
            if not line:
                return
            line = line.decode("utf-8").rstrip("\r\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
            elif line == "" and name:
                if name in ("built", "failed"):
                    with self.cond:
                        self.built.append((name, json.loads(data)))
                        self.cond.notify_all()
                name, data = None, ""

    def next_built(self, timeout):
        with self.cond:
            if not self.cond.wait_for(lambda: self.built, timeout):
                sys.exit("no reload event within %d s" % timeout)
            name, data = self.built.pop(0)
        if name != "built":
            sys.exit("the build failed: %s" % data)
        return data


if __name__ == "__main__":
    main()
