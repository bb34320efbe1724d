"""Property: no results table (on the page or exported) reveals a group under the minimum."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osmari.employers.tests.builders import make_organisation
from osmari.feedback.models import Invitation, Response, Survey
from osmari.feedback.selectors import DIMENSIONS, results_table
from osmari.feedback.tokens import new_token

BUSINESS_IDS = ["2077474-0", "1899013-7", "0112038-9", "0116297-6"]


def _replace_responses(area, organisations, counts, quarters):
    Response.objects.all().delete()
    Invitation.objects.all().delete()
    survey = Survey.objects.get(key="participant_end")
    version = survey.current_version()
    serial = 0
    for organisation, n, quarter in zip(organisations, counts, quarters, strict=True):
        for _ in range(n):
            serial += 1
            on = date(2026, 3 * quarter - 2, 10)
            invitation = Invitation.objects.create(
                area=area,
                survey=survey,
                version=version,
                organisation=organisation,
                due_key=f"p{serial}",
                due_on=on,
                expires_on=on,
                language="fi",
                token_hash=new_token()[1],
            )
            Response.objects.create(
                invitation=invitation,
                version=version,
                area=area,
                survey=survey,
                organisation=organisation,
                position_kind=("work_trial", "wage_subsidy")[n % 2],
                municipality=organisation.municipality,
                submitted_on=on,
                language="fi",
            )


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    counts=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    quarters=st.lists(st.integers(1, 4), min_size=4, max_size=4),
)
def test_no_view_reveals_a_small_group(area, counts, quarters):
    organisations = [
        make_organisation(area, f"Org {i}", bid)
        if not area.organisations.filter(business_id=bid).exists()
        else area.organisations.get(business_id=bid)
        for i, bid in enumerate(BUSINESS_IDS)
    ]
    _replace_responses(area, organisations, counts, quarters)
    survey = Survey.objects.get(key="participant_end")
    minimum = area.min_group_size
    views = [
        results_table(area=area, survey=survey, dimension=d, year=2026) for d in DIMENSIONS
    ] + [
        results_table(area=area, survey=survey, dimension="organisation", year=2026, organisation=o)
        for o in organisations
    ]
    for table in views:
        shown = [r.n for r in table.rows if not r.hidden]
        assert all(n == 0 or n >= minimum for n in shown)
        if not table.total.hidden:
            rest = table.total.n - sum(shown)
            assert rest == 0 or rest >= minimum
