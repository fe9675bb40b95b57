"""A whole check's result is reused only when nothing it depends on changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorvault import engine
from mentorvault import run as run_mod
from mentorvault import vault as vault_mod
from mentorvault.cache import NoteCache
from mentorvault.config import Config, build

DAY = date(2026, 11, 28)


def _check(root: Path, tmp: Path, config: Config | None = None, today: date = DAY) -> run_mod.Outcome:
    config = config or Config()
    return run_mod.check_vault(root, config, today, engine.Selection.make(config), NoteCache(root, "t", tmp / "c"))


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    loads: list[int] = []
    real = vault_mod.load
    monkeypatch.setattr(run_mod.vault_mod, "load", lambda *a, **k: loads.append(1) or real(*a, **k))
    return loads


def test_an_unchanged_vault_is_not_checked_again(vault, tmp_path, counting):
    root = vault({"a.md": "[[Gone]]", "b.md": "x"})
    first = _check(root, tmp_path)
    second = _check(root, tmp_path)
    assert counting == [1] and second == first
    assert [d.rule for d in second.diagnostics] == ["broken-link"] and second.notes == ("a.md", "b.md")


@pytest.mark.parametrize("change", ["edit", "attachment", "delete", "settings", "today", "config"])
def test_anything_a_check_reads_makes_it_run_again(vault, tmp_path, counting, change):
    root = vault({"a.md": "![[pic.png]] [[b]]", "b.md": "x", ".obsidian/types.json": "{}"})
    before = _check(root, tmp_path)
    config, today = Config(), DAY
    if change == "edit":
        (root / "b.md").write_text("y")  # same size, other bytes
    elif change == "attachment":
        (root / "pic.png").write_bytes(b"png")
    elif change == "delete":
        (root / "b.md").unlink()
    elif change == "settings":
        (root / ".obsidian" / "types.json").write_text('{"types": {}}')
    elif change == "today":
        today = date(2026, 11, 29)
    else:
        config = build({"language": "ru"})
    after = _check(root, tmp_path, config, today)
    assert counting == [1, 1]
    if change in ("attachment", "delete"):
        assert after != before
    if change == "config":
        assert after.diagnostics[0].message.startswith("ссылка")
