import pytest

from osmari.reporting.tests.builders import build_dataset, make_programme


@pytest.fixture
def dataset(area, manager):
    return build_dataset(area, recorded_by=manager)


@pytest.fixture
def programme(area):
    return make_programme(area)
