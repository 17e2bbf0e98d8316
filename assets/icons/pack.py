#!/usr/bin/env python3
"""Packs the icon sets quire renders as inline SVG into `icons.bin` (src/icons reads it).

The sets are the ones Material for MkDocs bundles (its python package's templates/.icons:
Material Design Icons, Octicons, Font Awesome Free, Simple Icons), named as Material names them
(`material-account`, `octicons-mark-github-16`, `fontawesome-brands-github`, `simple-python`),
and Twemoji's SVGs (the npm package @twemoji/svg) under the shortcodes of pymdown-extensions'
twemoji index (`:smile:`, `:+1:`). To remake it:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install mkdocs-material==9.8.2 \\
        pymdown-extensions==13.1.2 brotli
    (cd /tmp && npm pack @twemoji/svg@15.0.0 && tar xzf twemoji-svg-15.0.0.tgz)
    /tmp/v/bin/python assets/icons/pack.py /tmp/package

The file: `QICONS1\\n`, the index's length (u32, little-endian), the index, then the chunks; the
index and each chunk are brotli-compressed. The index is text, one record a line:
`chunks O0 O1 … On` (where each chunk starts after the index, and where the last ends), then
`i NAME CHUNK START LEN` (an SVG: bytes START..START+LEN of that chunk once decompressed) and
`e :SHORTCODE: UNICODE ALT` (an emoji: its SVG is the icon `twemoji-UNICODE`; ALT, code points
joined by `-`, is the text it stands for). Icons are packed in name order in chunks of about
64 KiB, so a site decompresses only the chunks of the icons it uses.
"""
import os
import pathlib
import struct
import sys

import brotli
import material
from pymdownx import twemoji_db

HERE = pathlib.Path(__file__).resolve().parent
SETS = ("material", "octicons", "fontawesome", "simple")
CHUNK = 64 * 1024


def material_icons():
    root = pathlib.Path(material.__file__).parent / "templates" / ".icons"
    for name in SETS:
        for path in sorted((root / name).rglob("*.svg")):
            icon = "-".join(path.relative_to(root).with_suffix("").parts)
            yield icon, path.read_bytes().strip()


def twemoji(folder):
    for path in sorted(pathlib.Path(folder).glob("*.svg")):
        yield "twemoji-" + path.stem, path.read_bytes().strip()


def main(twemoji_folder):
    icons = sorted([*material_icons(), *twemoji(twemoji_folder)])
    lines, chunks, current = [], [], bytearray()
    for name, svg in icons:
        if b"\n" in svg:
            svg = b" ".join(svg.split())
        lines.append(f"i {name} {len(chunks)} {len(current)} {len(svg)}")
        current += svg
        if len(current) >= CHUNK:
            chunks.append(bytes(current))
            current = bytearray()
    if current:
        chunks.append(bytes(current))
    have = {name for name, _ in icons}
    names = {**twemoji_db.emoji, **{a: twemoji_db.emoji[n] for a, n in twemoji_db.aliases.items()}}
    for short, emoji in sorted(names.items()):
        uc = emoji["unicode"]
        alt = emoji.get("unicode_alt", uc)
        lines.append(f"e {short} {uc if 'twemoji-' + uc in have else '-'} {alt}")
    packed = [brotli.compress(c, quality=11, lgwin=22) for c in chunks]
    offsets, at = [], 0
    for p in packed:
        offsets.append(at)
        at += len(p)
    offsets.append(at)
    index = brotli.compress(
        ("chunks " + " ".join(map(str, offsets)) + "\n" + "\n".join(lines) + "\n").encode(),
        quality=11,
    )
    with open(HERE / "icons.bin", "wb") as out:
        out.write(b"QICONS1\n" + struct.pack("<I", len(index)) + index + b"".join(packed))
    raw = sum(map(len, chunks))
    print(f"{len(icons)} icons, {len(names)} emoji names: {raw} bytes of SVG in "
          f"{len(chunks)} chunks, {os.path.getsize(HERE / 'icons.bin')} bytes packed")


if __name__ == "__main__":
    main(sys.argv[1])
