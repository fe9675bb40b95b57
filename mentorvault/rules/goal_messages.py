"""Messages of the goal families (MV2xx SMART, MV3xx progress), in English and Russian.

Russian messages avoid numerals agreeing with nouns ("21 день", "22 дня"):
``дн.`` reads naturally after any number.
"""

from __future__ import annotations

from .. import i18n

GOAL_MESSAGES: dict[str, tuple[str, str]] = {
    # goal-invalid-value
    "goal-value-not-single": (
        "property '{key}' holds a list or a mapping: write a single value",
        "в свойстве {key} список или словарь: укажите одно значение",
    ),
    "goal-value-date-format": (
        "{key}: '{value}' is not written as YYYY-MM-DD: write {key}: {fixed}",
        "{key}: дата «{value}» записана не в формате ГГГГ-ММ-ДД: напишите {key}: {fixed}",
    ),
    "goal-value-not-date": (
        "{key}: '{value}' is not a date (or there is no such day): write {key}: YYYY-MM-DD",
        "{key}: «{value}» — не дата или такого дня нет: напишите {key}: ГГГГ-ММ-ДД",
    ),
    "goal-value-unknown": (
        "{key}: '{value}' is not one of {choices}: write one of them",
        "{key}: значения «{value}» нет среди допустимых ({choices}): выберите одно из них",
    ),
    "goal-type-missing": (
        "a goal by its folder without 'type: {type}': add it, so the note stays a goal if it moves (check --fix does it)",
        "цель по папке, но без «type: {type}»: добавьте это свойство, чтобы заметка осталась целью при переносе (это сделает check --fix)",
    ),
    "goal-value-synonym": (
        "{key}: '{value}' stands for '{canonical}': write {key}: {canonical} (check --fix does it)",
        "{key}: «{value}» означает «{canonical}»: напишите {key}: {canonical} (это сделает check --fix)",
    ),
    "goal-value-not-number": (
        "{key}: '{value}' is not a number: write it in digits, e.g. {key}: 5",
        "{key}: «{value}» — не число: запишите цифрами, например {key}: 5",
    ),
    "goal-value-positive": (
        "{key}: {value} must be above 0: write how much counts as done",
        "{key}: значение {value} должно быть больше 0: укажите, сколько нужно для выполнения цели",
    ),
    "goal-value-negative": (
        "{key}: {value} cannot be negative: write how much is done so far (0 or more)",
        "{key}: значение {value} не может быть отрицательным: укажите, сколько уже сделано (0 или больше)",
    ),
    # smart-*
    "hint-title-from-name": (
        "the title is the file name '{name}': rename the note or add a title property",
        "название взято из имени файла «{name}»: переименуйте заметку или добавьте свойство title",
    ),
    "smart-specific-short": (
        ("title '{title}' has fewer than 3 words: name the concrete result,"
        " e.g. title: Pass 3 interviews for a Senior Python role"),
        ("в названии «{title}» меньше трёх слов: назовите конкретный результат,"
        " например title: Пройти 3 собеседования на Senior Python"),
    ),
    "smart-specific-vague": (
        ("title '{title}' starts with '{phrase}', a direction rather than a result:"
        " say what will be done, with a number or a [[link]]"),
        ("название «{title}» начинается с «{phrase}» — это направление, а не результат:"
        " опишите, что именно будет сделано, с числом или [[ссылкой]]"),
    ),
    "smart-measurable": (
        ("no measure of success: add metric: <what counts as success>, a number in target:,"
        " or a checkbox (- [ ] ...) under '{heading}'"),
        ("непонятно, как измерить успех: добавьте metric: … (что считать успехом), число в target:"
        " или пункт с чекбоксом «- [ ] …» в раздел «{heading}»"),
    ),
    "smart-achievable": (
        ("no plan: add a task (- [ ] first step) under '{heading}', or list what you have"
        " in resources: (time, courses, people)"),
        ("нет плана: добавьте задачу «- [ ] первый шаг» в раздел «{heading}» или перечислите"
        " ресурсы в resources: (время, курсы, люди)"),
    ),
    "smart-relevant-category": (
        "no category: add category: with one of {choices}",
        "не указана категория: добавьте category: одно из значений {choices}",
    ),
    "smart-relevant-area": (
        "no development area: add area: \"[[...]]\" linking the note of the area this goal serves",
        ("не указана область развития: добавьте area: \"[[…]]\" со ссылкой на заметку области,"
        " которой служит цель"),
    ),
    "smart-relevant-area-text": (
        "area '{area}' is plain text, not a link: write area: \"[[{area}]]\"",
        "area: «{area}» — просто текст, а не ссылка: напишите area: \"[[{area}]]\"",
    ),
    "smart-relevant-area-file": (
        "area links to the file {file}, not to a note: link the area's note",
        "area ссылается на файл {file}, а не на заметку: сошлитесь на заметку области",
    ),
    "smart-time-bound-due": (
        "no deadline: add due: YYYY-MM-DD",
        "нет срока: добавьте due: ГГГГ-ММ-ДД",
    ),
    "smart-time-bound-order": (
        "due {due} is before start {start}: set a due date after the start",
        "срок due {due} раньше начала start {start}: поставьте срок после начала",
    ),
    # progress
    "horizon-mismatch-max": (
        ("horizon {horizon} is at most {max} days, but start to due is {days} days:"
        " write horizon: {suggest} or change the dates"),
        ("горизонт {horizon} — не больше {max} дн., а от start до due {days} дн.:"
        " напишите horizon: {suggest} или поправьте даты"),
    ),
    "horizon-mismatch-min": (
        ("horizon {horizon} is at least {min} days, but start to due is {days} days:"
        " write horizon: {suggest} or change the dates"),
        ("горизонт {horizon} — не меньше {min} дн., а от start до due {days} дн.:"
        " напишите horizon: {suggest} или поправьте даты"),
    ),
    "horizon-mismatch-range": (
        ("horizon {horizon} is {min} to {max} days, but start to due is {days} days:"
        " write horizon: {suggest} or change the dates"),
        ("горизонт {horizon} — от {min} до {max} дн., а от start до due {days} дн.:"
        " напишите horizon: {suggest} или поправьте даты"),
    ),
    "goal-overdue": (
        ("due {due} passed {days} days ago and the goal is still {status}: set status: done,"
        " agree a new due with your mentor, or set status: dropped"),
        ("срок {due} прошёл {days} дн. назад, а цель всё ещё в статусе {status}: напишите status: done,"
        " согласуйте с ментором новый срок или напишите status: dropped"),
    ),
    "goal-stale": (
        ("no check-in for {days} days (last on {last}; review every {review} days):"
        " add '- {today}: ...' under '{heading}' or a check-in note"),
        ("чек-инов не было {days} дн. (последний — {last}, а пересматривать цель нужно каждые"
        " {review} дн.): добавьте «- {today}: …» в раздел «{heading}» или заметку чек-ина"),
    ),
    "goal-stale-never": (
        ("no check-in since the start on {start}, {days} days ago (review every {review} days):"
        " add '- {today}: ...' under '{heading}' or a check-in note"),
        ("с начала цели ({start}) прошло {days} дн., а чек-инов не было (пересматривать нужно каждые"
        " {review} дн.): добавьте «- {today}: …» в раздел «{heading}» или заметку чек-ина"),
    ),
    "too-many-active-goals": (
        ("{mentee} has {count} active goals, over the limit of {limit}: finish, pause"
        " (status: paused) or drop one before taking this one on"),
        ("{mentee}: активных целей {count}, а предел — {limit}: завершите, поставьте на паузу"
        " (status: paused) или отмените одну из них, прежде чем браться за эту"),
    ),
    "too-many-active-goals-vault": (
        ("the vault has {count} active goals, over the limit of {limit}: finish, pause"
        " (status: paused) or drop one before taking this one on"),
        ("в хранилище {count} активных целей, а предел — {limit}: завершите, поставьте на паузу"
        " (status: paused) или отмените одну из них, прежде чем браться за эту"),
    ),
    "task-invalid-date": (
        "task date {emoji} {value} is not a date (or there is no such day): write YYYY-MM-DD",
        "дата задачи {emoji} {value} — не дата или такого дня нет: напишите ГГГГ-ММ-ДД",
    ),
    "task-date-format": (
        ("task date {emoji} {value} is not written as YYYY-MM-DD, so the Tasks plugin ignores it:"
        " write {fixed}"),
        ("дата задачи {emoji} {value} записана не в формате ГГГГ-ММ-ДД, и плагин Tasks её не видит:"
        " напишите {fixed}"),
    ),
    "task-after-due": (
        "task due {task_due} is after the goal's due {due}: bring the task forward or move the goal's due",
        "срок задачи {task_due} позже срока цели {due}: перенесите задачу раньше или сдвиньте срок цели",
    ),
}

i18n.register(GOAL_MESSAGES)
