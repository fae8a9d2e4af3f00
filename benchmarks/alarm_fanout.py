"""How fast one alarm reaches 1,000 open pages.

1,000 responders (colleagues in one unit at a site) each hold a WebSocket to Tryghed, as an
open page does; one colleague raises an alarm through the same HTTP request the panic button
sends. For every responder the time from just before the raise request to the receipt of the
alarm on its socket is recorded; p50, p99 and the maximum are printed, over several alarms.
The first alarm on freshly started servers (its code paths and connections still cold) is
printed apart.
The responders confirm each delivery as alarms.js does, at a random moment within a second.

Set-ups, each with fresh uvicorn processes on 127.0.0.1, run as `tryghed serve` runs them:
- the Redis channel layer (REDIS_URL, default redis://127.0.0.1:6379/9) and two app
  processes, the responders split between them;
- the Redis channel layer and one app process;
- the in-memory channel layer and one app process (the demo's set-up).

The responders live in --client-processes processes (default 2) on the same machine, so they
take CPU from the servers; each is a small asyncio protocol on websockets' sans-I/O layer.
Everything runs on a throwaway SQLite database in a temporary folder (or DATABASE_URL if
given); ./var is not touched. Only 127.0.0.1 is contacted; each alarm waits at most 30 s.
Usage, from the repository root: uv run python benchmarks/alarm_fanout.py [--clients 1000]
[--alarms 5] [--client-processes 2]
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import random
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

from websockets.client import ClientProtocol
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.uri import parse_uri

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def prepare_environment():
    """A throwaway folder for the database and the settings every process here starts with.
    Called from main only: the client processes import this module too."""
    work = Path(tempfile.mkdtemp(prefix="tryghed-alarm-bench-"))
    os.environ.update(
        TRYGHED_VAR_DIR=str(work),
        TRYGHED_DEMO="true",
        TRYGHED_HTTPS="false",
        DJANGO_SETTINGS_MODULE="tryghed.settings",
        LOG_LEVEL="WARNING",
        ALARM_CHECK_SECONDS="0",
        ALARM_REQUESTS_PER_MINUTE="1000",
    )
    os.environ.pop("REDIS_URL", None)
    (work / "static").mkdir()  # WhiteNoise warns about a missing STATIC_ROOT otherwise
    return work


REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
CSRF = secrets.token_hex(16)  # 32 characters: Django accepts it unmasked as cookie and header
ROUND_TIMEOUT = 30
ACK_SPREAD_SECONDS = 1.0  # a page confirms a delivery at a random moment within this (alarms.js)


def set_up(clients):
    """A site with one unit, `clients` responders and one raiser, each with a session."""
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from tryghed.accounts.models import User
    from tryghed.alarms.models import Site
    from tryghed.organizations.models import Membership, Unit, UnitKind
    from tryghed.organizations.roles import Role

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
                "--ws-per-message-deflate", "false",  # as `tryghed serve` runs it
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


class Responder(asyncio.Protocol):
    """One open page's socket, on websockets' sans-I/O protocol straight on asyncio's transport:
    a thousand of them in a few processes on the servers' own cores, so they must cost the
    servers as little CPU as possible. It offers compression as a browser does, and confirms
    each delivery at a random moment within ACK_SPREAD_SECONDS, as alarms.js does."""

    def __init__(self, port, session):
        self.port, self.session = port, session
        self.received = {}  # alarm id -> (time.time() at receipt, seconds after raised_at)
        self.ready = asyncio.get_running_loop().create_future()
        self.ws = ClientProtocol(
            parse_uri(f"ws://127.0.0.1:{port}/ws/alarmer/"),
            extensions=[ClientPerMessageDeflateFactory()],
        )
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        request = self.ws.connect()
        request.headers["Cookie"] = f"sessionid={self.session}"
        request.headers["Origin"] = f"http://127.0.0.1:{self.port}"
        self.ws.send_request(request)
        self._flush()

    def data_received(self, data):
        now = time.time()
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self._message(json.loads(event.data), now)
        self._flush()  # answers to pings, and to a close

    def connection_lost(self, exc):
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"socket closed: {exc}"))

    def _message(self, message, now):
        if message["type"] == "hello":
            self.ready.set_result(None)
        elif (
            message["type"] == "alarm"
            and message["status"] == "active"
            and (message["id"] not in self.received)
        ):
            raised = datetime.fromisoformat(message["raised_at"]).timestamp()
            self.received[message["id"]] = (now, now - raised)
            asyncio.get_running_loop().call_later(
                random.random() * ACK_SPREAD_SECONDS, self._confirm, message["id"]
            )

    def _confirm(self, alarm):
        if self.ws.state is State.OPEN:
            self.ws.send_text(json.dumps({"type": "delivered", "alarm": alarm}).encode())
            self._flush()

    def _flush(self):
        for data in self.ws.data_to_send():
            if data and not self.transport.is_closing():
                self.transport.write(data)

    def close(self):
        if self.ws.state is State.OPEN:
            self.ws.send_close()
            self._flush()
        self.transport.close()


def client_process(ports, sessions, pipe):
    """One process holding some of the responders' sockets. It says "ready" once all are
    connected; asked for an alarm id, it answers with the receipts (time.time(), the clock every
    process shares, and the seconds since the alarm's raised_at) once all its responders have
    it, or when the round's time is up."""
    asyncio.run(_clients(ports, sessions, pipe))


async def _clients(ports, sessions, pipe):
    loop = asyncio.get_running_loop()
    responders = []
    for start in range(0, len(sessions), 100):  # connect in batches, as pages open
        batch = [
            Responder(ports[n % len(ports)], session)
            for n, session in enumerate(sessions[start : start + 100], start)
        ]
        for responder in batch:
            await loop.create_connection(lambda r=responder: r, "127.0.0.1", responder.port)
        await asyncio.wait_for(asyncio.gather(*(r.ready for r in batch)), 60)
        responders += batch
    pipe.send("ready")
    while (alarm_id := await asyncio.to_thread(pipe.recv)) is not None:
        deadline = time.monotonic() + ROUND_TIMEOUT
        while time.monotonic() < deadline and not all(alarm_id in r.received for r in responders):
            await asyncio.sleep(0.01)
        pipe.send([r.received[alarm_id] for r in responders if alarm_id in r.received])
    for responder in responders:
        responder.close()


def measure(ports, raiser, sessions, alarms, processes):
    """Raise a first alarm on the freshly started servers, then `alarms` more, one after the
    other, while the responders listen, spread over `processes` client processes (one Python
    process alone spends longer reading a thousand sockets than the servers spend writing to
    them). Returns the first round and the others: (receipts, after raised_at, raise times)."""
    context = multiprocessing.get_context("spawn")
    pipes, children = [], []
    for n in range(processes):
        ours, theirs = context.Pipe()
        child = context.Process(target=client_process, args=(ports, sessions[n::processes], theirs))
        child.start()
        pipes.append(ours)
        children.append(child)
    for pipe in pipes:
        if not pipe.poll(120) or pipe.recv() != "ready":
            raise SystemExit("the responders did not connect")
    rounds = []
    for _ in range(1 + alarms):
        started = time.time()
        alarm = post(ports[0], "/alarm/", raiser, {"level": "help_now"})
        raise_time = time.time() - started
        for pipe in pipes:
            pipe.send(alarm["id"])
        got = [receipt for pipe in pipes for receipt in pipe.recv()]
        if len(got) < len(sessions):
            print(f"  alarm {alarm['id']}: only {len(got)} of {len(sessions)} received it")
        rounds.append(([at - started for at, _ in got], [after for _, after in got], [raise_time]))
        post(ports[0], f"/alarm/{alarm['id']}/falsk-alarm/", raiser, {})
        time.sleep(1.5)  # let the delivery confirmations come in before the next alarm
    for pipe in pipes:
        pipe.send(None)
    for child in children:
        child.join(timeout=30)
    warm = tuple([x for r in rounds[1:] for x in r[i]] for i in range(3))
    return rounds[0], warm


def percentiles(seconds):
    ms = sorted(x * 1000 for x in seconds)
    p99 = ms[max(0, int(len(ms) * 0.99) - 1)]
    return f"p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"


def report(title, first, warm):
    latencies, after_raised, raise_times = warm
    print(f"{title}:")
    print(f"  raise request -> receipt ({len(latencies)} receipts): {percentiles(latencies)}")
    print(f"  alarm row written -> receipt: {percentiles(after_raised)}")
    print(f"  the raise request itself: {percentiles(raise_times)}")
    print(f"  the first alarm after start, not counted above: {percentiles(first[0])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--alarms", type=int, default=5)
    parser.add_argument("--client-processes", type=int, default=2)
    args = parser.parse_args()
    args.clients = min(args.clients, 5000)
    args.alarms = min(args.alarms, 50)
    work = prepare_environment()
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
            report(title, *measure(ports, raiser, sessions, args.alarms, args.client_processes))
        finally:
            stop(servers)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
