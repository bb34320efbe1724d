import pytest

from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.employers.tests.builders import make_position


@pytest.fixture
def jobseeker(coach, area):
    return make_jobseeker(coach, area)


@pytest.fixture
def place(organisation, coach):
    make_active_agreement(organisation, coach)
    return make_position(organisation, coach)
