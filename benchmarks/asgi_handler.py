"""What a page costs through Tryghed's ASGI handler (core/handler.py: the middleware chain and
the view in one handover to the view's thread) beside Django's own ASGIHandler (each step of
Django's class-based middlewares and the view handed over one by one), in this process, on
the demo in a throwaway SQLite database: the same requests, the two handlers interleaved.

    uv run python benchmarks/asgi_handler.py [--requests 200] [--path /]

Prints, for each handler, the handovers to a thread (sync_to_async) per request and the best
of five rounds in milliseconds per request, for the demo's employee (a second-factor login).
"""

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_work = tempfile.mkdtemp(prefix="tryghed-asgi-bench-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="tryghed.settings",
    DATABASE_URL=f"sqlite:///{_work}/demo.sqlite3",
    TRYGHED_DEMO="true",
    SECRET_KEY="benchmark-" + "x" * 50,
    ALLOWED_HOSTS="127.0.0.1",
    LOG_LEVEL="WARNING",
)

from asgiref import sync  # noqa: E402
from asgiref.sync import sync_to_async  # noqa: E402
from asgiref.testing import ApplicationCommunicator  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402

from tryghed.asgi import django_application as tryghed_handler  # noqa: E402


async def get(application, path, cookie):
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), (b"cookie", cookie)],
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(30)
    more = True
    while more:
        more = (await communicator.receive_output(30)).get("more_body", False)
    await communicator.wait(30)
    return start["status"]


async def handovers(application, path, cookie):
    count = 0
    handing_over = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        nonlocal count
        count += 1
        return await handing_over(self, *args, **kwargs)

    sync.SyncToAsync.__call__ = counted
    try:
        await get(application, path, cookie)
    finally:
        sync.SyncToAsync.__call__ = handing_over
    return count


def demo_login():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from benchmarks.overview import logged_in
    from tryghed.demo import seed

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, incidents=40)
    client = logged_in(get_user_model().objects.get(email=seed.DEMO_LOGINS[0].email))
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--path", default="/")
    args = parser.parse_args()
    cookie = await sync_to_async(demo_login)()
    handlers = {"Django's ASGIHandler": ASGIHandler(), "Tryghed's handler": tryghed_handler}
    best = dict.fromkeys(handlers, float("inf"))
    for name, handler in handlers.items():
        status = await get(handler, args.path, cookie)
        if status != 200:
            raise SystemExit(f"{name} answered {status} for {args.path}")
    for _round in range(5):
        for name, handler in handlers.items():
            started = time.perf_counter()
            for _ in range(args.requests):
                await get(handler, args.path, cookie)
            per_request = (time.perf_counter() - started) / args.requests * 1000
            best[name] = min(best[name], per_request)
    for name, handler in handlers.items():
        hops = await handovers(handler, args.path, cookie)
        print(f"{name:22} {hops:3} handovers  {best[name]:6.2f} ms per request")


if __name__ == "__main__":
    asyncio.run(main())
