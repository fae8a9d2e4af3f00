"""Who calls: `Authorization: Bearer <token>`, and how often they may.

A personal token makes the request its person's (`request.user`), so every access rule applies
to the call as it does in the browser; a deactivated person's token is refused with the person.
A system token leaves `request.user` anonymous: it reaches only what its scope opens."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from tryghed.api.models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").by_secret(token)
        now = timezone.now()
        if found is None or not found.is_usable(now):
            return None
        if found.is_personal and not found.user.is_active:
            return None
        found.touch(now)
        request.user = found.user if found.is_personal else AnonymousUser()
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """API_REQUESTS_PER_MINUTE calls per token, counted in the cache (Redis with REDIS_URL,
    so every app process counts together)."""

    scope = "api_token"

    def __init__(self):
        super().__init__(rate=self._rate())

    @staticmethod
    def _rate():
        return f"{settings.API_REQUESTS_PER_MINUTE}/m"

    def allow_request(self, request):
        self.num_requests, self.duration = self.parse_rate(self._rate())
        return super().allow_request(request)

    def get_cache_key(self, request):
        # The hash, not the primary key: a test database can give a new token an old key.
        return f"api_throttle_{request.auth.key_hash[:32]}"
