from django.urls import reverse


def test_logging_in_is_confirmed_in_plain_danish_with_the_persons_name(client, employee):
    response = client.post(
        reverse("account_login"),
        {"login": employee.email, "password": "kodeord-æøå-123"},
        follow=True,
    )
    assert f"Du er logget ind som {employee.name}." in response.text
    assert "succesfuldt" not in response.text
