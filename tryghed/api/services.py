"""Making and revoking API keys, each recorded in the audit log."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tryghed import audit
from tryghed.api.models import ApiToken, Scope, hash_secret, new_secret
from tryghed.audit.models import Action


@transaction.atomic
def create_token(*, name, by, valid_days, user=None, municipality=None, request=None):
    """A personal token for `user`, or a statistics token for `municipality`. Returns the token
    and its secret, which is shown this once and never kept."""
    secret = new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        name=name,
        scope=Scope.PERSON if user is not None else Scope.STATISTICS,
        user=user,
        municipality=municipality,
        key_hash=hash_secret(secret),
        prefix=secret[:12],
        created_at=now,
        created_by=by,
        expires_at=now + timedelta(days=valid_days),
    )
    _record(Action.API_TOKEN_CREATED, token, by, request, valid_days=valid_days)
    return token, secret


@transaction.atomic
def revoke_token(*, token, by, request=None):
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        _record(Action.API_TOKEN_REVOKED, token, by, request)
    return token


def _record(action, token, by, request, **data):
    audit.record(
        actor=by,
        action=action,
        target=token,
        unit=token.municipality,
        subjects=[token.user] if token.user_id else [],
        request=request,
        scope=token.scope,
        **data,
    )
