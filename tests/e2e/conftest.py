"""Browser tests: Playwright driving the system's Chromium (never a downloaded browser): its
headless shell where it is installed (Debian's chromium-headless-shell), else the full browser.

The headless shell is Chromium's own build for running without a screen, the one Playwright
itself uses for headless tests; the full browser in headless mode runs the whole desktop
browser. The browser tests took 196 s with the shell and 324 s with the full browser on this
project's two-core machine (docs/development.md). Set CHROMIUM to use another binary; without
either the tests are skipped with a hint."""

import os
import shutil
import socket
import sys
import threading
import time
import traceback
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import uvicorn
from django.db import connection
from playwright.sync_api import expect

from tests.e2e.demo_copy import DemoCopy
from tryghed.demo import seed as demo

# Playwright's sync API keeps an event loop in the test thread for the rest of the session, and
# Django's ORM refuses to run beside one unless told that this is safe, as it is here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium"
)

# An expectation waits up to 15 s for the page (Playwright's default is 5): on a busy machine
# (the tests run one worker more than there are cores) a page, its socket and the server in
# this process share two cores with two more browsers, and an alarm's answer took over 5 s.
expect.set_options(timeout=15_000)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test here is a browser test: marked `browser` (before `-m` selects by marks, hence
    tryfirst), and skipped with a hint where there is no Chromium."""
    here = Path(__file__).parent
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: `apt-get install chromium-headless-shell` "
        "(or chromium), or set CHROMIUM=/path"
    )
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    }


@pytest.fixture(scope="session")
def demo_copy():
    return DemoCopy()


@pytest.fixture
def demo_site(transactional_db, settings, demo_copy, browser):
    """The demo municipality, served as `tryghed demo` serves it: the ASGI application under
    uvicorn with WebSockets (every page opens one for alarms). The server runs in a thread of
    the test process, so it shares the test database, the in-memory channel layer and a fake
    clock with the test."""
    from tryghed.asgi import application

    settings.DEMO = True
    settings.ALARM_CHECK_SECONDS = 0  # a test that needs the escalation timer turns it on
    demo._demo_password_hash.cache_clear()
    demo_copy.load()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            ws_per_message_deflate=False,  # as `tryghed serve` runs it
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    # The test's pages close first, every browser context it opened: the server's stop waits
    # for the connections that are still open, and a page closed only after it (the page
    # fixtures are torn down after this one) kept it waiting until the join below gave up,
    # 10 s in CI, while the server ran on into the next test and its database.
    for context in browser.contexts:
        context.close()
    # Without waiting for the pages' connections (each holds a WebSocket) to close: the test
    # is over, and a graceful shutdown waited for them for seconds.
    server.should_exit = server.force_exit = True
    stopping = time.monotonic()
    thread.join(timeout=3)
    if thread.is_alive():
        # Seen now and then in CI (a test's teardown took 6 or 10 s), never here: the run's
        # warnings say where the server's threads were after 3 s, so the cause can be found.
        # Waited for up to half a minute, so that it does not run on into the next test.
        stacks = _stacks()
        thread.join(timeout=27)
        waited = time.monotonic() - stopping
        warnings.warn(
            f"the test server took {waited:.0f} s to stop; at 3 s:\n{stacks}", stacklevel=1
        )
    demo._demo_password_hash.cache_clear()


def _stacks():
    """The stacks of the other threads (the server's, those running its views), but for
    thread pools' idle workers."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    return "\n".join(
        f"--- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame)[-8:])
        for ident, frame in sys._current_frames().items()
        if ident != threading.get_ident() and frame.f_code.co_name != "_worker"
    )


def in_a_thread(function, *args, **kwargs):
    """Call `function` in a thread of its own: the alarm services publish through
    async_to_sync, which refuses to run beside Playwright's event loop in the test's thread."""

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result()


@pytest.fixture
def console_errors(page):
    """Errors the browser logs: a blocked script or style (CSP) or a missing file shows here."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()
