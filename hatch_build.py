"""Hatchling build hook: a release (wheel or sdist) carries the static files, collected.

`uv build` runs Tryghed's own `collectstatic` with production settings into
tryghed/static_built/ (hashed names, compressed, a manifest: what WhiteNoise serves), from
tryghed/static, the apps and the used files of DKFDS and Chart.js in node_modules
(tryghed.core.staticfiles). Installed from the wheel, Tryghed serves that folder: the machine
needs no Node and no source tree. The editable install that `uv sync` makes skips this.

A wheel built from the sdist finds the folder already collected in it (no node_modules there).
"""

import os
import shutil
import subprocess
import sys
from itertools import count
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUILT = Path("tryghed") / "static_built"


class CollectStaticHook(BuildHookInterface):
    PLUGIN_NAME = "custom"
    collected = False

    def dependencies(self):
        """collectstatic loads Tryghed's settings and apps, which import every runtime
        dependency: a release's build environment gets them (`uv build --build-constraint`
        pins them to uv.lock). The editable install of `uv sync` collects nothing, so its build
        environment stays hatchling alone."""
        if _asked_for_an_editable_build():
            return []
        return list(self.metadata.core.dependencies)

    def initialize(self, version, build_data):
        if version == "editable":
            return
        root = Path(self.root)
        built = root / BUILT
        build_data.setdefault("artifacts", []).append(f"/{BUILT.as_posix()}/")
        if not (root / "node_modules").is_dir():
            if (built / "staticfiles.json").is_file():
                return  # a wheel built from the sdist, which carries the collected files
            raise RuntimeError(
                "node_modules is missing: run `npm ci` before building a release, which "
                "collects the design system's files (DKFDS, Chart.js) into it"
            )
        shutil.rmtree(built, ignore_errors=True)
        self.app.display_info("Collecting static files into tryghed/static_built/ ...")
        # Production settings, whatever the caller's environment says; nothing here reads a
        # database or needs a real key.
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tryghed.settings",
            "DEBUG": "false",
            "TRYGHED_DEMO": "false",
            "STATIC_ROOT": str(built),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        }
        subprocess.run(
            [sys.executable, "-m", "django", "collectstatic", "--noinput", "--verbosity", "1"],
            cwd=root,
            env=environment,
            check=True,
        )
        self.collected = True

    def finalize(self, version, build_data, artifact_path):
        """The source tree keeps no copy: the next build collects afresh."""
        if self.collected:
            shutil.rmtree(Path(self.root) / BUILT, ignore_errors=True)


def _asked_for_an_editable_build():
    """Whether hatchling is answering PEP 660's get_requires_for_build_editable: its hooks are
    not told which kind of build the requirements are for."""
    for depth in count(1):
        try:
            frame = sys._getframe(depth)
        except ValueError:
            return False
        if frame.f_code.co_name == "get_requires_for_build_editable":
            return True
