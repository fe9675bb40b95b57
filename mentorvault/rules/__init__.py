"""The rule registry: every rule, its stable name and code, its default level.

Rule modules register with :func:`rule`; this package imports them
explicitly, so the registry is exactly what is listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Finding, Level

if TYPE_CHECKING:
    from ..engine import Context
    from ..notes import Note

RuleFn = Callable[["Note", "Context"], Iterator[Finding]]


@dataclass(frozen=True)
class RuleInfo:
    name: str
    code: str
    level: Level
    family: str
    fn: RuleFn
    goals_only: bool = False  # runs only on goal notes

    @property
    def summary(self) -> str:
        return (self.fn.__doc__ or "").strip().splitlines()[0]


REGISTRY: dict[str, RuleInfo] = {}


def rule(code: str, name: str, level: Level, family: str, goals_only: bool = False) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if name in REGISTRY or any(r.code == code for r in REGISTRY.values()):
            raise ValueError(f"rule {name} / {code} registered twice")
        REGISTRY[name] = RuleInfo(name, code, level, family, fn, goals_only)
        return fn

    return register


def by_code() -> list[RuleInfo]:
    return sorted(REGISTRY.values(), key=lambda r: r.code)


from . import links as _links  # noqa: F401
from . import notes as _notes  # noqa: F401
from . import progress as _progress  # noqa: F401
from . import smart as _smart  # noqa: F401
