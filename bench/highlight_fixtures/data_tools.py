import json
import math
import operator
import statistics
from contextlib import contextmanager
from enum import Enum, auto
from itertools import groupby, islice

import numpy as np
import pandas as pd


class Unit(Enum):
    BYTES = auto()
    KIB = auto()
    MIB = auto()


class ParseError(ValueError):
    """Raised when a row cannot be parsed; carries the line number."""

    def __init__(self, lineno, message):
        super().__init__(f"line {lineno}: {message}")
        self.lineno = lineno


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x=0.0, y=0.0):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __iter__(self):
        yield self.x
        yield self.y

    def __repr__(self):
        return "%s(%r, %r)" % (type(self).__name__, self.x, self.y)


def human_size(n: int, unit: Unit = Unit.BYTES) -> str:
    for suffix in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or suffix == "GiB":
            return f"{n:.1f} {suffix}" if suffix != "B" else f"{n} B"
        n /= 1024.0


def moving_average(values, window=5):
    if window <= 0:
        raise ValueError("window must be positive")
    it = iter(values)
    buf = list(islice(it, window))
    total = sum(buf)
    yield total / window
    for v in it:
        total += v - buf.pop(0)
        buf.append(v)
        yield total / window


@contextmanager
def opened(path, mode="r"):
    fh = open(path, mode, encoding="utf-8")
    try:
        yield fh
    except (OSError, UnicodeDecodeError) as exc:
        raise RuntimeError(f"cannot read {path}") from exc
    finally:
        fh.close()


def load_rows(path):
    rows = []
    with opened(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.startswith(("#", "//")) or not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ParseError(lineno, exc.msg) from None
    return rows


def summarize(df: pd.DataFrame) -> dict:
    numeric = df.select_dtypes(include=[np.number])
    out = {col: {"mean": numeric[col].mean(), "std": numeric[col].std(ddof=0),
                 "p95": np.percentile(numeric[col].dropna(), 95)} for col in numeric}
    out["_rows"] = len(df)
    return out


def top_groups(records, key="team", n=3):
    records = sorted(records, key=operator.itemgetter(key))
    sizes = {k: len(list(g)) for k, g in groupby(records, key=lambda r: r[key])}
    return sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def describe(values):
    match values:
        case []:
            return "empty"
        case [x]:
            return f"one value: {x}"
        case [x, y, *rest] if not rest:
            return f"two values, mean {statistics.mean([x, y])}"
        case _:
            return f"{len(values)} values, median {statistics.median(values)}"


if __name__ == "__main__":
    data = pd.DataFrame({"a": np.arange(10), "b": np.linspace(0, 1, 10) ** 2})
    print(summarize(data))
    print(list(moving_average(range(10), window=3)))
    print(Vector(3, 4) * 2, abs(Vector(3, 4)), human_size(123_456_789))
    assert describe([1, 2]) == "two values, mean 1.5"
    flags = 0b1010 | 0x0F & ~0o7
    print(flags >> 1, flags << 2, 1e-3, 3.14j, -0.5)
    if (count := len(data)) > 5:
        print("many rows:", count)
    print(__file__, __doc__ is None, globals().get("__name__"))
