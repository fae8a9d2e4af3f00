from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.usersessions.adapter import DefaultUserSessionsAdapter

from tryghed import audit
from tryghed.audit.models import Action


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """People are created by an administrator or the organization import, never by sign-up."""
        return False


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions):
        """A person logs out on their other devices (allauth's sessions page): audited with
        the count."""
        sessions = list(sessions)
        request = context.request
        if sessions and request is not None and request.user.is_authenticated:
            audit.record(
                actor=request.user,
                action=Action.OWN_SESSIONS_ENDED,
                subjects=[request.user],
                request=request,
                sessions=len(sessions),
            )
        super().end_sessions(sessions)
