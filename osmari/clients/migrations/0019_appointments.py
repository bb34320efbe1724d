import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_consent_given_by_the_participant"),
        ("core", "0008_area_evaluation_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Appointment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="starts")),
                ("minutes", models.PositiveSmallIntegerField(verbose_name="duration (minutes)")),
                (
                    "way",
                    models.CharField(
                        choices=[
                            ("in_person", "In person"),
                            ("phone", "Phone"),
                            ("video", "Video"),
                        ],
                        max_length=10,
                        verbose_name="way of meeting",
                    ),
                ),
                (
                    "place",
                    models.CharField(
                        blank=True,
                        help_text="An address, or the link to the video meeting.",
                        max_length=300,
                        verbose_name="place",
                    ),
                ),
                (
                    "note_for_client",
                    models.CharField(
                        blank=True,
                        help_text="What the person should bring or know. The person sees this text.",
                        max_length=300,
                        verbose_name="note for the client",
                    ),
                ),
                (
                    "cancelled_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="cancelled"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appointments",
                        to="core.employmentarea",
                        verbose_name="employment area",
                    ),
                ),
                (
                    "client",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appointments",
                        to="clients.client",
                        verbose_name="client",
                    ),
                ),
                (
                    "coach",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appointments",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="coach",
                    ),
                ),
            ],
            options={
                "verbose_name": "appointment",
                "verbose_name_plural": "appointments",
                "ordering": ["starts_at", "pk"],
                "indexes": [
                    models.Index(fields=["client", "starts_at"], name="appointment_client_start"),
                    models.Index(fields=["area", "starts_at"], name="appointment_area_start"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("minutes__gte", 1), ("minutes__lte", 480)),
                        name="appointment_minutes_in_range",
                        violation_error_message="The duration must be 1–480 minutes.",
                    )
                ],
            },
        ),
    ]
