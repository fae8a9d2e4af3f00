"""Wrong passwords slow an account down; they never lock it out.

After a few free failures each further one makes the account wait a little longer before
the next try, up to LOGIN_WAIT_MAX_SECONDS; a try inside the wait is refused without looking
at the password and does not lengthen it, so the person can always log in once it is over,
whoever else is guessing. The count lives in the cache (Redis with more than one app
process), keyed by a hash of the address typed, and is forgotten an hour after the last
failure or at a login that succeeds. Only the password form is limited: single sign-on
(sso.py) never passes through here."""

import hashlib
import math
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.translation import gettext, ngettext

FREE_FAILURES = 3
FIRST_WAIT_SECONDS = 15
FORGET_AFTER_SECONDS = 60 * 60


def _keys(login):
    digest = hashlib.sha256(login.strip().lower().encode()).hexdigest()
    return f"tryghed:login-failures:{digest}", f"tryghed:login-last-failure:{digest}"


def wait_seconds(failures):
    """The wait after `failures` wrong passwords in a row: none for the first few, then 15 s,
    doubling up to the cap."""
    if failures <= FREE_FAILURES:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES - 1), _cap())


def _cap():
    return settings.LOGIN_WAIT_MAX_SECONDS


def remaining(login):
    """Seconds left before `login` may try again (0: now)."""
    count_key, last_key = _keys(login)
    values = cache.get_many([count_key, last_key])
    failures, last = values.get(count_key, 0), values.get(last_key)
    if last is None:
        return 0
    return max(0.0, last + wait_seconds(failures) - time.time())


def failed(login):
    """One more wrong password for `login`; atomic with several app processes."""
    count_key, last_key = _keys(login)
    cache.add(count_key, 0, FORGET_AFTER_SECONDS)
    try:
        cache.incr(count_key)
    except ValueError:  # expired between the two calls
        cache.set(count_key, 1, FORGET_AFTER_SECONDS)
    cache.touch(count_key, FORGET_AFTER_SECONDS)
    cache.set(last_key, time.time(), FORGET_AFTER_SECONDS)


def succeeded(login):
    cache.delete_many(list(_keys(login)))


def message(seconds):
    """When to try again, in the person's words: "Vent 30 sekunder …"."""
    if seconds < 60:
        count = math.ceil(seconds)
        wait = ngettext("%(count)d second", "%(count)d seconds", count) % {"count": count}
    else:
        count = math.ceil(seconds / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
    at = timezone.localtime(datetime.fromtimestamp(time.time() + seconds, tz=UTC))
    return gettext(
        "The password has been typed wrong too many times. Wait %(wait)s and try again "
        "(from %(time)s)."
    ) % {"wait": wait, "time": time_format(at, "H:i:s")}
