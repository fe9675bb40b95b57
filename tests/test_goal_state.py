"""The session's goals follow each change and touch nothing else: always equal to a fresh build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mentorvault import engine
from mentorvault import vault as vault_mod
from mentorvault.config import Config
from mentorvault.goal_state import file_keys, target_key
from mentorvault.goals import over_limit, vault_goals
from mentorvault.session import Session

TODAY = date(2026, 11, 28)
CONFIG = Config(max_active_goals=1)


def goal(mentee: str, start: str = "2026-10-01", status: str = "active", checkins: str = "") -> str:
    return (f"---\ntype: goal\ntitle: Give 3 talks at meetups\ncategory: networking\nstatus: {status}\n"
            f"start: {start}\ndue: 2027-03-01\nmetric: 3 talks\narea: \"[[Area]]\"\nmentee: \"[[{mentee}]]\"\n"
            f"---\n## Plan\n- [ ] submit a talk\n## Check-ins\n{checkins}")


def checkin(target: str, day: str = "2026-11-25") -> str:
    return f"---\ntype: check-in\ngoal: \"[[{target}]]\"\ndate: {day}\n---\nWe talked.\n"


def make(root: Path, files: dict[str, str]) -> Session:
    for name, text in files.items():
        write(root, name, text)
    return Session(root, CONFIG, TODAY, engine.Selection.make(CONFIG))


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def assert_fresh(session: Session) -> None:
    model = vault_mod.load(session.root, CONFIG)
    goals = vault_goals(model, CONFIG)
    assert session.goals == goals
    assert session.state.over == over_limit(goals, CONFIG.max_active_goals)
    assert session.diagnostics == engine.run(model, CONFIG, TODAY)


VAULT = {
    "Area.md": "# Area\n", "People/Anna.md": "# Anna\n", "People/Boris.md": "# Boris\n",
    "Goals/A1.md": goal("Anna", "2026-09-01"), "Goals/A2.md": goal("Anna", "2026-10-01"),
    "Goals/B1.md": goal("Boris", "2026-09-01"), "Goals/B2.md": goal("Boris", "2026-10-01"),
    "Check-ins/c1.md": checkin("A1"),
}


def test_a_goal_of_one_mentee_changes_and_the_other_mentees_goals_are_left_alone(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)
    goals, problems = dict(session.state.goals), dict(session.by_note)
    assert "too-many-active-goals" in {d.rule for d in problems["Goals/B2.md"]}
    write(tmp_path, "Goals/A2.md", goal("Anna", "2026-08-01"))  # now A2 is the older: A1 is over the limit
    session.update(["Goals/A2.md"])
    assert_fresh(session)
    for path in ("Goals/B1.md", "Goals/B2.md"):
        assert session.state.goals[path] is goals[path]
        assert session.by_note[path] is problems[path]
    assert "too-many-active-goals" in {d.rule for d in session.by_note["Goals/A1.md"]}


def test_a_checkin_note_moves_from_one_goal_to_another(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)
    assert session.state.goals["Goals/A1.md"].last_checkin == date(2026, 11, 25)
    write(tmp_path, "Check-ins/c1.md", checkin("B1", "2026-11-26"))
    session.update(["Check-ins/c1.md"])
    assert_fresh(session)
    assert session.state.goals["Goals/A1.md"].last_checkin is None
    assert session.state.goals["Goals/B1.md"].last_checkin == date(2026, 11, 26)


def test_a_goal_changes_mentee(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)
    write(tmp_path, "Goals/A1.md", goal("Boris", "2026-08-01"))
    session.update(["Goals/A1.md"])
    assert_fresh(session)
    assert set(session.state.over) == {"Goals/B1.md", "Goals/B2.md"}


def test_a_goal_deleted_or_renamed(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)
    (tmp_path / "Goals/A1.md").rename(tmp_path / "Goals/A3.md")
    session.update(["Goals/A1.md", "Goals/A3.md"])
    assert_fresh(session)
    assert "Goals/A3.md" in session.state.goals and "Goals/A1.md" not in session.state.goals
    (tmp_path / "Goals/A3.md").rename(tmp_path / "Goals/A1.md")  # the check-in finds its goal again
    session.update(["Goals/A1.md", "Goals/A3.md"])
    assert_fresh(session)
    assert session.state.goals["Goals/A1.md"].last_checkin == date(2026, 11, 25)
    (tmp_path / "Goals/B2.md").unlink()
    session.update(["Goals/B2.md"])
    assert_fresh(session)
    assert "Goals/B1.md" not in session.state.over


def test_a_goal_turned_checkin_and_back(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)
    write(tmp_path, "Goals/B2.md", checkin("A2"))
    session.update(["Goals/B2.md"])
    assert_fresh(session)
    write(tmp_path, "Goals/B2.md", goal("Anna"))
    session.update(["Goals/B2.md"])
    assert_fresh(session)


def test_a_file_that_comes_or_goes_rebuilds_only_the_goals_naming_it(tmp_path: Path) -> None:
    session = make(tmp_path, {**VAULT, "Goals/C1.md": goal("Vera")})
    goals = dict(session.state.goals)
    assert goals["Goals/C1.md"].mentee_note is None
    write(tmp_path, "Vera.md", "# Vera\n")
    session.update(["Vera.md"])
    assert_fresh(session)
    assert session.state.goals["Goals/C1.md"].mentee_note == "Vera.md"
    assert all(session.state.goals[p] is goals[p] for p in goals if p != "Goals/C1.md")
    (tmp_path / "People/Anna.md").unlink()  # Anna's goals now count by name: the same group
    session.update(["People/Anna.md"])
    assert_fresh(session)
    (tmp_path / "Area.md").rename(tmp_path / "People/Area.md")  # every goal's area link: moved, still found
    session.update(["Area.md", "People/Area.md"])
    assert_fresh(session)


def test_a_checkin_finds_its_goal_when_the_goal_note_appears(tmp_path: Path) -> None:
    session = make(tmp_path, {**VAULT, "Check-ins/c2.md": checkin("Goals/New")})
    write(tmp_path, "Goals/New.md", goal("Boris", "2026-11-01", checkins="- 2026-11-10: started\n"))
    session.update(["Goals/New.md"])
    assert_fresh(session)
    assert session.state.goals["Goals/New.md"].checkins == (date(2026, 11, 10), date(2026, 11, 25))


def test_an_edit_that_leaves_headings_and_aliases_alone_does_not_check_the_linking_notes(tmp_path: Path) -> None:
    session = make(tmp_path, {**VAULT, "Note.md": "[[Area#Nowhere]]\n"})
    problems = dict(session.by_note)
    write(tmp_path, "Area.md", "# Area\nA paragraph more.\n")
    session.update(["Area.md"])
    assert_fresh(session)
    assert all(session.by_note[p] is problems[p] for p in problems)
    write(tmp_path, "Area.md", "# Area\n## Nowhere\n")  # a heading came: the link resolves now
    session.update(["Area.md"])
    assert_fresh(session)
    assert "Note.md" not in session.by_note


def test_link_keys_are_the_names_the_index_looks_up() -> None:
    assert target_key("People/Анна", "Goals/g.md") == "анна"
    assert target_key("../People/Anna.md", "Goals/g.md") == "anna.md"
    assert target_key("./..", "Goals/Sub/g.md") == "goals"
    assert file_keys(["People/Anna.md", "img/Photo.PNG"]) == {"anna.md", "anna", "photo.png"}


def test_a_problem_whose_message_alone_changes_is_reported_again(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)  # B2 is one over Boris's limit: "2 active goals"
    before = session.by_note["Goals/B2.md"]
    write(tmp_path, "Goals/B3.md", goal("Boris", "2026-11-01"))  # same place, same rule: "3 active goals"
    session.update(["Goals/B3.md"])
    assert_fresh(session)
    assert session.by_note["Goals/B2.md"] is not before
    assert any("3 active goals" in d.message for d in session.by_note["Goals/B2.md"])


def test_a_goal_built_again_the_same_stays_the_same_object(tmp_path: Path) -> None:
    session = make(tmp_path, VAULT)
    goals = dict(session.state.goals)
    ordered = session.goals
    # a second Anna and Area came: the links still open the first (the shorter path), so Anna's
    # goals, built again, are what they were
    write(tmp_path, "Archive/Anna.md", "# Anna\n")
    write(tmp_path, "Archive/Old/Area.md", "# Area\n")
    session.update(["Archive"])
    assert_fresh(session)
    assert all(session.state.goals[p] is goals[p] for p in goals)
    assert session.goals is ordered
