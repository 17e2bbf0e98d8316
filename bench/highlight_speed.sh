#!/usr/bin/env bash
# MB of Python per second on one core: quire-highlight's lexer vs syntect with quire's grammar
# (and the lazy-DFA tokenizer it was measured against), medians of ROUNDS runs.
#
#     bench/highlight_speed.sh [PAGES=2000] [ROUNDS=7] [MORE_BLOCKS.jsonl ...] [LANGUAGE=BLOCKS.jsonl ...]
#
# LANGUAGE=BLOCKS.jsonl (console, bash, json, toml, yaml, pycon…): that language's blocks, measured against
# the syntect grammar quire used for its fence before (examples/speed_langs.rs); write them with
# `bench/highlight_vs_pygments.py --lang LANGUAGE ... --write-blocks BLOCKS.jsonl`.
#
# The blocks: the ```python blocks of a generated corpus of PAGES pages (gen_corpus.py, seed 1,
# the benchmark's code), then any JSON-lines file of blocks given, e.g. the real projects' blocks
# that `bench/highlight_vs_pygments.py ... --write-blocks FILE` writes. One thread: run it on an
# idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-2000}
rounds=${2:-7}
shift $(( $# < 2 ? $# : 2 ))
cargo build --release --locked -p quire-markdown -p quire-highlight --examples >&2
# quire-markdown's build.rs compiles its Python grammar to this dump (the newest build's).
dump=$(ls -t target/release/build/quire-markdown-*/out/python.packdump | head -1)
work=$(mktemp -d /tmp/quire-hl-speed-XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_corpus.py --pages "$pages" --out "$work/corpus" --peers ours >/dev/null
python3 - "$work/corpus/ours/content" "$work/corpus.jsonl" <<'PY'
import glob, json, os, re, sys
fence = re.compile(r"^(`{3,}|~{3,})[ \t]*(python|py|python3)\b[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.markdown"), recursive=True)):
        for m in fence.finditer(open(path, encoding="utf-8").read()):
            out.write(json.dumps(m.group(3)) + "\n")
PY
python_files=() languages=()
for arg in "$@"; do
    case $arg in
        *=*) languages+=("$arg") ;;
        *) python_files+=("$arg") ;;
    esac
done
target/release/examples/speed "$dump" "$rounds" "$work/corpus.jsonl" "${python_files[@]}"
if (( ${#languages[@]} )); then
    echo
    target/release/examples/speed_langs "$rounds" "${languages[@]}"
fi
