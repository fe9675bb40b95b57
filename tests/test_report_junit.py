"""``--format junit``: well-formed XML, a test case per note, a failure per problem, true counts."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import TODAY, check_json, run_cli

from mentorvault import writer
from mentorvault.diagnostics import Diagnostic, Level
from mentorvault.report import Summary, junit

FILES: dict[str, str | bytes] = {
    "Анна Смирнова/Цели/Собеседование.md": "[[Нет такой]] [[Карьера]]\n[[Тоже нет]]\n",
    "Анна Смирнова/Карьера.md": "# Карьера\n",
    'John Carter/Goals/Talk <&> "quotes".md': "[[Missing]]\n",
    "John Carter/Clean.md": "[[Карьера]]\n",
    "Inbox.md": "plain\n",
}


def _junit(root: Path, *extra: str) -> ET.Element:
    code, out = run_cli("check", str(root), "--format", "junit", "--today", TODAY, *extra)
    assert code in (0, 1), out
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(out.encode("utf-8"))


def test_a_test_case_per_note_and_a_failure_per_problem(vault):
    root = vault(FILES)
    suites = _junit(root)
    [suite] = suites.findall("testsuite")
    cases = suite.findall("testcase")
    diagnostics = check_json(root)
    _, out = run_cli("check", str(root), "--format", "json", "--today", TODAY)
    assert len(cases) == json.loads(out)["summary"]["notes"] == 5
    assert [c.get("name") for c in cases] == sorted(FILES)
    assert sum(len(c.findall("failure")) for c in cases) == len(diagnostics) == 3
    failed = sum(bool(c.findall("failure")) for c in cases)
    for element in (suites, suite):
        assert (
            element.get("name"),
            element.get("tests"),
            element.get("failures"),
            element.get("errors"),
        ) == ("mentorvault", "5", str(failed), "0")
    assert suite.get("skipped") == "0" and failed == 2


def test_class_names_are_folders_and_failures_carry_the_text_line(vault):
    root = vault(FILES)
    cases = {c.get("name"): c for c in _junit(root).iter("testcase")}
    assert cases["Анна Смирнова/Цели/Собеседование.md"].get("classname") == "Анна Смирнова/Цели"
    assert cases["Inbox.md"].get("classname") == "(root)"
    assert not cases["John Carter/Clean.md"].findall("failure")  # a clean note passes
    goal = "Анна Смирнова/Цели/Собеседование.md"
    first = cases[goal].findall("failure")[0]
    d = next(d for d in check_json(root) if d["path"] == goal)
    assert (first.get("type"), first.get("message")) == (d["rule"], d["message"])
    assert first.text is not None
    assert first.text.startswith(
        f"{d['path']}:{d['line']}:{d['column']}: error broken-link {d['message']}"
    )


def test_hints_markup_and_control_characters_stay_well_formed():
    bad = "a\x00b\x1bc\ufffed"
    d = Diagnostic(f"F/{bad}.md", 1, 1, 1, 2, "broken-link", "MV101", Level.WARNING,
                   f'link to <{bad}> & "more"', "did you mean [[x]]?")
    root = ET.fromstring(junit.render([d], Summary(1, 0, 0, 1, paths=("F/ok.md",))).encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["F/a\\x00b\\x1bc\\ufffed.md", "F/ok.md"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == 'link to <a\\x00b\\x1bc\\ufffed> & "more"'
    assert failure.text.endswith("\n    hint: did you mean [[x]]?")
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_an_empty_vault_is_an_empty_suite(vault):
    suites = _junit(vault({".mentorvault.yaml": "language: en\n"}))
    assert suites.get("tests") == "0" and suites.findall("testsuite/testcase") == []


def _old_mtime(path: Path) -> int:
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return path.stat().st_mtime_ns


def test_output_is_written_atomically_and_only_when_it_changes(vault, tmp_path):
    root = vault(FILES)
    report = tmp_path / "reports" / "mentorvault.xml"
    assert run_cli(
        "check", str(root), "--format", "junit", "--today", TODAY, "--output", str(report)
    ) == (1, "")
    ET.fromstring(report.read_bytes())
    mtime = _old_mtime(report)
    run_cli("check", str(root), "--format", "junit", "--today", TODAY, "--output", str(report))
    assert report.stat().st_mtime_ns == mtime  # same bytes: not rewritten
    (root / "Inbox.md").write_text("[[Gone]]\n", "utf-8")
    run_cli("check", str(root), "--format", "junit", "--today", TODAY, "--output", str(report))
    assert report.stat().st_mtime_ns != mtime and b"Gone" in report.read_bytes()
    assert sorted(p.name for p in report.parent.iterdir()) == [
        "mentorvault.xml"
    ]  # no temp file left


def test_a_failed_write_leaves_the_old_report_and_exits_2(vault, tmp_path, monkeypatch):
    root = vault(FILES)
    report = tmp_path / "mentorvault.xml"
    report.write_text("old", "utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", broken_fsync)
    code, out = run_cli(
        "check", str(root), "--format", "junit", "--today", TODAY, "--output", str(report)
    )
    assert code == 2 and out.count("\n") == 1 and "No space left on device" in out
    assert report.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "vault") == ["mentorvault.xml"]


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_clean_vault_exits_zero_in_every_ci_format(vault, fmt):
    code, _ = run_cli(
        "check", str(vault({"a.md": "[[b]]", "b.md": "x"})), "--format", fmt, "--today", TODAY
    )
    assert code == 0
