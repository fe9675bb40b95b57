"""What the commands share: dates and names from options, the config, the note cache, the report.

With the command modules (cli, cli_new, cli_watch), the only modules that print or exit.
Imports of the heavy modules happen inside the functions, so ``--help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from .config import Config
    from .diagnostics import Diagnostic

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PROGRESS_FROM = 500  # notes: below this, a run is too short to need a counter


def fail(message: str) -> NoReturn:
    click.echo(f"mentorvault: {message}", err=True)
    sys.exit(EXIT_USAGE)


def parse_today(value: str | None) -> date:
    text = value or os.environ.get("MENTORVAULT_TODAY")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        source = "--today" if value else "MENTORVAULT_TODAY"
        fail(f"{source} must be a date as YYYY-MM-DD, not {text!r}")


def split_names(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def load_config(vault: Path, config_file: Path | None) -> Config:
    from .config import ConfigError, load

    try:
        return load(vault, config_file)
    except ConfigError as err:
        fail(str(err))


def progress_counter() -> Callable[[int, int], None] | None:
    """A counter on the terminal while a large vault is read; nothing when output is piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            end = "\n" if done >= total else ""
            click.echo(f"\rmentorvault: reading notes {done}/{total}{end}", err=True, nl=False)

    return show


def note_cache(root: Path, config: Config, no_cache: bool) -> Any:
    """The on-disk cache of parsed notes (in the user's cache folder), unless turned off."""
    if no_cache or os.environ.get("MENTORVAULT_NO_CACHE"):
        return None
    from .cache import NoteCache

    return NoteCache(root, f"comments={config.check_comments}")


def vault_and_files(vault: Path | None, files: tuple[str, ...]) -> tuple[Path, tuple[str, ...]]:
    # pre-commit calls `mentorvault check file1 file2`: a file in the VAULT slot is a FILE
    if vault is not None and vault.is_file():
        return Path("."), (str(vault), *files)
    return (vault or Path(".")), files


def relative_paths(root: Path, files: tuple[str, ...]) -> set[str]:
    base = os.path.realpath(root)
    out = set()
    for f in files:
        rel = os.path.relpath(os.path.realpath(f), base)
        if rel.startswith(".."):
            fail(f"{f}: not inside the vault {root}")
        out.add(Path(rel).as_posix())
    return out


@dataclass(frozen=True)
class Counts:
    root: Path
    notes: tuple[str, ...]  # the linted notes
    goals: int
    fixed: int


def counts_of(model: Any, config: Config, fixed: int = 0) -> Counts:
    from .goals import count_goals

    return Counts(model.root, tuple(sorted(model.lintable)), count_goals(model, config), fixed)


def emit_report(diagnostics: list[Diagnostic], counts: Counts, config: Config, fmt: str | None,
          output: Path | None) -> None:
    from importlib import import_module

    from .diagnostics import Level
    from .report import Summary
    from .vault import display_path

    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    root = Path(os.path.relpath(counts.root)).as_posix()
    summary = Summary(
        notes=len(counts.notes), goals=counts.goals,
        errors=sum(d.level == Level.ERROR for d in diagnostics),
        warnings=sum(d.level == Level.WARNING for d in diagnostics),
        infos=sum(d.level == Level.INFO for d in diagnostics),
        language=config.language,
        fixed=counts.fixed,
        paths=tuple(display_path(p) for p in counts.notes),
        root="" if root == "." else root,
    )
    module = import_module(f"mentorvault.report.{fmt}")
    kwargs = {"colour": output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ} if fmt == "text" else {}
    text = module.render(diagnostics, summary, **kwargs)
    if output is None:
        click.echo(text, nl=False)
    else:
        from .writer import write_if_changed

        try:
            write_if_changed(output, text.encode("utf-8"))
        except OSError as err:
            fail(f"{output}: cannot write the report: {err.strerror or err}")
