"""The incremental session always equals a fresh full run."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from mentorvault import engine
from mentorvault import vault as vault_mod
from mentorvault.config import Config
from mentorvault.goals import over_limit, vault_goals
from mentorvault.progress_note import render
from mentorvault.progress_sections import Sections
from mentorvault.session import Session

TODAY = date(2026, 11, 28)
NAMES = ["Карьера", "Сообщество", "Note", "note", "A/Note", "B/Note", "A/Цель", "B/Чек-ин", "C/D/Deep"]
FOLDERS = ["A", "B", "C", "C/D"]


def _fresh(root: Path, config: Config) -> list[dict[str, object]]:
    model = vault_mod.load(root, config)
    return [d.as_dict() for d in engine.run(model, config, TODAY)]


def _snapshot(session: Session) -> list[dict[str, object]]:
    return [d.as_dict() for d in session.diagnostics]


link = st.sampled_from(NAMES).flatmap(
    lambda n: st.sampled_from([f"[[{n}]]", f"[[{n}#Plan]]", f"[[{n}#^b1]]", f"[[{n}|shown]]", f"[{n}]({n}.md)", f"[[{n}s]]"])
)
front = st.sampled_from([
    "",
    "---\naliases: [Career, Сообщество]\n---\n",
    ("---\ntype: goal\ntitle: Пройти 3 интервью\ncategory: career\nhorizon: short\nstatus: active\n"
     "start: 2026-09-01\ndue: 2026-11-01\nmetric: оффер\narea: \"[[Карьера]]\"\nmentee: \"[[Note]]\"\n---\n"),
    "---\ntype: check-in\ngoal: \"[[A/Цель]]\"\ndate: 2026-11-20\n---\n",
    ("---\ntype: goal\ntitle: Выступить на 2 митапах\nstatus: active\nstart: 2026-10-01\ndue: 2027-01-01\n"
     "area: \"[[A/Note]]\"\nmentee: \"[[Сообщество]]\"\n---\n"),
    "---\ntype: goal\ntitle: Read 4 books on design\nstatus: active\nstart: 2026-08-01\nmentee: Anna\n---\n",
    "---\ntype: check-in\ngoal: [\"[[Note]]\", \"[[B/Note]]\", \"[[Note]]\"]\ndate: 2026-11-26\n---\n",
    "---\ntag: old\narea: [[Карьера]]\n---\n",
    "---\nbad: [1\n---\n",
])
body = st.builds(
    lambda f, links, head: f + head + "\n".join(links) + "\n",
    front,
    st.lists(link, max_size=4),
    st.sampled_from(["", "# Plan\n- [ ] step ^b1\n", "## Чек-ины\n- 2026-11-25: обсудили\n"]),
)


class SessionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(self._tmp()) / "vault"
        self.config = Config(max_active_goals=1)  # so that two goals of one mentee are too many

    @staticmethod
    def _tmp() -> str:
        import tempfile

        return tempfile.mkdtemp(prefix="mv-session-")

    @initialize(files=st.dictionaries(st.sampled_from(NAMES), body, max_size=5))
    def start(self, files: dict[str, str]) -> None:
        self.root.mkdir(parents=True)
        for name, text in files.items():
            self._write(name, text)
        self.session = Session(self.root, self.config, TODAY, engine.Selection.make(self.config))
        self.sections = Sections()

    def _write(self, name: str, text: str) -> None:
        path = self.root / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    @rule(name=st.sampled_from(NAMES), text=body)
    def write(self, name: str, text: str) -> None:
        self._write(name, text)
        self.session.update([f"{name}.md"])

    @rule(name=st.sampled_from(NAMES))
    def delete(self, name: str) -> None:
        (self.root / f"{name}.md").unlink(missing_ok=True)
        self.session.update([f"{name}.md"])

    @rule(src=st.sampled_from(NAMES), dst=st.sampled_from(NAMES))
    def rename(self, src: str, dst: str) -> None:
        source = self.root / f"{src}.md"
        if not source.exists() or src == dst:
            return
        target = self.root / f"{dst}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        source.replace(target)
        self.session.update([f"{src}.md", f"{dst}.md"])

    @rule(folder=st.sampled_from(FOLDERS))
    def delete_folder(self, folder: str) -> None:
        shutil.rmtree(self.root / folder, ignore_errors=True)
        self.session.update([folder])

    @rule(folder=st.sampled_from(FOLDERS), dest=st.sampled_from(["E", "A/E", "F/G"]))
    def move_folder(self, folder: str, dest: str) -> None:
        source, target = self.root / folder, self.root / dest
        if not source.is_dir() or target.exists() or target.is_relative_to(source):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        self.session.update([folder, dest])

    @invariant()
    def equals_fresh_run(self) -> None:
        if hasattr(self, "session"):
            assert _snapshot(self.session) == _fresh(self.root, self.config)
            model = vault_mod.load(self.root, self.config)
            goals = vault_goals(model, self.config)
            assert self.session.goals == goals
            assert self.session.state.over == over_limit(goals, self.config.max_active_goals)
            # the watcher's render, reusing what it made before, gives index's bytes
            fresh = render(goals, engine.run(model, self.config, TODAY), self.config, TODAY)
            assert self.sections.block(self.session.goals, self.session.by_note, self.config, TODAY) == fresh

    def teardown(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)


SessionMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestSession = SessionMachine.TestCase


def test_update_reports_what_appeared_and_cleared(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text("[[b]]")
    (root / "b.md").write_text("x")
    config = Config()
    session = Session(root, config, TODAY, engine.Selection.make(config))
    assert session.diagnostics == []
    (root / "b.md").rename(root / "c.md")
    delta = session.update(["b.md", "c.md"])
    assert [d.rule for d in delta.appeared["a.md"]] == ["broken-link"] and not delta.cleared
    (root / "c.md").rename(root / "b.md")
    delta = session.update(["b.md", "c.md"])
    assert [d.rule for d in delta.cleared["a.md"]] == ["broken-link"] and not delta.appeared


def test_a_note_that_is_a_symlink_changes_with_its_target(tmp_path):
    # the editor saves the target; the event names only the target, yet the link's note changed too
    root = tmp_path / "v"
    (root / "real").mkdir(parents=True)
    (root / "real" / "Plan.md").write_text("# Old\n")
    (root / "Shared plan.md").symlink_to(root / "real" / "Plan.md")
    (root / "a.md").write_text("[[Shared plan#New]]\n")
    config = Config()
    session = Session(root, config, TODAY, engine.Selection.make(config))
    assert [d.rule for d in session.diagnostics] == ["broken-heading"]
    (root / "real" / "Plan.md").write_text("# New\n")
    delta = session.update(["real/Plan.md"])
    assert [d.rule for d in delta.cleared["a.md"]] == ["broken-heading"]
    assert _snapshot(session) == _fresh(root, config) == []
    (root / "real" / "Plan.md").unlink()  # the link dangles: its note is gone
    session.update(["real/Plan.md"])
    assert _snapshot(session) == _fresh(root, config)
    (root / "real" / "Plan.md").write_text("# New\n")  # and is back with its target
    session.update(["real/Plan.md"])
    assert _snapshot(session) == _fresh(root, config) == []


def test_settings_change_reloads_everything(tmp_path):
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / "a.md").write_text("---\nrating: five\n---\n")
    config = Config()
    session = Session(root, config, TODAY, engine.Selection.make(config))
    assert session.diagnostics == []
    (root / ".obsidian" / "types.json").write_text('{"types": {"rating": "number"}}')
    delta = session.update([".obsidian/types.json"])
    assert [d.rule for d in delta.appeared["a.md"]] == ["property-type"]
