"""Logging in as a person does in the browser: the demo's one-click login, or the password
form and a second factor where the role needs one. Shared by the browser tests."""

import re

import pyotp
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from tryghed.accounts.models import User
from tryghed.demo import seed as demo

LEADER = f"leder@{demo.DEMO_DOMAIN}"


def submit_login(page, base_url, email, password):
    page.goto(base_url + "/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind", exact=True).click()


ONE_CLICK = {entry.email for entry in demo.DEMO_LOGINS}


def log_in(page, base_url, email=LEADER, password=demo.DEMO_PASSWORD):
    """Logs in and returns once the page after the login has loaded and its scripts have run.
    A click any sooner can reach a button before its script does: the alarm link then leaves
    the page instead of opening the dialog, and the alarm goes off without a countdown.

    A person with a one-click demo login uses it, as it needs no second factor; anyone else
    types the password, and gives a second factor if their role needs one
    (test_two_factor.py tests that step itself)."""
    if email in ONE_CLICK and password == demo.DEMO_PASSWORD:
        page.goto(base_url + "/konto/login/")
        page.locator(f'form:has(input[name="email"][value="{email}"]) button').click()
    else:
        submit_login(page, base_url, email, password)
    page.wait_for_url(lambda url: "/konto/login/" not in url)  # waits for the load event too
    if "/konto/2fa/" in page.url:
        give_second_factor(page, base_url, email)


def give_second_factor(page, base_url, email):
    """For a person whose role needs a second factor and who logged in with a password: gives
    them an authenticator app if they have none yet (as if set up on their phone), and types
    one of their recovery codes, each of which works once, so any number of logins work."""
    person = User.objects.get(email=email)
    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, pyotp.random_base32())
        RecoveryCodes.activate(person)
        page.goto(base_url + "/")  # now asks for the factor
    codes = Authenticator.objects.get(user=person, type=Authenticator.Type.RECOVERY_CODES)
    page.get_by_label("Kode").fill(codes.wrap().get_unused_codes()[0])
    page.locator("main").get_by_role("button", name=re.compile("^(Log ind|Fortsæt)$")).click()
    page.wait_for_url(lambda url: "/konto/" not in url)
