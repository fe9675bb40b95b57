"""Bring the progress note on disk up to date: find it, render it, merge, write when changed.

The rendering and the merge are pure (:mod:`progress_note`); this module does
the reading, through the vault's reader, and the writing, through the one
writer, and turns what can go wrong into one clear message.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import vault as vault_mod
from .config import Config
from .diagnostics import Diagnostic, Msg
from .goals import vault_goals
from .i18n import render as render_msg
from .links import NameIndex, fold
from .progress_labels import text
from .progress_note import Layout, ProgressNoteError, layout, render
from .writer import ChangedOnDisk, write_if_changed

MAX_BYTES = 64 * 1024 * 1024  # a progress note is ours to rewrite; past this something is wrong


@dataclass(frozen=True)
class Outcome:
    """What an update did or, with ``check``, would do. ``shown`` is the note's path for messages."""

    rel: str
    shown: str
    state: str  # created | updated | current, or with check: missing | no-block | stale
    data: bytes | None = field(default=None, repr=False, compare=False)  # the note's bytes now, if known

    @property
    def written(self) -> bool:
        return self.state in ("created", "updated")

    @property
    def out_of_date(self) -> bool:
        return self.state in ("missing", "no-block", "stale")

    def message(self, language: str) -> str:
        key = {"missing": "progress-stale-missing", "no-block": "progress-stale-no-block",
               "stale": "progress-stale-block"}.get(self.state, f"progress-{self.state}")
        return text(key, language, path=self.shown)


def note_path(config: Config, files: Iterable[str] = ()) -> str:
    """The vault-relative path of the note; an existing file's own spelling when only case differs."""
    raw = config.index_path
    rel = posixpath.normpath(raw) if raw.strip() else ""
    parts = rel.split("/")
    if posixpath.isabs(raw) or not rel.lower().endswith(".md") or any(p.startswith(".") for p in parts):
        source = config.source or ".mentorvault.yaml"
        raise ProgressNoteError(text("progress-err-path", config.language, path=raw, source=source))
    return next((f for f in sorted(files) if fold(f) == fold(rel)), rel)


def claim(model: vault_mod.Vault, config: Config) -> str:
    """The note's path, entered in the model before the rules run.

    A note that links to the progress note must not get a broken-link
    problem on the run that creates it: the next run would then write again.
    """
    rel = note_path(config, model.files)
    if rel not in model.files:
        model.files.add(rel)
        model.index = NameIndex(model.files)
    return rel


def refresh(model: vault_mod.Vault, config: Config, diagnostics: Sequence[Diagnostic], today: date,
            *, check: bool = False) -> Outcome:
    """Render the vault's note and bring the file up to date (with ``check``, only compare)."""
    rel = note_path(config, model.files)
    goals = [g for g in vault_goals(model, config) if fold(g.path) != fold(rel)]
    shown = [d for d in diagnostics if fold(d.path) != fold(rel)]
    block = render(goals, shown, config, today)
    return update(model.root, rel, block, config.language, check=check)


def update(root: Path, rel: str, block: str, language: str, *, check: bool = False,
           attempts: int = 3) -> Outcome:
    """Merge ``block`` into the note at ``root/rel`` and write it when the bytes change.

    A save that lands between our read and our write is never overwritten:
    the writer refuses, and the merge starts again from what was saved.
    """
    return write_block(root, rel, block.encode("utf-8"), language, check=check, attempts=attempts)


@dataclass
class Seen:
    """The note as last read or written, and where its block lies: while the file's status says
    it was not touched since, the watcher's next update neither reads it (megabytes on a large
    vault) nor decodes and searches it for the markers. Should a save slip by unseen (the same
    size, inode and times), the writer still compares the file with what we think it holds
    before replacing it, and a refusal means the next attempt reads it."""

    rel: str = ""
    data: bytes | None = None
    place: Layout | None = None
    stamp: tuple[int, ...] | None = None

    def untouched(self, root: Path, rel: str) -> bool:
        """Whether ``rel`` still holds :attr:`data`, as far as the file's status tells."""
        return self.data is not None and rel == self.rel and self.stamp is not None and self.stamp == _stamp(root, rel)

    def read(self, root: Path, rel: str, shown: str, language: str) -> bytes | None:
        if self.untouched(root, rel):
            return self.data  # the very file (device, inode) we read or wrote inside the vault
        self.forget()
        stamp = _stamp(root, rel)  # taken before the read: a save after it shows next time
        data = _read(root, rel, shown, language)
        self.rel, self.data, self.stamp = rel, data, stamp
        return data

    def layout(self, rel: str, data: bytes | None, language: str, shown: str) -> Layout:
        if self.place is not None and rel == self.rel and data is self.data:
            return self.place
        return layout(data, language, shown)

    def remember(self, root: Path, rel: str, data: bytes, place: Layout | None, *, written: bool) -> None:
        stamp = _stamp(root, rel) if written else self.stamp
        self.rel, self.data, self.place, self.stamp = rel, data, place, stamp

    def forget(self) -> None:
        self.data = self.place = self.stamp = None


def _stamp(root: Path, rel: str) -> tuple[int, ...] | None:
    try:
        st = os.stat(root / rel, follow_symlinks=False)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def write_block(root: Path, rel: str, block: bytes | list[bytes], language: str, *, check: bool = False,
                attempts: int = 3, seen: Seen | None = None) -> Outcome:
    """:func:`update` of a block given as UTF-8 bytes (or their pieces); ``seen`` remembers the
    note between calls."""
    shown = (root / rel).as_posix()
    seen = seen or Seen()
    for _ in range(attempts):
        old = seen.read(root, rel, shown, language)
        place = seen.layout(rel, old, language, shown)
        new = place.merged(block)
        if old == new:
            seen.remember(root, rel, old, place, written=False)
            return Outcome(rel, shown, "current", old)
        if check:
            return Outcome(rel, shown, "missing" if old is None else "stale" if place.had_block else "no-block")
        try:
            write_if_changed(root / rel, new, expected=old, expect_missing=old is None)
        except ChangedOnDisk:
            seen.forget()
            continue
        except OSError as err:
            error = err.strerror or str(err)
            raise ProgressNoteError(text("progress-err-write", language, path=shown, error=error)) from None
        seen.remember(root, rel, new, place.then(), written=True)
        return Outcome(rel, shown, "created" if old is None else "updated", new)
    raise ProgressNoteError(text("progress-err-changed", language, path=shown))


def check_target(root: Path, rel: str, language: str) -> None:
    """Refuse a note whose folder, or the note itself, is a link leading out of the vault."""
    if not vault_mod.within(root, rel):
        detail = render_msg(Msg.of("unreadable-outside"), language)
        raise ProgressNoteError(text("progress-err-read", language, path=(root / rel).as_posix(), detail=detail))


def _read(root: Path, rel: str, shown: str, language: str) -> bytes | None:
    """The note's bytes, None when there is none; never through a link out of the vault."""
    check_target(root, rel, language)
    data, problem = vault_mod.read_bytes(root, rel, MAX_BYTES)
    if problem is not None:
        detail = render_msg(problem.msg, language)
        raise ProgressNoteError(text("progress-err-read", language, path=shown, detail=detail))
    return data
