"""How fast one alarm reaches 1,000 open pages.

1,000 responders (colleagues in one unit at a site) each hold a WebSocket to Tryghed, as an
open page does; one colleague raises an alarm through the same HTTP request the panic button
sends. For every responder the time from just before the raise request to the receipt of the
alarm on its socket is recorded; p50, p99 and the maximum are printed, over several alarms.

Set-ups, each with fresh uvicorn processes on 127.0.0.1:
- the Redis channel layer (REDIS_URL, default redis://127.0.0.1:6379/9) and two app
  processes, the responders split between them;
- the Redis channel layer and one app process;
- the in-memory channel layer and one app process (the demo's set-up).

Everything runs on a throwaway SQLite database in a temporary folder (or DATABASE_URL if
given); ./var is not touched. Only 127.0.0.1 is contacted; each alarm waits at most 30 s.
Usage, from the repository root: uv run python benchmarks/alarm_fanout.py [--clients 1000]
[--alarms 5]
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORK = Path(tempfile.mkdtemp(prefix="tryghed-alarm-bench-"))
os.environ.update(
    TRYGHED_VAR_DIR=str(WORK),
    TRYGHED_DEMO="true",
    TRYGHED_HTTPS="false",
    DJANGO_SETTINGS_MODULE="tryghed.settings",
    LOG_LEVEL="WARNING",
    ALARM_CHECK_SECONDS="0",
    ALARM_REQUESTS_PER_MINUTE="1000",
)
os.environ.pop("REDIS_URL", None)
(WORK / "static").mkdir()  # WhiteNoise warns about a missing STATIC_ROOT otherwise
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
CSRF = secrets.token_hex(16)  # 32 characters: Django accepts it unmasked as cookie and header
ROUND_TIMEOUT = 30


def set_up(clients):
    """A site with one unit, `clients` responders and one raiser, each with a session."""
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from tryghed.accounts.models import User
    from tryghed.alarms.models import Site
    from tryghed.organizations.access import Role
    from tryghed.organizations.models import Membership, Unit, UnitKind

    call_command("migrate", verbosity=0)
    root = Unit.objects.create(name="Ishøj Kommune", code="ishoej", kind=UnitKind.MUNICIPALITY)
    site_unit = Unit.objects.create(
        name="Rådhuset", code="raadhuset", kind=UnitKind.SITE, parent=root
    )
    unit = Unit.objects.create(name="Borgerservice", code="borgerservice", parent=site_unit)
    Site.objects.create(unit=site_unit, is_town_hall=True)
    people = User.objects.bulk_create(
        User(email=f"person{n}@bench.example", name=f"Kollega {n}") for n in range(clients + 1)
    )
    Membership.objects.bulk_create(
        Membership(user=person, unit=unit, role=Role.EMPLOYEE) for person in people
    )
    sessions = []
    for person in people:
        session = SessionStore()
        session["_auth_user_id"] = str(person.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = person.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return sessions[0], sessions[1:]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_servers(count, redis):
    env = dict(os.environ)
    if redis:
        env["REDIS_URL"] = REDIS_URL
    servers = []
    for _ in range(count):
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "tryghed.asgi:application",
                "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
                "--log-level", "warning", "--ws", "websockets-sansio",
            ],
            cwd=REPO,
            env=env,
        )  # fmt: skip
        servers.append((port, process))
    for port, _process in servers:
        wait_for(port)
    return servers


def wait_for(port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/konto/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the app server on port {port} did not start")


def stop(servers):
    for _port, process in servers:
        process.terminate()
    for _port, process in servers:
        process.wait(timeout=10)


def post(port, path, session, data):
    body = "&".join(f"{k}={v}" for k, v in data.items()).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=body,
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        is_json = response.headers.get_content_type() == "application/json"
        return json.loads(response.read()) if is_json else {}


class Responder:
    def __init__(self, port, session):
        self.port, self.session = port, session
        self.received = {}  # alarm id -> perf_counter at receipt
        self.after_raised = []  # seconds from the alarm's raised_at (server clock) to receipt
        self.ready = asyncio.Event()

    async def run(self, stop_event):
        import websockets

        url = f"ws://127.0.0.1:{self.port}/ws/alarmer/"
        headers = {"Cookie": f"sessionid={self.session}", "Origin": f"http://127.0.0.1:{self.port}"}
        async with websockets.connect(url, additional_headers=headers, max_queue=None) as socket_:
            reader = asyncio.ensure_future(self._read(socket_))
            await stop_event.wait()
            reader.cancel()

    async def _read(self, socket_):
        async for raw in socket_:
            message = json.loads(raw)
            if message["type"] == "hello":
                self.ready.set()
            elif (
                message["type"] == "alarm"
                and message["status"] == "active"
                and (message["id"] not in self.received)
            ):
                self.received[message["id"]] = time.perf_counter()
                raised = datetime.fromisoformat(message["raised_at"]).timestamp()
                self.after_raised.append(time.time() - raised)
                await socket_.send(json.dumps({"type": "delivered", "alarm": message["id"]}))


async def measure(ports, raiser, sessions, alarms):
    stop_event = asyncio.Event()
    responders = [Responder(ports[n % len(ports)], s) for n, s in enumerate(sessions)]
    tasks = []
    for start in range(0, len(responders), 100):  # connect in batches, as pages open
        batch = responders[start : start + 100]
        tasks += [asyncio.ensure_future(r.run(stop_event)) for r in batch]
        await asyncio.wait_for(asyncio.gather(*(r.ready.wait() for r in batch)), 60)
    latencies, raise_times = [], []
    for _ in range(alarms):
        started = time.perf_counter()
        alarm = await asyncio.to_thread(post, ports[0], "/alarm/", raiser, {"level": "help_now"})
        raise_times.append(time.perf_counter() - started)
        deadline = time.monotonic() + ROUND_TIMEOUT
        while time.monotonic() < deadline:
            if all(alarm["id"] in r.received for r in responders):
                break
            await asyncio.sleep(0.01)
        got = [r.received[alarm["id"]] - started for r in responders if alarm["id"] in r.received]
        if len(got) < len(responders):
            print(f"  alarm {alarm['id']}: only {len(got)} of {len(responders)} received it")
        latencies += got
        await asyncio.to_thread(post, ports[0], f"/alarm/{alarm['id']}/falsk-alarm/", raiser, {})
        await asyncio.sleep(1)  # let the deliveries be written before the next alarm
    stop_event.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, raise_times, [x for r in responders for x in r.after_raised]


def percentiles(seconds):
    ms = sorted(x * 1000 for x in seconds)
    p99 = ms[max(0, int(len(ms) * 0.99) - 1)]
    return f"p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"


def report(title, latencies, raise_times, after_raised):
    print(f"{title}:")
    print(f"  raise request -> receipt ({len(latencies)} receipts): {percentiles(latencies)}")
    print(f"  alarm row written -> receipt: {percentiles(after_raised)}")
    print(f"  the raise request itself: {percentiles(raise_times)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--alarms", type=int, default=5)
    args = parser.parse_args()
    args.clients = min(args.clients, 5000)
    args.alarms = min(args.alarms, 50)
    raiser, sessions = set_up(args.clients)
    print(f"{args.clients} responders, {args.alarms} alarms per set-up, on 127.0.0.1")
    for title, count, redis in (
        ("Redis layer, 2 app processes", 2, True),
        ("Redis layer, 1 app process", 1, True),
        ("in-memory layer, 1 app process", 1, False),
    ):
        servers = start_servers(count, redis)
        try:
            ports = [port for port, _ in servers]
            report(title, *asyncio.run(measure(ports, raiser, sessions, args.alarms)))
        finally:
            stop(servers)
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
