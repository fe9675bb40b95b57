"""The progress note: render the generated block (pure), merge it into the note, write it.

The note belongs to the user except for one block::

    <!-- linter-disable -->
    %% mentorvault:begin %%
    ...
    %% mentorvault:end %%
    <!-- linter-enable -->

The ``%%`` lines are Obsidian comments (invisible when reading) that mark
what we own; the HTML comments make obsidian-linter skip the block, so the
two tools never rewrite each other's work. Everything outside is kept byte
for byte, BOM and line endings included. Output depends only on the vault and
``today``, so two machines syncing one vault write the same bytes and never
make conflict copies.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

from . import vault as vault_mod
from .config import Config
from .diagnostics import Diagnostic, Msg
from .goals import Goal, vault_goals
from .i18n import render as render_msg
from .links import NameIndex, fold
from .progress_gantt import timeline
from .progress_labels import text
from .progress_render import goal_tables, problems, summary
from .writer import ChangedOnDisk, write_if_changed

BEGIN, END = "%% mentorvault:begin %%", "%% mentorvault:end %%"
LINTER_OFF, LINTER_ON = "<!-- linter-disable -->", "<!-- linter-enable -->"
BOM = b"\xef\xbb\xbf"
MAX_BYTES = 64 * 1024 * 1024  # a progress note is ours to rewrite; past this something is wrong
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


class ProgressNoteError(Exception):
    """The note cannot be updated safely; the message says why and what to do."""


def render(goals: Sequence[Goal], diagnostics: Sequence[Diagnostic], config: Config, today: date) -> str:
    """The generated block, markers included, with ``\\n`` line endings."""
    goals = sorted(goals, key=lambda g: g.path)
    parts = []
    if config.sections.get("summary", True):
        parts.append(summary(goals, diagnostics, config, today))
    if config.sections.get("tables", True):
        parts.append(goal_tables(goals, config, today))
    if config.sections.get("timeline", True):
        parts.append(timeline(goals, config, today))
    if config.sections.get("problems", True):
        parts.append(problems(diagnostics, config.language))
    body = ["", *"\n\n".join("\n".join(p) for p in parts).split("\n"), ""] if parts else []
    return "\n".join([LINTER_OFF, BEGIN, *body, END, LINTER_ON]) + "\n"


def new_note(block: str, language: str) -> str:
    """The first version of the note: generated properties, one line of why, the block."""
    front = "---\nmentorvault: generated\ntags:\n  - mentorvault/progress\n---\n"
    return f"{front}{text('progress-intro', language)}\n\n{block}"


def merge(existing: bytes | None, block: str, language: str, where: str = "") -> bytes:
    """The note's new bytes: ``block`` in place of the old one, else appended; the rest untouched."""
    return _merge(existing, block, language, where)[0]


def _merge(existing: bytes | None, block: str, language: str, where: str) -> tuple[bytes, bool]:
    """The new bytes, and whether the note already had a block."""
    if existing is None:
        return new_note(block, language).encode("utf-8"), False
    bom = BOM if existing.startswith(BOM) else b""
    try:
        old = existing[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise ProgressNoteError(text("progress-err-encoding", language, path=where)) from None
    if not old:  # an empty note, as Obsidian makes one from a link: nothing of the user's yet
        return bom + new_note(block, language).encode("utf-8"), False
    newline = next((m.group() for m in re.finditer(r"\r\n|\r|\n", old)), "\n")
    ours = block.replace("\n", newline)
    region = find_block(old, language, where)
    if region is None:
        gap = "" if old.endswith(newline * 2) else newline if old.endswith(newline) else newline * 2
        return bom + (old + gap + ours).encode("utf-8"), False
    start, end = region
    return bom + (old[:start] + ours + old[end:]).encode("utf-8"), True


def find_block(text_: str, language: str = "en", where: str = "") -> tuple[int, int] | None:
    """Offsets of the block in ``text_``, its linter comments included; None when there is none."""
    lines = [(m.start(), m.end(), m.group().strip()) for m in _LINE.finditer(text_) if m.end() > m.start()]
    begins = [i for i, line in enumerate(lines) if line[2] == BEGIN]
    ends = [i for i, line in enumerate(lines) if line[2] == END]
    if not begins and not ends:
        return None
    for found, marker in ((begins, BEGIN), (ends, END)):
        if len(found) > 1:
            _broken(found[1], "progress-marker-twice", marker, language, where)
    if not ends or not begins or ends[0] < begins[0]:
        index, marker = (begins[0], BEGIN) if not ends else (ends[0], END)
        _broken(index, "progress-marker-alone", marker, language, where)
    first, last = begins[0], ends[0]
    if first > 0 and lines[first - 1][2] == LINTER_OFF:
        first -= 1
    if last + 1 < len(lines) and lines[last + 1][2] == LINTER_ON:
        last += 1
    return lines[first][0], lines[last][1]


def _broken(index: int, key: str, marker: str, language: str, where: str) -> NoReturn:
    problem = text(key, language, marker=f"'{marker}'")
    raise ProgressNoteError(text("progress-err-markers", language, path=where, line=index + 1, problem=problem))


@dataclass(frozen=True)
class Outcome:
    """What an update did or, with ``check``, would do. ``shown`` is the note's path for messages."""

    rel: str
    shown: str
    state: str  # created | updated | current, or with check: missing | no-block | stale

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
    shown = (root / rel).as_posix()
    for _ in range(attempts):
        old = _read(root, rel, shown, language)
        new, had_block = _merge(old, block, language, shown)
        if old == new:
            return Outcome(rel, shown, "current")
        if check:
            return Outcome(rel, shown, "missing" if old is None else "stale" if had_block else "no-block")
        try:
            write_if_changed(root / rel, new, expected=old, expect_missing=old is None)
        except ChangedOnDisk:
            continue
        except OSError as err:
            error = err.strerror or str(err)
            raise ProgressNoteError(text("progress-err-write", language, path=shown, error=error)) from None
        return Outcome(rel, shown, "created" if old is None else "updated")
    raise ProgressNoteError(text("progress-err-changed", language, path=shown))


def _read(root: Path, rel: str, shown: str, language: str) -> bytes | None:
    """The note's bytes, None when there is none; never through a folder link out of the vault."""
    real_root = os.path.realpath(root)
    folder = os.path.realpath(os.path.join(root, posixpath.dirname(rel)))
    if folder != real_root and not folder.startswith(real_root.rstrip(os.sep) + os.sep):
        detail = render_msg(Msg.of("unreadable-outside"), language)
        raise ProgressNoteError(text("progress-err-read", language, path=shown, detail=detail))
    data, problem = vault_mod.read_bytes(root, rel, MAX_BYTES)
    if problem is not None:
        detail = render_msg(problem.msg, language)
        raise ProgressNoteError(text("progress-err-read", language, path=shown, detail=detail))
    return data
