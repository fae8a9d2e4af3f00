"""Leavers lose access the same day (issue 15, item 4): a full organization import deactivates
the people placed in the municipality who are not in the file, ends their sessions and
memberships, and hands their open follow-up tasks to the manager, who is told. A safety valve
refuses a full import that would deactivate more than a share of the active people.

The file is written from what the database holds (every unit, every active person's roles),
minus the people who leave, as an HR system's export would be."""

import json
import threading
import time
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, person
from tests.incidents.factories import make_incident
from tryghed.accounts.importer import import_organization
from tryghed.accounts.models import User
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup.models import FollowUpTask
from tryghed.notifications.models import Notification
from tryghed.organizations.models import Membership, Unit
from tryghed.organizations.roles import Role

PASSWORD = "kodeord-æøå-123"
HEADER = "type;kode;navn;overordnet;art;email;rolle\n"
ROLE_WORDS = {
    Role.EMPLOYEE: "medarbejder",
    Role.MANAGER: "leder",
    Role.SAFETY_REP: "amr",
    Role.UNION_REP: "tr",
    Role.ADVISOR: "konsulent",
    Role.ADMIN: "administrator",
}
KIND_WORDS = {
    "municipality": "kommune",
    "center": "center",
    "staff": "stab",
    "site": "driftssted",
    "department": "afdeling",
}


def export(*, without=(), extra_rows=""):
    """The HR system's file: every unit and every active person's roles, except `without`."""
    rows = [HEADER]
    for unit in Unit.objects.select_related("parent").order_by("pk"):
        parent = unit.parent.code if unit.parent else ""
        rows.append(f"enhed;{unit.code};{unit.name};{parent};{KIND_WORDS[unit.kind]};;\n")
    left = {p.pk for p in without}
    for membership in Membership.objects.select_related("user", "unit").order_by("pk"):
        member = membership.user
        if member.is_active and member.pk not in left:
            role = ROLE_WORDS[membership.role]
            rows.append(f"person;{membership.unit.code};{member.name};;;{member.email};{role}\n")
    return "".join(rows) + extra_rows


def run(tmp_path, text, *options):
    path = tmp_path / "organisation.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_organization", str(path), *options, stdout=out)
    return out.getvalue()


def run_refused(tmp_path, text, *options):
    with pytest.raises(CommandError) as refused:
        run(tmp_path, text, *options)
    assert refused.value.returncode == 3
    return str(refused.value)


def logged_in_browser(member):
    member.set_password(PASSWORD)
    member.save()
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def gets_the_login_page(browser):
    response = browser.get(reverse("home:home"))
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.fixture
def staff(tree, employee, manager, safety_rep, center_head):
    """Twenty active people placed in the municipality: 2 leavers are 10 %, 3 are 15 %."""
    for number in range(16):
        person(tree["own"], name=f"Kollega {number}", email=f"kollega{number}@ishoj.example")
    assert User.objects.filter(is_active=True).count() == 20


@pytest.fixture
def case(tree, employee, manager, safety_rep):
    """A case in Kløverengen; its work-injury report is given to the safety rep alone."""
    incident = make_incident(employee, tree["own"])
    work_injury = incident.tasks.get(kind="work_injury")
    work_injury.assignees.set([safety_rep])
    return incident


def test_a_full_import_deactivates_those_missing_ends_their_sessions_and_hands_over_their_tasks(
    tmp_path, staff, case, employee, safety_rep, manager, django_capture_on_commit_callbacks
):
    old_cookie = logged_in_browser(safety_rep)
    session_key = old_cookie.cookies["sessionid"].value
    with django_capture_on_commit_callbacks(execute=True):
        out = run(tmp_path, export(without=[employee, safety_rep]), "--full")
    assert "2 af 20 aktive personer (10,0 %) var ikke i filen og er deaktiveret" in out
    employee.refresh_from_db()
    safety_rep.refresh_from_db()
    assert not employee.is_active and not safety_rep.is_active
    assert not Membership.objects.filter(user__in=[employee, safety_rep]).exists()
    # The old cookie gets the login page, and stays out even if the person came back.
    assert gets_the_login_page(old_cookie)
    assert not Session.objects.filter(session_key=session_key).exists()
    safety_rep.is_active = True
    safety_rep.save()
    assert gets_the_login_page(old_cookie)
    # The safety rep's open task is the manager's now, and the manager is told, without the story.
    work_injury = case.tasks.get(kind="work_injury")
    assert list(work_injury.assignees.all()) == [manager]
    assert not FollowUpTask.objects.filter(assignees=safety_rep).exists()
    notification = Notification.objects.get(recipient=manager, url=reverse("followup:my_tasks"))
    assert notification.title == ("Du har fået 1 opfølgningsopgave fra en kollega, der er stoppet")
    assert "Borgeren" not in notification.title and safety_rep.name not in notification.title


def test_a_full_import_is_audited_with_ids_and_counts_never_names(
    tmp_path, staff, case, employee, safety_rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, export(without=[employee, safety_rep]), "--full")
    imported = AuditEvent.objects.get(action=Action.ORGANIZATION_IMPORTED)
    assert imported.data["full"] is True
    assert imported.data["deactivated"] == 2
    assert imported.data["memberships_ended"] == 2
    assert imported.data["tasks_handed_over"] == 1
    deactivated = AuditEvent.objects.filter(action=Action.PERSON_DEACTIVATED)
    assert {event.target for event in deactivated} == {employee, safety_rep}
    assert AuditEvent.objects.filter(action=Action.SESSIONS_ENDED).count() == 2
    assert AuditEvent.objects.filter(action=Action.TASKS_HANDED_OVER).count() == 1
    everything = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))
    for name in (employee.name, employee.email, safety_rep.name, safety_rep.email):
        assert name not in everything


def test_each_role_a_leaver_loses_is_audited_in_its_unit(tmp_path, staff, tree, employee):
    employee.memberships.create(unit=tree["below"], role=Role.UNION_REP)
    run(tmp_path, export(without=[employee]), "--full")
    ended = AuditEvent.objects.filter(action=Action.MEMBERSHIP_CHANGED).order_by("pk")
    assert [(event.unit, event.data) for event in ended] == [
        (tree["below"], {"role": Role.UNION_REP, "change": "ended", "reason": "import"}),
        (tree["own"], {"role": Role.EMPLOYEE, "change": "ended", "reason": "import"}),
    ]
    for event in ended:
        assert event.target == employee and list(event.subjects.all()) == [employee]


def test_a_manager_who_leaves_hands_their_tasks_to_the_manager_above(
    tmp_path, staff, case, manager, center_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, export(without=[manager]), "--full")
    acknowledge = case.tasks.get(kind="acknowledge")
    assert list(acknowledge.assignees.all()) == [center_head]
    assert Notification.objects.filter(recipient=center_head).exists()


def test_the_safety_valve_refuses_a_full_import_that_deactivates_more_than_ten_percent(
    tmp_path, staff, employee, safety_rep, union_rep
):
    # union_rep makes 21 active people; 3 missing is 14.3 %.
    text = export(without=[employee, safety_rep, union_rep])
    text += "enhed;ny-enhed;Ny enhed;ishoej;center;;\n"
    message = run_refused(tmp_path, text, "--full")
    assert "3 af 21 aktive personer (14,3 %), mere end 10,0 %" in message
    assert "Intet er importeret" in message
    assert User.objects.filter(is_active=True).count() == 21
    assert not Unit.objects.filter(code="ny-enhed").exists()
    assert not AuditEvent.objects.filter(action=Action.ORGANIZATION_IMPORTED).exists()


def test_force_passes_the_safety_valve(
    tmp_path, staff, employee, safety_rep, union_rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, export(without=[employee, safety_rep, union_rep]), "--full", "--force")
    assert User.objects.filter(is_active=True).count() == 18


@pytest.mark.parametrize("limit", ["0.15", "15%"])
def test_the_share_is_an_option(tmp_path, staff, employee, safety_rep, union_rep, limit):
    run(
        tmp_path,
        export(without=[employee, safety_rep, union_rep]),
        "--full",
        "--max-leavers-share",
        limit,
    )
    assert User.objects.filter(is_active=True).count() == 18


def test_the_share_is_a_setting(tmp_path, settings, staff, employee, safety_rep, union_rep):
    settings.IMPORT_MAX_LEAVERS_SHARE = 0.2
    run(tmp_path, export(without=[employee, safety_rep, union_rep]), "--full")
    assert User.objects.filter(is_active=True).count() == 18


def snapshot():
    return (
        list(User.objects.order_by("pk").values_list("pk", "is_active")),
        list(Membership.objects.order_by("pk").values_list("pk", flat=True)),
        list(FollowUpTask.assignees.through.objects.order_by("pk").values_list("pk", flat=True)),
        Notification.objects.count(),
        Session.objects.count(),
    )


def test_a_dry_run_lists_who_would_go_and_changes_nothing(
    tmp_path, staff, case, employee, safety_rep, django_capture_on_commit_callbacks
):
    browser = logged_in_browser(safety_rep)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        out = run(tmp_path, export(without=[employee, safety_rep]), "--full", "--dry-run")
    assert "2 af 20 aktive personer (10,0 %) er ikke i filen og ville blive deaktiveret:" in out
    assert "  Maja Nørgaard <maja@ishoj.example>" in out
    assert "  Aisha Khan <aisha@ishoj.example>" in out
    assert "Åbne opfølgningsopgaver givet videre til lederen: 1." in out
    assert snapshot() == before
    assert not gets_the_login_page(browser)
    assert not AuditEvent.objects.filter(action=Action.PERSON_DEACTIVATED).exists()


def test_a_dry_run_above_the_share_lists_them_and_says_a_real_run_would_be_refused(
    tmp_path, staff, employee, safety_rep, union_rep
):
    before = snapshot()
    out = StringIO()
    path = tmp_path / "organisation.csv"
    path.write_text(export(without=[employee, safety_rep, union_rep]), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_organization", str(path), "--full", "--dry-run", stdout=out)
    assert refused.value.returncode == 3
    assert "En rigtig fuld import ville blive afvist" in str(refused.value)
    assert "Peter Sørensen <peter@ishoj.example>" in out.getvalue()
    assert snapshot() == before


def test_a_rejected_row_keeps_its_person(tmp_path, staff, employee):
    text = export(without=[employee])
    text += f"person;ukendt-enhed;{employee.name};;;{employee.email};medarbejder\n"
    with pytest.raises(CommandError) as rejected:
        run(tmp_path, text, "--full")
    assert rejected.value.returncode == 2
    employee.refresh_from_db()
    assert employee.is_active


def test_superusers_and_people_not_placed_are_never_leavers(tmp_path, staff, tree):
    superuser = person(tree["root"], Role.ADMIN, is_superuser=True, email="it@ishoj.example")
    unplaced = UserFactory(email="vagt@securitas.example")
    run(tmp_path, export(without=[superuser]), "--full")
    superuser.refresh_from_db()
    unplaced.refresh_from_db()
    assert superuser.is_active and unplaced.is_active


def test_an_import_that_is_not_full_deactivates_nobody(tmp_path, staff, employee):
    run(tmp_path, export(without=[employee]))
    employee.refresh_from_db()
    assert employee.is_active


def test_force_without_full_is_refused(tmp_path, staff):
    with pytest.raises(CommandError, match="--full"):
        run(tmp_path, export(), "--force")


def import_in_own_connection(text, results):
    """What one `import_organization --full` process does, on its own database connection."""
    try:
        results.append(import_organization(text, dry_run=False, full=True))
    except Exception as error:
        results.append(error)
    finally:
        connection.close()


def waiting_for_a_lock():
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps the first look at the statistics; look anew.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def case_templates(transactional_db):
    """The guideline's case templates, which a data migration seeds: an earlier test that
    committed may have emptied every table."""
    from tryghed.followup.defaults import seed_templates
    from tryghed.followup.models import CaseTemplate, TaskTemplate

    if not CaseTemplate.objects.exists():
        seed_templates(CaseTemplate, TaskTemplate)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one transaction at a time write (BEGIN IMMEDIATE), so two imports "
    "cannot overlap there; on PostgreSQL the import's row lock lines them up",
)
@pytest.mark.django_db(transaction=True)
def test_two_full_imports_at_once_offboard_a_leaver_once_and_both_succeed(
    case_templates, staff, case, tree, safety_rep, manager
):
    text = export(without=[safety_rep]) + "enhed;ny-enhed;Ny enhed;ishoej;center;;\n"
    results = []
    imports = [
        threading.Thread(target=import_in_own_connection, args=(text, results)) for _ in "ab"
    ]
    with transaction.atomic():
        list(Unit.objects.roots().select_for_update())  # as if a third import were running
        for running in imports:
            running.start()
        deadline = time.monotonic() + 30
        while waiting_for_a_lock() < len(imports) and time.monotonic() < deadline:
            time.sleep(0.02)
    for running in imports:
        running.join(timeout=60)

    assert [type(result).__name__ for result in results] == ["ImportResult", "ImportResult"]
    assert sorted(len(result.leavers.people) for result in results) == [0, 1]
    assert Unit.objects.filter(code="ny-enhed").count() == 1
    deactivated = AuditEvent.objects.filter(action=Action.PERSON_DEACTIVATED)
    assert [event.target for event in deactivated] == [safety_rep]
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_a_leaver_logged_in_through_the_municipalitys_login_is_logged_out_too(
    tmp_path, staff, employee, oidc, django_capture_on_commit_callbacks
):
    from tests.accounts.test_sso import log_in

    oidc.add_person("maja", sub="sub-maja", email=employee.email, email_verified=True)
    browser = Client()
    assert log_in(browser, oidc, "maja")["Location"] == "/"
    assert "Hvor du er logget ind" in browser.get(reverse("usersessions_list")).content.decode()
    session_key = browser.cookies["sessionid"].value
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, export(without=[employee]), "--full")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert gets_the_login_page(browser)


def test_a_full_import_of_one_municipality_never_offboards_the_others_people(
    tmp_path, staff, tree, employee
):
    from tests.factories import UnitFactory
    from tryghed.organizations.models import UnitKind

    ishoej_file = export(without=[employee])
    other_root = UnitFactory(
        name="Vallensbæk Kommune", code="vallensbaek", kind=UnitKind.MUNICIPALITY
    )
    theirs = person(other_root, name="Vibeke Vall", email="vibeke@vallensbaek.example")
    run(tmp_path, ishoej_file, "--full")
    employee.refresh_from_db()
    theirs.refresh_from_db()
    assert not employee.is_active
    assert theirs.is_active and theirs.memberships.exists()
