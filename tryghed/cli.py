"""The `tryghed` command: demo, serve, worker, manage.

Errors a person can fix (a port in use, Node.js missing, a database out of reach) end in one
clear line and a non-zero exit, never a traceback.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class CommandFailed(Exception):
    """A problem the person running the command can fix; the message says how."""


def main(argv=None):
    parser = _parser()
    args, rest = parser.parse_known_args(argv)
    if args.command != "manage" and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        args.run(args, rest)
    except CommandFailed as error:
        print(f"tryghed: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


def _parser():
    parser = argparse.ArgumentParser(prog="tryghed", description="Tryghed: vold og trusler.")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="serve the whole system with demo data on SQLite")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--reset", action="store_true", help="start over with fresh demo data")
    demo.set_defaults(run=demo_command)

    serve = commands.add_parser("serve", help="the production server (ASGI)")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve.set_defaults(run=serve_command)

    worker = commands.add_parser("worker", help="run background tasks and the periodic sweep")
    worker.add_argument(
        "--once", action="store_true", help="sweep once, send what is queued meanwhile, exit"
    )
    worker.set_defaults(run=worker_command)

    manage = commands.add_parser("manage", help="Django's management commands", add_help=False)
    manage.set_defaults(run=manage_command)
    return parser


def demo_command(args, rest):
    os.environ["TRYGHED_DEMO"] = "true"
    # The links in the demo's e-mails lead to this server, on whatever port it runs.
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    host = f"[{host}]" if ":" in host else host
    os.environ.setdefault("SITE_URL", f"http://{host}:{args.port}")
    _check_port_free(args.host, args.port)
    _ensure_node_modules()
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if args.reset:
        _remove_demo_database(settings)
    _check_database()
    if _outdated_demo_database(settings):
        print("tryghed: the demo database predates the squashed migrations; making it anew")
        _remove_demo_database(settings)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=1, if_empty=True)
    call_command("demo_logins")
    print(f"\nTryghed kører på http://{args.host}:{args.port}/  (Ctrl+C stopper)\n", flush=True)
    _serve(args.host, args.port, workers=1)


def serve_command(args, rest):
    if os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on"):
        raise CommandFailed("refusing to serve with DEBUG on; unset DEBUG for production")
    if not os.environ.get("SECRET_KEY"):
        raise CommandFailed("SECRET_KEY is not set; set it to a long random value (see README)")
    _check_port_free(args.host, args.port)
    if args.workers > 1:
        _share_metrics()
    _setup_django()
    _check_database()
    _warn_about_set_up()
    _serve(args.host, args.port, workers=args.workers)


def _share_metrics():
    """The processes of one `serve` write their metrics' counts to one directory, so that a
    scrape answered by any of them adds up all (core/metrics.py). Without PROMETHEUS_MULTIPROC_DIR
    a fresh one per start: counts begin at zero with each start, as Prometheus expects."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="tryghed-metrics-")


def _warn_about_set_up():
    """Django's system checks, deployment checks included (e.g. alarm escalation without an
    SMS provider): each problem is printed at start; none stops the server."""
    from django.core import checks

    for message in checks.run_checks(include_deployment_checks=True):
        if message.level >= checks.WARNING and not message.is_silenced():
            print(f"tryghed: {message}", file=sys.stderr, flush=True)


def worker_command(args, rest):
    _setup_django()
    _check_database()
    from django.core.management import call_command

    call_command("worker", once=args.once)


def manage_command(args, rest):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryghed.settings")
    _load_settings()
    _ensure_var_dir()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tryghed manage", *rest])


def _ensure_var_dir():
    """The default SQLite file, uploads and collected static files live in ./var/ (the source
    tree's, or the current directory's for an installed release); make it on first use."""
    from django.conf import settings

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryghed.settings")
    _load_settings()
    _ensure_var_dir()
    import django

    django.setup()


def _load_settings():
    """A setting the environment gets wrong (EMAIL_URL with an unknown scheme, a number that is
    not one) is one line naming the variable, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from environs import EnvError

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading one setting loads them all)
    except (ImproperlyConfigured, EnvError) as error:
        raise CommandFailed(str(error).strip().splitlines()[0]) from None


def _check_port_free(host, port):
    """Fail early with a way out when another server listens on the port. The probe binds as
    uvicorn does (SO_REUSEADDR): a port left in TIME_WAIT by the server just stopped is free."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise CommandFailed(f"port {port} is in use; try --port {port + 1}") from None


def _ensure_node_modules():
    """Run `npm ci` when node_modules is missing or older than package-lock.json: the design
    system (DKFDS) is an npm package, served from node_modules. An installed release has no
    package-lock.json and needs none: it carries the files, collected (hatch_build.py)."""
    lock = BASE_DIR / "package-lock.json"
    installed = BASE_DIR / "node_modules" / ".package-lock.json"
    if not lock.exists() or (
        installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime
    ):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise CommandFailed(
            "npm was not found; install Node.js 20 or newer (it brings npm), which Tryghed "
            "needs to fetch its design system (DKFDS)"
        )
    print("Installerer front-end-pakker (npm ci) …", flush=True)
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=BASE_DIR, check=False)
    if result.returncode != 0:
        raise CommandFailed("npm ci failed; see its output above")


def _remove_demo_database(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise CommandFailed("--reset only removes the demo's SQLite file; DATABASE_URL is set")
    for suffix in ("", "-wal", "-shm"):
        Path(str(database["NAME"]) + suffix).unlink(missing_ok=True)


def _outdated_demo_database(settings):
    """A demo SQLite file migrated by a history the code no longer has (the pre-release
    migrations were squashed into one per app) cannot be migrated, only made anew."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return False
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("tryghed.")}
    loader = MigrationLoader(connection)
    gone = {key for key in loader.applied_migrations if key not in loader.disk_migrations}
    stale = any(label in ours for label, _name in gone)
    connection.close()
    return stale


def _check_database():
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.utils import OperationalError

    connection = connections[DEFAULT_DB_ALIAS]
    try:
        _connect_once(connection)
    except OperationalError as error:
        where = connection.settings_dict.get("HOST") or connection.settings_dict.get("NAME")
        port = connection.settings_dict.get("PORT")
        place = f"{where}:{port}" if port else str(where)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CommandFailed(
            f"cannot reach the database at {place} (DATABASE_URL): {reason}"
        ) from None


def _connect_once(connection):
    """One connection of its own, not one from the pool (settings.py, DATABASE_POOL), which
    would wait its timeout and then say only that it got no connection, not why."""
    options = {k: v for k, v in connection.settings_dict["OPTIONS"].items() if k != "pool"}
    probe = type(connection)({**connection.settings_dict, "OPTIONS": options}, connection.alias)
    try:
        probe.ensure_connection()
    finally:
        probe.close()


def _serve(host, port, workers):
    import uvicorn

    uvicorn.run(
        "tryghed.asgi:application",
        host=host,
        port=port,
        workers=workers,
        # The lifespan start starts each process's escalation timer (tryghed.asgi).
        lifespan="on",
        # Alarm messages are small and go to many pages at once: compressing every copy cost
        # more time than it saved bytes (benchmarks/alarm_fanout.py).
        ws_per_message_deflate=False,
        # X-Forwarded-For is read in one place, Django, through TRUSTED_PROXY_COUNT (see
        # settings.py); uvicorn's own reading trusts by address and could pick another entry.
        proxy_headers=False,
        log_level=os.environ.get("LOG_LEVEL", "info").lower(),
        # Django's logging (settings.LOGGING, JSON in production) formats uvicorn's lines too;
        # each request is logged once, by tryghed.core.middleware.request_log, with its URL
        # pattern rather than uvicorn's raw path and query.
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
