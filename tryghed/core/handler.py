"""Django's ASGI handler, with the middleware chain and the view run in one call in one thread.

Django's own handler runs the chain as coroutines and hands each step of Django's class-based
middlewares (sessions, CSRF, authentication, messages, …) and the view to a thread through
`sync_to_async`: 19 handovers between the event loop and the thread for the front page, about
4 ms of its time (docs/performance.md). Every view of ours is a function, and every middleware
can run as one, so here the whole chain runs as plain functions in one handover, in the same
single thread Django gives a view under ASGI (`thread_sensitive`): the same thread and
database connection, requests in the same order; only the coming and going is gone. Reading
the body, sending the response (streamed files too, core/streaming.py) and noticing a client
that hung up stay with Django's handler, as do `request_started` and `request_finished`.
"""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler


class OneThreadASGIHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
