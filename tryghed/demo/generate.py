"""Many realistic episodes, fast, for measuring the overview: the demo's patterns (which units,
kinds, places, hours and weekdays), written with bulk inserts in batches instead of one report
at a time. Measurement data only: no follow-up tasks, no notifications, no audit events."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from tryghed.core.bulk import analyze
from tryghed.demo.incidents import (
    DESCRIPTIONS,
    HOURS,
    PATTERNS,
    SEVERITY_WEIGHTS,
    WEEKDAY_WEIGHTS,
    reported_after,
)
from tryghed.incidents.models import Act, Incident, Perpetrator, Trigger
from tryghed.organizations import directory
from tryghed.organizations.models import Membership, Unit
from tryghed.stats import summary

BATCH = 5000
DAYS = 3 * 365


class Pools:
    """What every episode is drawn from, loaded once."""

    def __init__(self, rng):
        units = {unit.code: unit for unit in Unit.objects.filter(code__in=PATTERNS)}
        if not units:
            # Any tree will do: every unit below the root, alike.
            units = {u.code: u for u in Unit.objects.filter(parent__isnull=False)}
        if not units:
            raise ValueError("no units: load the demo or import an organization first")
        default = next(iter(PATTERNS.values()))
        self.codes = list(units)
        self.weights = [PATTERNS.get(code, default)[0] for code in self.codes]
        self.patterns = {code: PATTERNS.get(code, default) for code in self.codes}
        self.units = units
        self.staff = {code: _staff(unit) for code, unit in units.items()}
        self.acts = {}
        for act in Act.objects.all():
            self.acts.setdefault(act.kind, []).append(act.pk)
        self.triggers = list(Trigger.objects.values_list("pk", flat=True))
        self.perpetrators = {code: _perpetrators(unit) for code, unit in units.items()}
        self.days = [
            day
            for day in range(DAYS)
            for _ in range(WEEKDAY_WEIGHTS[(timezone.localdate() - timedelta(days=day)).weekday()])
        ]
        self.rng = rng


def _staff(unit):
    people = directory.employees_placed_in(unit)
    if not people:
        people = list(Membership.objects.filter(unit=unit).values_list("user_id", flat=True))
    return people or list(Membership.objects.values_list("user_id", flat=True)[:20])


def _perpetrators(unit):
    existing = {p.reference: p.pk for p in Perpetrator.objects.filter(unit=unit)}
    for n in range(1, 21):
        reference = f"Gen-{n}"
        if reference not in existing:
            existing[reference] = Perpetrator.objects.create(unit=unit, reference=reference).pk
    return [pk for reference, pk in existing.items() if reference.startswith("Gen-")]


def generate(count, *, seed=6, progress=None):
    """Create `count` episodes; returns how many exist afterwards."""
    rng = random.Random(seed)
    pools = Pools(rng)
    now = timezone.now()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            _batch(pools, now, size)
        made += size
        if progress:
            progress(made)
    analyze(Incident, Incident.affected.through, Incident.acts.through, Incident.triggers.through)
    summary.forget()  # the episodes were reported in the past
    return Incident.objects.count()


def _batch(pools, now, size):
    rng = pools.rng
    incidents, extras = [], []
    for _ in range(size):
        code = rng.choices(pools.codes, pools.weights)[0]
        incident, extra = _episode(pools, code, now)
        incidents.append(incident)
        extras.append(extra)
    Incident.objects.bulk_create(incidents, batch_size=BATCH)
    if incidents[0].pk is None:  # a database that does not return ids (none of ours)
        raise RuntimeError("bulk_create returned no ids")
    affected, acts, triggers = [], [], []
    for incident, (person, act_ids, trigger_ids) in zip(incidents, extras, strict=True):
        affected.append((incident.pk, person))
        acts += [(incident.pk, act) for act in act_ids]
        triggers += [(incident.pk, trigger) for trigger in trigger_ids]
    _insert(Incident.affected.through, "user_id", affected)
    _insert(Incident.acts.through, "act_id", acts)
    _insert(Incident.triggers.through, "trigger_id", triggers)


def _episode(pools, code, now):
    rng = pools.rng
    _weight, kinds, places, category = pools.patterns[code]
    kind = rng.choices(list(kinds), list(kinds.values()))[0]
    day = (now - timedelta(days=rng.choice(pools.days))).date()
    occurred_at = timezone.make_aware(
        datetime.combine(day, time(rng.choice(HOURS), rng.randint(0, 59)))
    )
    occurred_at = min(occurred_at, now - timedelta(minutes=30))
    reported_at = reported_after(rng, occurred_at, now, hours=48)
    severity = rng.choices([1, 2, 3, 4], SEVERITY_WEIGHTS)[0]
    person = rng.choice(pools.staff[code])
    injured = kind == "physical" and severity >= 3 and rng.random() < 0.4
    old = occurred_at < now - timedelta(days=30)
    incident = Incident(
        unit=pools.units[code],
        kind=kind,
        occurred_at=occurred_at,
        reported_at=reported_at,
        reported_by_id=person,
        experienced_severity=severity,
        severity_given_by_id=person,
        description=rng.choice(DESCRIPTIONS[kind]),
        place_kind=rng.choice(places),
        perpetrator_category=category if rng.random() < 0.9 else "",
        perpetrator_id=rng.choice(pools.perpetrators[code]) if rng.random() < 0.25 else None,
        is_injured=injured,
        absence_days=rng.randint(1, 10) if injured and rng.random() < 0.5 else None,
        closed_at=reported_at + timedelta(days=rng.randint(2, 45))
        if old and rng.random() < 0.85
        else None,
        # Not from the seeded draws: a second run with the same seed adds its episodes.
        submission_key=uuid.uuid4(),
    )
    acts = pools.acts.get(kind, [])
    act_ids = rng.sample(acts, k=min(len(acts), rng.randint(1, 2))) if acts else []
    trigger_ids = rng.sample(pools.triggers, k=1) if pools.triggers and rng.random() < 0.6 else []
    return incident, (person, act_ids, trigger_ids)


def _insert(through, column, pairs):
    """Rows of an m2m table: COPY on PostgreSQL, bulk_create elsewhere."""
    if not pairs:
        return
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(through._meta.db_table)
        sql = f"COPY {table} (incident_id, {column}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in pairs:
                copy.write_row(row)
        return
    through.objects.bulk_create(
        [through(incident_id=incident, **{column: other}) for incident, other in pairs],
        batch_size=BATCH,
    )
