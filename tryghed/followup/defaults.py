"""The guideline's part "Efter" as case templates a database starts with, by code: the facts
(deadlines, roles) are here, the words are Tryghed's wording (wording.py), translated when shown.
The migration that seeds a new database keeps a frozen copy of its own (migrations/
0001_initial.py); this live copy seeds the demo and the tests, and a test keeps the two the same.
Idempotent: a template is created only for a kind that has none yet."""

# kind, assignee, required, anchor, days, hours, condition; a task's code is "template.kind"
VIOLENCE_TASKS = [
    ("acknowledge", "manager", True, "report", 0, 0, "always"),
    ("support", "manager", True, "report", 1, 0, "always"),
    ("counselling", "manager", True, "report", 1, 0, "always"),
    ("police_report", "manager", True, "episode", 0, 72, "always"),
    ("work_injury", "manager_or_safety_rep", True, "absence", 14, 0, "always"),
    ("inform", "center_head", True, "report", 2, 0, "always"),
    ("serious_case", "center_head", True, "report", 2, 0, "serious"),
    ("follow_up_talk", "manager", True, "report", 7, 0, "always"),
    ("sparring", "manager", False, "report", 14, 0, "always"),
    ("evaluation", "manager", True, "report", 30, 0, "always"),
]

# The guideline's twelve steps for harassment and threats on social media.
ONLINE_TASKS = [
    ("acknowledge", "manager", True, "report", 0, 0, "always"),
    ("evidence", "manager", True, "report", 0, 0, "always"),
    ("post_removal", "manager", True, "report", 1, 0, "always"),
    ("blocking", "manager", True, "report", 2, 0, "always"),
    ("counselling", "manager", True, "report", 1, 0, "always"),
    ("inform", "center_head", True, "report", 2, 0, "always"),
    ("dialogue", "manager", True, "report", 3, 0, "always"),
    ("meeting", "manager", False, "report", 14, 0, "always"),
    ("police_report", "manager", True, "episode", 0, 72, "always"),
    ("work_injury", "manager_or_safety_rep", True, "absence", 14, 0, "always"),
    ("follow_up_talk", "manager", True, "report", 7, 0, "always"),
    ("evaluation", "manager", True, "report", 30, 0, "always"),
]

# The tasks whose deadline the law sets (the police report's 72 hours for victim compensation,
# the work-injury report's 14 days): they keep the law's calendar; the rest are the
# municipality's own and move off weekends and public holidays (core.workdays).
SET_BY_LAW = {"police_report", "work_injury"}

# code, kind of episode ("" for every kind without a template of its own), tasks
TEMPLATES = [
    ("violence", "", VIOLENCE_TASKS),
    ("online", "online", ONLINE_TASKS),
]


def seed_templates(case_template_model, task_template_model):
    """Create each default template that has no template of its kind yet."""
    for code, kind, tasks in TEMPLATES:
        if not case_template_model.objects.filter(kind=kind).exists():
            template = case_template_model.objects.create(code=code, kind=kind)
            _create_tasks(task_template_model, template, tasks)


def _create_tasks(task_template_model, template, tasks):
    task_template_model.objects.bulk_create(
        task_template_model(
            case_template=template,
            order=order,
            kind=kind,
            code=f"{template.code}.{kind}",
            assignee=assignee,
            is_required=required,
            anchor=anchor,
            offset_days=days,
            offset_hours=hours,
            condition=condition,
            is_set_by_law=kind in SET_BY_LAW,
        )
        for order, (kind, assignee, required, anchor, days, hours, condition) in enumerate(
            tasks, start=1
        )
    )
