"""Reporters: each module has one pure ``render(diagnostics, summary) -> str``."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("text", "json", "sarif", "github", "junit")


@dataclass(frozen=True)
class Summary:
    notes: int
    goals: int
    errors: int
    warnings: int
    infos: int = 0
    fixed: int = 0
    language: str = "en"
    # the linted notes, vault-relative and sorted: JUnit lists the clean ones as passed
    paths: tuple[str, ...] = ()
    # the vault's folder as seen from the current folder (POSIX, "" for the current
    # folder): GitHub resolves annotation paths against the repository root, not the vault
    root: str = ""
