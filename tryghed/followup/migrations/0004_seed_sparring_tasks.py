"""Issue 20: the template for violence and threats offers sparring or supervision after an
episode, an optional task before the evaluation (the online template keeps the guideline's
twelve steps). Frozen data: codes, order and deadline, never words."""

from django.db import migrations

# kind, assignee, required, anchor, days, hours, condition
SPARRING = ("sparring", "manager", False, "report", 14, 0, "always")
TEMPLATES = ["violence"]


def add_sparring(apps, schema_editor):
    case_template = apps.get_model("followup", "CaseTemplate")
    task_template = apps.get_model("followup", "TaskTemplate")
    for code in TEMPLATES:
        template = case_template.objects.filter(code=code).first()
        if template is None or template.tasks.filter(code=f"{code}.sparring").exists():
            continue
        _insert(task_template, template, code)


def _insert(task_template, template, code):
    evaluation = template.tasks.filter(code=f"{code}.evaluation").first()
    if evaluation is None:
        last = template.tasks.order_by("-order").first()
        order = (last.order + 1) if last else 1
    else:
        order = evaluation.order
        for later in template.tasks.filter(order__gte=order):
            later.order += 1
            later.save(update_fields=["order"])
    kind, assignee, required, anchor, days, hours, condition = SPARRING
    task_template.objects.create(
        case_template=template,
        order=order,
        kind=kind,
        code=f"{code}.{kind}",
        assignee=assignee,
        is_required=required,
        anchor=anchor,
        offset_days=days,
        offset_hours=hours,
        condition=condition,
    )


class Migration(migrations.Migration):
    dependencies = [("followup", "0003_sparring_and_citizen_conversations")]

    operations = [migrations.RunPython(add_sparring, migrations.RunPython.noop)]
