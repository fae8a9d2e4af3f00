"""A page's WebSocket is accepted only from an origin whose host Tryghed answers to: the
environment's hosts or a municipality's (organizations/hosts.py). ALLOWED_HOSTS is "*" for
Django's sake, and channels' own origin check, which reads it, would let any site in."""

import pytest
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.testing import WebsocketCommunicator

from tryghed.organizations.hosts import WebsocketOrigins, known
from tryghed.organizations.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)


class Open(AsyncWebsocketConsumer):
    async def connect(self):
        await self.accept()


async def _connects(origin):
    headers = [(b"origin", origin.encode())] if origin else []
    page = WebsocketCommunicator(WebsocketOrigins(Open.as_asgi()), "/ws/alarmer/", headers)
    connected, _code = await page.connect()
    await page.disconnect()
    return connected


connects = async_to_sync(_connects)


@pytest.fixture
def ishoej_host(tree):
    Municipality.objects.update_or_create(unit=tree["root"], defaults={"hosts": "tryghed.ishoj.dk"})
    known.forget()


def test_a_socket_from_a_municipalitys_host_or_the_environments_is_accepted(ishoej_host):
    assert connects("https://tryghed.ishoj.dk")
    assert connects("http://localhost:8000")


def test_a_socket_from_any_other_origin_or_none_is_refused(ishoej_host):
    assert not connects("https://evil.example")
    assert not connects("https://tryghed.ishoj.dk.evil.example")
    assert not connects("")


def test_the_application_checks_the_origin_of_every_socket():
    from tryghed.asgi import router

    assert isinstance(router.application_mapping["websocket"], WebsocketOrigins)
