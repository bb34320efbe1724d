import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_dissemination"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportNarrative",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.DateField(verbose_name="first day")),
                ("end", models.DateField(verbose_name="last day")),
                (
                    "section",
                    models.CharField(
                        choices=[
                            ("summary", "Summary"),
                            ("tp1", "TP1 Identification"),
                            ("tp2", "TP2 Feedback"),
                            ("tp3", "TP3 Cooperation agreements"),
                            ("tp4", "TP4 Reciprocity"),
                            ("management", "Management, communication and competence"),
                        ],
                        max_length=12,
                        verbose_name="section",
                    ),
                ),
                ("text", models.TextField(max_length=6000, verbose_name="text")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="narratives",
                        to="reporting.programme",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "report text",
                "verbose_name_plural": "report texts",
                "ordering": ["start", "section"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "start", "end", "section"),
                        name="report_narrative_one_per_section",
                    )
                ],
            },
        ),
    ]
