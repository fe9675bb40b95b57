"""The only module that reads the file system: scan the vault, read notes, build the model.

Nothing here follows a symlink out of the vault, blocks on a FIFO, or stops
on one unreadable file: each such file becomes a diagnostic or is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import NoteCache, unpack
from .config import CONFIG_NAMES, Config
from .diagnostics import Msg, Span
from .links import NameIndex, fold
from .notes import Note, Problem, parse_note
from .parallel import Lean, outline, parse_many


class VaultError(Exception):
    """The vault itself cannot be read (missing, not a folder)."""


@dataclass(frozen=True)
class Settings:
    """What Obsidian's own ``.obsidian/`` files say about the vault."""

    templates_folder: str = ""
    ignore_filters: tuple[str, ...] = ()
    types: dict[str, str] = field(default_factory=dict)


@dataclass
class Vault:
    root: Path
    files: set[str]
    notes: dict[str, Note]
    lintable: set[str]
    settings: Settings
    # a lean model's notes are outlines (parallel.outline); each whole note waits here, packed
    blobs: dict[str, bytes] = field(default_factory=dict, repr=False)
    index: NameIndex = field(init=False)
    _aliases: dict[str, str] | None = field(default=None, init=False, repr=False)
    _symlinks: set[str] | None = field(default=None, init=False, repr=False)  # notes that are links

    def __post_init__(self) -> None:
        self.index = NameIndex(self.files)

    def full(self, path: str) -> Note:
        """The whole note, for the rules that check it; other notes are read through ``notes``."""
        blob = self.blobs.get(path)
        return self.notes[path] if blob is None else unpack(blob)

    def alias_owner(self, alias: str) -> str | None:
        """The note that lists ``alias`` in its ``aliases`` (a hint, never a link target)."""
        if self._aliases is None:
            self._aliases = {}
            for path in sorted(self.notes):  # the first owner by path, however the model was built
                note = self.notes[path]
                for a in _aliases(note.fm.get("aliases")):
                    self._aliases.setdefault(fold(a), note.stem)
        return self._aliases.get(fold(alias))


def _aliases(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if isinstance(v, (str, int, float))] if isinstance(value, list) else []


def read_settings(root: Path) -> Settings:
    def load(name: str) -> dict[str, Any]:
        try:
            data = json.loads((root / ".obsidian" / name).read_text("utf-8-sig"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    folder = load("templates.json").get("folder")
    if isinstance(folder, str) and not within(root, folder.strip("/")):
        folder = None  # a templates folder outside the vault is not one Obsidian can use
    filters = load("app.json").get("userIgnoreFilters") or []
    types = load("types.json").get("types") or {}
    return Settings(
        templates_folder=folder.strip("/") if isinstance(folder, str) else "",
        ignore_filters=tuple(f for f in filters if isinstance(f, str)),
        types={str(k): str(v) for k, v in types.items()} if isinstance(types, dict) else {},
    )


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob: ``*`` within a folder, ``**`` across folders; a folder matches its contents."""
    out, i = [], 0
    pattern = pattern.strip("/")
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            ch = pattern[i]
            out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
            i += 1
    return re.compile("(?:.*/)?" * ("/" not in pattern) + "".join(out) + "(?:/.*)?$")


def is_ignored(path: str, settings: Settings, config: Config) -> bool:
    for f in settings.ignore_filters:
        if len(f) > 2 and f.startswith("/") and f.endswith("/"):
            try:
                if re.search(f[1:-1], path):
                    return True
            except re.error:
                continue
        elif f and path.startswith(f):
            return True
    return any(glob_regex(g).match(path) for g in config.ignore)


def scan(root: Path, start: str = "") -> Iterator[str]:
    """Vault-relative POSIX paths of regular files under ``start``, symlinks out of the vault skipped."""
    real_root = os.path.realpath(root)
    stack = [start]
    while stack:
        rel = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(root, rel)))
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name.startswith("."):
                continue  # Obsidian ignores hidden files and folders: .obsidian, .trash, .git
            path = f"{rel}/{name}" if rel else name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                elif entry.is_symlink():
                    if _inside(os.path.realpath(entry.path), real_root) and os.path.isfile(entry.path):
                        yield path
                elif entry.is_file(follow_symlinks=False):
                    yield path
            except OSError:
                continue


def display_path(path: str) -> str:
    """File names with undecodable bytes arrive as surrogates; print them replaced."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def within(root: Path, rel: str) -> bool:
    """Whether ``rel`` names a place inside the vault, links on the way resolved."""
    if posixpath.isabs(rel) or os.path.isabs(rel):
        return False
    return _inside(os.path.realpath(os.path.join(root, rel)), os.path.realpath(root))


def read_bytes(root: Path, rel: str, limit: int, real_root: str | None = None) -> tuple[bytes | None, Problem | None]:
    """Read one note without following links out of the vault or blocking on special files.

    ``real_root`` is the vault's resolved path, for callers reading many notes.
    """
    full = os.path.join(root, rel)
    try:
        real = os.path.realpath(full)
        if not _inside(real, real_root or os.path.realpath(root)):
            return None, Problem("unreadable-note", Span(1, 1, 1, 1), Msg.of("unreadable-outside"))
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None, Problem("unreadable-note", Span(1, 1, 1, 1), Msg.of("unreadable-special"))
            if info.st_size > limit:
                msg = Msg.of("note-too-large", size=info.st_size, limit=limit)
                return None, Problem("note-too-large", Span(1, 1, 1, 1), msg)
            return _read_all(fd, info.st_size, limit), None
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None, None  # vanished between scan and read: no longer part of the vault
    except OSError as err:
        return None, Problem("unreadable-note", Span(1, 1, 1, 1), Msg.of("unreadable-io", error=err.strerror or str(err)))


def _read_all(fd: int, size: int, limit: int) -> bytes:
    """The file's bytes, at most ``limit + 1`` of them (a file growing while read shows as too large)."""
    # asking for the size fstat gave, plus one to see growth, reads a note in one call;
    # a buffered read of ``limit`` bytes would allocate the whole limit for every note
    parts = [os.read(fd, min(size, limit) + 1)]
    total = len(parts[0])
    while parts[-1] and total <= limit:
        parts.append(os.read(fd, min(max(size + 1 - total, 1 << 16), limit + 1 - total)))
        total += len(parts[-1])
    return b"".join(parts)


def load_note(root: Path, rel: str, config: Config) -> Note | None:
    data, problem = read_bytes(root, rel, config.max_note_bytes)
    if problem is not None:
        return Note(rel, problems=(problem,))
    if data is None:
        return None
    return parse_note(rel, data, config.check_comments)


def fingerprint(root: Path, config: Config, digest: Callable[[bytes], bytes]) -> bytes:
    """A digest of everything a check reads: Obsidian's settings, every file's path, every note's bytes."""
    h = hashlib.blake2b(digest_size=20)
    for name in sorted(SETTINGS_FILES):
        try:
            h.update((root / name).read_bytes())
        except OSError:
            h.update(b"-")
        h.update(b"\0")
    real_root = os.path.realpath(root)
    for rel in sorted(scan(root)):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        if rel.lower().endswith(".md"):
            data, problem = read_bytes(root, rel, config.max_note_bytes, real_root)
            h.update(digest(data) if data is not None else repr(problem).encode())
    return h.digest()


Progress = Callable[[int, int], None]  # (notes read so far, notes in all)


def load(root: Path, config: Config, cache: NoteCache | None = None, progress: Progress | None = None,
         lean: bool = False) -> Vault:
    """The vault's model. ``lean`` keeps each note as an outline beside the whole note
    packed: a one-off check of 50,000 notes then fits in a few hundred MB."""
    if not root.exists():
        raise VaultError(f"{root}: no such folder")
    if not root.is_dir():
        raise VaultError(f"{root}: not a folder")
    settings = read_settings(root)
    real_root = os.path.realpath(root)
    files = set(scan(root))
    notes: dict[str, Note] = {}
    blobs: dict[str, bytes] = {}
    digests: dict[str, bytes] = {}
    md = sorted(p for p in files if p.lower().endswith(".md"))

    def add(item: Note | Lean) -> None:
        if isinstance(item, Lean):
            notes[item.outline.path] = item.outline
            blobs[item.outline.path] = item.blob
        else:
            notes[item.path] = item

    def unparsed() -> Iterator[tuple[str, bytes]]:
        for rel in md:
            data, problem = read_bytes(root, rel, config.max_note_bytes, real_root)
            if problem is not None:
                notes[rel] = Note(rel, problems=(problem,))
            elif data is None:
                files.discard(rel)
            elif cache is None:
                yield rel, data
            else:
                digests[rel] = cache.digest(data)
                hit = cache.hit(rel, digests[rel])
                if hit is not None:
                    add(Lean(outline(hit[0]), hit[1]) if lean else hit[0])
                else:
                    yield rel, data

    for batch in parse_many(unparsed(), config.check_comments, len(md), lean):
        for item in batch:
            add(item)
        if cache is not None:
            cache.store([(n.outline.path, digests[n.outline.path], n.blob) if isinstance(n, Lean)
                         else (n.path, digests[n.path], n) for n in batch])
        if progress is not None:
            progress(len(notes), len(md))
    if cache is not None:
        cache.prune(set(digests))
    return Vault(root, files, dict(sorted(notes.items())), lintable_paths(notes, settings, config), settings, blobs)


def lintable_paths(paths: Iterable[str], settings: Settings, config: Config) -> set[str]:
    """Notes that are linted: not templates, not excluded, not the progress note."""
    tpl = settings.templates_folder
    index = fold(posixpath.normpath(config.index_path))
    out = set()
    for p in paths:
        if tpl and p.startswith(tpl + "/"):
            continue
        if fold(p) == index or is_ignored(p, settings, config):
            continue
        out.add(p)
    return out


SETTINGS_FILES = frozenset({".obsidian/app.json", ".obsidian/templates.json", ".obsidian/types.json"})


@dataclass(frozen=True)
class Change:
    """What one refresh changed in the model."""

    notes: frozenset[str]  # notes added, modified or removed
    files_changed: bool  # the set of files changed (links may resolve differently)
    old: dict[str, Note]  # the previous version of each changed note that existed
    reload: bool = False  # settings changed: only a full load is right


def refresh(model: Vault, config: Config, hints: Iterable[str]) -> Change:
    """Bring the model in line with the disk for the hinted paths (files or folders).

    Events are hints and the disk is the truth: each path is looked at again,
    whatever the event said happened to it.
    """
    changed: set[str] = set()
    old: dict[str, Note] = {}
    before = frozenset(model.files)
    for rel in sorted(set(hints)):
        rel = rel.strip("/")
        if rel in SETTINGS_FILES or rel in CONFIG_NAMES:
            return Change(frozenset(), True, {}, reload=True)
        if not rel or any(part.startswith(".") for part in rel.split("/")):
            continue
        paths = _paths_now_and_before(model, rel)
        for path in sorted(paths | _linked_to(model, paths)):
            _refresh_file(model, config, path, changed, old)
    files_changed = before != model.files
    if files_changed:
        model.index = NameIndex(model.files)
    for path in changed:  # only the changed notes can join or leave the linted set
        model.lintable.discard(path)
        if path in model.notes:
            model.lintable |= lintable_paths([path], model.settings, config)
    if any(_aliases(n.fm.get("aliases")) != _aliases(_fm_of(model.notes.get(p)).get("aliases"))
           for p, n in old.items()) or any(p not in old for p in changed):
        model._aliases = None  # an alias came, went or moved: the hint map is built again
    return Change(frozenset(changed), files_changed, old)


def _linked_to(model: Vault, paths: set[str]) -> set[str]:
    """Notes that are symlinks to one of ``paths``: a save of the target changes them too."""
    if model._symlinks is None:
        model._symlinks = {p for p in model.notes if os.path.islink(model.root / p)}
    if not model._symlinks:
        return set()
    real = {os.path.realpath(model.root / p) for p in paths}
    return {p for p in model._symlinks if os.path.realpath(model.root / p) in real}


def _fm_of(note: Note | None) -> dict[str, Any]:
    return note.fm if note is not None else {}


def _paths_now_and_before(model: Vault, rel: str) -> set[str]:
    full = model.root / rel
    inside = {p for p in model.files if p == rel or p.startswith(rel + "/")}
    if full.is_dir() and not full.is_symlink():
        return inside | set(scan(model.root, rel))
    return inside | {rel}


def _refresh_file(model: Vault, config: Config, rel: str, changed: set[str], old: dict[str, Note]) -> None:
    full = model.root / rel
    exists = _is_vault_file(model.root, full)
    previous = model.notes.get(rel)
    if not exists:
        if model._symlinks is not None and not full.is_symlink():
            model._symlinks.discard(rel)  # a dangling link stays known: its target may come back
        model.files.discard(rel)
        if previous is not None:
            del model.notes[rel]
            changed.add(rel)
            old[rel] = previous
        return
    model.files.add(rel)
    if not rel.lower().endswith(".md"):
        return
    if model._symlinks is not None:
        (model._symlinks.add if full.is_symlink() else model._symlinks.discard)(rel)
    note = load_note(model.root, rel, config)
    if note is None:
        model.files.discard(rel)
        model.notes.pop(rel, None)
    else:
        model.notes[rel] = note
    if note != previous:
        changed.add(rel)
        if previous is not None:
            old[rel] = previous


def _is_vault_file(root: Path, full: Path) -> bool:
    try:
        if full.is_symlink():
            return _inside(os.path.realpath(full), os.path.realpath(root)) and full.is_file()
        return stat.S_ISREG(full.lstat().st_mode)
    except OSError:
        return False
