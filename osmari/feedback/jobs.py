"""The feedback's periodic job: invitations and reminders made due and e-mailed daily."""

from datetime import timedelta

from django.utils import timezone

from osmari.core import jobs
from osmari.feedback.services import invitations_schedule, invitations_send


class MailServerRefused(RuntimeError):
    pass


@jobs.periodic("feedback_invitations", every=timedelta(days=1))
@jobs.job(retries=3, backoff=timedelta(minutes=15))
def feedback_invitations() -> dict[str, int]:
    """As `manage.py send_feedback_invitations` (the annual survey stays a command): nothing
    is mailed twice, so a retry sends only what the mail server refused before."""
    today = timezone.localdate()
    made = invitations_schedule(today=today)
    run = invitations_send(today=today)
    if run.failed:
        # Failing lets the job be retried and shows among the failed jobs.
        raise MailServerRefused(f"The mail server did not accept {run.failed} e-mails.")
    return {"made": made, "sent": run.sent, "reminded": run.reminded}
