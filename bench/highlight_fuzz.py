#!/usr/bin/env python3
"""Fuzzed snippets: quire-highlight's lexer against Pygments', character by character.

    /work/venv-mkdocs/bin/python bench/highlight_fuzz.py --lang yaml --blocks BLOCKS.jsonl \
        --direct target/release/examples/tokens [--snippets 11000] [--seed 1] [--show 5]

Each snippet is a slice of a real block (BLOCKS.jsonl: one JSON string a line, as
`bench/highlight_vs_pygments.py --write-blocks` writes them) with the language's tricky pieces
spliced in at random places (quotes, escapes, indicators, prompts, tracebacks…). Every
non-blank character must get the same family from both sides, plain included; the first
disagreements are shown. Exits non-zero on any.
"""
import argparse
import json
import random
import signal
import subprocess
import sys

import highlight_vs_pygments as h

# What each language's rules turn on: pieces to splice in.
PIECES = {
    "yaml": ["- ", ": ", "key: ", "a b: c", "|\n", ">-\n", "|2+\n", "|+1 # c\n", ">x\n", "  ", "    ",
             "\n", "\n\n", "'", "''", "\"", "\\x41", "\\u00e9", "\\U0001F600", "\\q", "\\\n", "[", "]",
             "{", "}", ", ", "&anc ", "&", "*ref", "!!str ", "!<tag:x> ", "!<", "!e!x ", "!", "---\n",
             "...\n", "--- ", "---", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "%TAG !e! !x\n", "# c\n",
             " #c", "#", "? ", "?", "\t", "\xa0", "é", ":x", "-x", "?x", "@", "`", "%", ":", "-",
             "http://x:80/", "{a: 1, b: [c, d]}", "[a, {b: c}]"],
    "pycon": [">>> ", "... ", ">>>\n", "...\n", ">>>", "...", "Traceback (most recent call last):\n",
              "^CTraceback (most recent call last):\n", "  File \"x.py\", line 3, in <module>\n",
              "  File \"<stdin>\", line 1\n", "  File \"a\nb\", line 2\n", "    x = 1/0\n",
              "    ^^^^^\n", "        ~~~^~~\n", "ValueError: bad\n", "a.b.Error\n", "x:\n",
              "KeyboardInterrupt\n", "'''", "\"", "'", "f'{x}'", "\n", "    ...\n", "  ...\n",
              "During handling of the above exception, another exception occurred:\n\n",
              "The above exception was the direct cause of the following exception:\n\n",
              "#", "\\", "def f():\n", "class A:\n", "@d\n", "import os\n", "1_000", "é", ":"],
}


def families_ours(runs):
    out = []
    for cls, text in runs:
        fam = h.QUIRE_FAMILIES.get(cls) if cls else None
        out.extend((ch, fam) for ch in text if not ch.isspace())
    return out


class Hangs(Exception):
    pass


def on_alarm(signum, frame):
    raise Hangs()


def families_pygments(code):
    """The families Pygments gives, or None where it never ends (PythonTracebackLexer goes
    round two rules for ever on a `  File "x", line 3` that `intb` cannot read)."""
    signal.setitimer(signal.ITIMER_REAL, 2)
    try:
        tokens = list(h.lexer().get_tokens(code))
    except Hangs:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out = []
    for ttype, value in tokens:
        fam = next((f for t, f in h.PYGMENTS_FAMILIES if ttype in t), None)
        out.extend((ch, fam) for ch in value if not ch.isspace())
    return out


def snippets(blocks, pieces, n, rng):
    for _ in range(n):
        code = rng.choice(blocks)
        a = rng.randrange(len(code) + 1)
        b = min(len(code), a + rng.randrange(1, 400))
        s = code[a:b]
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(s) + 1)
            s = s[:at] + rng.choice(pieces) + s[at:]
        yield s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", required=True, choices=sorted(PIECES))
    ap.add_argument("--blocks", required=True)
    ap.add_argument("--direct", required=True)
    ap.add_argument("--snippets", type=int, default=11000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    h.LANG = args.lang
    with open(args.blocks, encoding="utf-8") as f:
        blocks = [b for b in (json.loads(line) for line in f) if b and "\r" not in b]
    rng = random.Random(args.seed)
    cases = list(snippets(blocks, PIECES[args.lang], args.snippets, rng))
    feed = "".join(json.dumps(c) + "\n" for c in cases)
    done = subprocess.run([args.direct, args.lang], input=feed, capture_output=True, text=True,
                          check=True, timeout=120)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    if len(answers) != len(cases):
        sys.exit(f"{args.direct} answered {len(answers)} snippets of {len(cases)}")
    signal.signal(signal.SIGALRM, on_alarm)
    bad = hangs = 0
    for code, runs in zip(cases, answers):
        ours, theirs = families_ours(runs), families_pygments(code)
        if theirs is None:
            hangs += 1
        elif ours != theirs:
            bad += 1
            if bad <= args.show:
                i = next((k for k, (o, t) in enumerate(zip(ours, theirs)) if o != t), min(len(ours), len(theirs)))
                print(f"--- disagreement at non-blank char {i}: Pygments {theirs[i:i+1]}, quire {ours[i:i+1]}")
                print(repr(code))
    print(f"{args.lang}: {len(cases)} snippets (seed {args.seed}), {bad} disagreements"
          + (f" ({hangs} on which Pygments never ends: not compared)" if hangs else ""))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
