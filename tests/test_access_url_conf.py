"""Access tested from the URL conf: every URL of ours has an access case, and the URLs the
older matrix (test_access_matrix.py) does not reach are in one table here.

A row says who may use a URL and what everyone else gets. The person holds a role in
Kløverengen ("own") and the object is in the unit at the position, as in the older matrix;
at position "root" the person holds the role at the root (executives, HR, the municipality's
administrators) and the object is in Kløverengen. Two more visitors: OWNER, the one person the
object belongs to or is addressed to (the reporter and affected employee of a case, the
recipient of a message, the raiser of an alarm, the owner of a measure, the security desk for
a guard request), and ANONYMOUS. An object someone may not see answers 404; one they see but
may not change answers 403 (DESIGN.md)."""

import ast
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UnitFactory, person
from tests.incidents.factories import make_incident
from tryghed.organizations.roles import Role

# Views that are not ours, by the module that defines them. They are listed, not tested here.
NOT_OURS = {
    # django-allauth's login, sign-up, second-factor, single sign-on and session pages: open
    # before login by design; tests/accounts and tests/oidc_provider test how we use them.
    "allauth.": "django-allauth",
    # Django's admin model pages (access through our ModelAdmins' querysets and permissions:
    # tests/organizations/test_admin.py and the admin cases of the older matrix) and
    # set_language, which changes only the visitor's own language.
    "django.": "Django",
    # django-ninja's views of the API (/api/v1/): its operations, the OpenAPI document and the
    # docs page; tests/api/test_access.py calls every operation as every role of the cast.
    "ninja.": "django-ninja",
}
MATRIX_MODULES = [
    Path(__file__),
    Path(__file__).with_name("test_access_matrix.py"),
    # IT's own pages: who is IT needs a municipality with an IT unit, which these set up; they
    # show IT gets in and everyone else a 404.
    Path(__file__).parent / "online" / "test_blocks_for_it.py",
    # The contact list of the administration, with its warning for contacts no one can reach.
    Path(__file__).parent / "organizations" / "test_contacts.py",
    # The settings pages (administrators; the municipality's own settings those at the root)
    # and adding a person to a unit (managers of their units, administrators anywhere).
    Path(__file__).parent / "setup" / "test_settings_pages.py",
    Path(__file__).parent / "setup" / "test_place_person.py",
    # The page of API keys: everyone's own keys; the systems' keys for administrators.
    Path(__file__).parent / "api" / "test_pages.py",
    # A municipality's own copy of a shared template or guidance point: its administrators,
    # 404 for another municipality's.
    Path(__file__).parent / "setup" / "test_own_templates.py",
    # A municipality's own login provider in the administration: the operator changes it, its
    # administrators see it, other municipalities' administrators and everyone else do not.
    Path(__file__).parent / "accounts" / "test_login_providers.py",
]


def url_names(resolver=None, namespace=()):
    """{"namespace:name": the module of its view} for every named URL, namespaces included."""
    names = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            names.update(url_names(pattern, inner))
        elif pattern.name:
            view = getattr(pattern.callback, "func", pattern.callback)  # a partial's own
            names[":".join((*namespace, pattern.name))] = view.__module__
    return names


def names_in_matrix(known):
    """The URL names written in the matrix modules: every test there reverses names literally,
    so a name that is nowhere in their code is requested by no access case."""
    found = set()
    for module in MATRIX_MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in known:
                found.add(node.value)
    return found


def test_every_url_of_ours_has_an_access_case():
    names = url_names()
    ours = {name for name, module in names.items() if module.startswith("tryghed.")}
    foreign = {name: module for name, module in names.items() if name not in ours}
    unexplained = {n: m for n, m in foreign.items() if not m.startswith(tuple(NOT_OURS))}
    assert not unexplained, "a view neither ours nor in NOT_OURS"
    assert sorted(ours - names_in_matrix(ours)) == []


def test_the_table_has_no_url_that_does_not_exist():
    assert {case.name for case in CASES} <= set(url_names())


# --- Who gets what ----------------------------------------------------------------------
ANONYMOUS, OWNER = "anonymous", "owner"
LOGIN, ADMIN_LOGIN = "login", "admin-login"  # a redirect to the login page, or the admin's
READS = {Role.MANAGER, Role.SAFETY_REP, Role.ADVISOR}
NEAR = ("own", "below")


def public(code=200):
    return lambda who, position: code


def personal(code, owner=None):
    """Each person's own: `code` for everyone logged in (`owner` for the owner)."""

    def expect(who, position):
        if who == ANONYMOUS:
            return LOGIN
        return owner if who == OWNER and owner is not None else code

    return expect


def casework(allowed, code, owner=403):
    """A case in the unit at `position`: `allowed` roles get `code`; others who read the case
    403; everyone else 404."""

    def expect(who, position):
        if who in (ANONYMOUS, OWNER):
            return LOGIN if who == ANONYMOUS else owner
        if who in READS and position in NEAR:
            return code if who in allowed else 403
        return 404

    return expect


def alarm_circle(circle, owner):
    """An alarm raised in the unit at `position`: everyone placed in Kløverengen is in the
    circle of one raised there; nobody outside it learns of the alarm."""

    def expect(who, position):
        if who in (ANONYMOUS, OWNER):
            return LOGIN if who == ANONYMOUS else owner
        return circle if position == "own" else 404

    return expect


def site_managers(code, hr=404, owner=404):
    """Door locks and guard requests of a site: its managers (up to the center head, who
    manage at a site of a unit above theirs too); HR see door locks."""

    def expect(who, position):
        if who in (ANONYMOUS, OWNER):
            return LOGIN if who == ANONYMOUS else owner
        if who == Role.ADVISOR and position == "root":
            return hr
        manages = who == Role.MANAGER and position in (*NEAR, "parent")
        return code if manages else 404

    return expect


def administration(allowed):
    """Django's admin: people outside it go to its login; an administrator gets `allowed` for
    people in the units they administer, and the admin's answer for anyone else."""

    def expect(who, position):
        if who != Role.ADMIN:
            return ADMIN_LOGIN
        return allowed(position in (*NEAR, "root"))

    return expect


def municipality_admins(who, position):
    if who == ANONYMOUS:
        return LOGIN
    return 302 if (who, position) == (Role.ADMIN, "root") else 404


def admin_login(who, position):
    return LOGIN if who == ANONYMOUS else 404


# --- What each row is about --------------------------------------------------------------
def heartbeat(unit, owner):
    from tryghed.core.models import Heartbeat

    Heartbeat.beat(Heartbeat.SWEEP)
    return []


def nothing(unit, owner):
    return []


def municipality_logo(unit, owner):
    from tests.organizations.test_logo import png
    from tryghed.organizations.models import Municipality

    root = unit
    while root.parent_id:
        root = root.parent
    settings, _created = Municipality.objects.get_or_create(unit=root)
    settings.logo = SimpleUploadedFile("ishoej.png", png(), content_type="image/png")
    settings.save()
    return []


def message(unit, owner):
    from tryghed.notifications.services import notify

    [notification] = notify(recipients=[owner], title="Der er noget til dig", email=False)
    return [notification.pk]


def a_case(unit, owner):
    return make_incident(owner, unit, affected=[owner])


def case(unit, owner):
    return [a_case(unit, owner).pk]


def police_report(unit, owner):
    from tryghed.followup.models import PoliceReport

    incident = a_case(unit, owner)
    PoliceReport.objects.create(incident=incident, text="Borgeren truede med æøå.")
    return [incident.pk]


def post_removal(unit, owner):
    from tryghed.followup.models import PostRemoval

    incident = a_case(unit, owner)
    removal = PostRemoval.objects.create(
        incident=incident,
        post_url="https://example.org/opslag/1",
        rule="named_staff",
        decided_by=person(unit, Role.MANAGER),
    )
    return [removal.pk]


def attachment(unit, owner):
    from tryghed.incidents import services

    incident = a_case(unit, owner)
    item = services.add_attachment(
        incident=incident,
        upload=SimpleUploadedFile("skade.pdf", b"%PDF-1.4\n%%EOF\n"),
        content_type="application/pdf",
        uploaded_by=owner,
    )
    return [incident.pk, item.pk]


def measure(unit, owner):
    from tryghed.prevention.models import Measure, MeasureSource

    done = Measure.objects.create(
        unit=unit,
        title="Glasværn ved skranken",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=20),
        source=MeasureSource.EVALUATION,
        created_by=person(unit, Role.MANAGER),
    )
    return [done.pk]


def recurring_measure(unit, owner):
    from tryghed.prevention.models import Measure, MeasureSource

    planned = Measure.objects.create(
        unit=unit,
        title="Sparring i teamet",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=7),
        source=MeasureSource.PLANNED,
        created_by=person(unit, Role.MANAGER),
        repeat_every_weeks=4,
    )
    return [planned.pk]


def case_with_perpetrator(unit, owner):
    from tryghed.incidents.models import Perpetrator

    incident = a_case(unit, owner)
    incident.perpetrator = Perpetrator.objects.create(unit=unit, reference="ÆØ-17")
    incident.save(update_fields=["perpetrator"])
    return [incident.pk]


def retention_rule(unit, owner):
    from tryghed.organizations.models import Municipality, RetentionRule

    municipality = Municipality.objects.create(unit=root_of(unit))
    RetentionRule.objects.add_missing(municipality)
    return [RetentionRule.objects.filter(municipality=municipality).first().pk]


def root_of(unit):
    return unit.ancestors()[0] if unit.parent_id else unit


def site_of(unit, is_town_hall=False):
    from tryghed.alarms.models import Site

    return Site.objects.get_or_create(unit=unit, defaults={"is_town_hall": is_town_hall})[0]


def alarm(unit, owner, ended=False):
    from tryghed.alarms import services

    site_of(unit)
    raised, _created = services.raise_alarm(by=owner, level="help_now")
    if ended:
        services.resolve_alarm(alarm=raised, by=owner)
    return [raised.pk]


def ended_alarm(unit, owner):
    return alarm(unit, owner, ended=True)


def door_lock(unit, owner):
    from tryghed.alarms import services

    lock = services.lock_doors(
        by=person(unit, Role.MANAGER),
        site=site_of(unit, is_town_hall=True),
        floors=[],
        doors="Hovedindgangen",
        locked_from=timezone.now(),
        reason="Truende borger i forhallen",
    )
    return [lock.pk]


def guard_request(unit, owner):
    from tryghed.alarms import services
    from tryghed.alarms.models import SecurityDesk

    desk = UnitFactory(name="Forsikring & Risikostyring", parent=root_of(unit))
    SecurityDesk.objects.create(unit=desk)
    MembershipFactory(user=owner, unit=desk)
    start = timezone.now() + timedelta(days=1)
    asked = services.request_guard(
        by=person(unit, Role.MANAGER),
        site=site_of(unit),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Samtalerum 1",
        reason="Møde med en borger, der har truet en sagsbehandler",
        expected_risk="high",
    )
    return [asked.pk]


def someone(unit, owner):
    return [owner.pk]


def unknown_token(unit, owner):
    return ["x" * 43]


@dataclass(frozen=True)
class Case:
    name: str
    target: object  # (unit, owner) -> the URL's arguments
    expect: object  # (who, position) -> a status code, LOGIN or ADMIN_LOGIN
    method: str = "get"
    data: tuple = ()
    positions: tuple = ("own", "below", "beside", "parent", "root")


ONE_PLACE = ("own",)
CASES = [
    Case("core:live", nothing, public(), positions=ONE_PLACE),
    Case("core:ready", heartbeat, public(), positions=ONE_PLACE),
    # For the scraper that sends METRICS_TOKEN (tests/core/test_metrics.py); nobody else.
    Case("core:metrics", nothing, public(404), positions=ONE_PLACE),
    Case("core:health_app", nothing, public(), positions=ONE_PLACE),
    # The web app's service worker and manifest hold nothing personal (docs/offline.md).
    Case("core:service_worker", nothing, public(), positions=ONE_PLACE),
    Case("core:manifest", nothing, public(), positions=ONE_PLACE),
    # The key of the reports kept offline: each login its own, for nobody logged out.
    Case("core:offline_key", nothing, personal(200), positions=ONE_PLACE),
    # Logging out, to the login page, whoever asks.
    Case("accounts:logout", nothing, public(302), "post", positions=ONE_PLACE),
    Case("home:quick_guide_poster", nothing, public(), positions=ONE_PLACE),
    Case("followup:online_checklist", nothing, public(), positions=ONE_PLACE),
    # The employee's own guidance is open like the quick guide it belongs to.
    Case("guidance:advice", nothing, public(), positions=ONE_PLACE),
    Case("guidance:advice_pdf", nothing, public(), positions=ONE_PLACE),
    Case("guidance:social_media", nothing, public(), positions=ONE_PLACE),
    # One-click login exists only while the system runs as the demo.
    Case("demo:login", nothing, public(404), "post", positions=ONE_PLACE),
    Case("notifications:outbox", nothing, personal(404), positions=ONE_PLACE),
    # The logo in the header of everyone placed in the municipality.
    Case("organizations:logo", municipality_logo, personal(200), positions=("own", "root")),
    Case("notifications:mark_all_read", nothing, personal(302), "post", positions=ONE_PLACE),
    Case("notifications:open", message, personal(404, owner=302), positions=("own", "root")),
    Case("incidents:attachment", attachment, casework(READS, 200, owner=200)),
    Case("followup:close", case, casework({Role.MANAGER}, 302), "post"),
    Case("followup:police_report_pdf", police_report, casework({Role.MANAGER}, 200, owner=200)),
    Case("followup:removed", post_removal, casework({Role.MANAGER}, 302), "post"),
    # The case file for the journal: whoever reads the case page (the reporter and affected too).
    Case("followup:case_file_json", case, casework(READS, 200, owner=200)),
    Case(
        "followup:case_file_pdf",
        case,
        casework(READS, 200, owner=200),
        positions=("own", "beside"),
    ),
    # Each person's own calendar of deadlines; the feed opens only with its secret token.
    Case("followup:calendar", nothing, personal(200), positions=ONE_PLACE),
    Case("followup:calendar_off", nothing, personal(302), "post", positions=ONE_PLACE),
    Case("followup:calendar_feed", unknown_token, public(404), positions=ONE_PLACE),
    Case("retention:hold", case, casework({Role.MANAGER}, 200)),
    Case("prevention:complete_measure", measure, casework({Role.MANAGER}, 302, owner=302), "post"),
    Case(
        "prevention:stop_repeating",
        recurring_measure,
        casework({Role.MANAGER, Role.SAFETY_REP}, 302),
        "post",
    ),
    Case(
        "followup:citizen_conversation",
        case_with_perpetrator,
        casework({Role.MANAGER}, 302),
        "post",
    ),
    Case(
        "retention:confirm", retention_rule, municipality_admins, "post", positions=("own", "root")
    ),
    Case(
        "alarms:resolve", alarm, alarm_circle(302, owner=302), "post", positions=("own", "beside")
    ),
    Case("alarms:cancel", alarm, alarm_circle(403, owner=302), "post", positions=("own", "beside")),
    Case("alarms:report", ended_alarm, alarm_circle(403, owner=200), positions=("own", "beside")),
    Case("alarms:reopen", door_lock, site_managers(302, hr=403), "post"),
    Case(
        "alarms:decide",
        guard_request,
        site_managers(403, owner=302),
        "post",
        data=(("decision", "approve"), ("note", "")),
    ),
    Case("admin:login", nothing, admin_login, positions=ONE_PLACE),
    Case("admin:accounts_user_change", someone, administration(lambda own: 200 if own else 302)),
    Case(
        "admin:accounts_user_end_sessions",
        someone,
        administration(lambda own: 302 if own else 404),
        "post",
    ),
]


def visitors(case):
    for position in case.positions:
        for who in Role:
            yield pytest.param(case, who, position, id=f"{case.name}-{who.name}-{position}")
    for who in (ANONYMOUS, OWNER):
        yield pytest.param(case, who, "own", id=f"{case.name}-{who}")


@pytest.mark.parametrize(("case", "who", "position"), [v for c in CASES for v in visitors(c)])
def test_who_may_use_each_url(client, tree, settings, tmp_path, case, who, position):
    settings.MEDIA_ROOT = tmp_path
    unit = tree["own" if position == "root" else position]
    owner = person(unit, Role.EMPLOYEE, name="Åse Ejer")
    if who not in (ANONYMOUS, OWNER):  # placed before the object exists, as in an alarm's circle
        client.force_login(person(tree["root" if position == "root" else "own"], who))
    args = case.target(unit, owner)
    if who == OWNER:
        client.force_login(owner)
    response = getattr(client, case.method)(reverse(case.name, args=args), dict(case.data))
    expected = case.expect(who, position)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected
