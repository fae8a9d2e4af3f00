from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tests.html import sent_back
from tests.incidents.factories import make_incident
from tryghed.followup.models import (
    Anchor,
    CaseTemplate,
    FollowUpTask,
    TaskStatus,
    TaskTemplate,
)
from tryghed.incidents.models import Severity
from tryghed.organizations.roles import Role
from tryghed.prevention.models import Measure

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args):
    return datetime(*args, tzinfo=CPH)


def task(incident, kind):
    return incident.tasks.get(kind=kind)


def test_a_new_episode_opens_its_follow_up_with_the_guidelines_tasks(
    tree, employee, manager, safety_rep
):
    incident = make_incident(employee, tree["own"])
    kinds = list(incident.tasks.values_list("kind", flat=True))
    assert kinds == [
        "acknowledge",
        "support",
        "counselling",
        "police_report",
        "work_injury",
        "inform",
        "follow_up_talk",
        "sparring",
        "evaluation",
    ]
    assert list(task(incident, "acknowledge").assignees.all()) == [manager]
    assert set(task(incident, "work_injury").assignees.all()) == {manager, safety_rep}


def test_a_serious_episode_gives_the_center_head_a_task(tree, employee, center_head):
    incident = make_incident(employee, tree["own"], severity=Severity.VERY_SERIOUS)
    serious = task(incident, "serious_case")
    assert list(serious.assignees.all()) == [center_head]


@time_machine.travel(at(2026, 3, 27, 12, 0), tick=False)
def test_deadlines_across_the_change_to_summer_time(tree, employee):
    incident = make_incident(employee, tree["own"], occurred_at=at(2026, 3, 27, 10, 0))
    police = timezone.localtime(task(incident, "police_report").due_at)
    # 72 hours, counted as time: the clocks moved forward on 29 March.
    assert police == at(2026, 3, 30, 11, 0)
    assert timezone.localtime(task(incident, "acknowledge").due_at) == at(2026, 3, 27, 23, 59)
    # Seven days is Good Friday: the municipality's own deadline moves to the next working day.
    assert timezone.localtime(task(incident, "follow_up_talk").due_at) == at(2026, 4, 7, 23, 59)


@time_machine.travel(at(2026, 1, 31, 15, 0), tick=False)
def test_the_work_injury_deadline_follows_the_first_day_of_absence_across_month_ends(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"], occurred_at=at(2026, 1, 31, 9, 30))
    work_injury = task(incident, "work_injury")
    assert timezone.localtime(work_injury.due_at) == at(2026, 2, 14, 23, 59)
    assert timezone.localtime(task(incident, "evaluation").due_at) == at(2026, 3, 2, 23, 59)
    client.force_login(manager)
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "kind": incident.kind,
            "occurred_at": "2026-01-31T09:30",
            "description": incident.description,
            "absence_from": "2026-02-02",
            "absence_days": 2,
        },
    )
    work_injury.refresh_from_db()
    assert timezone.localtime(work_injury.due_at) == at(2026, 2, 16, 23, 59)


def test_a_case_that_becomes_serious_gets_the_serious_task(
    client, tree, employee, manager, center_head
):
    incident = make_incident(employee, tree["own"])
    assert not incident.tasks.filter(kind="serious_case").exists()
    client.force_login(manager)
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "kind": incident.kind,
            "occurred_at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "description": incident.description,
            "is_injured": "True",
            "injury": "Brækket finger",
        },
    )
    assert list(task(incident, "serious_case").assignees.all()) == [center_head]


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"offset_days": -3}, "offset_days"), ({"anchor": "full_moon"}, "anchor")],
)
def test_a_deadline_rule_that_makes_no_sense_is_refused(db, fields, field):
    template = CaseTemplate.objects.first()
    values = {"anchor": Anchor.EPISODE, **fields}
    rule = TaskTemplate(
        case_template=template, kind="other", title="Ring til vagten", assignee="manager", **values
    )
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert field in refused.value.message_dict


def post_task(client, task, action, **data):
    prefixed = {f"t{task.pk}-{key}": value for key, value in data.items()}
    return client.post(reverse("followup:task_action", args=[task.pk, action]), prefixed)


def test_tasks_are_done_or_not_relevant_with_a_reason(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    talk = task(incident, "acknowledge")
    response = post_task(
        client,
        talk,
        "done",
        completed_on=timezone.localdate().isoformat(),
        note="Talt sammen i frokoststuen",
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.status == TaskStatus.DONE and talk.completed_by == manager
    support = task(incident, "support")
    response = post_task(client, support, "not_relevant", reason="")
    page = sent_back(client, response)
    assert "Skriv, hvorfor opgaven ikke er relevant." in page
    assert f'for="id_not_relevant-t{support.pk}-reason"' in page
    assert "Skriv, hvorfor opgaven ikke er relevant." not in sent_back(client, response)
    post_task(client, support, "not_relevant", reason="Medarbejderen ønsker ikke mere støtte")
    support.refresh_from_db()
    assert support.status == TaskStatus.NOT_RELEVANT
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    assert f"Afsluttet af {manager.name} den " in page and ": Talt sammen i frokoststuen" in page


def test_counselling_records_only_the_date_it_was_offered(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    offer = task(incident, "counselling")
    post_task(
        client,
        offer,
        "done",
        completed_on=timezone.localdate().isoformat(),
        note="Hun har det svært",
    )
    offer.refresh_from_db()
    assert offer.status == TaskStatus.DONE
    assert offer.note == "", "nothing about the counselling is kept"


def test_who_may_act_on_which_task(client, tree, employee, safety_rep, advisor, outsider, manager):
    incident = make_incident(employee, tree["own"])
    acknowledge, work_injury = task(incident, "acknowledge"), task(incident, "work_injury")
    today = timezone.localdate().isoformat()
    client.force_login(outsider)
    assert post_task(client, acknowledge, "done", completed_on=today).status_code == 404
    for who in (employee, advisor):
        client.force_login(who)
        assert post_task(client, acknowledge, "done", completed_on=today).status_code == 403
    client.force_login(safety_rep)
    assert post_task(client, acknowledge, "done", completed_on=today).status_code == 403
    response = post_task(
        client,
        work_injury,
        "work_injury",
        reference="IB-2026-4411",
        filed_on=today,
        offensive_form_filed="on",
    )
    assert response.status_code == 302
    assert incident.work_injury_report.reference == "IB-2026-4411"


def test_a_case_closes_only_when_every_required_task_is_settled_and_reopens_with_a_reason(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    response = client.post(reverse("followup:close", args=[incident.pk]))
    assert "Sagen kan ikke lukkes endnu" in sent_back(client, response)
    for open_task in incident.tasks.all():
        action = "no_police_report" if open_task.kind == "police_report" else "not_relevant"
        post_task(client, open_task, action, reason="Afprøvning")
    client.post(reverse("followup:close", args=[incident.pk]))
    incident.refresh_from_db()
    assert incident.closed_at is not None
    response = client.post(reverse("followup:reopen", args=[incident.pk]), {"reason": ""})
    assert "Skriv, hvorfor sagen genåbnes." in sent_back(client, response)
    client.post(
        reverse("followup:reopen", args=[incident.pk]), {"reason": "Ny episode med samme borger"}
    )
    incident.refresh_from_db()
    assert incident.closed_at is None


def test_the_serious_case_task_shares_the_case_with_the_executives_and_hr(
    client, tree, employee, center_head, executive, hr
):
    incident = make_incident(employee, tree["own"], severity=Severity.VERY_SERIOUS)
    client.force_login(executive)
    assert client.get(incident.get_absolute_url()).status_code == 404
    client.force_login(center_head)
    post_task(
        client,
        task(incident, "serious_case"),
        "done",
        completed_on=timezone.localdate().isoformat(),
    )
    for person_ in (executive, hr):
        client.force_login(person_)
        assert client.get(incident.get_absolute_url()).status_code == 200


def test_informing_the_union_rep_shares_the_case_with_them(
    client, tree, employee, manager, union_rep
):
    incident = make_incident(employee, tree["own"])
    client.force_login(union_rep)
    assert client.get(incident.get_absolute_url()).status_code == 404
    client.force_login(manager)
    post_task(
        client, task(incident, "inform"), "inform", union_reps=[union_rep.pk], note="AMR orienteret"
    )
    client.force_login(union_rep)
    assert client.get(incident.get_absolute_url()).status_code == 200


def test_the_evaluation_decides_measures_or_says_why_none(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    evaluation = task(incident, "evaluation")
    client.force_login(manager)
    url = reverse("followup:evaluation", args=[evaluation.pk])
    empty = {"measures-TOTAL_FORMS": 3, "measures-INITIAL_FORMS": 0}
    response = client.post(url, empty)
    assert "Beslut mindst ét tiltag" in response.text
    client.post(
        url,
        {
            **empty,
            "measures-0-title": "Glasværn ved skranken",
            "measures-0-owner": manager.pk,
            "measures-0-due_on": "2027-01-15",
        },
    )
    measure = Measure.objects.get()
    assert measure.unit == tree["own"] and measure.owner == manager and measure.incident == incident
    evaluation.refresh_from_db()
    assert evaluation.status == TaskStatus.DONE


def test_my_tasks_lists_my_open_tasks_overdue_first_with_a_count_in_the_header(
    client, tree, employee, manager
):
    old = make_incident(employee, tree["own"], occurred_at=timezone.now() - timedelta(days=20))
    make_incident(employee, tree["own"])
    client.force_login(manager)
    response = client.get(reverse("followup:my_tasks"))
    text = response.text
    assert text.index("Over fristen") < text.index(str(old.tasks.get(kind="evaluation")))
    count = FollowUpTask.objects.open().assigned_to(manager).count()
    assert f'{count}<span class="sr-only"> åbne</span>' in text


def test_my_tasks_uses_a_constant_number_of_queries(
    client, tree, employee, manager, django_assert_max_num_queries
):
    for _ in range(5):
        make_incident(employee, tree["own"])
    client.force_login(manager)
    client.get(reverse("followup:my_tasks"))
    with django_assert_max_num_queries(12):
        client.get(reverse("followup:my_tasks"))


def test_a_task_takes_only_its_own_actions_and_only_while_open(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    today = timezone.localdate().isoformat()
    police = task(incident, "police_report")
    assert post_task(client, police, "done", completed_on=today).status_code == 404, (
        "not reporting needs a reason: a police-report task cannot just be ticked off"
    )
    acknowledge = task(incident, "acknowledge")
    assert (
        post_task(client, acknowledge, "work_injury", reference="X", filed_on=today).status_code
        == 404
    )
    assert not hasattr(incident, "work_injury_report") or not incident.work_injury_report
    post_task(client, acknowledge, "done", completed_on=today)
    assert post_task(client, acknowledge, "done", completed_on=today).status_code == 404
    evaluation_url = reverse("followup:evaluation", args=[police.pk])
    assert client.get(evaluation_url).status_code == 404


def test_a_closed_case_takes_no_task_changes_and_leaves_my_tasks(client, tree, employee, manager):
    from tryghed.followup.models import FollowUpTask

    incident = make_incident(employee, tree["own"])
    for open_task in incident.tasks.filter(is_required=True):
        open_task.status = TaskStatus.NOT_RELEVANT
        open_task.note = "Afprøvning"
        open_task.save()
    client.force_login(manager)
    client.post(reverse("followup:close", args=[incident.pk]))
    done = incident.tasks.first()
    assert post_task(client, done, "reopen").status_code == 403
    assert not FollowUpTask.objects.open().filter(incident=incident).exists()


def test_minor_episodes_from_a_shift_get_no_tasks_of_their_own(tree, employee):
    from tryghed.incidents import services
    from tryghed.incidents.models import Act

    pinch = Act.objects.get(code="pinch")
    [incident] = services.report_minor_incidents(
        reporter=employee,
        unit=tree["own"],
        entries=[
            {
                "kind": pinch.kind,
                "occurred_at": timezone.now(),
                "severity": 1,
                "description": "Niv",
                "acts": [pinch],
            }
        ],
    )
    assert incident.is_minor_log
    assert not incident.tasks.exists()


def test_a_safety_rep_who_joins_after_the_case_opened_can_file_the_work_injury_report(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    newcomer = person(tree["own"], Role.SAFETY_REP, name="Ny AMR", email="ny.amr@ishoj.example")
    client.force_login(newcomer)
    response = post_task(
        client,
        task(incident, "work_injury"),
        "work_injury",
        reference="IB-77",
        filed_on=timezone.localdate().isoformat(),
    )
    assert response.status_code == 302
    assert incident.work_injury_report.reference == "IB-77"


def test_the_case_page_makes_the_forms_of_its_open_tasks_only(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    done = task(incident, "acknowledge")
    post_task(client, done, "done", completed_on=timezone.localdate().isoformat(), note="")
    response = client.get(reverse("followup:case", args=[incident.pk]))
    [closed] = response.context["done_rows"]
    assert closed["task"] == done and not closed["forms"].made and not closed["has_errors"]
    for row in response.context["open_rows"]:
        assert row["forms"].made, row["task"].kind  # shown with its forms


def test_the_case_page_shows_every_overdue_task_and_folds_the_later_ones(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    tasks = list(incident.tasks.order_by("due_at", "order", "pk"))
    overdue = tasks[:4]
    for at, task in enumerate(tasks):
        task.due_at = timezone.now() + timedelta(days=at - 4 if at < 4 else at - 3)
        task.save(update_fields=["due_at"])
    client.force_login(manager)
    page = client.get(reverse("followup:case", args=[incident.pk]))
    shown, later = page.context["next_rows"], page.context["later_rows"]
    assert [row["task"] for row in shown] == overdue
    assert [row["task"] for row in later] == tasks[4:]
    assert 'id="later-tasks"' in page.content.decode()


def test_a_guidance_splits_after_its_first_paragraph():
    from tryghed.core.templatetags.tryghed import lead_and_rest

    assert lead_and_rest("Tal med dem.\r\n\r\nFørstehjælp.\n\nMere.") == (
        "Tal med dem.",
        "Førstehjælp.\n\nMere.",
    )
    assert lead_and_rest("Kun én.") == ("Kun én.", "")
