"""Rotating SECRET_KEY with the old key in SECRET_KEY_FALLBACKS logs no one out."""

from django.test import override_settings

from tests.fresh_process import python

OLD, NEW = "old-key-" + "x" * 50, "new-key-" + "y" * 50


def test_fallbacks_are_read_from_the_environment():
    code = "from tryghed import settings; print(settings.SECRET_KEY_FALLBACKS)"
    out = python(code, SECRET_KEY_FALLBACKS="first-old-key,second-old-key")
    assert out.stdout.strip() == "['first-old-key', 'second-old-key']", out.stderr


def _user_after_rotation(client, employee, **new):
    with override_settings(SECRET_KEY=OLD):
        client.force_login(employee)
    with override_settings(SECRET_KEY=NEW, **new):
        return client.get("/").wsgi_request.user


def test_a_session_signed_with_the_old_key_survives_the_rotation(client, employee):
    assert _user_after_rotation(client, employee, SECRET_KEY_FALLBACKS=[OLD]) == employee


def test_without_the_fallback_the_rotation_logs_people_out(client, employee):
    assert _user_after_rotation(client, employee).is_anonymous
