"""One-dimensional clustering: positions that chain together within a tolerance.

Ruling lines drawn a hair apart, column starts a screen column apart: each
reader groups positions the same way, here.

>>> chain_groups([10, 1, 2, 11, 30], tolerance=2)
[[1, 2], [10, 11], [30]]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

T = TypeVar("T")


def chain_groups(items: Iterable[T], tolerance: float, key: Callable[[T], float] | None = None) -> list[list[T]]:
    """Items sorted by `key`, cut wherever two neighbours lie more than `tolerance` apart."""
    position: Callable[[T], float] = key if key is not None else (lambda item: cast(float, item))
    groups: list[list[T]] = []
    for item in sorted(items, key=position):
        if groups and position(item) - position(groups[-1][-1]) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
