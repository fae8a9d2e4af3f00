"""Errors as JSON: a stable English code and a message in the site's language; never a stack
trace. A failure is logged and reported (Sentry) like a page's."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger("tryghed.api")


class ApiError(Exception):
    def __init__(self, status, code, message, **extra):
        super().__init__(code)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def body(code, message, **extra):
    return {"error": code, "message": str(message), **extra}


def install(api):
    """The API's answers to every exception."""

    def answer(status, code, message, **extra):
        return lambda request, exc: api.create_response(
            request, body(code, message, **extra), status=status
        )

    def api_error(request, exc):
        return api.create_response(
            request, body(exc.code, exc.message, **exc.extra), status=exc.status
        )

    def unauthorized(request, exc):
        response = answer(401, "unauthorized", _("A valid API key is needed."))(request, exc)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def invalid(request, exc):
        fields = {".".join(map(str, e["loc"][1:])) or "body": [e["msg"]] for e in exc.errors}
        return api.create_response(
            request,
            body("invalid_request", _("The request is not valid."), fields=fields),
            status=422,
        )

    def http_error(request, exc):
        if exc.status_code == 400:  # django-ninja's one: a body that is not JSON
            return answer(400, "invalid_body", _("The request body is not valid JSON."))(
                request, exc
            )
        return api.create_response(request, body("error", str(exc)), status=exc.status_code)

    def failure(request, exc):
        logger.exception("api.failure")
        got_request_exception.send(sender=None, request=request)
        return api.create_response(
            request, body("server_error", _("Something went wrong.")), status=500
        )

    api.add_exception_handler(Exception, failure)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(AuthenticationError, unauthorized)
    api.add_exception_handler(
        Throttled, answer(429, "rate_limited", _("Too many requests. Try again shortly."))
    )
    api.add_exception_handler(Http404, answer(404, "not_found", _("Not found.")))
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(
        RequestDataTooBig, answer(413, "too_large", _("The request is too large."))
    )
