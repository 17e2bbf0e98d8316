#!/bin/sh
# Page density (issue 31): the demo pages' heights in headless Chromium at 1366 px, in quire and
# in Material for MkDocs built from the same sources. Needs chromium + chromedriver (Debian) and
# a venv with mkdocs-material: VENV=/path/to/venv (default /work/venv-mkdocs).
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
venv=${VENV:-/work/venv-mkdocs}
work=$(mktemp -d /tmp/quire-density.XXXXXX)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
# Material: the pages flat under docs/ (their Pelican front matter reads as MkDocs metadata).
mkdir -p "$work/mk/docs/blog" "$work/mk/content"
for f in "$repo"/content/pages/*/*.markdown; do
  cp "$f" "$work/mk/docs/$(basename "$f" .markdown | sed 's/^[0-9]*-//').md"
done
for f in "$repo"/content/posts/*; do cp "$f" "$work/mk/docs/blog/$(basename "$f" .markdown).md"; done
cp -r "$repo"/static/* "$work/mk/docs/"
cp -r "$repo/content/snippets" "$work/mk/content/"
cp "$repo/bench/density/mkdocs.yml" "$work/mk/"
(cd "$work/mk" && NO_MKDOCS_2_WARNING=1 "$venv/bin/mkdocs" build -q)
# quire: the demo site as it is.
mkdir -p "$work/q" && cp -r "$repo/content" "$repo/static" "$repo/site.yaml" "$work/q/"
(cd "$work/q" && "$repo/target/release/quire" build >/dev/null)
# Free ports, so that two runs on one machine do not read each other's pages.
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mk=$(port); q=$(port)
python3 -m http.server "$mk" --bind 127.0.0.1 -d "$work/mk/site" >/dev/null 2>&1 & echo $! > "$work/mk.pid"
python3 -m http.server "$q" --bind 127.0.0.1 -d "$work/q/output" >/dev/null 2>&1 & echo $! > "$work/q.pid"
sleep 1
# The twelve pages page_furniture.rs sums (MATERIAL_DEMO_HEIGHT), then the Markdown showcase
# apart (a page of its own chapter, outside that total).
pages="introduction python-2-or-3 writing-docs deployment servers serverless aws-lambda google-cloud-functions devops application-programming-interfaces blog/aws-lambda-python-2-7 blog/aws-lambda-python-3-6"
extra="markdown-showcase"
echo "Material:"; python3 "$repo/bench/density/heights.py" "http://127.0.0.1:$mk/" $(for p in $pages; do printf '%s/ ' "$p"; done)
python3 "$repo/bench/density/heights.py" "http://127.0.0.1:$mk/" $(for p in $extra; do printf '%s/ ' "$p"; done)
echo "quire:"; python3 "$repo/bench/density/heights.py" "http://127.0.0.1:$q/" $(for p in $pages; do printf '%s.html ' "$p"; done)
python3 "$repo/bench/density/heights.py" "http://127.0.0.1:$q/" $(for p in $extra; do printf '%s.html ' "$p"; done)
