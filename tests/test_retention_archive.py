"""A programme's retention ends in the archive: its records are handed over as a package
that the archive can check and load, and only then removed from Osmari. (Here, not in an
app: the reporting app is one that no other app imports.)"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import serializers
from django.db import transaction

from osmari.core.models import AuditEvent
from osmari.privacy import archive, destruction
from osmari.privacy.models import DestructionEntry, FrozenPeriod, ProgrammePayment
from osmari.privacy.tests.test_retention import run
from osmari.reporting.models import Programme, StaffMember, WorkingTime
from osmari.reporting.tests.builders import make_programme, make_staff_member

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def programme(area, manager):
    programme = make_programme(area)  # 1.8.2025–31.7.2028
    staff = make_staff_member(programme)
    WorkingTime.objects.create(
        staff=staff,
        month=date(2025, 8, 1),
        hours=Decimal("120"),
        hourly_rate=staff.hourly_rate,
        recorded_by=manager,
    )
    ProgrammePayment.objects.create(programme=programme, last_paid_on=date(2028, 12, 1))
    return programme


def test_the_programme_is_kept_ten_years_from_its_end(area, programme):
    within = run("--dry-run", "--area", area.code, "--today", "2038-07-31")
    assert "Programme, its targets and reporting: 0 due, archived" in within
    after = run("--dry-run", "--area", area.code, "--today", "2038-08-01")
    assert "Programme, its targets and reporting: 1 due, archived" in after


def test_the_archive_receives_a_checked_package_before_the_programme_goes(
    area, programme, manager, settings, tmp_path
):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    today = date(2038, 8, 1)
    listing = destruction.prepare(actor=manager, area=area, today=today)
    assert listing.counts["programme"] == 1
    destruction.approve(actor=manager, listing=listing)
    outcome = destruction.execute(actor=None, listing=listing, today=today)
    assert outcome.destroyed["programme"] == 1

    entry = DestructionEntry.objects.get(record_type="programme")
    folder = Path(settings.ARCHIVE_ROOT) / entry.archived_to
    assert entry.archived_to == f"{area.code}/20380801-programme-{programme.pk}"
    content = (folder / "records.json").read_bytes()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    # The archive checks what it received against the manifest and the destruction list.
    assert hashlib.sha256(content).hexdigest() == manifest["files"][0]["sha256"] == entry.checksum
    assert manifest["records"]["reporting.Programme"] == 1
    assert manifest["records"]["reporting.WorkingTime"] == 1
    # The closed periods' numbers, frozen before, went with it.
    assert manifest["records"]["privacy.FrozenPeriod"] == 6
    loaded = {
        obj.object._meta.label: obj.object for obj in serializers.deserialize("json", content)
    }
    assert loaded["reporting.Programme"].name == "Polkuja töihin"
    assert loaded["reporting.StaffMember"].name == "Helena Kivelä"

    # Only then is Osmari's copy gone.
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert not StaffMember.objects.filter(programme_id=programme.pk).exists()
    assert not FrozenPeriod.objects.filter(programme_id=programme.pk).exists()
    event = AuditEvent.objects.get(action="retention.archive")
    assert event.changes["checksum"] == [None, entry.checksum]
    # Running again hands nothing over twice.
    assert "Nothing to destroy" in run("--today", today.isoformat())


def test_a_package_written_by_an_interrupted_run_is_not_handed_over_twice(
    area, programme, manager, settings, tmp_path
):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    today = date(2038, 8, 1)
    listing = destruction.prepare(actor=manager, area=area, today=today)
    destruction.approve(actor=manager, listing=listing)
    entry = listing.entries.get(record_type="programme")
    destruction.freeze(area=area, today=today)
    # The package is written, then the run stops before Osmari's copy is gone.
    with pytest.raises(RuntimeError), transaction.atomic():
        archive.programme_hand_over(entry, today)
        raise RuntimeError
    assert Programme.objects.filter(pk=programme.pk).exists()
    first = Path(settings.ARCHIVE_ROOT) / area.code / f"20380801-programme-{programme.pk}"
    assert (first / "manifest.json").exists()

    # Run again another day: the package found intact is the one handed over.
    destruction.execute(actor=None, listing=listing, today=date(2038, 8, 2))
    assert [p.name for p in (Path(settings.ARCHIVE_ROOT) / area.code).iterdir()] == [first.name]
    entry.refresh_from_db()
    assert entry.archived_to == f"{area.code}/{first.name}"
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][0]["sha256"] == entry.checksum
    assert manifest["records_plan"] == {"term": "programme_record", "years": 10}
    assert not Programme.objects.filter(pk=programme.pk).exists()
