"""django-allauth's sessions app (allauth.usersessions) in Tryghed: a person's own "log out
everywhere else" is audited (settings.USERSESSIONS_ADAPTER)."""

from allauth.core import context
from allauth.usersessions.adapter import DefaultUserSessionsAdapter

from tryghed import audit
from tryghed.audit.models import Action


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
