"""The ``.mentorvault.yaml`` that ``init`` writes: every key at its default, each explained. Pure.

Values are written from :class:`~mentorvault.config.Config`'s own defaults, so
the file and the code cannot drift apart; scalars and lists are JSON, which
YAML reads unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .config import DEFAULT_CATEGORIES, DEFAULT_HEADINGS, DEFAULT_STATUSES, Config

INDEX_NAMES = {"en": "Mentorship Progress.md", "ru": "Прогресс менторства.md"}

# key: (English, Russian) comment above the key
_COMMENTS: dict[str, tuple[str, str]] = {
    "head": (
        ("mentorvault settings for this vault. Every key is shown at its default value:\n"
         "change what you need, delete the rest. `mentorvault check` reads this file."),
        ("Настройки mentorvault для этого хранилища. Каждый ключ показан со значением по умолчанию:\n"
         "измените нужное, остальное можно удалить. Этот файл читает `mentorvault check`."),
    ),
    "language": ("Language of messages and of the progress note: en or ru.",
                 "Язык сообщений и заметки о прогрессе: en или ru."),
    "goals": ("What makes a note a goal: `type: goal` in its properties, or one of these folders or tags.",
              "Что делает заметку целью: `type: goal` в свойствах, или одна из этих папок, или тег."),
    "categories": ("Goal categories with their synonyms (any case); check --fix writes the category name.",
                   "Категории целей и их синонимы (регистр не важен); check --fix пишет название категории."),
    "statuses": ("Synonyms of the statuses planned, active, paused, done, dropped.",
                 "Синонимы статусов planned, active, paused, done, dropped."),
    "horizons": ("Days from start to due that fit each horizon (max: null is no limit).",
                 "Сколько дней от start до due подходит каждому горизонту (max: null — без предела)."),
    "review_days": ("An active goal with no check-in for this many days is stale.",
                    "Активная цель без чек-ина столько дней считается заброшенной."),
    "max_active_goals": ("The most active goals one mentee should carry.",
                         "Сколько активных целей одновременно может быть у одного менти."),
    "vague_phrases": ("Title openings that make a goal vague (unless the title has a number or a link).",
                      "Начала названий, из-за которых цель расплывчата (если в названии нет числа или ссылки)."),
    "headings": ("Names of a goal's sections, any heading level, any case.",
                 "Названия разделов цели: любой уровень заголовка, любой регистр."),
    "ignore": ("Notes not to lint, as globs (they stay link targets), e.g. [\"Archive/**\"].",
               "Заметки, которые не проверять, шаблонами путей (ссылки на них работают), например [\"Архив/**\"]."),
    "rules": ("The level of a rule: off, info, warning or error, e.g. goal-stale: warning.",
              "Уровень правила: off, info, warning или error, например goal-stale: warning."),
    "index": ("The progress note: where it is written and what it shows.",
              "Заметка о прогрессе: куда она пишется и что в ней показано."),
    "max_note_bytes": ("Notes larger than this are reported and not read.",
                       "Заметки больше этого размера отмечаются и не читаются."),
    "check_comments": ("Also check links inside %% comments %%.",
                       "Проверять и ссылки внутри комментариев %% … %%."),
}


# key path: (English, Russian) comment at the end of a nested key's line
_NESTED: dict[str, tuple[str, str]] = {
    "goals.type": ("the `type` of a goal note", "`type` заметки-цели"),
    "goals.checkin_type": ("the `type` of a check-in note", "`type` заметки-чек-ина"),
    "goals.folders": ("every note in these folders is a goal, e.g. [Goals]",
                      "все заметки в этих папках — цели, например [Цели]"),
    "goals.tags": ("every note with one of these tags is a goal, e.g. [mentorship/goal]",
                   "все заметки с этим тегом — цели, например [mentorship/goal]"),
    "index.path": ("vault-relative path", "путь от корня хранилища"),
    "index.group_by_mentee": ("a table per mentee when goals name one", "по таблице на менти, если цели его указывают"),
}
_PLAIN = re.compile(r"[a-z][a-z-]*")
_KEYWORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _json(value: Any) -> str:
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value not in _KEYWORDS:
        return value  # a plain word reads better unquoted and means the same
    return json.dumps(value, ensure_ascii=False)


def _defaults(language: str) -> dict[str, Any]:
    base = Config()
    return {
        "language": language,
        "goals": {"type": base.goal_type, "checkin_type": base.checkin_type, "folders": [], "tags": []},
        "categories": {k: list(v) for k, v in DEFAULT_CATEGORIES.items()},
        "statuses": {k: list(v) for k, v in DEFAULT_STATUSES.items()},
        "horizons": {k: {"min": lo, "max": hi} for k, (lo, hi) in base.horizons.items()},
        "review_days": base.review_days,
        "max_active_goals": base.max_active_goals,
        "vague_phrases": list(base.vague_phrases),
        "headings": {k: list(v) for k, v in DEFAULT_HEADINGS.items()},
        "ignore": [],
        "rules": {},
        "index": {"path": INDEX_NAMES.get(language, base.index_path), "group_by_mentee": base.group_by_mentee,
                  "sections": dict(base.sections)},
        "max_note_bytes": base.max_note_bytes,
        "check_comments": base.check_comments,
    }


def _lines(path: str, value: Any, pick: int) -> list[str]:
    key, indent = path.rsplit(".", 1)[-1], "  " * path.count(".")
    if isinstance(value, dict) and value and all(not isinstance(v, dict) for v in value.values()) and indent:
        return [f"{indent}{key}: {{{', '.join(f'{k}: {_json(v)}' for k, v in value.items())}}}"]
    if isinstance(value, dict) and value:
        out = [f"{indent}{key}:"]
        for k, v in value.items():
            out += _lines(f"{path}.{k}", v, pick)
        return out
    note = f"  # {_NESTED[path][pick]}" if path in _NESTED else ""
    return [f"{indent}{key}: {_json(value)}{note}"]


def render(language: str) -> str:
    """The commented configuration, in ``language`` (en or ru)."""
    pick = 1 if language == "ru" else 0
    out = [f"# {line}" for line in _COMMENTS["head"][pick].splitlines()]
    for key, value in _defaults(language).items():
        out += ["", f"# {_COMMENTS[key][pick]}", *_lines(key, value, pick)]
    return "\n".join(out) + "\n"
