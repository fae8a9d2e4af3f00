import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryghed.settings")
django.setup(set_prefix=False)  # as get_asgi_application does

from tryghed.core.handler import OneThreadASGIHandler  # noqa: E402

django_application = OneThreadASGIHandler()

# Imported after Django is set up: the consumers use the models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from tryghed.alarms.consumers import (  # noqa: E402
    start_escalation_timer,
    stop_escalation_timer,
)
from tryghed.alarms.routing import websocket_urlpatterns  # noqa: E402
from tryghed.organizations.hosts import WebsocketOrigins  # noqa: E402

router = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": WebsocketOrigins(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)


async def application(scope, receive, send):
    """Every app process looks for unanswered alarms to escalate, whether or not a page is
    open: the timer starts with the server (ASGI lifespan, as `tryghed serve` runs uvicorn), or
    at the first request or connection of a server that sends no lifespan events."""
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    start_escalation_timer()
    await router(scope, receive, send)


async def _lifespan(receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            start_escalation_timer()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await stop_escalation_timer()
            await send({"type": "lifespan.shutdown.complete"})
            return
