"""The sample vault shows every core rule at least once, and the README tells the truth about it."""

from __future__ import annotations

from pathlib import Path

from conftest import check_json

from mentorvault.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_vault"


def test_every_core_rule_fires_in_the_sample_vault():
    fired = {d["rule"] for d in check_json(SAMPLE)}
    core = {name for name, info in REGISTRY.items() if info.family in ("notes", "links")}
    assert core - fired == set()


def test_sample_vault_speaks_russian_and_points_at_lines():
    diags = check_json(SAMPLE)
    broken = [d for d in diags if d["rule"] == "broken-link" and d["path"] == "Заметки/Идеи.md"]
    assert any("Сообщесво" in d["message"] and d["hint"] == "возможно, имелось в виду [[Сообщество]]?" for d in broken)
    alias = next(d for d in broken if "Карьерный рост" in d["message"])
    assert (alias["line"], alias["column"]) == (8, 12)
    assert "[[Карьера|Карьерный рост]]" in alias["hint"]


def test_ignored_and_suppressed_notes_stay_quiet():
    paths = {d["path"] for d in check_json(SAMPLE)}
    assert not any(p.startswith("Архив/") for p in paths)
    assert not any("Будущая заметка" in d["message"] for d in check_json(SAMPLE))


def test_readme_shows_what_check_prints_on_the_sample_vault():
    """The README quotes `check` on the sample vault in full; keep it true."""
    from conftest import TODAY, run_cli

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = readme.split("<!-- sample-check:begin -->", 1)[1].split("<!-- sample-check:end -->", 1)[0]
    quoted = block.split("```text\n", 1)[1].rsplit("```", 1)[0]
    code, out = run_cli("check", str(SAMPLE), "--today", TODAY, env={"LANG": "C"})
    assert code == 1
    assert quoted == out, "update the README: mentorvault check sample_vault --today 2026-11-28"
