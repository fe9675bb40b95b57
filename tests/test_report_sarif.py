"""``--format sarif``: valid against the official SARIF 2.1.0 schema, complete, byte-stable."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml
from conftest import TODAY, check_json, run_cli, write_vault

from mentorvault.diagnostics import Diagnostic, Level
from mentorvault.report import Summary, sarif
from mentorvault.rules import by_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_vault"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text("utf-8"))

# per-mentee folders, Cyrillic, spaces, '%', ',', ':' and '#' in names, an emoji
# (outside the BMP) before a link, a fixable property and a clean note
FILES: dict[str, str | bytes] = {
    ".mentorvault.yaml": "language: en\n",
    "Анна Смирнова/Цели/Собеседование.md": (
        "---\ntag: goal\narea: [[Карьера]]\n---\nСм. [[Нет такой]] и [[Карьера#Нет заголовка]]\n"
    ),
    "Анна Смирнова/Карьера.md": "# Карьера\n",
    "John Carter/Goals/50% plan, v2: #1.md": "😀 [[Missing]]\n[[Missing]]\n",
    "John Carter/Clean.md": "Fine: [[Карьера]]\n",
}
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~/%]*$")


def _validate(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def _values(node: Any, key: str) -> list[Any]:
    """Every value of ``key`` anywhere in a JSON document."""
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == key] + [
            x for v in node.values() for x in _values(v, key)
        ]
    if isinstance(node, list):
        return [x for v in node for x in _values(v, key)]
    return []


def _sarif(root: Path, *extra: str) -> str:
    code, out = run_cli("check", str(root), "--format", "sarif", "--today", TODAY, *extra)
    assert code in (0, 1), out
    return out


@pytest.fixture
def fixture_vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", FILES)


def test_schema_copy_is_the_official_one():
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")


def test_fixture_vault_is_valid_and_byte_identical(fixture_vault, tmp_path):
    first, second = _sarif(fixture_vault), _sarif(fixture_vault)
    assert first == second
    log = json.loads(first)
    _validate(log)
    assert len(log["runs"][0]["results"]) == len(check_json(fixture_vault))
    # nothing of the machine it ran on, nothing of the moment it ran
    assert str(tmp_path) not in first
    assert all(not urlsplit(uri).scheme for uri in _values(log, "uri"))
    assert not re.search(r"Utc|\d{4}-\d{2}-\d{2}T", first)


def test_sample_vault_is_valid_and_byte_identical():
    first, second = _sarif(SAMPLE), _sarif(SAMPLE)
    assert first == second
    log = json.loads(first)
    _validate(log)
    assert log["runs"][0]["results"], "the sample vault has deliberate mistakes"
    assert str(ROOT) not in first


def test_console_script_output_file_is_the_same_log(tmp_path):
    script = Path(sys.executable).with_name("mentorvault")
    outs = [tmp_path / "a.sarif", tmp_path / "b.sarif"]
    for out in outs:
        subprocess.run(
            [
                str(script),
                "check",
                str(SAMPLE),
                "--format",
                "sarif",
                "--today",
                TODAY,
                "--output",
                str(out),
            ],
            check=False,
            capture_output=True,
            timeout=60,
        )
    assert outs[0].read_bytes() == outs[1].read_bytes() == _sarif(SAMPLE).encode("utf-8")


def test_every_registered_rule_is_in_the_driver(fixture_vault):
    driver = json.loads(_sarif(fixture_vault))["runs"][0]["tool"]["driver"]
    rules = by_code()
    assert [r["id"] for r in driver["rules"]] == [info.name for info in rules]
    assert driver["name"] == "mentorvault" and driver["version"] and driver["informationUri"]
    for descriptor, info in zip(driver["rules"], rules):
        assert descriptor["name"] == info.code
        assert descriptor["shortDescription"]["text"] == info.summary
        assert descriptor["fullDescription"]["text"] and descriptor["help"]["markdown"]
        expected = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}[info.level]
        assert descriptor["defaultConfiguration"]["level"] == expected


def test_results_point_at_their_rules_and_spans(fixture_vault):
    run = json.loads(_sarif(fixture_vault))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    for result, d in zip(run["results"], check_json(fixture_vault), strict=True):
        assert (
            run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"]
            == result["ruleId"]
            == d["rule"]
        )
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[d["severity"]]
        )
        assert result["message"]["text"].startswith(d["message"])
        location = result["locations"][0]["physicalLocation"]
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert _URI_CHARS.match(artifact["uri"]) and not urlsplit(artifact["uri"]).scheme
        assert unquote(artifact["uri"]) == d["path"]
        region = location["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (d["line"], d["column"], d["end_line"], d["end_column"])


def test_columns_count_code_points_and_names_are_encoded(fixture_vault):
    results = json.loads(_sarif(fixture_vault))["runs"][0]["results"]
    emoji = next(r for r in results if "Missing" in r["message"]["text"])
    artifact = emoji["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "John%20Carter/Goals/50%25%20plan%2C%20v2%3A%20%231.md"
    assert emoji["locations"][0]["physicalLocation"]["region"]["startColumn"] == 3  # 😀 is one


def test_fixes_are_replacements_of_the_exact_span(fixture_vault):
    results = json.loads(_sarif(fixture_vault))["runs"][0]["results"]
    fixable = {d["rule"] for d in check_json(fixture_vault) if d["fixable"]}
    assert {"deprecated-property", "unquoted-link"} <= fixable
    deprecated = next(r for r in results if r["ruleId"] == "deprecated-property")
    [change] = deprecated["fixes"][0]["artifactChanges"]
    [replacement] = change["replacements"]
    assert replacement["deletedRegion"] == {
        "startLine": 2,
        "startColumn": 1,
        "endLine": 2,
        "endColumn": 4,
    }
    assert replacement["insertedContent"] == {"text": "tags"}
    assert all("fixes" not in r for r in results if r["ruleId"] == "broken-link")


def test_fingerprints_survive_moved_lines_and_tell_twins_apart():
    def diag(line: int, message: str = "gone") -> Diagnostic:
        return Diagnostic("a.md", line, 1, line, 5, "broken-link", "MV101", Level.ERROR, message)

    def prints(diagnostics: list[Diagnostic]) -> list[str]:
        log = json.loads(sarif.render(diagnostics, Summary(1, 0, len(diagnostics), 0)))
        return [r["partialFingerprints"]["mentorvault/v1"] for r in log["runs"][0]["results"]]

    before, after = prints([diag(3), diag(9)]), prints([diag(5), diag(12)])
    assert before == after and len(set(before)) == 2


def test_pure_render_of_an_empty_run_is_valid():
    log = json.loads(sarif.render([], Summary(0, 0, 0, 0)))
    _validate(log)
    assert log["runs"][0]["results"] == []


def test_hint_follows_the_message_and_help_comes_from_the_doc_page(monkeypatch):
    pages = {"broken-link": "# broken-link\n\n## What it does\n\nFlags links to nothing.\n"}
    monkeypatch.setattr(sarif, "doc", lambda name, language: pages.get(name, ""))
    d = Diagnostic(
        "a.md", 1, 1, 1, 3, "broken-link", "MV101", Level.ERROR, "link to X", "did you mean Y?"
    )
    run = json.loads(sarif.render([d], Summary(1, 0, 1, 0)))["runs"][0]
    assert run["results"][0]["message"]["text"] == "link to X\ndid you mean Y?"
    descriptors = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert descriptors["broken-link"]["help"] == {
        "text": pages["broken-link"],
        "markdown": pages["broken-link"],
    }
    other = next(r for name, r in descriptors.items() if name != "broken-link")
    assert other["help"]["markdown"] == other["fullDescription"]["text"]  # no page yet


def _action_rewrite_script() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    step = next(
        s
        for s in action["runs"]["steps"]
        if s.get("name") == "Place SARIF locations in the repository"
    )
    return str(step["run"]).split("<<'PY'\n", 1)[1].rsplit("PY\n", 1)[0]


def test_action_places_a_subfolder_vault_in_the_repository(fixture_vault, tmp_path):
    path = tmp_path / "out.sarif"
    path.write_text(_sarif(fixture_vault), "utf-8")
    env = {**os.environ, "SARIF_FILE": str(path), "VAULT": "./Наставничество 2026/"}
    subprocess.run(
        [sys.executable, "-c", _action_rewrite_script()], env=env, check=True, timeout=60
    )
    log = json.loads(path.read_text("utf-8"))
    _validate(log)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    paths = [unquote(u) for u in uris]
    assert paths == [f"Наставничество 2026/{d['path']}" for d in check_json(fixture_vault)]


def _apply(text: str, replacements: list[dict[str, Any]]) -> str:
    """Apply single-line SARIF replacements; columns are code points, so str indices."""
    lines = text.split("\n")
    for r in sorted(replacements, key=lambda r: -r["deletedRegion"]["startColumn"]):
        region, line = r["deletedRegion"], r["deletedRegion"]["startLine"] - 1
        start, end = region["startColumn"] - 1, region["endColumn"] - 1
        lines[line] = lines[line][:start] + r["insertedContent"]["text"] + lines[line][end:]
    return "\n".join(lines)


def test_applying_the_sarif_fixes_gives_what_fix_writes(tmp_path):
    note = "---\ntag: goal\narea: [[Карьера]]\n---\n😀 [[Карьера]]\n"
    files: dict[str, str | bytes] = {"a.md": note, "Карьера.md": "# K\n"}
    results = json.loads(_sarif(write_vault(tmp_path / "one", files)))["runs"][0]["results"]
    replacements = [rep for r in results for f in r.get("fixes", [])
                    for c in f["artifactChanges"] for rep in c["replacements"]]
    fixed = write_vault(tmp_path / "two", files)
    assert run_cli("check", str(fixed), "--fix", "--today", TODAY)[0] == 0
    assert len(replacements) == 2
    assert _apply(note, replacements) == (fixed / "a.md").read_text("utf-8")
