"""Obsidian's core Templates syntax, and the properties ``new`` sets. Pure.

Obsidian replaces ``{{title}}``, ``{{date}}``, ``{{time}}`` and
``{{date:FORMAT}}`` / ``{{time:FORMAT}}`` (Moment.js formats) when it inserts a
template; ``mentorvault new`` does the same, so a goal looks alike whichever
way it was made. Moment tokens understood: ``YYYY YY MM M DD D HH H mm m ss s``
and ``[literal text]``; other letters are kept as written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime

_PLACEHOLDER = re.compile(r"\{\{\s*(title|date|time)\s*(?::([^}]*))?\}\}", re.IGNORECASE)
_MOMENT = re.compile(r"\[([^\]]*)\]|YYYY|YY|MM|M|DD|D|HH|H|mm|m|ss|s")
_FENCE = re.compile(r"^---[ \t]*$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# Obsidian refuses these in a file name; links cannot reach a name with # ^ [ ] |
_REPLACED = {":": " -", "/": "-", "\\": "-", "|": "-", '"': "'"}
_DROPPED = set('*?<>#^[]')
MAX_NAME_BYTES = 180  # a file name may have 255 bytes; leave room for " 2026-11-28.md" and copies


def moment(fmt: str, when: datetime) -> str:
    """``when`` in a Moment.js format such as ``YYYY-MM-DD``."""
    values = {
        "YYYY": f"{when.year:04d}", "YY": f"{when.year % 100:02d}", "MM": f"{when.month:02d}",
        "M": str(when.month), "DD": f"{when.day:02d}", "D": str(when.day), "HH": f"{when.hour:02d}",
        "H": str(when.hour), "mm": f"{when.minute:02d}", "m": str(when.minute),
        "ss": f"{when.second:02d}", "s": str(when.second),
    }
    return _MOMENT.sub(lambda m: m.group(1) if m.group(1) is not None else values[m.group(0)], fmt)


def fill(template: str, title: str, when: datetime, date_format: str = "YYYY-MM-DD",
         time_format: str = "HH:mm") -> str:
    """The template with its placeholders replaced, as Obsidian's Templates plugin does.

    In the frontmatter a title inside a quoted value is escaped for that
    quoting, so a title with a quote mark keeps the YAML valid.
    """
    lines = _LINE.findall(template)
    end = _frontmatter_end(lines)
    out = []
    for number, line in enumerate(lines):
        out.append(_fill_line(line, title, when, date_format, time_format, number < end))
    return "".join(out)


def _fill_line(line: str, title: str, when: datetime, date_format: str, time_format: str,
               in_yaml: bool) -> str:
    def value(m: re.Match[str]) -> str:
        kind, fmt = m.group(1).lower(), m.group(2)
        if kind == "title":
            return _escaped(title, line[: m.start()]) if in_yaml else title
        return moment(fmt.strip() if fmt else date_format if kind == "date" else time_format, when)

    return _PLACEHOLDER.sub(value, line)


def _escaped(text: str, before: str) -> str:
    # the quote open at this point of the line decides the escaping
    quote = _open_quote(before)
    if quote == '"':
        return json.dumps(text, ensure_ascii=False)[1:-1]
    if quote == "'":
        return text.replace("'", "''")
    return text


def _open_quote(before: str) -> str | None:
    quote: str | None = None
    i = 0
    while i < len(before):
        ch = before[i]
        if quote is None and ch in "\"'":
            quote = ch
        elif quote == '"' and ch == "\\":
            i += 1
        elif ch == quote:
            quote = None
        i += 1
    return quote


def _frontmatter_end(lines: list[str]) -> int:
    """Index of the closing ``---`` line, or 0 when there is no frontmatter."""
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return 0
    return next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), 0)


def set_property(text: str, key: str, value: str) -> str:
    """``text`` with the top-level property ``key`` set to the YAML ``value``, written in place.

    The key's line keeps its place (and a trailing comment is dropped with the
    old value); a value continued on indented lines is replaced as a whole. A
    key the template lacks is added at the end of the frontmatter.
    """
    lines = _LINE.findall(text)
    end = _frontmatter_end(lines)
    if end == 0:
        return text
    newline = lines[0][3:].lstrip(" \t") or "\n"
    prefix = re.compile(rf"^{re.escape(key)}[ \t]*:(?:[ \t]|$)")
    at = next((i for i in range(1, end) if prefix.match(lines[i].rstrip("\r\n"))), None)
    if at is None:
        return "".join(lines[:end] + [f"{key}: {value}{newline}"] + lines[end:])
    stop = at + 1
    while stop < end and lines[stop][:1] in (" ", "\t", "-"):
        stop += 1
    ending = lines[at][len(lines[at].rstrip("\r\n")) :] or newline
    return "".join(lines[:at] + [f"{key}: {value}{ending}"] + lines[stop:])


def yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (JSON's syntax is valid YAML), for names and links."""
    return json.dumps(text, ensure_ascii=False)


def safe_name(title: str) -> str:
    """A file name Obsidian accepts and links can reach; "" when nothing usable is left.

    ``: / \\ |`` become dashes and ``"`` an apostrophe, so the name still reads
    like the title; ``* ? < > # ^ [ ]`` are dropped. Leading dots would hide the
    note from Obsidian, trailing dots and spaces are lost on Windows.
    """
    out = []
    for ch in unicodedata.normalize("NFC", title):
        if ch in _REPLACED:
            out.append(_REPLACED[ch])
        elif ch not in _DROPPED and unicodedata.category(ch)[0] != "C":
            out.append(ch)
    name = " ".join("".join(out).split()).strip(". ")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1].rstrip(". ")
    return name


def today_at(day: date, now: datetime) -> datetime:
    """``day`` with the clock time of ``now``: ``--today`` moves the date, not the time."""
    return datetime.combine(day, now.time())
