"""The note cache: used when valid, never stale, never trusted to run code."""

from __future__ import annotations

import os
import pickle
import sqlite3
import zlib
from datetime import date
from pathlib import Path

from mentorvault import engine
from mentorvault import vault as vault_mod
from mentorvault.cache import NoteCache
from mentorvault.config import Config


def _load(root: Path, folder: Path) -> tuple[vault_mod.Vault, NoteCache]:
    cache = NoteCache(root, "test", folder)
    return vault_mod.load(root, Config(), cache), cache


def _rules(model: vault_mod.Vault) -> list[str]:
    return [f"{d.path}:{d.line} {d.rule}" for d in engine.run(model, Config(), date(2026, 11, 28))]


def test_warm_run_reads_parsed_notes_from_the_cache(vault, tmp_path, monkeypatch):
    root = vault({"a.md": "[[b]] [[Gone]]", "b.md": "# H"})
    cold, cache = _load(root, tmp_path / "c")
    assert cache.path.exists() and len(cache.entries()) == 2
    parsed: list[str] = []
    real = vault_mod.parse_many
    def spy(items, cc, expected, lean=False):
        items = list(items)
        parsed.extend(p for p, _ in items)
        return real(items, cc, expected, lean)

    monkeypatch.setattr(vault_mod, "parse_many", spy)
    warm, _ = _load(root, tmp_path / "c")
    assert parsed == [] and warm.notes == cold.notes and _rules(warm) == _rules(cold)


def test_same_size_and_mtime_still_gives_fresh_results(vault, tmp_path):
    root = vault({"a.md": "[[bbbb]]", "bbbb.md": "x", "cccc.md": "x"})
    first, _ = _load(root, tmp_path / "c")
    assert _rules(first) == []
    stat = (root / "a.md").stat()
    (root / "a.md").write_text("[[zzzz]]")  # same size
    os.utime(root / "a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second, _ = _load(root, tmp_path / "c")
    assert _rules(second) == ["a.md:1 broken-link"]


def test_deleted_notes_leave_the_cache(vault, tmp_path):
    root = vault({"a.md": "x", "b.md": "y"})
    _load(root, tmp_path / "c")
    (root / "b.md").unlink()
    _, cache = _load(root, tmp_path / "c")
    assert set(cache.entries()) == {"a.md"}


class _Boom:
    def __reduce__(self):  # what a poisoned cache entry would carry
        return (os.system, ("touch pwned",))


def test_a_tampered_cache_cannot_run_code(vault, tmp_path, monkeypatch):
    root = vault({"a.md": "[[Gone]]"})
    _, cache = _load(root, tmp_path / "c")
    digest = cache.entries()["a.md"]
    with sqlite3.connect(cache.path) as db:
        # packed as the cache packs its entries, so that only the guarded unpickler stands in the way
        db.execute("UPDATE notes SET note = ? WHERE path = 'a.md'", (zlib.compress(pickle.dumps(_Boom())),))
    monkeypatch.chdir(tmp_path)
    model, cache = _load(root, tmp_path / "c")
    assert not (tmp_path / "pwned").exists()
    assert _rules(model) == ["a.md:1 broken-link"]
    assert cache.entries()["a.md"] == digest


def test_a_damaged_cache_file_is_replaced(vault, tmp_path):
    root = vault({"a.md": "[[Gone]]"})
    _, cache = _load(root, tmp_path / "c")
    cache.close()
    cache.path.write_bytes(b"not a database at all" * 100)
    model, cache = _load(root, tmp_path / "c")
    assert _rules(model) == ["a.md:1 broken-link"]


def test_an_unwritable_cache_folder_is_no_obstacle(vault, tmp_path):
    root = vault({"a.md": "[[Gone]]"})
    blocker = tmp_path / "file"
    blocker.write_text("x")
    model, cache = _load(root, blocker / "sub")
    assert cache.db is None and _rules(model) == ["a.md:1 broken-link"]
