"""The records a data protection officer asks for (GDPR art. 30), and what the privacy page tells
everyone whose data Tryghed holds (art. 13 and 14): whose data, which data, why, to whom, on
what legal basis and for how long. The municipality's own parts (data controller, its data
protection officer, the named recipients) are data on `Municipality` and its `Contact`s; the
rest is what the system does, stated once here and read by the page and its tests.

The retention schedule is the municipality's `RetentionRule` rows (organizations.models, the
defaults in its `RETENTION_DEFAULTS`); `retention_schedule()` is the one place the page reads
them from. A row says it is carried out automatically only when the sweep acts on it: a rule
an administrator has confirmed as it stands (`RetentionRule.is_confirmed`), and read
notifications while their job (`notifications.purge_read`) is registered."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tryghed.core.sweep import JOBS
from tryghed.organizations.models import RETENTION_DEFAULTS, RetentionKind, RetentionRule


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


# What the sweep does with each kind of data once its rule has passed (tryghed/retention/).
RETENTION_OUTCOMES = {
    RetentionKind.CASES: _("anonymised: the counts the statistics need are kept"),
    RetentionKind.FILES: _("deleted"),
    RetentionKind.BLOCKS: _("deleted, unless the case is still open"),
    RetentionKind.PERPETRATORS: _("replaced by a label that says nothing"),
    RetentionKind.AUDIT: _("deleted"),
    RetentionKind.ALARMS: _(
        "who was alerted, the answers and the room are deleted; that there was an alarm, and "
        "when, is kept"
    ),
}


@dataclass(frozen=True)
class RetentionRow:
    key: str
    what: str
    period: str  # "5 years", "30 months", "180 days"
    after: str
    outcome: str
    amount: int  # in `unit`: the number the page states
    unit: str  # "years", "months" or "days"
    is_automatic: bool  # the sweep carries it out (a confirmed rule, a registered job)


def retention_schedule(municipality=None):
    """The municipality's retention schedule as the privacy page shows it: its `RetentionRule`
    rows (a kind without a row yet shows the default, not carried out), then read notifications
    (`NOTIFICATION_RETENTION_DAYS`, the same for the whole installation)."""
    rules = {}
    if municipality is not None:
        found = RetentionRule.objects.filter(municipality=municipality)
        rules = {rule.kind: rule for rule in found}
    rows = []
    for kind, months, event in RETENTION_DEFAULTS:
        rule = rules.get(kind) or RetentionRule(kind=kind, months=months, from_event=event)
        rows.append(_rule_row(rule))
    return [*rows, _notification_row()]


def _rule_row(rule):
    amount, unit = _in_years_or_months(rule.months)
    return RetentionRow(
        key=rule.kind,
        what=rule.get_kind_display(),
        period=_period(amount, unit),
        after=rule.get_from_event_display(),
        outcome=RETENTION_OUTCOMES[rule.kind],
        amount=amount,
        unit=unit,
        is_automatic=rule.pk is not None and rule.is_confirmed,
    )


def _notification_row():
    days = settings.NOTIFICATION_RETENTION_DAYS
    return RetentionRow(
        key="notifications",
        what=_("Read notifications"),
        period=_period(days, "days"),
        after=_("after they were read"),
        outcome=_("deleted"),
        amount=days,
        unit="days",
        is_automatic="notifications.purge_read" in JOBS,
    )


def _in_years_or_months(months):
    if months and months % 12 == 0:
        return months // 12, "years"
    return months, "months"


def _period(amount, unit):
    if unit == "years":
        return ngettext("%(count)d year", "%(count)d years", amount) % {"count": amount}
    if unit == "months":
        return ngettext("%(count)d month", "%(count)d months", amount) % {"count": amount}
    return ngettext("%(count)d day", "%(count)d days", amount) % {"count": amount}
