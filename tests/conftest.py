from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorvault.cli import main

TODAY = "2026-11-28"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache folder."""
    monkeypatch.setenv("MENTORVAULT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "note-cache"))


def write_vault(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (vault-relative path -> text or bytes) under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def vault(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    def make(files: dict[str, str | bytes]) -> Path:
        return write_vault(tmp_path / "vault", files)

    return make


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"LANG": "C", **(env or {})}, catch_exceptions=False)
    return result.exit_code, result.output


def check_json(root: Path, *extra: str) -> list[dict[str, object]]:
    code, out = run_cli("check", str(root), "--format", "json", "--today", TODAY, *extra)
    assert code in (0, 1), out
    return list(json.loads(out)["diagnostics"])


def lines(root: Path, *extra: str) -> list[str]:
    """``path:line:col rule`` for every diagnostic, the shape rule tests compare."""
    return [f"{d['path']}:{d['line']}:{d['column']} {d['rule']}" for d in check_json(root, *extra)]
