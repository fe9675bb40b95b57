"""`mentorvault new` (goal, check-in and mentee notes from the templates) and `mentorvault init`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from .cli_common import EXIT_PROBLEMS, fail, load_config, parse_today


def _option_date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name} must be a date as YYYY-MM-DD, not {value!r}")


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
        fail(str(err))
    except NoteExists as err:
        click.echo(f"mentorvault: {err.path} already exists: not overwritten", err=True)
        sys.exit(EXIT_PROBLEMS)
    except (OSError, ChangedOnDisk) as err:
        fail(f"cannot write the note: {err}")
    for notice in created.notices:
        click.echo(f"mentorvault: {notice}", err=True)
    click.echo(str(created.path))


@click.group()
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

    config, today, due_day = load_config(vault, None), parse_today(today_opt), _option_date("--due", due)
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

    config, today = load_config(vault, None), parse_today(today_opt)
    meeting = _option_date("--date", day) or today
    _created(lambda now: new_checkin(vault, config, goal, meeting, lang or config.language, datetime.combine(today, now)))


@new.command("mentee")
@click.argument("name")
@_new_options
def new_mentee(name: str, vault: Path, lang: str | None, today_opt: str | None) -> None:
    """Write the profile note NAME/NAME.md from the mentee template; print its path."""
    from datetime import datetime

    from .scaffold import new_mentee

    config, today = load_config(vault, None), parse_today(today_opt)
    _created(lambda now: new_mentee(vault, name, lang or config.language, datetime.combine(today, now)))


@click.command()
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
        fail(f"cannot set up {root}: {err}")
    for line in vault_init.describe(root, steps, language):
        click.echo(line)
