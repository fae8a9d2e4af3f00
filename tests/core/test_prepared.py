"""A query kept compiled (core/prepared.py) gives what the ORM gives, at the moment of each run,
and refuses a query that depends on the time in a way it cannot put in afresh."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tryghed.accounts.models import User
from tryghed.core.prepared import PreparedValues


def logged_in_since(now):
    return User.objects.filter(last_login__lte=now).order_by("pk").values("pk", "email")


def test_each_run_compares_with_its_own_moment(db):
    now = timezone.now()
    early = UserFactory(email="a@ishoj.example", last_login=now - timedelta(days=2))
    later = UserFactory(email="b@ishoj.example", last_login=now + timedelta(days=2))
    prepared = PreparedValues()
    assert prepared.rows("k", logged_in_since, using="default", now=now) == list(
        logged_in_since(now)
    )
    assert [row["pk"] for row in prepared.rows("k", logged_in_since, using="default", now=now)] == [
        early.pk
    ]
    three_days = now + timedelta(days=3)
    rows = prepared.rows("k", logged_in_since, using="default", now=three_days)
    assert [row["pk"] for row in rows] == [early.pk, later.pk]
    assert len(prepared._kept) == 1


def test_a_query_that_shifts_now_is_refused(db):
    def last_hour(now):
        return User.objects.filter(last_login__gte=now - timedelta(hours=1)).values("pk")

    with pytest.raises(ValueError, match="depends on the time"):
        PreparedValues().rows("k", last_hour, using="default")
