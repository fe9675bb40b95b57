"""Obsidian's link resolution over a name index built once per vault.

Observed in Obsidian's metadata cache: names match case-insensitively
(extension too), ``.md`` is implied, a link may name folders, and among
several matches Obsidian takes an exact vault path, else one in the linking
note's folder, else the shortest path. Links never become file-system paths.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .suggest import Suggester


def fold(text: str) -> str:
    # JavaScript's toLowerCase, as Obsidian compares: "Straße" does not match "STRASSE"
    return unicodedata.normalize("NFC", text).lower()


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _relative(target: str) -> bool:
    return target.startswith(("./", "../")) or "/../" in target or target in (".", "..")


@dataclass(frozen=True)
class Resolution:
    path: str | None  # the file Obsidian opens, if any
    candidates: tuple[str, ...] = ()  # every match, when more than one
    outside: bool = False  # the link climbs above the vault root

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


class NameIndex:
    def __init__(self, paths: Iterable[str]) -> None:
        self.by_path: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for path in sorted(paths):
            self.add(path)
        self._memo: dict[str, Resolution | tuple[str, ...]] = {}
        self._memo_by_folder: dict[tuple[str, str], Resolution] = {}
        self._suggester: Suggester | None = None
        self._close: dict[str, str | None] = {}

    def add(self, path: str) -> None:
        key = fold(path)
        self.by_path[key].append(path)
        name = key.rsplit("/", 1)[-1]
        self.by_name[name].append(path)
        if name.endswith(".md"):
            self.by_name[name[:-3]].append(path)

    def resolve(self, target: str, source: str) -> Resolution:
        # most links resolve the same from any folder: remember those by target alone, so
        # the memo grows with the vault's link targets, not with targets times folders
        found = self._memo.get(target)
        if found is None:
            found = self._memo[target] = self._lookup(target)
        if isinstance(found, Resolution):
            return found
        memo_key = (target, _folder(source))
        chosen = self._memo_by_folder.get(memo_key)
        if chosen is None:
            chosen = self._memo_by_folder[memo_key] = self._from_folder(target, memo_key[1], found)
        return chosen

    def _lookup(self, target: str) -> Resolution | tuple[str, ...]:
        """What ``target`` opens from any folder; else the matches a folder chooses among
        (none for a relative path, which the folder completes)."""
        if _relative(target):
            return ()
        target = target.lstrip("/")
        exact = self._exact(target)
        if exact is not None:
            return exact
        key = fold(target)
        tails = ("/" + key, "/" + key + ".md")
        matches = [p for p in self.by_name.get(key.rsplit("/", 1)[-1], ()) if "/" not in key or fold(p).endswith(tails)]
        return tuple(matches) if len(matches) > 1 else Resolution(matches[0] if matches else None)

    def _from_folder(self, target: str, folder: str, matches: tuple[str, ...]) -> Resolution:
        if not matches:  # a relative path
            joined = posixpath.normpath(posixpath.join(folder, target))
            if joined == ".." or joined.startswith("../"):
                return Resolution(None, outside=True)
            return self._exact(joined.lstrip("/")) or Resolution(None)
        local = [p for p in matches if _folder(p) == folder]
        chosen = local[0] if local else min(matches, key=lambda p: (len(p), p))
        return Resolution(chosen, matches)

    def _exact(self, target: str) -> Resolution | None:
        key = fold(target)
        hits = self.by_path.get(key) or self.by_path.get(key + ".md")
        if not hits:
            return None
        if len(hits) == 1:
            return Resolution(hits[0])
        same_case = [h for h in hits if h in (target, target + ".md")]
        return Resolution(same_case[0] if same_case else hits[0], tuple(hits))

    def close_name(self, target: str) -> str | None:
        """The note name nearest to ``target``, for a "did you mean" hint."""
        if target not in self._close:  # a broken name is often written in many notes
            self._close[target] = self._nearest(target)
        return self._close[target]

    def _nearest(self, target: str) -> str | None:
        if self._suggester is None:
            stems = sorted({k for k in self.by_name if k.endswith(".md")})
            self._suggester = Suggester([s[:-3] for s in stems])
        best = self._suggester.best(fold(target).rsplit("/", 1)[-1])
        if best is None:
            return None
        name = self.by_name[best + ".md"][0].rsplit("/", 1)[-1]
        return name[:-3]


_HEADING_PUNCTUATION = re.compile(r"[!\"#$%&()*+,./:;<=>?@\[\\\]^`{|}~]")


def heading_key(text: str) -> str:
    """Headings compare as Obsidian's stripHeading leaves them: ASCII punctuation
    (but ``'``, ``-`` and ``_``) becomes a space, spaces fold, case is ignored.

    So ``[[Note#How large is it]]`` reaches ``## How large is it?``.
    """
    return " ".join(_HEADING_PUNCTUATION.sub(" ", text).split()).lower()


def find_heading_chain(headings: Iterable[tuple[str, int]], chain: list[str]) -> bool:
    """``[[Note#A#B]]``: B must be a heading nested under A; ``headings`` hold heading keys."""
    wanted = [heading_key(c) for c in chain if c.strip()]
    if not wanted:
        return True
    if len(wanted) == 1:
        return any(key == wanted[0] for key, _ in headings)
    stack: list[tuple[int, int]] = []  # (level, index into wanted matched)
    matched = 0
    for text, level in headings:
        while stack and stack[-1][0] >= level:
            stack.pop()
        matched = stack[-1][1] if stack else 0
        if text == wanted[matched]:
            matched += 1
            if matched == len(wanted):
                return True
        stack.append((level, matched))
    return False
