"""Participant answers given without a yes to sharing lose every link back to the person:
the invitation and client on the response, the form language, the exact day (every response
keeps its month only), the to-the-second answering time on the invitation (its day only),
and any follow-up task. What is erased cannot be restored, so going back changes nothing."""

from datetime import datetime, time

from django.db import migrations
from django.utils import timezone


def erase_links(apps, schema_editor):
    Response = apps.get_model("feedback", "Response")
    Invitation = apps.get_model("feedback", "Invitation")
    FollowUpTask = apps.get_model("feedback", "FollowUpTask")
    FollowUpTask.objects.filter(response__share_with_coach=False).delete()
    unshared = Response.objects.filter(survey__audience="participant", share_with_coach=False)
    answered = Invitation.objects.filter(
        pk__in=unshared.exclude(invitation=None).values("invitation_id"),
        answered_at__isnull=False,
    )
    days = []
    for invitation in answered.only("pk", "answered_at").iterator(chunk_size=2000):
        day = timezone.localtime(invitation.answered_at).date()
        invitation.answered_at = timezone.make_aware(datetime.combine(day, time.min))
        days.append(invitation)
    Invitation.objects.bulk_update(days, ["answered_at"], batch_size=2000)
    unshared.update(invitation=None, client=None, language="")
    exact = Response.objects.exclude(submitted_on__day=1).order_by()
    for day in exact.values_list("submitted_on", flat=True).distinct():
        Response.objects.filter(submitted_on=day).update(submitted_on=day.replace(day=1))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_response_links_optional"),
    ]

    operations = [
        migrations.RunPython(erase_links, migrations.RunPython.noop),
    ]
