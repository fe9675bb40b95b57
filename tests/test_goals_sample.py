"""The sample vault's goals: every goal rule fails somewhere and passes somewhere, in both languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import check_json

from mentorvault import config as config_mod
from mentorvault import vault as vault_mod
from mentorvault.goals import vault_goals
from mentorvault.rules import REGISTRY

SAMPLE = Path(__file__).resolve().parents[1] / "sample_vault"
GOAL_RULES = {n for n, info in REGISTRY.items() if info.family in ("smart", "progress")}
ANNA, JOHN = "Анна Смирнова/Цели/", "John Carter/Goals/"


def goal_lines() -> list[str]:
    return [f"{d['path']}:{d['line']}:{d['column']} {d['rule']}" for d in check_json(SAMPLE) if d["rule"] in GOAL_RULES]


def test_every_goal_rule_fires_in_the_sample_vault():
    fired = {line.split()[-1] for line in goal_lines()}
    assert GOAL_RULES - fired == set()


def test_the_sample_goals_fail_exactly_here():
    assert goal_lines() == [
        f"{JOHN}Get better at SQL.md:1:1 smart-specific",
        f"{JOHN}Get better at SQL.md:5:1 goal-noncanonical-value",
        f"{JOHN}Open source contributions.md:1:1 smart-time-bound",
        f"{JOHN}Rust CLI.md:3:1 smart-specific",
        f"{JOHN}Rust CLI.md:5:1 horizon-mismatch",
        f"{JOHN}Rust CLI.md:7:1 goal-noncanonical-value",
        f"{JOHN}Rust CLI.md:16:1 smart-achievable",
        f"{JOHN}Team lead track.md:21:34 task-invalid-date",
        f"{JOHN}Team lead track.md:23:32 task-after-due",
        f"{JOHN}Team lead track.md:25:1 goal-stale",
        f"{ANNA}Доклад на митапе.md:4:1 goal-noncanonical-value",
        f"{ANNA}Доклад на митапе.md:8:1 goal-noncanonical-value",
        f"{ANNA}Доклад на митапе.md:24:24 task-invalid-date",
        f"{ANNA}Доклад на митапе.md:25:48 task-after-due",
        f"{ANNA}Книги по архитектуре.md:1:1 smart-relevant",
        f"{ANNA}Книги по архитектуре.md:7:1 goal-invalid-value",
        f"{ANNA}Книги по архитектуре.md:11:1 smart-relevant",
        f"{ANNA}Курс по Kubernetes.md:1:1 smart-achievable",
        f"{ANNA}Курс по Kubernetes.md:8:1 goal-overdue",
        f"{ANNA}Менторить стажёра.md:6:1 too-many-active-goals",
        f"{ANNA}Портфолио.md:1:1 smart-specific",
        f"{ANNA}Портфолио.md:4:1 horizon-mismatch",
        f"{ANNA}Стать тимлидом.md:8:1 smart-time-bound",
        f"{ANNA}Улучшить английский.md:3:1 smart-specific",
        f"{ANNA}Улучшить английский.md:6:1 goal-noncanonical-value",
        f"{ANNA}Улучшить английский.md:16:1 smart-measurable",
        f"{ANNA}Улучшить английский.md:23:1 goal-stale",
    ]


def test_model_goals_pass_everything_in_both_languages():
    clean = {f"{ANNA}Собеседование на Senior Python.md", f"{ANNA}Сертификат AWS.md",
             f"{JOHN}Give a talk at PyData.md", f"{JOHN}Airflow certification.md"}
    assert [d for d in check_json(SAMPLE) if d["path"] in clean] == []


def test_sample_goals_read_check_in_notes_and_progress():
    config = config_mod.load(SAMPLE)
    goals = {g.path: g for g in vault_goals(vault_mod.load(SAMPLE, config), config)}
    interview = goals[f"{ANNA}Собеседование на Senior Python.md"]
    assert interview.progress == 1 / 3 and interview.last_checkin == date(2026, 11, 27)
    assert goals[f"{ANNA}Портфолио.md"].last_checkin == date(2026, 11, 27)
    assert goals[f"{ANNA}Доклад на митапе.md"].last_checkin == date(2026, 11, 24)
    talk = goals[f"{JOHN}Give a talk at PyData.md"]
    assert (talk.mentee, talk.mentee_note, talk.last_checkin) == ("John Carter", "Люди/John Carter.md", date(2026, 11, 25))
    assert talk.progress == 3 / 6  # criteria 1 of 3, plan 2 of 3
    assert goals[f"{JOHN}Airflow certification.md"].progress == 1.0
    assert len(goals) == 15 and {g.mentee for g in goals.values()} == {"Анна Смирнова", "John Carter"}
