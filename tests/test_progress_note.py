"""The progress note's block: what it says (render) and where it goes in the note (merge)."""

from __future__ import annotations

from datetime import date
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from mentorvault.config import Config
from mentorvault.diagnostics import Diagnostic, Level
from mentorvault.goals import Goal
from mentorvault.progress_labels import plural
from mentorvault.progress_note import (
    BEGIN,
    END,
    LINTER_OFF,
    LINTER_ON,
    ProgressNoteError,
    _find_block,
    _one_block,
    find_block,
    layout,
    merge,
    new_note,
    render,
)
from mentorvault.progress_render import bar

TODAY = date(2026, 11, 28)
SMART = {"S": True, "M": True, "A": True, "R": True, "T": True}


def goal(path: str = "Goals/A.md", **values: Any) -> Goal:
    fields: dict[str, Any] = {
        "title": path.rsplit("/", 1)[-1][:-3], "category": "career", "horizon": "short", "status": "active",
        "start": date(2026, 11, 1), "due": date(2027, 1, 31), "metric": None, "target": None,
        "current": None, "mentor": None, "mentee": None, "area": None, "resources": (),
        "progress": None, "last_checkin": None, "smart": SMART,
    }
    fields.update(values)
    return Goal(path=path, **fields)


def diag(path: str, line: int, message: str, level: Level = Level.ERROR, hint: str = "",
         rule: str = "broken-link") -> Diagnostic:
    return Diagnostic(path, line, 1, line, 2, rule, "MV101", level, message, hint)


def block_lines(goals: list[Goal], diagnostics: list[Diagnostic] | None = None, **config: Any) -> list[str]:
    return render(goals, diagnostics or [], Config(**config), TODAY).split("\n")


# --- render -----------------------------------------------------------------------------------


def test_block_is_wrapped_in_markers_and_linter_comments():
    lines = block_lines([goal()])
    assert lines[:3] == [LINTER_OFF, BEGIN, ""]
    assert lines[-4:] == ["", END, LINTER_ON, ""]


def test_sections_can_be_switched_off():
    text = "\n".join(block_lines([goal()], sections={"summary": False, "tables": True, "timeline": False,
                                                     "problems": False}))
    assert "## Goals" in text
    assert "## Summary" not in text and "## Timeline" not in text and "## Problems" not in text
    off = {"summary": False, "tables": False, "timeline": False, "problems": False}
    assert block_lines([goal()], sections=off) == [LINTER_OFF, BEGIN, END, LINTER_ON, ""]


def test_summary_counts_statuses_overdue_stale_and_mean_progress():
    goals = [
        goal("G/a.md", status="active", due=date(2026, 11, 1), progress=0.5),  # overdue, stale since start
        goal("G/b.md", status="done", progress=1.0),
        goal("G/c.md", status="dropped", progress=0.0),  # left out of the mean
        goal("G/d.md", status="paused", due=date(2026, 1, 1)),  # past due, but paused: not overdue
    ]
    text = "\n".join(block_lines(goals, [diag("G/a.md", 3, "x", Level.WARNING)]))
    assert "| Active | 1 |\n| Paused | 1 |\n| Done | 1 |\n| Dropped | 1 |\n| **Total** | **4** |" in text
    assert "- Overdue: **1**" in text
    assert "- No check-in for more than 30 days: **0**" in text  # started 2026-11-01: 27 days
    assert "- Mean progress: ▓▓▓▓▓▓▓░░░ 75% (over 2 goals with a measure, dropped ones aside)" in text
    assert "- Problems: 0 errors, 1 warning, 0 notices" in text


def test_stale_counts_from_the_last_past_checkin_else_from_start():
    stale = goal("G/a.md", start=date(2026, 9, 1), checkins=(date(2026, 10, 1), date(2026, 12, 20)))
    fresh = goal("G/b.md", start=date(2026, 9, 1), checkins=(date(2026, 11, 20),))
    text = "\n".join(block_lines([stale, fresh]))
    assert "- No check-in for more than 30 days: **1**" in text
    assert "| 2026-10-01 💤 |" in text  # the planned 2026-12-20 check-in is not the last one held
    assert "| 2026-11-20 |" in text


def test_table_row_shows_every_column():
    g = goal("Goals/Interview.md", title="Pass the interview", progress=1 / 3,
             checkins=(date(2026, 11, 20),), smart={**SMART, "A": False})
    row = next(line for line in block_lines([g]) if line.startswith("| [[Goals/Interview"))
    assert row == ("| [[Goals/Interview\\|Pass the interview]] | Career planning | Active | ▓▓▓░░░░░░░ 33% "
                   "| 2027-01-31 | 64 days | 2026-11-20 | SM·RT |")


@pytest.mark.parametrize(("status", "due", "cell"), [
    ("active", date(2026, 11, 29), "1 day"),
    ("active", date(2026, 11, 28), "due today"),
    ("planned", date(2026, 11, 25), "⚠️ 3 days overdue"),
    ("paused", date(2026, 11, 25), "3 days overdue"),
    ("done", date(2026, 11, 25), "—"),
    ("active", None, "—"),
])
def test_time_left(status, due, cell):
    row = next(line for line in block_lines([goal(status=status, due=due)]) if line.startswith("| [["))
    assert row.split(" | ")[5] == cell


def test_russian_labels_and_plurals():
    g = goal(status="planned", due=date(2026, 11, 7), title="Цель")
    text = "\n".join(block_lines([g], language="ru"))
    assert "## Сводка" in text and "## Цели" in text and "## Сроки" in text and "## Проблемы" in text
    assert "| Цель | Категория | Статус | Прогресс | Срок | Осталось | Последний чек-ин | SMART |" in text
    assert "⚠️ просрочено на 21 день" in text
    assert "Проблем не найдено." in text
    assert [plural("progress-days", n, "ru") for n in (1, 2, 5, 11, 12, 21, 22, 25, 111)] == [
        "1 день", "2 дня", "5 дней", "11 дней", "12 дней", "21 день", "22 дня", "25 дней", "111 дней"]


def test_progress_bar():
    assert bar(None) == "—"
    assert bar(0.0) == "░░░░░░░░░░ 0%"
    assert bar(0.3) == "▓▓▓░░░░░░░ 30%"
    assert bar(0.95) == "▓▓▓▓▓▓▓▓▓░ 95%"  # a cell is filled only when earned
    assert bar(1.0) == "▓▓▓▓▓▓▓▓▓▓ 100%"
    assert bar(float("nan")) == "—"


def test_groups_by_mentee_then_horizon():
    goals = [
        goal("G/a.md", mentee="Анна", mentee_note="People/Анна.md", horizon="long"),
        goal("G/b.md", mentee="анна", mentee_note="People/Анна.md", horizon="short"),
        goal("G/c.md", mentee="Борис", horizon=None),
        goal("G/d.md"),
    ]
    headings = [line for line in block_lines(goals) if line.startswith("###")]
    assert headings == [
        "### [[People/Анна|Анна]]", "#### Short term (1–3 months)", "#### Long term (12+ months)",
        "### Борис", "#### No horizon",
        "### No mentee named", "#### Short term (1–3 months)",
    ]
    flat = [line for line in block_lines(goals, group_by_mentee=False) if line.startswith("###")]
    assert flat == ["### Short term (1–3 months)", "### Long term (12+ months)", "### No horizon"]


def test_rows_sorted_by_due_then_title():
    goals = [goal("G/z.md", title="b", due=date(2027, 1, 1)), goal("G/y.md", title="a", due=None),
             goal("G/x.md", title="c", due=date(2026, 12, 1))]
    rows = [line.split(" | ")[0] for line in block_lines(goals) if line.startswith("| [[")]
    assert rows == ["| [[G/x\\|c]]", "| [[G/z\\|b]]", "| [[G/y\\|a]]"]


def test_render_is_deterministic_whatever_the_input_order():
    goals = [goal(f"G/{n}.md", title=t) for n, t in (("a", "same"), ("b", "same"), ("c", "other"))]
    diagnostics = [diag("G/b.md", 2, "x"), diag("G/a.md", 9, "y"), diag("G/a.md", 3, "z")]
    once = render(goals, diagnostics, Config(), TODAY)
    assert render(goals[::-1], diagnostics[::-1], Config(), TODAY) == once


def test_problems_grouped_by_note_with_line_numbers_and_hints():
    diagnostics = [
        diag("Notes/Встреча.md", 12, "link to 'X': no such note", hint="did you mean [[Карьера]]?"),
        diag("Goals/A.md", 3, "due passed", Level.WARNING, rule="goal-overdue"),
        diag("Notes/Встреча.md", 2, "another", Level.INFO, rule="ambiguous-link"),
    ]
    lines = block_lines([], diagnostics)
    start = lines.index("## Problems")
    assert lines[start + 2 : start + 5] == [
        "- [[Goals/A|A]] line 3: due passed (warning, goal-overdue)",
        "- [[Notes/Встреча|Встреча]] line 2: another (info, ambiguous-link)",
        ("- [[Notes/Встреча|Встреча]] line 12: link to 'X': no such note — did you mean [[Карьера]]? "
        "(error, broken-link)"),
    ]


def test_empty_vault_says_so():
    text = "\n".join(block_lines([]))
    assert "No goal notes yet: a goal note has the property type: goal." in text
    assert "No goal has both a start and a due date yet." in text
    assert "No problems found." in text
    assert "Mean progress: —" in text


def test_timeline_sections_tags_and_left_out_goals():
    goals = [
        goal("G/a.md", title="Done one", category="networking", status="done"),
        goal("G/b.md", title="Late one", category="career", status="active", due=date(2026, 11, 20),
             start=date(2026, 10, 1)),
        goal("G/c.md", title="Later", category="career", status="planned"),
        goal("G/d.md", title="Dropped", status="dropped"),
        goal("G/e.md", title="Backwards", start=date(2027, 1, 1), due=date(2026, 1, 1)),
        goal("G/f.md", title="No start", start=None),
        goal("G/g.md", title="Own kind", category="reading"),
    ]
    lines = block_lines(goals)
    chart = lines[lines.index("```mermaid") : lines.index("```", lines.index("```mermaid"))]
    assert chart == [
        "```mermaid", "gantt", "    dateFormat YYYY-MM-DD",
        "    section Career planning",
        "    Late one :active, crit, 2026-10-01, 2026-11-20",
        "    Later :2026-11-01, 2027-01-31",
        "    section Networking",
        "    Done one :done, 2026-11-01, 2027-01-31",
        "    section reading",
        "    Own kind :active, 2026-11-01, 2027-01-31",
    ]


# --- merge ------------------------------------------------------------------------------------

BLOCK = f"{LINTER_OFF}\n{BEGIN}\n\nnew\n\n{END}\n{LINTER_ON}\n"


def test_first_run_creates_generated_frontmatter_and_intro():
    created = merge(None, BLOCK, "en").decode()
    assert created.startswith("---\nmentorvault: generated\ntags:\n  - mentorvault/progress\n---\nGenerated by")
    assert created.endswith("\n\n" + BLOCK)
    assert merge(None, BLOCK, "ru").decode().split("\n")[5].startswith("Создано mentorvault")
    assert merge(b"", BLOCK, "en") == created.encode()  # an empty note Obsidian made from a link


def test_text_before_and_after_is_kept_byte_for_byte():
    before, after = "---\nmine: yes\n---\n# My notes\n\nabove  \n", "\nbelow\n\n%% my comment %%\n"
    old = f"{before}{LINTER_OFF}\n{BEGIN}\nold\n{END}\n{LINTER_ON}\n{after}"
    assert merge(old.encode(), BLOCK, "en").decode() == before + BLOCK + after


def test_bom_and_crlf_are_kept_and_the_block_follows_crlf():
    old = b"\xef\xbb\xbfabove\r\n" + f"{BEGIN}\r\nold\r\n{END}\r\n".encode() + "ниже\r\n".encode()
    new = merge(old, BLOCK, "en")
    assert new == b"\xef\xbb\xbfabove\r\n" + BLOCK.replace("\n", "\r\n").encode() + "ниже\r\n".encode()
    assert merge(new, BLOCK, "en") == new


def test_markers_without_linter_comments_get_them_and_lone_linter_comments_are_not_ours():
    old = f"{LINTER_OFF}\nkeep\n{BEGIN}\nold\n{END}\n"
    assert merge(old.encode(), BLOCK, "en").decode() == f"{LINTER_OFF}\nkeep\n{BLOCK}"


def test_note_without_a_block_gets_it_appended_after_a_blank_line():
    assert merge(b"# Mine", BLOCK, "en") == b"# Mine\n\n" + BLOCK.encode()
    assert merge(b"# Mine\n", BLOCK, "en") == b"# Mine\n\n" + BLOCK.encode()
    assert merge(b"# Mine\n\n", BLOCK, "en") == b"# Mine\n\n" + BLOCK.encode()
    assert merge(b"# Mine\r\n", BLOCK, "en") == b"# Mine\r\n\r\n" + BLOCK.replace("\n", "\r\n").encode()


def test_markers_may_carry_surrounding_spaces():
    old = f"  {BEGIN} \nold\n\t{END}\n"
    assert merge(old.encode(), BLOCK, "en").decode() == BLOCK


@pytest.mark.parametrize(("text", "line", "problem"), [
    (f"a\n{BEGIN}\nx\n", 2, "a '%% mentorvault:begin %%' marker without its pair"),
    (f"{END}\nx\n", 1, "a '%% mentorvault:end %%' marker without its pair"),
    (f"{END}\n{BEGIN}\n", 1, "a '%% mentorvault:end %%' marker without its pair"),
    (f"{BEGIN}\n{END}\n{BEGIN}\n{END}\n", 3, "a second '%% mentorvault:begin %%' marker"),
])
def test_broken_markers_are_refused_with_the_line(text, line, problem):
    with pytest.raises(ProgressNoteError) as err:
        merge(text.encode(), BLOCK, "en", "P.md")
    assert str(err.value).startswith(f"P.md: line {line}: {problem}; keep one")


def test_a_note_that_is_not_utf8_is_refused():
    with pytest.raises(ProgressNoteError, match="not UTF-8"):
        merge(b"\xff\xfe\x00x", BLOCK, "en", "P.md")


def test_generated_text_never_forms_a_marker_line():
    nasty = f"{END}\n{LINTER_ON}\n%% mentorvault:begin %%"
    g = goal(title=nasty, category=nasty, mentee=nasty)
    block = render([g], [diag("x.md", 1, nasty, hint=nasty)], Config(), TODAY)
    found = find_block(block)
    assert found == (0, len(block))
    assert new_note(block, "en").count(BEGIN) == 1


def test_config_language_is_used_in_merge_messages():
    with pytest.raises(ProgressNoteError, match="строка 1"):
        merge(f"{END}\n".encode(), BLOCK, "ru", "P.md")


_PIECES = [BEGIN, END, LINTER_OFF, LINTER_ON, f"  {BEGIN}\t", f"x {END}", "", "text", " ", "\x0c", "%% mentorvault"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["\n", "\r\n", "\r", ""])), max_size=8))
def test_the_quick_search_finds_the_block_the_line_by_line_one_finds(lines: list[tuple[str, str]]) -> None:
    text = "".join(a + b for a, b in lines)
    quick = _one_block(text)
    try:
        slow = _find_block(text, "en", "P.md")
    except ProgressNoteError:
        assert quick is None
        return
    assert quick is None or quick == slow
    if quick is None and slow is not None:  # what the quick search leaves: only the unusual notes
        assert text.count(BEGIN) != 1 or text.count(END) != 1


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_block_in_pieces_merges_as_the_block_whole(newline: str) -> None:
    note = f"intro{newline}{newline}{BLOCK.replace(chr(10), newline)}outro{newline}".encode()
    place = layout(note, "en")
    new = render([goal()], [diag("x.md", 1, "m")], Config(), TODAY).encode()
    assert place.merged([new[:10], new[10:]]) == place.merged(new) == merge(note, new.decode(), "en")
    if newline == "\n":
        assert place.then() == layout(place.merged(new), "en")
    else:
        assert place.then() is None
