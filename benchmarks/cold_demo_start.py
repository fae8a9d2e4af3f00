"""How long a cold `uv run tryghed demo` takes until the login page answers.

Copies the checkout (the files git tracks plus untracked files that are not ignored, so the
working tree as it is now, without .venv/, node_modules/ and var/) into a temporary folder,
starts `uv run tryghed demo --port <a free port>` there, polls /konto/login/ until it answers
200 and prints one line:

    cold demo start: 23.4 s

"Cold" means a new checkout: uv creates the virtual environment, `tryghed demo` runs `npm ci`,
migrates a new SQLite database and loads the demo data. The package caches of uv and npm are
used as they are on this machine (nothing is downloaded when they are warm).

Usage, from the repository root: uv run python benchmarks/cold_demo_start.py [--timeout 300] [-v]
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOGIN_PATH = "/konto/login/"
# Variables that would make the demo in the copy use something other than its own defaults.
CLEARED_ENV = (
    "VIRTUAL_ENV",
    "UV_PROJECT_ENVIRONMENT",
    "PYTHONPATH",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "TRYGHED_VAR_DIR",
    "TRYGHED_HTTPS",
    "DEBUG",
    "STATIC_ROOT",
    "MEDIA_ROOT",
)


class BenchmarkFailed(Exception):
    pass


def checkout_files():
    """Relative paths of the files a fresh clone of the working tree would have."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise BenchmarkFailed(f"cannot list the checkout's files with git: {error}") from None
    names = [name for name in listing.decode().split("\0") if name]
    return [name for name in names if (REPO / name).is_file() or (REPO / name).is_symlink()]


def copy_checkout(target):
    for name in checkout_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, destination, follow_symlinks=False)
    for unwanted in (".venv", "node_modules", "var"):
        if (target / unwanted).exists():
            raise BenchmarkFailed(f"{unwanted}/ was copied; is it missing from .gitignore?")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class Output:
    """Collects the demo's output lines with the seconds since the start; can echo them."""

    def __init__(self, stream, started, echo):
        self.lines = []
        self._thread = threading.Thread(
            target=self._read, args=(stream, started, echo), daemon=True
        )
        self._thread.start()

    def _read(self, stream, started, echo):
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            if echo:
                print(f"  [{time.monotonic() - started:6.1f} s] {line}", flush=True)

    def tail(self, count=25):
        return "\n".join(self.lines[-count:])


def stop(process):
    """Stop `uv run` and everything it started: they share one process group."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def measure(workdir, timeout, verbose):
    uv = shutil.which("uv")
    if uv is None:
        raise BenchmarkFailed("uv was not found on PATH")
    copy = workdir / "tryghed"
    copy.mkdir()
    copy_checkout(copy)

    port = free_port()
    url = f"http://127.0.0.1:{port}{LOGIN_PATH}"
    env = {key: value for key, value in os.environ.items() if key not in CLEARED_ENV}
    env.setdefault("UV_PYTHON_DOWNLOADS", "never")
    command = [uv, "run", "tryghed", "demo", "--port", str(port)]
    if verbose:
        print(f"in {copy}: {' '.join(command[1:])}", flush=True)

    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=copy,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output = Output(process.stdout, started, verbose)
    try:
        while True:
            if answers(url):
                return time.monotonic() - started
            if process.poll() is not None:
                raise BenchmarkFailed(
                    f"the demo stopped (exit {process.returncode}) before {LOGIN_PATH} "
                    f"answered; its last output:\n{output.tail()}"
                )
            if time.monotonic() - started > timeout:
                raise BenchmarkFailed(
                    f"{LOGIN_PATH} did not answer 200 within {timeout:.0f} s; the demo's last "
                    f"output:\n{output.tail()}"
                )
            time.sleep(0.1)
    finally:
        stop(process)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=300, help="seconds (default 300)")
    parser.add_argument("-v", "--verbose", action="store_true", help="echo the demo's output")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="tryghed-bench-"))
    try:
        seconds = measure(workdir, args.timeout, args.verbose)
    except BenchmarkFailed as error:
        print(f"cold demo start: failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"cold demo start: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
