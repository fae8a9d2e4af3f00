"""The acts and triggers a database starts with, by code; their words are Tryghed's wording
(wording.py), translated when shown. The migration that seeds a new database keeps a frozen copy
of its own (migrations/0001_initial.py); this live copy seeds the demo and the tests, and a test
keeps the two the same. Idempotent: only codes that are missing are created, rows that exist are
never touched."""

# kind, code, minor
ACTS = [
    ("physical", "assault", False),
    ("physical", "strangling", False),
    ("physical", "stabbing", False),
    ("physical", "kick", False),
    ("physical", "blow", False),
    ("physical", "push", True),
    ("physical", "trip", False),
    ("physical", "hold", True),
    ("physical", "throwing", False),
    ("physical", "pinch", True),
    ("physical", "bite", True),
    ("physical", "scratch", True),
    ("physical", "spit", True),
    ("psychological", "mockery", True),
    ("psychological", "humiliation", False),
    ("psychological", "offence", False),
    ("psychological", "harassment", False),
    ("psychological", "death_threat", False),
    ("psychological", "threat_workplace", False),
    ("psychological", "threat_family", False),
    ("psychological", "threat_belongings", False),
    ("online", "defamation", False),
    ("online", "libel", False),
    ("online", "disclosure", False),
    ("online", "online_threat", False),
]
TRIGGERS = [
    "refusal",
    "demand",
    "mistake",
    "waiting",
    "intervention",
    "intoxication",
    "unknown",
    "other",
]


def seed_lists(act_model, trigger_model):
    """Create the acts and triggers that are missing; never touch those that exist."""
    for order, (kind, code, is_minor) in enumerate(ACTS, start=1):
        act_model.objects.get_or_create(
            code=code, defaults={"kind": kind, "order": order, "is_minor": is_minor}
        )
    for order, code in enumerate(TRIGGERS, start=1):
        trigger_model.objects.get_or_create(code=code, defaults={"order": order})
