"""The front-end packages' files: only those the pages use are served and collected
(tryghed.core.staticfiles), and every static file a page names is among what is served."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from tryghed.core.staticfiles import VendorFinder, used_files

TEMPLATES = Path(settings.BASE_DIR) / "tryghed" / "templates"
PYTHON = Path(settings.BASE_DIR) / "tryghed"
# {% static 'x' %} in a template, static("x") in Python.
STATIC_NAME = re.compile(r"""(?:\{% static |\bstatic\()\s*['"]([^'"\n]+)['"]""")


def _named_static_files():
    names = set()
    for path in [*TEMPLATES.rglob("*.html"), *PYTHON.rglob("*.py")]:
        if "static_built" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        names.update(STATIC_NAME.findall(text) if "static" in text else [])
    return sorted(name for name in names if "." in name.rsplit("/", 1)[-1])


def test_the_pages_name_static_files_and_each_is_found():
    names = _named_static_files()
    assert "dkfds/css/dkfds.min.css" in names, "the scan finds what base.html links"
    assert "chartjs/chart.umd.min.js" in names
    missing = [name for name in names if finders.find(name) is None]
    assert missing == [], "named by a page but neither in tryghed/static, an app nor VENDOR_STATIC"


def test_only_the_used_files_of_the_design_system_are_served():
    listed = {
        f"{storage.prefix}/{name}"
        for name, storage in VendorFinder().list([])
        if getattr(storage, "prefix", "")
    }
    assert "dkfds/css/dkfds.min.css" in listed
    # What the stylesheet refers to comes along: a font and an icon.
    assert "dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2" in listed
    assert any(name.startswith("dkfds/img/svg-icons/") for name in listed)
    # The rest of the package does not: sources, maps, other themes, unused fonts.
    # (tom-select's two minified files name their source maps, so those two are listed.)
    design_system = [name for name in listed if name.startswith("dkfds/")]
    assert not [name for name in design_system if name.endswith((".scss", ".map", ".md"))]
    assert "dkfds/css/dkfds-borgerdk.min.css" not in listed
    assert "dkfds/css/dkfds.css" not in listed
    assert finders.find("dkfds/css/dkfds.css") is None
    assert len(listed) < 200, len(listed)


def test_a_stylesheet_brings_what_it_refers_to_and_nothing_outside(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.svg").write_text("<svg/>")
    (tmp_path / "img" / "unused.svg").write_text("<svg/>")
    (tmp_path / "css" / "site.css").write_text(
        "a{background:url('../img/a.svg?v=1#x')} b{background:url(data:image/png;base64,AA)}"
        " i{background:url(https://example.org/x.png)} u{background:url(../../outside.svg)}"
    )
    assert used_files(tmp_path, ["css/site.css"]) == ["css/site.css", "img/a.svg"]


def test_a_missing_package_is_named_by_the_checks(settings, tmp_path):
    settings.VENDOR_STATIC = {"dkfds": (tmp_path / "node_modules" / "dkfds", ["x.css"])}
    errors = VendorFinder().check()
    assert [error.id for error in errors] == ["core.E001"]
    assert "npm ci" in errors[0].hint
