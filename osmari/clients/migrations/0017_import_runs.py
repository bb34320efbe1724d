import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import osmari.core.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0016_enrolment_follow_up_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("waiting", "Waiting"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="waiting", max_length=10, verbose_name="status")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                ("rows_total", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("rows_done", models.PositiveIntegerField(default=0, verbose_name="rows done")),
                ("created", models.PositiveIntegerField(default=0, verbose_name="created clients")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="updated clients")),
                ("errors", osmari.core.encryption.EncryptedJSONField(default=list, verbose_name="refused rows")),
                ("upload", osmari.core.encryption.EncryptedTextField(blank=True, verbose_name="uploaded file")),
                ("actor", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="imported by")),
                ("area", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.employmentarea", verbose_name="area")),
            ],
            options={
                "verbose_name": "client import",
                "verbose_name_plural": "client imports",
            },
        ),
    ]
