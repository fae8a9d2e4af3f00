"""Two-factor login: who must have a second factor, what they reach before it, and the login
with it, through allauth's real views (docs/mfa.md). `password_client` logs in with a password
only; the cast's usual `client` counts as having used a second factor (tests/conftest.py)."""

import time

import pyotp
import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from tests.conftest import second_factor_used
from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.accounts import second_factor
from tryghed.alarms.consumers import AlarmConsumer
from tryghed.alarms.models import Site
from tryghed.audit.models import Action, AuditEvent
from tryghed.demo import seed as demo
from tryghed.incidents.models import Severity
from tryghed.organizations import access
from tryghed.organizations.roles import Role

PASSWORD = "kodeord-æøå-123"  # tests/factories.py
STORY = "Borgeren råbte og truede ved skranken på Kløverengen."


@pytest.fixture
def incident(employee, tree):
    return make_incident(employee, tree["own"], severity=Severity.SERIOUS, description=STORY)


@pytest.fixture
def guard(tree):
    guard = person(tree["other_center"], Role.EMPLOYEE, name="Kim Vagt", email="kim@ishoj.example")
    Site.objects.create(unit=tree["own"]).guards.add(guard)
    return guard


def log_in(client, person):
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def with_totp(person):
    """An authenticator app and recovery codes, as allauth's set-up leaves them."""
    secret = pyotp.random_base32()
    TOTP.activate(person, secret)
    codes = RecoveryCodes.activate(person)
    return pyotp.TOTP(secret), codes.generate_codes()


@pytest.mark.parametrize(
    "role",
    [
        "manager",
        "safety_rep",
        "union_rep",
        "advisor",
        "center_head",
        "executive",
        "hr",
        "administrator",
        "guard",
    ],
)
def test_every_role_that_reads_others_data_must_use_a_second_factor(role, request):
    assert access.must_use_second_factor(request.getfixturevalue(role))


def test_employees_may_but_need_not_use_a_second_factor(employee, outsider, django_user_model):
    assert not access.must_use_second_factor(employee)
    assert not access.must_use_second_factor(outsider)
    superuser = django_user_model.objects.create_superuser("root@ishoj.example", PASSWORD)
    assert access.must_use_second_factor(superuser)


def test_a_manager_with_only_a_password_is_sent_to_set_up_and_sees_no_case(
    password_client, manager, incident, employee
):
    log_in(password_client, manager)
    response = password_client.get(incident.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert STORY not in response.text
    page = password_client.get(response["Location"])
    assert "Slå totrinsbekræftelse til for at fortsætte" in page.text
    # The menu and the report button would only lead back here.
    assert reverse("incidents:mine") not in page.text
    assert reverse("incidents:report") not in page.text
    assert STORY not in page.text and employee.name not in page.text
    assert not AuditEvent.objects.filter(action=Action.INCIDENT_VIEWED).exists()


def test_before_the_second_factor_only_set_up_logout_language_and_help_are_open(
    password_client, manager, incident
):
    log_in(password_client, manager)
    for name in ["home:home", "incidents:mine", "accounts:profile", "audit:about_me"]:
        assert password_client.get(reverse(name))["Location"] == reverse("mfa_index"), name
    for name in ["mfa_index", "mfa_activate_totp", "home:quick_guide", "core:health_app"]:
        assert password_client.get(reverse(name)).status_code == 200, name
    # The full health check answers for itself (503 here: no sweep yet), never a redirect.
    assert password_client.get(reverse("core:ready")).status_code == 503
    response = password_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    htmx = password_client.get(incident.get_absolute_url(), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("mfa_index")
    assert STORY not in htmx.text
    password_client.post(reverse("account_logout"))
    assert password_client.get(reverse("home:home"))["Location"].startswith(
        reverse("account_login")
    )


def test_an_employee_opens_their_own_case_without_a_second_factor(
    password_client, employee, incident
):
    log_in(password_client, employee)
    response = password_client.get(incident.get_absolute_url())
    assert response.status_code == 200
    assert STORY in response.text


# Transactional: allauth records the new factor on commit, inside the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_app_with_its_code_opens_tryghed_and_is_audited(
    password_client, manager, incident
):
    log_in(password_client, manager)
    page = password_client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert secret in page.text
    response = password_client.post(
        reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()}
    )
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = password_client.get(response["Location"])
    assert len(codes.context["unused_codes"]) == 10
    assert STORY in password_client.get(incident.get_absolute_url()).text
    events = AuditEvent.objects.filter(action=Action.SECOND_FACTOR_ADDED)
    assert sorted(event.data["kind"] for event in events) == ["recovery_codes", "totp"]
    assert {event.actor for event in events} == {manager}
    assert list(events[0].subjects.all()) == [manager]


def test_a_wrong_code_at_set_up_is_refused_in_danish(password_client, manager):
    log_in(password_client, manager)
    password_client.get(reverse("mfa_activate_totp"))
    response = password_client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert response.status_code == 200
    assert "Koden er ikke rigtig" in response.text
    assert not Authenticator.objects.filter(user=manager).exists()


def test_the_login_asks_for_the_code_and_refuses_a_wrong_one_in_danish(
    password_client, manager, incident
):
    totp, _codes = with_totp(manager)
    response = log_in(password_client, manager)
    assert response["Location"] == reverse("mfa_authenticate")
    wrong = str((int(totp.now()) + 1) % 1_000_000).zfill(6)
    response = password_client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Koden er ikke rigtig" in response.text
    response = password_client.post(reverse("mfa_authenticate"), {"code": totp.now()})
    assert response.status_code == 302
    assert STORY in password_client.get(incident.get_absolute_url()).text


def test_a_recovery_code_logs_in_once(password_client, manager, incident):
    _totp, codes = with_totp(manager)
    log_in(password_client, manager)
    password_client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert STORY in password_client.get(incident.get_absolute_url()).text
    password_client.post(reverse("account_logout"))
    log_in(password_client, manager)
    response = password_client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "Koden er ikke rigtig" in response.text
    assert password_client.get(incident.get_absolute_url()).status_code == 302


def test_single_sign_on_with_mfa_in_amr_is_strong(password_client, manager, incident):
    password_client.force_login(manager)
    session = password_client.session
    session[second_factor.SSO_AMR_SESSION_KEY] = ["pwd", "mfa"]
    session.save()
    assert STORY in password_client.get(incident.get_absolute_url()).text


def test_single_sign_on_without_mfa_in_amr_asks_for_the_second_factor_here(
    password_client, manager, incident
):
    totp, _codes = with_totp(manager)
    password_client.force_login(manager)
    session = password_client.session
    session[second_factor.SSO_AMR_SESSION_KEY] = ["pwd"]
    session.save()
    url = incident.get_absolute_url()
    response = password_client.get(url)
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=" + url.replace(
        "/", "%2F"
    )
    assert STORY not in password_client.get(response["Location"]).text
    # Having a factor, the person cannot add another in place of giving it.
    assert password_client.get(reverse("mfa_add_webauthn")).status_code == 302
    response = password_client.post(
        reverse("mfa_reauthenticate"), {"code": totp.now(), "next": url}
    )
    assert response["Location"] == url
    assert STORY in password_client.get(url).text


def test_single_sign_on_without_mfa_and_without_a_factor_leads_to_set_up(
    password_client, manager, incident
):
    password_client.force_login(manager)
    session = password_client.session
    session[second_factor.SSO_AMR_SESSION_KEY] = ["pwd"]
    session.save()
    assert password_client.get(incident.get_absolute_url())["Location"] == reverse("mfa_index")


def test_the_one_click_demo_login_needs_no_second_factor_in_the_demo(
    password_client, tree, incident, settings
):
    settings.DEMO = True
    manager = person(tree["own"], Role.MANAGER, email=demo.DEMO_LOGINS[3].email)
    assert access.must_use_second_factor(manager)
    password_client.post(reverse("demo:login"), {"email": manager.email})
    assert STORY in password_client.get(incident.get_absolute_url()).text


def test_the_demo_exemption_is_off_without_the_demo(password_client, manager, incident, settings):
    settings.DEMO = False
    password_client.force_login(manager)
    session = password_client.session
    session[second_factor.DEMO_LOGIN_SESSION_KEY] = manager.pk
    session.save()
    assert password_client.get(incident.get_absolute_url())["Location"] == reverse("mfa_index")


def test_a_manager_cannot_remove_their_last_factor_but_an_employee_can(
    client, manager, employee, django_capture_on_commit_callbacks
):
    with_totp(manager)
    client.force_login(manager)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "du kan ikke fjerne" in response.text
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    with_totp(employee)
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=employee).exists()
    kinds = AuditEvent.objects.filter(action=Action.SECOND_FACTOR_REMOVED, actor=employee)
    assert sorted(event.data["kind"] for event in kinds) == ["recovery_codes", "totp"]


def test_the_profile_links_to_two_factor_login(client, employee):
    client.force_login(employee)
    page = client.get(reverse("accounts:profile")).text
    assert reverse("mfa_index") in page
    assert "Slå totrinsbekræftelse til" in page


@pytest.mark.django_db(transaction=True)
def test_alarm_pages_stay_closed_to_a_manager_before_the_second_factor(manager):
    """Alarms name people and places: a page without the second factor gets no live updates."""

    async def connect(session):
        page = WebsocketCommunicator(AlarmConsumer.as_asgi(), "/ws/alarmer/")
        page.scope.update(user=manager, session=session)
        connected, code = await page.connect()
        await page.disconnect()
        return connected, code

    password_only = {
        AUTHENTICATION_METHODS_SESSION_KEY: [{"method": "password", "at": time.time()}],
        "account_authentication_methods_user": str(manager.pk),
    }
    assert async_to_sync(connect)(password_only) == (False, 4403)
    assert async_to_sync(connect)(second_factor_used(manager))[0] is True


def test_an_administrator_resets_a_persons_second_factor_and_it_is_audited(
    client, administrator, manager
):
    with_totp(manager)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [manager.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=manager).exists()
    event = AuditEvent.objects.get(action=Action.SECOND_FACTOR_REMOVED)
    assert event.actor == administrator and list(event.subjects.all()) == [manager]
    # allauth's own page, which shows the apps' secrets, is not in the administration.
    assert client.get("/admin/mfa/authenticator/").status_code == 404
