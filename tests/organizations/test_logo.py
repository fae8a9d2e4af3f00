"""The municipality's name and logo in the header: from its settings, with the name alone when
there is no logo, and the logo only for those placed in the municipality."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import UserFactory
from tryghed.organizations.models import Municipality


def png(size=(120, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 89, 179)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_logo(root, content=None, name="ishoej.png"):
    settings, _created = Municipality.objects.get_or_create(unit=root)
    settings.logo = SimpleUploadedFile(name, content or png(), content_type="image/png")
    settings.save()
    return settings


def test_the_header_names_the_municipality_and_shows_no_logo_without_one(client, tree, employee):
    client.force_login(employee)
    page = client.get(reverse("home:home")).text
    assert "<span>Ishøj Kommune</span>" in page
    assert reverse("organizations:logo") not in page
    assert client.get(reverse("organizations:logo")).status_code == 404


def test_the_header_shows_the_logo_the_administrator_gave(client, tree, employee, media):
    with_logo(tree["root"])
    client.force_login(employee)
    page = client.get(reverse("home:home")).text
    assert f'<img src="{reverse("organizations:logo")}?v=municipality/ishoej' in page
    response = client.get(reverse("organizations:logo"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
    assert "private" in response["Cache-Control"]


def test_someone_placed_in_no_municipality_gets_no_logo(client, tree, media):
    with_logo(tree["root"])
    nowhere = UserFactory(name="Ada Øberg", email="ada@ishoj.example", is_superuser=True)
    client.force_login(nowhere)
    assert client.get(reverse("organizations:logo")).status_code == 404
    page = client.get(reverse("home:home")).text
    assert "<span>Tryghed</span>" in page
    assert reverse("organizations:logo") not in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Tilladte filendelser"),
        ("logo.png", png((3000, 3000)) + b"\0" * 600_000, "500 KB"),
    ],
)
def test_a_logo_must_be_a_small_picture(tree, media, name, content, message):
    settings = Municipality(unit=tree["root"])
    settings.logo = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        settings.full_clean()
