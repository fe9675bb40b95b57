"""An on-disk cache of parsed notes, keyed by path and content digest.

The key is the digest of the note's bytes, never its size or mtime, so a note
rewritten with the same size and mtime is parsed again. The cache lives in the
user's cache folder, outside the vault. Entries are pickles of our own note
types; they are loaded with an unpickler that only knows those types, so a
tampered cache file (a CI cache restored from someone's pull request) cannot
run code. Any trouble with the cache means parsing without it.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Any

from . import __version__
from .notes import Note

# bump when Note or parsing changes shape, so old entries are never read back
FORMAT = 5
RESULTS_KEPT = 4
_ALLOWED = {
    "mentorvault.notes": {"Note", "Link", "Heading", "Item", "TaskDate", "Problem"},
    "mentorvault.frontmatter": {"Frontmatter", "Key", "FrontmatterLink"},
    "mentorvault.diagnostics": {"Span", "Msg", "Diagnostic", "Level", "Fix"},
    "mentorvault.run": {"Outcome"},
    "builtins": {"frozenset", "set"},
}


def cache_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if env.get("MENTORVAULT_CACHE_DIR"):
        return Path(env["MENTORVAULT_CACHE_DIR"])
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA", Path.home())) / "mentorvault" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "mentorvault"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mentorvault"


def _raw(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cached note type")


def pack(value: Any) -> bytes:
    """A note (or a run's outcome) as the cache and a lean model keep it: pickled, then
    compressed, which makes a note's 3.4 KB 1.5 KB for little time."""
    return zlib.compress(pickle.dumps(value, protocol=5), 1)


def unpack(blob: bytes) -> Any:
    """What :func:`pack` made, read back with only our own types allowed; None if damaged."""
    try:
        return _Unpickler(io.BytesIO(zlib.decompress(blob))).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, whatever it raises
        return None


class NoteCache:
    def __init__(self, vault_root: Path, salt: str, folder: Path | None = None) -> None:
        key = hashlib.sha256(os.path.realpath(vault_root).encode("utf-8", "surrogateescape")).hexdigest()[:20]
        self.path = (folder or cache_dir()) / f"notes-{key}.sqlite"
        self.salt = f"{FORMAT}:{__version__}:{salt}".encode()
        self.db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=5)
            # paths are stored as bytes: a file name may hold bytes that are not UTF-8
            self.db.execute("CREATE TABLE IF NOT EXISTS notes (path BLOB PRIMARY KEY, digest BLOB, note BLOB)")
            self.db.execute("CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB, stamp INTEGER)")
        except (OSError, sqlite3.Error):
            self.db = None

    def digest(self, data: bytes) -> bytes:
        return hashlib.blake2b(data, digest_size=16, key=self.salt[:64]).digest()

    def entries(self) -> dict[str, bytes]:
        """Path -> digest of every cached note."""
        if self.db is None:
            return {}
        try:
            return {_text(p): d for p, d in self.db.execute("SELECT path, digest FROM notes")}
        except sqlite3.Error:
            self._drop()
            return {}

    def hit(self, path: str, digest: bytes) -> tuple[Note, bytes] | None:
        """The parsed note cached for ``path`` with exactly these bytes, and its packed form, if any."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT note FROM notes WHERE path = ? AND digest = ?", (_raw(path), digest)).fetchone()
        except sqlite3.Error:
            self._drop()
            return None
        found = self.load(row[0]) if row else None
        return (found, row[0]) if isinstance(found, Note) and found.path == path else None

    load = staticmethod(unpack)

    def store(self, rows: list[tuple[str, bytes, Any]]) -> None:
        """Keep ``(path, digest, note)`` rows; a note may come already packed."""
        if self.db is None or not rows:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO notes VALUES (?, ?, ?)",
                    [(_raw(p), d, n if isinstance(n, bytes) else pack(n)) for p, d, n in rows],
                )
        except sqlite3.Error:
            self._drop()

    def prune(self, keep: set[str]) -> None:
        """Forget the notes that are no longer in the vault."""
        if self.db is None:
            return
        try:
            with self.db:
                stale = [(p,) for (p,) in self.db.execute("SELECT path FROM notes") if _text(p) not in keep]
                self.db.executemany("DELETE FROM notes WHERE path = ?", stale)
        except sqlite3.Error:
            self._drop()

    def result(self, key: bytes) -> Any:
        """The outcome of an earlier run with the same inputs, if one is kept."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            self._drop()
            return None
        return self.load(row[0]) if row else None

    def store_result(self, key: bytes, value: Any) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, (SELECT COALESCE(MAX(stamp), 0) + 1"
                                " FROM results))", (key, pack(value)))
                # a few results are enough: the vault as it is now, and as it was on other branches
                self.db.execute("DELETE FROM results WHERE stamp <= (SELECT MAX(stamp) FROM results) - ?",
                                (RESULTS_KEPT,))
        except sqlite3.Error:
            self._drop()

    def _drop(self) -> None:
        """A damaged cache file is removed; the next run builds a new one."""
        if self.db is not None:
            self.db.close()
            self.db = None
        try:
            self.path.unlink()
        except OSError:
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
