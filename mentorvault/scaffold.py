"""``mentorvault new``: goal, check-in and mentee notes made from the templates.

The template is the vault's own copy in its templates folder when there is
one (the mentee may have edited it, and Obsidian uses that copy too), else the
one shipped with mentorvault. A note that exists is never overwritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .config import Config
from .goal_values import choices
from .goals import is_goal
from .links import NameIndex, fold
from .templating import fill, safe_name, set_property, yaml_text
from .vault import load_note, read_settings, scan, within
from .writer import ChangedOnDisk, write_if_changed

TEMPLATES = {
    "goal": {"en": "Goal.md", "ru": "Цель.md"},
    "check-in": {"en": "Check-in.md", "ru": "Чек-ин.md"},
    "mentee": {"en": "Mentee.md", "ru": "Менти.md"},
}
GOALS_FOLDER = {"en": "Goals", "ru": "Цели"}
CHECKINS_FOLDER = {"en": "Check-ins", "ru": "Чек-ины"}
DUE_DAYS = {"short": 90, "medium": 180, "long": 365}
_NO_MENTEE = {
    "en": "there is no note [[{name}]] yet, so the mentee link is broken: `{command}` makes it",
    "ru": "заметки [[{name}]] ещё нет, и ссылка на менти не работает: её создаст `{command}`",
}


class ScaffoldError(Exception):
    """A usage problem (unknown category, bad date, no such goal): one line, exit 2."""


class NoteExists(Exception):
    """The note to create is already there; it is left untouched."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class Created:
    path: Path
    notices: tuple[str, ...] = ()  # advice on stderr, e.g. a mentee note still to create


@dataclass(frozen=True)
class GoalRequest:
    title: str
    lang: str
    when: datetime  # today, with the clock time for {{time}}
    category: str | None = None
    horizon: str | None = None
    due: date | None = None
    mentee: str | None = None


def templates_dir() -> Traversable:
    """The shipped templates: package data in a wheel, the repository's ``templates/`` otherwise."""
    packaged = resources.files("mentorvault").joinpath("templates")
    if packaged.is_dir():
        return packaged
    # a checkout where git wrote the link mentorvault/templates as a plain file (Windows)
    return Path(__file__).resolve().parent.parent / "templates"


def fill_template(root: Path, kind: str, lang: str, title: str, when: datetime) -> str:
    """The template of ``kind`` with Obsidian's placeholders filled, in the vault's formats."""
    formats = _template_settings(root)
    date_format, time_format = formats.get("dateFormat"), formats.get("timeFormat")
    return fill(template_text(root, kind, lang), title, when,
                date_format if isinstance(date_format, str) and date_format else "YYYY-MM-DD",
                time_format if isinstance(time_format, str) and time_format else "HH:mm")


def _template_settings(root: Path) -> dict[str, Any]:
    # read_settings keeps only the folder; {{date}} also follows the plugin's dateFormat
    try:
        data = json.loads((root / ".obsidian" / "templates.json").read_text("utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def template_text(root: Path, kind: str, lang: str) -> str:
    name = TEMPLATES[kind][lang]
    folder = read_settings(root).templates_folder or "Templates"
    own = root / folder / name
    # the vault's own edited template, unless it (or its folder) leads out of the vault
    if own.is_file() and not own.is_symlink() and within(root, f"{folder}/{name}"):
        return own.read_text("utf-8-sig")
    return templates_dir().joinpath(name).read_text("utf-8")


def canonical(config: Config, key: str, value: str) -> str:
    """A category or horizon as the config names it; synonyms and any case accepted."""
    table = choices(config, key)
    text = value.strip().casefold()
    for name, synonyms in table.items():
        if text in {name.casefold(), *(s.casefold() for s in synonyms)}:
            return name
    raise ScaffoldError(f"--{key} {value!r} is not one of: {', '.join(table)}")


def horizon_for(config: Config, days: int) -> str | None:
    """The first horizon whose range holds ``days`` (they overlap: short wins over medium)."""
    for name, (low, high) in config.horizons.items():
        if days >= low and (high is None or days <= high):
            return name
    return None


def _schedule(config: Config, req: GoalRequest) -> tuple[str | None, date | None]:
    horizon = canonical(config, "horizon", req.horizon) if req.horizon else None
    due = req.due
    if due is None and horizon is not None:
        due = req.when.date() + timedelta(days=DUE_DAYS.get(horizon, 90))
    if due is not None and due < req.when.date():
        raise ScaffoldError(f"--due {due.isoformat()} is before today ({req.when.date().isoformat()})")
    if horizon is None and due is not None:
        horizon = horizon_for(config, (due - req.when.date()).days)
    return horizon, due


def goal_folder(config: Config, mentee: str | None, lang: str) -> str:
    """The configured goals folder, else ``<mentee>/Goals``, else ``Goals`` (``Цели`` in Russian)."""
    if config.goal_folders:
        return config.goal_folders[0]
    if mentee:
        return f"{_name(mentee, 'mentee')}/{GOALS_FOLDER[lang]}"
    return GOALS_FOLDER[lang]


def _name(text: str, what: str) -> str:
    name = safe_name(text)
    if not name:
        raise ScaffoldError(f"the {what} {text!r} has no characters a file name can keep")
    return name


def new_goal(root: Path, config: Config, req: GoalRequest) -> Created:
    category = canonical(config, "category", req.category) if req.category else None
    horizon, due = _schedule(config, req)
    rel = f"{goal_folder(config, req.mentee, req.lang)}/{_name(req.title, 'title')}.md"
    if not within(root, rel):
        raise ScaffoldError(f"{rel}: the goals folder leads out of the vault (a link?); choose a folder inside it")
    text = fill_template(root, "goal", req.lang, req.title, req.when)
    values = {"category": category, "horizon": horizon, "start": req.when.date().isoformat(),
              "due": due.isoformat() if due else None}
    if req.mentee:
        values["mentee"] = yaml_text(f"[[{_name(req.mentee, 'mentee')}]]")
    for key, value in values.items():
        if value is not None:
            text = set_property(text, key, value)
    created = _create(root, rel, text)
    return Created(created, _mentee_notice(root, req.mentee, rel, req.lang))


def _mentee_notice(root: Path, mentee: str | None, rel: str, lang: str) -> tuple[str, ...]:
    if not mentee or NameIndex(scan(root)).resolve(_name(mentee, "mentee"), rel).path:
        return ()
    name, command = _name(mentee, "mentee"), f"mentorvault new mentee {yaml_text(mentee)}"
    return (_NO_MENTEE[lang].format(name=name, command=command),)


def _create(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    if _exists(path):
        raise NoteExists(path)
    try:
        write_if_changed(path, text.encode("utf-8"), expect_missing=True)
    except ChangedOnDisk:
        raise NoteExists(path) from None  # made meanwhile, by Obsidian or a sync
    return path


def _exists(path: Path) -> bool:
    """Whether the name is taken, in any case: Obsidian tells names apart without case."""
    if os.path.lexists(path):
        return True
    try:
        return any(fold(n) == fold(path.name) for n in os.listdir(path.parent))
    except OSError:
        return False


def new_mentee(root: Path, name: str, lang: str, when: datetime) -> Created:
    """``<name>/<name>.md``: the mentee's folder holds the profile, their goals and check-ins."""
    folder = _name(name, "mentee")
    text = fill_template(root, "mentee", lang, folder, when)
    return Created(_create(root, f"{folder}/{folder}.md", text))


def new_checkin(root: Path, config: Config, goal: str, day: date, lang: str, when: datetime) -> Created:
    """``<date> <goal>.md`` in a Check-ins folder beside the goal's folder, linked to the goal."""
    index = NameIndex(scan(root))
    goal_path = find_goal(root, index, goal)
    _check_goal(root, config, goal_path)
    stem = goal_path.rsplit("/", 1)[-1][:-3]
    parent = goal_path.rsplit("/", 2)[0] + "/" if goal_path.count("/") >= 2 else ""
    rel = f"{parent}{CHECKINS_FOLDER[lang]}/{day.isoformat()} {stem}.md"
    found = index.resolve(stem, rel)
    target = stem if found.path == goal_path and not found.ambiguous else goal_path[:-3]
    text = fill_template(root, "check-in", lang, f"{day.isoformat()} {stem}", when)
    text = set_property(text, "goal", yaml_text(f"[[{target}]]"))
    text = set_property(text, "date", day.isoformat())
    return Created(_create(root, rel, text))


def find_goal(root: Path, index: NameIndex, goal: str) -> str:
    """The vault path of the goal note named ``goal``: a file path, or a name as in a link."""
    given = Path(goal)
    if given.suffix.lower() == ".md" and given.is_file():
        rel = os.path.relpath(os.path.realpath(given), os.path.realpath(root))
        if not rel.startswith(".."):
            return Path(rel).as_posix()
    name = goal.strip().removeprefix("[[").removesuffix("]]").split("|")[0].strip()
    path = index.resolve(name, "").path if name else None
    if path is None or not path.lower().endswith(".md"):
        close = index.close_name(name) if name else None
        hint = f"; did you mean {close!r}?" if close else ""
        raise ScaffoldError(f"no goal note named {goal!r} in {root}{hint}")
    return path


def _check_goal(root: Path, config: Config, rel: str) -> None:
    note = load_note(root, rel, config)
    if note is None or not is_goal(note, config):
        raise ScaffoldError(f"{rel} is not a goal note (it has no `type: {config.goal_type}`)")
