"""The host names Tryghed answers to: the environment's (`ALLOWED_HOSTS`, kept as
settings.HOSTS_FROM_ENVIRONMENT) and every municipality's own (`Municipality.hosts`), so a
municipality added in the administration is reached at its address without a restart.

Django's own check (`request.get_host()` against settings.ALLOWED_HOSTS) reads a fixed list, so
settings gives it "*" and this middleware, the first in the chain, does the check instead, the
same way: the raw host (X-Forwarded-Host only with USE_X_FORWARDED_HOST), Django's parsing and
matching (a leading dot matches subdomains), DisallowedHost and a 400 otherwise. Everything
after it, the HTTPS redirect, CSRF's origin check, the links in password-reset e-mails
(`build_absolute_uri`), sees only a host that passed. The health checks alone answer any host
(a load balancer asks by address; core.middleware.health).

The municipalities' names are kept per process: read once, read again after a municipality is
saved or deleted in this process, after HOSTS_REFRESH_SECONDS (another process's change), and
when a host is not among them, at most once a HOSTS_MISS_SECONDS (a new municipality is found
at once; unknown hosts cost at most one small query a second). A host in the environment's
list costs nothing."""

import threading
import time
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, sync_to_async
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http.request import split_domain_port, validate_host
from django.utils.decorators import sync_and_async_middleware

from tryghed.core import logs
from tryghed.core.middleware import HEALTH_ROUTES

HOSTS_REFRESH_SECONDS = 30
HOSTS_MISS_SECONDS = 1
MIDDLEWARE = "tryghed.organizations.hosts.middleware"
# Django's own list when DEBUG is on and none is given.
DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


class _Known:
    """The municipalities' host names as this process last read them."""

    def __init__(self):
        self.names = None
        self.read_at = 0.0
        self.lock = threading.Lock()

    def forget(self, **kwargs):
        self.names = None

    def read(self):
        from tryghed.organizations.models import Municipality

        hosts = Municipality.objects.exclude(hosts="").values_list("hosts", flat=True)
        names = frozenset(name for line in hosts for name in line.lower().split())
        with self.lock:
            self.names, self.read_at = names, time.monotonic()
        return names

    def contains(self, domain):
        names, age = self.names, time.monotonic() - self.read_at
        stale = names is None or age > HOSTS_REFRESH_SECONDS
        if stale or (domain not in names and age > HOSTS_MISS_SECONDS):
            names = self.read()
        return domain in names


known = _Known()


def forget_on_change(**kwargs):
    """A municipality saved or deleted: read the names again, now and once more after the
    commit (a request in between could have read the names as they were before it)."""
    known.forget()
    transaction.on_commit(known.forget)


def _domain(request):
    domain, _port = split_domain_port(request._get_raw_host())
    if not domain:
        raise DisallowedHost("Invalid HTTP_HOST header: not a valid domain name.")
    return domain


def _from_environment(domain):
    hosts = settings.HOSTS_FROM_ENVIRONMENT
    if settings.DEBUG and not hosts:
        hosts = DEBUG_HOSTS
    return validate_host(domain, hosts)


def _refuse(domain):
    # Django logs the refusal (django.security.DisallowedHost): refused before the request log
    # gives this request its id, the line must not carry the id of one before it.
    logs.request_id.set(None)
    raise DisallowedHost(
        f"Invalid HTTP_HOST header: {domain!r} is neither in ALLOWED_HOSTS nor a "
        "municipality's host names."
    )


@sync_and_async_middleware
def middleware(get_response):
    """Refuse a request to a host that is neither the environment's nor a municipality's."""

    if iscoroutinefunction(get_response):

        async def check(request):
            if request.path_info not in HEALTH_ROUTES:
                domain = _domain(request)
                known_host = _from_environment(domain) or await sync_to_async(known.contains)(
                    domain
                )
                if not known_host:
                    _refuse(domain)
            return await get_response(request)

    else:

        def check(request):
            if request.path_info not in HEALTH_ROUTES:
                domain = _domain(request)
                if not (_from_environment(domain) or known.contains(domain)):
                    _refuse(domain)
            return get_response(request)

    return check


@register(Tags.security)
def host_check_is_first(app_configs, **kwargs):
    """Django's host check is off ("*") only because this middleware does it: it must be there,
    before anything that reads the host."""
    if "*" not in settings.ALLOWED_HOSTS or settings.MIDDLEWARE[:1] == [MIDDLEWARE]:
        return []
    return [
        Error(
            'ALLOWED_HOSTS is "*", but the host check is not the first middleware.',
            hint=f"Put {MIDDLEWARE!r} first in MIDDLEWARE, or list the hosts in ALLOWED_HOSTS.",
            id="organizations.E001",
        )
    ]


def known_host(domain):
    """Whether Tryghed answers to `domain`: the environment's hosts or a municipality's."""
    return bool(domain) and (_from_environment(domain) or known.contains(domain))


class WebsocketOrigins:
    """channels' origin check for WebSockets, with the host rule above: a page's socket is
    accepted only from an origin whose host Tryghed answers to. (channels' own
    AllowedHostsOriginValidator reads ALLOWED_HOSTS, which is "*" here, and would accept any
    origin.)"""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        origin = dict(scope.get("headers", [])).get(b"origin", b"").decode("latin1")
        domain = urlsplit(origin).hostname if origin else None
        if domain and await sync_to_async(known_host)(domain):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
