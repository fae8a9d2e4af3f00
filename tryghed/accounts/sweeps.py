from datetime import timedelta
from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings

from tryghed.core.sweep import sweep_job


@sweep_job("accounts.expired_sessions")
def remove_expired_sessions(now):
    """Retention: expired sessions leave the session store, and the record of each login (its
    address and browser) goes with them. Only logins older than a session's lifetime can have
    expired, so only those are looked at."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    old = UserSession.objects.filter(created_at__lt=cutoff)
    return sum(1 for session in old.iterator() if session.purge())
