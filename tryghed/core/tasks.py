"""Tasks that carry the id of the request that caused them: `@task()` as Django's, except that
enqueueing adds the current request id (core/logs.py) as the keyword `request_id`, and running
sets it again, so the task's log lines (and the tasks it enqueues in turn) carry the same id."""

import functools
from dataclasses import dataclass

from django.tasks.base import Task

from tryghed.core import logs


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestTask(Task):
    def enqueue(self, *args, **kwargs):
        return super(RequestTask, self).enqueue(*args, **_with_request_id(kwargs))

    async def aenqueue(self, *args, **kwargs):
        return await super(RequestTask, self).aenqueue(*args, **_with_request_id(kwargs))


def _with_request_id(kwargs):
    current = logs.request_id.get()
    return {**kwargs, "request_id": current}


def task(**options):
    """Django's @task(**options) for a function that knows nothing of request ids."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, request_id=None, **kwargs):
            token = logs.request_id.set(request_id)
            try:
                return func(*args, **kwargs)
            finally:
                logs.request_id.reset(token)

        return RequestTask(func=run, **options)

    return decorate
