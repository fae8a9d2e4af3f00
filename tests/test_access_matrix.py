"""Every view, for every role and every place of the unit's place relative to the person's own unit.

The person holds the role in Kløverengen ("own"); the target is Kløverengen itself, the
department below it, the site beside it in the same center, or the center above it."""

import pytest
from django.urls import reverse

from tests.factories import person
from tryghed.organizations.roles import Role

POSITIONS = ["own", "below", "beside", "parent"]

# The unit page is for members of the unit and those above it, whatever their role.
UNIT_DETAIL = {"own": 200, "below": 200, "beside": 404, "parent": 404}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_unit_page(client, tree, role, position):
    client.force_login(person(tree["own"], role))
    response = client.get(reverse("organizations:unit_detail", args=[tree[position].pk]))
    assert response.status_code == UNIT_DETAIL[position]


# Pages about the person themself: open to every role.
PERSONAL_PAGES = [
    "home:home",
    "home:quick_guide",
    "incidents:report",
    "accounts:profile",
    "audit:about_me",
    "notifications:inbox",
    "organizations:unit_list",
    "accounts:support_contacts",
    "privacy:page",
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", PERSONAL_PAGES)
def test_personal_pages_open_for_every_role(client, tree, role, name):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", [*PERSONAL_PAGES, "audit:search", "organizations:unit_detail"])
def test_anonymous_visitors_are_sent_to_login_except_for_the_quick_guide(client, tree, name):
    args = [tree["own"].pk] if name == "organizations:unit_detail" else []
    response = client.get(reverse(name, args=args))
    if name == "home:quick_guide":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_search_the_audit_log(client, tree, role):
    client.force_login(person(tree["own"], role))
    expected = 200 if role == Role.ADMIN else 404
    assert client.get(reverse("audit:search")).status_code == expected


@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_enter_the_administration(client, tree, role):
    client.force_login(person(tree["own"], role))
    response = client.get(reverse("admin:index"))
    if role == Role.ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("position", POSITIONS)
def test_an_administrator_edits_only_units_they_administer(client, tree, position):
    client.force_login(person(tree["own"], Role.ADMIN))
    response = client.get(reverse("admin:organizations_unit_change", args=[tree[position].pk]))
    # Django's admin answers an object outside the queryset by redirecting to the index.
    assert (response.status_code == 200) == (position in ("own", "below"))


# Cases: the person holds the role in Kløverengen; the case is in the unit at `position`,
# reported by someone else. Reading: MANAGER, SAFETY_REP and ADVISOR of the unit or above.
READS = {Role.MANAGER, Role.SAFETY_REP, Role.ADVISOR}
EDITS = {Role.MANAGER, Role.SAFETY_REP}


def case_in(tree, position):
    from tests.incidents.factories import make_incident

    reporter = person(tree[position], Role.EMPLOYEE)
    return make_incident(reporter, tree[position])


def expected(role, position, allowed_roles, allowed_code=200):
    if role in READS and position in ("own", "below"):
        return allowed_code if role in allowed_roles else 403
    return 404


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_case_pages(client, tree, role, position):
    incident = case_in(tree, position)
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == expected(
        role, position, READS
    )
    assert client.get(reverse("incidents:receipt", args=[incident.pk])).status_code == expected(
        role, position, READS
    )
    assert client.get(reverse("incidents:edit", args=[incident.pk])).status_code == expected(
        role, position, EDITS
    )
    assert client.get(reverse("incidents:void", args=[incident.pk])).status_code == expected(
        role, position, {Role.MANAGER}
    )
    response = client.post(reverse("incidents:assess", args=[incident.pk]), {"manager_severity": 2})
    assert response.status_code == expected(role, position, {Role.MANAGER}, allowed_code=302)
    response = client.post(reverse("incidents:upload", args=[incident.pk]), {})
    assert response.status_code == expected(role, position, EDITS, allowed_code=302)
    # A correction is the reporter's and the affected employees' own: no role adds one.
    response = client.post(reverse("incidents:add_correction", args=[incident.pk]), {})
    assert response.status_code == expected(role, position, set())


@pytest.mark.parametrize("role", list(Role))
def test_the_unit_list_is_for_those_who_read_cases(client, tree, role):
    client.force_login(person(tree["own"], role))
    expected_code = 200 if role in READS else 404
    assert client.get(reverse("incidents:unit_list")).status_code == expected_code


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", ["incidents:report", "incidents:minor_report", "incidents:mine"])
def test_reporting_pages_open_for_every_role(client, tree, role, name):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse(name)).status_code == 200


def test_the_reporter_and_the_affected_see_their_case_whatever_their_role(client, tree):
    from tests.incidents.factories import make_incident

    reporter = person(tree["own"], Role.EMPLOYEE)
    affected = person(tree["school"], Role.EMPLOYEE)
    incident = make_incident(reporter, tree["own"], affected=[affected])
    for who in (reporter, affected):
        client.force_login(who)
        assert client.get(incident.get_absolute_url()).status_code == 200
        assert client.get(reverse("incidents:edit", args=[incident.pk])).status_code == 200
        correction = client.post(reverse("incidents:add_correction", args=[incident.pk]), {})
        assert correction.status_code == 302  # an empty form goes back to the case page


# The follow-up: readers of the case see it; managers (incl. the center head) act; a safety rep
# acts only on the tasks given to them; others get 404.
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_follow_up_pages(client, tree, role, position):
    incident = case_in(tree, position)
    acknowledge = incident.tasks.get(kind="acknowledge")
    evaluation = incident.tasks.get(kind="evaluation")
    client.force_login(person(tree["own"], role))
    reads = expected(role, position, READS)
    acts = expected(role, position, {Role.MANAGER})
    assert client.get(reverse("followup:case", args=[incident.pk])).status_code == reads
    assert client.get(reverse("followup:police_report", args=[incident.pk])).status_code == acts
    assert client.get(reverse("followup:evaluation", args=[evaluation.pk])).status_code == acts
    done = client.post(reverse("followup:task_action", args=[acknowledge.pk, "done"]), {})
    sent_back = 302 if acts == 200 else acts  # an invalid form goes back to the case page
    assert done.status_code == sent_back
    for name in ("followup:comment", "followup:reopen"):
        response = client.post(reverse(name, args=[incident.pk]), {})
        assert response.status_code == sent_back


@pytest.mark.parametrize("role", list(Role))
def test_my_tasks_opens_for_every_role(client, tree, role):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("followup:my_tasks")).status_code == 200


def test_support_contacts_show_to_the_manager_only_in_the_follow_up(client, tree):
    from tests.incidents.factories import make_incident
    from tryghed.accounts.models import SupportContact, SupportKind

    employee = person(tree["own"], Role.EMPLOYEE)
    SupportContact.objects.create(
        person=employee,
        kind=SupportKind.NEXT_OF_KIN,
        name="Søs Ærø",
        relation="søster",
        phone="20304050",
    )
    incident = make_incident(employee, tree["own"])
    for role, shown in [(Role.MANAGER, True), (Role.SAFETY_REP, False), (Role.ADVISOR, False)]:
        client.force_login(person(tree["own"], role))
        page = client.get(reverse("followup:case", args=[incident.pk])).text
        assert ("Søs Ærø" in page) == shown, role
    client.force_login(person(tree["own"], Role.MANAGER))
    assert "Søs Ærø" not in client.get(incident.get_absolute_url()).text


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_evidence_pages(client, tree, role, position):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tryghed.incidents import services

    incident = case_in(tree, position)
    item = services.add_evidence(
        incident=incident,
        upload=SimpleUploadedFile("bevis.pdf", b"%PDF-1.4\n%%EOF\n"),
        content_type="application/pdf",
        source_url="",
        captured_at=timezone.now(),
        added_by=incident.reported_by,
    )
    client.force_login(person(tree["own"], role))
    reads = expected(role, position, READS)
    evidence = reverse("incidents:evidence", args=[incident.pk, item.pk])
    assert client.get(evidence).status_code == reads
    assert client.get(reverse("incidents:evidence_zip", args=[incident.pk])).status_code == reads
    response = client.post(reverse("incidents:add_evidence", args=[incident.pk]), {})
    assert response.status_code == expected(role, position, EDITS, allowed_code=302)


@pytest.mark.parametrize("role", list(Role))
def test_the_list_of_blocks_is_for_those_who_read_cases(client, tree, role):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("followup:blocks")).status_code == (200 if role in READS else 404)


@pytest.mark.parametrize("role", list(Role))
def test_the_list_of_conversations_with_citizens_is_for_those_who_read_cases(client, tree, role):
    client.force_login(person(tree["own"], role))
    response = client.get(reverse("followup:citizen_conversations"))
    assert response.status_code == (200 if role in READS else 404)


@pytest.mark.parametrize("role", list(Role))
def test_the_list_of_measures_is_for_those_who_read_cases(client, tree, role):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("prevention:measures")).status_code == (200 if role in READS else 404)


# Prevention. A unit's guideline and crisis plan are for everyone placed in it or above it; its
# risk assessments for those who see its statistics; the manager and the safety rep change them.
PREVENTION_WORK = {Role.MANAGER, Role.SAFETY_REP}


def unit_reads(position):
    return 200 if position in ("own", "below") else 404


def unit_changes(role, position):
    if position not in ("own", "below"):
        return 404
    return 200 if role in PREVENTION_WORK else 403


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_prevention_pages_of_a_unit(client, tree, role, position):
    unit = tree[position]
    client.force_login(person(tree["own"], role))
    for name, args in [
        ("prevention:unit", [unit.pk]),
        ("prevention:guideline", [unit.pk, "retningslinje"]),
        ("prevention:guideline", [unit.pk, "sociale-medier"]),
        ("prevention:crisis_plan", [unit.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == unit_reads(position), name
    for name, args in [
        ("prevention:risk_assessment_new", [unit.pk]),
        ("prevention:guideline_new", [unit.pk, "retningslinje"]),
        ("prevention:crisis_plan_edit", [unit.pk]),
        ("prevention:survey_result_new", [unit.pk]),
        ("prevention:sparring_new", [unit.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == unit_changes(role, position)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_risk_assessments_and_onboarding_checklists(client, tree, role, position):
    from django.utils import timezone

    from tryghed.accounts.models import EmploymentType
    from tryghed.prevention import services

    unit = tree[position]
    assessment = services.save_risk_assessment(
        unit=unit,
        by=person(unit, Role.MANAGER),
        answers=[],
        assessed_on=timezone.localdate(),
        risk_level="low",
        reasons="Få episoder.",
    )
    temp = person(unit, Role.EMPLOYEE, employment_type=EmploymentType.TEMP)
    checklist = temp.onboarding_checklists.get()
    client.force_login(person(tree["own"], role))
    near = position in ("own", "below")
    reads = 200 if near and role in READS else 404
    assert (
        client.get(reverse("prevention:risk_assessment", args=[assessment.pk])).status_code == reads
    )
    edit = client.get(reverse("prevention:risk_assessment_edit", args=[assessment.pk]))
    assert edit.status_code == (reads if reads == 404 else unit_changes(role, position))
    sign = client.post(
        reverse("prevention:sign_risk_assessment", args=[assessment.pk]), {"role": "manager"}
    )
    assert sign.status_code == (404 if reads == 404 else 302 if role == Role.MANAGER else 403)
    ticks = 200 if near and role == Role.MANAGER else 404
    onboarding = reverse("prevention:onboarding", args=[checklist.pk])
    assert client.get(onboarding).status_code == ticks
    tick = client.post(onboarding, {"done": []})
    assert tick.status_code == (302 if ticks == 200 else 404)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_guideline_versions_pdf_and_changing_the_crisis_plan(client, tree, role, position):
    from django.utils import timezone

    from tryghed.prevention import services

    unit = tree[position]
    version = services.publish_guideline(
        unit=unit,
        kind="guideline",
        by=person(unit, Role.MANAGER),
        sections={"handling": "Tilkald vagten."},
        approved_on=timezone.localdate(),
        minutes_reference="MED",
        discuss_every_months=6,
    )
    client.force_login(person(tree["own"], role))
    reads = unit_reads(position)
    assert client.get(reverse("prevention:guideline_version", args=[version.pk])).status_code == (
        reads
    )
    pdf = client.get(reverse("prevention:guideline_pdf", args=[unit.pk, "retningslinje"]))
    assert pdf.status_code == reads
    steps = {"steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 0, "steps-0-action": "Ring 112"}
    steps["steps-0-responsible"] = "emergency"
    response = client.post(reverse("prevention:crisis_plan_edit", args=[unit.pk]), steps)
    changes = unit_changes(role, position)
    assert response.status_code == (302 if changes == 200 else changes)


@pytest.mark.parametrize("role", list(Role))
def test_prevention_overview_for_everyone_and_courses_for_managers_and_safety_reps(
    client, tree, role
):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("prevention:overview")).status_code == 200
    expected_code = 200 if role in PREVENTION_WORK else 404
    assert client.get(reverse("prevention:training")).status_code == expected_code
    assert client.get(reverse("prevention:course_session_new")).status_code == expected_code


def test_anonymous_visitors_meet_the_login_on_prevention_pages(client, tree):
    for name, args in [
        ("prevention:overview", []),
        ("prevention:guideline", [tree["own"].pk, "retningslinje"]),
        ("prevention:crisis_plan", [tree["own"].pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response["Location"].startswith(reverse("account_login"))


# Alarms (issue 8). Kløverengen ("own") is a site; an employee there raises an alarm.
ALARM_PAGES = ["alarms:panic", "alarms:doors", "alarms:guard_requests", "alarms:workplace"]


@pytest.fixture
def alarm_site(tree):
    from tryghed.alarms.models import Site

    return Site.objects.create(unit=tree["own"], is_town_hall=True)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", ALARM_PAGES)
def test_alarm_pages_open_for_every_role(client, tree, alarm_site, role, name):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", [*ALARM_PAGES, "alarms:guard_console"])
def test_alarm_pages_send_anonymous_visitors_to_login(client, tree, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", list(Role))
def test_the_guard_console_is_for_no_role_only_for_assigned_guards(client, tree, role):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("alarms:guard_console")).status_code == 404


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_an_alarm_is_seen_only_by_its_circle(client, tree, alarm_site, role, position):
    """Everyone placed in the unit is a colleague; the nearest manager above a unit without
    its own (here the center's) is the manager; nobody else learns of the alarm."""
    from tryghed.alarms import services

    raiser = person(tree["own"], Role.EMPLOYEE, name="Maja Raiser", email="raiser@ishoj.example")
    viewer = person(tree[position], role)
    alarm, _created = services.raise_alarm(by=raiser, level="help_now")
    in_circle = position == "own" or (position == "parent" and role == Role.MANAGER)
    client.force_login(viewer)
    response = client.get(reverse("alarms:detail", args=[alarm.pk]))
    assert response.status_code == (200 if in_circle else 404)
    answer = client.post(reverse("alarms:answer", args=[alarm.pk]), {"answer": "coming"})
    assert answer.status_code == (302 if in_circle else 404)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_only_the_circle_of_a_ring_112_alarm_may_say_they_call(
    client, tree, alarm_site, role, position
):
    """ "Jeg ringer 112" (issue 13): the same circle as the alarm itself; anyone else, 404."""
    from tryghed.alarms import services
    from tryghed.alarms.models import Alarm

    raiser = person(tree["own"], Role.EMPLOYEE, name="Maja Raiser", email="raiser@ishoj.example")
    viewer = person(tree[position], role)
    alarm, _created = services.raise_alarm(by=raiser, level="call_112")
    in_circle = position == "own" or (position == "parent" and role == Role.MANAGER)
    client.force_login(viewer)
    response = client.post(reverse("alarms:call_police", args=[alarm.pk]))
    assert response.status_code == (302 if in_circle else 404)
    caller = Alarm.objects.get(pk=alarm.pk).police_called_by
    assert caller == (viewer if in_circle else None)


# The overview: statistics for MANAGER, SAFETY_REP and ADVISOR of the unit or above; the annual
# report only for a unit at or below the person's own.
STATS = {Role.MANAGER, Role.SAFETY_REP, Role.ADVISOR}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", ["stats:overview", "stats:export_csv", "stats:export_xlsx"])
def test_the_overview_and_its_exports_are_for_those_who_see_statistics(client, tree, role, name):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse(name)).status_code == (200 if role in STATS else 404)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", POSITIONS)
def test_the_annual_report_is_for_units_whose_statistics_one_sees(client, tree, role, position):
    client.force_login(person(tree["own"], role))
    response = client.get(reverse("stats:annual_report"), {"unit": tree[position].pk, "year": 2025})
    if role not in STATS:
        assert response.status_code == 404
    elif position in ("own", "below"):
        assert response["Content-Type"] == "application/pdf"
    else:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("name", ["stats:overview", "stats:export_xlsx", "stats:annual_report"])
def test_anonymous_visitors_are_sent_to_login_from_the_overview(client, tree, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# The employee's own copy of their data (issue 16): everyone downloads their own; only HR
# (ADVISOR at the root) produce someone else's.


@pytest.mark.parametrize("role", list(Role))
def test_everyone_downloads_their_own_copy(client, tree, role):
    client.force_login(person(tree["own"], role))
    response = client.post(reverse("privacy:own_copy"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("where", ["own", "root"])
def test_only_hr_produce_a_copy_for_someone_else(client, tree, role, where):
    client.force_login(person(tree[where], role))
    expected = 200 if (role, where) == (Role.ADVISOR, "root") else 404
    assert client.get(reverse("privacy:copy_for_person")).status_code == expected


@pytest.mark.parametrize("name", ["privacy:own_copy", "privacy:copy_for_person"])
def test_anonymous_visitors_are_sent_to_login_for_copies(client, tree, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Who can do what (issue 15, item 5): administrators and HR; everyone else gets 404.
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("position", ["own", "root"])
def test_only_administrators_and_hr_see_who_can_do_what(client, tree, role, position):
    client.force_login(person(tree[position], role))
    hr = role == Role.ADVISOR and position == "root"
    expected = 200 if role == Role.ADMIN or hr else 404
    assert client.get(reverse("accounts:access_overview")).status_code == expected


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("place", ["own", "root"])
def test_only_the_municipalitys_administrators_and_hr_see_the_retention_page(
    client, tree, role, place
):
    client.force_login(person(tree[place], role))
    at_root = place == "root" and role in (Role.ADMIN, Role.ADVISOR)
    assert client.get(reverse("retention:overview")).status_code == (200 if at_root else 404)
