"""The command line. The only module that prints or exits.

Imports of the heavy modules happen inside the commands, so ``--help`` stays fast.
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
    from .watch_stop import Stopper

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PROGRESS_FROM = 500  # notes: below this, a run is too short to need a counter


def _fail(message: str) -> NoReturn:
    click.echo(f"mentorvault: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _today(value: str | None) -> date:
    text = value or os.environ.get("MENTORVAULT_TODAY")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        source = "--today" if value else "MENTORVAULT_TODAY"
        _fail(f"{source} must be a date as YYYY-MM-DD, not {text!r}")


def _split(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _load_config(vault: Path, config_file: Path | None) -> Config:
    from .config import ConfigError, load

    try:
        return load(vault, config_file)
    except ConfigError as err:
        _fail(str(err))


def _progress() -> Callable[[int, int], None] | None:
    """A counter on the terminal while a large vault is read; nothing when output is piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            end = "\n" if done >= total else ""
            click.echo(f"\rmentorvault: reading notes {done}/{total}{end}", err=True, nl=False)

    return show


def _note_cache(root: Path, config: Config, no_cache: bool) -> Any:
    """The on-disk cache of parsed notes (in the user's cache folder), unless turned off."""
    if no_cache or os.environ.get("MENTORVAULT_NO_CACHE"):
        return None
    from .cache import NoteCache

    return NoteCache(root, f"comments={config.check_comments}")


def _vault_and_files(vault: Path | None, files: tuple[str, ...]) -> tuple[Path, tuple[str, ...]]:
    # pre-commit calls `mentorvault check file1 file2`: a file in the VAULT slot is a FILE
    if vault is not None and vault.is_file():
        return Path("."), (str(vault), *files)
    return (vault or Path(".")), files


def _relative(root: Path, files: tuple[str, ...]) -> set[str]:
    base = os.path.realpath(root)
    out = set()
    for f in files:
        rel = os.path.relpath(os.path.realpath(f), base)
        if rel.startswith(".."):
            _fail(f"{f}: not inside the vault {root}")
        out.add(Path(rel).as_posix())
    return out


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

    root, files = _vault_and_files(vault, files)
    today = _today(today_opt)
    config = _load_config(root, config_file)
    try:
        selection = engine.Selection.make(config, _split(select), _split(ignore))
        cache = _note_cache(root, config, no_cache)
        if fix:
            model = vault_mod.load(root, config, cache)
            model, diagnostics, fixed = _fix(model, engine.run(model, config, today, selection),
                                             config, today, selection, files)
            counts = _counts_of(model, config, fixed)
        else:
            outcome = check_vault(root, config, today, selection, cache, _progress())
            diagnostics = outcome.diagnostics
            counts = _Counts(root, outcome.notes, outcome.goals, 0)
    except (ConfigError, vault_mod.VaultError) as err:
        _fail(str(err))
    if files:
        wanted = _relative(root, files)
        diagnostics = [d for d in diagnostics if d.path in wanted]
        # the report speaks of the notes asked about (JUnit lists them as test cases)
        counts = _Counts(counts.root, tuple(p for p in counts.notes if p in wanted), counts.goals, counts.fixed)
    _emit(diagnostics, counts, config, fmt, output)
    sys.exit(_exit_code(diagnostics, fail_on))


def _fix(model: Any, diagnostics: list[Diagnostic], config: Config, today: date, selection: Any,
         files: tuple[str, ...]) -> tuple[Any, list[Diagnostic], int]:
    from .fixer import fix_vault, notices

    only = _relative(model.root, files) if files else None
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


@dataclass(frozen=True)
class _Counts:
    root: Path
    notes: tuple[str, ...]  # the linted notes
    goals: int
    fixed: int


def _counts_of(model: Any, config: Config, fixed: int = 0) -> _Counts:
    from .goals import count_goals

    return _Counts(model.root, tuple(sorted(model.lintable)), count_goals(model, config), fixed)


def _emit(diagnostics: list[Diagnostic], counts: _Counts, config: Config, fmt: str | None,
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
            _fail(f"{output}: cannot write the report: {err.strerror or err}")


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
    today = _today(today_opt)
    config = _load_config(root, config_file)
    try:
        # a bad index.path stops here, before anything is read or cached
        check_target(root, note_path(config), config.language)
        # lean: the note needs the goals (read whole) and the diagnostics, not every note whole
        model = vault_mod.load(root, config, _note_cache(root, config, no_cache), lean=True)
        claim(model, config)
        diagnostics = engine.run(model, config, today, engine.Selection.make(config))
        outcome = refresh(model, config, diagnostics, today, check=check_only)
    except (ConfigError, vault_mod.VaultError, ProgressNoteError) as err:
        _fail(str(err))
    click.echo(outcome.message(config.language))
    sys.exit(EXIT_PROBLEMS if outcome.out_of_date else EXIT_OK)


@main.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--polling", is_flag=True, help="Poll for changes instead of native file events (network drives).")
@click.option("--debounce", default=300, show_default=True, type=click.IntRange(0, 60_000), metavar="MS",
              help="Wait until saves stop for this many milliseconds, then update once.")
@click.option("--today", "today_opt", metavar="YYYY-MM-DD", help="The date to check against (default: the clock).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Use this configuration file instead of the vault's .mentorvault.yaml.")
def watch(vault: Path | None, polling: bool, debounce: int, today_opt: str | None,
          config_file: Path | None) -> None:
    """Lint VAULT on every save and keep its progress note current; Ctrl-C stops.

    \b
    Examples:
      mentorvault watch                      beside Obsidian, in the vault's folder
      mentorvault watch ~/Vault --polling    on a network or synced drive without file events
    Prints the problems once, then each problem that appears (+) or clears (-).
    """
    from .watch_stop import Stopper

    stopper = Stopper()  # first: a stop while the heavy modules load is a clean stop too
    stopper.install()
    try:
        farewell = _watch(vault or Path("."), polling, debounce, today_opt, config_file, stopper)
    finally:
        stopper.restore()
    _leave(farewell)


def _watch(root: Path, polling: bool, debounce: int, today_opt: str | None, config_file: Path | None,
           stopper: Stopper) -> str:
    """Watch until stopped; the line to say on the way out."""
    from .config import ConfigError, load
    from .vault import VaultError
    from .watch import Watcher
    from .watch_stop import Stopped

    if not root.is_dir():
        _fail(f"{root}: no such folder")
    fixed = _today(today_opt) if today_opt or os.environ.get("MENTORVAULT_TODAY") else None
    config = _load_config(root, config_file)
    watcher = Watcher(root, lambda: load(root, config_file), click.echo, debounce=debounce / 1000,
                      polling=polling, today=fixed, config_file=config_file, stopper=stopper)
    stopper.exit_now = lambda: _leave(watcher.farewell())
    try:
        session = watcher.open(config)
        _emit(session.diagnostics, _counts_of(session.vault, session.config), session.config, "text", None)
        click.echo(watcher.banner())
        watcher.run()
    except Stopped:
        pass
    except (ConfigError, VaultError) as err:
        _fail(str(err))
    finally:
        watcher.close()
    return watcher.farewell()


def _leave(farewell: str) -> NoReturn:
    """End a watch with exit 0, at once: nothing is being written when this runs.

    A stop must take less than a second, and two things would take longer: the
    parser processes' batches in flight (ended here, so that none outlives us
    holding our output open), and Python's own teardown, which spends seconds
    freeing the model of a 10,000-note vault. Under a runner that captured the
    output (tests), a normal exit keeps the runner alive.
    """
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    click.echo(farewell)
    sys.stdout.flush()
    sys.stderr.flush()
    if sys.stdout is not sys.__stdout__:
        sys.exit(EXIT_OK)
    os._exit(EXIT_OK)


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

    language = lang or _load_config(Path("."), None).language
    if rule_name is None:
        for info in by_code():
            click.echo(f"{info.code}  {info.name:<24} {info.level.label:<8} {info.summary}")
        return
    found = REGISTRY.get(rule_name) or next((r for r in REGISTRY.values() if r.code == rule_name.upper()), None)
    if found is None:
        _fail(f"no rule named {rule_name!r}; `mentorvault rules` lists them")
    click.echo(f"{found.name} ({found.code}, default {found.level.label})\n")
    click.echo(doc(found.name, language))


def _option_date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{name} must be a date as YYYY-MM-DD, not {value!r}")


def _new_options(fn: Any) -> Any:
    """--vault, --lang and --today, shared by every `new` command."""
    fn = click.option("--today", "today_opt", metavar="YYYY-MM-DD",
                      help="The date to write as today (or MENTORVAULT_TODAY).")(fn)
    fn = click.option("--lang", type=click.Choice(["en", "ru"]),
                      help="Template and folder names in this language (default: the vault's).")(fn)
    return click.option("--vault", type=click.Path(path_type=Path, exists=True, file_okay=False),
                        default=Path("."), show_default=True, help="The vault folder.")(fn)


def _created(make: Any) -> None:
    """Run a `new` command: print the note's path, or say why nothing was written."""
    from datetime import datetime

    from .scaffold import NoteExists, ScaffoldError
    from .writer import ChangedOnDisk

    try:
        created = make(datetime.now().time())
    except ScaffoldError as err:
        _fail(str(err))
    except NoteExists as err:
        click.echo(f"mentorvault: {err.path} already exists: not overwritten", err=True)
        sys.exit(EXIT_PROBLEMS)
    except (OSError, ChangedOnDisk) as err:
        _fail(f"cannot write the note: {err}")
    for notice in created.notices:
        click.echo(f"mentorvault: {notice}", err=True)
    click.echo(str(created.path))


@main.group()
def new() -> None:
    """Make a goal, check-in or mentee note from the templates. Never overwrites a note.

    \b
    Examples:
      mentorvault new goal "Pass three Senior Python interviews" --category career --horizon short
      mentorvault new goal "Пройти собеседование на Senior" --mentee "Анна Смирнова" --lang ru
      mentorvault new check-in "Pass three Senior Python interviews" --date 2026-12-05
      mentorvault new mentee "Anna Smirnova"
    Exit status: 0 written, 1 the note exists (left untouched), 2 usage error.
    """


@new.command("goal")
@click.argument("title")
@click.option("--category", help="professional, career, personal or networking (synonyms accepted).")
@click.option("--horizon", help="short, medium or long; sets due to 90, 180 or 365 days from today.")
@click.option("--due", metavar="YYYY-MM-DD", help="The deadline (default: from --horizon).")
@click.option("--mentee", help="The mentee's name: links the goal to their note and files it in <mentee>/Goals.")
@_new_options
def new_goal(title: str, category: str | None, horizon: str | None, due: str | None, mentee: str | None,
             vault: Path, lang: str | None, today_opt: str | None) -> None:
    """Write the goal TITLE from the goal template into the goals folder and print its path.

    The folder is the first of goals.folders in the config, else <mentee>/Goals
    with --mentee, else Goals (Цели, <mentee>/Цели in Russian).
    """
    from datetime import datetime

    from . import scaffold

    config, today, due_day = _load_config(vault, None), _today(today_opt), _option_date("--due", due)
    language = lang or config.language
    _created(lambda now: scaffold.new_goal(vault, config, scaffold.GoalRequest(
        title, language, datetime.combine(today, now), category, horizon, due_day, mentee)))


@new.command("check-in")
@click.argument("goal")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day of the meeting (default: today).")
@_new_options
def new_checkin(goal: str, day: str | None, vault: Path, lang: str | None, today_opt: str | None) -> None:
    """Write a check-in note for GOAL (its name or path) beside the goal's folder; print its path."""
    from datetime import datetime

    from .scaffold import new_checkin

    config, today = _load_config(vault, None), _today(today_opt)
    meeting = _option_date("--date", day) or today
    _created(lambda now: new_checkin(vault, config, goal, meeting, lang or config.language, datetime.combine(today, now)))


@new.command("mentee")
@click.argument("name")
@_new_options
def new_mentee(name: str, vault: Path, lang: str | None, today_opt: str | None) -> None:
    """Write the profile note NAME/NAME.md from the mentee template; print its path."""
    from datetime import datetime

    from .scaffold import new_mentee

    config, today = _load_config(vault, None), _today(today_opt)
    _created(lambda now: new_mentee(vault, name, lang or config.language, datetime.combine(today, now)))


@main.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["en", "ru"]), help="Language of the config and templates (default: the vault's).")
def init(vault: Path | None, lang: str | None) -> None:
    """Write .mentorvault.yaml and copy the templates into the vault's templates folder.

    Nothing that exists is overwritten; running it again changes nothing.

    \b
    Examples:
      mentorvault init
      mentorvault init MyVault --lang ru
    """
    from . import vault_init
    from .writer import ChangedOnDisk

    root = vault or Path(".")
    language = lang or vault_init.vault_language(root)
    try:
        steps = vault_init.init(root, language)
    except (OSError, ChangedOnDisk) as err:
        _fail(f"cannot set up {root}: {err}")
    for line in vault_init.describe(root, steps, language):
        click.echo(line)
