"""The values that flow out of the rules: spans, findings and diagnostics."""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")


def pickled_by_fields(cls: type[T]) -> type[T]:
    """Pickle a slotted dataclass as a call of the class with its field values.

    The generic ``__setstate__`` of slotted dataclasses looks every field up by name
    for every object loaded: most of the time spent reading a note back from the
    cache or a lean model. Calling the class is a third faster.
    """
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    get = operator.attrgetter(*names)

    def __reduce__(self: T) -> tuple[type[T], tuple[Any, ...]]:
        values = get(self)
        return cls, values if len(names) > 1 else (values,)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


class Level(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        return cls[text.upper()]

    def __reduce_ex__(self, protocol: Any) -> tuple[type[Level], tuple[int]]:
        # by value on every Python: some 3.11 releases pickle enums through getattr,
        # which the cache's unpickler rightly refuses
        return Level, (int(self),)


class Span(NamedTuple):
    """1-based line and column; ``end_column`` points just past the last character.

    A named tuple: there are hundreds of thousands in a large vault's model,
    and tuples are the cheapest to keep and to load back from the cache.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at_line(cls, line: int, length: int = 0) -> Span:
        return cls(line, 1, line, 1 + length)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Msg:
    """A message key and its arguments; rendered in the vault's language by the engine."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **args: Any) -> Msg:
        return cls(key, tuple(sorted(args.items())))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``old`` at ``span`` (a single line) with ``new``."""

    span: Span
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule yields: where and what, without path, code or level."""

    span: Span
    msg: Msg
    hint: Msg | None = None
    fix: Fix | None = None


def sort_key(d: Diagnostic) -> tuple[str, int, int, int, int, str]:
    """Diagnostics in report order; as a key, sorting compares tuples in C (the
    dataclass's own ``__lt__`` is Python, and a large vault has tens of thousands)."""
    return d.path, d.line, d.column, d.end_line, d.end_column, d.rule


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str = field(compare=False)
    level: Level = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)
    fix: Fix | None = field(default=None, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "code": self.code,
            "severity": self.level.label,
            "message": self.message,
            "hint": self.hint,
            "fixable": self.fixable,
        }
