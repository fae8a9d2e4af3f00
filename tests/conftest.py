"""The cast. A small municipality:

    Ishøj Kommune (municipality, root)
    ├── Center for Sundhed og Omsorg (center)
    │   ├── Kløverengen (site)            <- "own" unit of the cast
    │   │   └── Afsnit Æblehaven (dept.)  <- "below"
    │   └── Hjemmeplejen (site)           <- "beside"
    └── Center for Børn og Læring (center)
        └── Strandgårdskolen (site)

and one person per role in Kløverengen, plus the titles the tree gives: a center head, an
executive, HR, and an administrator at the root.
"""

import os
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.db import connection
from django.test import AsyncClient, Client

from tests.factories import ContactFactory, UnitFactory, person
from tests.oidc_provider.fixture import (  # noqa: F401 (fixtures)
    oidc,
    oidc_provider,
    second_oidc_provider,
)
from tryghed.organizations.models import ContactKind, UnitKind
from tryghed.organizations.roles import Role


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches, as it starts with an empty database: otherwise the
    login and alarm rate limits (kept in the cache) count what earlier tests did, and a fast
    run of the browser tests is refused logins after 30 in a minute."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _the_site_language():
    """Each test starts in the site's language (Danish), whatever language an earlier test in
    the same process left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


class SecondFactorLogin:
    """A test client whose `force_login` is a login with a second factor, recorded in the
    session as allauth records a code from the authenticator app: the tests of the pages are
    about the pages, not about the login. tests/accounts/test_second_factor.py tests the login
    itself, with `password_client`, whose logins are password-only."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session.update(second_factor_used(user))
        session.save()


def second_factor_used(user):
    """What allauth keeps in the session of `user` after a login with a code from the app."""
    return {
        AUTHENTICATION_METHODS_SESSION_KEY: [{"method": "mfa", "at": time.time(), "type": "totp"}],
        "account_authentication_methods_user": str(user.pk),
    }


class SecondFactorClient(SecondFactorLogin, Client):
    pass


class SecondFactorAsyncClient(SecondFactorLogin, AsyncClient):
    pass


@pytest.fixture
def client():
    return SecondFactorClient()


@pytest.fixture
def async_client():
    return SecondFactorAsyncClient()


@pytest.fixture
def password_client():
    return Client()


@pytest.fixture
def tree(db):
    root = UnitFactory(name="Ishøj Kommune", code="ishoej", kind=UnitKind.MUNICIPALITY)
    center = UnitFactory(
        name="Center for Sundhed og Omsorg", code="sundhed", kind=UnitKind.CENTER, parent=root
    )
    own = UnitFactory(name="Kløverengen", code="kloeverengen", kind=UnitKind.SITE, parent=center)
    below = UnitFactory(name="Afsnit Æblehaven", code="aeblehaven", parent=own)
    beside = UnitFactory(
        name="Hjemmeplejen", code="hjemmeplejen", kind=UnitKind.SITE, parent=center
    )
    other_center = UnitFactory(
        name="Center for Børn og Læring", code="boern", kind=UnitKind.CENTER, parent=root
    )
    school = UnitFactory(
        name="Strandgårdskolen", code="strandgaard", kind=UnitKind.SITE, parent=other_center
    )
    ContactFactory(unit=root, kind=ContactKind.SITE_GUARD, phone="28 88 09 01")
    ContactFactory(unit=root, kind=ContactKind.EMERGENCY, name="Politi", phone="112")
    ContactFactory(
        unit=root, kind=ContactKind.COUNSELLING, name="Falck Healthcare", phone="70 10 20 12"
    )
    return {
        "root": root,
        "center": center,
        "own": own,
        "below": below,
        "beside": beside,
        "parent": center,
        "other_center": other_center,
        "school": school,
    }


@pytest.fixture
def employee(tree):
    return person(tree["own"], Role.EMPLOYEE, name="Maja Nørgaard", email="maja@ishoj.example")


@pytest.fixture
def manager(tree):
    return person(tree["own"], Role.MANAGER, name="Lars Bøgh", email="lars@ishoj.example")


@pytest.fixture
def safety_rep(tree):
    return person(tree["own"], Role.SAFETY_REP, name="Aisha Khan", email="aisha@ishoj.example")


@pytest.fixture
def union_rep(tree):
    return person(tree["own"], Role.UNION_REP, name="Peter Sørensen", email="peter@ishoj.example")


@pytest.fixture
def advisor(tree):
    return person(tree["own"], Role.ADVISOR, name="Mette Jørgensen", email="mette@ishoj.example")


@pytest.fixture
def center_head(tree):
    return person(
        tree["center"], Role.MANAGER, name="Hanne Østergaard", email="hanne@ishoj.example"
    )


@pytest.fixture
def executive(tree):
    return person(tree["root"], Role.MANAGER, name="Jens Kristensen", email="jens@ishoj.example")


@pytest.fixture
def hr(tree):
    return person(tree["root"], Role.ADVISOR, name="Louise Andersen", email="louise@ishoj.example")


@pytest.fixture
def administrator(tree):
    return person(tree["root"], Role.ADMIN, name="Søren Å. Madsen", email="soeren@ishoj.example")


@pytest.fixture
def outsider(tree):
    return person(tree["school"], Role.EMPLOYEE, name="Ole Bæk", email="ole@ishoj.example")


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker more than there are cores, at most four. A browser test, and a
    test on PostgreSQL, spends much of its time waiting for the browser, a timer or the
    database; the spare worker uses the core meanwhile. PYTEST_XDIST_AUTO_NUM_WORKERS
    overrides it."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return min(4, (os.cpu_count() or 1) + 1)


def is_browser_test(item):
    return "/e2e/" in item.nodeid.replace("\\", "/")


def pytest_collection_modifyitems(config, items):
    """Browser tests last: the quick tests answer first, and Playwright's event loop starts
    only when everything else is done.

    On PostgreSQL only the browser tests marked `also_on_postgresql` run: those whose flow
    depends on the database (a report sent twice, an alarm answered from two browsers). What every
    other page does with the database is tested on PostgreSQL by the tests outside tests/e2e,
    which ask the same views through Django's test client; the browser's part (scripts,
    layout, accessibility) does not change with the database. The browser tests are over 40 %
    of the suite's time, and CI runs it twice (docs/development.md).

    Within each part the tests marked `slow` start first: a long test started near the end
    keeps one worker busy while the others have nothing left to do."""
    if connection.vendor == "postgresql":
        skip = pytest.mark.skip(
            reason="a browser test: on PostgreSQL only those marked also_on_postgresql run"
        )
        for item in items:
            if is_browser_test(item) and not item.get_closest_marker("also_on_postgresql"):
                item.add_marker(skip)
    items.sort(key=lambda item: (is_browser_test(item), not item.get_closest_marker("slow")))
