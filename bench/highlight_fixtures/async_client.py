#!/usr/bin/env python3
"""Fetch many URLs concurrently and report status codes and timings."""
import argparse
import asyncio
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import aiohttp

URL_RE = re.compile(r"^https?://[\w.-]+(?::\d+)?(/\S*)?$", re.IGNORECASE)
DEFAULT_TIMEOUT = 10.0
MAX_RETRIES = 3


@dataclass(frozen=True)
class Result:
    url: str
    status: Optional[int]
    seconds: float
    error: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


class RateLimiter:
    """At most `rate` requests per second, shared by all workers."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._last = 0.0
        self._lock = asyncio.Lock()

    async def __aenter__(self):
        async with self._lock:
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last = time.monotonic()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        return False


async def fetch(session: aiohttp.ClientSession, url: str, limiter: RateLimiter) -> Result:
    start = time.perf_counter()
    for attempt in range(1, MAX_RETRIES + 1):
        try:
            async with limiter, session.get(url, allow_redirects=True) as resp:
                await resp.read()
                return Result(url, resp.status, time.perf_counter() - start)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            if attempt == MAX_RETRIES:
                return Result(url, None, time.perf_counter() - start, error=str(exc))
            await asyncio.sleep(2 ** attempt * 0.1)
    raise AssertionError("unreachable")


def read_urls(paths: Iterable[Path]) -> list[str]:
    urls = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                if not URL_RE.match(line):
                    print(f"{path}:{lineno}: not a URL: {line!r}", file=sys.stderr)
                    continue
                urls.append(line)
    return sorted(set(urls))


async def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--csv", type=argparse.FileType("w"), default=None)
    args = parser.parse_args(argv)

    urls = read_urls(args.files)
    limiter = RateLimiter(args.rate)
    timeout = aiohttp.ClientTimeout(total=DEFAULT_TIMEOUT)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    results: list[Result] = []

    async def worker():
        while not queue.empty():
            url = await queue.get()
            results.append(await fetch(session, url, limiter))
            queue.task_done()

    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))

    by_status = Counter(r.status or 0 for r in results)
    slow = defaultdict(list)
    for r in results:
        if r.seconds > 2.5:
            slow[r.url.split("/")[2]].append(r.seconds)
    for status, n in by_status.most_common():
        print(f"{status:>3}: {n:5d} ({n / len(results):.0%})")
    if args.csv:
        writer = csv.writer(args.csv)
        writer.writerow(["url", "status", "seconds", "error"])
        writer.writerows((r.url, r.status, f"{r.seconds:.3f}", r.error) for r in results)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
