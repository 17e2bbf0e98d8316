#!/usr/bin/env python3
"""Benchmark quire against peer static site generators on the same synthetic corpus.

    python3 bench/run.py --pages 1000,10000 --runs 3 [--tools quire,hugo,eleventy,pelican] [--out bench/out]

For each page count N it generates (once, cached in OUT/corpus-N) the corpus with
gen_corpus.py, which writes the same pages in each tool's native layout, then measures
per tool:

  cold   build with output and caches deleted first: wall time, CPU time, peak RSS
  warm   the same build again with nothing changed (quire keeps SITE/.quire-cache): the
         "no change" row
  one    the same build after one page's source changed (a sentence appended to
         corpus.json's `edit` page, removed again afterwards): the "one page changed" row
  edit   edit-to-page-updated latency in the tool's watch mode: a marker sentence is
         appended to corpus.json's `edit` page and the tool's output file for that
         page is polled every 2 ms until the marker shows up
  syntect  (rows of their own) the time syntect alone needs to highlight all fenced
         code of the corpus on 2 threads (crates/quire-markdown/examples/highlight_baseline.rs): once with
         syntect's bundled grammars, once with quire's lean Python grammar line by line
         (as syntect's HTML generator drives it: the speed issue's baseline), and once
         parsing each Python block whole, as quire does (what highlighting costs quire)

It prints a Markdown table of medians (and quire / fastest peer ratios) and writes
OUT/results.md, OUT/results.json (every raw sample), OUT/results.svg (+ .png when
rsvg-convert is installed). Standard library only. Peers are installed by
bench/setup.sh; a tool that is not installed is skipped with a message.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
ALL_TOOLS = ["quire", "hugo", "eleventy", "pelican"]
PEERS = ["hugo", "eleventy", "pelican"]
LAYOUT = {"quire": "ours", "hugo": "hugo", "eleventy": "eleventy", "pelican": "pelican"}
MARKER_WORD = "benchmarkmarker"  # every appended marker sentence contains this word
COLORS = {"quire": "#d9480f", "hugo": "#1c7ed6", "eleventy": "#2b8a3e", "pelican": "#7048e8", "syntect": "#868e96",
          "syntect-lean": "#ced4da", "syntect-whole": "#495057"}
# Baseline rows: name -> (--grammar value, label)
BASELINES = {"syntect": ("bundled", "syntect alone, bundled grammar (highlight, 2 threads)"),
             "syntect-lean": ("quire", "syntect alone, quire's Python grammar (highlight, 2 threads)"),
             "syntect-whole": ("quire-whole", "syntect alone, quire's Python grammar, blocks parsed whole as quire "
                               "does (highlight, 2 threads)")}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ processes
LIVE = set()          # Popen objects whose process group must be killed on exit
RESTORE = {}          # edited source file -> original bytes, restored on exit


def kill_group(p, grace=3.0, reap=True):
    """SIGTERM the process group of p, SIGKILL it if anything is left after `grace` s.
    reap=False when another thread is blocked in wait4 on p (the timeout timer)."""
    try:
        os.killpg(p.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        LIVE.discard(p)
        return
    end = time.monotonic() + grace
    while True:
        if reap:
            p.poll()
        try:
            os.killpg(p.pid, 0)
        except ProcessLookupError:
            break
        if time.monotonic() > end:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if reap:
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            break
        time.sleep(0.02)
    LIVE.discard(p)


# Where `Tool.clean` puts the last build's output (see `set_aside`); None: delete it at once.
TRASH = {"dir": None, "n": 0}


def set_aside(path):
    """Removes a build's output folder before a cold build by moving it aside, to be deleted
    after the measurements of one page count (`empty_trash`). On an ext4 file system without a
    journal (this VM's root) the kernel passes over every inode freed in the last minute when it
    makes a file (`recently_deleted()` in `find_inode_bit`): a cold build started right after
    deleting 15,000 files spent 5 of its 13 CPU-seconds making files, 2.7 without the deletion.
    A CI runner builds into a fresh checkout; `--delete-outputs` measures the old way."""
    if TRASH["dir"] is None:
        shutil.rmtree(path)
        return
    os.makedirs(TRASH["dir"], exist_ok=True)
    TRASH["n"] += 1
    try:
        os.rename(path, os.path.join(TRASH["dir"], "%d" % TRASH["n"]))
    except OSError:
        shutil.rmtree(path)


def empty_trash():
    """Deletes what `set_aside` kept, and waits for the disk, so that no build is measured
    right after it."""
    if TRASH["dir"] and os.path.isdir(TRASH["dir"]):
        shutil.rmtree(TRASH["dir"], ignore_errors=True)
        os.sync()


def cleanup():
    empty_trash()
    for p in list(LIVE):
        kill_group(p)
    for path, data in list(RESTORE.items()):
        with open(path, "wb") as f:
            f.write(data)
        RESTORE.pop(path, None)


def _sigterm(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunError(Exception):
    pass


def run_timed(argv, cwd, log_path, timeout, env=None):
    """Run argv to completion in its own process group; time it and read its rusage.

    os.wait4 gives the child's rusage: ru_maxrss is the largest peak RSS of the child
    and of the descendants it waited for (not their sum); CPU times add up."""
    with open(log_path, "ab") as lf:
        lf.write(("\n$ (cd %s && %s)\n" % (cwd, " ".join(argv))).encode())
        lf.flush()
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=lf,
                             stderr=subprocess.STDOUT, start_new_session=True)
        LIVE.add(p)
        timed_out = []
        timer = threading.Timer(timeout, lambda: (timed_out.append(1), kill_group(p, reap=False)))
        timer.daemon = True
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
            t1 = time.perf_counter()
            p.returncode = os.waitstatus_to_exitcode(status)
        finally:
            timer.cancel()
        kill_group(p, grace=0.5)  # leftovers of the group, if any
    if timed_out:
        raise RunError("timed out after %ss: %s (log: %s)" % (timeout, " ".join(argv), log_path))
    if p.returncode != 0:
        raise RunError("exit code %s: %s\n%s" % (p.returncode, " ".join(argv), tail(log_path)))
    return dict(wall_s=t1 - t0, user_s=ru.ru_utime, sys_s=ru.ru_stime, cpu_s=ru.ru_utime + ru.ru_stime,
                peak_mb=ru.ru_maxrss / 1024.0)


def tail(path, n=15):
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.path.getsize(path) - 4000))
            lines = f.read().decode("utf-8", "replace").splitlines()[-n:]
        return "\n".join("    | " + l for l in lines)
    except OSError:
        return ""


def capture(argv, cwd=None, timeout=60, env=None):
    try:
        r = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        return (r.stdout + r.stderr).strip() if r.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def group_cpu_ticks(pgid):
    """CPU ticks (user+sys, including reaped children) of every process in the group."""
    total = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d, "rb") as f:
                s = f.read().decode("ascii", "replace")
        except OSError:
            continue
        rest = s[s.rfind(")") + 2:].split()
        if len(rest) > 14 and int(rest[2]) == pgid:
            total += int(rest[11]) + int(rest[12]) + int(rest[13]) + int(rest[14])
    return total


def wait_idle(p, log_path, timeout, quiet_s=1.0, max_ticks=3):
    """Wait until the watcher's process group used at most max_ticks CPU ticks
    (1 tick = 10 ms) during the last quiet_s seconds."""
    step = 0.1
    hist = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if p.poll() is not None:
            raise RunError("watcher exited with %s while waiting for it to be idle\n%s" % (p.returncode, tail(log_path)))
        hist.append(group_cpu_ticks(p.pid))
        k = int(quiet_s / step)
        if len(hist) > k and hist[-1] - hist[-1 - k] <= max_ticks:
            return
        time.sleep(step)
    raise RunError("watcher not idle after %ss (log: %s)" % (timeout, log_path))


# ------------------------------------------------------------------ tools
class Tool:
    name = ""
    wants_edit_idle = True

    def __init__(self, args):
        self.args = args

    def site(self, corpus):
        return os.path.join(corpus, LAYOUT[self.name])

    def prepare(self, site):
        pass

    def check(self):
        """(ok, why-not) whether the tool can run here."""
        return True, ""

    def version(self):
        return "?"

    def clean(self, site):
        for d in self.cleaned:
            p = os.path.join(site, d)
            if os.path.isdir(p) and not os.path.islink(p):
                set_aside(p)
            elif os.path.lexists(p):
                os.remove(p)

    def env(self, site):
        return None


class Quire(Tool):
    name = "quire"
    cleaned = ["output", ".quire-cache"]

    def __init__(self, args, binary):
        super().__init__(args)
        self.bin = binary

    def check(self):
        if not self.bin or not os.access(self.bin, os.X_OK):
            return False, "no quire binary (cargo build --release failed or --quire not given)"
        return True, ""

    def version(self):
        v = capture([self.bin, "--version"]) or "quire"
        rev = capture(["git", "-C", REPO, "describe", "--always", "--dirty"])
        return "%s (git %s)" % (v.splitlines()[0], rev) if rev else v.splitlines()[0]

    def build_cmd(self, site):
        return [self.bin, "build", site]

    def watch_cmd(self, site):
        # --quire-watch: e.g. "serve {site} --port {port}" once quire has a server
        port = free_port()
        return [self.bin] + [a.format(site=site, port=port) for a in self.args.quire_watch.split()]

    def src_path(self, site, page):
        return os.path.join(site, "content", page["section"], page["file"] + ".markdown")

    def out_path(self, site, page):
        return os.path.join(site, "output", page["slug"] + ".html")

    def out_dir(self, site):
        return os.path.join(site, "output")


class Hugo(Tool):
    name = "hugo"
    cleaned = ["public", "resources", ".hugo_cache", ".hugo_build.lock"]

    def check(self):
        self.bin = shutil.which("hugo")
        return (True, "") if self.bin else (False, "hugo not installed (bench/setup.sh: apt-get install -y hugo)")

    def version(self):
        return (capture([self.bin, "version"]) or "?").splitlines()[0]

    def _common(self, site):
        # a cache folder inside the site, so that a cold build can delete it
        return ["--destination", "public", "--cacheDir", os.path.join(site, ".hugo_cache")]

    def build_cmd(self, site):
        return [self.bin, "--quiet"] + self._common(site)

    def watch_cmd(self, site):
        return [self.bin, "--watch"] + self._common(site)

    def src_path(self, site, page):
        return os.path.join(site, "content", page["section"], page["file"] + ".md")

    def out_path(self, site, page):
        return os.path.join(site, "public", page["section"], page["slug"], "index.html")

    def out_dir(self, site):
        return os.path.join(site, "public")


class Eleventy(Tool):
    name = "eleventy"
    cleaned = ["_site", ".cache"]

    def check(self):
        self.node = shutil.which("node")
        self.modules = os.path.join(BENCH, "peers", "node_modules")
        self.cmd = os.path.join(self.modules, "@11ty", "eleventy", "cmd.cjs")
        if not self.node:
            return False, "node not installed"
        if not os.path.exists(self.cmd):
            return False, "eleventy not installed in bench/peers/node_modules (run bench/setup.sh)"
        return True, ""

    def version(self):
        v = capture([self.node, self.cmd, "--version"]) or "?"
        try:
            with open(os.path.join(self.modules, "@11ty", "eleventy-plugin-syntaxhighlight", "package.json")) as f:
                pv = json.load(f)["version"]
        except OSError:
            pv = "?"
        return "eleventy %s, syntaxhighlight %s, node %s" % (v, pv, capture([self.node, "--version"]))

    def prepare(self, site):
        link = os.path.join(site, "node_modules")
        if not os.path.lexists(link):
            os.symlink(self.modules, link)

    # `node .../cmd.cjs` is what `npx @11ty/eleventy` runs, without npx's own start-up
    # (~0.3 s) and without npm in the process tree that wait4 measures.
    def build_cmd(self, site):
        return [self.node, self.cmd, "--quiet"]

    def watch_cmd(self, site):
        return [self.node, self.cmd, "--watch", "--incremental"]

    # Node's default heap (~4 GB here) runs out at 30,000 pages (it peaks near 2 GB at 10,000).
    def env(self, site):
        return dict(os.environ, NODE_OPTIONS="--max-old-space-size=12288")

    def src_path(self, site, page):
        return os.path.join(site, "content", page["section"], page["file"] + ".md")

    def out_path(self, site, page):
        return os.path.join(site, "_site", page["section"], page["slug"], "index.html")

    def out_dir(self, site):
        return os.path.join(site, "_site")


class Pelican(Tool):
    name = "pelican"
    cleaned = ["output", "cache", os.path.join("plugins", "sidebar", "__pycache__"), "__pycache__"]

    def check(self):
        venv = os.path.join(BENCH, ".venv", "bin", "pelican")
        self.bin = venv if os.access(venv, os.X_OK) else shutil.which("pelican")
        if not self.bin:
            return False, "pelican not installed (run bench/setup.sh: venv bench/.venv)"
        self.python = os.path.join(os.path.dirname(self.bin), "python")
        return True, ""

    def version(self):
        v = capture([self.bin, "--version"]) or "?"
        mods = capture([self.python, "-c", "import markdown, pygments, sys; "
                        "print('markdown %s, pygments %s, python %s' % (markdown.__version__, pygments.__version__, sys.version.split()[0]))"])
        return "pelican %s, %s" % (v, mods or "?")

    def build_cmd(self, site):
        return [self.bin, "content", "-s", "pelicanconf.py", "-o", "output"]

    def watch_cmd(self, site):
        # pelicanconf_dev.py = pelicanconf.py + Pelican's content cache (its only incremental aid)
        return [self.bin, "-r", "-s", "pelicanconf_dev.py"]

    def src_path(self, site, page):
        return os.path.join(site, "content", "pages", page["section"], page["file"] + ".markdown")

    def out_path(self, site, page):
        return os.path.join(site, "output", page["slug"] + ".html")

    def out_dir(self, site):
        return os.path.join(site, "output")


# ------------------------------------------------------------------ corpus
def find_gen(arg):
    cands = [arg] if arg else [os.path.join(REPO, "bench", "gen_corpus.py")]
    for c in cands:
        if c and os.path.exists(c):
            return os.path.abspath(c)
    sys.exit("gen_corpus.py not found (looked at %s); pass --gen PATH" % ", ".join(cands))


def ensure_corpus(args, n, tools=ALL_TOOLS):
    d = os.path.join(args.out, "corpus-%d" % n)
    meta = os.path.join(d, "corpus.json")
    if os.path.exists(meta) and all(os.path.isdir(os.path.join(d, LAYOUT[t])) for t in tools):
        log("[%d] reusing corpus %s" % (n, d))
    else:
        log("[%d] generating corpus into %s" % (n, d))
        os.makedirs(d, exist_ok=True)
        if os.path.exists(meta):
            os.remove(meta)
        r = subprocess.run([sys.executable, args.gen, "--pages", str(n), "--out", d,
                            "--peers", ",".join(LAYOUT[t] for t in tools)],
                           stdout=subprocess.DEVNULL, timeout=3600)
        if r.returncode != 0 or not os.path.exists(meta):
            raise RunError("gen_corpus.py failed for %d pages" % n)
    with open(meta) as f:
        return d, json.load(f)


def strip_markers(path):
    """Undo edits left by an interrupted run (everything from the first marker paragraph on)."""
    with open(path, "rb") as f:
        data = f.read()
    i = data.find(b"\n\nEdited paragraph " + MARKER_WORD.encode())
    if i >= 0:
        with open(path, "wb") as f:
            f.write(data[:i] + b"\n")
        log("  removed a stale edit marker from %s" % path)


# ------------------------------------------------------------------ checks
def verify_output(tool, site, corpus):
    """Fail loudly if the edit/sample pages are missing; return warnings about their content."""
    warnings = []
    for key in ("edit", "sample"):
        page = corpus[key]
        out = tool.out_path(site, page)
        if not os.path.exists(out):
            raise RunError("%s: expected output file for the %s page is missing: %s" % (tool.name, key, out))
        with open(out, encoding="utf-8", errors="replace") as f:
            html = f.read()
        if not re.search(r"<pre[^>]*>.*?<span", html, re.S):
            warnings.append("%s page %s: no highlighted code (<pre> with <span>)" % (key, out))
        if not re.search(r'href="[^"]*%s[^"]*"' % re.escape(page["slug"]), html):
            warnings.append("%s page %s: no sidebar link to the page itself" % (key, out))
    count = 0
    for _, _, files in os.walk(tool.out_dir(site)):
        count += sum(1 for f in files if f.endswith(".html"))
    if count < corpus["pages"]:
        warnings.append("only %d .html files in %s for %d pages" % (count, tool.out_dir(site), corpus["pages"]))
    for w in warnings:
        log("  WARNING %s: %s" % (tool.name, w))
    return warnings


def html_bytes(d):
    """Total size of the HTML a tool wrote: how compact its highlighted markup is."""
    total = 0
    for root, _, files in os.walk(d):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".html"))
    return total


# ------------------------------------------------------------------ measurements
def measure_builds(args, tools, sites, corpus, res, n, logs):
    for r in range(args.runs):
        for t in tools:
            rt = res[t.name]
            if rt.get("error"):
                continue
            site = sites[t.name]
            lp = os.path.join(logs, "%s-%d.log" % (t.name, n))
            try:
                t.clean(site)
                s = run_timed(t.build_cmd(site), site, lp, args.timeout, t.env(site))
                rt["cold"].append(s)
                rt.setdefault("warnings", [])
                if r == 0:
                    rt["warnings"] += verify_output(t, site, corpus)
                    rt["output_mb"] = html_bytes(t.out_dir(site)) / 1e6
                else:
                    verify_output(t, site, corpus)
                w = run_timed(t.build_cmd(site), site, lp, args.timeout, t.env(site))
                rt["warm"].append(w)
                o = one_page_changed(t, site, corpus, lp, args, r)
                rt.setdefault("one", []).append(o)
                log("[%d] %-8s run %d/%d: cold %7.2f s (cpu %6.2f s, %6.0f MB)   no change %7.2f s (%6.0f MB)"
                    "   one page changed %7.2f s (%6.0f MB)"
                    % (n, t.name, r + 1, args.runs, s["wall_s"], s["cpu_s"], s["peak_mb"], w["wall_s"], w["peak_mb"],
                       o["wall_s"], o["peak_mb"]))
            except RunError as e:
                rt["error"] = str(e)
                log("[%d] %s FAILED: %s" % (n, t.name, e))


def one_page_changed(t, site, corpus, lp, args, r):
    """A build after one page's source changed: a marker sentence appended to the `edit` page,
    checked in its output, then the source restored (the next cold build starts over)."""
    src, out = t.src_path(site, corpus["edit"]), t.out_path(site, corpus["edit"])
    with open(src, "rb") as f:
        orig = f.read()
    RESTORE[src] = orig
    marker = "%s%s" % (MARKER_WORD, secrets.token_hex(6))
    try:
        with open(src, "a", encoding="utf-8") as f:
            f.write("\n\nEdited paragraph %s for the one-page benchmark (run %d).\n" % (marker, r + 1))
        o = run_timed(t.build_cmd(site), site, lp, args.timeout, t.env(site))
        with open(out, "rb") as f:
            if marker.encode() not in f.read():
                raise RunError("%s: the changed page %s does not show the change" % (t.name, out))
        return o
    finally:
        with open(src, "wb") as f:
            f.write(orig)
        RESTORE.pop(src, None)


def measure_edits(args, t, site, corpus, rt, n, logs):
    page = corpus["edit"]
    src, out = t.src_path(site, page), t.out_path(site, page)
    lp = os.path.join(logs, "%s-%d-watch.log" % (t.name, n))
    strip_markers(src)
    with open(src, "rb") as f:
        orig = f.read()
    t.clean(site)  # the watcher starts from nothing, so its output appearing means it built
    RESTORE[src] = orig
    p = None
    try:
        with open(lp, "ab") as lf:
            argv = t.watch_cmd(site)
            lf.write(("\n$ (cd %s && %s)\n" % (site, " ".join(argv))).encode())
            lf.flush()
            t0 = time.perf_counter()
            p = subprocess.Popen(argv, cwd=site, env=t.env(site), stdin=subprocess.DEVNULL, stdout=lf,
                                 stderr=subprocess.STDOUT, start_new_session=True)
            LIVE.add(p)
        end = time.monotonic() + args.timeout
        while not os.path.exists(out):
            if p.poll() is not None:
                raise RunError("watcher exited with %s before writing %s\n%s" % (p.returncode, out, tail(lp)))
            if time.monotonic() > end:
                raise RunError("watcher did not write %s within %ss" % (out, args.timeout))
            time.sleep(0.05)
        wait_idle(p, lp, args.timeout)
        rt["edit_startup_s"] = time.perf_counter() - t0
        lat = []
        for i in range(args.edits):
            marker = "%s%s" % (MARKER_WORD, secrets.token_hex(6))
            needle = marker.encode()
            sentence = "\n\nEdited paragraph %s for the latency benchmark.\n" % marker
            deadline = time.monotonic() + args.edit_timeout
            w0 = time.perf_counter()
            with open(src, "a", encoding="utf-8") as f:
                f.write(sentence)
            while True:
                try:
                    with open(out, "rb") as f:
                        if needle in f.read():
                            break
                except FileNotFoundError:
                    pass
                if p.poll() is not None:
                    raise RunError("watcher exited with %s during edit %d\n%s" % (p.returncode, i + 1, tail(lp)))
                if time.monotonic() > deadline:
                    raise RunError("edit %d: marker not in %s after %ss (log: %s)" % (i + 1, out, args.edit_timeout, lp))
                time.sleep(0.002)
            lat.append((time.perf_counter() - w0) * 1000.0)
            rt["edit_ms"] = lat
            wait_idle(p, lp, args.timeout)  # let the rebuild finish before the next edit
        log("[%d] %-8s edit latency (ms): %s   (watcher start-up %.1f s)"
            % (n, t.name, ", ".join("%.0f" % x for x in lat), rt["edit_startup_s"]))
    except RunError as e:
        rt["edit_error"] = str(e)
        log("[%d] %s edit measurement FAILED: %s" % (n, t.name, e))
    finally:
        if p is not None:
            kill_group(p)
        with open(src, "wb") as f:
            f.write(orig)
        RESTORE.pop(src, None)


def measure_syntect(args, baseline, corpus_dir, n, logs, name="syntect"):
    res = {"runs": []}
    grammar = BASELINES[name][0]
    content = os.path.join(corpus_dir, "ours", "content")
    lp = os.path.join(logs, "%s-%d.log" % (name, n))
    try:
        for r in range(args.runs):
            s = run_timed([baseline, content, "--threads", "2", "--grammar", grammar], corpus_dir, lp, args.timeout)
            with open(lp, encoding="utf-8", errors="replace") as f:
                lines = [l for l in f.read().splitlines() if l.startswith("highlight_baseline:")]
            kv = dict(x.split("=", 1) for x in lines[-1].split()[1:])
            s.update({k: float(v) for k, v in kv.items() if k != "grammar"})
            res["runs"].append(s)
            log("[%d] %-12s run %d/%d: highlight %.2f s of %.1f MB code in %d blocks (process %.2f s, %.0f MB)"
                % (n, name, r + 1, args.runs, s["highlight_ms"] / 1000, s["code_mb"], s["blocks"], s["wall_s"],
                   s["peak_mb"]))
    except (RunError, IndexError, ValueError) as e:
        res["error"] = str(e)
        log("[%d] %s baseline FAILED: %s" % (n, name, e))
    return res


# ------------------------------------------------------------------ environment
def machine_info():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 1048576)
    except (OSError, ValueError, IndexError):
        pass
    return dict(nproc=len(os.sched_getaffinity(0)), cpu=model, memory=mem, kernel=platform.release(),
                python=platform.python_version(), loadavg_start=os.getloadavg())


def build_quire(args, logs):
    """(quire binary or None, highlight_baseline binary or None)"""
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    qbin = os.path.abspath(args.quire) if args.quire else os.path.join(target, "release", "quire")
    hbin = os.path.abspath(args.baseline) if args.baseline else os.path.join(target, "release", "examples", "highlight_baseline")
    cargo = shutil.which("cargo")
    if not args.no_build and cargo:
        lp = os.path.join(logs, "cargo.log")
        if not args.quire and "quire" in args.tools:
            log("cargo build --release (log: %s)" % lp)
            try:
                run_timed([cargo, "build", "--release", "--bin", "quire"], REPO, lp, args.timeout)
            except RunError as e:
                log("quire: cargo build --release failed, quire will be skipped:\n%s" % e)
                qbin = None
        if not args.no_baseline and not args.baseline:
            log("cargo build --release --example highlight_baseline (log: %s)" % lp)
            try:
                run_timed([cargo, "build", "--release", "--example", "highlight_baseline"], REPO, lp, args.timeout)
            except RunError as e:
                log("highlight_baseline failed to build, the syntect row will be skipped:\n%s" % e)
                hbin = None
    if qbin and not os.access(qbin, os.X_OK):
        qbin = None
    if hbin and not os.access(hbin, os.X_OK):
        hbin = None
    return qbin, hbin


def syntect_version():
    try:
        with open(os.path.join(REPO, "Cargo.lock")) as f:
            m = re.search(r'name = "syntect"\nversion = "([^"]+)"', f.read())
        return "syntect %s" % m.group(1) if m else "syntect ?"
    except OSError:
        return "syntect ?"


# ------------------------------------------------------------------ summary
def med(xs):
    return statistics.median(xs) if xs else None


def summarize(res_n):
    """tool -> dict of medians (None when not measured)."""
    out = {}
    for name, rt in res_n.items():
        if name in BASELINES:
            runs = rt.get("runs", [])
            out[name] = dict(cold=med([r["highlight_ms"] / 1000 for r in runs]), warm=None, edit=None, html=None,
                             one=None, warm_cpu=None, warm_peak=None, one_peak=None,
                             peak=med([r["peak_mb"] for r in runs]), cpu=med([r["cpu_s"] for r in runs]),
                             error=rt.get("error"))
            continue
        out[name] = dict(cold=med([s["wall_s"] for s in rt["cold"]]), warm=med([s["wall_s"] for s in rt["warm"]]),
                         one=med([s["wall_s"] for s in rt.get("one", [])]),
                         edit=med(rt.get("edit_ms", [])) if not rt.get("edit_error") else None,
                         peak=med([s["peak_mb"] for s in rt["cold"]]), cpu=med([s["cpu_s"] for s in rt["cold"]]),
                         warm_cpu=med([s["cpu_s"] for s in rt["warm"]]),
                         warm_peak=med([s["peak_mb"] for s in rt["warm"]]),
                         one_peak=med([s["peak_mb"] for s in rt.get("one", [])]),
                         error=rt.get("error"), edit_error=rt.get("edit_error"), skipped=rt.get("skipped"),
                         html=rt.get("output_mb"))
    return out


def fmt(v, kind):
    if v is None:
        return "–"
    if kind == "s":
        return "%.2f" % v if v < 10 else "%.1f" % v if v < 100 else "%.0f" % v
    if kind == "ms":
        return "%.0f" % v
    if kind == "mb":
        return "%.0f" % v
    if kind == "mb1":
        return "%.1f" % v
    return str(v)


COLS = [("cold", "cold (s)", "s"), ("warm", "no change (s)", "s"), ("one", "one page changed (s)", "s"),
        ("edit", "edit (ms)", "ms"), ("peak", "peak MB", "mb"), ("warm_peak", "no change MB", "mb"),
        ("one_peak", "one changed MB", "mb"), ("cpu", "cold CPU (s)", "s"), ("warm_cpu", "no change CPU (s)", "s"),
        ("html", "HTML MB", "mb1")]


def markdown(results):
    L = []
    m = results["machine"]
    L.append("# quire benchmark")
    L.append("")
    L.append("- date: %s" % results["date"])
    L.append("- machine: %s cores, %s, %s RAM, Linux %s; load average at start %s, at end %s"
             % (m["nproc"], m["cpu"], m["memory"], m["kernel"],
                " ".join("%.2f" % x for x in m["loadavg_start"]),
                " ".join("%.2f" % x for x in m.get("loadavg_end", [])) or "?"))
    L.append("- runs: median of %d cold and %d warm builds per tool; %s"
             % (results["args"]["runs"], results["args"]["runs"],
                "edit latency: median of %d edits" % results["args"]["edits"] if results["args"]["edits"]
                else "edit latency not measured (--edits 0)"))
    L.append("- before a cold build the last output was %s" % (
        "deleted" if results["args"].get("delete_outputs") else
        "moved aside (deleted after each page count: see `set_aside`)"))
    L.append("- versions: " + "; ".join("**%s** %s" % (k, v) for k, v in results["versions"].items()))
    L.append("")
    for n, res_n in results["results"].items():
        c = results["corpora"][n]
        L.append("## %s pages" % n)
        L.append("")
        L.append("%d pages in %d sections, %.1f MB of Markdown, %d fenced code blocks."
                 % (c["pages"], c["sections"], c["body_bytes"] / 1e6, c["code_blocks"]))
        L.append("")
        S = summarize(res_n)
        L.append("| tool | " + " | ".join(h for _, h, _ in COLS) + " | note |")
        L.append("|---|" + "---:|" * len(COLS) + "---|")
        for name in list(ALL_TOOLS) + list(BASELINES):
            if name not in S:
                continue
            s = S[name]
            note = s.get("skipped") or ""
            if s.get("error"):
                note = "FAILED: " + s["error"].splitlines()[0][:120]
            elif s.get("edit_error"):
                note = "edit FAILED: " + s["edit_error"].splitlines()[0][:120]
            if name in BASELINES:
                label = BASELINES[name][1]
                note = note or "highlighting time only, no Markdown, templates or files"
            else:
                label = name
            L.append("| %s | %s | %s |" % (label, " | ".join(fmt(s[k], u) for k, _, u in COLS), note))
        # quire / fastest peer
        q = S.get("quire")
        cells = []
        for k, _, _ in COLS:
            peers = [(S[p][k], p) for p in PEERS
                     if p in S and S[p][k] is not None and not S[p].get("error")
                     and not (k == "edit" and S[p].get("edit_error"))]
            if not q or q[k] is None or q.get("error") or (k == "edit" and q.get("edit_error")) or not peers:
                cells.append("–")
                continue
            best, who = min(peers)
            cells.append("%.2f× (%s)" % (q[k] / best, who) if best > 0 else "–")
        L.append("| **quire ÷ fastest peer** | " + " | ".join(cells) + " | below 1 = quire better |")
        L.append("")
        extra = []
        if q and q["cold"] and not q.get("error"):
            for b, (grammar, _) in BASELINES.items():
                if b in S and S[b]["cold"] and not S[b].get("error"):
                    extra.append("quire cold ÷ syntect alone (%s grammar): **%.2f×**" % (grammar, q["cold"] / S[b]["cold"]))
            p = S.get("pelican")
            if q["html"] and p and p["html"] and not p.get("error"):
                extra.append("quire HTML ÷ Pelican HTML: **%.2f×**" % (q["html"] / p["html"]))
        if extra:
            L.append("; ".join(extra) + ".")
            L.append("")
    L.append("Columns: **cold** = wall time of a build with output and caches deleted; **no change** = the same "
             "build run again with nothing changed (quire keeps `.quire-cache/`); **one page changed** = the same "
             "build after a sentence was appended to one page's source; **edit** = time from appending a "
             "sentence to one page's source until the watcher's output page contains it; **peak MB** / "
             "**no change MB** / **one changed MB** = peak RSS (ru_maxrss via wait4, the largest single process of "
             "the tree) of the cold / no-change / one-page-changed build; "
             "**cold CPU** / **no change CPU** = user+sys CPU seconds (above wall time = it used both cores). "
             "All values are medians; raw samples are in results.json. Sizes given with `--quire-only` are "
             "measured for quire alone.")
    L.append("")
    return "\n".join(L)


def svg_chart(results):
    """Grouped bar charts (log axes) drawn by hand: cold, no change, one page changed, edit, peak."""
    panels = [("cold", "Cold build (s)", "s"), ("warm", "No-change rebuild (s)", "s"),
              ("one", "Build after one page changed (s)", "s"), ("edit", "Edit → page updated (ms)", "ms"),
              ("peak", "Peak memory, cold build (MB)", "mb")]
    ns = list(results["results"].keys())
    summ = {n: summarize(results["results"][n]) for n in ns}
    tools = [t for t in ALL_TOOLS if any(t in summ[n] for n in ns)]
    baselines = [b for b in BASELINES if any(b in summ[n] and summ[n][b]["cold"] for n in ns)]
    W, PW, PH = 1100, 520, 330
    top = 70
    H = top + (len(panels) + 1) // 2 * (PH + 40) + 40
    o = []
    e = o.append
    esc = lambda s: str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    e('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
      'font-family="DejaVu Sans, Helvetica, Arial, sans-serif">' % (W, H, W, H))
    e('<rect width="100%" height="100%" fill="white"/>')
    m = results["machine"]
    runs = results["args"]["runs"]
    e('<text x="%d" y="28" font-size="20" font-weight="bold" text-anchor="middle">quire vs peers: same pages, '
      '%s (lower is better)</text>' % (W / 2, "one run" if runs == 1 else "median of %d runs" % runs))
    e('<text x="%d" y="50" font-size="12" fill="#555" text-anchor="middle">%s · %s cores · %s</text>'
      % (W / 2, esc(results["date"][:10]), m["nproc"], esc(m["cpu"])))
    # legend
    leg = tools + baselines
    lx = W / 2 - sum(len(t) * 8 + 40 for t in leg) / 2
    for t in leg:
        lab = {"syntect": "syntect alone", "syntect-lean": "syntect, quire's grammar",
               "syntect-whole": "syntect, whole blocks"}.get(t, t)
        e('<rect x="%.0f" y="%d" width="14" height="14" fill="%s"/>' % (lx, H - 28, COLORS[t]))
        e('<text x="%.0f" y="%d" font-size="13">%s</text>' % (lx + 19, H - 16, esc(lab)))
        lx += len(lab) * 7.5 + 40
    for pi, (key, title, unit) in enumerate(panels):
        px = 40 + (pi % 2) * (PW + 20)
        py = top + (pi // 2) * (PH + 40)
        e('<text x="%d" y="%d" font-size="15" font-weight="bold">%s</text>' % (px + 50, py + 12, esc(title)))
        x0, x1, y0, y1 = px + 50, px + PW - 10, py + PH - 30, py + 30  # plot box (y0 bottom)
        series = tools + (baselines if key == "cold" else [])
        vals = [summ[n][t][key] for n in ns for t in series if t in summ[n] and summ[n][t][key]]
        if not vals:
            e('<text x="%d" y="%d" font-size="13" fill="#888">no data</text>' % ((x0 + x1) / 2 - 25, (y0 + y1) / 2))
            continue
        lo = 10 ** math.floor(math.log10(min(vals)))
        hi = max(vals) * 1.5  # headroom for the value labels
        if hi / lo < 10:
            hi = lo * 10
        ly = lambda v: y0 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (y0 - y1)
        # grid: 1, 2, 5 per decade
        d = lo
        while d <= hi * 1.0001:
            for mult in (1, 2, 5):
                v = d * mult
                if v > hi * 1.0001:
                    break
                y = ly(v)
                major = mult == 1
                e('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1"/>'
                  % (x0, y, x1, y, "#bbb" if major else "#e6e6e6"))
                if major or math.log10(hi / lo) <= 3:  # label 2 and 5 only when there is room
                    e('<text x="%d" y="%.1f" font-size="11" fill="#555" text-anchor="end">%s</text>'
                      % (x0 - 5, y + 4, esc("%g" % v)))
            d *= 10
        e('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd"/>' % (x0, y1, x1, y1))
        e('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (x0, y0, x1, y0))
        e('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (x0, y0, x0, y1))
        e('<text x="%d" y="%d" font-size="11" fill="#555" transform="rotate(-90 %d %d)" text-anchor="middle">'
          '%s (log scale)</text>' % (px + 8, (y0 + y1) / 2, px + 8, (y0 + y1) / 2, {"mb": "MB"}.get(unit, unit)))
        gw = (x1 - x0) / len(ns)
        bw = min(48, gw * 0.8 / len(series))
        for gi, n in enumerate(ns):
            gx = x0 + gi * gw + (gw - bw * len(series)) / 2
            e('<text x="%.1f" y="%d" font-size="13" text-anchor="middle">%s pages</text>'
              % (x0 + gi * gw + gw / 2, y0 + 20, esc("{:,}".format(int(n)))))
            for ti, t in enumerate(series):
                st = summ[n].get(t, {})
                v = st.get(key)
                bx = gx + ti * bw
                if st.get("error") or (key == "edit" and st.get("edit_error")):
                    e('<text x="%.1f" y="%d" font-size="10" fill="#c92a2a" text-anchor="middle">failed</text>'
                      % (bx + bw / 2, y0 - 4))
                    continue
                if not v:
                    e('<text x="%.1f" y="%d" font-size="10" fill="#999" text-anchor="middle">n/a</text>'
                      % (bx + bw / 2, y0 - 4))
                    continue
                y = ly(v)
                e('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s %s</title></rect>'
                  % (bx + 1, y, bw - 2, y0 - y, COLORS[t], esc(t), esc(n), esc(fmt(v, unit)), {"mb": "MB"}.get(unit, unit)))
                e('<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s</text>'
                  % (bx + bw / 2, y - 4, esc(fmt(v, unit))))
    e("</svg>")
    return "\n".join(o) + "\n"


def write_outputs(args, results, final=False):
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    if not final:
        return None
    md = markdown(results)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(md)
    svg = os.path.join(args.out, "results.svg")
    with open(svg, "w") as f:
        f.write(svg_chart(results))
    rsvg = shutil.which("rsvg-convert")
    if rsvg:
        r = subprocess.run([rsvg, "-o", os.path.join(args.out, "results.png"), svg], timeout=60)
        if r.returncode != 0:
            log("rsvg-convert failed; no PNG")
    else:
        log("rsvg-convert not installed (apt-get install librsvg2-bin): no PNG, only %s" % svg)
    return md


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,10000", help="comma-separated page counts (default 1000,10000)")
    ap.add_argument("--quire-only", default="",
                    help="comma-separated page counts measured for quire alone, after --pages (e.g. 100000)")
    ap.add_argument("--runs", type=int, default=3, help="cold and warm builds per tool (median is reported)")
    ap.add_argument("--edits", type=int, default=5, help="edits per tool in watch mode; 0 skips (default 5)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="subset of %s" % ",".join(ALL_TOOLS))
    ap.add_argument("--out", default=os.path.join(BENCH, "out"), help="results and cached corpora (default bench/out)")
    ap.add_argument("--quire", help="quire binary to use (default: cargo build --release, target/release/quire)")
    ap.add_argument("--quire-watch", default="build --watch {site}",
                    help="quire's watch-mode arguments; {site} and {port} are filled in (default: %(default)s)")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo; use the binaries already built")
    ap.add_argument("--no-baseline", action="store_true", help="skip the syntect baseline row")
    ap.add_argument("--baseline", help="highlight_baseline binary to use (default: cargo build --release --example ...)")
    ap.add_argument("--gen", help="path of gen_corpus.py (default: bench/gen_corpus.py)")
    ap.add_argument("--delete-outputs", action="store_true",
                    help="delete each output right before a cold build (default: moved aside, deleted after a page count)")
    ap.add_argument("--timeout", type=float, default=3600, help="timeout of one build or watcher start-up, s")
    ap.add_argument("--edit-timeout", type=float, default=600, help="timeout of one edit to show up, s")
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    if not args.delete_outputs:
        TRASH["dir"] = os.path.join(args.out, "trash")
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    bad = [t for t in args.tools if t not in ALL_TOOLS]
    if bad:
        ap.error("unknown tool(s) %s; choose among %s" % (bad, ALL_TOOLS))
    pages = [int(x) for x in args.pages.split(",") if x.strip()]
    quire_only = [int(x) for x in args.quire_only.split(",") if x.strip()]
    args.quire_only_sizes = [n for n in quire_only if n not in pages]
    pages += args.quire_only_sizes
    args.gen = find_gen(args.gen)
    os.makedirs(args.out, exist_ok=True)
    logs = os.path.join(args.out, "logs")
    os.makedirs(logs, exist_ok=True)
    for f in os.listdir(logs):  # logs are per run of this script
        if f.endswith(".log"):
            os.remove(os.path.join(logs, f))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    signal.signal(signal.SIGTERM, _sigterm)
    signal.signal(signal.SIGHUP, _sigterm)

    results = dict(date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                   machine=machine_info(), versions={}, args=dict(pages=pages, runs=args.runs, edits=args.edits,
                                                                 tools=args.tools, delete_outputs=args.delete_outputs),
                   corpora={}, results={}, skipped={})
    status = 0
    try:
        qbin, hbin = build_quire(args, logs)
        tools = []
        for name in args.tools:
            t = {"quire": lambda: Quire(args, qbin), "hugo": lambda: Hugo(args),
                 "eleventy": lambda: Eleventy(args), "pelican": lambda: Pelican(args)}[name]()
            ok, why = t.check()
            if ok:
                tools.append(t)
                results["versions"][name] = t.version()
            else:
                results["skipped"][name] = why
                log("SKIPPING %s: %s" % (name, why))
        if hbin and not args.no_baseline:
            results["versions"]["syntect"] = syntect_version()
        log("versions: %s" % json.dumps(results["versions"], indent=1))
        all_tools = tools
        for n in pages:
            alone = n in args.quire_only_sizes
            tools = [t for t in all_tools if t.name == "quire"] if alone else all_tools
            corpus_dir, corpus = ensure_corpus(args, n, ["quire"] if alone else ALL_TOOLS)
            results["corpora"][str(n)] = corpus
            res = {t.name: dict(cold=[], warm=[]) for t in tools}
            for name, why in results["skipped"].items() if not alone else ():
                res[name] = dict(cold=[], warm=[], skipped="not run: " + why)
            results["results"][str(n)] = res
            sites = {}
            for t in tools:
                sites[t.name] = t.site(corpus_dir)
                t.prepare(sites[t.name])
                strip_markers(t.src_path(sites[t.name], corpus["edit"]))
            measure_builds(args, tools, sites, corpus, res, n, logs)
            empty_trash()
            write_outputs(args, results)
            if hbin and not args.no_baseline and not alone:
                for b in BASELINES:
                    res[b] = measure_syntect(args, hbin, corpus_dir, n, logs, b)
            if args.edits > 0:
                for t in tools:
                    if not res[t.name].get("error"):
                        measure_edits(args, t, sites[t.name], corpus, res[t.name], n, logs)
            write_outputs(args, results)
        for n, res in results["results"].items():
            for name, rt in res.items():
                if rt.get("error") or rt.get("edit_error"):
                    status = 1
    except KeyboardInterrupt:
        log("\ninterrupted: killing watchers, restoring edited files, writing partial results")
        status = 130
    except RunError as e:
        log("ERROR: %s" % e)
        status = 1
    finally:
        cleanup()
    results["machine"]["loadavg_end"] = os.getloadavg()
    md = write_outputs(args, results, final=True)
    print(md)
    log("wrote %s/results.{md,json,svg,png}; logs in %s" % (args.out, logs))
    if status == 1:
        log("some measurements FAILED (see the note column and the logs)")
    return status


if __name__ == "__main__":
    sys.exit(main())
