"""What the demo shows: one demo (seed 5) seeded once for the whole folder, each test in a
savepoint rolled back after it. Seeding took about ten seconds of each of its tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import made_once_for_many_tests
from osmari.demo.tests.builders import SHOWN_DEMO, seed_demo


@dataclass(frozen=True)
class Demo:
    printed: str
    media_root: Path


@pytest.fixture(scope="package")
def _package_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    yield from made_once_for_many_tests(
        django_db_blocker, media_root, lambda: Demo(seed_demo(*SHOWN_DEMO), media_root)
    )


@pytest.fixture
def demo(_package_demo, db, _fast_tests, settings) -> Demo:
    """The demo as seeded, with what the command printed (the logins); what a test changes
    in it is undone after it."""
    # The demo's documents (letters of intent, material) are where it was seeded.
    settings.MEDIA_ROOT = _package_demo.media_root
    return _package_demo
