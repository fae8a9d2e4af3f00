"""The `oidc_provider` fixture: the test provider (this package) in a process of its own, and
`oidc`, which points Tryghed's single sign-on at it for one test. Shared by the unit tests
(tests/accounts/test_sso.py) and the browser tests; the second-factor tests use it too, with a
person whose `amr` holds "mfa" or not. `second_oidc_provider` is another such process, with a
client id and secret of its own: a second municipality's provider
(tests/accounts/test_login_providers.py)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tryghed import settings as tryghed_settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "kommunens-kodeord"


class Provider:
    def __init__(self, folder, port, client_id="tryghed-test", secret="tryghed-test-secret"):
        self.issuer = f"http://127.0.0.1:{port}/o"
        self.client_id = client_id
        self.secret = secret
        self.people_file = Path(folder) / "people.json"
        self.reset()

    def reset(self):
        self._people = {}
        self._write()

    def add_person(self, username, *, sub, expired=False, **claims):
        """A person at the provider, with the claims of their ID token: `sub` and whatever else
        is given (email, email_verified, preferred_username, upn, amr, ...)."""
        self._people[username] = {
            "password": PASSWORD,
            "claims": {"sub": sub, **claims},
            "expired": expired,
        }
        self._write()

    def _write(self):
        partial = self.people_file.with_suffix(".partial")
        partial.write_text(json.dumps(self._people), encoding="utf-8")
        partial.replace(self.people_file)

    def configure(self, settings, **overrides):
        """Point Tryghed (the `settings` fixture) at this provider."""
        options = {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "secret": self.secret,
            "email_domains": ["ishoj.example"],
            **overrides,
        }
        settings.SOCIALACCOUNT_PROVIDERS = tryghed_settings.oidc_providers(**options)
        settings.SECURE_CSP = tryghed_settings.csp_for_sso(
            tryghed_settings.SECURE_CSP, options["issuer"]
        )

    def sign_in(self, authorize_url, username):
        """What a browser does at the provider, without one: log in and follow the authorize
        URL to the redirect back to Tryghed. Returns the callback URL."""
        session = requests.Session()
        login_url = urljoin(self.issuer, "/login/")
        session.get(login_url, timeout=10)
        answer = session.post(
            login_url,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": login_url},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, "the provider refused the login"
        answer = session.get(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _private_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def oidc_provider():
    yield from _serve()


@pytest.fixture(scope="session")
def second_oidc_provider():
    yield from _serve(client_id="tryghed-second", secret="second-provider-secret")


def _serve(**client):
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        provider = Provider(folder, port, **client)
        env = {
            **os.environ,
            "OIDC_PROVIDER_DB": str(Path(folder) / "provider.sqlite3"),
            "OIDC_PROVIDER_ISSUER": provider.issuer,
            "OIDC_PROVIDER_KEY": _private_key_pem(),
            "OIDC_PROVIDER_PEOPLE": str(provider.people_file),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.oidc_provider",
                str(port),
                provider.client_id,
                provider.secret,
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            _wait_until_it_answers(provider, process)
            yield provider
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_until_it_answers(provider, process):
    discovery = provider.issuer + "/.well-known/openid-configuration"
    # Generous: on a loaded CI machine the provider's start (Django, its migrations) is slow.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the test OpenID Connect provider did not start")
        try:
            # Listening is not answering yet: the first request may wait for a busy machine.
            if requests.get(discovery, timeout=10).ok:
                return
        except (requests.ConnectionError, requests.Timeout):  # still starting, or busy
            pass
        time.sleep(0.05)
    raise RuntimeError("the test OpenID Connect provider did not answer within 120 seconds")


@pytest.fixture
def oidc(oidc_provider, settings):
    """Tryghed's single sign-on pointed at the test provider, with no people there yet."""
    oidc_provider.reset()
    oidc_provider.configure(settings)
    return oidc_provider
