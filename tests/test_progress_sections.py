"""The watcher's render, which reuses what it made before, always gives ``render``'s bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import hypothesis.strategies as st
from hypothesis import given, settings
from test_progress_note import diag, goal

from mentorvault.config import Config
from mentorvault.diagnostics import Diagnostic, Level, sort_key
from mentorvault.goals import Goal
from mentorvault.progress_note import render
from mentorvault.progress_sections import Sections

TODAY = date(2026, 11, 28)
PATHS = ["a.md", "b.md", "Б/в.md", "c/d.md", "z.md", "Mentorship Progress.md"]


def fresh(goals: list[Goal], by_note: dict[str, list[Diagnostic]], config: Config, leave_out: str = "") -> str:
    shown = sorted((d for ds in by_note.values() for d in ds if d.path != leave_out), key=sort_key)
    return render(goals, shown, config, TODAY)


problems = st.lists(
    st.tuples(st.integers(1, 4), st.sampled_from(["x", "y"]), st.sampled_from(list(Level))), min_size=1, max_size=3)
states = st.dictionaries(st.sampled_from(PATHS), problems, max_size=5)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(states, st.sets(st.sampled_from(["Goals/A.md", "Goals/B.md", "Goals/C.md"]))),
                min_size=1, max_size=6))
def test_a_sequence_of_vault_states_renders_as_from_scratch(steps: list[tuple[dict[str, list[tuple[int, str, Level]]], set[str]]]) -> None:
    sections, config = Sections(), Config()
    made: dict[str, Goal] = {}
    kept: dict[str, list[Diagnostic]] = {}
    for state, goal_paths in steps:
        by_note = {}
        for path, found in state.items():
            new = sorted((diag(path, line, msg, level) for line, msg, level in found), key=sort_key)
            # an unchanged note keeps its list, as the session does
            by_note[path] = kept[path] if kept.get(path) == new else new
        kept = by_note
        goals = [made.setdefault(p, goal(p)) for p in sorted(goal_paths)]
        for path in [p for p in made if p not in goal_paths]:
            made[path] = goal(path, status="done")
        leave_out = "Mentorship Progress.md"
        assert sections.block(goals, by_note, config, TODAY, leave_out) == fresh(goals, by_note, config, leave_out)


def test_two_notes_showing_one_path_are_sorted_as_one_list() -> None:
    # undecodable file names are shown with U+FFFD: two notes may show the same path
    first = [diag("\ufffd.md", 1, "a"), diag("\ufffd.md", 3, "c")]
    second = [diag("\ufffd.md", 2, "b")]
    one, other = chr(0xDCFF) + ".md", chr(0xDCFE) + ".md"  # two names, both shown as "\ufffd.md"
    by_note = {"a.md": [diag("a.md", 1, "x")], one: first, other: second}
    sections = Sections()
    assert sections.block([], by_note, Config(), TODAY) == fresh([], by_note, Config())
    del by_note[other]
    assert sections.block([], by_note, Config(), TODAY) == fresh([], by_note, Config())


def test_a_changed_goal_day_or_language_is_rendered_again() -> None:
    sections, by_note = Sections(), {"a.md": [diag("a.md", 1, "x", Level.WARNING)]}
    goals = [goal("Goals/A.md"), goal("Goals/B.md", mentee="Anna")]
    assert sections.block(goals, by_note, Config(), TODAY) == fresh(goals, by_note, Config())
    goals[1] = replace(goals[1], status="done")
    assert sections.block(goals, by_note, Config(), TODAY) == fresh(goals, by_note, Config())
    later = date(2027, 2, 1)
    assert sections.block(goals, by_note, Config(), later) == render(goals, by_note["a.md"], Config(), later)
    russian = Config(language="ru")
    assert sections.block(goals, by_note, russian, TODAY) == fresh(goals, by_note, russian)
    assert sections.block(goals, {}, russian, TODAY) == fresh(goals, {}, russian)


def test_many_notes_come_and_go_at_once_and_a_few_at_a_time() -> None:
    sections, config = Sections(), Config()
    by_note = {f"n{i:03}.md": [diag(f"n{i:03}.md", 1, "x")] for i in range(0, 200, 2)}
    for step in range(6):
        if step == 1:
            by_note.update({f"n{i:03}.md": [diag(f"n{i:03}.md", 2, "y")] for i in range(1, 200, 2)})  # 100 come
        elif step == 2:
            for i in (0, 51, 199):
                del by_note[f"n{i:03}.md"]
            by_note["m.md"] = [diag("m.md", 1, "z")]
        elif step == 3:
            by_note = {p: ds for p, ds in by_note.items() if p < "n100.md"}  # half go
        elif step == 4:
            by_note["n050.md"] = [diag("n050.md", 3, "changed", Level.INFO)]
        elif step == 5:
            by_note = {}
        assert sections.block([], by_note, config, TODAY) == fresh([], by_note, config)
