"""The front-end packages' files the pages use, and none of the rest of those packages.

DKFDS ships 17 MB (sources, maps, every font format, two other themes), Chart.js 6 MB; the
pages use a stylesheet, a script and a sprite of the one, a script of the other. VENDOR_STATIC
(settings.py) names those entry files per package; a stylesheet brings the files it refers to
with url() (fonts, icons), found by reading it. The demo serves exactly these files,
collectstatic collects exactly these, and the release wheel carries exactly these, collected
when it is built (hatch_build.py).
"""

import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder, searched_locations
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

# url(...) in a stylesheet, quoted or not; data: and absolute addresses are not files of ours.
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")


def used_files(root, entries):
    """The entry files and, for each stylesheet among them, what it refers to, as paths
    relative to root with forward slashes. A reference that leaves root or does not exist is
    left out (collectstatic then names it, since the stylesheet still refers to it)."""
    root = Path(root)
    found = []
    pending = list(entries)
    while pending:
        name = pending.pop(0)
        if name in found or not (root / name).is_file():
            continue
        found.append(name)
        if name.endswith(".css"):
            text = (root / name).read_text(encoding="utf-8")
            for url in CSS_URL.findall(text):
                if url.startswith(("data:", "#", "/")) or "://" in url:
                    continue
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), url.split("#")[0].split("?")[0])
                )
                if not target.startswith("../"):
                    pending.append(target)
    return found


class VendorFinder(BaseFinder):
    """Finds the files of VENDOR_STATIC: {prefix: (folder, [entry files])}, served as
    static/<prefix>/<path in folder>."""

    def __init__(self, app_names=None, *args, **kwargs):
        self.packages = []
        for prefix, (root, entries) in settings.VENDOR_STATIC.items():
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix
            files = used_files(root, entries) if Path(root).is_dir() else []
            self.packages.append((prefix, str(root), storage, files))
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return [
            Error(
                f"The front-end package for static/{prefix}/ is missing at {root}.",
                hint=(
                    "In a source tree run `npm ci`. Installed from a release wheel, leave "
                    "STATIC_ROOT unset: the wheel carries these files, collected."
                ),
                id="core.E001",
            )
            for prefix, root, _storage, files in self.packages
            if not files
        ]

    def find(self, path, find_all=False):
        matches = []
        for prefix, root, storage, files in self.packages:
            if root not in searched_locations:
                searched_locations.append(root)
            relative = path.removeprefix(f"{prefix}/")
            if relative != path and relative in files:
                if not find_all:
                    return storage.path(relative)
                matches.append(storage.path(relative))
        return matches

    def list(self, ignore_patterns):
        for _prefix, _root, storage, files in self.packages:
            for name in files:
                if not utils.matches_patterns(name, ignore_patterns or []):
                    yield name, storage
