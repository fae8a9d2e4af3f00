"""EMAIL_URL, read once at start: a mailer for Django's MAILERS setting, or one clear line
(ImproperlyConfigured) that names the variable and the schemes it accepts. Never the
password in the message."""

import urllib.parse
import warnings

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
FILE = "django.core.mail.backends.filebased.EmailBackend"
# The schemes README documents; dj_email_url's own names for the backends behind them.
SCHEMES = ("smtp", "submission", "submit", "smtps", "console", "file", "memory", "dummy")


def mailer_from_url(name, url):
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise ImproperlyConfigured(
            f"{name} has the unknown scheme {scheme + '://' if scheme else '(none)'}; "
            f"use one of {', '.join(s + '://' for s in SCHEMES)}"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # smtps:// still works; a warning is only noise
            parsed = dj_email_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid address: {_reason(error)}") from None
    mailer = {"BACKEND": parsed["EMAIL_BACKEND"]}
    if parsed["EMAIL_BACKEND"] == SMTP:
        mailer["OPTIONS"] = _smtp_options(parsed)
    elif parsed["EMAIL_BACKEND"] == FILE:
        mailer["OPTIONS"] = {"file_path": _file_path(name, url)}
    return mailer


def _smtp_options(parsed):
    return {
        "host": parsed["EMAIL_HOST"] or "localhost",
        "port": parsed["EMAIL_PORT"] or (465 if parsed["EMAIL_USE_SSL"] else 25),
        "username": parsed["EMAIL_HOST_USER"],
        "password": parsed["EMAIL_HOST_PASSWORD"],
        "use_tls": parsed["EMAIL_USE_TLS"],
        "use_ssl": parsed["EMAIL_USE_SSL"],
        "timeout": parsed.get("EMAIL_TIMEOUT") or 20,
    }


def _file_path(name, url):
    """file:///var/mail/tryghed writes each message as a file in /var/mail/tryghed."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    if not path or path == "/":
        raise ImproperlyConfigured(
            f"{name} needs a folder for file://, e.g. file:///var/lib/tryghed/mail"
        )
    return path


def _reason(error):
    # urllib's messages can quote the whole address, password and all: keep only the kind.
    text = str(error)
    return "the port is not a number" if "port" in text.lower() else "it cannot be read"
