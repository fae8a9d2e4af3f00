"""Two municipalities in one deployment: nothing crosses from one root to the other. The cast's
Ishøj (`tree`) beside a small Vallensbæk; and, by hypothesis, two generated trees with people in
both, where no access rule grants anything across the root."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.factories import ContactFactory, MembershipFactory, UnitFactory, UserFactory, person
from tests.incidents.factories import make_incident
from tests.organizations.test_access import organizations
from tests.properties import examples
from tryghed.alarms.models import DoorLock, GuardRequest, SecurityDesk, Site
from tryghed.core.sweep import run_sweep
from tryghed.followup.models import Briefing, FollowUpTask, TaskTemplate
from tryghed.guidance.models import GuidancePoint
from tryghed.incidents.models import Incident, Severity, Share
from tryghed.notifications.models import Notification
from tryghed.organizations import access, directory
from tryghed.organizations.access import Perm
from tryghed.organizations.models import (
    Contact,
    ContactKind,
    Membership,
    Municipality,
    RetentionRule,
    Unit,
    UnitKind,
)
from tryghed.organizations.roles import Role


@pytest.fixture
def other(db):
    """Vallensbæk Kommune: a root of its own, a center, a site, its own numbers and people."""
    root = UnitFactory(name="Vallensbæk Kommune", code="vallensbaek", kind=UnitKind.MUNICIPALITY)
    Municipality.objects.create(unit=root)
    center = UnitFactory(name="Center for Pleje", code="v-pleje", kind=UnitKind.CENTER, parent=root)
    site = UnitFactory(name="Plejehjemmet Egely", code="v-egely", kind=UnitKind.SITE, parent=center)
    ContactFactory(
        unit=root, kind=ContactKind.COUNSELLING, name="Vallensbæk Rådgivning", phone="43 79 00 01"
    )
    ContactFactory(
        unit=root, kind=ContactKind.SITE_GUARD, name="Vagten i Vallensbæk", phone="43 79 00 02"
    )
    return {
        "root": root,
        "center": center,
        "site": site,
        "employee": person(site, name="Vibeke Vall", email="vibeke@vallensbaek.example"),
        "manager": person(site, Role.MANAGER, name="Villads Vall", email="villads@v.example"),
        "center_head": person(center, Role.MANAGER, name="Vera Vall", email="vera@v.example"),
        "executive": person(root, Role.MANAGER, name="Viggo Vall", email="viggo@v.example"),
        "hr": person(root, Role.ADVISOR, name="Vita Vall", email="vita@v.example"),
        "administrator": person(root, Role.ADMIN, name="Valde Vall", email="valde@v.example"),
    }


# --- The property: no rule grants anything across the root ----------------------------------


def _build(organization, prefix, people):
    """One generated municipality: its units, its people's memberships, one episode with its
    tasks reported by an employee of its own, and a town hall at its root's first child."""
    parents, memberships = organization
    units = []
    for index, parent in enumerate(parents):
        kind = UnitKind.MUNICIPALITY if parent is None else UnitKind.DEPARTMENT
        units.append(
            UnitFactory(
                code=f"{prefix}{index}",
                kind=kind,
                parent=None if parent is None else units[parent],
            )
        )
    Municipality.objects.create(unit=units[0])
    for who, where, role in memberships:
        MembershipFactory(user=people[who], unit=units[where], role=role)
    reporter = person(units[-1], email=f"reporter-{prefix}@example.dk")
    incident = make_incident(reporter, units[-1], severity=Severity.VERY_SERIOUS)
    site = Site.objects.create(unit=units[-1], is_town_hall=True)
    return {u.pk for u in units}, incident, site


def _grants_nothing_in(person_, units, incident, site, everyone):
    for perm in Perm:
        assert not access.units_where(person_, perm) & units, perm
    assert not set(Unit.objects.visible_to(person_).values_list("pk", flat=True)) & units
    assert not Membership.objects.visible_to(person_).filter(unit__in=units).exists()
    assert not Incident.objects.visible_to(person_).filter(pk=incident.pk).exists()
    assert not FollowUpTask.objects.visible_to(person_).filter(incident=incident).exists()
    assert not set(access.stats_units(person_)) & units
    assert not access.may_edit_report(person_, incident)
    assert not access.may_act_on_followup(person_, incident)
    assert not access.may_add_correction(person_, incident)
    assert not access.may_place_legal_hold(person_, incident)
    assert not any(access.may_act_on_task(person_, task) for task in incident.tasks.all())
    assert not access.may_see_door_locks(person_, site)
    assert not access.may_lock_doors(person_, site)
    assert not access.may_request_guard(person_, site)
    assert not access.signing_roles(person_, site.unit)
    assert not access.may_read_unit_guidance(person_, site.unit)
    assert not set(access.access_overview_units(person_)) & units
    assert not set(access.placing_units(person_)) & units
    assert not access.retention_municipalities(person_) & units
    assert not access.administered_roots(person_) & units
    assert not DoorLock.objects.visible_to(person_).filter(site=site).exists()
    assert not GuardRequest.objects.visible_to(person_).filter(site=site).exists()
    placed_there = everyone.filter(memberships__unit__in=units)
    assert not access.copy_subjects_for(person_, placed_there).exists()
    assert not access.people_administered_by(person_, placed_there).exists()


@pytest.mark.slow
@pytest.mark.django_db
@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(organizations(), organizations(), st.sampled_from(list(Role)))
def test_no_access_rule_grants_anything_in_the_other_municipality(first, second, hr_role):
    with transaction.atomic():
        people_a = [UserFactory(email=f"a{i}@ishøj.example") for i in range(3)]
        people_b = [UserFactory(email=f"b{i}@vallensbæk.example") for i in range(3)]
        units_a, incident_a, site_a = _build(first, "a", people_a)
        units_b, incident_b, site_b = _build(second, "b", people_b)
        everyone = get_user_model().objects.all()
        for own, units, incident, site in (
            (people_a, units_b, incident_b, site_b),
            (people_b, units_a, incident_a, site_a),
        ):
            for person_ in own:
                _grants_nothing_in(person_, units, incident, site, everyone)
        for incident, strangers in ((incident_a, people_b), (incident_b, people_a)):
            unit = Unit.objects.get(pk=incident.unit_id)
            told = set(directory.executives_and_hr(unit)) | set(directory.hr_people(unit))
            for assignee in ("manager", "safety_rep", "center_head", "hr"):
                told |= set(access.task_assignees(assignee, unit))
            assert not told & set(strangers)
        transaction.set_rollback(True)


def test_a_second_municipality_may_be_added_beside_the_first(tree, other):
    assert set(Unit.objects.roots()) == {tree["root"], other["root"]}
    assert other["site"].municipality.unit == other["root"]


# --- The serious case is shared with its own municipality's executives and HR ----------------


def test_a_serious_case_is_shared_with_its_own_executives_and_hr_only(
    client, tree, employee, center_head, executive, hr, other
):
    incident = make_incident(employee, tree["own"], severity=Severity.VERY_SERIOUS)
    Notification.objects.all().delete()
    client.force_login(center_head)
    task = incident.tasks.get(kind="serious_case")
    client.post(
        reverse("followup:task_action", args=[task.pk, "done"]),
        {f"t{task.pk}-completed_on": timezone.localdate().isoformat()},
    )
    task.refresh_from_db()
    assert task.status == "done"
    for ours in (executive, hr):
        client.force_login(ours)
        assert client.get(incident.get_absolute_url()).status_code == 200
    for theirs in (other["executive"], other["hr"]):
        client.force_login(theirs)
        assert client.get(incident.get_absolute_url()).status_code == 404
        assert not Share.objects.filter(incident=incident, person=theirs).exists()
        assert not Briefing.objects.filter(incident=incident, person=theirs).exists()
        assert not Notification.objects.filter(recipient=theirs).exists()


def test_hr_tasks_go_to_the_cases_own_hr(tree, hr, other):
    assert access.task_assignees("hr", tree["own"]) == [hr]
    assert access.task_assignees("hr", other["site"]) == [other["hr"]]


# --- Statistics never mix municipalities ----------------------------------------------------


@pytest.fixture
def exact_figures(settings):
    settings.STATS_ROUNDING_BASE = 1
    settings.STATS_SUPPRESSION_THRESHOLD = 0


def _total(client, who):
    client.force_login(who)
    response = client.get(reverse("stats:overview"))
    assert response.status_code == 200
    return response.context["tables"][0].rows[0].count.value, response.content.decode()


@pytest.mark.parametrize("built", [False, True], ids=["live", "summary"])
def test_the_overview_of_one_municipality_counts_none_of_the_others_episodes(
    client, tree, employee, executive, hr, other, exact_figures, built
):
    for _ in range(3):
        make_incident(employee, tree["own"])
    for _ in range(5):
        make_incident(other["employee"], other["site"])
    if built:
        run_sweep()
    for who in (executive, hr):
        total, page = _total(client, who)
        assert total == 3
        assert "Plejehjemmet Egely" not in page
    for who in (other["executive"], other["hr"]):
        total, page = _total(client, who)
        assert total == 5
        assert "Kløverengen" not in page


def test_the_export_of_one_municipality_counts_none_of_the_others_episodes(
    client, tree, employee, hr, other, exact_figures
):
    make_incident(employee, tree["own"])
    for _ in range(3):
        make_incident(other["employee"], other["site"])
    for who, expected in ((hr, "1"), (other["hr"], "3")):
        client.force_login(who)
        response = client.get(reverse("stats:export_csv"))
        lines = response.content.decode("utf-8-sig").splitlines()
        row = next(line for line in lines if ";Alle episoder;Denne periode;" in line)
        assert row.rsplit(";", 1)[1] == expected


# --- Administration: one municipality's administrator never sees the other's ----------------


def test_an_administrator_gets_404_for_the_other_municipalitys_settings(
    client, tree, administrator, other
):
    ishoej = Municipality.objects.create(unit=tree["root"])
    RetentionRule.objects.add_missing(ishoej)
    contact = Contact.objects.get(unit=tree["root"], kind=ContactKind.COUNSELLING)
    rule = ishoej.retention_rules.first()
    client.force_login(other["administrator"])
    for key, pk in (("kontakter", contact.pk), ("modtagere", ishoej.pk), ("opbevaring", rule.pk)):
        assert client.get(reverse("setup:edit", args=[key, pk])).status_code == 404
    assert client.post(reverse("setup:delete", args=["kontakter", contact.pk])).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()
    page = client.get(reverse("setup:list", args=["kontakter"])).content.decode()
    assert "Falck Healthcare" not in page and "Vallensbæk Rådgivning" in page
    # Texts and templates every municipality shares are not one administrator's to change:
    # they list them, to copy as their own (tests/setup/test_own_templates.py), and edit none.
    point = GuidancePoint.objects.filter(municipality__isnull=True).first()
    task = TaskTemplate.objects.first()
    for who in (other["administrator"], administrator):
        client.force_login(who)
        for key, pk in (("vejledning", point.pk), ("opgaveskabeloner", task.pk)):
            assert client.get(reverse("setup:list", args=[key])).status_code == 200
            assert client.get(reverse("setup:edit", args=[key, pk])).status_code == 404


def test_the_administration_shows_an_administrator_only_their_own_municipality(
    client, tree, administrator, manager, other
):
    site = Site.objects.create(unit=tree["own"], is_town_hall=True)
    SecurityDesk.objects.create(unit=tree["center"])
    client.force_login(other["administrator"])
    for model, obj in (
        ("organizations/unit", tree["own"]),
        ("organizations/contact", Contact.objects.filter(unit=tree["root"]).first()),
        ("accounts/user", manager),
        ("alarms/site", site),
    ):
        listing = client.get(f"/admin/{model}/")
        assert listing.status_code == 200
        assert str(obj) not in listing.content.decode(), model
        change = client.get(f"/admin/{model}/{obj.pk}/change/")
        assert change.status_code in (302, 404), model
    assert client.get("/admin/guidance/guidancepoint/").status_code == 403
    assert client.get("/admin/followup/casetemplate/").status_code == 403


# --- Pages open to everyone show the reader's own municipality's numbers --------------------


def _checklist_text(client):
    response = client.get(reverse("followup:online_checklist"))
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_the_online_checklist_shows_the_readers_own_municipalitys_numbers(client, tree, other):
    client.force_login(other["employee"])
    text = _checklist_text(client)
    assert "43 79 00 01" in text and "70 10 20 12" not in text
    client.force_login(person(tree["own"], email="ida@ishoj.example"))
    text = _checklist_text(client)
    assert "70 10 20 12" in text and "43 79 00 01" not in text


def test_without_login_the_host_name_decides_and_a_shared_host_shows_neither(
    client, tree, other, settings
):
    settings.HOSTS_FROM_ENVIRONMENT = ["testserver", "vallensbaek.tryghed.dk"]
    text = _checklist_text(client)
    assert "70 10 20 12" not in text and "43 79 00 01" not in text
    Municipality.objects.filter(unit=other["root"]).update(
        hosts="tryghed.vallensbaek.dk vallensbaek.tryghed.dk"
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home:quick_guide"), HTTP_HOST="vallensbaek.tryghed.dk:443")
    assert "43 79 00 02" in response.content.decode()
    assert "28 88 09 01" not in response.content.decode()
    # Its contacts and its advice both ask whose it is: the municipalities are read once.
    table = Municipality._meta.db_table
    assert sum(f'FROM "{table}"' in query["sql"] for query in queries) == 1
    # Its contacts are found from the unit tree, without reading the unit's own row.
    assert not any('FROM "organizations_unit" WHERE' in query["sql"] for query in queries)


def test_a_host_name_belongs_to_one_municipality(tree, other):
    from django.core.exceptions import ValidationError

    Municipality.objects.filter(unit=other["root"]).update(hosts="tryghed.vallensbaek.dk")
    ishoej = Municipality(unit=tree["root"], hosts="Tryghed.ishoj.dk  TRYGHED.vallensbaek.dk")
    with pytest.raises(ValidationError):
        ishoej.clean()
    ishoej.hosts = "Tryghed.Ishoj.dk"
    ishoej.clean()
    assert ishoej.host_names == ["tryghed.ishoj.dk"]
