"""MV301-MV307: horizon, deadlines, check-ins, load, invalid values and task dates.

Goal notes come from ``test_goals_model``: properties one per line from line 2
(type, title, category, horizon, status, start, due, metric, mentor, mentee,
area, tags), the body from line 15. Today is 2026-11-28 unless a test says so.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import check_json, lines, run_cli
from test_goals_model import PEOPLE, en, ru

from mentorvault import config as config_mod
from mentorvault import engine
from mentorvault import vault as vault_mod

PLAN_RU = "## Критерии успеха\n- [ ] Оффер\n## План\n"  # a plan item goes on line 18
PLAN_EN = "## Success criteria\n- [ ] Talk accepted\n## Plan\n"


def rules(root: Path, *names: str, today: str = "2026-11-28") -> list[str]:
    return [x for x in lines(root, "--today", today) if x.split()[-1] in names]


def fixes(root: Path) -> list[tuple[int, int, int, str, str]]:
    config = config_mod.load(root)
    found = engine.run(vault_mod.load(root, config), config, date(2026, 11, 28))
    return [(d.line, d.fix.span.column, d.fix.span.end_column, d.fix.old, d.fix.new) for d in found if d.fix]


# horizon-mismatch


def test_horizon_mismatch_at_the_horizon_line(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(due="2027-06-30"),  # short, 241 days
        "b.md": en(horizon="long"),  # 181 days
        "c.md": ru(horizon="medium", start="2026-11-01", due="2026-12-01"),  # 30 days
    })
    assert rules(root, "horizon-mismatch") == ["a.md:5:1 horizon-mismatch", "b.md:5:1 horizon-mismatch",
                                              "c.md:5:1 horizon-mismatch"]
    messages = {d["path"]: d["message"] for d in check_json(root) if d["rule"] == "horizon-mismatch"}
    assert messages["a.md"] == (
        "horizon short is at most 100 days, but start to due is 241 days: write horizon: medium or change the dates")


def test_horizon_bounds_are_inclusive_and_need_both_dates(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(due="2027-02-09"),  # exactly 100 days: still short
        "b.md": ru(due="2027-02-10"),
        "c.md": ru(start=None, due="2027-06-30"),
        "d.md": en(),  # medium, 181 days
    })
    assert rules(root, "horizon-mismatch") == ["b.md:5:1 horizon-mismatch"]


def test_horizons_are_configurable(vault):
    root = vault({**PEOPLE, ".mentorvault.yaml": "horizons:\n  short: {max: 60}\n", "a.md": ru()})
    assert rules(root, "horizon-mismatch") == ["a.md:5:1 horizon-mismatch"]


# goal-overdue


def test_overdue_when_planned_or_active_and_due_has_passed(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(due="2026-11-27"),
        "b.md": en(status="planned", due="2026-11-01"),
        "c.md": ru(due="2026-11-28"),  # due today is not late yet
        "d.md": ru(status="done", due="2026-11-01"),
        "e.md": en(status="dropped", due="2026-11-01"),
        "f.md": ru(status="paused", due="2026-11-01"),
    })
    assert rules(root, "goal-overdue") == ["a.md:8:1 goal-overdue", "b.md:8:1 goal-overdue"]


def test_overdue_message_in_russian(vault):
    root = vault({**PEOPLE, ".mentorvault.yaml": "language: ru\n", "a.md": ru(due="2026-11-18")})
    [d] = check_json(root, "--select", "goal-overdue")
    assert d["message"] == (
        "срок 2026-11-18 прошёл 10 дн. назад, а цель всё ещё в статусе active: напишите status: done,"
        " согласуйте с ментором новый срок или напишите status: dropped"
    )


# goal-stale


def test_stale_at_the_checkins_heading_after_review_days(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(RU_STALE := "## Чек-ины\n- 2026-10-20: обсудили резюме\n## План\n- [ ] Шаг\n"),
        "b.md": ru("## Чек-ины\n- 2026-10-29: ровно 30 дней назад\n## План\n- [ ] Шаг\n"),
        "c.md": en("## Plan\n- [ ] Step\n", start="2026-10-01", due="2027-01-31", horizon="medium"),
        "d.md": ru(RU_STALE, status="paused"),
    })
    assert rules(root, "goal-stale") == ["a.md:15:1 goal-stale", "c.md:6:1 goal-stale"]
    messages = {d["path"]: d["message"] for d in check_json(root) if d["rule"] == "goal-stale"}
    assert messages["c.md"] == (
        "no check-in since the start on 2026-10-01, 58 days ago (review every 30 days):"
        " add '- 2026-11-28: ...' under 'Check-ins' or a check-in note"
    )


def test_a_checkin_note_keeps_a_goal_from_going_stale(vault):
    body = "## Чек-ины\n- 2026-10-01: старт\n## План\n- [ ] Шаг\n"
    root = vault({
        **PEOPLE,
        "Цели/Собеседование.md": ru(body),
        "Цели/Портфолио.md": ru(body),
        "Чек-ины/2026-11-15.md": '---\ntype: check-in\ngoal: "[[Собеседование]]"\ndate: 2026-11-15\n---\n',
        "Чек-ины/План на декабрь.md": '---\ntype: check-in\ngoal: "[[Портфолио]]"\ndate: 2026-12-10\n---\n',
    })
    # a check-in dated after today is planned, not held
    assert rules(root, "goal-stale") == ["Цели/Портфолио.md:15:1 goal-stale"]


def test_review_days_is_configurable(vault):
    body = "## Чек-ины\n- 2026-10-20: обсудили резюме\n## План\n- [ ] Шаг\n"
    root = vault({**PEOPLE, ".mentorvault.yaml": "review_days: 45\n", "a.md": ru(body)})
    assert rules(root, "goal-stale") == []


# too-many-active-goals


def test_active_goals_beyond_the_limit_of_one_mentee(vault):
    anna = {f"Цели/{n}.md": ru(start=f"2026-11-0{n}") for n in range(1, 7)}
    john = {f"Goals/{n}.md": en(start=f"2026-10-0{n}") for n in range(1, 6)}
    root = vault({**PEOPLE, **anna, **john, "Цели/7.md": ru(status="paused")})
    assert rules(root, "too-many-active-goals") == ["Цели/6.md:6:1 too-many-active-goals"]
    [d] = check_json(root, "--select", "too-many-active-goals")
    assert d["message"] == (
        "Анна Смирнова has 6 active goals, over the limit of 5: finish, pause (status: paused)"
        " or drop one before taking this one on"
    )


def test_max_active_goals_is_configurable_and_links_name_one_mentee(vault):
    root = vault({
        **PEOPLE,
        ".mentorvault.yaml": "max_active_goals: 1\nlanguage: ru\n",
        "a.md": ru(start="2026-11-02"),
        "b.md": ru(start="2026-11-01", mentee='"[[анна смирнова|Аня]]"'),
        "c.md": en(),
        "d.md": en(start="2026-09-01"),  # John's older goal stays, the newer one is over the limit
    })
    assert rules(root, "too-many-active-goals") == ["a.md:6:1 too-many-active-goals", "c.md:6:1 too-many-active-goals"]
    d = check_json(root, "--select", "too-many-active-goals")[0]
    assert str(d["message"]).startswith("Анна Смирнова: активных целей 2, а предел — 1:")


# goal-invalid-value


def test_invalid_values_at_their_key_lines(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(status="someday", horizon="[short]", target="five", due="2027-02-30"),
        "b.md": en(start="2026-13-01", category="1", target="0", current="-1"),
    })
    assert rules(root, "goal-invalid-value") == [
        "a.md:5:1 goal-invalid-value", "a.md:6:1 goal-invalid-value", "a.md:8:1 goal-invalid-value",
        "a.md:14:1 goal-invalid-value",
        "b.md:4:1 goal-invalid-value", "b.md:7:1 goal-invalid-value", "b.md:14:1 goal-invalid-value",
        "b.md:15:1 goal-invalid-value",
    ]


def test_mechanical_fixes_cover_exactly_the_value(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(category="Карьера", horizon="Краткосрочная", status="Active", start="2026/11/01",
                   due='"31.01.2027"'),
        "b.md": en(status="'in progress'", due="2027-3-31"),
    })
    assert fixes(root) == [
        (4, 11, 18, "Карьера", "career"),
        (5, 10, 23, "Краткосрочная", "short"),
        (6, 9, 15, "Active", "active"),
        (7, 8, 18, "2026/11/01", "2026-11-01"),
        (8, 7, 17, "31.01.2027", "2027-01-31"),
        (6, 10, 21, "in progress", "active"),
        (8, 6, 15, "2027-3-31", "2027-03-31"),
    ]


def test_a_fixable_value_is_understood_meanwhile(vault):
    root = vault({**PEOPLE, "a.md": ru(status="В работе", due="20.11.2026")})
    assert lines(root) == ["a.md:6:1 goal-noncanonical-value", "a.md:8:1 goal-noncanonical-value", "a.md:8:1 goal-overdue"]
    [status] = [d for d in check_json(root) if d["line"] == 6]
    assert status["severity"] == "warning" and status["fixable"]


def test_check_fix_rewrites_the_values(vault):
    root = vault({**PEOPLE, "a.md": ru(status="Active", due='"31.01.2027"')})
    code, _ = run_cli("check", str(root), "--fix", "--today", "2026-11-28")
    text = (root / "a.md").read_text("utf-8")
    assert code == 0 and 'status: active\n' in text and 'due: "2027-01-31"\n' in text


# task-invalid-date


def test_task_dates_must_be_real_dates(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(PLAN_RU + "- [ ] Шаг 📅 2026-13-01\n- [ ] Другой ⏳ 2026/12/01 📅 2026-12-20\n"),
        "b.md": en(PLAN_EN + "- [x] Abstract ✅ 2026-11-10 ➕ 2026-10-01\n- [ ] Slides 🛫 2026-12-01 📅 2027-01-10\n"),
        "c.md": en(PLAN_EN + "- [ ] Book the room 🛫 2026-12-1\n"),
        "Заметки/Дела.md": "- [ ] Купить книгу ✅ 2026-02-29\n- Не задача 📅 2026-99-99\n"
                           "```\n- [ ] в коде 📅 2026-99-99\n```\n",
    })
    assert rules(root, "task-invalid-date") == [
        "a.md:18:11 task-invalid-date", "a.md:19:14 task-invalid-date", "c.md:18:21 task-invalid-date",
        "Заметки/Дела.md:1:20 task-invalid-date"]
    assert fixes(root) == [(19, 16, 26, "2026/12/01", "2026-12-01"), (18, 23, 32, "2026-12-1", "2026-12-01")]


# task-after-due


def test_open_plan_tasks_due_after_the_goal(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(PLAN_RU + "- [ ] Поздно 📅 2027-02-15\n- [x] Сделано позже 📅 2027-03-01\n- [ ] Вовремя 📅 2027-01-31\n"),
        "b.md": en(PLAN_EN + "- [ ] Rehearse ⏳ 2027-04-01 📅 2027-04-02\n"),
        "c.md": ru("## Критерии успеха\n- [ ] Не план 📅 2027-05-01\n## План\n- [ ] Шаг\n"),
    })
    assert rules(root, "task-after-due") == ["a.md:18:14 task-after-due", "b.md:18:29 task-after-due"]


# today


def test_today_drives_every_date_rule(vault):
    root = vault({**PEOPLE, "a.md": ru(PLAN_RU + "- [ ] Шаг\n## Чек-ины\n- 2026-11-20: созвон\n")})
    dated = ("goal-overdue", "goal-stale")
    assert rules(root, *dated, today="2026-12-01") == []
    assert rules(root, *dated, today="2026-12-25") == ["a.md:19:1 goal-stale"]
    assert rules(root, *dated, today="2027-02-01") == ["a.md:8:1 goal-overdue", "a.md:19:1 goal-stale"]


def test_mentorvault_today_environment_variable(vault):
    root = vault({**PEOPLE, "a.md": ru()})
    _, out = run_cli("check", str(root), "--format", "json", env={"MENTORVAULT_TODAY": "2027-02-01"})
    assert [d["rule"] for d in json.loads(out)["diagnostics"]] == ["goal-overdue", "goal-stale"]
    _, out = run_cli("check", str(root), "--format", "json", env={"MENTORVAULT_TODAY": "2026-11-28"})
    assert json.loads(out)["diagnostics"] == []


def test_today_option_wins_over_the_environment(vault):
    root = vault({**PEOPLE, "a.md": ru()})
    env = {"MENTORVAULT_TODAY": "2027-02-01"}
    _, out = run_cli("check", str(root), "--format", "json", "--today", "2026-11-28", env=env)
    assert json.loads(out)["diagnostics"] == []
