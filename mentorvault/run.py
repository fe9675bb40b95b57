"""One whole check of a vault, with its result cached for an unchanged vault.

The report is a pure function of the vault's files, the configuration, the
day and the rules chosen, so when none of these changed since a run, that
run's diagnostics are the answer: a warm check of an unchanged vault then
costs reading the files once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__, engine
from . import vault as vault_mod
from .cache import NoteCache
from .config import Config
from .diagnostics import Diagnostic
from .goals import count_goals


@dataclass(frozen=True)
class Outcome:
    diagnostics: list[Diagnostic]
    notes: tuple[str, ...]  # the linted notes
    goals: int


def check_vault(root: Path, config: Config, today: date, selection: engine.Selection,
                cache: NoteCache | None, progress: vault_mod.Progress | None = None) -> Outcome:
    key = _key(root, config, today, selection, cache) if cache is not None else None
    if cache is not None and key is not None:
        found = cache.result(key)
        if isinstance(found, Outcome):
            return found
    model = vault_mod.load(root, config, cache, progress, lean=True)
    outcome = Outcome(engine.run(model, config, today, selection), tuple(sorted(model.lintable)),
                      count_goals(model, config))
    del model  # its memory serves the result's pickle and the report: a 50k-note run's peak
    if cache is not None and key is not None:
        cache.store_result(key, outcome)
    return outcome


def _key(root: Path, config: Config, today: date, selection: engine.Selection, cache: NoteCache) -> bytes:
    h = hashlib.blake2b(vault_mod.fingerprint(root, config, cache.digest), digest_size=20)
    h.update(_canonical(dataclasses.asdict(config)).encode())
    h.update(_canonical({"today": today.isoformat(), "version": __version__,
                         "rules": {k: v.label for k, v in selection.levels.items()}}).encode())
    return h.digest()


def _canonical(value: Any) -> str:
    # sets print in hash order, which changes between runs: sort them
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      default=lambda o: sorted(o) if isinstance(o, (set, frozenset)) else str(o))
