"""The overview's exports, as CSV and as XLSX (core.inert writes both, so no text in them is
ever a formula). What a file holds follows what the person may read (`access.
reads_every_case_in`): the episodes one by one, with their free text, for someone who may open
every case in the selection; otherwise the figures exactly as the overview shows them, with
small counts protected and rounded, and never a row per episode."""

from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from tryghed.core import inert
from tryghed.followup.models import q_reported_to_police, q_with_work_injury_report
from tryghed.incidents.models import Incident
from tryghed.stats.suppression import Shown
from tryghed.stats.templatetags.stats_tags import shown as shown_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def as_file(fmt, title, header, rows):
    """(body, content type) of a table in the asked format."""
    if fmt == "xlsx":
        return inert.xlsx_bytes(title, header, rows), XLSX
    return inert.csv_text([header, *rows]).encode("utf-8"), CSV


# The episodes, one row each ----------------------------------------------------------------


def rows_for(user, selection):
    """The selection's episodes that `user` may read, oldest first, with the facts the file
    states asked of the database in the words the overview counts them with."""
    return (
        selection.episodes()
        .filter(pk__in=Incident.objects.visible_to(user).values("pk"))
        .annotate(
            is_reported_to_police=_fact(q_reported_to_police()),
            has_work_injury_report=_fact(q_with_work_injury_report()),
        )
        .select_related("unit")
        .order_by("occurred_at", "pk")
    )


def _fact(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def columns():
    """(header, value of an episode) in the order of the file."""
    return [
        (_("Case number"), lambda i: i.number),
        (_("Date"), lambda i: _local(i.occurred_at).date()),
        (_("Time"), lambda i: _local(i.occurred_at).time().replace(second=0, microsecond=0)),
        (_("Unit"), lambda i: i.unit.name),
        (_("What happened"), lambda i: i.get_kind_display()),
        (_("How serious it felt"), lambda i: i.get_experienced_severity_display()),
        (_("Kind of place"), lambda i: i.get_place_kind_display()),
        (_("Who did it"), lambda i: i.get_perpetrator_category_display()),
        (_("Physical injury"), lambda i: _yes_no(i.is_injured)),
        (_("Days of absence"), lambda i: i.absence_days),
        (_("Reported to the police"), lambda i: _yes_no(i.is_reported_to_police)),
        (_("Work-injury report"), lambda i: _yes_no(i.has_work_injury_report)),
        (_("Reported"), lambda i: _local(i.reported_at).date()),
        (_("Closed"), lambda i: _local(i.closed_at).date() if i.closed_at else None),
        (_("Where exactly"), lambda i: i.place),
        (_("What happened, briefly"), lambda i: i.description),
    ]


def episodes_file(incidents, fmt):
    cols = columns()
    rows = (
        [value(incident) for _header, value in cols]
        for incident in incidents.iterator(chunk_size=2000)
    )
    return as_file(fmt, _("Episodes"), [header for header, _value in cols], rows)


def _local(moment):
    return timezone.localtime(moment)


def _yes_no(value):
    return _("Yes") if value else _("No")


# The figures, as the page shows them --------------------------------------------------------


def figure_header():
    return [_("Figure"), _("Group"), _("Column"), _("Value")]


def figure_rows(tables, medians):
    """One row per number on the page: the table, the row, the column, and the number as the
    viewer sees it (rounded where the page rounds; "<3" or hidden where the page says so)."""
    for table in tables:
        title = str(table.title)
        for row in table.rows:
            label = str(row.label)
            yield [title, label, str(table.heading), _value(row.count)]
            for column, value in zip(table.columns, row.extra, strict=False):
                yield [title, label, str(column), _value(value)]
        if table.slug == "followup":
            for label, days in medians:
                yield [title, str(label), _("Days"), _value(days)]


def figures_file(tables, medians, fmt):
    return as_file(fmt, _("Figures"), figure_header(), figure_rows(tables, medians))


def _value(value):
    """A number as a number; a protected count as the page's marker."""
    if isinstance(value, Shown):
        return value.number if value.is_shown else str(shown_text(value))
    return value
