"""Generate a deterministic synthetic Obsidian vault of mentorship notes for benchmarks.

The vault looks like a program's shared vault: one folder per mentee with goal
and check-in notes, people and area notes, a nested knowledge base, daily
notes, attachments and templates, in Russian and English. Each note carries
10-50 links in every form DESIGN §5 lists, and a share of them is broken.

The same ``--seed`` and size always give byte-identical files: every note draws
from its own ``random.Random`` seeded by (seed, note index), and nothing
iterates over a set or depends on the clock. A finished vault holds
``.bench-vault.json``; asking again for the same seed and size reuses it.

    python bench/make_vault.py 10000 --out /tmp/mv-bench/vault-10000-s8
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 1  # bump whenever the output changes, so old vaults are regenerated
MARKER = ".bench-vault.json"
DEFAULT_SEED = 8
DEFAULT_BROKEN_SHARE = 0.04

# --- text banks: real-sounding sentences, so markdown-it sees ordinary prose ---

RU_SENTENCES = (
    "Определение четких целей является фундаментальным аспектом эффективного менторства.",
    "Цели задают направление взаимодействия и позволяют измерить прогресс.",
    "На встрече обсудили, какие навыки нужны для перехода на следующий грейд.",
    "Договорились пересматривать план раз в две недели и фиксировать результаты в заметке.",
    "Главное — регулярно пересматривать цели и адаптировать подход, если что-то не работает.",
    "Ментор предложил начать с небольшого проекта, чтобы быстрее получить обратную связь.",
    "Самооценка показала, что уверенности в публичных выступлениях пока не хватает.",
    "Для подготовки к собеседованию стоит решить несколько задач по системному дизайну.",
    "В следующем квартале планируется выступление на внутреннем митапе команды.",
    "Обратная связь от коллег помогает увидеть слепые зоны и скорректировать план.",
    "Практические задания лучше всего закрепляют новые знания, особенно в паре.",
    "Если цель слишком размыта, её трудно измерить и легко отложить на потом.",
    "Мы разобрали резюме по пунктам и убрали всё, что не относится к целевой позиции.",
    "Полезно вести журнал решений: что попробовали, что получилось и что нет.",
    "Код-ревью — хороший способ учиться у более опытных разработчиков.",
    "Менти сам предложил метрику успеха, и это хороший знак вовлечённости.",
    "Срок выглядит реалистичным, если выделять на задачу четыре часа в неделю.",
    "Стоит заранее договориться, как будет выглядеть результат и кто его оценит.",
    "После конференции появилось несколько идей для статьи в блог компании.",
    "Нетворкинг требует времени, но окупается новыми возможностями и знакомствами.",
    "Ретроспектива показала, что встречи стоит делать короче, но чаще.",
    "Ключевой риск — перегрузка основными задачами в конце квартала.",
    "Для измерения прогресса используем чек-листы и короткие отчёты после каждой встречи.",
    "Книга оказалась полезной: особенно главы про делегирование и обратную связь.",
    "Нужно подготовить демонстрацию прототипа к следующему чек-ину.",
    "Решили разбить большую цель на три этапа с отдельными сроками.",
    "Ментор поделился опытом перехода из разработки в управление командой.",
    "Важно не сравнивать себя с другими, а смотреть на собственную динамику.",
    "В этом месяце удалось закрыть две задачи из плана и начать третью.",
    "Следующий шаг — найти площадку для выступления и согласовать тему доклада.",
)
EN_SENTENCES = (
    "Setting clear goals is the foundation of an effective mentoring relationship.",
    "We reviewed the plan and agreed to meet every other week for thirty minutes.",
    "The mentee wants to move from a mid-level role to a senior position within a year.",
    "Feedback from peers is the fastest way to find the blind spots in a plan.",
    "A vague goal is hard to measure and easy to postpone indefinitely.",
    "We split the big goal into three milestones, each with its own due date.",
    "Practice interviews helped more than reading about system design in the abstract.",
    "The next check-in should start with a short demo of the prototype.",
    "Keeping a decision log makes the retrospective much easier to run.",
    "Code review is one of the best ways to learn from more experienced engineers.",
    "The deadline looks realistic if four hours a week are set aside for it.",
    "Public speaking is still uncomfortable, so we picked a small internal meetup first.",
    "The book was useful, especially the chapters on delegation and feedback.",
    "Networking takes time, but it pays off in opportunities and new perspectives.",
    "We agreed on what a finished result looks like and who will review it.",
    "Self-assessment this month was three out of five, up from two in March.",
    "The main risk is overload from regular work at the end of the quarter.",
    "Pair programming sessions turned out to be the most effective format so far.",
    "A short written summary after each meeting keeps both sides accountable.",
    "The mentor shared how they moved from engineering into people management.",
    "It helps to compare progress with last month rather than with other people.",
    "Two tasks from the plan are done, and the third one has started.",
    "We should find a venue for the talk and agree on the topic by Friday.",
    "The resume now focuses on impact instead of a list of technologies.",
    "Reading the codebase of a mature open-source project was eye-opening.",
    "Goals may change during the program, and revising them is normal.",
    "The portfolio needs one more project that shows ownership end to end.",
    "A weekly learning slot on the calendar made the habit stick.",
    "We discussed how to ask for a promotion with concrete evidence of impact.",
    "The retrospective showed that shorter and more frequent meetings work better.",
)
RU_ITEMS = (
    "Обновить резюме и портфолио", "Пройти курс по системному дизайну", "Подготовить доклад",
    "Провести два мок-интервью", "Прочитать главу про асинхронность", "Написать статью в блог",
    "Разобрать обратную связь от команды", "Составить карту компетенций", "Найти площадку для выступления",
    "Сделать код-ревью трёх пулл-реквестов", "Записаться на конференцию", "Обсудить зарплатные ожидания",
    "Настроить CI для pet-проекта", "Выделить четыре часа в неделю на обучение", "Подготовить вопросы к ментору",
    "Посетить митап сообщества", "Завершить первый этап проекта", "Собрать отзывы коллег",
)
EN_ITEMS = (
    "Update the resume and portfolio", "Finish the system design course", "Prepare the talk outline",
    "Run two mock interviews", "Read the chapter on concurrency", "Write a blog post",
    "Go through the team's feedback", "Draft a skills matrix", "Find a meetup to speak at",
    "Review three pull requests", "Register for the conference", "Discuss salary expectations",
    "Set up CI for the side project", "Block four hours a week for learning", "Prepare questions for the mentor",
    "Attend a community meetup", "Ship the first milestone", "Collect peer feedback",
)
RU_HEADINGS = (
    "Контекст", "Основные идеи", "Что обсудили", "Выводы", "Следующие шаги", "Вопросы", "Ресурсы",
    "Риски", "Наблюдения", "Примеры", "Заметки со встречи", "Практика", "Идеи", "Итоги месяца",
    "Открытые вопросы", "Материалы", "Обратная связь", "Сильные стороны", "Зоны роста", "Договорённости",
)
EN_HEADINGS = (
    "Context", "Key ideas", "What we discussed", "Takeaways", "Next steps", "Questions", "Resources",
    "Risks", "Observations", "Examples", "Meeting notes", "Practice", "Ideas", "Month in review",
    "Open questions", "Materials", "Feedback", "Strengths", "Growth areas", "Agreements",
)
RU_WORDS = (
    "системный дизайн", "асинхронность", "архитектура", "лидерство", "коммуникация", "карьера",
    "собеседование", "делегирование", "обратная связь", "тестирование", "наблюдаемость", "базы данных",
    "публичные выступления", "менеджмент", "продуктовое мышление", "рефакторинг", "планирование",
    "приоритизация", "кэширование", "очереди сообщений", "безопасность", "производительность",
)
EN_WORDS = (
    "system design", "concurrency", "architecture", "leadership", "communication", "career",
    "interviewing", "delegation", "feedback", "testing", "observability", "databases",
    "public speaking", "management", "product thinking", "refactoring", "planning",
    "prioritisation", "caching", "message queues", "security", "performance",
)
RU_FIRST = ("Анна", "Иван", "Мария", "Дмитрий", "Елена", "Сергей", "Ольга", "Алексей", "Наталья", "Павел",
            "Татьяна", "Михаил", "Ксения", "Никита", "Юлия", "Андрей")
RU_FEMALE = frozenset(("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ксения", "Юлия"))
RU_LAST_M = ("Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
             "Морозов", "Волков", "Зайцев", "Орлов")
EN_FIRST = ("Alice", "James", "Maria", "David", "Emma", "Oliver", "Sophie", "Daniel", "Grace", "Liam",
            "Chloe", "Noah", "Hannah", "Ethan", "Zoe", "Lucas")
EN_LAST = ("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Wright", "Hughes",
           "Turner", "Parker", "Evans")
AREAS = {
    "ru": ("Карьера", "Сообщество", "Обучение", "Развитие", "Лидерство", "Коммуникация",
           "Системный дизайн", "Здоровье и баланс"),
    "en": ("Career", "Community", "Learning", "Growth", "Leadership", "Communication",
           "System design", "Health and balance"),
}
TOPICS = {
    "ru": {"Разработка": ("Python", "Базы данных", "Архитектура", "Тестирование", "Инфраструктура"),
           "Навыки": ("Коммуникация", "Лидерство", "Выступления", "Письмо"),
           "Карьера": ("Собеседования", "Резюме", "Переговоры"),
           "Книги": ("Менеджмент", "Психология", "Инженерия")},
    "en": {"Engineering": ("Python", "Databases", "Architecture", "Testing", "Infrastructure"),
           "Skills": ("Communication", "Leadership", "Speaking", "Writing"),
           "Career": ("Interviews", "Resume", "Negotiation"),
           "Books": ("Management", "Psychology", "Engineering")},
}
SUBSUB = {"ru": ("Заметки", "Конспекты", "Практика"), "en": ("Notes", "Summaries", "Practice")}
ROOTS = {
    "ru": {"mentorship": "Менторство", "goals": "Цели", "checkins": "Чек-ины", "people": "Люди",
           "areas": "Области", "knowledge": "База знаний", "daily": "Журнал", "files": "Вложения"},
    "en": {"mentorship": "Mentorship", "goals": "Goals", "checkins": "Check-ins", "people": "People",
           "areas": "Areas", "knowledge": "Knowledge", "daily": "Daily", "files": "Attachments"},
}
GOAL_HEADINGS = {"ru": ("Критерии успеха", "План", "Чек-ины", "Заметки"),
                 "en": ("Success criteria", "Plan", "Check-ins", "Notes")}
CHECKIN_HEADINGS = {"ru": ("Что обсудили", "Самооценка", "Следующие шаги"),
                    "en": ("What we discussed", "Self-assessment", "Next steps")}
RELATED = {"ru": "Связанные заметки", "en": "Related notes"}
CATEGORIES = ("professional", "career", "personal", "networking")
STATUSES = ("planned", "active", "active", "active", "paused", "done", "dropped")
HORIZON_DAYS = {"short": (30, 95), "medium": (90, 360), "long": (370, 720)}
CODE_SNIPPETS = (
    ("python", ("async def fetch(session, url):\n    async with session.get(url) as resp:\n"
                "        return await resp.json()  # [[not a link]]\n")),
    ("yaml", "goal: \"[[Собеседование]]\"\nstatus: active\ndue: 2027-01-31\n"),
    ("bash", "git switch -c feature/cache\npytest -q --maxfail=1\n"),
    ("sql", "SELECT mentee, count(*) FROM goals\nWHERE status = 'active'\nGROUP BY mentee;\n"),
    ("python", "def progress(done: int, total: int) -> float:\n    return done / total if total else 0.0\n"),
)
CALLOUTS = ("tip", "note", "warning", "info", "question", "important", "example")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
BASE_DATE = date(2025, 1, 6)


@dataclass
class Spec:
    """What other notes may link to before any note text exists: path, headings, block ids."""

    index: int
    path: str  # vault-relative, POSIX, ending in .md
    kind: str  # goal | checkin | person | area | hub | daily | knowledge
    lang: str
    headings: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    group: int = 0  # index of the folder group, for links to neighbours
    extra: dict[str, str] = field(default_factory=dict)  # kind-specific facts (mentor, mentee, date)

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]


@dataclass
class Plan:
    """Every note's Spec, the attachments, and indexes used to pick link targets."""

    seed: int
    broken_share: float
    specs: list[Spec]
    attachments: list[str]
    groups: list[list[int]]  # note indexes per folder
    popular: list[int]  # areas, people and hubs: linked from everywhere
    goals_by_mentee: dict[str, list[int]]


# --- planning: names and folders for every note, before any text ---


_UNSAFE = re.compile(r'[*"\\/<>:|?#^\[\]]')  # not allowed in Obsidian file names or link targets


class _Names:
    """Hands out file stems that are unique vault-wide (hubs are the deliberate exception)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, stem: str) -> str:
        stem = " ".join(_UNSAFE.sub("", stem).split())
        candidate, n = stem, 2
        while candidate.casefold() in self.used:
            candidate, n = f"{stem} {n}", n + 1
        self.used.add(candidate.casefold())
        return candidate


def _person(rng: random.Random, lang: str) -> str:
    if lang == "ru":
        first, last = rng.choice(RU_FIRST), rng.choice(RU_LAST_M)
        return f"{first} {last}{'а' if first in RU_FEMALE else ''}"
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def _headings(rng: random.Random, lang: str, low: int, high: int) -> list[str]:
    bank = RU_HEADINGS if lang == "ru" else EN_HEADINGS
    return rng.sample(bank, rng.randint(low, high))


def _block_ids(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.randrange(16**6):06x}" for _ in range(count)]


def _lang(i: int) -> str:
    return "ru" if i % 5 < 3 else "en"  # three Russian notes in five


def _knowledge_folders(lang: str) -> list[str]:
    root = ROOTS[lang]["knowledge"]
    out = []
    for topic, subs in TOPICS[lang].items():
        for sub in subs:
            out.append(f"{root}/{topic}/{sub}")
            out.extend(f"{root}/{topic}/{sub}/{leaf}" for leaf in SUBSUB[lang])
    return out


_HEADING_COUNTS = {"knowledge": (2, 7), "hub": (2, 5), "area": (1, 4), "person": (1, 3), "daily": (1, 3)}


class _Planner:
    """Builds the Plan in a fixed order so that the same (seed, n) gives the same vault."""

    def __init__(self, n: int, seed: int, broken_share: float) -> None:
        self.n, self.seed, self.broken_share = n, seed, broken_share
        self.rng = random.Random(seed)
        self.names = _Names()
        self.specs: list[Spec] = []
        self.groups: dict[str, int] = {}

    def add(self, folder: str, stem: str, kind: str, lang: str, **extra: str) -> Spec:
        unique = stem if kind == "hub" else self.names.unique(stem)
        group = self.groups.setdefault(folder, len(self.groups))
        spec = Spec(len(self.specs), f"{folder}/{unique}.md", kind, lang, group=group, extra=dict(extra))
        self.specs.append(spec)
        return spec

    def plan(self) -> Plan:
        mentors, mentees = self._people()
        self._areas()
        self._hubs()
        self._goals_and_checkins(mentors, mentees)
        self._daily(max(10, self.n // 20))
        self._knowledge(self.n - len(self.specs))
        self._decorate()
        return self._finish()

    def _people(self) -> tuple[list[Spec], list[Spec]]:
        n_mentees = max(2, self.n // 60)  # about five goals per mentee
        mentors = [self._person_note(_lang(i), "mentor") for i in range(max(1, n_mentees // 4))]
        mentees = [self._person_note(_lang(i), "mentee") for i in range(n_mentees)]
        for k, mentee in enumerate(mentees):
            mentee.extra["mentor"] = mentors[k % len(mentors)].stem
        return mentors, mentees

    def _person_note(self, lang: str, role: str) -> Spec:
        return self.add(ROOTS[lang]["people"], _person(self.rng, lang), "person", lang, role=role)

    def _areas(self) -> None:
        for lang in ("ru", "en"):
            for area in AREAS[lang]:
                self.add(ROOTS[lang]["areas"], area, "area", lang)

    def _hubs(self) -> None:
        # one overview note per topic folder, all with the same name: links by bare name are ambiguous
        for lang, hub in (("ru", "Обзор"), ("en", "Overview")):
            for topic in TOPICS[lang]:
                self.add(f"{ROOTS[lang]['knowledge']}/{topic}", hub, "hub", lang)

    def _goals_and_checkins(self, mentors: list[Spec], mentees: list[Spec]) -> None:
        n_goals, n_checkins = self.n * 8 // 100, self.n * 12 // 100
        for g in range(n_goals):
            mentee = mentees[g % len(mentees)]
            self._goal(mentee)
        goals = [s for s in self.specs if s.kind == "goal"]
        for c in range(n_checkins):
            goal = goals[(c * 7) % len(goals)]
            self._checkin(goal, c)

    def _goal(self, mentee: Spec) -> None:
        lang = mentee.lang
        folder = f"{ROOTS[lang]['mentorship']}/{mentee.stem}/{ROOTS[lang]['goals']}"
        title = _goal_title(self.rng, lang)
        short = " ".join(title.split()[:5]).rstrip(",.")
        spec = self.add(folder, f"{short} — {mentee.stem.split()[0]}", "goal", lang,
                        title=title, mentee=mentee.stem, mentor=mentee.extra["mentor"])
        spec.headings = list(GOAL_HEADINGS[lang][: 3 + (self.rng.random() < 0.6)])

    def _checkin(self, goal: Spec, c: int) -> None:
        lang = goal.lang
        mentee = goal.extra["mentee"]
        day = BASE_DATE + timedelta(days=(c * 3) % 700)
        folder = f"{ROOTS[lang]['mentorship']}/{mentee}/{ROOTS[lang]['checkins']}"
        word = "чек-ин" if lang == "ru" else "check-in"
        spec = self.add(folder, f"{day.isoformat()} {word} {mentee.split()[0]}", "checkin", lang,
                        goal=goal.stem, mentee=mentee, mentor=goal.extra["mentor"], date=day.isoformat())
        spec.headings = list(CHECKIN_HEADINGS[lang])

    def _daily(self, count: int) -> None:
        for d in range(count):
            lang = _lang(d)
            day = BASE_DATE + timedelta(days=d)
            self.add(f"{ROOTS[lang]['daily']}/{day.year}/{day.month:02d}", day.isoformat(), "daily", lang)

    def _knowledge(self, count: int) -> None:
        folders = {lang: _knowledge_folders(lang) for lang in ("ru", "en")}
        for k in range(count):
            lang = _lang(k)
            folder = folders[lang][self.rng.randrange(len(folders[lang]))]
            self.add(folder, _knowledge_title(self.rng, lang), "knowledge", lang)

    def _decorate(self) -> None:
        for spec in self.specs:
            if spec.kind in _HEADING_COUNTS:
                spec.headings = _headings(self.rng, spec.lang, *_HEADING_COUNTS[spec.kind])
            spec.blocks = _block_ids(self.rng, self.rng.choice((0, 0, 1, 2, 3)))

    def _finish(self) -> Plan:
        groups: list[list[int]] = [[] for _ in self.groups]
        by_mentee: dict[str, list[int]] = {}
        for spec in self.specs:
            groups[spec.group].append(spec.index)
            if spec.kind == "goal":
                by_mentee.setdefault(spec.extra["mentee"], []).append(spec.index)
        popular = [s.index for s in self.specs if s.kind in ("area", "person", "hub")]
        files = self._attachments()
        return Plan(self.seed, self.broken_share, self.specs, files, groups, popular, by_mentee)

    def _attachments(self) -> list[str]:
        out = []
        for i in range(max(20, self.n // 25)):
            lang = _lang(i)
            name = f"diagram-{i:05d}.png" if i % 3 else f"Screenshot {BASE_DATE + timedelta(days=i)}.png"
            out.append(f"{ROOTS[lang]['files']}/{name}")
        return out


def _goal_title(rng: random.Random, lang: str) -> str:
    topic = rng.choice(RU_WORDS if lang == "ru" else EN_WORDS)
    n = rng.randint(2, 12)
    if lang == "ru":
        forms = (f"Пройти собеседование на позицию Senior по теме «{topic}»",
                 f"Выступить на митапе с докладом про {topic}", f"Прочитать {n} книг про {topic}",
                 f"Провести {n} код-ревью в неделю с фокусом на {topic}",
                 f"Запустить pet-проект: {topic}", f"Улучшить {topic}", "Стать лучше",
                 f"Получить сертификат по направлению {topic} до конца года")
    else:
        forms = (f"Pass a senior interview focused on {topic}", f"Give a meetup talk about {topic}",
                 f"Read {n} books on {topic}", f"Do {n} code reviews a week focused on {topic}",
                 f"Ship a side project about {topic}", f"Improve {topic}", "Get better",
                 f"Earn a certificate in {topic} by the end of the year")
    # a vague goal in ten, as in real programmes: smart-specific has something to find
    weights = (5, 4, 4, 3, 3, 1, 0.3, 2)
    return rng.choices(forms, weights)[0]


def _knowledge_title(rng: random.Random, lang: str) -> str:
    words = RU_WORDS if lang == "ru" else EN_WORDS
    a, b = rng.sample(words, 2)
    if lang == "ru":
        forms = (f"{a.capitalize()} и {b}", f"Конспект — {a}", f"{a.capitalize()} на практике",
                 f"Вопросы про {a}", f"{a.capitalize()}, {b} и команда")
    else:
        forms = (f"{a.capitalize()} and {b}", f"Notes on {a}", f"{a.capitalize()} in practice",
                 f"Questions about {a}", f"{a.capitalize()}, {b} and the team")
    return rng.choice(forms)


# --- links: every form of DESIGN §5, a share of them broken ---


def _md_target(stem: str) -> str:
    return stem.replace(" ", "%20") + ".md"  # what Obsidian writes with wikilinks turned off


def _typo(rng: random.Random, name: str) -> str:
    """A near miss of an existing name, as a user mistypes it: the "did you mean" path."""
    i = rng.randrange(len(name))
    return name[:i] + name[i + 1 :] if len(name) > 4 else name + "x"


class _Linker:
    """Picks link targets (neighbours, popular notes, anywhere) and writes the link text."""

    def __init__(self, plan: Plan, spec: Spec, rng: random.Random) -> None:
        self.plan, self.spec, self.rng = plan, spec, rng

    def target(self) -> Spec:
        roll, specs = self.rng.random(), self.plan.specs
        if roll < 0.4:
            group = self.plan.groups[self.spec.group]
            return specs[group[self.rng.randrange(len(group))]]
        if roll < 0.65:
            return specs[self.plan.popular[self.rng.randrange(len(self.plan.popular))]]
        return specs[self.rng.randrange(len(specs))]

    def link(self) -> str:
        if self.rng.random() < self.plan.broken_share:
            return self._broken()
        forms: Sequence[tuple[float, Callable[[], str]]] = (
            (30, self._plain), (14, self._aliased), (10, self._heading), (5, self._block),
            (5, self._own_heading), (5, self._image), (3, self._embed_note), (8, self._markdown),
            (8, self._with_folder), (5, self._external),
        )
        weights = [w for w, _ in forms]
        return self.rng.choices([f for _, f in forms], weights)[0]()

    def _name(self, t: Spec) -> str:
        # the overview notes share one name: in real vaults they are linked with their folder
        return t.path[:-3] if t.kind == "hub" and self.rng.random() < 0.8 else t.stem

    def _plain(self) -> str:
        return f"[[{self._name(self.target())}]]"

    def _aliased(self) -> str:
        t = self.target()
        return f"[[{self._name(t)}|{_shown(self.rng, t)}]]"

    def _heading(self) -> str:
        t = self.target()
        if not t.headings:
            return f"[[{self._name(t)}]]"
        return f"[[{self._name(t)}#{self.rng.choice(t.headings)}]]"

    def _block(self) -> str:
        t = self.target()
        if not t.blocks:
            return f"[[{self._name(t)}]]"
        return f"[[{self._name(t)}#^{self.rng.choice(t.blocks)}]]"

    def _own_heading(self) -> str:
        if not self.spec.headings:
            return self._plain()
        return f"[[#{self.rng.choice(self.spec.headings)}]]"

    def _image(self) -> str:
        files = self.plan.attachments
        return f"![[{files[self.rng.randrange(len(files))].rsplit('/', 1)[-1]}]]"

    def _embed_note(self) -> str:
        t = self.target()
        sub = f"#{self.rng.choice(t.headings)}" if t.headings else ""
        return f"![[{self._name(t)}{sub}]]"

    def _markdown(self) -> str:
        t = self.target()
        if self.rng.random() < 0.2:
            return f"[{_shown(self.rng, t)}](<{t.stem}.md>)"
        return f"[{_shown(self.rng, t)}]({_md_target(t.stem)})"

    def _with_folder(self) -> str:
        return f"[[{self.target().path[:-3]}]]"

    def _external(self) -> str:
        slug = self.rng.choice(EN_WORDS).replace(" ", "-")
        return f"[{slug}](https://example.org/{slug}/{self.rng.randrange(1000)})"

    def _broken(self) -> str:
        t, roll = self.target(), self.rng.random()
        if roll < 0.5:
            return f"[[{_typo(self.rng, t.stem)}]]"
        if roll < 0.65:
            return f"[[{'Несуществующая заметка' if self.spec.lang == 'ru' else 'Missing note'} {self.rng.randrange(10**4)}]]"
        if roll < 0.9:
            return f"[[{self._name(t)}#{self.rng.choice(RU_HEADINGS + EN_HEADINGS)} (old)]]"
        return f"[[{self._name(t)}#^{self.rng.randrange(16**6):06x}]]"


def _shown(rng: random.Random, t: Spec) -> str:
    words = t.stem.split()
    return " ".join(words[: rng.randint(1, max(1, len(words)))]).lower()


# --- note text: blocks of realistic Markdown that carry the links ---


class _Writer:
    """Writes one note body; links and block ids are spread over its prose and lists."""

    def __init__(self, plan: Plan, spec: Spec, rng: random.Random) -> None:
        self.spec, self.rng, self.lang = spec, rng, spec.lang
        self.linker = _Linker(plan, spec, rng)
        self.links = [self.linker.link() for _ in range(rng.randint(10, 50))]
        self.blocks = list(spec.blocks)
        self.out: list[str] = []
        self.size = 0

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.size += len(text.encode("utf-8"))

    def take_link(self, chance: float = 0.35) -> str | None:
        if self.links and self.rng.random() < chance:
            return self.links.pop()
        return None

    def sentence(self) -> str:
        bank = RU_SENTENCES if self.lang == "ru" else EN_SENTENCES
        text = bank[self.rng.randrange(len(bank))]
        roll = self.rng.random()
        if roll < 0.08:
            word = self.rng.choice(RU_WORDS if self.lang == "ru" else EN_WORDS)
            text = f"{text[:-1]}: **{word}**."
        elif roll < 0.12:
            text = f"{text[:-1]} (`{self.rng.choice(('pytest', 'asyncio', 'git rebase', 'EXPLAIN'))}`)."
        elif roll < 0.15:
            text = f"{text[:-1]} #{self.rng.choice(('mentorship', 'career/plan', 'python', 'чтение'))}."
        link = self.take_link()
        if link:
            text = f"{text} {'См.' if self.lang == 'ru' else 'See'} {link}."
        return text

    def paragraph(self) -> None:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))
        if self.blocks and self.rng.random() < 0.5:
            text += f" ^{self.blocks.pop()}"
        self.emit(text + "\n\n")

    def item_text(self) -> str:
        bank = RU_ITEMS if self.lang == "ru" else EN_ITEMS
        text = bank[self.rng.randrange(len(bank))]
        link = self.take_link(0.45)
        return f"{text} {link}" if link else text

    def bullets(self, ordered: bool = False) -> None:
        lines = []
        for k in range(self.rng.randint(3, 8)):
            mark = f"{k + 1}." if ordered else "-"
            lines.append(f"{mark} {self.item_text()}")
            if self.rng.random() < 0.2:
                lines.append(f"    - {self.item_text()}")
        if self.blocks and self.rng.random() < 0.3:
            lines[-1] += f" ^{self.blocks.pop()}"
        self.emit("\n".join(lines) + "\n\n")

    def tasks(self) -> None:
        lines = []
        for _ in range(self.rng.randint(2, 6)):
            box = self.rng.choice(" x x-")
            due = BASE_DATE + timedelta(days=self.rng.randrange(900))
            tail = f" 📅 {due.isoformat()}" if self.rng.random() < 0.4 else ""
            lines.append(f"- [{box}] {self.item_text()}{tail}")
        self.emit("\n".join(lines) + "\n\n")

    def callout(self) -> None:
        kind = self.rng.choice(CALLOUTS)
        title = "Совет" if self.lang == "ru" else "Tip"
        body = "\n".join(f"> {self.sentence()}" for _ in range(self.rng.randint(1, 3)))
        self.emit(f"> [!{kind}] {title}\n{body}\n\n")

    def table(self) -> None:
        head = ("Навык", "Сейчас", "Цель", "Заметки") if self.lang == "ru" else ("Skill", "Now", "Target", "Notes")
        rows = [f"| {' | '.join(head)} |", "| --- | :-: | :-: | --- |"]
        words = RU_WORDS if self.lang == "ru" else EN_WORDS
        for _ in range(self.rng.randint(3, 8)):
            link = self.take_link(0.3)
            note = link.replace("|", "\\|") if link else self.rng.choice(words)
            rows.append(f"| {self.rng.choice(words)} | {self.rng.randint(1, 5)} | {self.rng.randint(2, 5)} | {note} |")
        self.emit("\n".join(rows) + "\n\n")

    def code(self) -> None:
        lang, body = self.rng.choice(CODE_SNIPPETS)
        self.emit(f"```{lang}\n{body}```\n\n")

    def quote(self) -> None:
        self.emit(f"> {self.sentence()}\n> — {_person(self.rng, self.lang)}\n\n")

    def extras(self) -> None:
        roll = self.rng.random()
        if roll < 0.3:
            self.emit(f"{self.linker._image()}\n\n")
        elif roll < 0.5:
            self.emit("$$\nprogress = \\frac{done}{total}\n$$\n\n")
        elif roll < 0.7:
            self.emit(f"%% {self.sentence()} [[Черновик]] %%\n\n")
        else:
            self.emit("---\n\n")

    def block(self) -> None:
        pick = self.rng.choices(
            (self.paragraph, self.bullets, self.tasks, lambda: self.bullets(True), self.callout,
             self.table, self.code, self.quote, self.extras),
            (40, 18, 7, 6, 7, 5, 5, 3, 5),
        )[0]
        pick()

    def section(self, heading: str, budget: int, level: int = 2) -> None:
        self.emit(f"{'#' * level} {heading}\n\n")
        start = self.size
        while self.size - start < budget:
            self.block()

    def related(self) -> None:
        """Links that found no place in the prose go where people put them: a list at the end."""
        if self.blocks:
            self.emit(" ".join(self.sentence() for _ in range(2)) + f" ^{self.blocks.pop()}\n\n")
        while self.blocks:
            self.emit(f"{self.item_text()} ^{self.blocks.pop()}\n\n")
        if self.links:
            self.emit(f"## {RELATED[self.lang]}\n\n" + "".join(f"- {link}\n" for link in self.links))
            self.links.clear()


def _target_size(rng: random.Random, kind: str) -> int:
    """Prose bytes besides the links: most notes are short, a few long; the vault averages ~4 KB a note."""
    if kind == "knowledge" and rng.random() < 0.015:
        return rng.randint(15_000, 60_000)
    median = {"knowledge": 900, "hub": 900, "area": 700, "goal": 0, "checkin": 200,
              "person": 200, "daily": 200}[kind]
    return int(min(median * rng.lognormvariate(0, 0.5), 15_000))


# --- frontmatter ---


def _q(value: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML)."""
    risky = not value or value[0] in "[]{}&*!|>'\"%@`#-?:,\\ " or ": " in value or " #" in value
    return json.dumps(value, ensure_ascii=False) if risky else value


def _yaml_list(key: str, values: Sequence[str], flow: bool) -> str:
    if flow:
        # inside [...] a comma or bracket ends the scalar: quote such values
        items = (json.dumps(v, ensure_ascii=False) if any(c in v for c in ",[]{}") else _q(v) for v in values)
        return f"{key}: [{', '.join(items)}]\n"
    return f"{key}:\n" + "".join(f"  - {_q(v)}\n" for v in values)


def _common_fm(rng: random.Random, spec: Spec, tags: Sequence[str]) -> str:
    day = BASE_DATE + timedelta(days=rng.randrange(700))
    out = ""
    if rng.random() < 0.4:
        out += _yaml_list("aliases", [_shown(rng, spec) or spec.stem], rng.random() < 0.3)
    out += _yaml_list("tags", list(tags), rng.random() < 0.5)
    out += f"created: {day.isoformat()}\n"
    if rng.random() < 0.3:
        out += f"updated: {(day + timedelta(days=rng.randrange(90))).isoformat()}\n"
    return out


def _goal_fm(rng: random.Random, spec: Spec, plan: Plan) -> str:
    lang, start = spec.lang, BASE_DATE + timedelta(days=rng.randrange(600))
    horizon = rng.choice(tuple(HORIZON_DAYS))
    low, high = HORIZON_DAYS[horizon]
    due = start + timedelta(days=rng.randint(low, high))
    due_text = due.isoformat() if rng.random() > 0.005 else f"{due.year}-02-30"  # impossible date
    area = rng.choice(AREAS[lang])
    area_line = f"area: [[{area}]]\n" if rng.random() < 0.02 else f'area: "[[{area}]]"\n'
    metric = rng.choice(RU_ITEMS if lang == "ru" else EN_ITEMS)
    target = rng.randint(2, 10)
    out = f"type: goal\ntitle: {_q(spec.extra['title'])}\ncategory: {rng.choice(CATEGORIES)}\n"
    out += f"horizon: {horizon}\nstatus: {rng.choice(STATUSES)}\nstart: {start.isoformat()}\ndue: {due_text}\n"
    if rng.random() < 0.85:
        out += f"metric: {_q(metric)}\ntarget: {target}\ncurrent: {rng.randint(0, target)}\n"
    out += f'mentor: "[[{spec.extra["mentor"]}]]"\nmentee: "[[{spec.extra["mentee"]}]]"\n{area_line}'
    if rng.random() < 0.6:
        res = ["Курс по system design", "4 часа в неделю"] if lang == "ru" else ["System design course", "4 hours a week"]
        out += _yaml_list("resources", res, True)
    return out + _yaml_list("tags", ["mentorship/goal"], True)


def _checkin_fm(spec: Spec) -> str:
    goal, e = spec.extra["goal"], spec.extra
    return (f'type: check-in\ngoal: "[[{goal}]]"\ndate: {e["date"]}\n'
            f'mentor: "[[{e["mentor"]}]]"\nmentee: "[[{e["mentee"]}]]"\ntags:\n  - mentorship/check-in\n')


def _frontmatter(rng: random.Random, spec: Spec, plan: Plan) -> str:
    if spec.kind == "goal":
        return _goal_fm(rng, spec, plan)
    if spec.kind == "checkin":
        return _checkin_fm(spec)
    if spec.kind == "person":
        return f"type: person\nrole: {spec.extra['role']}\n" + _common_fm(rng, spec, [f"people/{spec.extra['role']}"])
    if spec.kind == "knowledge" and rng.random() < 0.3:
        return ""  # plenty of real notes have no frontmatter at all
    topic = spec.path.split("/")[1] if "/" in spec.path else "inbox"
    return _common_fm(rng, spec, [f"{spec.kind}/{topic.lower().replace(' ', '-')}", "mentorship"])


# --- bodies per kind ---


def _goal_body(w: _Writer, plan: Plan) -> None:
    w.emit(f"# {w.spec.extra['title']}\n\n")
    w.paragraph()
    for heading in w.spec.headings:
        w.emit(f"## {heading}\n\n")
        if heading in GOAL_HEADINGS["ru"][:1] + GOAL_HEADINGS["en"][:1]:
            w.emit("".join(f"- [{w.rng.choice(' x')}] {w.item_text()}\n" for _ in range(w.rng.randint(1, 4))) + "\n")
        elif heading in GOAL_HEADINGS["ru"][1:2] + GOAL_HEADINGS["en"][1:2]:
            w.tasks()
        elif heading in GOAL_HEADINGS["ru"][2:3] + GOAL_HEADINGS["en"][2:3]:
            _dated_items(w)
        else:
            w.paragraph()
            w.bullets()


def _dated_items(w: _Writer) -> None:
    lines = []
    for _ in range(w.rng.randint(0, 5)):
        day = BASE_DATE + timedelta(days=w.rng.randrange(700))
        score = f", {'самооценка' if w.lang == 'ru' else 'self-assessment'} {w.rng.randint(1, 5)}/5"
        lines.append(f"- {day.isoformat()}: {w.item_text().lower()}{score}")
    w.emit("\n".join(lines) + "\n\n" if lines else "\n")


def _plain_body(w: _Writer, budget: int) -> None:
    if w.rng.random() < 0.5:
        w.emit(f"# {w.spec.stem}\n\n")
    w.paragraph()
    per = max(100, budget // max(1, len(w.spec.headings)))
    for k, heading in enumerate(w.spec.headings):
        w.section(heading, per, 2 if k == 0 or w.rng.random() < 0.7 else 3)


def render_note(plan: Plan, spec: Spec) -> bytes:
    """The full text of one note; depends only on (seed, spec.index) and the plan."""
    rng = random.Random(plan.seed * 1_000_003 + spec.index)
    front = _frontmatter(rng, spec, plan)
    w = _Writer(plan, spec, rng)
    if spec.kind == "goal":
        _goal_body(w, plan)
    else:
        _plain_body(w, _target_size(rng, spec.kind))
    w.related()
    text = (f"---\n{front}---\n" if front else "") + "".join(w.out)
    return _line_endings(rng, text)


def _line_endings(rng: random.Random, text: str) -> bytes:
    roll = rng.random()
    if roll < 0.01:
        return text.replace("\n", "\r\n").encode("utf-8")  # notes from Windows
    if roll < 0.015:
        return b"\xef\xbb\xbf" + text.encode("utf-8")  # a BOM from some editors
    return text.encode("utf-8")


# --- writing the vault ---


def _obsidian_settings(root: Path) -> None:
    settings = root / ".obsidian"
    settings.mkdir(parents=True)
    (settings / "app.json").write_text('{\n  "userIgnoreFilters": []\n}\n', "utf-8")
    (settings / "templates.json").write_text('{\n  "folder": "Templates"\n}\n', "utf-8")
    types = {"aliases": "aliases", "tags": "tags", "start": "date", "due": "date", "date": "date",
             "target": "number", "current": "number", "resources": "multitext"}
    (settings / "types.json").write_text(json.dumps({"types": types}, indent=2) + "\n", "utf-8")


def _templates(root: Path) -> None:
    folder = root / "Templates"
    folder.mkdir()
    (folder / "Goal.md").write_text(
        "---\ntype: goal\ntitle:\ncategory:\nhorizon: short\nstatus: planned\nstart: {{date}}\ndue:\n"
        "metric:\nmentor:\nmentee:\narea:\ntags: [mentorship/goal]\n---\n"
        "## Критерии успеха\n- [ ] \n## План\n- [ ] \n## Чек-ины\n", "utf-8")
    (folder / "Check-in.md").write_text(
        "---\ntype: check-in\ngoal:\ndate: {{date}}\n---\n## Что обсудили\n\n## Следующие шаги\n", "utf-8")


def write_vault(plan: Plan, root: Path) -> dict[str, int]:
    """Write every file under ``root`` (which must not exist) and return size statistics."""
    _obsidian_settings(root)
    _templates(root)
    (root / ".mentorvault.yaml").write_text("language: ru\n", "utf-8")
    total = 0
    made: set[str] = set()
    for spec in plan.specs:
        data = render_note(plan, spec)
        folder = spec.path.rsplit("/", 1)[0]
        if folder not in made:
            (root / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (root / spec.path).write_bytes(data)
        total += len(data)
    for rel in plan.attachments:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(PNG)
    return {"notes": len(plan.specs) + 2, "note_bytes": total, "attachments": len(plan.attachments)}


def _marker(n: int, seed: int, broken_share: float) -> dict[str, object]:
    return {"generator": GENERATOR_VERSION, "notes": n, "seed": seed, "broken_share": broken_share}


def read_marker(root: Path) -> dict[str, object] | None:
    try:
        data = json.loads((root / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ensure_vault(n: int, root: Path, seed: int = DEFAULT_SEED,
                 broken_share: float = DEFAULT_BROKEN_SHARE) -> dict[str, object]:
    """Generate the vault at ``root`` unless the one there was made with the same parameters."""
    wanted = _marker(n, seed, broken_share)
    found = read_marker(root)
    if found is not None and all(found.get(k) == v for k, v in wanted.items()):
        return found
    if root.exists() and found is None and any(root.iterdir()):
        raise SystemExit(f"{root}: exists and is not a generated vault; refusing to overwrite it")
    shutil.rmtree(root, ignore_errors=True)
    # write next to the target and rename at the end: a killed run never leaves a vault that looks finished
    partial = root.with_name(root.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    stats = write_vault(_Planner(n - 2, seed, broken_share).plan(), partial)
    marker = {**wanted, **stats}
    (partial / MARKER).write_text(json.dumps(marker, indent=2) + "\n", "utf-8")
    os.replace(partial, root)
    return marker


def default_root(base: Path, n: int, seed: int) -> Path:
    return base / f"vault-{n}-s{seed}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes", type=int, help="number of notes (templates included)")
    parser.add_argument("--out", type=Path, help="vault folder (default: /tmp/mv-bench/vault-N-sSEED)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--broken-share", type=float, default=DEFAULT_BROKEN_SHARE,
                        help="share of links that point nowhere (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.notes < 50:
        parser.error("make at least 50 notes")
    root = args.out or default_root(Path("/tmp/mv-bench"), args.notes, args.seed)
    marker = ensure_vault(args.notes, root, args.seed, args.broken_share)
    mb = int(str(marker["note_bytes"])) / 1e6
    print(f"{root}: {marker['notes']} notes, {mb:.1f} MB of Markdown, {marker['attachments']} attachments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
