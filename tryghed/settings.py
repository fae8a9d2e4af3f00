"""Tryghed's one settings module: everything comes from the environment, with safe defaults.

Three ways of running share it:
- production (`tryghed serve`): DEBUG off, HTTPS behind a reverse proxy, SECRET_KEY required;
- the demo (`tryghed demo` sets TRYGHED_DEMO=true): SQLite, plain HTTP, e-mails kept in the
  outbox page, demo passwords;
- the tests (tests/settings.py builds on this module).
Every variable is documented in README.md.
"""

import copy
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env, validate

from tryghed.accounts import oidc
from tryghed.core.logs import logging_config
from tryghed.core.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent
# Run from a source checkout (uv sync, the demo, the tests), or installed from the release
# wheel, where BASE_DIR is site-packages: then ./var is the current directory's, and the static
# files are the ones collected into the wheel when it was built (hatch_build.py).
SOURCE_TREE = (BASE_DIR / "pyproject.toml").is_file()
STATIC_BUILT = BASE_DIR / "tryghed" / "static_built"
env = Env()

DEMO = env.bool("TRYGHED_DEMO", False)
DEBUG = env.bool("DEBUG", False)
VAR_DIR = env.path("TRYGHED_VAR_DIR", (BASE_DIR if SOURCE_TREE else Path.cwd()) / "var")

# `tryghed serve` refuses to start without a real key; this default only serves the demo,
# the tests and management commands run on a developer's machine.
INSECURE_SECRET_KEY = "django-insecure-tryghed-development-key-not-for-production"
SECRET_KEY = env.str("SECRET_KEY", INSECURE_SECRET_KEY)
# Old keys still accepted for what was signed with them (sessions): rotation logs no one out.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", [])

# The host names Tryghed answers to are these and every municipality's own (Municipality.hosts):
# organizations.hosts checks both, first in MIDDLEWARE, so Django's own check (a fixed list)
# is given "*". CSRF needs nothing per municipality: a form posted on the host it came from
# passes Django's origin check; CSRF_TRUSTED_ORIGINS is only for a proxy that changes the host.
HOSTS_FROM_ENVIRONMENT = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

# Production is served over HTTPS behind a reverse proxy; the demo and the tests are plain HTTP.
HTTPS = env.bool("TRYGHED_HTTPS", not (DEBUG or DEMO))
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", 60 * 60 * 10)
# HSTS preloading binds the municipality's whole domain: its IT decides (SECURE_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = ["security.W021"] if HTTPS else ["security.W004", "security.W008"]
if not HTTPS:
    # The demo runs on plain HTTP; production sets every cookie secure above.
    SILENCED_SYSTEM_CHECKS += ["security.W012", "security.W016"]

INSTALLED_APPS = [
    "tryghed.accounts",
    "tryghed.organizations",
    "tryghed.audit",
    "tryghed.notifications",
    "tryghed.guidance",
    "tryghed.incidents",
    "tryghed.prevention",
    "tryghed.stats",
    "tryghed.followup",
    "tryghed.alarms",
    "tryghed.privacy",
    "tryghed.retention",
    "tryghed.setup",
    "tryghed.api",
    "tryghed.home",
    "tryghed.demo",
    "tryghed.core",
    "tryghed.organizations.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    # django-ninja, for the API (tryghed.api): listed so its docs page serves Swagger UI from
    # our own static files, which the Content-Security-Policy allows, not from a CDN.
    "ninja",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    # Sessions (issue 15): each login is kept as a UserSession, so a person can see and end
    # their own, and ending a person's sessions (administrator, leaver) reaches every device.
    "allauth.usersessions",
]

MIDDLEWARE = [
    # Before anything that reads the request's host (the HTTPS redirect first of all).
    "tryghed.organizations.hosts.middleware",
    "django.middleware.security.SecurityMiddleware",
    "tryghed.core.static_files.StaticFilesMiddleware",
    "tryghed.core.middleware.request_log",
    # Before anything that reads the session; the host check lets them through: the health
    # checks answer a load balancer that asks by address.
    "tryghed.core.middleware.health",
    "tryghed.core.memo.middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tryghed.core.middleware.language",
    # Inside the language: an unknown path or method under /api/v1/ answers JSON in Danish.
    "tryghed.api.middleware.json_errors",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tryghed.core.middleware.private_pages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: a person who reads others' cases sees nothing but the set-up of a
    # second factor until their login is strong (docs/mfa.md).
    "tryghed.accounts.second_factor.middleware",
]

ROOT_URLCONF = "tryghed.urls"
ASGI_APPLICATION = "tryghed.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tryghed" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tryghed.home.context_processors.layout",
                "tryghed.demo.context_processors.logins",
            ],
        },
    },
]

FORM_RENDERER = "tryghed.core.forms.FormRenderer"

# No inline scripts or styles anywhere (STYLE.md, habit 6), so the policy can stay strict.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # The web app (core/webapp.py): its manifest and the service worker at /sw.js, our own only.
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
}

DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'tryghed.sqlite3'}",
        conn_max_age=env.int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a worker share the file: wait for a lock rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
elif env.bool("DATABASE_POOL", True):
    # PostgreSQL: each process keeps a pool of open connections that its requests borrow and
    # give back, instead of connecting anew for every request. Under ASGI Django's persistent
    # connections (CONN_MAX_AGE) belong to a thread and are not reused reliably; the pool is
    # what Django's documentation advises there (docs/operations.md, "Database connections").
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("CONN_MAX_AGE needs DATABASE_POOL=false: the pool keeps them.")
    from psycopg_pool import ConnectionPool

    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", 2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", 10),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", 10),
        # A connection that broke while it waited (PostgreSQL restarted) is replaced before a
        # request gets it, at the cost of one short round trip per request.
        "check": ConnectionPool.check_connection,
    }
# A read replica (PostgreSQL streaming replication) for the statistics and the exports
# (core/replica.py): the same options as the primary, its own pool.
if env.str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **env.dj_db_url("DATABASE_REPLICA_URL", conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "OPTIONS": copy.deepcopy(DATABASES["default"].get("OPTIONS", {})),
    }
    READ_REPLICA = "replica"
DATABASE_ROUTERS = ["tryghed.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "tryghed.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "tryghed.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Login limits, for the password form only (a future single sign-on never meets them). Behind
# the municipality's proxy every person has the proxy's address, so the limits per address are
# high; wrong passwords for one account slow that account down, growing to at most
# LOGIN_WAIT_MAX_SECONDS, and never lock it out (accounts/throttle.py).
LOGINS_PER_ADDRESS_PER_MINUTE = env.int("LOGINS_PER_ADDRESS_PER_MINUTE", 600)
LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE = env.int("LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE", 100)
LOGIN_WAIT_MAX_SECONDS = env.int("LOGIN_WAIT_MAX_SECONDS", 300)
ACCOUNT_RATE_LIMITS = {
    "login": f"{LOGINS_PER_ADDRESS_PER_MINUTE}/m/ip",
    "login_failed": f"{LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE}/m/ip",
    "reset_password": f"{LOGINS_PER_ADDRESS_PER_MINUTE}/m/ip,5/m/key",
    "reset_password_from_key": f"{LOGINS_PER_ADDRESS_PER_MINUTE}/m/ip",
}
# The client's address: REMOTE_ADDR, or, with this many reverse proxies of our own in front,
# the entry that many places from the right in X-Forwarded-For (the last proxy's view of the
# client; entries further left are the client's own word). allauth reads it; `tryghed serve`
# leaves X-Forwarded-For alone (uvicorn's proxy_headers off), so this is the one place that
# decides.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Sessions (issue 15): ending sessions is audited through our adapter. Activity is not tracked
# (no write on every request); the page shows when each login began.
USERSESSIONS_ADAPTER = "tryghed.accounts.sessions.UserSessionsAdapter"
USERSESSIONS_TRACK_ACTIVITY = False


# Single sign-on through the municipality's OpenID Connect provider (Entra ID, AD FS):
# docs/login.md. One provider per deployment, from the environment, so the secret never sits in
# the database. Without OIDC_ISSUER_URL there is no "Log ind med …" button. A municipality of a
# deployment shared by several may have its own provider instead (accounts.LoginProvider).
SSO_PROVIDER_ID = "kommune"  # in the redirect URI: /konto/oidc/kommune/login/callback/


def oidc_providers(
    *, issuer, client_id, secret, name="", email_domains=(), uid_claim="sub", discovery_url=""
):
    """allauth's configuration of the environment's one OpenID Connect provider
    (accounts/oidc.py); a municipality's own is data (accounts.LoginProvider)."""
    if not issuer:
        return {}
    app = {
        "provider_id": SSO_PROVIDER_ID,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": oidc.app_settings(
            issuer=issuer,
            email_domains=email_domains,
            uid_claim=uid_claim,
            discovery_url=discovery_url,
        ),
    }
    return {"openid_connect": {"APPS": [app]}}


SOCIALACCOUNT_PROVIDERS = oidc_providers(
    issuer=env.str("OIDC_ISSUER_URL", ""),
    client_id=env.str("OIDC_CLIENT_ID", ""),
    secret=env.str("OIDC_CLIENT_SECRET", ""),
    name=env.str("OIDC_NAME", ""),
    email_domains=env.list("OIDC_EMAIL_DOMAINS", []),
    uid_claim=env.str("OIDC_UID_CLAIM", "sub"),
    discovery_url=env.str("OIDC_DISCOVERY_URL", ""),
)

csp_for_sso = oidc.csp_with_provider  # the login page adds this host's own (accounts/sso.py)
SECURE_CSP = csp_for_sso(
    SECURE_CSP, env.str("OIDC_DISCOVERY_URL", "") or env.str("OIDC_ISSUER_URL", "")
)
SOCIALACCOUNT_ADAPTER = "tryghed.accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # people are matched by tryghed.accounts.sso only
SOCIALACCOUNT_STORE_TOKENS = False
# Off: the password form goes and password logins are refused, once single sign-on is set up.
PASSWORD_LOGIN = env.bool("TRYGHED_PASSWORD_LOGIN", True)

# Two-factor login (allauth.mfa; docs/mfa.md): an authenticator app (TOTP) with recovery codes,
# and passkeys or security keys (WebAuthn). Who must have one is access.must_use_second_factor.
MFA_ADAPTER = "tryghed.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Tryghed"
# A code from the step before or after counts too: a phone's clock may be a little off, and a
# code typed at the end of its 30 seconds arrives in the next.
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    name: f"tryghed.accounts.mfa_forms.{form}"
    for name, form in [
        ("authenticate", "AuthenticateForm"),
        ("reauthenticate", "ReauthenticateForm"),
        ("activate_totp", "ActivateTOTPForm"),
        ("add_webauthn", "AddWebAuthnForm"),
        ("edit_webauthn", "EditWebAuthnForm"),
    ]
}
# A passkey is both factors at once: "Log ind med adgangsnøgle" on the login page.
MFA_PASSKEY_LOGIN_ENABLED = True
# Passkeys need HTTPS, except on localhost, which browsers treat as secure (the demo).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tryghed" / "locale"]
FORMAT_MODULE_PATH = ["tryghed.formats"]
TIME_ZONE = env.str("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", VAR_DIR / "static" if SOURCE_TREE else STATIC_BUILT)
# Installed from the wheel and serving the files collected into it: nothing to find or collect.
PREBUILT_STATIC = not SOURCE_TREE and STATIC_ROOT == STATIC_BUILT
STATICFILES_DIRS = [BASE_DIR / "tryghed" / "static"]
# Of the front-end packages (npm ci), only these files and what their stylesheets refer to are
# served and collected (tryghed.core.staticfiles): {prefix under static/: (folder, [entries])}.
VENDOR_STATIC = (
    {}
    if PREBUILT_STATIC
    else {
        "dkfds": (
            BASE_DIR / "node_modules" / "dkfds" / "dist",
            ["css/dkfds.min.css", "js/dkfds.min.js", "img/all-svg-icons.svg"],
        ),
        "chartjs": (BASE_DIR / "node_modules" / "chart.js" / "dist", ["chart.umd.min.js"]),
        # The pickers (core/pickers.py); the source maps because the minified files name them.
        "tomselect": (
            BASE_DIR / "node_modules" / "tom-select" / "dist",
            [
                "js/tom-select.complete.min.js",
                "js/tom-select.complete.min.js.map",
                "css/tom-select.default.min.css",
                "css/tom-select.default.min.css.map",
            ],
        ),
        # The service worker's library (core/webapp.py): the loader and the modules it loads.
        "workbox": (
            BASE_DIR / "node_modules",
            [
                "workbox-sw/build/workbox-sw.js",
                "workbox-core/build/workbox-core.prod.js",
                "workbox-routing/build/workbox-routing.prod.js",
                "workbox-strategies/build/workbox-strategies.prod.js",
            ],
        ),
    }
)
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "tryghed.core.staticfiles.VendorFinder",
]
STORAGES = {
    # Uploads: local disk under MEDIA_ROOT, or a private S3-compatible bucket with
    # STORAGE_S3_BUCKET (tryghed.core.storage.s3_storage; docs/operations.md).
    "default": s3_storage(env) or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "tryghed.core.storage.StaticStorage"
            if not (DEBUG or DEMO) or PREBUILT_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", VAR_DIR / "media")
# The demo serves static files straight from tryghed/static and node_modules, without
# collectstatic; production serves what collectstatic built (a release wheel: at build time),
# and only the hashed names, which are all that {% static %} hands out.
WHITENOISE_USE_FINDERS = (DEBUG or DEMO) and not PREBUILT_STATIC
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_AUTOREFRESH = DEBUG

# E-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True) in production; the demo keeps every
# message in the outbox page instead of sending it. An unknown scheme or a malformed address
# stops the start with one line naming EMAIL_URL (tryghed.core.mail.mailer_from_url).
if DEMO:
    MAILERS = {"default": {"BACKEND": "tryghed.notifications.backends.OutboxBackend"}}
else:
    from tryghed.core.mail import mailer_from_url

    MAILERS = {"default": mailer_from_url("EMAIL_URL", env.str("EMAIL_URL", "console://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Tryghed <tryghed@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people use to reach Tryghed, for links in e-mails sent by the worker.
SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if not (DEBUG or DEMO)
            else "django.tasks.backends.immediate.ImmediateBackend",
        )
    }
}

REDIS_URL = env.str("REDIS_URL", "")


# Real time (alarms): with REDIS_URL every app server delivers every alarm; without it, one
# process holds its connections in memory (the demo and the tests).
def redis_channel_layer(url):
    """Redis pub/sub: an alarm is published once per group, and each app server copies it to
    its own open pages (rather than one Redis message per page). A page that was not connected
    gets every active alarm when it connects again."""
    return {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": url}]},
    }


def redis_cache(url):
    return {
        # Answers as an empty cache while Redis is away (core/cache.py), and gives up on
        # it within a second rather than holding a page.
        "BACKEND": "tryghed.core.cache.ForgivingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "tryghed",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


# One process: the demo and the tests. Each process keeps its groups for as long as it has pages
# in them (alarms.consumers.Pages), so they must not expire after a day.
IN_MEMORY_CHANNEL_LAYER = {
    "BACKEND": "channels.layers.InMemoryChannelLayer",
    "CONFIG": {"group_expiry": 10 * 365 * 24 * 3600, "capacity": 1000},
}

if REDIS_URL:
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL)}
    # The rate limits (alarms, logins) count per person across every app server, not per
    # process, so the cache is Redis too.
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CHANNEL_LAYERS = {"default": IN_MEMORY_CHANNEL_LAYER}

# The panic button: the seconds a raiser has to take a press back, the seconds an alarm may go
# unanswered before it moves one circle out, how often a server looks for such alarms, and how
# many alarm requests a person may make a minute (a first alarm is never refused).
ALARM_CANCEL_SECONDS = env.int("ALARM_CANCEL_SECONDS", 5)
ALARM_ESCALATION_SECONDS = env.int("ALARM_ESCALATION_SECONDS", 60)
ALARM_CHECK_SECONDS = env.float("ALARM_CHECK_SECONDS", 5)
# How often an open page asks the server whether its alarm connection still carries (it gives
# the connection up when no answer comes within half that): 5 to 300 seconds.
ALARM_HEARTBEAT_SECONDS = env.float("ALARM_HEARTBEAT_SECONDS", 20)
if not 5 <= ALARM_HEARTBEAT_SECONDS <= 300:
    raise ImproperlyConfigured("ALARM_HEARTBEAT_SECONDS must be between 5 and 300.")
ALARM_REQUESTS_PER_MINUTE = env.int("ALARM_REQUESTS_PER_MINUTE", 30)

# Text messages (notifications.sms): a generic HTTP provider that POSTs JSON to SMS_URL, with a
# bearer token or a user name and password. Without SMS_URL no message is sent, and each is
# recorded as not sent; the demo keeps them in its outbox page instead. A message that fails is
# tried again by the task queue after SMS_RETRY_SECONDS, then three and nine times that, up to
# SMS_MAX_ATTEMPTS tries in all.
SMS_PROVIDER = env.str(
    "SMS_PROVIDER", "tryghed.notifications.sms." + ("OutboxProvider" if DEMO else "HttpProvider")
)
SMS_URL = env.str("SMS_URL", "")
SMS_TOKEN = env.str("SMS_TOKEN", "")
SMS_USERNAME = env.str("SMS_USERNAME", "")
SMS_PASSWORD = env.str("SMS_PASSWORD", "")
SMS_SENDER = env.str("SMS_SENDER", "Tryghed")
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", 10)
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", 4)
SMS_RETRY_SECONDS = env.float("SMS_RETRY_SECONDS", 10)

# The API (docs/api.md): calls per key per minute, counted in the cache.
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", 60)

# How long a read notification is kept before the sweep removes it.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", 180)
# The overview shows counts below this as "<3" where the viewer may not open the cases.
STATS_SUPPRESSION_THRESHOLD = env.int("STATS_SUPPRESSION_THRESHOLD", 3)
# ...and rounds every count it shows them to a multiple of this (1: exact numbers).
STATS_ROUNDING_BASE = env.int("STATS_ROUNDING_BASE", 5)
# The municipality-wide overview reads a summary the sweep rebuilds; older than this many
# minutes, it is not used (0: never used).
STATS_SUMMARY_MINUTES = env.int("STATS_SUMMARY_MINUTES", 15)
# A full organization import refuses to deactivate more than this share of the active people
# (0.10 = 10 %) unless run with --force (docs/import.md).
IMPORT_MAX_LEAVERS_SHARE = env.float("IMPORT_MAX_LEAVERS_SHARE", 0.10)
# How often `tryghed worker` runs the periodic sweep (reminders, retention).
SWEEP_INTERVAL_SECONDS = env.int("SWEEP_INTERVAL_SECONDS", 60)

# Logs (docs/operations.md, "Logs"): one line per request and per event, to standard error;
# JSON in production, plain text in the demo and in development. LOG_LEVEL applies to all.
LOG_LEVEL = env.str("LOG_LEVEL", "INFO")
LOG_FORMAT = env.str(
    "LOG_FORMAT", "plain" if (DEBUG or DEMO) else "json", validate=validate.OneOf(["json", "plain"])
)
LOGGING = logging_config(
    log_format=LOG_FORMAT,
    level=LOG_LEVEL,
    # The demo runs its tasks at once, in the server: a line per e-mail would drown the few
    # lines it prints.
    tasks_level=env.str("LOG_LEVEL", "WARNING" if DEMO else "INFO"),
)

# Health (core/health.py): /sundhed/ready fails when the oldest task due has waited longer
# than this, or the worker's last sweep is older than this.
HEALTH_TASK_MAX_AGE_SECONDS = env.int("HEALTH_TASK_MAX_AGE_SECONDS", 300)
HEALTH_SWEEP_MAX_AGE_SECONDS = env.int("HEALTH_SWEEP_MAX_AGE_SECONDS", 2 * SWEEP_INTERVAL_SECONDS)
# The health checks answer without the host check and over plain HTTP: a load balancer asks
# by address (core/middleware.py, health; organizations/hosts.py).
SECURE_REDIRECT_EXEMPT = [r"^sundhed/(?:live|ready|app/)$"]

# Prometheus metrics at /metrics (core/metrics.py), for a scraper that sends this bearer
# token; without it /metrics is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", "")

# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set, with personal
# data scrubbed before they leave (core/errors.py).
SENTRY_DSN = env.str("SENTRY_DSN", "")
if SENTRY_DSN:
    from tryghed.core.errors import init_sentry

    init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", "production"))
