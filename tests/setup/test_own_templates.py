"""Each municipality's own case templates and guidance points, with the shared set as the
fallback: a case takes its municipality's own template, an employee is shown their
municipality's own points, and an administrator copies and edits only their own municipality's
(issue 19, point 1). The cast's Ishøj beside a small Vallensbæk."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import MembershipFactory, UnitFactory, person
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup.models import CaseTemplate, TaskTemplate
from tryghed.guidance.models import GuidancePoint
from tryghed.organizations.models import Municipality, UnitKind
from tryghed.organizations.roles import Role

SHARED_ROOM = "Giv plads til stilhed, pauser og gråd."


@pytest.fixture
def ishoej(tree):
    return Municipality.objects.create(unit=tree["root"])


@pytest.fixture
def vallensbaek(db):
    root = UnitFactory(name="Vallensbæk Kommune", code="vallensbaek", kind=UnitKind.MUNICIPALITY)
    site = UnitFactory(name="Plejehjemmet Egely", code="v-egely", kind=UnitKind.SITE, parent=root)
    return {
        "municipality": Municipality.objects.create(unit=root),
        "site": site,
        "employee": person(site, name="Vibeke Vall", email="vibeke@vallensbaek.example"),
        "colleague": person(site, name="Vagn Vall", email="vagn@vallensbaek.example"),
        "administrator": person(root, Role.ADMIN, name="Valde Vall", email="valde@v.example"),
    }


def _shared(kind=""):
    return CaseTemplate.objects.get(kind=kind, municipality__isnull=True)


def _own_copy(municipality, title):
    """The shared template for every kind, copied for `municipality`, its first task retitled."""
    copy = _shared().own_copy(municipality.pk)
    first = copy.tasks.order_by("order").first()
    first.title = title
    first.save()
    return copy


def _titles(incident):
    return {task.label for task in incident.tasks.all()}


def _templates(incident):
    return {task.template.case_template for task in incident.tasks.select_related("template")}


# --- Which template a case takes ------------------------------------------------------------


def test_a_case_takes_its_municipalitys_own_template_and_never_anothers(
    tree, employee, ishoej, vallensbaek
):
    ishoejs = _own_copy(ishoej, "Ishøjs egen første samtale")
    in_b = make_incident(vallensbaek["employee"], vallensbaek["site"])
    assert _templates(in_b) == {_shared()}
    assert "Ishøjs egen første samtale" not in _titles(in_b)

    vallensbaeks = _own_copy(vallensbaek["municipality"], "Vallensbæks egen første samtale")
    in_b = make_incident(vallensbaek["employee"], vallensbaek["site"])
    assert _templates(in_b) == {vallensbaeks}
    assert "Vallensbæks egen første samtale" in _titles(in_b)
    assert "Ishøjs egen første samtale" not in _titles(in_b)

    in_a = make_incident(employee, tree["own"])
    assert _templates(in_a) == {ishoejs}
    assert "Vallensbæks egen første samtale" not in _titles(in_a)


def test_a_kinds_shared_template_comes_before_a_municipalitys_own_template_for_every_kind(
    ishoej, vallensbaek
):
    _own_copy(vallensbaek["municipality"], "Vallensbæks egen første samtale")
    online = make_incident(vallensbaek["employee"], vallensbaek["site"], kind="online")
    assert _templates(online) == {_shared("online")}
    _shared("online").own_copy(vallensbaek["municipality"].pk)
    assert CaseTemplate.for_kind("online", vallensbaek["site"]).municipality_id == (
        vallensbaek["municipality"].pk
    )


def test_an_own_template_not_in_use_leaves_the_shared_one(ishoej, vallensbaek):
    own = _own_copy(vallensbaek["municipality"], "Vallensbæks egen første samtale")
    own.is_active = False
    own.save()
    assert CaseTemplate.for_kind("psychological", vallensbaek["site"]) == _shared()


# --- Which guidance a person is shown -------------------------------------------------------


@pytest.fixture
def own_points(ishoej, vallensbaek):
    room = GuidancePoint.objects.get(code="aid.room", municipality__isnull=True)
    b_room = room.own_copy(vallensbaek["municipality"].pk)
    b_room.text = "Vallensbæks egne ord om ro."
    b_room.save()
    a_room = room.own_copy(ishoej.pk)
    a_room.text = "Ishøjs egne ord om ro."
    a_room.save()
    return {"b": b_room, "a": a_room}


def test_an_employee_is_shown_their_municipalitys_own_points_in_place_of_the_shared(
    client, own_points, vallensbaek
):
    client.force_login(vallensbaek["employee"])
    for page in ("guidance:advice", "home:quick_guide"):
        text = client.get(reverse(page)).text
        assert "Vallensbæks egne ord om ro." in text
        assert SHARED_ROOM not in text and "Ishøjs egne ord om ro." not in text
        assert "Find et stille sted" in text  # the shared points B has no own copy of


def test_the_advice_pdf_carries_the_readers_own_points(client, own_points, vallensbaek):
    client.force_login(vallensbaek["employee"])
    response = client.get(reverse("guidance:advice_pdf"))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Vallensbæks egne ord om ro." in text and "Ishøjs egne" not in text


def test_the_receipt_shows_the_cases_municipalitys_first_aid(client, own_points, vallensbaek):
    incident = make_incident(
        vallensbaek["colleague"], vallensbaek["site"], affected=[vallensbaek["employee"]]
    )
    client.force_login(vallensbaek["colleague"])
    page = client.get(reverse("incidents:receipt", args=[incident.pk])).text
    assert "Vallensbæks egne ord om ro." in page
    assert SHARED_ROOM not in page and "Ishøjs egne ord om ro." not in page


def test_nobody_logged_in_without_a_host_name_sees_the_shared_points(client, own_points):
    page = client.get(reverse("guidance:advice")).text
    assert SHARED_ROOM in page and "egne ord om ro" not in page


# --- Who edits which ------------------------------------------------------------------------


def _list(client, key):
    return client.get(reverse("setup:list", args=[key])).text


def test_an_administrator_never_reaches_another_municipalitys_own_rows(
    client, administrator, own_points, vallensbaek
):
    b_template = _own_copy(vallensbaek["municipality"], "Vallensbæks egen første samtale")
    b_task = b_template.tasks.first()
    client.force_login(administrator)
    assert "Vallensbæks egne ord" not in _list(client, "vejledning")
    assert "Vallensbæks egen første samtale" not in _list(client, "opgaveskabeloner")
    for key, row in (("vejledning", own_points["b"]), ("opgaveskabeloner", b_task)):
        assert client.get(reverse("setup:edit", args=[key, row.pk])).status_code == 404
        assert client.post(reverse("setup:delete", args=[key, row.pk])).status_code == 404
        copy = reverse("setup:copy", args=[key, row.pk, vallensbaek["municipality"].pk])
        assert client.post(copy).status_code == 404
    assert TaskTemplate.objects.filter(pk=b_task.pk).exists()


def test_an_administrator_of_one_sees_the_shared_rows_but_does_not_change_them(
    client, administrator, ishoej, vallensbaek
):
    shared = GuidancePoint.objects.get(code="aid.calm", municipality__isnull=True)
    task = _shared().tasks.first()
    client.force_login(administrator)
    page = _list(client, "vejledning")
    assert "Fælles" in page and "Tilpas for Ishøj Kommune" in page
    for key, row in (("vejledning", shared), ("opgaveskabeloner", task)):
        assert client.get(reverse("setup:edit", args=[key, row.pk])).status_code == 404
        assert client.post(reverse("setup:delete", args=[key, row.pk])).status_code == 404
        other = reverse("setup:copy", args=[key, row.pk, vallensbaek["municipality"].pk])
        assert client.post(other).status_code == 404
    assert not GuidancePoint.objects.filter(municipality=vallensbaek["municipality"]).exists()


def test_customizing_a_guidance_point_copies_it_for_the_municipality_and_edits_the_copy(
    client, administrator, ishoej, vallensbaek
):
    shared = GuidancePoint.objects.get(code="aid.calm", municipality__isnull=True)
    client.force_login(administrator)
    response = client.post(reverse("setup:copy", args=["vejledning", shared.pk, ishoej.pk]))
    copy = GuidancePoint.objects.get(code="aid.calm", municipality=ishoej)
    assert response["Location"] == reverse("setup:edit", args=["vejledning", copy.pk])
    assert AuditEvent.objects.filter(action=Action.SETTING_ADDED, target_id=str(copy.pk)).exists()
    form = {"topic": copy.topic, "text": "Ishøjs ro.", "position": 3, "is_active": "on"}
    assert client.post(reverse("setup:edit", args=["vejledning", copy.pk]), form).status_code == 302
    copy.refresh_from_db()
    shared.refresh_from_db()
    assert copy.text == "Ishøjs ro." and shared.text == ""
    page = _list(client, "vejledning")
    assert "Egen: Ishøj Kommune" in page
    again = reverse("setup:copy", args=["vejledning", shared.pk, ishoej.pk])
    assert client.post(again).status_code == 404


def _task_form(task, **changes):
    fields = ["order", "kind", "title", "guidance", "assignee", "condition", "anchor"]
    fields += ["offset_days", "offset_hours", "escalate_after_days"]
    form = {name: getattr(task, name) for name in fields}
    form |= {"case_template": task.case_template_id, "is_required": "on"}
    return form | changes


def test_customizing_a_task_copies_its_whole_template_and_only_the_own_ones_are_chosen(
    client, administrator, ishoej, vallensbaek
):
    b_template = _own_copy(vallensbaek["municipality"], "Vallensbæks egen første samtale")
    task = _shared().tasks.order_by("order").last()
    client.force_login(administrator)
    response = client.post(reverse("setup:copy", args=["opgaveskabeloner", task.pk, ishoej.pk]))
    own = CaseTemplate.objects.get(kind="", municipality=ishoej)
    assert own.tasks.count() == _shared().tasks.count()
    copy = own.tasks.get(code=task.code)
    assert response["Location"] == reverse("setup:edit", args=["opgaveskabeloner", copy.pk])

    edit = reverse("setup:edit", args=["opgaveskabeloner", copy.pk])
    moved = _task_form(copy, case_template=b_template.pk, title="Flyttet")
    assert client.post(edit, moved).status_code == 200  # not a choice
    assert client.post(edit, _task_form(copy, title="Ishøjs egen")).status_code == 302
    copy.refresh_from_db()
    assert copy.title == "Ishøjs egen" and copy.case_template == own
    assert "Egen: Ishøj Kommune" in _list(client, "opgaveskabeloner")


def test_deleting_every_task_of_an_own_template_brings_back_the_shared_one(
    client, administrator, ishoej, vallensbaek, tree
):
    own = _shared().own_copy(ishoej.pk)
    client.force_login(administrator)
    for task in own.tasks.all():
        client.post(reverse("setup:delete", args=["opgaveskabeloner", task.pk]))
    assert not CaseTemplate.objects.filter(pk=own.pk).exists()
    assert CaseTemplate.for_kind("psychological", tree["own"]) == _shared()


def test_an_administrator_of_every_municipality_edits_the_shared_set(
    client, administrator, ishoej, vallensbaek
):
    MembershipFactory(user=administrator, unit=vallensbaek["municipality"].unit, role=Role.ADMIN)
    shared = GuidancePoint.objects.get(code="aid.calm", municipality__isnull=True)
    client.force_login(administrator)
    assert client.get(reverse("setup:edit", args=["vejledning", shared.pk])).status_code == 200


def test_with_one_municipality_there_is_nothing_to_customize(client, administrator, ishoej):
    client.force_login(administrator)
    shared = GuidancePoint.objects.get(code="aid.calm", municipality__isnull=True)
    assert "Tilpas for" not in _list(client, "vejledning")
    assert client.get(reverse("setup:edit", args=["vejledning", shared.pk])).status_code == 200
    copy = reverse("setup:copy", args=["vejledning", shared.pk, ishoej.pk])
    assert client.post(copy).status_code == 404
