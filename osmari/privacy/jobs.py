"""Retention's periodic jobs: approved destruction lists carried out, and the audit log's
expired events removed, once a day, as the commands do them."""

import io
from datetime import timedelta

from django.core.management import call_command

from osmari.core import jobs


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@jobs.periodic("apply_retention", every=timedelta(days=1))
@jobs.job(retries=1, backoff=timedelta(hours=1))
def apply_retention() -> str:
    """Carry out the destruction lists the manager has approved: `apply_retention` without
    options. Preparing a list stays a person's decision, on the retention page."""
    return _command("apply_retention")


@jobs.periodic("expire_audit_log", every=timedelta(days=1))
@jobs.job(retries=1, backoff=timedelta(hours=1), queue=jobs.OWNER_QUEUE)
def expire_audit_log() -> str:
    """Remove the audit events of approved lists and those without an area past their
    retention. On PostgreSQL only the database owner may: the owner's worker takes it."""
    return _command("expire_audit_log") + _command("expire_audit_log", "--without-area")
