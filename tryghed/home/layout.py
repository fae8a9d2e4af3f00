"""What the base layout shows a logged-in person: titles, menu, counters and the panic button.

Every page pays for it, so it is cheap: at most three queries, whatever the person's roles.
The person's memberships and the unit tree are read once per request (access.memberships_of,
access.tree) and give the titles and the menu; everything else is one row of the person's User:
the sites they guard (one row each), with the unread messages, the open tasks and the panic
button's facts as subqueries. Each value is computed the first time a template asks for it, so
a fragment that shows no header (an htmx partial) asks nothing. That query is compiled once per
process for each person and place (core/prepared.py): building it cost more than running it.
"""

from functools import cached_property
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import CharField, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from tryghed.alarms import header as alarm_header
from tryghed.core.prepared import PreparedValues
from tryghed.core.subqueries import CountOf
from tryghed.followup.models import FollowUpTask
from tryghed.organizations import access, directory
from tryghed.organizations.models import Municipality, Unit

_prepared = PreparedValues()


class Layout:
    def __init__(self, user):
        self.user = user

    @cached_property
    def rows(self):
        """One query: the person's User row, once per site they guard (a LEFT JOIN, so one row
        with no site for everyone else), with the counters and the panic button's facts. Its
        SQL depends on the person, the units they are placed in with the units above them, and
        their municipality; the key names them all."""
        user = self.user
        root, chains = access.municipality_of(user), alarm_header.chains_of(user)
        key = ("layout", user.pk, chains, root)
        using = router.db_for_read(get_user_model())
        return _prepared.rows(key, lambda now: self._query(root, chains, now), using=using)

    def _query(self, root, chains, now):
        user = self.user
        rows = get_user_model().objects.filter(pk=user.pk).order_by("guarded_sites__unit__name")
        return rows.values(
            "guarded_sites__pk",
            "guarded_sites__unit__name",
            unread=CountOf(user.notifications.unread()),
            open_tasks=CountOf(FollowUpTask.objects.open().assigned_to(user)),
            **alarm_header.facts(user, now, chains),
            **self._municipality_columns(root),
        )

    @staticmethod
    def _municipality_columns(root):
        """The name and logo of the person's municipality, as subqueries of the same row."""
        if root is None:
            nothing = Value(None, output_field=CharField())
            return {"municipality_name": nothing, "municipality_logo": nothing}
        return {
            "municipality_name": Subquery(Unit.objects.filter(pk=root).values("name")[:1]),
            "municipality_logo": Subquery(
                Municipality.objects.filter(unit_id=root).values("logo")[:1]
            ),
        }

    def municipality(self):
        """{"name": …, "logo": the logo's stored name or ""} of the person's municipality, or
        None for someone placed nowhere."""
        row = self.rows[0]
        if row["municipality_name"] is None:
            return None
        return {"name": row["municipality_name"], "logo": row["municipality_logo"] or ""}

    def titles(self):
        return directory.titles(self.user)

    def guarded_sites(self):
        """The sites the person guards (an assignment, not a role), by name."""
        return [
            GuardedSite(row["guarded_sites__pk"], row["guarded_sites__unit__name"])
            for row in self.rows
            if row["guarded_sites__pk"] is not None
        ]

    def unread_count(self):
        return self.rows[0]["unread"]

    def open_task_count(self):
        return self.rows[0]["open_tasks"]

    @cached_property
    def alarm_place(self):
        return alarm_header.place(self.rows[0])

    def menu(self):
        """Which menu items the person may see; from the grants, which cost no query once the
        memberships and the tree are read."""
        user = self.user
        return {
            "may_administer": lambda: access.may_administer(user),
            "may_edit_settings": lambda: access.may_edit_settings(user),
            "may_search_audit_log": lambda: access.may_search_audit_log(user),
            "may_see_access_overview": lambda: access.may_see_access_overview(user),
            "may_see_retention": lambda: bool(access.retention_municipalities(user)),
            "may_view_cases": lambda: bool(access.units_where(user, access.Perm.VIEW_CASES)),
            "may_see_statistics": lambda: access.may_see_statistics(user),
        }


class MenuItem(NamedTuple):
    """One item of the main menu: where it leads, whether the page shown is (under) it, and a
    count for its badge with what the count means for a screen reader."""

    label: str
    url: str
    current: bool = False
    count: int = 0
    counts: str = ""
    badge_class: str = ""


class Menu:
    """The main menu's items for this person and page, in two lists: those always in sight
    and those under "More pages" (on a phone, the drawer shows both). Written here rather
    than in the header's template, which named each item twice (desktop and drawer): the
    template's URL lookups and conditions cost every page about a millisecond."""

    def __init__(self, request, layout):
        self.request, self.layout = request, layout

    @cached_property
    def _page(self):
        match = self.request.resolver_match
        return (match.view_name, match.app_name, match.url_name) if match else ("", "", "")

    def _item(self, label, name, *, app=None, **badge):
        """An item that is current on its own page, or (given `app`) on any page of the app."""
        view_name, app_name, _url_name = self._page
        current = app_name == app if app else view_name == name
        return MenuItem(label, reverse(name), current, **badge)

    @cached_property
    def _alarm(self):
        return self._item(_("Alarms and guard"), "alarms:panic", app="alarms")

    @cached_property
    def primary(self):
        layout, may = self.layout, self.layout.menu()
        items = [
            self._item(_("Front page"), "home:home"),
            self._item(_("My episodes"), "incidents:mine"),
        ]
        views_cases = may["may_view_cases"]()
        if views_cases:
            items.append(self._item(_("The unit's episodes"), "incidents:unit_list"))
        open_tasks = layout.open_task_count()
        if open_tasks or views_cases:
            items.append(
                self._item(_("My tasks"), "followup:my_tasks", count=open_tasks, counts=_("open"))
            )
        if may["may_see_statistics"]():
            items.append(self._item(_("Overview"), "stats:overview", app="stats"))
        items.append(self._item(_("Prevention"), "prevention:overview", app="prevention"))
        messages = self._item(
            _("Messages"),
            "notifications:inbox",
            app="notifications",
            count=layout.unread_count(),
            counts=_("unread"),
            badge_class="tryghed-unread",
        )
        # The outbox (demo) is under notifications too, but is not the messages.
        items.append(messages._replace(current=messages.current and self._page[2] != "outbox"))
        if layout.guarded_sites():
            items.append(self._alarm)
        return items

    @cached_property
    def more(self):
        may = self.layout.menu()
        items = [] if self.layout.guarded_sites() else [self._alarm]
        items.append(self._item(_("Units"), "organizations:unit_list", app="organizations"))
        if may["may_search_audit_log"]():
            items.append(MenuItem(_("Audit log"), reverse("audit:search")))
            if may["may_see_retention"]():
                items.append(MenuItem(_("Retention and deletion"), reverse("retention:overview")))
        if may["may_see_access_overview"]():
            items.append(self._item(_("Who can do what"), "accounts:access_overview"))
        if may["may_edit_settings"]():
            items.append(self._item(_("Settings"), "setup:index", app="setup"))
        if may["may_administer"]():
            items.append(MenuItem(_("Administration"), reverse("admin:index")))
        if settings.DEMO:
            items.append(MenuItem(_("Outbox (demo)"), reverse("notifications:outbox")))
        return items


class GuardedSite:
    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    def __str__(self):
        return self.name


def for_request(request):
    """The request's Layout, made once: every template rendered for the request shares it."""
    layout = getattr(request, "_tryghed_layout", None)
    if layout is None or layout.user is not request.user:
        layout = request._tryghed_layout = Layout(request.user)
    return layout
