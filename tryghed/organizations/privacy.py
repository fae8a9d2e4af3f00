"""The records a data protection officer asks for (GDPR art. 30), and what the privacy page tells
everyone whose data Tryghed holds (art. 13 and 14): whose data, which data, why, to whom, on
what legal basis and for how long. The municipality's own parts (data controller, its data
protection officer, the named recipients) are data on `Municipality` and its `Contact`s; the
rest is what the system does, stated once here and read by the page and its tests.

The retention schedule's default periods are here (`RETENTION_DEFAULTS`); `retention_schedule()`
is the one place the page reads them from. A row says it is carried out automatically only
when the sweep job it names is registered (`core.sweep.JOBS`); otherwise the page says that
the data is kept until then."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tryghed.core.sweep import JOBS


@dataclass(frozen=True)
class Category:
    name: str
    about: str


PEOPLE = [
    Category(_("Employees"), _("Everyone placed in a unit: their name, e-mail, job and roles.")),
    Category(
        _("Managers, safety reps, advisors, HR and executives"),
        _("The people who follow up on cases, and what they did in them."),
    ),
    Category(_("Reporters"), _("The person who registered an episode, for themselves or another.")),
    Category(_("Affected employees"), _("The employees an episode happened to.")),
    Category(
        _("Witnesses"),
        _("Colleagues named as witnesses, and others described in a few words."),
    ),
    Category(
        _("Perpetrators"),
        _(
            "Citizens, users or relatives who did it, kept only as a pseudonymous reference "
            "(initials or a case number, never a name or a CPR number), and online as the "
            "address of the profile."
        ),
    ),
    Category(_("Site guards"), _("The guards who receive and answer alarms.")),
    Category(
        _("Support contacts and next of kin"),
        _("The people an employee names for support: name, relation and phone."),
    ),
]

DATA = [
    Category(
        _("Who you are at work"),
        _("Name, e-mail, job title, employment type, start date, units and roles, login."),
    ),
    Category(
        _("The episode"),
        _(
            "What happened, when and where, the acts and what set it off, how serious it "
            "felt, the description, witnesses, damage to property, and whether the police "
            "were called during the episode."
        ),
    ),
    Category(
        _("Health: injury and absence (sensitive data)"),
        _(
            "Physical injury and where on the body, and the first day and the number of days "
            "of absence."
        ),
    ),
    Category(
        _("Online harassment evidence"),
        _(
            "Screenshots and prints of posts, their addresses, the platform and the "
            "profile's address, with a checksum of each file."
        ),
    ),
    Category(
        _("Follow-up"),
        _(
            "Tasks and decisions, comments, the police report's text, the work-injury "
            "report's reference, decisions on removing posts and blocking, and the corrections "
            "and objections of the people a case is about."
        ),
    ),
    Category(
        _("Alarms"),
        _(
            "Who raised an alarm, where and at which level, who answered and how, and the "
            "phone numbers text messages were sent to."
        ),
    ),
    Category(
        _("The audit log"),
        _("Who read or did what, when, in which unit and why when asked (see below)."),
    ),
]

PURPOSES = [
    _("To protect employees from violence, threats and harassment at work."),
    _(
        "To follow up on each episode: care for those involved, police report, work-injury "
        "report, evaluation."
    ),
    _("To prevent new episodes: risk assessment, measures, local guidelines and training."),
    _("To call for help with the panic button and answer alarms."),
    _("Statistics for the units and the municipality, with small counts protected."),
    _("To document who read and did what (security of processing)."),
]

LEGAL_BASES = [
    _(
        "GDPR art. 6(1)(c): the employer's legal duties under the Working Environment Act "
        "(arbejdsmiljøloven) and the Work Injury Act (arbejdsskadesikringsloven)."
    ),
    _("GDPR art. 6(1)(e): the municipality's tasks in the public interest as an employer."),
    _(
        "GDPR art. 9(2)(b) and the Danish Data Protection Act (databeskyttelsesloven) § 12: "
        "health data (injury, absence) in employment."
    ),
]


@dataclass(frozen=True)
class RetentionDefault:
    key: str
    what: str
    amount: int | None  # None: the period is an event, not a number of years or days
    unit: str  # "years" or "days"
    after: str
    outcome: str
    job: str = ""  # the sweep job that carries it out; "" while none does


# The default periods (common Danish municipal practice). Another part of Tryghed makes them
# configurable; until then these are the periods, and retention_schedule() reads them.
RETENTION_DEFAULTS = [
    RetentionDefault(
        "case",
        _("The personal data of a closed case"),
        5,
        "years",
        _("after the case was closed"),
        _("anonymised: the counts the statistics need are kept"),
    ),
    RetentionDefault(
        "evidence",
        _("Evidence files and attachments"),
        1,
        "years",
        _("after the case was closed"),
        _("deleted"),
    ),
    RetentionDefault(
        "perpetrator",
        _("Perpetrator references and blocks"),
        None,
        "",
        _("when their review date has passed and no open case refers to them"),
        _("deleted"),
    ),
    RetentionDefault(
        "audit", _("The audit log"), 5, "years", _("after the entry was written"), _("deleted")
    ),
    RetentionDefault(
        "alarm", _("An alarm's live data"), 1, "years", _("after the alarm"), _("deleted")
    ),
    RetentionDefault(
        "notification",
        _("Read notifications"),
        None,  # NOTIFICATION_RETENTION_DAYS, read when the schedule is made
        "days",
        _("after they were read"),
        _("deleted"),
        job="notifications.purge_read",
    ),
]


@dataclass(frozen=True)
class RetentionRow:
    key: str
    what: str
    period: str  # "5 years", or "" for a period that is an event
    after: str
    outcome: str
    amount: int | None
    unit: str
    is_automatic: bool


def retention_schedule(municipality=None):
    """The retention schedule as the privacy page shows it, for `municipality` (the periods
    are the same for all until they are configurable per municipality)."""
    return [_row(default) for default in RETENTION_DEFAULTS]


def _row(default):
    amount = default.amount
    if default.key == "notification":
        amount = settings.NOTIFICATION_RETENTION_DAYS
    return RetentionRow(
        key=default.key,
        what=default.what,
        period=_period(amount, default.unit),
        after=default.after,
        outcome=default.outcome,
        amount=amount,
        unit=default.unit,
        is_automatic=bool(default.job) and default.job in JOBS,
    )


def _period(amount, unit):
    if amount is None:
        return ""
    if unit == "years":
        return ngettext("%(count)d year", "%(count)d years", amount) % {"count": amount}
    return ngettext("%(count)d day", "%(count)d days", amount) % {"count": amount}
