"""Measure ``mentorvault check`` against the floor on synthetic vaults of several sizes.

For each size: generate the vault (or reuse it), then, alternating in one run,
measure reading only, the floor (``bench/floor.py``), ``mentorvault check
--format json`` cold (``--no-cache``) and warm, and, when installed,
obsidiantools and markdownlint-cli2 for comparison. Also times
``mentorvault --help``. Prints a table of wall time, peak memory and the
ratio to the floor, and writes ``results.json`` and ``results.md``.

    python bench/run.py --sizes 1000,10000 --repeat 1

Every command runs in a fresh small wrapper process that starts it, times it
with ``time.perf_counter`` and reads ``getrusage(RUSAGE_CHILDREN)``: the peak
RSS it reports belongs to that one command, not to the maximum of all so far.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import make_vault

BENCH = Path(__file__).resolve().parent
TODAY = "2026-11-28"  # fixed, so that every run reports the same diagnostics
NO_CACHE_NOTE = "warm = cold (no cache yet)"

# Runs one command and reports on stdout; -I -S keep the wrapper itself small and quick.
# ru_maxrss is the largest single process; a check that parses in worker processes uses
# more than that at once, so the wrapper also samples the proportional set size (PSS,
# shared pages split between the processes sharing them) of the whole process tree.
WRAPPER = r"""
import json, os, resource, subprocess, sys, time
out, err, cwd, timeout = sys.argv[1:5]
cmd = sys.argv[5:]

def tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return pids

def pss_kb(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass
    return total

with open(out, "wb") as fo, open(err, "wb") as fe:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, cwd=cwd or None)
    peak, rc = 0, None
    while rc is None:
        try:
            rc = proc.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            peak = max(peak, pss_kb(proc.pid))
            if time.perf_counter() - start > float(timeout):
                proc.kill()
                proc.wait()
                rc = "timeout"
    wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": usage.ru_maxrss, "tree_pss_kb": peak,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""

OBSIDIANTOOLS = (
    "import sys; from pathlib import Path; import obsidiantools.api as o; "
    "v = o.Vault(Path(sys.argv[1])).connect().gather(); print(len(v.md_file_index))"
)


@dataclass
class Run:
    """One measured command."""

    size: int
    what: str
    repeat: int
    wall: float
    cpu: float
    peak_mb: float
    tree_mb: float
    rc: int | str
    note: str = ""


@dataclass(frozen=True)
class Command:
    """A command to measure on a vault; ``accept`` says which exit codes mean it worked."""

    what: str
    argv: Callable[[Path], list[str]]
    cwd_is_vault: bool = False
    accept: tuple[int, ...] = (0,)


@dataclass
class Tools:
    mentorvault: Path
    has_cache: bool
    obsidiantools: str | None = None  # a Python that imports obsidiantools
    markdownlint: str | None = None
    check_args: list[str] = field(default_factory=list)  # extra arguments for every `check`


@dataclass
class Context:
    logs: Path
    timeout: float
    runs: list[Run] = field(default_factory=list)


# --- measuring ---


@dataclass(frozen=True)
class Measured:
    """What the wrapper reports about one command."""

    rc: int | str  # "timeout" when it was stopped
    wall: float
    cpu: float
    peak_mb: float  # the largest single process (ru_maxrss)
    tree_mb: float  # the whole process tree at once, sampled every 0.1 s (PSS)


def measure(argv: Sequence[str], logs: Path, stem: str, cwd: Path | None, timeout: float) -> Measured:
    """Run ``argv`` in a fresh wrapper process; stdout and stderr go to ``logs/stem.out|.err``."""
    out, err = logs / f"{stem}.out", logs / f"{stem}.err"
    wrapper = [sys.executable, "-I", "-S", "-c", WRAPPER, str(out), str(err), str(cwd or ""), str(timeout)]
    done = subprocess.run([*wrapper, *argv], capture_output=True, text=True, check=True)
    r = json.loads(done.stdout)
    return Measured(r["rc"], r["wall"], r["cpu"], r["maxrss_kb"] / 1024, r["tree_pss_kb"] / 1024)  # KiB


def run_command(cmd: Command, vault: Path, size: int, repeat: int, ctx: Context) -> Run:
    stem = f"{cmd.what.replace(' ', '-').replace('(', '').replace(')', '')}-{size}"
    m = measure(cmd.argv(vault), ctx.logs, stem, vault if cmd.cwd_is_vault else None, ctx.timeout)
    run = Run(size, cmd.what, repeat, m.wall, m.cpu, m.peak_mb, m.tree_mb, m.rc)
    if m.rc not in cmd.accept:
        run.note = f"failed (exit {m.rc}); see {ctx.logs / stem}.err"
    print(f"  {size:>6}  #{repeat}  {cmd.what:<28} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU "
          f"{m.peak_mb:7.0f} MB ({m.tree_mb:.0f} MB all processes)  {run.note}", flush=True)
    return run


# --- finding the tools ---


def find_mentorvault(given: str | None) -> Path:
    if given:
        return Path(given)
    beside = Path(sys.executable).with_name("mentorvault")  # the venv this script runs in
    found = beside if beside.exists() else shutil.which("mentorvault")
    if not found:
        raise SystemExit("mentorvault not found: install the package or pass --mentorvault PATH")
    return Path(found)


def supports_cache(mentorvault: Path) -> bool:
    """Whether ``check`` has ``--no-cache`` yet: it decides if a warm run differs from a cold one."""
    done = subprocess.run([str(mentorvault), "check", "--help"], capture_output=True, text=True, check=False)
    return "--no-cache" in done.stdout


def find_obsidiantools(given: str | None) -> str | None:
    for python in ([given] if given else [sys.executable]):
        done = subprocess.run([python, "-c", "import obsidiantools.api"], capture_output=True, check=False)
        if done.returncode == 0:
            return python
    return None


def find_markdownlint(given: str | None) -> str | None:
    if given:
        return given
    local = Path("node_modules/.bin/markdownlint-cli2")
    return shutil.which("markdownlint-cli2") or (str(local.resolve()) if local.exists() else None)


def find_tools(args: argparse.Namespace) -> Tools:
    mv = find_mentorvault(args.mentorvault)
    tools = Tools(mv, supports_cache(mv), check_args=shlex.split(args.check_args))
    if not args.no_compare:
        tools.obsidiantools = find_obsidiantools(args.obsidiantools_python)
        tools.markdownlint = find_markdownlint(args.markdownlint_cli2)
    return tools


# --- the commands ---


def floor_command(stage: str, what: str) -> Command:
    return Command(what, lambda v: [sys.executable, str(BENCH / "floor.py"), str(v), "--stage", stage])


def check_command(tools: Tools, what: str, no_cache: bool) -> Command:
    def argv(vault: Path) -> list[str]:
        cmd = [str(tools.mentorvault), "check", str(vault), "--format", "json", "--today", TODAY]
        return cmd + (["--no-cache"] if no_cache else []) + tools.check_args

    return Command(what, argv, accept=(0, 1))  # 1: problems found, which the vault has by design


def compare_commands(tools: Tools) -> list[Command]:
    out = []
    if tools.obsidiantools:
        py = tools.obsidiantools
        out.append(Command("obsidiantools", lambda v: [py, "-c", OBSIDIANTOOLS, str(v)]))
    if tools.markdownlint:
        mdl = tools.markdownlint
        # exit 1 means lint findings; the glob is relative to the vault, the tool's working folder
        out.append(Command("markdownlint-cli2", lambda v: [mdl, "**/*.md"], cwd_is_vault=True, accept=(0, 1)))
    return out


def round_commands(tools: Tools) -> list[Command]:
    """What one repeat measures, in order: floor and check side by side."""
    cmds = [floor_command("read", "read only"), floor_command("full", "floor"),
            check_command(tools, "check (cold)", no_cache=tools.has_cache)]
    if tools.has_cache:
        cmds.append(check_command(tools, "check (warm)", no_cache=False))
    return cmds


# --- one size ---


def bench_size(size: int, args: argparse.Namespace, tools: Tools, ctx: Context) -> dict[str, object]:
    root = make_vault.default_root(args.vault_dir, size, args.seed)
    started = time.perf_counter()
    marker = make_vault.ensure_vault(size, root, args.seed)
    print(f"vault {root}: {marker['notes']} notes, {int(str(marker['note_bytes'])) / 1e6:.1f} MB "
          f"(ready in {time.perf_counter() - started:.1f} s)", flush=True)
    # one unmeasured read puts every note in the page cache, so that no command pays the disk
    measure(floor_command("read", "read").argv(root), ctx.logs, "page-cache-warmup", None, ctx.timeout)
    if tools.has_cache:
        # an empty cache folder of the bench's own: "fills cache" must not find an earlier run's results
        cache = Path(tempfile.mkdtemp(prefix=f"mv-bench-cache-{size}-"))
        os.environ["MENTORVAULT_CACHE_DIR"] = str(cache)
        ctx.runs.append(run_command(check_command(tools, "check (fills cache)", False), root, size, 0, ctx))
    compare = compare_commands(tools) if size <= args.compare_up_to else []
    for repeat in range(1, args.repeat + 1):
        cmds = round_commands(tools)
        # alternate the order, so that neither side always runs on a machine the other has just warmed
        ordered = cmds if repeat % 2 else [cmds[0], *reversed(cmds[1:])]
        for cmd in [*ordered, *compare]:
            ctx.runs.append(run_command(cmd, root, size, repeat, ctx))
    _check_output(ctx.logs / f"check-cold-{size}.out", size)
    if tools.has_cache:
        shutil.rmtree(cache, ignore_errors=True)
    return marker


def _check_output(path: Path, size: int) -> None:
    """A check that printed nothing useful must not pass for a fast one."""
    try:
        summary = json.loads(path.read_text("utf-8"))["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        print(f"  warning: {path} is not mentorvault's JSON report", flush=True)
        return
    print(f"  check reported {summary.get('notes')} notes, {summary.get('errors')} errors, "
          f"{summary.get('warnings')} warnings (vault of {size})", flush=True)


# --- --help ---


def time_help(tools: Tools, ctx: Context, times: int) -> dict[str, float]:
    """Median wall time of ``mentorvault --help`` and, for scale, of a bare ``python -c pass``."""
    help_cmd = [str(tools.mentorvault), "--help"]
    bare = [sys.executable, "-c", "pass"]
    walls: dict[str, list[float]] = {"help": [], "python": []}
    for _ in range(times):
        for key, argv in (("help", help_cmd), ("python", bare)):
            walls[key].append(measure(argv, ctx.logs, f"startup-{key}", None, 60).wall)
    return {f"{k}_ms": statistics.median(v) * 1000 for k, v in walls.items()}


# --- the report ---


@dataclass
class Row:
    size: int
    what: str
    wall: float | None
    low: float | None
    cpu: float | None
    peak_mb: float | None
    tree_mb: float | None
    ratio: float | None
    cpu_ratio: float | None
    n: int
    note: str = ""


def summarise(runs: list[Run], sizes: list[int], tools: Tools) -> list[Row]:
    rows = []
    for size in sizes:
        mine = [r for r in runs if r.size == size]
        floors = [r for r in mine if r.what == "floor" and not r.note]
        floor = (_median([r.wall for r in floors]), _median([r.cpu for r in floors]))
        for what in dict.fromkeys(r.what for r in mine):
            rows.append(_row(size, what, [r for r in mine if r.what == what], floor))
            if what == "check (cold)" and not tools.has_cache:
                rows.append(Row(size, "check (warm)", None, None, None, None, None, None, None, 0, NO_CACHE_NOTE))
    return rows


def _row(size: int, what: str, runs: list[Run], floor: tuple[float | None, float | None]) -> Row:
    """Medians of the runs; ratios to the floor's median wall time and, less sensitive to a busy machine, CPU time."""
    good = [r for r in runs if not r.note]
    wall, cpu = _median([r.wall for r in good]), _median([r.cpu for r in good])
    note = next((r.note for r in runs if r.note), "")
    return Row(size, what, wall, min((r.wall for r in good), default=None), cpu,
               max((r.peak_mb for r in good), default=None), max((r.tree_mb for r in good), default=None),
               _ratio(wall, floor[0]), _ratio(cpu, floor[1]), len(good), note)


def _ratio(value: float | None, floor: float | None) -> float | None:
    return value / floor if value is not None and floor else None


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, spec: str) -> str:
    return format(value, spec) if value is not None else "—"


def table(rows: list[Row], marks: dict[int, dict[str, object]]) -> list[str]:
    head = ("| notes | MB | what | wall s (median) | min s | CPU s | peak RSS MB | all processes MB "
            "| × floor | × floor (CPU) | runs |")
    lines = [head, "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        mb = int(str(marks[row.size]["note_bytes"])) / 1e6
        if row.note and row.wall is None:
            lines.append(f"| {row.size:,} | {mb:.1f} | {row.what} | {row.note} | | | | | | | |")
            continue
        lines.append(
            f"| {row.size:,} | {mb:.1f} | {row.what} | {_fmt(row.wall, '.2f')} | {_fmt(row.low, '.2f')} "
            f"| {_fmt(row.cpu, '.2f')} | {_fmt(row.peak_mb, '.0f')} | {_fmt(row.tree_mb or None, '.0f')} "
            f"| {_fmt(row.ratio, '.3f')} "
            f"| {_fmt(row.cpu_ratio, '.3f')} | {row.n} |"
            + (f" {row.note}" if row.note else "")
        )
    return lines


def targets(rows: list[Row], help_ms: float) -> list[str]:
    """The issue's targets, each with the measured figure and whether it is met."""
    def find(size: int, what: str) -> Row | None:
        return next((r for r in rows if r.size == size and r.what == what), None)

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else "met" if ok else "NOT met"

    cold, warm = find(10000, "check (cold)"), find(10000, "check (warm)")
    cold_ratio = cold.ratio if cold else None
    if warm is not None and warm.note == NO_CACHE_NOTE:
        warm_line = f"{NO_CACHE_NOTE} — NOT met"
    else:
        warm_ratio = warm.ratio if warm else None
        warm_line = f"{_fmt(warm_ratio, '.3f')}× — {verdict(None if warm_ratio is None else warm_ratio <= 0.08)}"
    # the whole process tree counts: a check with parse workers holds them all at once
    peaks = [max(r.peak_mb or 0, r.tree_mb or 0) for r in rows if r.size == 50000 and r.what.startswith("check")]
    peak = max(peaks) if peaks else None
    return [
        (f"- cold check at 10k ≤ 0.6× floor: {_fmt(cold_ratio, '.2f')}× — "
        f"{verdict(None if cold_ratio is None else cold_ratio <= 0.6)}"),
        f"- warm check at 10k ≤ 0.08× floor: {warm_line}",
        (f"- peak memory of check at 50k ≤ 600 MB: {_fmt(peak, '.0f')} MB — "
        f"{verdict(None if peak is None else peak <= 600)}"),
        f"- `mentorvault --help` ≤ 150 ms: {help_ms:.0f} ms — {verdict(help_ms <= 150)}",
    ]


def environment(tools: Tools) -> dict[str, object]:
    def output(argv: list[str]) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
        except OSError:
            return ""

    return {
        "python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
        "mentorvault": output([str(tools.mentorvault), "--version"]), "mentorvault_path": str(tools.mentorvault),
        # the benchmark's own commit: the mentorvault measured may be installed from elsewhere
        "bench_commit": output(["git", "-C", str(BENCH), "rev-parse", "--short", "HEAD"]),
        "check_has_cache": tools.has_cache, "check_args": tools.check_args,
        "obsidiantools": tools.obsidiantools,
        "markdownlint_cli2": tools.markdownlint,
    }


def write_report(out: Path, env: dict[str, object], help_times: dict[str, float], rows: list[Row],
                 runs: list[Run], marks: dict[int, dict[str, object]]) -> list[str]:
    lines = [(f"mentorvault --help: {help_times['help_ms']:.0f} ms median "
             f"(bare `python -c pass`: {help_times['python_ms']:.0f} ms)"), "",
             *table(rows, marks), "", "Targets (issue 8):", *targets(rows, help_times["help_ms"])]
    header = [(f"Environment: Python {env['python']}, {env['platform']}, {env['cpus']} CPUs, "
              f"{env['mentorvault']} ({env['mentorvault_path']}), bench at {env['bench_commit']}"), ""]
    if env["check_args"]:
        header[-1:] = [f"Every check ran with: {' '.join(map(str, env['check_args']))}", ""]
    (out / "results.md").write_text("\n".join(header + lines) + "\n", "utf-8")
    data = {"environment": env, "startup": help_times, "vaults": {str(k): v for k, v in marks.items()},
            "rows": [asdict(r) for r in rows], "runs": [asdict(r) for r in runs]}
    (out / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return header + lines


# --- main ---


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000,50000", help="vault sizes in notes (default: %(default)s)")
    p.add_argument("--repeat", type=int, default=3, help="measurements of each command per size (default: 3)")
    p.add_argument("--seed", type=int, default=make_vault.DEFAULT_SEED)
    p.add_argument("--vault-dir", type=Path, default=Path("/tmp/mv-bench"),
                   help="where vaults are generated and reused (default: %(default)s)")
    p.add_argument("--out", type=Path, help="folder for results and logs (default: VAULT_DIR/results)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds before one command is stopped")
    p.add_argument("--help-runs", type=int, default=10, help="runs of `mentorvault --help` (default: 10)")
    p.add_argument("--mentorvault", help="the mentorvault executable (default: beside this Python, or on PATH)")
    p.add_argument("--obsidiantools-python", help="a Python that can import obsidiantools")
    p.add_argument("--markdownlint-cli2", help="the markdownlint-cli2 executable (default: on PATH)")
    p.add_argument("--compare-up-to", type=int, default=10000,
                   help="run the comparison tools only on vaults up to this size (default: %(default)s)")
    p.add_argument("--no-compare", action="store_true", help="skip obsidiantools and markdownlint-cli2")
    p.add_argument("--check-args", default="", metavar="ARGS",
                   help="extra arguments for every `mentorvault check`, e.g. \"--ignore broken-link\"")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    out = args.out or args.vault_dir / "results"
    ctx = Context(out / "logs", args.timeout)
    ctx.logs.mkdir(parents=True, exist_ok=True)
    tools = find_tools(args)
    env = environment(tools)
    print(json.dumps(env, ensure_ascii=False), flush=True)
    help_times = time_help(tools, ctx, args.help_runs)
    marks = {size: bench_size(size, args, tools, ctx) for size in sizes}
    rows = summarise(ctx.runs, sizes, tools)
    print("\n".join(["", *write_report(out, env, help_times, rows, ctx.runs, marks)]))
    print(f"\nwritten: {out / 'results.md'}, {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
