"""``--format json``: one object, as DESIGN §7 fixes it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import Summary


def render(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    doc = {
        "version": 1,
        "summary": {
            "notes": summary.notes,
            "goals": summary.goals,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "fixed": summary.fixed,
        },
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
