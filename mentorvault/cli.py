"""The command line: `mentorvault` and its commands.

``check``, ``index`` and ``rules`` are here, ``new`` and ``init`` in cli_new,
``watch`` in cli_watch, and what they share in cli_common: the only modules
that print or exit. Imports of the heavy modules happen inside the commands,
so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Counts,
    counts_of,
    emit_report,
    fail,
    load_config,
    note_cache,
    parse_today,
    progress_counter,
    relative_paths,
    split_names,
    vault_and_files,
)
from .cli_new import init, new
from .cli_watch import watch

if TYPE_CHECKING:
    from .config import Config
    from .diagnostics import Diagnostic


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentorvault")
def main() -> None:
    """Lint an Obsidian vault of mentorship goals and keep its progress note.

    \b
    Examples:
      mentorvault check                      lint the vault in this folder
      mentorvault check MyVault --format json
      mentorvault rules smart-measurable     what a rule checks, with examples
    """


@main.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "junit"]),
              help="Output format (default: text; github inside GitHub Actions).")
@click.option("--output", type=click.Path(path_type=Path), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Only these rules (names, families or code prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
              help="Exit 1 when a problem at or above this level is found.")
@click.option("--today", "today_opt", metavar="YYYY-MM-DD", help="The date to check against (or MENTORVAULT_TODAY).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Use this configuration file instead of the vault's .mentorvault.yaml.")
@click.option("--fix", is_flag=True, help="Rewrite the mechanical mistakes (only their exact spans), then report the rest.")
@click.option("--no-cache", is_flag=True, help="Parse every note again; neither read nor write the note cache.")
def check(vault: Path | None, files: tuple[str, ...], fmt: str | None, output: Path | None,
          select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str, today_opt: str | None,
          config_file: Path | None, fix: bool, no_cache: bool) -> None:
    """Lint VAULT (default: this folder); report only FILES when given.

    \b
    Examples:
      mentorvault check sample_vault --today 2026-11-28
      mentorvault check . Goals/Career.md          report one note, resolve links vault-wide
      mentorvault check --select links --fail-on warning
      mentorvault check --fix                  quote link properties, rename old keys, ...
    Exit status: 0 clean, 1 problems at or above --fail-on, 2 usage or vault error.
    """
    from . import engine
    from . import vault as vault_mod
    from .config import ConfigError
    from .run import check_vault

    root, files = vault_and_files(vault, files)
    today = parse_today(today_opt)
    config = load_config(root, config_file)
    try:
        selection = engine.Selection.make(config, split_names(select), split_names(ignore))
        cache = note_cache(root, config, no_cache)
        if fix:
            model = vault_mod.load(root, config, cache)
            model, diagnostics, fixed = _fix(model, engine.run(model, config, today, selection),
                                             config, today, selection, files)
            counts = counts_of(model, config, fixed)
        else:
            outcome = check_vault(root, config, today, selection, cache, progress_counter())
            diagnostics = outcome.diagnostics
            counts = Counts(root, outcome.notes, outcome.goals, 0)
    except (ConfigError, vault_mod.VaultError) as err:
        fail(str(err))
    if files:
        wanted = relative_paths(root, files)
        diagnostics = [d for d in diagnostics if d.path in wanted]
        # the report speaks of the notes asked about (JUnit lists them as test cases)
        counts = Counts(counts.root, tuple(p for p in counts.notes if p in wanted), counts.goals, counts.fixed)
    emit_report(diagnostics, counts, config, fmt, output)
    sys.exit(_exit_code(diagnostics, fail_on))


def _fix(model: Any, diagnostics: list[Diagnostic], config: Config, today: date, selection: Any,
         files: tuple[str, ...]) -> tuple[Any, list[Diagnostic], int]:
    from .fixer import fix_vault, notices

    only = relative_paths(model.root, files) if files else None
    run = fix_vault(model, diagnostics, config, today, selection, only)
    for line in notices(run, config.language):
        click.echo(f"mentorvault: {line}", err=True)
    return run.vault, run.diagnostics, run.fixed


def _exit_code(diagnostics: list[Diagnostic], fail_on: str) -> int:
    from .diagnostics import Level

    if fail_on == "never":
        return EXIT_OK
    floor = Level.parse(fail_on)
    return EXIT_PROBLEMS if any(d.level >= floor for d in diagnostics) else EXIT_OK


@main.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Only compare: exit 1 when the note is out of date, 0 when it is current; write nothing.")
@click.option("--today", "today_opt", metavar="YYYY-MM-DD", help="The date to write the note for (or MENTORVAULT_TODAY).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Use this configuration file instead of the vault's .mentorvault.yaml.")
@click.option("--no-cache", is_flag=True, help="Parse every note again; neither read nor write the note cache.")
def index(vault: Path | None, check_only: bool, today_opt: str | None, config_file: Path | None,
          no_cache: bool) -> None:
    """Write the progress note of VAULT (default: this folder).

    \b
    Examples:
      mentorvault index sample_vault --today 2026-11-28
      mentorvault index --check            in CI or pre-commit: is the note current?
    Only the block between the mentorvault markers is rewritten, and only when it changes.
    Exit status: 0 written or current, 1 out of date (--check), 2 usage, config or vault error.
    """
    from . import engine
    from . import vault as vault_mod
    from .config import ConfigError
    from .progress_note import ProgressNoteError
    from .progress_update import check_target, claim, note_path, refresh

    root = vault or Path(".")
    today = parse_today(today_opt)
    config = load_config(root, config_file)
    try:
        # a bad index.path stops here, before anything is read or cached
        check_target(root, note_path(config), config.language)
        # lean: the note needs the goals (read whole) and the diagnostics, not every note whole
        model = vault_mod.load(root, config, note_cache(root, config, no_cache), lean=True)
        claim(model, config)
        diagnostics = engine.run(model, config, today, engine.Selection.make(config))
        outcome = refresh(model, config, diagnostics, today, check=check_only)
    except (ConfigError, vault_mod.VaultError, ProgressNoteError) as err:
        fail(str(err))
    click.echo(outcome.message(config.language))
    sys.exit(EXIT_PROBLEMS if outcome.out_of_date else EXIT_OK)


@main.command()
@click.argument("rule_name", required=False, metavar="RULE")
@click.option("--lang", type=click.Choice(["en", "ru"]), help="Language of the docs (default: config, else LANG).")
def rules(rule_name: str | None, lang: str | None) -> None:
    """List every rule, or show one rule's documentation.

    \b
    Examples:
      mentorvault rules
      mentorvault rules broken-link
      mentorvault rules MV201 --lang ru
    """
    from .rules import REGISTRY, by_code
    from .rules.docs import doc

    language = lang or load_config(Path("."), None).language
    if rule_name is None:
        for info in by_code():
            click.echo(f"{info.code}  {info.name:<24} {info.level.label:<8} {info.summary}")
        return
    found = REGISTRY.get(rule_name) or next((r for r in REGISTRY.values() if r.code == rule_name.upper()), None)
    if found is None:
        fail(f"no rule named {rule_name!r}; `mentorvault rules` lists them")
    click.echo(f"{found.name} ({found.code}, default {found.level.label})\n")
    click.echo(doc(found.name, language))


main.add_command(new)
main.add_command(init)
main.add_command(watch)
