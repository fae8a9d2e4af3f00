"""Django's ASGI handler, with the middleware chain and the view run in one call in one thread.

Django's own handler runs the chain as coroutines and hands each step of Django's class-based
middlewares (sessions, CSRF, authentication, messages, …) and the view to a thread through
`sync_to_async`: 19 handovers between the event loop and the thread for the front page, about
4 ms of its time (docs/performance.md). Every view of ours is a function, and every middleware
can run as one, so here the whole chain runs as plain functions in one handover, to the
thread Django gives the request's view under ASGI (`thread_sensitive`, a thread of its own
for each request): the view runs where it ran, with its database connection; only the coming
and going is gone. Reading the body, sending the response (streamed files too,
core/streaming.py) and noticing a client that hung up stay with Django's handler, as do
`request_started` and `request_finished`.

An asynchronous view or a middleware that can run only as a coroutine would need a call back
into the event loop from that thread, the pattern behind "CurrentThreadExecutor already quit"
(core/static_files.py): tests/core/test_handler.py keeps both out.
"""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler


class OneThreadASGIHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
