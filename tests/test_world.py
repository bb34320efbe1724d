"""The walks' world is made once for a module: what one test changes in it is gone for the
next, as if the world were made anew for each."""

from __future__ import annotations

import pytest

from osmari.accounts.models import User
from osmari.clients.models import Client


@pytest.mark.django_db
def test_a_test_may_change_the_world(world):
    Client.objects.filter(pk=world.sample["client"]).update(first_name="Muutettu")
    User.objects.filter(pk=world.person("coach").pk).update(is_active=False)
    world.person("coach").full_name = "Muutettu Valmentaja"
    assert Client.objects.get(pk=world.sample["client"]).first_name == "Muutettu"


@pytest.mark.django_db
def test_the_next_test_finds_the_world_as_it_was_made(world):
    assert Client.objects.get(pk=world.sample["client"]).first_name == "Testi"
    assert User.objects.get(pk=world.person("coach").pk).is_active
    # Nor is what it changed on the objects it was given.
    assert world.person("coach").full_name != "Muutettu Valmentaja"


@pytest.mark.django_db
def test_the_samples_files_are_where_the_tests_read_them(world, settings):
    from osmari.agreements.models import Signature

    scan = Signature.objects.get(pk=world.sample["signature"]).scan
    assert world.media_root == settings.MEDIA_ROOT
    assert scan.storage.exists(scan.name)
