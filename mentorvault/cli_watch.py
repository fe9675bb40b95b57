"""`mentorvault watch`: lint on every save, beside Obsidian."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from .cli_common import EXIT_OK, counts_of, emit_report, fail, load_config, parse_today

if TYPE_CHECKING:
    from .watch_stop import Stopper


@click.command()
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
        fail(f"{root}: no such folder")
    fixed = parse_today(today_opt) if today_opt or os.environ.get("MENTORVAULT_TODAY") else None
    config = load_config(root, config_file)
    watcher = Watcher(root, lambda: load(root, config_file), click.echo, debounce=debounce / 1000,
                      polling=polling, today=fixed, config_file=config_file, stopper=stopper)
    stopper.exit_now = lambda: _leave(watcher.farewell())
    try:
        session = watcher.open(config)
        emit_report(session.diagnostics, counts_of(session.vault, session.config), session.config, "text", None)
        click.echo(watcher.banner())
        watcher.run()
    except Stopped:
        pass
    except (ConfigError, VaultError) as err:
        fail(str(err))
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
