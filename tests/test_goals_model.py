"""The goal model: typed values, check-ins, progress, SMART letters, computed once per run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import lines

from mentorvault import config as config_mod
from mentorvault import engine
from mentorvault import vault as vault_mod
from mentorvault.goals import Goal, goals_in, vault_goals

PEOPLE = {
    "Люди/Иван Петров.md": "Ментор.\n",
    "Люди/Анна Смирнова.md": "Менти.\n",
    "People/Maria Lopez.md": "Mentor.\n",
    "People/John Carter.md": "Mentee.\n",
    "Карьера.md": "# Карьера\n",
    "Обучение.md": "# Обучение\n",
}

RU_FIELDS: dict[str, str | None] = {
    "type": "goal",
    "title": "Пройти собеседование на позицию Senior Python Developer",
    "category": "career",
    "horizon": "short",
    "status": "active",
    "start": "2026-11-01",
    "due": "2027-01-31",
    "metric": "Получить оффер не ниже grade 5",
    "mentor": '"[[Иван Петров]]"',
    "mentee": '"[[Анна Смирнова]]"',
    "area": '"[[Карьера]]"',
    "tags": "[mentorship/goal]",
}
RU_BODY = (
    "## Критерии успеха\n- [ ] Пройти 3 технических интервью\n"
    "## План\n- [x] Обновить резюме 📅 2026-11-15\n"
    "## Чек-ины\n- 2026-11-20: обсудили резюме, самооценка 3/5\n"
)
EN_FIELDS: dict[str, str | None] = {
    **RU_FIELDS,
    "title": "Give a talk at the Python meetup by March",
    "category": "networking",
    "horizon": "medium",
    "start": "2026-10-01",
    "due": "2027-03-31",
    "metric": "One accepted talk and 20 people in the room",
    "mentor": '"[[Maria Lopez]]"',
    "mentee": '"[[John Carter|John]]"',
    "area": '"[[Обучение]]"',
}
EN_BODY = (
    "## Success criteria\n- [ ] Talk accepted\n"
    "## Plan\n- [ ] Write the abstract 📅 2026-12-10\n"
    "## Check-ins\n- 2026-11-10: picked the topic\n"
)


def goal_note(fields: dict[str, str | None], body: str = RU_BODY, **changes: str | None) -> str:
    """A goal note: ``fields`` with ``changes`` (None drops a key), one property per line from line 2."""
    merged = {**fields, **changes}
    props = "".join(f"{k}: {v}\n" for k, v in merged.items() if v is not None)
    return f"---\n{props}---\n{body}"


def ru(body: str = RU_BODY, **changes: str | None) -> str:
    return goal_note(RU_FIELDS, body, **changes)


def en(body: str = EN_BODY, **changes: str | None) -> str:
    return goal_note(EN_FIELDS, body, **changes)


def load_goals(root: Path) -> list[Goal]:
    config = config_mod.load(root)
    return vault_goals(vault_mod.load(root, config), config)


def test_clean_goals_in_both_languages(vault):
    root = vault({**PEOPLE, "Цели/Собеседование.md": ru(), "Goals/Meetup talk.md": en()})
    assert lines(root) == []


def test_goal_fields_are_typed_and_canonical(vault):
    root = vault({**PEOPLE, "Цели/Собеседование.md": ru(status="В работе", resources="[Курс по system design, '']")})
    [g] = load_goals(root)
    assert (g.path, g.title, g.category, g.horizon, g.status) == (
        "Цели/Собеседование.md", "Пройти собеседование на позицию Senior Python Developer", "career", "short", "active")
    assert (g.start, g.due) == (date(2026, 11, 1), date(2027, 1, 31))
    assert (g.metric, g.target, g.current) == ("Получить оффер не ниже grade 5", None, None)
    assert (g.mentor, g.mentee, g.area) == ("Иван Петров", "Анна Смирнова", "Карьера")
    assert (g.mentee_note, g.area_note) == ("Люди/Анна Смирнова.md", "Карьера.md")
    assert g.resources == ("Курс по system design",)
    assert g.last_checkin == date(2026, 11, 20)
    assert g.smart == {"S": True, "M": True, "A": True, "R": True, "T": True}
    assert all(found == () for found in g.problems.values())


def test_goals_sorted_by_path_and_detected_by_folder_or_tag(vault):
    root = vault({
        **PEOPLE,
        ".mentorvault.yaml": "goals:\n  folders: [Цели]\n  tags: [mentorship/goal]\n",
        "Цели/Б.md": "Без свойств, но в папке целей.\n",
        "Цели/А.md": ru(),
        "Other/tagged.md": "---\ntags: [mentorship/goal/career]\n---\n",
        "Other/plain.md": "---\ntags: [mentorship]\n---\n",
    })
    assert [g.path for g in load_goals(root)] == ["Other/tagged.md", "Цели/А.md", "Цели/Б.md"]


def test_title_is_the_file_name_when_absent(vault):
    root = vault({**PEOPLE, "Goals/Ship the CLI 1.0 release.md": en(title=None)})
    [g] = load_goals(root)
    assert g.title == "Ship the CLI 1.0 release"


def test_progress_from_current_and_target(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(target="4", current="1"),
        "b.md": ru(target="3", current="5"),  # over-achieved: a full bar, not 167 %
        "c.md": ru(target="2.5", current="0"),
    })
    assert [g.progress for g in load_goals(root)] == [0.25, 1.0, 0.0]


def test_progress_from_checkboxes_under_criteria_and_plan_only(vault):
    body = (
        "# Собеседование\n"
        "### КРИТЕРИИ УСПЕХА\n1. [x] Первое интервью\n2. [ ] Второе интервью\n"
        "```markdown\n- [x] в блоке кода не считается\n```\n"
        "#### план\n* [x] Резюме\n* [-] Отменённая задача тоже закрыта\n- Просто пункт, не задача\n"
        "## Заметки\n- [ ] вне разделов не считается\n"
    )
    root = vault({**PEOPLE, "a.md": ru(body)})
    [g] = load_goals(root)
    assert g.progress == 0.75


def test_progress_of_a_done_goal_without_numbers_or_boxes_is_full_else_unknown(vault):
    root = vault({**PEOPLE, "a.md": ru("Текст.\n", status="done"), "b.md": ru("Текст.\n", status="paused")})
    assert [g.progress for g in load_goals(root)] == [1.0, None]


def test_checkin_items_and_notes_give_the_last_checkin(vault):
    body = (
        "## Чек-ины\n- 2026-10-02: старт\n- **2026-10-15** — обсудили план\n- [[2026-10-20]] созвон\n"
        "- Без даты\n- 2026-02-30: такой даты нет\n"
    )
    root = vault({
        **PEOPLE,
        "Цели/Собеседование.md": ru(body),
        "Чек-ины/Встреча.md": '---\ntype: check-in\ngoal: "[[собеседование]]"\ndate: "2026-11-05"\n---\n',
        "Чек-ины/2026-11-12 Созвон.md": "---\ntype: check-in\ngoal:\n  - \"[[Цели/Собеседование|цель]]\"\n---\n",
        "Чек-ины/Чужой.md": '---\ntype: check-in\ngoal: "[[Другая цель]]"\ndate: 2026-11-25\n---\n',
    })
    [g] = load_goals(root)
    assert g.checkins == (
        date(2026, 10, 2), date(2026, 10, 15), date(2026, 10, 20), date(2026, 11, 5), date(2026, 11, 12))
    assert g.last_checkin == date(2026, 11, 12)


def test_goal_saved_with_bom_and_crlf_reads_the_same(vault):
    text = ru(start="2026-01-10", due='"2026-11-25"')
    root = vault({**PEOPLE, "a.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")})
    [g] = load_goals(root)
    assert g.due == date(2026, 11, 25) and g.last_checkin == date(2026, 11, 20)
    assert lines(root) == ["a.md:5:1 horizon-mismatch", "a.md:8:1 goal-overdue"]


def test_smart_letters_and_problems_follow_the_rules(vault):
    root = vault({**PEOPLE, "a.md": ru("Текст.\n", title="Улучшить свой разговорный английский", metric=None, due="2027-02-30")})
    [g] = load_goals(root)
    assert g.smart == {"S": False, "M": False, "A": False, "R": True, "T": False}
    assert [f.msg.key for f in g.problems["S"]] == ["smart-specific-vague"]
    assert g.problems["T"] == ()  # the impossible due is goal-invalid-value's line
    assert [f.msg.key for f in g.invalid] == ["goal-value-not-date"]


def test_goals_are_computed_once_per_run(vault):
    root = vault({**PEOPLE, "a.md": ru(), "b.md": en()})
    config = config_mod.load(root)
    ctx = engine.Context(vault_mod.load(root, config), config, date(2026, 11, 28))
    first = goals_in(ctx)
    assert goals_in(ctx) is first and sorted(first) == ["a.md", "b.md"]


def test_a_goal_with_unreadable_properties_is_reported_once(vault):
    root = vault({
        **PEOPLE,
        ".mentorvault.yaml": "goals:\n  folders: [Цели]\n",
        "Цели/Сломанная цель.md": "---\ntitle: [не закрыт\n---\n## План\n",
        "Цели/2026-11-20 Встреча.md": '---\ntype: check-in\ngoal: "[[Сломанная цель]]"\n---\n',
    })
    assert lines(root) == ["Цели/Сломанная цель.md:3:1 invalid-frontmatter"]
    [g] = load_goals(root)
    assert g.smart == dict.fromkeys("SMART", False) and g.last_checkin == date(2026, 11, 20)
