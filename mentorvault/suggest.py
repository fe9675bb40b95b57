""""Did you mean" for note names, in time that does not grow with the vault.

Comparing a broken name with every note name is quadratic: with thousands of
broken links in a 10,000-note vault it costs more than parsing the vault.
Instead, every name is indexed under each of its one-character deletions
(the symmetric-delete scheme), so names one edit or one swap apart meet under
a shared key. Keys are stored as hashes in one sorted array: a few bytes per
key instead of a dict entry and a string.
"""

from __future__ import annotations

import difflib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence

_ID_BITS = 22  # up to four million names
_ID_MASK = (1 << _ID_BITS) - 1
MAX_LENGTH = 80  # longer names are matched exactly only


def _variants(name: str) -> Iterator[str]:
    yield name
    if len(name) <= MAX_LENGTH:
        for i in range(len(name)):
            yield name[:i] + name[i + 1 :]


def _bucket(text: str) -> int:
    return hash(text) & ~_ID_MASK


class Suggester:
    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        keys = [_bucket(v) | i for i, n in enumerate(self.names) for v in set(_variants(n))]
        self._keys = array("q", sorted(keys))

    def _candidates(self, query: str) -> set[int]:
        found: set[int] = set()
        keys = self._keys
        for v in set(_variants(query)):
            bucket = _bucket(v)
            i = bisect_left(keys, bucket)
            while i < len(keys) and keys[i] & ~_ID_MASK == bucket:
                found.add(keys[i] & _ID_MASK)
                i += 1
        return found

    def best(self, query: str) -> str | None:
        """The closest name one edit or swap away, ties going to the shorter, then the first."""
        scored = []
        near = set(_variants(query))
        for i in self._candidates(query):
            name = self.names[i]
            # a hash bucket may hold strangers: keep only true neighbours, for the same answer every run
            if name != query and not near.isdisjoint(_variants(name)):
                ratio = difflib.SequenceMatcher(None, query, name).ratio()
                scored.append((-ratio, len(name), name))
        return min(scored)[2] if scored else None
