"""Taking a login away: ending a person's sessions, deactivating a person, and offboarding a
person who has left (the full organization import).

Every login through django-allauth (password, single sign-on, a second factor) and the demo
login is kept as a `UserSession` (allauth.usersessions). Ending a session deletes it from the
session store, so its cookie gets the login page; this holds even if the person is made active
again later. Deactivation happens here and nowhere else, so the sessions end whichever path
(the administration, the organization import) takes a person's access away.
"""

from allauth.usersessions.models import UserSession
from django.db import transaction

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.organizations.services import end_memberships
from tryghed.organizations.signals import send_person_left


def end_sessions(*, person, actor, reason, request=None):
    """End every session of `person` once the transaction commits, on every device.

    The sessions are looked up after the commit: a login that slips in while the transaction
    runs is ended too. The audit event holds the count known now, never names."""
    count = UserSession.objects.filter(user_id=person.pk).count()
    audit.record(
        actor=actor,
        action=Action.SESSIONS_ENDED,
        target=person,
        subjects=[person],
        request=request,
        reason=reason,
        sessions=count,
    )
    transaction.on_commit(lambda: _end_all(person.pk))
    return count


def _end_all(person_id):
    for session in UserSession.objects.filter(user_id=person_id):
        session.end()


def deactivate(*, person, actor, reason, request=None):
    """Take `person`'s access away now: inactive (no login works), and every session ended.
    `reason` is a short code for the audit log ("admin", "import")."""
    with transaction.atomic():
        if person.is_active:
            person.is_active = False
            person.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=Action.PERSON_DEACTIVATED,
            target=person,
            subjects=[person],
            request=request,
            reason=reason,
        )
        end_sessions(person=person, actor=actor, reason=reason, request=request)


def offboard(*, person, actor, reason):
    """A person has left: no login from now on (inactive, every session ended), no role in
    any unit, and what they were given to do goes to someone who is still here (the person_left
    signal). Returns
    counts for the operator's report; the audit log holds ids and counts, never names."""
    with transaction.atomic():
        deactivate(person=person, actor=actor, reason=reason)
        ended = end_memberships(person=person, actor=actor, reason=reason)
        counts = send_person_left(person=person, actor=actor)
    return {"memberships_ended": ended, **counts}


def record_login_session(request):
    """Keep a login made outside allauth's flows (the demo's one-click login) as a session the
    person sees and can end; allauth records its own logins itself."""
    UserSession.objects.create_from_request(request)
