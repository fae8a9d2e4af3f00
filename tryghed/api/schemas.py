"""The shapes the API answers with and accepts (they make the OpenAPI document)."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    error: str = Field(description="A stable English code: unauthorized, not_found, …")
    message: str = Field(description="What went wrong, in the site's language (Danish)")


class InvalidReport(Error):
    fields: dict[str, list[str]] = Field(description="Each field's problems")


class AlreadyReportedError(Error):
    case: int = Field(description="The case sent moments ago with the same text")


class QuickReport(Schema):
    """The quick report, as the form at /registrer/ takes it."""

    kind: str = Field(description="physical, psychological or online")
    unit: int = Field(description="The unit where it happened (one the person may report in)")
    severity: int = Field(description="How serious it felt, 1 to 4 (the person's own word)")
    description: str = Field(description="What happened, briefly")
    occurred_at: datetime | None = Field(None, description="When; left out: now")
    affected: int | None = Field(None, description="A colleague it happened to; left out: me")
    acts: list[int] = Field(default_factory=list)
    triggers: list[int] = Field(default_factory=list)
    perpetrator_category: str = ""
    platform: str = Field("", description="Only for kind online")
    links: str = Field("", description="Only for kind online: one address per line")
    on_own_page: bool = False
    harasser_type: str = ""
    send_anyway: bool = Field(False, description="The text is not a CPR number: send it anyway")
    send_again: bool = Field(False, description="It happened again: not the report just sent")


class UnitRef(Schema):
    id: int
    name: str


class Episode(Schema):
    id: int
    number: str = Field(description="The case number people quote")
    unit: UnitRef
    kind: str
    occurred_at: datetime
    reported_at: datetime
    severity: int
    is_open: bool
    url: str = Field(description="The case in the browser")


class EpisodePage(Schema):
    count: int
    page: int
    pages: int
    items: list[Episode]


class Task(Schema):
    id: int
    case: int
    case_number: str
    title: str
    kind: str
    status: str
    due_at: datetime
    completed_at: datetime | None
    url: str


class Case(Episode):
    description: str
    acts: list[str]
    triggers: list[str]
    closed_at: datetime | None
    voided_at: datetime | None
    tasks: list[Task]


class Cell(Schema):
    number: int | float | None = Field(description="The number shown; null where protected")
    state: str = Field(description='shown, small ("<threshold") or hidden')


class FigureRow(Schema):
    label: str
    value: Cell
    extra: list[Cell]


class FigureTable(Schema):
    slug: str
    title: str
    heading: str
    columns: list[str]
    rows: list[FigureRow]


class Median(Schema):
    label: str
    days: Cell


class Statistics(Schema):
    start: date
    end: date
    protected: bool = Field(description="Small counts protected and every count rounded")
    threshold: int
    rounding_base: int
    tables: list[FigureTable]
    medians: list[Median]
