"""The filtered list of episodes as CSV and as XLSX: only the episodes the viewer may read, and
the free text only when they may read the cases of every unit in the selection."""

import csv
import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from tryghed.followup.models import PoliceReportStatus
from tryghed.incidents.models import Incident

FILED = {PoliceReportStatus.SIGNED, PoliceReportStatus.COPY_RECEIVED}


def rows_for(user, selection):
    """The selection's episodes that `user` may read, oldest first."""
    return (
        selection.episodes()
        .filter(pk__in=Incident.objects.visible_to(user).values("pk"))
        .select_related("unit", "police_report", "work_injury_report")
        .order_by("occurred_at", "pk")
    )


def columns(with_text):
    """(header, value of an episode) in the order of the file."""
    result = [
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
        (_("Reported to the police"), lambda i: _yes_no(_police(i))),
        (_("Work-injury report"), lambda i: _yes_no(_work_injury(i))),
        (_("Reported"), lambda i: _local(i.reported_at).date()),
        (_("Closed"), lambda i: _local(i.closed_at).date() if i.closed_at else None),
    ]
    if with_text:
        result += [
            (_("Where exactly"), lambda i: i.place),
            (_("What happened, briefly"), lambda i: i.description),
        ]
    return result


def _local(moment):
    return timezone.localtime(moment)


def _yes_no(value):
    return _("Yes") if value else _("No")


def _police(incident):
    report = getattr(incident, "police_report", None)
    return report is not None and report.status in FILED


def _work_injury(incident):
    return getattr(incident, "work_injury_report", None) is not None


def as_csv(incidents, with_text):
    """Semicolons and a byte-order mark: what a Danish spreadsheet opens without questions."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    cols = columns(with_text)
    writer.writerow([header for header, _value in cols])
    for incident in incidents.iterator(chunk_size=2000):
        writer.writerow([_csv_value(value(incident)) for _header, value in cols])
    return out.getvalue().encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)
    return value


def as_xlsx(incidents, with_text):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Episodes")[:31]
    cols = columns(with_text)
    sheet.append([header for header, _value in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for incident in incidents.iterator(chunk_size=2000):
        sheet.append([value(incident) for _header, value in cols])
    for index, (header, _value) in enumerate(cols):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = max(12, len(header) + 2)
        for cell in sheet[letter][1:]:
            if header in (_("Date"), _("Reported"), _("Closed")):
                cell.number_format = "DD-MM-YYYY"
            elif header == _("Time"):
                cell.number_format = "HH:MM"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
