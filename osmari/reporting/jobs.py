"""The reporting's background jobs: the indicator facts kept current for the pages."""

from __future__ import annotations

from datetime import timedelta

from osmari.core import jobs
from osmari.reporting import facts


@jobs.periodic("indicator_facts_sweep", every=timedelta(minutes=2))
@jobs.job()
def indicator_facts_sweep() -> int:
    """Rewrite the facts whose sources were written after them past their save."""
    return facts.facts_sweep()


@jobs.periodic("indicator_facts_refresh", every=timedelta(days=1))
@jobs.job()
def indicator_facts_refresh() -> int:
    """Rewrite every fact: what no update time shows (an enrolment changed by a bulk update,
    a classification's new ESF+ bucket) is right again by the next day."""
    return facts.facts_refresh()
