"""The overview's figures as JSON: the tables stats counts and protects, with each count as the
page shows it (a number, or a marker where it is protected). The true count of a protected
cell never leaves: only `Shown.number`, which is None unless the cell is shown."""

from tryghed.stats.suppression import SHOWN, Shown


def cell(value):
    if isinstance(value, Shown):
        return {"number": value.number, "state": value.state}
    return {"number": value, "state": SHOWN}


def as_json(figures, selection):
    tables = figures.tables()
    return {
        "start": selection.start,
        "end": selection.end,
        "protected": figures.protected,
        "threshold": figures.threshold,
        "rounding_base": figures.base,
        "tables": [_table(table) for table in tables],
        "medians": [{"label": str(label), "days": cell(days)} for label, days in figures.medians],
    }


def _table(table):
    return {
        "slug": table.slug,
        "title": str(table.title),
        "heading": str(table.heading),
        "columns": [str(column) for column in table.columns],
        "rows": [
            {
                "label": str(row.label),
                "value": cell(row.count),
                "extra": [cell(value) for value in row.extra],
            }
            for row in table.rows
        ],
    }
