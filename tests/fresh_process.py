"""Settings read as at a real start: Python code run in a process of its own, with the test's
environment (without the demo switch and a mail URL of the caller's) and the variables given."""

import os
import subprocess
import sys


def python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("TRYGHED_DEMO", "EMAIL_URL")}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**environment, "DJANGO_SETTINGS_MODULE": "tryghed.settings", **env},
        check=False,
    )
