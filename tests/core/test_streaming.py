"""A download sent in chunks under the ASGI server (core/streaming.py)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext

from tryghed.core.streaming import _one_at_a_time


def test_chunks_closed_after_their_request_ended_are_still_closed():
    """A client that hangs up mid-download leaves the chunks' generator to be closed later, in a
    task that inherited the request's context. The request's thread (core/handler.py) may serve
    another request by then, and asgiref refuses it more work: the generator is closed anyway."""
    closed = []

    def chunks():
        try:
            yield b"first"
            yield b"second"
        finally:
            closed.append(True)

    async def a_request_that_ends_mid_download():
        go_on = asyncio.Event()
        stream = _one_at_a_time(chunks())

        async def close_later():
            await go_on.wait()
            await stream.aclose()

        async with ThreadSensitiveContext(executor=ThreadPoolExecutor(1)):
            assert await stream.__anext__() == b"first"
            closing = asyncio.create_task(close_later())  # inherits the request's context
        go_on.set()
        await closing

    asyncio.run(a_request_that_ends_mid_download())
    assert closed == [True]
