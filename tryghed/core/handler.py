"""Django's ASGI handler, with the middleware chain and the view run in one call in one thread,
and that thread kept for a later request.

Django's own handler runs the chain as coroutines and hands each step of Django's class-based
middlewares (sessions, CSRF, authentication, messages, …) and the view to a thread through
`sync_to_async`: 19 handovers between the event loop and the thread for the front page, about
4 ms of its time (docs/performance.md). Every view of ours is a function, and every middleware
can run as one, so here the whole chain runs as plain functions in one handover, to the
thread Django gives the request's view under ASGI (`thread_sensitive`): the view runs where it
ran, with its database connection; only the coming and going is gone. Reading the body,
sending the response (streamed files too, core/streaming.py) and noticing a client that hung
up stay with Django's handler, as do `request_started` and `request_finished`.

Django starts a thread for each request and ends it afterwards, and with the thread go its
database connection's wrapper and the other things Django keeps per thread: made anew for
every request, about 2 ms of the quick guide's 8 to 10 (in process on PostgreSQL, 10,000
episodes; interleaved with and without, ad hoc). Here a request borrows a thread that has
finished another request, as under a threaded WSGI server; two requests at once still run in
two threads, and a request closes or hands back its database connection at its end
(`request_finished`), as before.

An asynchronous view or a middleware that can run only as a coroutine would need a call back
into the event loop from that thread, the pattern behind "CurrentThreadExecutor already quit"
(core/static_files.py): tests/core/test_handler.py keeps both out.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler

# Threads kept for later requests, at most: more at once are started and ended as Django does.
KEPT_THREADS = 16


class RequestThread(ThreadPoolExecutor):
    """One thread for one request at a time, which knows whether it still runs something: the
    view of a client that hung up runs on after its request is over, and a thread still busy
    with it is not lent to the next request."""

    def __init__(self):
        super().__init__(max_workers=1, thread_name_prefix="tryghed-request")
        self._lock = threading.Lock()
        self._running = 0

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            self._running += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future):
        with self._lock:
            self._running -= 1

    @property
    def is_idle(self):
        with self._lock:
            return self._running == 0


class OneThreadASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self._idle = []  # threads no request is using

    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def __call__(self, scope, receive, send):
        # The event loop runs one coroutine at a time: taking from and giving back to the list
        # needs no lock. Django's own ThreadSensitiveContext() inside keeps to this thread.
        thread = self._idle.pop() if self._idle else RequestThread()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await super().__call__(scope, receive, send)
        finally:
            if thread.is_idle and len(self._idle) < KEPT_THREADS:
                self._idle.append(thread)
            else:
                thread.shutdown(wait=False)  # it ends when it has finished

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
