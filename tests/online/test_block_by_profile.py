"""Blocking by the profile the manager types: a repeat counts when the profile is the same as
an earlier episode's, however it was written (case, spaces, a leading @, a trailing slash, the
profile's address or the address of one of its posts), not only through the perpetrator
reference."""

import pytest

from tests.html import sent_back
from tests.online.test_decisions import block_data, online, post
from tryghed.followup.models import Block
from tryghed.incidents.models import Perpetrator, Platform
from tryghed.incidents.text import profile_key


@pytest.mark.parametrize(
    "typed",
    [
        "@Hadefuld",
        " hadefuld ",
        "HADEFULD",
        "https://www.facebook.com/hadefuld/",
        "facebook.com/Hadefuld",
        "https://m.facebook.com/hadefuld/posts/9",
    ],
)
def test_every_way_of_writing_a_profile_gives_the_same_key(typed):
    assert profile_key(typed) == "hadefuld"


def test_a_group_post_is_not_taken_for_a_profile():
    assert profile_key("https://facebook.com/groups/ishoj/posts/1") != profile_key("groups")


def block_on_second(client, tree, employee, manager, first_fields, typed):
    online(employee, tree["own"], platform=Platform.FACEBOOK, **first_fields)
    second = online(employee, tree["own"], platform=Platform.FACEBOOK)
    client.force_login(manager)
    return post(client, second.tasks.get(kind="blocking"), "block", **block_data(profile=typed))


def test_the_profile_typed_matches_the_earlier_episodes_perpetrator_reference(
    client, tree, employee, manager
):
    first = online(employee, tree["own"], platform=Platform.FACEBOOK)
    first.perpetrator = Perpetrator.objects.create(unit=tree["own"], reference="@hadefuld")
    first.save()
    second = online(employee, tree["own"], platform=Platform.FACEBOOK)
    client.force_login(manager)
    response = post(
        client,
        second.tasks.get(kind="blocking"),
        "block",
        **block_data(profile="https://www.facebook.com/Hadefuld/"),
    )
    assert response.status_code == 302
    assert Block.objects.get().incident == second


def test_the_profile_typed_matches_a_link_in_the_earlier_episode(client, tree, employee, manager):
    response = block_on_second(
        client,
        tree,
        employee,
        manager,
        {"links": "https://www.facebook.com/hadefuld/posts/123"},
        "@Hadefuld",
    )
    assert response.status_code == 302
    assert Block.objects.get().profile == "@Hadefuld"


def test_the_profile_typed_matches_an_earlier_block(client, tree, employee, manager):
    first = online(employee, tree["own"], platform=Platform.FACEBOOK)
    client.force_login(manager)
    post(
        client,
        first.tasks.get(kind="blocking"),
        "block",
        **block_data(profile="facebook.com/hadefuld", justification="Grov trussel"),
    )
    second = online(employee, tree["own"], platform=Platform.FACEBOOK)
    response = post(
        client, second.tasks.get(kind="blocking"), "block", **block_data(profile="hadefuld/")
    )
    assert response.status_code == 302
    assert Block.objects.count() == 2


def test_another_profile_or_another_units_episode_is_no_repeat(client, tree, employee, manager):
    online(
        employee, tree["beside"], platform=Platform.FACEBOOK, links="https://facebook.com/hadefuld"
    )
    response = block_on_second(
        client,
        tree,
        employee,
        manager,
        {"links": "https://facebook.com/en.anden.profil"},
        "@hadefuld",
    )
    assert "Blokering kræver gentagelse" in sent_back(client, response)
    assert not Block.objects.exists()
