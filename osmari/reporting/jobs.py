"""The reporting's background jobs: the indicator facts kept current for the pages, and the
closed quarters frozen for open data."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osmari.core import jobs
from osmari.reporting import facts, open_data


@jobs.periodic("indicator_facts_sweep", every=timedelta(minutes=2))
@jobs.job()
def indicator_facts_sweep() -> int:
    """Rewrite the facts whose sources were written after them past their save."""
    return facts.facts_sweep()


@jobs.periodic("indicator_facts_refresh", every=timedelta(days=1))
@jobs.job()
def indicator_facts_refresh() -> int:
    """Rewrite every fact and count the indicator months anew from them: what no update time
    shows (an enrolment changed by a bulk update, a classification's new ESF+ bucket) is
    right again by the next day."""
    return facts.facts_refresh()


@jobs.periodic("open_data_freeze", every=timedelta(days=1))
@jobs.job()
def open_data_freeze() -> int:
    """Freeze the publishing programmes' quarters closed long enough; a frozen one never
    changes."""
    return open_data.freeze_closed_quarters(today=timezone.localdate())
