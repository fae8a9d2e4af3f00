"""What every log line carries, and what none may: the id of the request the line belongs to,
from a context variable that the request middleware and tasks set (core/tasks.py); and, as a
safety net behind code that logs no personal data in the first place, e-mail addresses, phone
numbers and CPR numbers masked out of every message.

settings.LOGGING puts both filters on the one handler; LOG_FORMAT picks JSON (python-json-logger)
or plain text."""

import copy
import logging
import re
from contextvars import ContextVar

request_id = ContextVar("request_id", default=None)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Danish number (8 digits, alone or in pairs or fours, with an optional +45 or 0045), a CPR
# number, or any international number written with a leading +.
PHONE = re.compile(
    r"(?<![\w.:/-])(?:(?:\+|00)\d{1,3}[ ]?)?(?:\d{8}|\d{2}(?:[ .-]\d{2}){3}|\d{4} \d{4})"
    r"(?![\w.:/-])"
    r"|\+\d{1,3}[ \d]{6,14}\d"
)
CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


def mask(text):
    """`text` with every e-mail address and phone-number-like or CPR-like run replaced."""
    text = EMAIL.sub("[e-mail]", text)
    text = CPR.sub("[cpr]", text)
    return PHONE.sub("[phone]", text)


class Context(logging.Filter):
    """Stamp each record with the id of the request (or task) it was logged in, or None, so JSON
    lines carry it as a field."""

    def filter(self, record):
        record.request_id = getattr(record, "request_id", None) or request_id.get()
        # uvicorn's copy of its message with terminal colours, for its own formatter only.
        record.__dict__.pop("color_message", None)
        return True


class PersonalData(logging.Filter):
    """Mask e-mail addresses and phone numbers in the message, its arguments and the traceback
    of an exception (whose text may quote a value: "Key (email)=(…) already exists"). The
    handler writes a masked copy; other handlers (error reports) get the record as logged."""

    def filter(self, record):
        record = copy.copy(record)
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        if record.exc_info:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        return record


def _masked(value):
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return mask(str(value))


def logging_config(*, log_format, level, tasks_level):
    """settings.LOGGING: one handler to standard error, JSON or plain text."""
    formatters = {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "tryghed.core.logs.Context"},
            "personal_data": {"()": "tryghed.core.logs.PersonalData"},
        },
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["context", "personal_data"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            "django.tasks": {"level": tasks_level},
            # Its DEBUG lines quote a template's whole context, people's names included.
            "django.template": {"level": "INFO"},
            # httpx logs every request's address at INFO: an SMS gateway's URL may carry a token.
            "httpx": {"level": "WARNING"},
            "httpcore": {"level": "WARNING"},
        },
    }
