"""The whole progress note, byte for byte, for a fixture vault and the sample vault, in both languages.

After a deliberate change, regenerate with ``MENTORVAULT_UPDATE_GOLDEN=1 pytest
tests/test_progress_golden.py`` and review the diff of ``tests/golden/`` before
committing it. The sample vault ships its note: regenerate it with
``mentorvault index sample_vault --today 2026-11-28``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, run_cli, write_vault

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
SAMPLE = ROOT / "sample_vault"
SAMPLE_NOTE = "Прогресс менторства.md"


def goal_note(title: str, body: str = "", **props: str) -> str:
    lines = ["---", "type: goal", f"title: {title}", *(f"{k}: {v}" for k, v in props.items()), "---"]
    return "\n".join(lines) + "\n" + body


FIXTURE: dict[str, str | bytes] = {
    "People/Anna Smirnova.md": "# Anna Smirnova\n",
    "People/Борис Орлов.md": "# Борис Орлов\n",
    "Areas/Career.md": "# Career\n",
    "Areas/Сообщество.md": "# Сообщество\n",
    "Goals/Interview.md": goal_note(
        "Pass 3 technical interviews for a Senior Python role",
        "## Check-ins\n- 2026-11-20: CV reviewed, self-assessment 3/5\n",
        category="career", horizon="short", status="active", start="2026-11-01", due="2027-01-31",
        metric="an offer at grade 5", target="3", current="1", mentee='"[[Anna Smirnova]]"',
        area='"[[Career]]"', resources="[mock interviews]"),
    "Goals/Talk.md": goal_note(
        "Give a 20-minute talk at the local Python meetup",
        "## Success criteria\n- [x] Talk accepted\n- [x] Talk given\n## Plan\n- [x] Draft slides\n",
        category="networking", horizon="medium", status="done", start="2026-06-01", due="2026-10-30",
        mentee='"[[Anna Smirnova]]"', area='"[[Сообщество]]"'),
    "Goals/Курс.md": goal_note(
        "Пройти курс по Kubernetes и сдать 4 лабораторные",
        "## План\n- [x] Лаба 1\n- [ ] Лаба 2\n- [ ] Лаба 3\n- [ ] Лаба 4\n",
        category="professional", horizon="short", status="planned", start="2026-09-01",
        due="2026-11-15", mentee='"[[Борис Орлов]]"', area='"[[Career]]"'),
    "Goals/Habit.md": goal_note(
        "Read 12 books on software architecture",
        "## Check-ins\n- 2026-09-01: two books read\n## Plan\n- [ ] one book a month\n",
        category="personal", horizon="long", status="active", start="2026-01-10", due="2027-01-10",
        metric="12 books", target="12", current="7", mentee="Вера", area='"[[Career]]"'),
    "Goals/Dropped.md": goal_note(
        "Move to the Berlin office by March 2027", category="career", horizon="short",
        status="dropped", start="2026-10-01", due="2026-12-20", mentee='"[[Anna Smirnova]]"'),
    "Goals/Paused.md": goal_note(
        "Write 10 posts for the team blog", category="professional", status="paused",
        start="2026-08-01", due="2026-11-01", target="10", current="4"),
    "Goals/Tricky.md": goal_note(
        "'Senior | Python: [[next]] #1 ^x <b>bold</b>; 50%'",
        category="career", horizon="medium", status="active", start="2026-10-01", due="2027-03-01",
        mentee='"[[Борис Орлов]]"', area='"[[Career]]"', metric="one"),
    "Check-ins/2026-11-25 Interview.md": "---\ntype: check-in\ngoal: \"[[Interview]]\"\ndate: 2026-11-25\n---\n",
    "Notes/Meeting.md": "Notes: [[Missing note]] and [[Areas/Career#No such heading]].\n",
}


def compare(actual: bytes, name: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MENTORVAULT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual)
    expected = path.read_bytes()
    assert actual.decode("utf-8") == expected.decode("utf-8"), f"{name}: review, then regenerate"
    assert actual == expected


@pytest.mark.parametrize("language", ["en", "ru"])
def test_fixture_vault(tmp_path, language):
    root = write_vault(tmp_path / "vault", {**FIXTURE, ".mentorvault.yaml": f"language: {language}\n"})
    code, out = run_cli("index", str(root), "--today", TODAY)
    assert code == 0, out
    compare((root / "Mentorship Progress.md").read_bytes(), f"progress-fixture.{language}.md")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_sample_vault(tmp_path, language):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, symlinks=True)
    (root / SAMPLE_NOTE).unlink(missing_ok=True)
    config = root / ".mentorvault.yaml"
    config.write_text(config.read_text("utf-8").replace("language: ru", f"language: {language}"), "utf-8")
    code, out = run_cli("index", str(root), "--today", TODAY)
    assert code == 0, out
    compare((root / SAMPLE_NOTE).read_bytes(), f"progress-sample.{language}.md")


def test_the_sample_vault_ships_its_current_note():
    code, out = run_cli("index", str(SAMPLE), "--check", "--today", TODAY)
    assert code == 0, f"{out}regenerate: mentorvault index sample_vault --today {TODAY}"
    assert (SAMPLE / SAMPLE_NOTE).read_bytes() == (GOLDEN / "progress-sample.ru.md").read_bytes()
