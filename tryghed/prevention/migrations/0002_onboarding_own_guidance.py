from django.db import migrations

# Frozen: the onboarding point added after the squash, by code (its words are Tryghed's
# wording, prevention/wording.py). It comes last, after the points a database already has.
CODE = "own_guidance"


def add_point(apps, schema_editor):
    step = apps.get_model("prevention", "OnboardingStep")
    if step.objects.filter(code=CODE).exists():
        return
    last = step.objects.order_by("-position").values_list("position", flat=True).first()
    step.objects.create(code=CODE, position=(last or 0) + 1)


def remove_point(apps, schema_editor):
    apps.get_model("prevention", "OnboardingStep").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("prevention", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_point, remove_point),
    ]
