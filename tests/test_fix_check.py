"""``check --fix``: before/after bytes for every fix kind, idempotency, concurrent edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, run_cli

import mentorvault.fixer
from mentorvault.cli import main
from mentorvault.rules import REGISTRY

BOM = b"\xef\xbb\xbf"
goal_rules = pytest.mark.skipif("goal-invalid-value" not in REGISTRY, reason="goal rules not registered")


def fix(root: Path, *extra: str) -> tuple[int, dict[str, object]]:
    code, out = run_cli("check", str(root), "--fix", "--format", "json", "--today", TODAY, *extra)
    return code, json.loads(out)


def assert_fixes(root: Path, name: str, before: bytes, after: bytes, count: int, *extra: str) -> None:
    """One --fix turns ``before`` into exactly ``after``; a second changes nothing."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(before)
    _, report = fix(root, *extra)
    assert (root / name).read_bytes() == after
    assert report["summary"]["fixed"] == count  # type: ignore[index]
    assert not [d for d in report["diagnostics"] if d["fixable"]]  # type: ignore[union-attr]
    _, again = fix(root, *extra)
    assert (root / name).read_bytes() == after
    assert again["summary"]["fixed"] == 0  # type: ignore[index]


def test_deprecated_properties_renamed_with_bom_and_mixed_line_endings(vault):
    root = vault({})
    before = BOM + (
        "---\r\n"
        "# the mentor asked for these\r\n"
        "tag:   [career, goals]   # spacing kept\n"
        "alias:\r\n"
        "  - Собеседование\r"
        "cssclass: wide\r\n"
        "---\r\n"
        "Body with tag: inside.\n"
    ).encode()
    after = BOM + (
        "---\r\n"
        "# the mentor asked for these\r\n"
        "tags:   [career, goals]   # spacing kept\n"
        "aliases:\r\n"
        "  - Собеседование\r"
        "cssclasses: wide\r\n"
        "---\r\n"
        "Body with tag: inside.\n"
    ).encode()
    assert_fixes(root, "Заметка.md", before, after, 3)


def test_deprecated_property_not_renamed_when_the_new_key_exists(vault):
    root = vault({"b.md": "x"})
    text = b"---\ntag: a\ntags: [b]\n---\n"
    (root / "a.md").write_bytes(text)
    fix(root)
    assert (root / "a.md").read_bytes() == text


def test_unquoted_link_properties_quoted_in_place(vault):
    root = vault({"Карьера.md": "x", "Анна Смирнова.md": "x", "Иван \"Ваня\".md": "x"})
    before = BOM + (
        "---\r\n"
        "area: [[Карьера]]  # the development area\r\n"
        "mentee:   [[Анна Смирнова|Анна]]\n"
        "mentor: [[Иван \"Ваня\"]]\r\n"
        "goal: \"[[Карьера]]\"\r\n"
        "---\r\n"
        "area: [[Карьера]] in the body stays\r\n"
    ).encode()
    after = BOM + (
        "---\r\n"
        "area: \"[[Карьера]]\"  # the development area\r\n"
        "mentee:   \"[[Анна Смирнова|Анна]]\"\n"
        "mentor: '[[Иван \"Ваня\"]]'\r\n"
        "goal: \"[[Карьера]]\"\r\n"
        "---\r\n"
        "area: [[Карьера]] in the body stays\r\n"
    ).encode()
    assert_fixes(root, "Цель.md", before, after, 3)


def test_fixed_problems_are_not_reported_and_the_summary_counts_them(vault):
    root = vault({"a.md": "---\ntag: x\n---\n[[Missing]]\n"})
    code, out = run_cli("check", str(root), "--fix", "--today", TODAY)
    assert code == 1
    assert "deprecated-property" not in out and "broken-link" in out
    assert out.rstrip().endswith("1 errors, 0 warnings, 0 notices; 1 fixed")


def test_fix_only_in_the_files_named(vault):
    root = vault({"a.md": "---\ntag: x\n---\n", "b.md": "---\ntag: x\n---\n"})
    code, out = run_cli("check", str(root), str(root / "a.md"), "--fix", "--today", TODAY)
    assert code == 0, out
    assert (root / "a.md").read_text() == "---\ntags: x\n---\n"
    assert (root / "b.md").read_text() == "---\ntag: x\n---\n"


def test_a_rule_turned_off_fixes_nothing(vault):
    root = vault({"a.md": "---\ntag: x\narea: [[a]]\n---\n"})
    _, report = fix(root, "--ignore", "deprecated-property")
    assert (root / "a.md").read_text() == "---\ntag: x\narea: \"[[a]]\"\n---\n"
    assert report["summary"]["fixed"] == 1  # type: ignore[index]


def test_templates_and_excluded_notes_are_never_fixed(vault):
    root = vault({
        ".obsidian/templates.json": '{"folder": "Templates"}',
        "Templates/Goal.md": "---\ntag: x\n---\n",
        ".mentorvault.yaml": "ignore: [Archive]\n",
        "Archive/old.md": "---\ntag: x\n---\n",
    })
    fix(root)
    assert (root / "Templates/Goal.md").read_text() == "---\ntag: x\n---\n"
    assert (root / "Archive/old.md").read_text() == "---\ntag: x\n---\n"


def test_a_note_changed_between_read_and_write_is_left_alone(vault, monkeypatch):
    root = vault({"a.md": "---\ntag: x\n---\n", "b.md": "---\ntag: y\n---\n"})
    real = mentorvault.fixer.write_if_changed

    def editor_saves_first(path: Path, data: bytes, expected: bytes | None = None) -> bool:
        if path.name == "a.md":
            path.write_text("---\ntag: edited\n---\n")
        return real(path, data, expected)

    monkeypatch.setattr(mentorvault.fixer, "write_if_changed", editor_saves_first)
    result = CliRunner().invoke(main, ["check", str(root), "--fix", "--today", TODAY], env={"LANG": "C"})
    assert (root / "a.md").read_text() == "---\ntag: edited\n---\n"
    assert (root / "b.md").read_text() == "---\ntags: y\n---\n"
    assert "a.md: changed on disk while being fixed" in result.stderr
    assert "a.md:2:1: warning deprecated-property" in result.stdout
    assert result.stdout.rstrip().endswith("; 1 fixed")


def test_a_note_changed_between_check_and_fix_is_fixed_as_it_now_reads(vault, monkeypatch):
    root = vault({"a.md": "---\ntag: x\n---\n"})
    real = mentorvault.fixer.read_bytes

    def editor_saved_meanwhile(folder: Path, rel: str, limit: int):  # type: ignore[no-untyped-def]
        (folder / rel).write_text("---\n# moved down a line\ntag: y\n---\n")
        return real(folder, rel, limit)

    monkeypatch.setattr(mentorvault.fixer, "read_bytes", editor_saved_meanwhile)
    _, report = fix(root)
    assert (root / "a.md").read_text() == "---\n# moved down a line\ntags: y\n---\n"
    assert report["summary"]["fixed"] == 1  # type: ignore[index]


def test_unwritable_note_is_reported_and_the_run_goes_on(vault, monkeypatch):
    root = vault({"a.md": "---\ntag: x\n---\n"})

    def refuse(path: Path, data: bytes, expected: bytes | None = None) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(mentorvault.fixer, "write_if_changed", refuse)
    result = CliRunner().invoke(main, ["check", str(root), "--fix", "--today", TODAY], env={"LANG": "ru_RU.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    assert result.exit_code == 0
    assert "a.md: не удалось записать исправление: Permission denied" in result.stderr
    assert (root / "a.md").read_text() == "---\ntag: x\n---\n"


GOAL_BEFORE = (
    "---\r\n"
    "type: goal\n"
    "title: Пройти собеседование на позицию Senior Python Developer\r\n"
    "category: Карьера   # was typed by hand\r\n"
    "horizon: Short\r\n"
    "status: \"В работе\"\r\n"
    "start: 2026/11/01\r"
    "due: '31.01.2027'\r\n"
    "metric: Получить оффер не ниже grade 5\r\n"
    "area: \"[[Карьера]]\"\r\n"
    "---\r\n"
    "## План\r\n"
    "- [ ] Обновить резюме 📅 2026-11-15\r\n"
)
GOAL_AFTER = (
    "---\r\n"
    "type: goal\n"
    "title: Пройти собеседование на позицию Senior Python Developer\r\n"
    "category: career   # was typed by hand\r\n"
    "horizon: short\r\n"
    "status: \"active\"\r\n"
    "start: 2026-11-01\r"
    "due: '2027-01-31'\r\n"
    "metric: Получить оффер не ниже grade 5\r\n"
    "area: \"[[Карьера]]\"\r\n"
    "---\r\n"
    "## План\r\n"
    "- [ ] Обновить резюме 📅 2026-11-15\r\n"
)


@goal_rules
def test_goal_dates_and_synonyms_made_canonical(vault):
    root = vault({"Карьера.md": "x"})
    assert_fixes(root, "Цель.md", BOM + GOAL_BEFORE.encode(), BOM + GOAL_AFTER.encode(), 5)


@goal_rules
def test_goal_value_fixes_in_english_and_case(vault):
    root = vault({"Career.md": "x"})
    before = (
        "---\ntype: goal\ntitle: Pass three Senior Python interviews\ncategory: CAREER\n"
        "status: Active\nhorizon: Medium\nstart: 2026.11.01\ndue: 2027/05/01\n"
        "metric: An offer\narea: \"[[Career]]\"\n---\n## Plan\n- [ ] Update the CV\n"
    )
    after = before.replace("CAREER", "career").replace("Active", "active").replace("Medium", "medium")
    after = after.replace("2026.11.01", "2026-11-01").replace("2027/05/01", "2027-05-01")
    assert_fixes(root, "Goal.md", before.encode(), after.encode(), 5)


@goal_rules
def test_missing_goal_type_in_a_goals_folder_is_inserted(vault):
    root = vault({".mentorvault.yaml": "goals:\n  folders: [Goals]\n", "Career.md": "x"})
    body = (
        "title: Pass three Senior Python interviews\r\ncategory: career\r\nstatus: active\r\n"
        "horizon: short\r\nstart: 2026-11-01\r\ndue: 2027-01-31\r\nmetric: An offer\r\n"
        "area: \"[[Career]]\"\r\n---\r\n## Plan\r\n- [ ] Update the CV\r\n"
    )
    assert_fixes(root, "Goals/Interviews.md", ("---\r\n" + body).encode(),
                 ("---\r\ntype: goal\r\n" + body).encode(), 1)
