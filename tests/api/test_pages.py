"""The page of API keys: everyone makes and revokes their own; a municipality's administrators
make and revoke its systems' keys. A new key's secret is shown once."""

import pytest
from django.urls import reverse

from tests.api.conftest import CAST, personal_key
from tryghed.api.models import ApiToken, Scope
from tryghed.audit.models import Action, AuditEvent


@pytest.mark.parametrize("who", CAST)
def test_everyone_makes_a_personal_key_and_sees_its_secret_once(request, client, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    made = client.post(
        reverse("api:tokens"), {"name": "Mit fagsystem", "valid_days": 90}, follow=True
    )
    assert made.redirect_chain == [(reverse("api:tokens"), 302)]  # a reload makes no second key
    token = ApiToken.objects.get()
    assert (token.user, token.scope, token.name) == (person, Scope.PERSON, "Mit fagsystem")
    secret = made.context["secret"]
    assert secret in made.content.decode()
    assert secret not in client.get(reverse("api:tokens")).content.decode()
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_CREATED, actor=person).exists()


def test_a_person_revokes_their_own_key_and_no_one_elses(client, employee, manager):
    own, other = personal_key(employee), personal_key(manager)
    mine, theirs = ApiToken.objects.get(user=employee), ApiToken.objects.get(user=manager)
    client.force_login(employee)
    assert client.post(reverse("api:revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at and mine.revoked_by == employee and theirs.revoked_at is None
    assert own and other


@pytest.mark.parametrize("who", CAST)
def test_only_the_municipalitys_administrators_make_system_keys(request, client, tree, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    page = client.get(reverse("api:tokens"))
    response = client.post(
        reverse("api:system_token"),
        {
            "system-name": "Datavarehus",
            "system-valid_days": 365,
            "system-municipality": tree["root"].pk,
        },
        follow=True,
    )
    if who == "administrator":
        assert page.context["system_form"] is not None and response.redirect_chain
        token = ApiToken.objects.get()
        assert (token.scope, token.municipality, token.user) == (
            Scope.STATISTICS,
            tree["root"],
            None,
        )
        assert response.context["secret"] in response.content.decode()
    else:
        assert page.context["system_form"] is None and response.status_code == 404
        assert not ApiToken.objects.exists()


def test_an_administrator_revokes_a_system_key_of_their_municipality(
    client, tree, administrator, hr
):
    client.force_login(administrator)
    client.post(
        reverse("api:system_token"),
        {
            "system-name": "Datavarehus",
            "system-valid_days": 30,
            "system-municipality": tree["root"].pk,
        },
        follow=True,
    )
    token = ApiToken.objects.get()
    client.force_login(hr)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 404
    client.force_login(administrator)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == administrator
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED, unit=tree["root"]).exists()


def test_anonymous_visitors_meet_the_login(client, tree):
    for name in ("api:tokens",):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    for name in ("api:system_token",):
        assert client.post(reverse(name)).status_code == 302
    assert client.post(reverse("api:revoke", args=[1])).status_code == 302


def test_an_administrator_revokes_a_leavers_key_in_the_administration(
    client, employee, administrator, outsider
):
    personal_key(employee)
    token = ApiToken.objects.get()
    client.force_login(administrator)
    changelist = reverse("admin:api_apitoken_changelist")
    assert list(client.get(changelist).context["cl"].queryset) == [token]
    client.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_by == administrator
    client.force_login(outsider)
    assert client.get(changelist).status_code == 302
