"""EMAIL_URL: every documented scheme works, anything else stops the start with one line that
names the variable. Settings are read in a fresh process, as at a real start."""

import pytest

from tests.fresh_process import python

SEND = """
import django
django.setup()
from django.conf import settings
from django.core.mail import send_mail
print(settings.MAILERS["default"]["BACKEND"])
send_mail("Emne", "Der er noget til dig i Tryghed.", None, ["maja@ishoj.example"])
"""


def tryghed(*args, **env):
    return python(f"from tryghed.cli import main; main({list(args)!r})", **env)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "console"),
        ("memory://", "locmem"),
        ("dummy://", "dummy"),
    ],
)
def test_each_simple_scheme_gives_its_backend(url, backend):
    result = python(SEND, EMAIL_URL=url)
    assert result.returncode == 0, result.stderr
    assert f"backends.{backend}.EmailBackend" in result.stdout


def test_file_scheme_writes_each_message_to_the_named_folder(tmp_path):
    folder = tmp_path / "post"
    result = python(SEND, EMAIL_URL=f"file://{folder}")
    assert result.returncode == 0, result.stderr
    (message,) = folder.iterdir()
    assert "Der er noget til dig i Tryghed." in message.read_text()


@pytest.mark.parametrize(
    ("url", "port", "tls"),
    [
        ("smtp://tryghed:hemmelig@smtp.ishoj.example:587/?tls=True", 587, True),
        ("submission://tryghed:hemmelig@smtp.ishoj.example", 587, True),
        ("smtp://smtp.ishoj.example", 25, False),
    ],
)
def test_smtp_schemes_give_host_port_and_tls(url, port, tls):
    code = (
        "from django.conf import settings; o = settings.MAILERS['default']['OPTIONS']; "
        "print(o['host'], o['port'], o['use_tls'])"
    )
    result = python(code, EMAIL_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["smtp.ishoj.example", str(port), str(tls)]


def test_an_unknown_scheme_is_one_clear_line_naming_the_variable():
    result = python("from django.conf import settings; settings.MAILERS", EMAIL_URL="filemail:///x")
    assert "KeyError" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: EMAIL_URL")
    assert "smtp://" in last and "file://" in last


@pytest.mark.parametrize(
    "url",
    ["filemail:///var/mail", "smtp://tryghed:hemmelig@smtp.ishoj.example:port", "file://"],
)
def test_the_command_prints_one_line_and_exits_1(url):
    result = tryghed("manage", "check", EMAIL_URL=url)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("tryghed: EMAIL_URL")
    assert "hemmelig" not in result.stderr
