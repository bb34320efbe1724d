"""Accounts know when they were deactivated and when their personal data was removed.

An account deactivated before this migration takes the day of its last deactivation in the
audit log, or today if the log has none: its retention then starts no earlier than it did.
"""

from django.db import migrations, models
from django.utils import timezone


def deactivation_days(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for user in User.objects.filter(is_active=False, deactivated_on__isnull=True):
        last = (
            AuditEvent.objects.filter(
                action="user.deactivate", object_type="accounts.user", object_id=str(user.pk)
            )
            .order_by("-occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
        user.deactivated_on = last.date() if last else timezone.localdate()
        user.save(update_fields=["deactivated_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_invitations_sso_identities_and_area_roles"),
        ("core", "0006_area_privacy_and_accessibility_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="deactivated_on",
            field=models.DateField(blank=True, null=True, verbose_name="deactivated"),
        ),
        migrations.AddField(
            model_name="user",
            name="personal_data_removed_on",
            field=models.DateField(blank=True, null=True, verbose_name="personal data removed"),
        ),
        migrations.RunPython(deactivation_days, migrations.RunPython.noop),
    ]
