"""smart-* (MV201-MV205): each letter passing and failing, in Russian and English goal notes.

Goal notes come from ``test_goals_model.ru``/``en``: properties one per line from
line 2 (type, title, category, horizon, status, start, due, metric, mentor,
mentee, area, tags), so a dropped key moves the lines after it up by one.
"""

from __future__ import annotations

from conftest import check_json, lines
from test_goals_model import EN_BODY, PEOPLE, RU_BODY, en, ru


def smart(root) -> list[str]:
    return [x for x in lines(root) if " smart-" in x or " goal-invalid-value" in x or " broken-link" in x]


# smart-specific


def test_specific_fails_on_a_short_title_at_its_line(vault):
    root = vault({**PEOPLE, "a.md": ru(title="Резюме"), "b.md": en(title="Networking")})
    assert smart(root) == ["a.md:3:1 smart-specific", "b.md:3:1 smart-specific"]


def test_specific_fails_on_a_vague_aspiration(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(title="Улучшить навыки публичных выступлений"),
        "b.md": en(title="Get better at public speaking"),
        "c.md": en(title="IMPROVE my SQL skills"),
    })
    assert smart(root) == ["a.md:3:1 smart-specific", "b.md:3:1 smart-specific", "c.md:3:1 smart-specific"]


def test_a_vague_title_is_rescued_by_a_digit_or_a_link(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(title="Улучшить английский до уровня B2"),
        "b.md": ru(title='"Развить навык менторства через [[Обучение|обучение]]"'),
        "c.md": en(title="Improve test coverage to 80%"),
        "d.md": en(title="Work on the [CLI docs](Обучение.md) with Maria"),
        "e.md": en(title="Developer portfolio with three case studies"),  # "develop" as a word only
    })
    assert smart(root) == []


def test_title_from_the_file_name_is_checked_at_line_1(vault):
    root = vault({
        **PEOPLE,
        "Goals/Get better at SQL.md": en(title=None),
        "Цели/Пройти 3 собеседования на Senior.md": ru(title=None),
    })
    assert smart(root) == ["Goals/Get better at SQL.md:1:1 smart-specific"]
    [d] = [d for d in check_json(root) if d["rule"] == "smart-specific"]
    assert "rename the note or add a title property" in str(d["hint"])


def test_vague_phrases_come_from_the_config(vault):
    root = vault({
        **PEOPLE,
        ".mentorvault.yaml": "vague_phrases: [освоить]\n",
        "a.md": ru(title="Освоить FastAPI на практике"),
        "b.md": ru(title="Улучшить навыки публичных выступлений"),
    })
    assert smart(root) == ["a.md:3:1 smart-specific"]


# smart-measurable


def test_measurable_fails_at_the_criteria_heading_when_nothing_measures(vault):
    body = "## Критерии успеха\n```\n- [ ] чекбокс в блоке кода не считается\n```\n## План\n- [ ] Шаг\n"
    root = vault({**PEOPLE, "a.md": ru(body, metric=None), "b.md": en("## Plan\n- [ ] Step\n", metric=None)})
    assert smart(root) == ["a.md:14:1 smart-measurable", "b.md:1:1 smart-measurable"]


def test_measurable_points_at_an_empty_metric(vault):
    root = vault({**PEOPLE, "a.md": ru("## План\n- [ ] Шаг\n", metric='""')})
    assert smart(root) == ["a.md:9:1 smart-measurable"]


def test_measurable_passes_with_a_checkbox_in_any_list_form_and_heading_case(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru("### КРИТЕРИИ успеха\n1. [ ] Три интервью\n## План\n- [ ] Шаг\n", metric=None),
        "b.md": en("#### success CRITERIA\n* [x] Talk accepted\n## Plan\n- [ ] Step\n", metric=None),
        "c.md": en("## Plan\n- [ ] Step\n", metric=None, target="3"),
        "d.md": ru("## План\n- [ ] Шаг\n"),
    })
    assert smart(root) == []


def test_a_target_that_is_not_a_number_is_reported_once(vault):
    root = vault({**PEOPLE, "a.md": ru("## План\n- [ ] Шаг\n", metric=None, target="пять")})
    assert smart(root) == ["a.md:13:1 goal-invalid-value"]


# smart-achievable


def test_achievable_fails_at_the_plan_heading_or_line_1(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru("## Критерии успеха\n- [ ] Оффер\n## План\n- Пункт без чекбокса — не задача\n"),
        "b.md": en("## Success criteria\n- [ ] Talk accepted\n"),
        "c.md": en("## Success criteria\n- [ ] Talk accepted\n", resources="[]"),
    })
    assert smart(root) == ["a.md:17:1 smart-achievable", "b.md:1:1 smart-achievable", "c.md:14:1 smart-achievable"]


def test_achievable_passes_with_resources_or_a_plan_task(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru("## Критерии успеха\n- [ ] Оффер\n", resources="[Курс по system design, 4 часа в неделю]"),
        "b.md": en("## Success criteria\n- [ ] Talk accepted\n", resources="Evenings, Maria's slides"),
        "c.md": en("## PLAN\n1. [ ] Write the abstract\n"),
    })
    assert smart(root) == []


# smart-relevant


def test_relevant_fails_without_category_or_area(vault):
    root = vault({**PEOPLE, "a.md": ru(category=None), "b.md": en(area=None), "c.md": ru(area="Карьера")})
    assert smart(root) == ["a.md:1:1 smart-relevant", "b.md:1:1 smart-relevant", "c.md:12:1 smart-relevant"]


def test_an_unknown_category_or_a_broken_area_is_reported_once(vault):
    root = vault({**PEOPLE, "a.md": ru(category="хобби"), "b.md": en(area='"[[Carer]]"')})
    assert smart(root) == ["a.md:4:1 goal-invalid-value", "b.md:12:8 broken-link"]


def test_relevant_passes_with_a_known_category_and_an_area_note(vault):
    root = vault({
        **PEOPLE,
        ".mentorvault.yaml": "categories:\n  leadership: [лидерство]\n",
        "a.md": ru(category="leadership"),
        "b.md": en(area='["[[Карьера]]", "[[Обучение|learning]]"]', category=None),
    })
    assert smart(root) == ["b.md:1:1 smart-relevant"]  # the configured categories replace the defaults


def test_an_area_linking_a_file_is_not_a_note(vault):
    root = vault({**PEOPLE, "plan.png": b"\x89PNG", "a.md": ru(area='"[[plan.png]]"')})
    assert smart(root) == ["a.md:12:1 smart-relevant"]


# smart-time-bound


def test_time_bound_fails_without_due_or_when_start_is_after_it(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(due=None),
        "b.md": en(due=""),
        "c.md": ru(start="2027-02-01", due="2027-01-31"),
    })
    assert smart(root) == ["a.md:1:1 smart-time-bound", "b.md:8:1 smart-time-bound", "c.md:8:1 smart-time-bound"]


def test_time_bound_passes_with_quoted_and_unquoted_dates(vault):
    root = vault({
        **PEOPLE,
        "a.md": ru(start="'2026-11-01'", due='"2027-01-31"'),
        "b.md": en(start="2026-10-01", due="2027-03-31"),
    })
    assert lines(root) == []


def test_an_impossible_due_fails_the_letter_but_is_reported_once(vault):
    root = vault({**PEOPLE, "a.md": ru(due="2027-02-30"), "b.md": en(due="soon")})
    assert smart(root) == ["a.md:8:1 goal-invalid-value", "b.md:8:1 goal-invalid-value"]


def test_messages_say_what_to_write_in_the_vault_language(vault):
    files = {**PEOPLE, "a.md": ru("## Критерии успеха\n## План\n- [ ] Шаг\n", metric=None)}
    en_msg = check_json(vault(files), "--select", "smart-measurable")[0]["message"]
    assert "add metric:" in str(en_msg) and "under 'Критерии успеха'" in str(en_msg)
    ru_root = vault({**files, ".mentorvault.yaml": "language: ru\n"})
    [d] = check_json(ru_root, "--select", "smart-measurable")
    assert d["message"] == (
        "непонятно, как измерить успех: добавьте metric: … (что считать успехом), число в target:"
        " или пункт с чекбоксом «- [ ] …» в раздел «Критерии успеха»"
    )


def test_a_missing_section_is_named_in_the_vault_language(vault):
    root = vault({**PEOPLE, ".mentorvault.yaml": "language: ru\n", "a.md": ru("Текст.\n", metric=None)})
    messages = [d["message"] for d in check_json(root)]
    assert any("в раздел «Критерии успеха»" in str(m) for m in messages)
    assert any("в раздел «План»" in str(m) for m in messages)


def test_bodies_used_here_are_clean_on_their_own(vault):
    root = vault({**PEOPLE, "a.md": ru(RU_BODY), "b.md": en(EN_BODY)})
    assert lines(root) == []
