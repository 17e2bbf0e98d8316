#!/usr/bin/env bash
# Install the peer static site generators that bench/run.py compares quire with.
#   Hugo     : Debian package `hugo`
#   Eleventy : npm @11ty/eleventy + @11ty/eleventy-plugin-syntaxhighlight, into bench/peers/node_modules
#              (versions pinned by bench/peers/package.json + package-lock.json)
#   Pelican  : PyPI pelican + markdown + pygments, into the venv bench/.venv
# Also librsvg2-bin (rsvg-convert), used to turn bench/out/results.svg into a PNG.
# Idempotent; needs root (or sudo) for apt-get. Not run by .ci/run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

echo "== apt: hugo, librsvg2-bin"
if ! command -v hugo >/dev/null || ! command -v rsvg-convert >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo librsvg2-bin >/dev/null
fi
hugo version

echo "== npm: eleventy into $here/peers"
( cd "$here/peers"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error
  else npm install --no-audit --no-fund --loglevel=error; fi
  npx --no-install @11ty/eleventy --version )

echo "== pip: pelican, markdown, pygments into $here/.venv"
[ -x "$here/.venv/bin/python" ] || python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements-peers.txt"
"$here/.venv/bin/pelican" --version
echo "peers installed"
