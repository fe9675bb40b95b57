"""``--format text``: ``path:line:col: severity rule message``, a hint below, a summary.

On a terminal the lines are grouped under their note and coloured; piped, every
line stands alone so editors and grep can read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from ..diagnostics import Diagnostic, Level
from . import Summary

_COLOURS = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"

_SUMMARY = {
    "en": ("{notes} notes, {goals} goals: {errors} errors, {warnings} warnings, {infos} notices",
           "{notes} notes, {goals} goals: no problems", "{fixed} fixed"),
    "ru": ("заметок: {notes}, целей: {goals}; ошибок: {errors}, предупреждений: {warnings}, замечаний: {infos}",
           "заметок: {notes}, целей: {goals}; проблем нет", "исправлено: {fixed}"),
}
_HINT = {"en": "hint", "ru": "подсказка"}


def _clean(text: str) -> str:
    # a message quotes note text; keep terminal control bytes from reaching the screen
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in text)


def render(diagnostics: Sequence[Diagnostic], summary: Summary, colour: bool = False) -> str:
    lang = summary.language if summary.language in _SUMMARY else "en"
    out: list[str] = []
    if colour:
        for path, group in groupby(diagnostics, key=lambda d: d.path):
            out.append(f"{_BOLD}{_clean(path)}{_RESET}")
            for d in group:
                where = f"{_DIM}{d.line}:{d.column}{_RESET}"
                level = f"{_COLOURS[d.level]}{d.level.label}{_RESET}"
                out.append(f"  {where} {level} {_DIM}{d.rule}{_RESET} {_clean(d.message)}")
                if d.hint:
                    out.append(f"      {_DIM}{_HINT[lang]}:{_RESET} {_clean(d.hint)}")
            out.append("")
    else:
        for d in diagnostics:
            out.append(f"{_clean(d.path)}:{d.line}:{d.column}: {d.level.label} {d.rule} {_clean(d.message)}")
            if d.hint:
                out.append(f"    {_HINT[lang]}: {_clean(d.hint)}")
    out.append(_summary_line(summary, lang))
    return "\n".join(out) + "\n"


def _summary_line(s: Summary, lang: str) -> str:
    many, none, fixed = _SUMMARY[lang]
    line = (many if s.errors or s.warnings or s.infos else none).format(**vars(s))
    return line + (f"; {fixed.format(fixed=s.fixed)}" if s.fixed else "")
