"""Find, validate and merge ``.mentorvault.yaml`` into a frozen Config.

The file is checked against ``config.schema.json`` (the same schema editors
use), so an unknown key or a wrong type is one line naming the key and file.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import load_yaml

CONFIG_NAMES = (".mentorvault.yaml", "mentorvault.yaml")
STATUSES = ("planned", "active", "paused", "done", "dropped")
HORIZONS = ("short", "medium", "long")

DEFAULT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "professional": ("профессиональное развитие", "профессиональное", "professional development"),
    "career": ("карьерное планирование", "карьера", "career planning"),
    "personal": ("личностный рост", "личное", "personal growth"),
    "networking": ("сетевое взаимодействие", "нетворкинг", "нетворк"),
}
DEFAULT_STATUSES: dict[str, tuple[str, ...]] = {
    "planned": ("запланирована", "запланировано", "план", "todo", "to do"),
    "active": ("в работе", "активна", "активная", "in progress", "doing", "wip"),
    "paused": ("на паузе", "приостановлена", "on hold"),
    "done": ("выполнена", "готово", "завершена", "completed", "complete"),
    "dropped": ("отменена", "снята", "cancelled", "canceled", "abandoned"),
}
DEFAULT_VAGUE = (
    "improve", "get better at", "work on", "learn more", "develop",
    "улучшить", "стать лучше", "развиваться", "поработать над", "развить",
)
DEFAULT_HEADINGS: dict[str, tuple[str, ...]] = {
    "criteria": ("критерии успеха", "success criteria"),
    "plan": ("план", "plan"),
    "checkins": ("чек-ины", "check-ins", "чекины", "checkins"),
}


class ConfigError(Exception):
    """A configuration problem the user must fix; the message names key and file."""


@dataclass(frozen=True)
class Config:
    language: str = "en"
    goal_type: str = "goal"
    checkin_type: str = "check-in"
    goal_folders: tuple[str, ...] = ()
    goal_tags: tuple[str, ...] = ()
    categories: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    statuses: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_STATUSES))
    horizons: dict[str, tuple[int, int | None]] = field(
        default_factory=lambda: {"short": (0, 100), "medium": (80, 380), "long": (350, None)}
    )
    review_days: int = 30
    max_active_goals: int = 5
    vague_phrases: tuple[str, ...] = DEFAULT_VAGUE
    headings: dict[str, frozenset[str]] = field(
        default_factory=lambda: {k: frozenset(v) for k, v in DEFAULT_HEADINGS.items()}
    )
    ignore: tuple[str, ...] = ()
    rules: dict[str, str] = field(default_factory=dict)
    index_path: str = "Mentorship Progress.md"
    group_by_mentee: bool = True
    sections: dict[str, bool] = field(
        default_factory=lambda: {"summary": True, "tables": True, "timeline": True, "problems": True}
    )
    max_note_bytes: int = 5 * 1024 * 1024
    check_comments: bool = False
    source: str = ""  # the file this came from, for messages


@cache
def schema() -> dict[str, Any]:
    text = resources.files("mentorvault").joinpath("config.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def find(vault: Path) -> Path | None:
    return next((vault / n for n in CONFIG_NAMES if (vault / n).is_file()), None)


def load(vault: Path, explicit: Path | None = None, env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ) if env is None else env
    path = explicit or find(vault)
    raw: Any = {}
    if path is not None:
        try:
            # off/on/yes/no stay words here too: `rules: {goal-stale: off}` must read as "off"
            raw = load_yaml(path.read_text("utf-8-sig")) or {}
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: cannot read the configuration: {err}") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise ConfigError(f"{path}{where}: not valid YAML: {getattr(err, 'problem', err)}") from None
    problem = validate(raw, schema(), "") or _paths_problem(raw)
    if problem:
        raise ConfigError(f"{path}: {problem}")
    return build(raw, str(path or ""), env)


def _paths_problem(raw: dict[str, Any]) -> str | None:
    """Goal folders are vault-relative: never absolute, never above the root.

    (``index.path`` is checked where the note is written, with the same rule.)
    """
    for key, value in (("goals.folders", f) for f in raw.get("goals", {}).get("folders", [])):
        norm = posixpath.normpath(value.replace("\\", "/")) if value.strip() else ""
        if not norm or norm.startswith(("/", "../")) or norm == ".." or ":" in norm.split("/")[0]:
            return f"key '{key}' must be a path inside the vault, not {value!r}"
    return None


def default_language(env: dict[str, str]) -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def build(raw: dict[str, Any], source: str = "", env: dict[str, str] | None = None) -> Config:
    base = Config()
    goals = raw.get("goals", {})
    index = raw.get("index", {})
    horizons = dict(base.horizons)
    for name, rng in raw.get("horizons", {}).items():
        lo, hi = horizons[name]
        horizons[name] = (rng.get("min", lo), rng.get("max", hi))
    headings = dict(base.headings)
    headings.update({k: frozenset(s.casefold() for s in v) for k, v in raw.get("headings", {}).items()})
    return Config(
        language=raw.get("language") or default_language(env if env is not None else dict(os.environ)),
        goal_type=goals.get("type", base.goal_type),
        checkin_type=goals.get("checkin_type", base.checkin_type),
        goal_folders=tuple(f.strip("/") for f in goals.get("folders", ())),
        goal_tags=tuple(t.lstrip("#").casefold() for t in goals.get("tags", ())),
        categories=_merge_synonyms(base.categories, raw.get("categories"), replace=True),
        statuses=_merge_synonyms(base.statuses, raw.get("statuses"), replace=False),
        horizons=horizons,
        review_days=raw.get("review_days", base.review_days),
        max_active_goals=raw.get("max_active_goals", base.max_active_goals),
        vague_phrases=tuple(raw.get("vague_phrases", base.vague_phrases)),
        headings=headings,
        ignore=tuple(raw.get("ignore", ())),
        rules=dict(raw.get("rules", {})),
        index_path=index.get("path", base.index_path),
        group_by_mentee=index.get("group_by_mentee", base.group_by_mentee),
        sections={**base.sections, **index.get("sections", {})},
        max_note_bytes=raw.get("max_note_bytes", base.max_note_bytes),
        check_comments=raw.get("check_comments", base.check_comments),
        source=source,
    )


def _merge_synonyms(
    base: dict[str, tuple[str, ...]], given: dict[str, list[str]] | None, replace: bool
) -> dict[str, tuple[str, ...]]:
    if not given:
        return dict(base)
    merged = {} if replace else dict(base)
    merged.update({k: tuple(v) for k, v in given.items()})
    return merged


_TYPES: dict[str, Any] = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
    "integer": int,
}


def validate(value: Any, node: dict[str, Any], where: str) -> str | None:
    """The first way ``value`` breaks the schema ``node``, as a sentence, or None."""
    if "$ref" in node:
        node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    label = f"key '{where}'" if where else "the file"
    if "enum" in node and value not in node["enum"]:
        return f"{label} must be one of {', '.join(map(str, node['enum']))}, not {value!r}"
    kinds = node.get("type")
    if kinds is not None and not _is_type(value, kinds):
        return f"{label} must be {_type_words(kinds)}, not {type(value).__name__} {value!r}"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < node.get("minimum", value):
        return f"{label} must be at least {node['minimum']}"
    if isinstance(value, dict):
        return _validate_object(value, node, where)
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            problem = validate(item, node["items"], f"{where}[{i}]")
            if problem:
                return problem
    return None


def _validate_object(value: dict[str, Any], node: dict[str, Any], where: str) -> str | None:
    props = node.get("properties", {})
    extra = node.get("additionalProperties", True)
    for key, item in value.items():
        path = f"{where}.{key}" if where else str(key)
        if key in props:
            sub = props[key]
        elif extra is False:
            known = ", ".join(sorted(props))
            return f"unknown key '{path}' (known keys: {known})"
        elif isinstance(extra, dict):
            sub = extra
        else:
            continue
        problem = validate(item, sub, path)
        if problem:
            return problem
    return None


def _is_type(value: Any, kinds: str | list[str]) -> bool:
    for kind in [kinds] if isinstance(kinds, str) else kinds:
        if kind in ("integer", "number") and isinstance(value, bool):
            continue
        if isinstance(value, _TYPES[kind]):
            return True
    return False


def _type_words(kinds: str | list[str]) -> str:
    words = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false",
             "integer": "a whole number", "null": "empty"}
    return " or ".join(words[k] for k in ([kinds] if isinstance(kinds, str) else kinds))
