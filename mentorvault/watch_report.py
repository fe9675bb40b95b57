"""What the watcher says, in the vault's language: one self-contained line per event.

Every line starts with the time, so a terminal left open beside Obsidian reads
as a log; a new problem is ``+``, a cleared one ``-``, then the problem as
``check`` prints it (``path:line:col: severity rule message``), so editors and
grep can jump to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import chain
from operator import attrgetter
from typing import Any

from . import i18n
from .diagnostics import Diagnostic, Level
from .session import Delta

# key: (English, Russian); registered as watch-<key>
_SAID: dict[str, tuple[str, str]] = {
    "watching": ("watching {vault}… (Ctrl-C to stop)", "слежу за {vault}… (Ctrl-C — остановить)"),
    "polling": (
        "watching {vault} by polling every {interval} s… (Ctrl-C to stop)",
        "слежу за {vault}, проверяя изменения каждые {interval} с… (Ctrl-C — остановить)",
    ),
    "fallback": (
        "native file watching is unavailable ({reason}): polling every {interval} s instead",
        "системное отслеживание файлов недоступно ({reason}): проверяю изменения каждые {interval} с",
    ),
    "status": (
        "vault: {errors} errors, {warnings} warnings, {infos} notices",
        "в хранилище ошибок: {errors}, предупреждений: {warnings}, замечаний: {infos}",
    ),
    "index-failed": (
        "cannot update the progress note ({error}): trying again on the next change",
        "не удаётся обновить заметку прогресса ({error}): попробую при следующем изменении",
    ),
    "reloading": (
        "{reason}: reading the whole vault again",
        "{reason}: читаю всё хранилище заново",
    ),
    "why-lost": ("file events were lost", "часть событий файловой системы потеряна"),
    "why-observer": ("file watching stopped", "отслеживание файлов остановилось"),
    "why-settings": ("the settings changed", "настройки изменились"),
    "why-today": ("the date changed", "наступил новый день"),
    "why-error": ("the update failed ({error})", "обновление не удалось ({error})"),
    "config-error": (
        "the configuration is not valid, the previous one stays in force: {error}",
        "конфигурация неверна, действует прежняя: {error}",
    ),
    "gone": (
        "the vault folder {vault} is gone: waiting for it to come back",
        "папка хранилища {vault} исчезла: жду, когда она вернётся",
    ),
    "watch-failed": (
        "cannot watch the vault for changes ({error}): trying again",
        "не удаётся следить за изменениями в хранилище ({error}): пробую снова",
    ),
    "back": ("the vault folder is back", "папка хранилища вернулась"),
    "failed": ("cannot read the vault: {error}", "не удаётся прочитать хранилище: {error}"),
    "stopped": ("stopped", "остановлено"),
    "hint": ("hint", "подсказка"),
}


i18n.register({f"watch-{k}": v for k, v in _SAID.items()})


def say(key: str, language: str, **args: Any) -> str:
    return i18n.text(f"watch-{key}", language, **args)


def stamp(now: datetime, text: str) -> str:
    return f"{now:%H:%M:%S} {text}"


def delta_lines(delta: Delta, language: str, now: datetime) -> list[str]:
    """The cleared problems of each note, then its new ones (with their hints), notes in path order."""
    out: list[str] = []
    for path in sorted(set(delta.appeared) | set(delta.cleared)):
        out += [stamp(now, "- " + _problem(d)) for d in delta.cleared.get(path, [])]
        for d in delta.appeared.get(path, []):
            out.append(stamp(now, "+ " + _problem(d)))
            if d.hint:
                out.append(f"           {say('hint', language)}: {_clean(d.hint)}")
    return out


def status_line(by_note: Iterable[list[Diagnostic]], language: str, now: datetime) -> str:
    """The vault's totals, counted from the session's problems per note (no sort needed)."""
    return totals_line(Counter(map(attrgetter("level"), chain.from_iterable(by_note))), language, now)


def totals_line(counts: Mapping[Level, int], language: str, now: datetime) -> str:
    """The vault's totals, given the count of problems of each level (``Session.totals``)."""
    text = say("status", language, errors=counts.get(Level.ERROR, 0),
               warnings=counts.get(Level.WARNING, 0), infos=counts.get(Level.INFO, 0))
    return stamp(now, text)


def changes(before: dict[str, list[Diagnostic]], after: dict[str, list[Diagnostic]],
            paths: Iterable[str] | None = None) -> Delta:
    """What appeared and cleared per note between two snapshots of ``Session.by_note``.

    Unlike diagnostic equality (place and rule), the message counts too: a link
    retyped from one missing note to another, in the same place, is one problem
    cleared and one new, which is what the user should read. Only the notes whose
    list was replaced are compared: on a large vault that is the few re-checked,
    and with ``paths`` (``Session.touched``: every note whose list may have been
    replaced) not even the others are looked at.
    """
    if paths is None:
        touched = {p for p, found in after.items() if before.get(p) is not found} | (before.keys() - after.keys())
    else:
        touched = {p for p in paths if before.get(p) is not after.get(p)}
    appeared, cleared = {}, {}
    for path in sorted(touched):
        old, new = [_said(d) for d in before.get(path, [])], [_said(d) for d in after.get(path, [])]
        if old == new:
            continue
        old_keys, new_keys = set(old), set(new)
        if came := [d for d, k in zip(after.get(path, []), new, strict=True) if k not in old_keys]:
            appeared[path] = came
        if gone := [d for d, k in zip(before.get(path, []), old, strict=True) if k not in new_keys]:
            cleared[path] = gone
    return Delta(appeared, cleared)


def _said(d: Diagnostic) -> tuple[object, ...]:
    # plain values hash in C; the dataclass's own hash runs Python code for each field
    return d.path, d.line, d.column, d.end_line, d.end_column, d.rule, d.level, d.message, d.hint


def _problem(d: Diagnostic) -> str:
    return f"{_clean(d.path)}:{d.line}:{d.column}: {d.level.label} {d.rule} {_clean(d.message)}"


def _clean(text: str) -> str:
    # a message quotes note text; keep terminal control bytes from reaching the screen
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in text)
