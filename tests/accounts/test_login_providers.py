"""Each municipality of a shared deployment logs in through its own provider
(accounts.LoginProvider): two real OpenID Connect providers in processes of their own
(tests/oidc_provider), Ishøj's and Vallensbæk's, each reached on its municipality's host name.
Tryghed's side runs in the test client."""

from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import ContactFactory, UnitFactory, person
from tryghed.accounts.checks import login_providers_have_their_secret
from tryghed.accounts.models import LoginProvider
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations.models import ContactKind, Municipality, UnitKind

ISHOJ, VALLENSBAEK = "tryghed.ishoj.test", "tryghed.vallensbaek.test"
LOGIN = "/konto/login/"


def start(client, provider_id):
    response = client.post(f"/konto/oidc/{provider_id}/login/")
    assert response.status_code == 302, response.status_code
    return response["Location"]


def log_in(client, provider, provider_id, username):
    callback = urlsplit(provider.sign_in(start(client, provider_id), username))
    assert callback.hostname == client.defaults["HTTP_HOST"]
    return client.get(f"{callback.path}?{callback.query}")


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def own_provider(root, provider, provider_id, domain, monkeypatch):
    variable = f"OIDC_CLIENT_SECRET_{provider_id.upper()}"
    monkeypatch.setenv(variable, provider.secret)
    return LoginProvider.objects.create(
        municipality=Municipality.objects.create(unit=root, hosts=f"tryghed.{domain}.test"),
        provider_id=provider_id,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret_variable=variable,
        email_domains=f"{domain}.example",
    )


@pytest.fixture
def vallensbaek(db):
    root = UnitFactory(name="Vallensbæk Kommune", code="vallensbaek", kind=UnitKind.MUNICIPALITY)
    return {"root": root, "site": UnitFactory(name="Rådhuset", code="v-raadhus", parent=root)}


@pytest.fixture
def two(tree, vallensbaek, oidc_provider, second_oidc_provider, settings, monkeypatch):
    """Ishøj's provider is the first process, Vallensbæk's the second; none in the environment."""
    settings.SOCIALACCOUNT_PROVIDERS = {}
    oidc_provider.reset()
    second_oidc_provider.reset()
    return {
        "ishoj": own_provider(tree["root"], oidc_provider, "ishoej", "ishoj", monkeypatch),
        "vallensbaek": own_provider(
            vallensbaek["root"], second_oidc_provider, "vallensbaek", "vallensbaek", monkeypatch
        ),
    }


@pytest.fixture
def bo(vallensbaek):
    return person(vallensbaek["site"], name="Bo Ærø", email="bo@vallensbaek.example")


def test_each_hosts_login_page_shows_its_own_button_only(two, oidc_provider, second_oidc_provider):
    ishoj = Client(HTTP_HOST=ISHOJ).get(LOGIN)
    page = ishoj.content.decode()
    assert "Log ind med Ishøj Kommune" in page and "Vallensbæk" not in page
    assert 'action="/konto/oidc/ishoej/login/"' in page
    assert "/konto/oidc/vallensbaek/" not in page
    vallensbaek = Client(HTTP_HOST=VALLENSBAEK).get(LOGIN).content.decode()
    assert "Log ind med Vallensbæk Kommune" in vallensbaek and "Ishøj" not in vallensbaek
    # The form may go on to this host's provider only.
    policy = ishoj["Content-Security-Policy"]
    assert urlsplit(oidc_provider.issuer).netloc in policy
    assert urlsplit(second_oidc_provider.issuer).netloc not in policy


def test_another_municipalitys_provider_is_not_there_on_this_host(two):
    assert Client(HTTP_HOST=ISHOJ).post("/konto/oidc/vallensbaek/login/").status_code == 404
    callback = "/konto/oidc/vallensbaek/login/callback/?code=x&state=y"
    assert Client(HTTP_HOST=ISHOJ).get(callback).status_code == 404


def test_each_municipalitys_people_log_in_through_their_own_provider(
    two, oidc_provider, second_oidc_provider, employee, bo
):
    oidc_provider.add_person("maja", sub="sub-maja", email="maja@ishoj.example")
    ishoj = Client(HTTP_HOST=ISHOJ)
    response = log_in(ishoj, oidc_provider, "ishoej", "maja")
    assert response.status_code == 302 and logged_in_as(ishoj) == str(employee.pk)
    assert SocialAccount.objects.get(provider="ishoej").user == employee

    second_oidc_provider.add_person("bo", sub="sub-bo", preferred_username="bo@vallensbaek.example")
    vallensbaek = Client(HTTP_HOST=VALLENSBAEK)
    log_in(vallensbaek, second_oidc_provider, "vallensbaek", "bo")
    assert logged_in_as(vallensbaek) == str(bo.pk)
    assert SocialAccount.objects.get(provider="vallensbaek").user == bo


def test_one_providers_identity_of_another_municipalitys_person_gets_no_login(
    two, oidc_provider, tree, vallensbaek, bo
):
    ContactFactory(unit=tree["root"], kind=ContactKind.ACCESS, name="Ishøj IT", phone="43577000")
    ContactFactory(unit=vallensbaek["root"], kind=ContactKind.ACCESS, name="Vallensbæk IT")
    # Ishøj's provider vouches for an address that is a Vallensbæk person's in Tryghed.
    oidc_provider.add_person("bo", sub="sub-bo", email=bo.email, email_verified=True)
    client = Client(HTTP_HOST=ISHOJ)
    response = log_in(client, oidc_provider, "ishoej", "bo")
    page = response.content.decode()
    assert response.status_code == 403 and logged_in_as(client) is None
    assert "Du findes ikke i Tryghed endnu" in page
    assert "Ishøj IT" in page and "Vallensbæk IT" not in page
    assert not SocialAccount.objects.exists()
    event = AuditEvent.objects.get(action=Action.SSO_REFUSED)
    assert event.data == {"reason": "unknown", "issuer": oidc_provider.issuer}


def test_a_link_to_one_provider_does_not_serve_a_person_now_in_another_municipality(
    two, oidc_provider, bo
):
    SocialAccount.objects.create(provider="ishoej", uid="sub-bo", user=bo)
    oidc_provider.add_person("bo", sub="sub-bo")
    client = Client(HTTP_HOST=ISHOJ)
    assert log_in(client, oidc_provider, "ishoej", "bo").status_code == 403
    assert logged_in_as(client) is None


def test_the_secret_is_the_one_in_the_named_environment_variable(
    two, oidc_provider, employee, monkeypatch
):
    monkeypatch.setenv("OIDC_CLIENT_SECRET_ISHOEJ", "not-the-providers-secret")
    oidc_provider.add_person("maja", sub="sub-maja", email="maja@ishoj.example")
    client = Client(HTTP_HOST=ISHOJ)
    response = log_in(client, oidc_provider, "ishoej", "maja")
    assert response.status_code == 401 and logged_in_as(client) is None
    assert AuditEvent.objects.get(action=Action.SSO_FAILED).data["cause"] == "OAuth2Error"
    assert "not-the-providers-secret" not in str(LoginProvider.objects.values())


def test_a_missing_variable_means_no_button_a_check_and_a_warning_not_an_error(
    two, monkeypatch, settings, client, admin_user
):
    monkeypatch.delenv("OIDC_CLIENT_SECRET_ISHOEJ")
    settings.PASSWORD_LOGIN = False  # ignored here: nobody could log in
    page = client.get(LOGIN, HTTP_HOST=ISHOJ).content.decode()
    assert "/konto/oidc/" not in page and 'name="password"' in page
    assert client.post("/konto/oidc/ishoej/login/", HTTP_HOST=ISHOJ).status_code == 404
    assert [w.id for w in login_providers_have_their_secret(None)] == ["tryghed.W102"]
    assert "OIDC_CLIENT_SECRET_ISHOEJ" in login_providers_have_their_secret(None)[0].msg
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/loginprovider/")
    assert listing.status_code == 200
    assert "Miljøvariablen OIDC_CLIENT_SECRET_ISHOEJ er ikke sat" in listing.content.decode()


def test_the_environments_provider_serves_the_municipalities_without_their_own(
    two, oidc, bo, employee
):
    two["ishoj"].delete()
    assert "/konto/oidc/kommune/login/" in Client(HTTP_HOST=ISHOJ).get(LOGIN).content.decode()
    page = Client(HTTP_HOST=VALLENSBAEK).get(LOGIN).content.decode()
    assert "/konto/oidc/vallensbaek/" in page and "/konto/oidc/kommune/" not in page
    # Not Vallensbæk's people, who have their own.
    oidc.add_person("bo", sub="sub-bo", email="bo@vallensbaek.example", email_verified=True)
    client = Client(HTTP_HOST=ISHOJ)
    assert log_in(client, oidc, "kommune", "bo").status_code == 403
    oidc.add_person("maja", sub="sub-maja", email="maja@ishoj.example", email_verified=True)
    log_in(client, oidc, "kommune", "maja")
    assert logged_in_as(client) == str(employee.pk)


# The administration: the operator changes the providers, a municipality's administrators see
# their own.


def test_the_operator_adds_a_provider_and_a_secret_variable_is_only_an_oidc_one(
    client, admin_user, two
):
    client.force_login(admin_user)
    two["ishoj"].delete()
    form = {
        "municipality": two["vallensbaek"].municipality_id,
        "provider_id": "kommune",
        "issuer": "https://login.microsoftonline.example/tenant/v2.0",
        "client_id": "id",
        "client_secret_variable": "SECRET_KEY",
        "uid_claim": "sub",
        "is_enabled": "on",
    }
    response = client.post("/admin/accounts/loginprovider/add/", form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"municipality", "provider_id", "client_secret_variable"}
    ishoj = Municipality.objects.get(hosts=ISHOJ)
    form |= {
        "municipality": ishoj.pk,
        "provider_id": "ishoej",
        "client_secret_variable": "OIDC_CLIENT_SECRET_ISHOEJ",
    }
    assert client.post("/admin/accounts/loginprovider/add/", form).status_code == 302
    assert LoginProvider.objects.get(provider_id="ishoej").municipality == ishoj


def test_a_municipalitys_administrator_sees_its_own_provider_and_changes_nothing(
    client, administrator, employee, two
):
    listing_url = reverse("admin:accounts_loginprovider_changelist")
    own = reverse("admin:accounts_loginprovider_change", args=[two["ishoj"].pk])
    client.force_login(employee)
    assert client.get(listing_url)["Location"].startswith(reverse("admin:login"))
    assert client.get(own)["Location"].startswith(reverse("admin:login"))
    client.force_login(administrator)
    listing = client.get(listing_url).content.decode()
    assert "ishoej" in listing and "vallensbaek" not in listing
    page = client.get(own).content.decode()
    assert f"http://{ISHOJ}/konto/oidc/ishoej/login/callback/" not in page  # always https
    assert f"https://{ISHOJ}/konto/oidc/ishoej/login/callback/" in page
    assert client.post(own, {"client_id": "changed"}).status_code == 403
    other = reverse("admin:accounts_loginprovider_change", args=[two["vallensbaek"].pk])
    assert client.get(other).status_code in (302, 404)
    assert client.get("/admin/accounts/loginprovider/add/").status_code == 403


def test_passwords_off_refuse_a_person_served_by_a_municipality_login_on_any_host(
    two, bo, settings
):
    """On an address without a button (here the deployment's own, with no provider of the
    environment) the password form is there, for the people nobody's login serves; Bo's
    municipality has its own login, so his password is refused there too."""
    settings.PASSWORD_LOGIN = False
    bo.set_password("rigtig-kode-1234")
    bo.save()
    other_host = Client()
    assert 'name="password"' in other_host.get(LOGIN).content.decode()
    other_host.post(LOGIN, {"login": bo.email, "password": "rigtig-kode-1234"})
    assert logged_in_as(other_host) is None
    settings.PASSWORD_LOGIN = True
    other_host.post(LOGIN, {"login": bo.email, "password": "rigtig-kode-1234"})
    assert logged_in_as(other_host) == str(bo.pk)
