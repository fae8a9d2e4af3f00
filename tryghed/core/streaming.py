"""Large downloads in constant memory, under the ASGI server and under WSGI (the test client).

Django serves a StreamingHttpResponse whose iterator does not match the handler by first
reading all of it into a list: a synchronous iterator under ASGI, an asynchronous one under
WSGI. So the iterator is chosen by the request: under ASGI each chunk is made in the request's
worker thread (file reads block) and handed on one at a time."""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, StreamingHttpResponse

# Each chunk under ASGI is one hop to a worker thread: large enough that a file of a few
# megabytes takes few hops, small enough to stay nothing beside the server's own memory.
FILE_CHUNK = 256 * 1024


def streaming_response(request, chunks, **kwargs):
    """A StreamingHttpResponse that sends `chunks` (an iterable of bytes) as they are made."""
    if isinstance(request, ASGIRequest):
        chunks = _one_at_a_time(chunks)
    return StreamingHttpResponse(chunks, **kwargs)


def file_response(request, file, **kwargs):
    """A FileResponse (its length, type and name) that sends `file` in chunks as it reads
    them; Django's own would read the whole file into memory under ASGI first."""
    return read_as_sent(request, FileResponse(file, **kwargs), file)


def read_as_sent(request, response, file):
    """Under ASGI, let `response` send `file` a chunk at a time as it is read."""
    if isinstance(request, ASGIRequest):
        response.streaming_content = _one_at_a_time(iter(lambda: file.read(FILE_CHUNK), b""))
    return response


async def _one_at_a_time(chunks):
    iterator = iter(chunks)
    done = object()
    following = sync_to_async(next)
    try:
        while (chunk := await following(iterator, done)) is not done:
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            try:
                await sync_to_async(close)()
            except RuntimeError:
                # Closed after its request ended (a client that hung up mid-download): the
                # request's thread may serve another request now (core/handler.py), and
                # asgiref refuses to hand it more work; closing is quick, so here.
                close()
