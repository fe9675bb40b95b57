"""``--format github``: workflow commands escaped as the Actions toolkit escapes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, check_json, run_cli, write_vault

from mentorvault.diagnostics import Diagnostic, Level
from mentorvault.report import Summary, github, text

NASTY = "John Carter/50% plan, v2: #1.md"
FORGED = "evil\n::error file=x.md::forged.md"  # a newline in a file name: Linux allows it


def _unescape(value: str, tokens: tuple[str, ...]) -> str:
    # the runner's order: every escape but %25 first, then %25
    for token in tokens:
        value = value.replace(f"%{ord(token):02X}", token)
    return value.replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read one workflow command the way the Actions runner does."""
    assert line.startswith("::"), line
    head, _, data = line[2:].partition("::")
    name, _, props = head.partition(" ")
    fields = dict(pair.split("=", 1) for pair in props.split(",")) if props else {}
    unescaped = {k: _unescape(v, ("\r", "\n", ":", ",")) for k, v in fields.items()}
    return name, unescaped, _unescape(data, ("\r", "\n"))


def diag(
    path: str = "a.md",
    line: int = 1,
    end: tuple[int, int] = (1, 4),
    level: Level = Level.ERROR,
    message: str = "m",
    hint: str = "",
) -> Diagnostic:
    return Diagnostic(path, line, 2, end[0], end[1], "broken-link", "MV101", level, message, hint)


def test_escaping_matches_the_actions_toolkit():
    raw = "100% done\r\nnext: a, b"
    assert github.escape_data(raw) == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property(raw) == "100%25 done%0D%0Anext%3A a%2C b"
    assert github.escape_data("%0A") == "%250A"  # an escape in the text stays text


def test_annotation_escapes_path_title_message_and_hint():
    d = Diagnostic(NASTY, 3, 5, 3, 12, "broken-link", "MV101", Level.ERROR,
                   "link to 'a:b, c' is 100% broken", "did you mean [[a,b]]?\r\nor [[c]]")
    assert github.annotation(d) == (
        "::error file=John Carter/50%25 plan%2C v2%3A #1.md,line=3,col=5,endLine=3,endColumn=12,"
        "title=broken-link (MV101)::link to 'a:b, c' is 100%25 broken"
        "%0Adid you mean [[a,b]]?%0D%0Aor [[c]]"
    )
    name, props, message = parse(github.annotation(d))
    assert (name, props["file"], props["title"]) == ("error", NASTY, "broken-link (MV101)")
    assert message == f"{d.message}\n{d.hint}"


def test_levels_multi_line_spans_and_the_vault_folder():
    assert github.annotation(diag(level=Level.WARNING)).startswith("::warning ")
    assert github.annotation(diag(level=Level.INFO)).startswith("::notice ")
    # the runner rejects col/endColumn on an annotation over several lines
    assert github.annotation(diag(line=2, end=(4, 3))) == (
        "::error file=a.md,line=2,endLine=4,title=broken-link (MV101)::m"
    )
    assert github.annotation(diag(end=(1, 1))).count("col=2,endLine=1,endColumn=2,") == 1
    assert "file=notes/Анна/a.md," in github.annotation(diag(), root="notes/Анна")


def test_render_ends_with_the_plain_summary():
    summary = Summary(notes=2, goals=0, errors=1, warnings=0, language="ru")
    out = github.render([diag()], summary).splitlines()
    assert out[0].startswith("::error ")
    assert (
        out[-1]
        == text.render([], summary).strip()
        == "заметок: 2, целей: 0; ошибок: 1, предупреждений: 0, замечаний: 0"
    )
    assert github.render([], summary).count("\n") == 1


def _nasty_vault(root: Path) -> Path:
    return write_vault(
        root,
        {
            NASTY: "[[Gone: a, b]]\n",
            FORGED: "[[Also gone]]\n",
            "Анна Смирнова/Цель.md": "---\nalias: x\n---\n[[Карьера]] [[Нет]]\n",
        },
    )


def test_cli_annotations_cannot_be_forged_and_name_repository_paths(tmp_path, monkeypatch):
    _nasty_vault(tmp_path / "vault")
    monkeypatch.chdir(tmp_path)
    expected = check_json(Path("vault"))
    code, out = run_cli("check", "vault", "--format", "github", "--today", TODAY)
    assert code == 1
    *commands, summary = out.splitlines()
    assert len(commands) == len(expected) and not summary.startswith("::")
    for line, d in zip(commands, expected, strict=True):
        name, props, message = parse(line)
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[d["severity"]]
        assert props["file"] == f"vault/{d['path']}"  # the runner wants repository paths
        assert (props["line"], props["title"]) == (str(d["line"]), f"{d['rule']} ({d['code']})")
        assert message == d["message"] + (f"\n{d['hint']}" if d["hint"] else "")
    assert any(FORGED in parse(line)[1]["file"] for line in commands)


def test_cli_inside_the_vault_and_the_pre_commit_form(tmp_path, monkeypatch):
    root = _nasty_vault(tmp_path / "vault")
    monkeypatch.chdir(root)
    _, whole = run_cli("check", ".", "--format", "github", "--today", TODAY)
    assert "file=John Carter/50%25 plan%2C v2%3A #1.md," in whole
    _, one = run_cli("check", NASTY, "--format", "github", "--today", TODAY)
    assert [parse(line)[1]["file"] for line in one.splitlines()[:-1]] == [NASTY]


@pytest.mark.parametrize(("env", "expected"), [("true", "::error "), ("false", "a.md:1:1: error")])
def test_github_actions_selects_the_format(vault, env, expected):
    root = vault({"a.md": "[[Gone]]\n"})
    code, out = run_cli("check", str(root), "--today", TODAY, env={"GITHUB_ACTIONS": env})
    assert code == 1 and out.startswith(expected)
    _, explicit = run_cli(
        "check", str(root), "--today", TODAY, "--format", "json", env={"GITHUB_ACTIONS": "true"}
    )
    assert explicit.startswith("{")
