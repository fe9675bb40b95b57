"""The SMART letters of one goal (DESIGN §4), each passed or failed with its findings.

A letter that fails only because a value is not understood (``due:
2027-02-30``, ``target: five``, an unknown category, an area link to no file)
fails without a finding: goal-invalid-value or broken-link already points at
that value with the fix, and the letter passes once it is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .diagnostics import Finding, Msg, Span
from .goal_values import Fields, choices, key_span, tasks

if TYPE_CHECKING:
    from .config import Config
    from .notes import Note
    from .vault import Vault

Result = tuple[bool, tuple[Finding, ...]]
_WORD = re.compile(r"\w")
_LINK = re.compile(r"\[\[[^\]]+\]\]|\[[^\]]*\]\([^)]+\)")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def evaluate(note: Note, vault: Vault, config: Config, f: Fields) -> dict[str, Result]:
    checks: dict[str, Callable[[], Result]] = {
        "S": lambda: specific(note, config, f),
        "M": lambda: measurable(note, config, f),
        "A": lambda: achievable(note, config, f),
        "R": lambda: relevant(note, vault, config, f),
        "T": lambda: time_bound(note, f),
    }
    return {letter: check() for letter, check in checks.items()}


def _fail(span: Span, key: str, hint: Msg | None = None, **args: object) -> Result:
    return False, (Finding(span, Msg.of(key, **args), hint),)


def specific(note: Note, config: Config, f: Fields) -> Result:
    span = key_span(note, "title") if f.title_written else Span.at_line(1)
    hint = None if f.title_written else Msg.of("hint-title-from-name", name=note.stem)
    words = [w for w in f.title.split() if _WORD.search(w)]
    if len(words) < 3:
        return _fail(span, "smart-specific-short", hint, title=f.title, count=len(words))
    phrase = vague_phrase(f.title, config.vague_phrases)
    if phrase and not any(c.isdigit() for c in f.title) and not _LINK.search(f.title):
        return _fail(span, "smart-specific-vague", hint, title=f.title, phrase=phrase)
    return True, ()


def vague_phrase(title: str, phrases: tuple[str, ...]) -> str | None:
    """The vague phrase the title starts with, as a whole word ("develop", not "developer")."""
    text = title.strip().casefold()
    for phrase in sorted(phrases, key=len, reverse=True):
        p = phrase.casefold()
        if text.startswith(p) and not text[len(p) : len(p) + 1].isalnum():
            return phrase
    return None


def measurable(note: Note, config: Config, f: Fields) -> Result:
    if f.metric or f.target is not None or tasks(note.section_items(config.headings["criteria"])):
        return True, ()
    if "target" in f.unusable:
        return False, ()
    heading = heading_name(note, config, "criteria")
    line = note.section_line(config.headings["criteria"])
    span = key_span(note, "metric") if note.frontmatter.key("metric") or line is None else Span.at_line(line)
    return _fail(span, "smart-measurable", heading=heading)


def achievable(note: Note, config: Config, f: Fields) -> Result:
    if f.resources or tasks(note.section_items(config.headings["plan"])):
        return True, ()
    line = note.section_line(config.headings["plan"])
    span = Span.at_line(line) if line is not None else key_span(note, "resources")
    return _fail(span, "smart-achievable", heading=heading_name(note, config, "plan"))


def relevant(note: Note, vault: Vault, config: Config, f: Fields) -> Result:
    out: list[Finding] = []
    passed = f.category is not None
    if f.category is None and "category" not in f.unusable:
        msg = Msg.of("smart-relevant-category", choices=", ".join(choices(config, "category")))
        out.append(Finding(key_span(note, "category"), msg))
    area_ok, area_finding = _area(note, vault, f)
    if area_finding is not None:
        out.append(area_finding)
    return passed and area_ok, tuple(out)


def _area(note: Note, vault: Vault, f: Fields) -> tuple[bool, Finding | None]:
    span = key_span(note, "area")
    if f.area is None:
        return False, Finding(span, Msg.of("smart-relevant-area"))
    if not f.area_links:
        return False, Finding(span, Msg.of("smart-relevant-area-text", area=f.area))
    opened = [vault.index.resolve(t, note.path).path for t in f.area_links]
    if all(p is not None and p in vault.notes for p in opened):
        return True, None
    file = next((p for p in opened if p is not None and p not in vault.notes), None)
    if file is None:
        return False, None  # broken-link reports the link, with its "did you mean"
    return False, Finding(span, Msg.of("smart-relevant-area-file", file=file))


def time_bound(note: Note, f: Fields) -> Result:
    if f.due is None:
        if "due" in f.unusable:
            return False, ()
        return _fail(key_span(note, "due"), "smart-time-bound-due")
    if f.start is not None and f.start > f.due:
        return _fail(key_span(note, "due"), "smart-time-bound-order", due=f.due.isoformat(),
                     start=f.start.isoformat())
    return True, ()


def heading_name(note: Note, config: Config, kind: str) -> str:
    """The section's name as the note writes it, else the configured name in the vault's language."""
    names = config.headings[kind]
    found = next((h.text for h in note.headings if h.text.casefold() in names), None)
    if found:
        return found
    ordered = sorted(names, key=lambda n: (bool(_CYRILLIC.search(n)) != (config.language == "ru"), n))
    return ordered[0][:1].upper() + ordered[0][1:] if ordered else kind
