"""The progress note's sections as Markdown lines: summary, goal tables, problems (pure).

Every value that came from a note passes through :mod:`progress_escape`;
every word of ours comes from :mod:`progress_labels`. Rows and groups are
sorted, so the same vault and the same day always give the same bytes.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache

from .config import DEFAULT_CATEGORIES, HORIZONS, STATUSES, Config
from .diagnostics import Diagnostic, Level
from .goals import LETTERS, Goal
from .links import fold
from .progress_escape import display, note_link, plain, stem
from .progress_labels import plural, text

BAR_WIDTH = 10
_OPEN = ("planned", "active")
_COLUMNS = ("goal", "category", "status", "progress", "due", "left", "checkin", "smart")


def last_checkin(goal: Goal, today: date) -> date | None:
    """The latest check-in held by ``today``: a planned future one is not the last one."""
    return max((d for d in goal.checkins if d <= today), default=None)


def is_overdue(goal: Goal, today: date) -> bool:
    """As the goal-overdue rule: planned or active, and its due date has passed."""
    return goal.status in _OPEN and goal.due is not None and goal.due < today


def is_stale(goal: Goal, today: date, review_days: int) -> bool:
    """As the goal-stale rule: active, and no check-in for ``review_days`` (from start when none)."""
    since = last_checkin(goal, today) or goal.start
    return goal.status == "active" and since is not None and (today - since).days > review_days


def percent(progress: float | None) -> int | None:
    if progress is None or not math.isfinite(progress):
        return None
    return min(max(math.floor(progress * 100 + 0.5), 0), 100)


def bar(progress: float | None) -> str:
    """``▓▓▓░░░░░░░ 30%``; a cell is filled only when fully earned, so 95% is not a full bar."""
    pct = percent(progress)
    if pct is None:
        return "\u2014"
    filled = pct * BAR_WIDTH // 100
    return f"{'▓' * filled}{'░' * (BAR_WIDTH - filled)} {pct}%"


def label(kind: str, value: str | None, language: str) -> str:
    """A status or category in the vault's language; a value we have no word for, as written."""
    known = STATUSES if kind == "status" else tuple(DEFAULT_CATEGORIES)
    if value is None:
        return text(f"progress-{kind}-none", language)
    return text(f"progress-{kind}-{value}", language) if value in known else plain(value) or "\u2014"


def summary(goals: Sequence[Goal], diagnostics: Sequence[Diagnostic], config: Config,
            today: date) -> list[str]:
    counts = Counter(d.level for d in diagnostics)
    return summary_of(goals, counts, config, today)


def summary_of(goals: Sequence[Goal], counts: Mapping[Level, int], config: Config, today: date) -> list[str]:
    """The summary, given how many problems there are of each level."""
    return [*summary_goals(goals, config, today), problems_line(counts, config.language)]


def problems_line(counts: Mapping[Level, int], language: str) -> str:
    """The summary's last line: the problems by level."""
    return "- " + _problem_counts(counts, language)


def summary_goals(goals: Sequence[Goal], config: Config, today: date) -> list[str]:
    """The summary but its last line: what the goals alone decide."""
    lang = config.language
    rows = [f"| {label('status', s, lang)} | {sum(g.status == s for g in goals)} |" for s in STATUSES]
    unknown = sum(g.status not in STATUSES for g in goals)
    if unknown:
        rows.append(f"| {label('status', None, lang)} | {unknown} |")
    return [
        f"## {text('progress-h-summary', lang)}", "",
        text("progress-as-of", lang, today=today.isoformat()), "",
        f"| {text('progress-col-status', lang)} | {text('progress-col-count', lang)} |", "| --- | ---: |",
        *rows, f"| **{text('progress-total', lang)}** | **{len(goals)}** |", "",
        "- " + text("progress-sum-overdue", lang, n=sum(is_overdue(g, today) for g in goals)),
        "- " + text("progress-sum-stale", lang, days=plural("progress-days", config.review_days, lang),
                    n=sum(is_stale(g, today, config.review_days) for g in goals)),
        "- " + _mean(goals, lang),
    ]


def _mean(goals: Sequence[Goal], language: str) -> str:
    """Dropped goals are left out: a goal given up on is no failure of the others (DESIGN §2)."""
    measured = [g.progress for g in goals if g.status != "dropped" and percent(g.progress) is not None]
    if not measured:
        return text("progress-sum-mean-none", language)
    mean = sum(p or 0.0 for p in measured) / len(measured)
    goals_text = plural("progress-goals-dative", len(measured), language)
    return text("progress-sum-mean", language, bar=bar(mean), goals=goals_text)


def _problem_counts(counts: Mapping[Level, int], language: str) -> str:
    def count(key: str, level: Level) -> str:
        return plural(key, counts.get(level, 0), language)

    return text("progress-sum-problems", language, errors=count("progress-errors", Level.ERROR),
                warnings=count("progress-warnings", Level.WARNING),
                infos=count("progress-infos", Level.INFO))


Row = Callable[[Goal, Config, date], str]


def table(goals: Iterable[Goal], config: Config, today: date, row: Row | None = None) -> list[str]:
    """A table of goals, soonest due first; ``row`` may hand back rows rendered before."""
    ordered = sorted(goals, key=lambda g: (g.due is None, g.due or date.max, fold(g.title), g.path))
    return [*_table_head(config.language), *((row or table_row)(g, config, today) for g in ordered)]


@lru_cache(maxsize=8)
def _table_head(language: str) -> tuple[str, str]:
    head = [text(f"progress-col-{c}", language) for c in _COLUMNS]
    return "| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"


def table_row(goal: Goal, config: Config, today: date) -> str:
    return "| " + " | ".join(_cells(goal, config, today)) + " |"


def _cells(goal: Goal, config: Config, today: date) -> list[str]:
    lang = config.language
    checkin = last_checkin(goal, today)
    checkin_text = checkin.isoformat() if checkin else "\u2014"
    if is_stale(goal, today, config.review_days):
        checkin_text += " 💤"
    return [
        note_link(goal.path, display(goal.title, stem(goal.path)), in_table=True),
        label("category", goal.category, lang),
        label("status", goal.status, lang),
        bar(goal.progress),
        goal.due.isoformat() if goal.due else "\u2014",
        _time_left(goal, today, lang),
        checkin_text,
        "".join(letter if goal.smart.get(letter) else "·" for letter in LETTERS),
    ]


def _time_left(goal: Goal, today: date, language: str) -> str:
    """Days to the due date; nothing for a goal that is done or dropped."""
    if goal.due is None or goal.status in ("done", "dropped"):
        return "\u2014"
    left = (goal.due - today).days
    if left > 0:
        return plural("progress-days", left, language)
    if left == 0:
        return text("progress-due-today", language)
    late = text("progress-overdue", language, days=plural("progress-days", -left, language))
    return f"⚠️ {late}" if is_overdue(goal, today) else late


def goal_tables(goals: Sequence[Goal], config: Config, today: date, row: Row | None = None) -> list[str]:
    """Per mentee (when goals name one and the config groups by mentee), per horizon, a table."""
    lang = config.language
    lines = [f"## {text('progress-h-goals', lang)}", ""]
    if not goals:
        return [*lines, text("progress-no-goals", lang, type=plain(config.goal_type))]
    days = plural("progress-days", config.review_days, lang)
    lines += [text("progress-legend", lang, days=days), ""]
    named = config.group_by_mentee and any(g.mentee for g in goals)
    for heading, members in _by_mentee(goals, lang) if named else [("", list(goals))]:
        if heading:
            lines += [f"### {heading}", ""]
        for horizon in (*HORIZONS, None):
            chosen = [g for g in members if (g.horizon if g.horizon in HORIZONS else None) == horizon]
            if chosen:
                title = _horizon_title(horizon, lang)
                lines += [f"{'####' if heading else '###'} {title}", "", *table(chosen, config, today, row), ""]
    return lines[:-1]


@lru_cache(maxsize=32)
def _horizon_title(horizon: str | None, language: str) -> str:
    return text(f"progress-horizon-{horizon or 'none'}", language)


def _by_mentee(goals: Sequence[Goal], language: str) -> list[tuple[str, list[Goal]]]:
    """Goals grouped as too-many-active-goals groups them: by the mentee note, else the name."""
    groups: dict[str, list[Goal]] = defaultdict(list)
    for g in goals:
        groups[g.mentee_note or fold(g.mentee or "")].append(g)

    def order(key: str) -> tuple[bool, str, str]:
        first = groups[key][0]
        return not key, fold(stem(first.mentee_note) if first.mentee_note else first.mentee or ""), key

    return [(_mentee_heading(groups[k][0], language), groups[k]) for k in sorted(groups, key=order)]


def _mentee_heading(goal: Goal, language: str) -> str:
    if goal.mentee_note:
        return note_link(goal.mentee_note, display(stem(goal.mentee_note)))
    return plain(goal.mentee) if goal.mentee else text("progress-no-mentee", language)


def problems(diagnostics: Sequence[Diagnostic], language: str) -> list[str]:
    """Every diagnostic, sorted so that one note's problems stand together, line by line.

    Wikilinks in a message are text the user wrote or syntax to copy (``area:
    "[[...]]"``), so they are shown, not linked; those in a hint name notes
    that exist ("did you mean [[Карьера]]?") and stay clickable.
    """
    lines = [f"## {text('progress-h-problems', language)}", ""]
    if not diagnostics:
        return [*lines, text("progress-no-problems", language)]
    return [*lines, *problem_lines(diagnostics, language)]


def problem_lines(diagnostics: Iterable[Diagnostic], language: str) -> list[str]:
    """The problems' lines, by note, line and column (one note's alone: the watcher keeps them)."""
    ordered = sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.rule, d.message))
    return [_problem(d.path, d.line, d.rule, d.level.label, d.message, d.hint, language) for d in ordered]


@lru_cache(maxsize=1 << 16)
def _problem(path: str, line: int, rule: str, level: str, message: str, hint: str, language: str) -> str:
    """One problem's line; kept, since the watcher renders the same problems on every save."""
    link = note_link(path, display(stem(path)))
    where = text("progress-line", language, line=line)
    shown_hint = f" — {plain(hint, keep_links=True)}" if hint else ""
    return f"- {link} {where}: {plain(message)}{shown_hint} ({text(f'progress-level-{level}', language)}, {rule})"
