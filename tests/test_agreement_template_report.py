"""What the progress report learns of the agreement template's development in a period."""

from __future__ import annotations

from datetime import date

import pytest

from osmari.agreements import template_services
from osmari.agreements.template_selectors import template_versions_in_period
from osmari.agreements.tests.test_template_versions import ready_draft
from osmari.reporting.tests.builders import make_programme


@pytest.mark.django_db
def test_the_progress_report_gets_the_versions_of_the_period_with_why(area, manager, organisation):
    programme = make_programme(area)
    draft = ready_draft(manager)
    template_services.template_pilot(
        actor=manager, template=draft, organisations=[organisation], today=date(2026, 3, 1)
    )
    template_services.template_publish(actor=manager, template=draft, today=date(2026, 5, 1))
    steps = template_versions_in_period(programme, date(2026, 1, 1), date(2026, 6, 30))
    new = next(step for step in steps if step.version == draft.version)
    assert new.piloted_from == date(2026, 3, 1) and new.published_on == date(2026, 5, 1)
    assert new.why.startswith("Organisaatiot")
    assert "Palautekysely" in new.prompted_by
    assert new.pilot_organisations == [organisation.name]
    assert new.sections_added == ["Palautteen käsittely"]
    # The shared version stays in use by the other areas: nothing of it happened here.
    assert [step.version for step in steps] == [draft.version]
    assert template_versions_in_period(programme, date(2020, 1, 1), date(2020, 12, 31)) == []
