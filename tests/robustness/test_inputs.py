"""Every bad input through the real console script: exit 0 or 1, the right diagnostic, bounded cost.

The small inputs share one vault and one run; the big ones have a vault each.
Bounds are generous and machine-independent (runner.WALL_LIMIT, RSS_LIMIT_MB):
they catch a hang or a blow-up, not a slow machine.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from . import inputs, runner
from .inputs import SMALL, Input


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[runner.Run, Path]:
    tmp = tmp_path_factory.mktemp("inputs")
    root, outside = tmp / "vault", tmp / "outside"
    root.mkdir()
    outside.mkdir()
    deny = []
    for case in SMALL:
        case.build(root / case.name, outside)
        deny += [f"{os.sep}{case.name}{os.sep}{d}" for d in case.deny]
    return runner.check(root, tmp, MV_TEST_DENY=os.pathsep.join(deny)), tmp


def _in_folder(run: runner.Run, case: Input) -> list[dict[str, Any]]:
    prefix = case.name + "/"
    return [d for d in run.diagnostics() if d["path"].startswith(prefix)]


def test_there_are_at_least_thirty_inputs() -> None:
    assert len(SMALL) + len(BIG) >= 30
    assert len({c.name for c in SMALL}) == len(SMALL)


def test_the_reliability_page_lists_every_input() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "reliability.md").read_text("utf-8")
    missing = [c.name for c in SMALL if f"| `{c.name}` |" not in page]
    assert missing == []


def test_one_run_over_every_small_input_is_sound(small_run: tuple[runner.Run, Path]) -> None:
    run, tmp = small_run
    run.assert_sound()
    assert run.code == 1
    assert not (tmp / "PWNED").exists()  # !!python/object/apply:os.system was not run


def _params() -> list[Any]:
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.bug)] if c.bug else [])
            for c in SMALL]


@pytest.mark.parametrize("case", _params())
def test_input(small_run: tuple[runner.Run, Path], case: Input) -> None:
    run, _ = small_run
    run.assert_sound()
    got = _in_folder(run, case)
    shown = [(d["path"], d["rule"], d["line"]) for d in got]
    for path, rule, line in case.expect:
        full = f"{case.name}/{path}"
        assert any(p == full and r == rule and (line is None or n == line) for p, r, n in shown), shown
    if case.exact:
        wanted = Counter((f"{case.name}/{p}", r) for p, r, _ in case.expect)
        assert Counter((p, r) for p, r, _ in shown) == wanted, shown


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "sarif"])
def test_every_format_over_every_small_input(small_run: tuple[runner.Run, Path], fmt: str) -> None:
    """The same vault in the other formats: exit 1, parseable, as many problems as in JSON."""
    run, tmp = small_run
    other = runner.run(["check", str(tmp / "vault"), "--format", fmt, "--today", runner.TODAY], tmp)
    other.assert_sound()
    assert other.code == 1
    count = len(run.diagnostics())
    if fmt == "text":
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", other.stdout)
        assert len([ln for ln in other.stdout.split("\n") if re.search(r":\d+:\d+: (error|warning|info) ", ln)]) == count
    elif fmt == "github":
        assert len([ln for ln in re.split(r"\r\n|\r|\n", other.stdout) if ln.startswith("::")]) == count
    elif fmt == "junit":
        assert len(ET.fromstring(other.stdout.encode("utf-8")).findall(".//failure")) == count
    else:
        assert len(json.loads(other.stdout)["runs"][0]["results"]) == count


def test_a_list_as_a_property_name_is_one_diagnostic(small_run: tuple[runner.Run, Path]) -> None:
    run, _ = small_run
    [case] = [c for c in SMALL if c.name == "yaml-key-not-text"]
    on_line_2 = [d for d in _in_folder(run, case) if d["line"] == 2]
    assert len(on_line_2) == 1, on_line_2


# Big inputs: a vault each.

def test_a_50_mb_note_is_reported_not_parsed(tmp_path: Path) -> None:
    inputs.big_note(tmp_path / "v")
    run = runner.check(tmp_path / "v", tmp_path)
    run.assert_sound(rss_mb=200)  # never read whole: the size is known before reading
    assert [(d["rule"], d["line"]) for d in run.diagnostics()] == [("note-too-large", 1)]


def test_a_100_000_line_note(tmp_path: Path) -> None:
    last = inputs.many_lines(tmp_path / "v")
    run = runner.check(tmp_path / "v", tmp_path)
    run.assert_sound()
    assert [(d["rule"], d["line"], d["column"]) for d in run.diagnostics()] == [("broken-link", last, 1)]


def test_a_2_mb_single_line(tmp_path: Path) -> None:
    column = inputs.long_line(tmp_path / "v")
    run = runner.check(tmp_path / "v", tmp_path)
    run.assert_sound()
    assert [(d["rule"], d["line"], d["column"]) for d in run.diagnostics()] == [("broken-link", 1, column)]


def test_100_000_links_in_one_note(tmp_path: Path) -> None:
    line, column = inputs.many_links(tmp_path / "v")
    run = runner.check(tmp_path / "v", tmp_path)
    run.assert_sound()
    assert [(d["rule"], d["line"], d["column"]) for d in run.diagnostics()] == [("broken-link", line, column)]


def test_unclosed_brackets_take_linear_time(tmp_path: Path) -> None:
    """A search for ``]]`` from every ``[[`` took minutes here before it was made linear."""
    root = tmp_path / "v"
    root.mkdir()
    (root / "brackets.md").write_text("[" * 60_000 + "\n\n" + "[[" * 30_000 + "\n\n" + "![[" * 20_000
                                      + "\n\n" + "[[x\n" * 10_000 + "\n[[Gone]]\n")
    run = runner.check(root, tmp_path)
    run.assert_sound()
    assert [(d["rule"], d["line"]) for d in run.diagnostics()] == [("broken-link", 10_008)]


BIG = ("50 MB note", "100,000 lines", "2 MB line", "100,000 links", "200,000 unclosed brackets")
