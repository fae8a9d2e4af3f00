"""Single sign-on against a real OpenID Connect provider in a process of its own
(tests/oidc_provider): Tryghed's side runs in the test client, the provider answers over HTTP."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY

from tests.factories import ContactFactory
from tryghed.accounts.models import User
from tryghed.accounts.sso import AMR_SESSION_KEY
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations import access
from tryghed.organizations.models import ContactKind

START = "/konto/oidc/kommune/login/"


def start(client):
    response = client.post(START)
    assert response.status_code == 302
    return response["Location"]


def come_back(client, callback_url):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def log_in(client, oidc, username):
    return come_back(client, oidc.sign_in(start(client), username))


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def with_query(url, **changes):
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | changes
    return parts._replace(query="&".join(f"{k}={v}" for k, v in query.items())).geturl()


def test_a_person_is_matched_by_a_verified_email_and_the_providers_id_is_stored(
    client, oidc, employee
):
    oidc.add_person("maja", sub="sub-maja", email="Maja@ishoj.example", email_verified=True)
    response = log_in(client, oidc, "maja")
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_as(client) == str(employee.pk)
    assert SocialAccount.objects.get(provider="kommune", uid="sub-maja").user == employee
    assert AuditEvent.objects.about(employee).filter(action=Action.SSO_LINKED).exists()
    assert AuditEvent.objects.about(employee).filter(action=Action.LOGGED_IN).exists()


def test_the_stored_id_finds_the_person_whatever_the_email_says_later(client, oidc, employee):
    SocialAccount.objects.create(provider="kommune", uid="sub-maja", user=employee)
    oidc.add_person("maja", sub="sub-maja", email="maja.nyt.navn@andet.example")
    log_in(client, oidc, "maja")
    assert logged_in_as(client) == str(employee.pk)


def test_a_upn_in_the_municipalitys_own_domain_matches(client, oidc, employee):
    oidc.add_person("maja", sub="sub-maja", preferred_username="maja@ishoj.example")
    log_in(client, oidc, "maja")
    assert logged_in_as(client) == str(employee.pk)


def test_an_unverified_email_outside_the_municipalitys_domains_matches_nobody(client, oidc, tree):
    stranger = User.objects.create_user("maja@gmail.example", name="Maja Nørgaard")
    oidc.add_person("maja", sub="sub-x", email="maja@gmail.example", email_verified=False)
    response = log_in(client, oidc, "maja")
    assert response.status_code == 403
    assert logged_in_as(client) is None
    assert not SocialAccount.objects.filter(user=stranger).exists()


def test_nobody_signs_up_an_unknown_person_gets_the_danish_page_and_an_audit_entry(
    client, oidc, tree
):
    ContactFactory(
        unit=tree["root"],
        kind=ContactKind.ACCESS,
        name="IT-servicedesk",
        phone="43 57 70 00",
        email="it@ishoj.example",
    )
    people_before = User.objects.count()
    oidc.add_person("ny", sub="sub-ny", email="ny.kollega@ishoj.example", email_verified=True)
    response = log_in(client, oidc, "ny")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du findes ikke i Tryghed endnu" in page
    assert "IT-servicedesk" in page and "43 57 70 00" in page
    assert logged_in_as(client) is None
    assert User.objects.count() == people_before
    assert not SocialAccount.objects.exists()
    event = AuditEvent.objects.get(action=Action.SSO_REFUSED)
    assert event.data == {"reason": "unknown", "issuer": oidc.issuer}
    assert "ny.kollega" not in str(event.data) and event.actor is None


def test_a_deactivated_person_cannot_log_in_through_the_municipality(client, oidc, employee):
    employee.is_active = False
    employee.save()
    SocialAccount.objects.create(provider="kommune", uid="sub-maja", user=employee)
    oidc.add_person("maja", sub="sub-maja")
    response = log_in(client, oidc, "maja")
    assert response.status_code == 403
    assert "Din adgang til Tryghed er lukket" in response.content.decode()
    assert logged_in_as(client) is None
    event = AuditEvent.objects.about(employee).get(action=Action.SSO_REFUSED)
    assert event.data["reason"] == "inactive"


def test_a_deactivated_person_found_by_email_is_refused_and_not_linked(client, oidc, employee):
    employee.is_active = False
    employee.save()
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    assert log_in(client, oidc, "maja").status_code == 403
    assert logged_in_as(client) is None
    assert not SocialAccount.objects.exists()


def test_an_email_never_moves_a_person_linked_to_another_id(client, oidc, employee):
    SocialAccount.objects.create(provider="kommune", uid="sub-maja", user=employee)
    oidc.add_person("impostor", sub="sub-other", email="maja@ishoj.example", email_verified=True)
    response = log_in(client, oidc, "impostor")
    assert response.status_code == 403
    assert logged_in_as(client) is None
    assert AuditEvent.objects.get(action=Action.SSO_REFUSED).data["reason"] == "linked_elsewhere"


def test_group_and_role_claims_give_no_rights(client, oidc, employee):
    oidc.add_person(
        "maja",
        sub="sub-maja",
        email="maja@ishoj.example",
        email_verified=True,
        roles=["Tryghed.Admin"],
        groups=["administrators"],
    )
    log_in(client, oidc, "maja")
    employee.refresh_from_db()
    assert logged_in_as(client) == str(employee.pk)
    assert not access.may_administer(employee)
    assert not access.units_where(employee, access.Perm.VIEW_CASES)


@pytest.mark.parametrize(
    ("amr", "kept"), [(["pwd", "mfa"], ["pwd", "mfa"]), (["pwd"], ["pwd"]), (None, [])]
)
def test_the_providers_amr_is_kept_in_the_session_for_the_second_factor_check(
    client, oidc, employee, amr, kept
):
    claims = {"amr": amr} if amr is not None else {}
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", **claims)
    log_in(client, oidc, "maja")
    assert logged_in_as(client) == str(employee.pk)
    assert client.session[AMR_SESSION_KEY] == kept


def refused_with_an_audit_entry(client, response):
    assert response.status_code == 401
    assert "Log ind lykkedes ikke" in response.content.decode()
    assert logged_in_as(client) is None
    return AuditEvent.objects.get(action=Action.SSO_FAILED)


def test_a_wrong_issuer_is_refused(client, oidc, employee, settings):
    # The real provider answers, but its tokens name another issuer than the one configured.
    oidc.configure(
        settings,
        issuer="https://login.microsoftonline.example/other/v2.0",
        discovery_url=oidc.issuer,
    )
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    event = refused_with_an_audit_entry(client, log_in(client, oidc, "maja"))
    assert event.data["cause"] == "OAuth2Error"
    assert not SocialAccount.objects.exists()


def test_a_state_that_does_not_match_is_refused(client, oidc, employee):
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    callback = oidc.sign_in(start(client), "maja")
    refused_with_an_audit_entry(client, come_back(client, with_query(callback, state="forged")))


def test_a_callback_from_another_browser_is_refused(client, oidc, employee, django_user_model):
    """The answer was meant for the session that asked: another session has no such state."""
    from django.test import Client

    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    callback = oidc.sign_in(start(Client()), "maja")
    refused_with_an_audit_entry(client, come_back(client, callback))


def test_a_replayed_answer_is_refused(client, oidc, employee):
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    callback = oidc.sign_in(start(client), "maja")
    come_back(client, callback)
    client.post("/konto/logout/")
    refused_with_an_audit_entry(client, come_back(client, callback))


def test_a_forged_code_is_refused(client, oidc, employee):
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    callback = oidc.sign_in(start(client), "maja")
    refused_with_an_audit_entry(client, come_back(client, with_query(callback, code="forged")))


def test_an_expired_token_is_refused(client, oidc, employee):
    oidc.add_person(
        "maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True, expired=True
    )
    event = refused_with_an_audit_entry(client, log_in(client, oidc, "maja"))
    assert event.data["cause"] == "OAuth2Error"


def test_a_provider_out_of_reach_gives_the_danish_page(client, oidc, settings, tree):
    oidc.configure(settings, issuer="http://127.0.0.1:9/o")
    response = client.post(START)
    assert response.status_code == 401
    assert AuditEvent.objects.get(action=Action.SSO_FAILED).data["cause"] == "ConnectionError"


def test_two_first_logins_at_once_end_on_one_link(rf, employee):
    """Two processes both found the person by e-mail; the second to store the id uses the
    first one's link instead of failing."""
    from allauth.socialaccount.models import SocialLogin

    from tryghed.accounts.sso import SocialAccountAdapter

    sociallogin = SocialLogin(account=SocialAccount(provider="kommune", uid="sub-maja"))
    first = SocialAccount.objects.create(provider="kommune", uid="sub-maja", user=employee)
    SocialAccountAdapter()._link(rf.get("/"), sociallogin, employee)
    assert sociallogin.account.pk == first.pk and sociallogin.user == employee
    assert SocialAccount.objects.count() == 1


# The login page and passwords switched off.

LOGIN = "/konto/login/"


def configure_without_provider(settings, **options):
    from tryghed.settings import oidc_providers

    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(
        issuer="https://login.microsoftonline.example/tenant/v2.0",
        client_id="id",
        secret="secret",
        **options,
    )


def test_the_login_page_offers_the_municipalitys_login_when_it_is_set_up(client, settings, tree):
    configure_without_provider(settings)
    page = client.get(LOGIN).content.decode()
    assert "Log ind med Ishøj Kommune" in page
    assert f'action="{START}"' in page
    assert 'name="password"' in page


def test_the_button_can_carry_another_name(client, settings, tree):
    configure_without_provider(settings, name="Ishøj Kommunes Entra ID")
    assert "Log ind med Ishøj Kommunes Entra ID" in client.get(LOGIN).content.decode()


def test_without_single_sign_on_there_is_no_button_and_passwords_stay(client, settings, tree):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    settings.PASSWORD_LOGIN = False  # ignored: it would lock everyone out
    page = client.get(LOGIN).content.decode()
    assert "Log ind med" not in page
    assert 'name="password"' in page
    assert client.get("/konto/oidc/kommune/login/").status_code == 404


def test_passwords_switched_off_hide_the_form_and_refuse_a_password(client, settings, employee):
    configure_without_provider(settings)
    settings.PASSWORD_LOGIN = False
    employee.set_password("rigtig-kode-1234")
    employee.save()
    page = client.get(LOGIN).content.decode()
    assert 'name="password"' not in page and "Log ind med Ishøj Kommune" in page
    response = client.post(LOGIN, {"login": employee.email, "password": "rigtig-kode-1234"})
    assert logged_in_as(client) is None
    assert "Tryghed bruger ikke egne adgangskoder her" in response.content.decode()
    assert client.get("/konto/password/reset/").status_code == 404


def test_passwords_switched_off_refuse_the_login_after_a_password_reset_too(rf, settings, employee):
    """Every login but single sign-on is refused, whatever path it takes through allauth."""
    from allauth.account.adapter import get_adapter
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    configure_without_provider(settings)
    settings.PASSWORD_LOGIN = False
    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = get_adapter(request).pre_login(
        request,
        employee,
        email_verification="none",
        signal_kwargs=None,
        email=None,
        signup=False,
        redirect_url=None,
    )
    assert response.status_code == 302 and response["Location"] == LOGIN


def test_with_passwords_switched_off_the_municipalitys_login_still_works(
    client, oidc, employee, settings
):
    settings.PASSWORD_LOGIN = False
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    log_in(client, oidc, "maja")
    assert logged_in_as(client) == str(employee.pk)


def test_a_password_login_leaves_no_amr_from_before(client, employee):
    employee.set_password("rigtig-kode-1234")
    employee.save()
    session = client.session
    session[AMR_SESSION_KEY] = ["mfa"]
    session.save()
    client.post(LOGIN, {"login": employee.email, "password": "rigtig-kode-1234"})
    assert logged_in_as(client) == str(employee.pk)
    assert AMR_SESSION_KEY not in client.session


def test_an_administrator_sees_and_removes_a_persons_link_to_the_municipalitys_login(
    client, administrator, employee
):
    link = SocialAccount.objects.create(provider="kommune", uid="sub-maja", user=employee)
    client.force_login(administrator)
    listing = client.get("/admin/socialaccount/socialaccount/")
    assert listing.status_code == 200 and "sub-maja" in listing.content.decode()
    client.post(f"/admin/socialaccount/socialaccount/{link.pk}/delete/", {"post": "yes"})
    assert not SocialAccount.objects.exists()


def test_the_provider_is_not_configured_in_the_administration(admin_client):
    assert admin_client.get("/admin/socialaccount/socialapp/").status_code == 404


def test_the_deploy_check_wants_the_provider_over_https(settings):
    from tryghed.accounts.checks import single_sign_on_over_https

    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert single_sign_on_over_https(None) == []
    configure_without_provider(settings)
    assert single_sign_on_over_https(None) == []
    configure_without_provider(settings, discovery_url="http://adfs.example/adfs")
    assert [error.id for error in single_sign_on_over_https(None)] == ["tryghed.E101"]


def test_a_wrong_client_secret_is_refused(client, oidc, employee, settings):
    oidc.configure(settings, secret="an-expired-secret")
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    event = refused_with_an_audit_entry(client, log_in(client, oidc, "maja"))
    assert event.data["cause"] == "OAuth2Error"


def test_cancelling_at_the_provider_leads_to_the_cancelled_page(client, oidc, tree):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"{START}callback/?error=access_denied&state={state}", follow=True)
    assert "Du afbrød log ind" in response.content.decode()
    assert logged_in_as(client) is None
    assert AuditEvent.objects.get(action=Action.SSO_FAILED).data["error"] == "cancelled"
