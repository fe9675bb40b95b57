"""Dates as notes write them: ``YYYY-MM-DD`` text (Obsidian keeps dates as text)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_iso(value: Any) -> date | None:
    """The date a property or task holds, or None when it is not a real ``YYYY-MM-DD`` date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def looks_like_date(value: Any) -> bool:
    """Written as a date (``2027-02-30`` included), whether or not the date exists."""
    return isinstance(value, str) and bool(_ISO.match(value))
