"""Security: nothing read or written outside the vault, no object built from YAML, nothing injected.

File access is observed, not guessed: the console script runs with an audit
hook (robustness/runner.py) that logs every file it opens, lists, creates,
renames or removes, and the test compares each path, resolved, with the
vault and the few places a Python program must read (its interpreter, its
libraries, the package itself). The note cache cannot run code: see
tests/test_cache.py::test_a_tampered_cache_cannot_run_code.
"""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from robustness import runner

import mentorvault
from mentorvault.frontmatter import ObsidianLoader
from mentorvault.notes import parse_note

PACKAGE = Path(mentorvault.__file__).resolve().parent
TODAY = runner.TODAY
UNSAFE_LOADERS = ("Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader")


def _real(path: str | Path) -> str:
    return os.path.realpath(path)


def _under(path: str, folder: str | Path) -> bool:
    base = _real(folder)
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _python_dirs(tmp: Path) -> list[Path]:
    return [Path(sys.prefix), Path(sys.base_prefix), PACKAGE, PACKAGE.parent / "templates", tmp / "mv-test-hooks"]


def touched(log: Path) -> list[tuple[str, str, str]]:
    """(R or W, event, resolved path) for every file access the child made."""
    out = []
    for line in log.read_bytes().decode("utf-8", "surrogateescape").splitlines():
        kind, event, path = line.split(" ", 2)
        out.append((kind, event, _real(path.replace("\\n", "\n"))))
    return out


def escapes(log: Path, vault: Path, tmp: Path, *, reads: tuple[Path, ...] = ()) -> list[tuple[str, str, str]]:
    """Accesses outside the vault: reads beyond Python's own files and ``reads``, and any write."""
    allowed = [*_python_dirs(tmp), *reads, tmp / "mv-cache"]
    bad = []
    for kind, event, path in touched(log):
        if _under(path, vault) or path in ("/dev/null", "/dev/urandom"):
            continue
        if kind == "R" and re.match(r"/proc/(self|\d+)/status$", path):
            continue  # the umask, read without setting it
        if kind == "R" and any(_under(path, a) for a in allowed):
            continue
        if kind == "W" and _under(path, tmp / "mv-cache"):
            continue
        bad.append((kind, event, path))
    return bad


def audited(args: list[str], tmp: Path, name: str = "audit.log", **kw: str) -> tuple[runner.Run, Path]:
    log = tmp / name
    log.unlink(missing_ok=True)
    return runner.run(args, tmp, MV_TEST_AUDIT=str(log), **kw), log


def _goal(title: str, extra: str = "") -> str:
    return (f"---\ntype: goal\ntitle: {json.dumps(title)}\ncategory: career\nhorizon: short\nstatus: active\n"
            f"start: 2026-11-01\ndue: 2027-01-31\nmetric: an offer\n{extra}---\n## Plan\n- [ ] x\n")


@pytest.fixture
def leaky(tmp_path: Path) -> tuple[Path, Path]:
    """A vault whose notes and links point outside it in every way we know."""
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    vault.mkdir()
    (outside / "outside.md").write_text("---\ntag: leaked\n---\n[[Leaked]]\n")
    (outside / "folder" / "Inner.md").write_text("[[Leaked]]\n")
    os.symlink(outside / "outside.md", vault / "outside.md")
    os.symlink(outside / "folder", vault / "folder")
    os.symlink("/etc/passwd", vault / "passwd.md")
    os.symlink("/etc", vault / "etc")
    (vault / "Goal.md").write_text(_goal(
        "Reach three interviews", 'tag: fixme\narea: "[[../outside]]"\n'
    ) + "[[../outside]] [[../../outside/outside]] [x](../outside.md) ![[/etc/passwd]] "
        "[[folder/Inner]] [[etc/passwd]] [y](file:///etc/passwd) [[outside]] [[passwd]]\n")
    return vault, outside


def test_check_fix_and_index_touch_nothing_outside_the_vault(leaky: tuple[Path, Path], tmp_path: Path) -> None:
    vault, outside = leaky
    before = {p: p.read_bytes() for p in outside.rglob("*.md")}
    for i, args in enumerate((["check", str(vault), "--format", "json", "--today", TODAY],
                              ["check", str(vault), "--fix", "--today", TODAY],
                              ["index", str(vault), "--today", TODAY])):
        run, log = audited(args, tmp_path, f"audit{i}.log")
        run.assert_sound()
        assert escapes(log, vault, tmp_path) == [], args
        assert any(_under(p, vault) for _, _, p in touched(log))  # the hook saw the vault itself
    assert {p: p.read_bytes() for p in outside.rglob("*.md")} == before
    assert "type: goal" in (vault / "Goal.md").read_text()  # --fix did edit the vault's own note
    assert "tags: fixme" in (vault / "Goal.md").read_text()


@pytest.mark.parametrize("args", [["check", "--format", "sarif"], ["check", "--format", "junit"], ["index", "--check"]],
                         ids=["check-sarif", "check-junit", "index-check"])
def test_check_and_index_check_write_nothing(leaky: tuple[Path, Path], tmp_path: Path, args: list[str]) -> None:
    """Only --fix writes a user's note, and only index (without --check) writes the progress note."""
    vault, _ = leaky
    run, log = audited([args[0], str(vault), *args[1:], "--today", TODAY], tmp_path)
    assert run.code in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert [e for e in touched(log) if e[0] == "W" and not _under(e[2], tmp_path / "mv-cache")] == []


@pytest.mark.parametrize("where", ["../../outside.md", "../outside/progress.md", "/tmp/mv-progress.md",
                                   "folder/Progress.md", "outside.md", ".obsidian/../../x.md"])
def test_index_path_cannot_point_outside_the_vault(leaky: tuple[Path, Path], tmp_path: Path, where: str) -> None:
    vault, outside = leaky
    (vault / ".mentorvault.yaml").write_text(f"index:\n  path: {json.dumps(where)}\n")
    before = {p: p.read_bytes() for p in outside.rglob("*")  if p.is_file()}
    run, log = audited(["index", str(vault), "--today", TODAY], tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr  # one clear line
    assert [e for e in escapes(log, vault, tmp_path) if e[0] == "W"] == []
    assert [e for e in touched(log) if e[0] == "W" and not _under(e[2], tmp_path / "mv-cache")] == []
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    assert not Path("/tmp/mv-progress.md").exists()


def test_a_config_named_on_the_command_line_cannot_move_the_note_out(leaky: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    """--config is read because the user named it; its values still cannot reach outside."""
    vault, outside = leaky
    config = outside / "ci.yaml"
    config.write_text("index:\n  path: ../outside/written.md\n")
    run, log = audited(["index", str(vault), "--config", str(config), "--today", TODAY], tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert escapes(log, vault, tmp_path, reads=(config,)) == []
    assert not (outside / "written.md").exists()


def test_the_progress_note_is_not_written_through_a_symlink(leaky: tuple[Path, Path], tmp_path: Path) -> None:
    vault, outside = leaky
    os.symlink(outside / "outside.md", vault / "Mentorship Progress.md")
    before = (outside / "outside.md").read_bytes()
    run, log = audited(["index", str(vault), "--today", TODAY], tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert escapes(log, vault, tmp_path) == []
    assert (outside / "outside.md").read_bytes() == before
    assert [p.name for p in vault.iterdir() if p.name.endswith(".tmp")] == []


def test_init_writes_no_template_outside_the_vault(tmp_path: Path) -> None:
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    (vault / ".obsidian").mkdir(parents=True)
    outside.mkdir()
    (vault / ".obsidian" / "templates.json").write_text('{"folder": "../outside/tpl"}')
    run, log = audited(["init", str(vault), "--lang", "en"], tmp_path)
    assert run.code in (0, 2) and "Traceback" not in run.stderr
    assert list(outside.rglob("*")) == []
    assert escapes(log, vault, tmp_path) == []


def test_new_goal_writes_no_note_outside_the_vault(tmp_path: Path) -> None:
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    vault.mkdir()
    outside.mkdir()
    (vault / ".mentorvault.yaml").write_text('goals:\n  folders: ["../outside/goals"]\n')
    run, log = audited(["new", "goal", "Pass three interviews", "--vault", str(vault), "--today", TODAY], tmp_path)
    assert "Traceback" not in run.stderr
    assert list(outside.rglob("*")) == []
    assert escapes(log, vault, tmp_path) == []


@pytest.mark.parametrize("how", ["dotdot", "symlink"])
def test_new_goal_reads_no_template_outside_the_vault(tmp_path: Path, how: str) -> None:
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    (vault / ".obsidian").mkdir(parents=True)
    (outside / "tpl").mkdir(parents=True)
    (outside / "tpl" / "Goal.md").write_text("---\ntype: goal\n---\nSECRET OUTSIDE {{title}}\n")
    if how == "dotdot":
        (vault / ".obsidian" / "templates.json").write_text('{"folder": "../outside/tpl"}')
    else:
        os.symlink(outside / "tpl", vault / "Templates")
        (vault / ".obsidian" / "templates.json").write_text('{"folder": "Templates"}')
    run, log = audited(["new", "goal", "Pass three interviews", "--vault", str(vault), "--today", TODAY], tmp_path)
    assert run.code == 0, run.stderr
    assert escapes(log, vault, tmp_path) == []
    assert "SECRET OUTSIDE" not in (vault / "Goals" / "Pass three interviews.md").read_text()


# YAML never constructs objects

TAGS = ["!!python/object/apply:os.system ['touch PWNED']", "!!python/object/new:os.system ['touch PWNED']",
        "!!python/name:os.system", "!!python/module:os", "!!python/object:os._wrap_close {}",
        "!!python/tuple [1, 2]", "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch PWNED']"]


@pytest.mark.parametrize("tag", TAGS)
def test_frontmatter_never_constructs_an_object(tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    note = parse_note("a.md", f"---\nx: {tag}\ny: [{tag}]\n---\nbody\n".encode())
    assert note.frontmatter.data is None
    assert [p.rule for p in note.problems] == ["invalid-frontmatter"]
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("tag", TAGS[:3])
def test_the_config_file_never_constructs_an_object(tag: str, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / ".mentorvault.yaml").write_text(f"language: {tag}\n")
    run = runner.check(vault, tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert ".mentorvault.yaml" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "PWNED").exists()


# The progress note: no active HTML, no javascript: link, no diagram directive from a title

HOSTILE_TITLES = [
    "<script>alert(1)</script> three words",
    "<img src=x onerror=alert(1)> three words",
    "[click me](javascript:alert(1)) three words",
    "<a href='javascript:alert(1)'>three words</a>",
    "%%{init: {'securityLevel': 'loose'}}%% three words",
    "click g1 call alert(1) three words",
    "call alert(1) three words",
    "Evil\nclick x href \"javascript:alert(1)\" three",
    "```\n<script>alert(1)</script>\n``` three",
    "50%% then the rest three words",
    "a]] | b [[c three words",
    "<!-- three words",
    "<style>body{display:none}</style> three",
    "<iframe src=//evil> three words",
]
_TAG = re.compile(r"<\s*/?\s*[a-z!]", re.IGNORECASE)
_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def _tokens(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        out.append(t)
        out += _tokens(t.children or [])
    return out


def test_titles_cannot_inject_html_links_or_diagram_directives(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    for i, title in enumerate(HOSTILE_TITLES):
        (vault / f"g{i}.md").write_text(_goal(title), encoding="utf-8")
    run = runner.run(["index", str(vault), "--today", TODAY], tmp_path)
    assert run.code == 0, run.stderr
    note = (vault / "Mentorship Progress.md").read_text("utf-8")
    start, end = note.index("%% mentorvault:begin %%"), note.index("%% mentorvault:end %%")
    block = note[start:end + len("%% mentorvault:end %%")]
    assert block.count("%%") == 4  # the markers only: a title cannot open an Obsidian comment
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = _tokens(md.parse(note))
    html = [t.content.strip() for t in tokens if t.type in ("html_block", "html_inline")]
    assert set(html) <= {"<!-- linter-disable -->", "<!-- linter-enable -->"}, html
    hrefs = [str(t.attrs.get("href", "")) for t in tokens if t.type == "link_open"]
    assert not [h for h in hrefs if _SCHEME.match(h)], hrefs
    [fence] = [t for t in tokens if t.type == "fence" and t.info.strip() == "mermaid"]
    for line in fence.content.splitlines()[1:]:
        words = line.strip()
        assert not re.match(r"(click|call|href|%%)", words, re.IGNORECASE), line
        assert not _TAG.search(words) and "`" not in words and "%%" not in words, line
    tasks = [ln for ln in fence.content.splitlines() if re.search(r":(\w+, )*\d{4}-\d{2}-\d{2}, \d{4}", ln)]
    assert len(tasks) == len(HOSTILE_TITLES)  # one task line per goal: no title broke its line


# Every output format escapes what it prints

HOSTILE_NAMES = [
    "evil\n::add-mask::secret.md",
    "evil\r\n::set-output name=x::y.md",
    "ansi \x1b[2J\x1b]0;title\x07.md",
    "xml \x01\x0b\x1f ]]> <b> & \".md",
    "50% plan, v2: #1 %0A.md",
]
HOSTILE_LINKS = "[a](a%0A%3A%3Aset-output%20name%3Dx%3A%3Ay.md) [b](x%1B%5B2Jy.md) [c](z%01w.md) [[q\x1b[31m]]\n"


@pytest.fixture
def hostile_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in HOSTILE_NAMES:
        (vault / name).write_text("---\ntag: t\n---\n" + HOSTILE_LINKS)
    return vault


def _report(vault: Path, tmp: Path, fmt: str) -> runner.Run:
    run = runner.run(["check", str(vault), "--format", fmt, "--today", TODAY], tmp)
    run.assert_sound()
    assert run.code == 1
    return run


def test_json_is_valid_and_names_every_note(hostile_vault: Path, tmp_path: Path) -> None:
    doc = json.loads(_report(hostile_vault, tmp_path, "json").stdout)
    assert {d["path"] for d in doc["diagnostics"]} == set(HOSTILE_NAMES)
    assert any("\n::set-output" in d["message"] for d in doc["diagnostics"])  # the text is kept, escaped


def test_text_prints_no_control_characters(hostile_vault: Path, tmp_path: Path) -> None:
    out = _report(hostile_vault, tmp_path, "text").stdout
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]", out), repr(out)
    doc = json.loads(_report(hostile_vault, tmp_path, "json").stdout)
    count = len(doc["diagnostics"]) + sum(bool(d["hint"]) for d in doc["diagnostics"]) + 1
    assert len(out.splitlines()) == count  # every problem is one line: no name or message split one


def test_github_annotations_cannot_be_forged(hostile_vault: Path, tmp_path: Path) -> None:
    # the runner reads its commands line by line, a line ending at \n or \r
    lines = re.split(r"\r\n|\r|\n", _report(hostile_vault, tmp_path, "github").stdout.rstrip("\n"))
    commands = [ln for ln in lines if ln.startswith("::")]
    assert lines[-1] == next(ln for ln in lines if not ln.startswith("::"))  # only the summary is plain
    assert all(re.match(r"::(error|warning|notice) file=[^:\r]*,line=\d+", c) for c in commands), commands
    # the forged command is still there, as text inside a message: its newline escaped
    assert any("a%0A::set-output name=x::y.md" in c.partition("::")[2].partition("::")[2] for c in commands)
    assert len(commands) == len(json.loads(_report(hostile_vault, tmp_path, "json").stdout)["diagnostics"])


def test_junit_is_well_formed_xml(hostile_vault: Path, tmp_path: Path) -> None:
    root = ET.fromstring(_report(hostile_vault, tmp_path, "junit").stdout.encode("utf-8"))
    cases = root.findall(".//testcase")
    assert len(cases) == len(HOSTILE_NAMES) and all(c.find("failure") is not None for c in cases)


def test_sarif_is_valid_json_against_its_schema(hostile_vault: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text("utf-8"))
    log = json.loads(_report(hostile_vault, tmp_path, "sarif").stdout)
    jsonschema.validate(log, schema)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert len(uris) == len(HOSTILE_NAMES)
    assert all(not re.search(r"[\x00-\x20]", u) for u in uris), uris


def test_yaml_is_only_loaded_with_a_safe_loader() -> None:
    """A static guard: every ``yaml.load`` in the package names a loader, and none is an unsafe one."""
    unsafe = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "yaml"):
                continue
            name = node.func.attr
            loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
            if loader is None and len(node.args) > 1:
                loader = node.args[1]
            shown = ast.unparse(loader) if loader is not None else ""
            if name in ("full_load", "full_load_all", "unsafe_load", "unsafe_load_all") or (
                name in ("load", "load_all") and (not shown or shown.split(".")[-1] in UNSAFE_LOADERS)
            ):
                unsafe.append(f"{path.name}:{node.lineno}: yaml.{name}(Loader={shown or '?'})")
    assert unsafe == []
    assert issubclass(ObsidianLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _wait_for_text(path: Path, text: bytes, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if text in path.read_bytes():
            return True
        time.sleep(0.05)
    return False


def test_the_polling_watcher_lists_nothing_outside_the_vault(leaky: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("mentorvault.watch")
    vault, _ = leaky
    # loops: vault/here/here/... is the vault again; followed, two of them are 2**40 paths
    os.symlink(".", vault / "here")
    os.symlink(".", vault / "there")
    log, out = tmp_path / "watch-audit.log", tmp_path / "watch.out"
    env = runner.child_env(tmp_path, MV_TEST_AUDIT=str(log), PYTHONUNBUFFERED="1")
    with open(out, "wb") as fh:
        proc = subprocess.Popen([str(runner.SCRIPT), "watch", str(vault), "--polling", "--debounce", "50",
                                 "--today", TODAY], stdout=fh, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    try:
        assert _wait_for_text(out, b"polling every", time.monotonic() + 15), out.read_bytes()
        (vault / "Goal.md").write_text(_goal("Reach three interviews") + "[[Now broken]]\n")
        assert _wait_for_text(out, b"Now broken", time.monotonic() + 10), out.read_bytes()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert escapes(log, vault, tmp_path) == []
    listed = [p for kind, event, p in _raw(log) if event in ("os.scandir", "os.listdir") and _under(p, vault)]
    through_links = [p for p in listed if os.path.realpath(p) != os.path.abspath(p)]
    assert through_links == []


def _raw(log: Path) -> list[tuple[str, str, str]]:
    """Like :func:`touched`, with the paths as the program named them (links not resolved)."""
    lines = log.read_bytes().decode("utf-8", "surrogateescape").splitlines()
    return [(k, e, p.replace("\\n", "\n")) for k, e, p in (line.split(" ", 2) for line in lines)]
