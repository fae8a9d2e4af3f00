"""WhiteNoise's static files, served as a function or as a coroutine, as the chain runs.

The ASGI server runs the whole chain as functions in one thread (core/handler.py). Under
Django's own ASGI handler (and its AsyncClient) the chain runs as coroutines, and WhiteNoise's
middleware is synchronous only: one synchronous middleware there makes Django run the chain
below it in a worker thread that calls back into the event loop for the view (async_to_sync,
then sync_to_async). When a client hung up during such a request, Django cancelled it and
then ran `request_finished` (closing connections, ending the request's memo) through that
thread's executor, which had already stopped: "RuntimeError: CurrentThreadExecutor already
quit or is broken", and the receivers did not run. So this one, like every middleware here,
runs either way.

Its files are sent through an asynchronous iterator (core.streaming), which Django serves
under ASGI without first reading the whole file ("StreamingHttpResponse must consume
synchronous iterators").
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from whitenoise.middleware import WhiteNoiseMiddleware

from tryghed.core.streaming import read_as_sent


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    sync_capable = True
    async_capable = True

    def __init__(self, get_response=None, *args, **kwargs):
        super().__init__(get_response, *args, **kwargs)
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        return super().__call__(request)

    async def _acall(self, request):
        if self.autorefresh:
            static_file = self.find_file(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is None:
            return await self.get_response(request)
        return self.serve(static_file, request)

    @staticmethod
    def serve(static_file, request):
        response = WhiteNoiseMiddleware.serve(static_file, request)
        file = getattr(response, "file_to_stream", None)
        return response if file is None else read_as_sent(request, response, file)
