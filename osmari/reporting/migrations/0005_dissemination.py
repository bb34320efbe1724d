import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_area_competence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Dissemination",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("event", "Event"),
                            ("publication", "Publication"),
                            ("municipal_meeting", "Meeting with a municipality"),
                            ("employer_meeting", "Meeting with employers"),
                            ("social_media", "Website or social media"),
                            ("other", "Other communication"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="what was communicated")),
                ("held_on", models.DateField(verbose_name="date")),
                ("audiences", models.JSONField(default=list, verbose_name="audiences")),
                (
                    "reached",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="people reached"
                    ),
                ),
                (
                    "description",
                    models.TextField(blank=True, max_length=2000, verbose_name="description"),
                ),
                (
                    "material_link",
                    models.URLField(blank=True, verbose_name="link to the material"),
                ),
                (
                    "material_file",
                    models.FileField(
                        blank=True, upload_to="dissemination/%Y/", verbose_name="material as a file"
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dissemination",
                        to="reporting.programme",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "dissemination",
                "verbose_name_plural": "dissemination",
                "ordering": ["-held_on", "-pk"],
            },
        ),
    ]
