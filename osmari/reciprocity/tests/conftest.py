import pytest
import time_machine
from django.utils import translation

from osmari.reciprocity import services
from osmari.reciprocity.tests.builders import make_event

NOW = "2026-11-27 12:00 +0200"


@pytest.fixture(autouse=True)
def _frozen_time_in_english():
    # Services' messages are read in English here; pages set their language per request.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def catalogue(area, manager):
    benefits = services.catalogue_standard_create(actor=manager, area=area)
    return {b.kind: b for b in benefits}


@pytest.fixture
def training(area, coach, catalogue):
    return make_event(area, coach, catalogue["instructor_training"])
