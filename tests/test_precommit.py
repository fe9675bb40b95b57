"""The repository's pre-commit hooks, as a vault's ``.pre-commit-config.yaml`` would use them.

``pre-commit try-repo`` installs this repository into a fresh virtualenv (from
PyPI, like any user's first run) and runs the hook in a git repository holding
a small vault, so the manifest, the entry point and the pre-commit calling
convention (``mentorvault check file1 file2``) are tested together.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import write_vault
from pre_commit.clientlib import load_manifest

from mentorvault.cli import main

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def test_manifest_is_valid_for_pre_commit():
    hooks = {h["id"]: h for h in load_manifest(str(MANIFEST))}
    assert set(hooks) == {"mentorvault", "mentorvault-index"}
    check, index = hooks["mentorvault"], hooks["mentorvault-index"]
    assert (check["entry"], check["language"], check["files"]) == (
        "mentorvault check",
        "python",
        r"\.md$",
    )
    assert check["pass_filenames"] and check["require_serial"]
    assert (index["entry"], index["language"]) == ("mentorvault index --check", "python")
    assert not index["pass_filenames"] and index["always_run"]


def _git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_")
    }  # e.g. when run from a hook
    result = subprocess.run(
        [
            GIT,
            "-c",
            "user.name=mentorvault tests",
            "-c",
            "user.email=tests@mentorvault.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def _repository_files() -> list[str]:
    """What a clone of this repository holds (plus new, not yet ignored files)."""
    if (ROOT / ".git").exists():
        listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        return [p for p in listed.split("\0") if p and (ROOT / p).is_file()]
    skip = {
        ".git",
        ".venv",
        ".ci-venv",
        "build",
        "dist",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
    }
    return [
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*")
        if p.is_file() and not skip.intersection(p.relative_to(ROOT).parts)
    ]


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository, committed: try-repo clones a git repository."""
    repo = tmp_path_factory.mktemp("hooks-repo")
    for rel in _repository_files():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, repo / rel)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hooks under test")
    return repo


def _pre_commit(vault: Path, hooks: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    # one store for the module: `run` installs the hook environment once and reuses it
    # (try-repo always installs into a throwaway store of its own)
    home = hooks.with_name(f"{hooks.name}-pre-commit-home")
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", LANG="C")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=vault, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    return result.returncode, result.stdout + result.stderr


def _vault_repo(root: Path) -> Path:
    write_vault(
        root,
        {
            ".mentorvault.yaml": "language: en\n",
            "Анна Смирнова/Цели/Собеседование.md": "See [[Карьера]] and [[Нет такой]].\n",
            "Анна Смирнова/Карьера.md": "# Карьера\n",
            "John Carter/Goals/Talk.md": "See [[Карьера]].\n",
            "README.txt": "not a note\n",
        },
    )
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    return root


def _config(vault: Path, hooks: Path) -> None:
    """A vault's ``.pre-commit-config.yaml`` naming this repository at its commit, as docs/ci.md shows."""
    rev = _git(hooks, "rev-parse", "HEAD").strip()
    hook_ids = "\n".join(f"      - id: {h['id']}" for h in load_manifest(str(MANIFEST)))
    text = f"repos:\n  - repo: {hooks.as_uri()}\n    rev: {rev}\n    hooks:\n{hook_ids}\n"
    (vault / ".pre-commit-config.yaml").write_text(text, "utf-8")
    _git(vault, "add", ".pre-commit-config.yaml")


@needs_git
def test_try_repo_runs_the_hook_on_the_staged_notes(hooks_repo, tmp_path):
    vault = _vault_repo(tmp_path / "vault")
    code, out = _pre_commit(vault, hooks_repo, "try-repo", str(hooks_repo), "mentorvault")
    assert code == 1, out
    assert "Анна Смирнова/Цели/Собеседование.md:1:21: error broken-link" in out
    assert "John Carter" not in out  # only problems, and this note has none


@needs_git
def test_the_hook_from_a_vault_config_passes_once_the_link_is_fixed(hooks_repo, tmp_path):
    vault = _vault_repo(tmp_path / "vault")
    _config(vault, hooks_repo)
    code, out = _pre_commit(vault, hooks_repo, "run", "mentorvault")
    assert code == 1 and "error broken-link link to 'Нет такой'" in out, out
    (vault / "Анна Смирнова/Цели/Собеседование.md").write_text("See [[Карьера]].\n", "utf-8")
    _git(vault, "add", "-A")
    code, out = _pre_commit(vault, hooks_repo, "run", "mentorvault")
    assert code == 0 and "Passed" in out, out


@needs_git
@pytest.mark.skipif("index" not in main.commands, reason="`mentorvault index` is not built yet")
def test_index_hook_fails_until_the_progress_note_is_written(hooks_repo, tmp_path):
    vault = _vault_repo(tmp_path / "vault")
    _config(vault, hooks_repo)
    code, out = _pre_commit(vault, hooks_repo, "run", "mentorvault-index")
    assert code == 1, out
    script = Path(sys.executable).with_name("mentorvault")
    subprocess.run([str(script), "index"], cwd=vault, check=True, capture_output=True, timeout=120)
    _git(vault, "add", "-A")
    code, out = _pre_commit(vault, hooks_repo, "run", "mentorvault-index")
    assert code == 0, out


def _yaml_blocks(markdown: str) -> list[object]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", markdown, re.DOTALL)]


def test_the_ci_guide_matches_the_hooks_and_the_action():
    guide = (ROOT / "docs" / "ci.md").read_text("utf-8")
    blocks = _yaml_blocks(guide)  # every example parses
    hook_ids = {h["id"] for h in load_manifest(str(MANIFEST))}
    configs = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    assert {h["id"] for c in configs for r in c["repos"] for h in r["hooks"]} == hook_ids
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    table = guide.split("| input | default | meaning |", 1)[1].split("\n\n", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \| ", table, re.MULTILINE))
    assert documented == set(action["inputs"])
    assert action["runs"]["using"] == "composite"
