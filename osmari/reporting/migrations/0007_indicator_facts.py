import django.db.models.deletion
from django.db import migrations, models

VERDICTS = [
    *(f"eeco{n:02}" for n in range(1, 12)),
    *(f"eecr{n:02}" for n in range(1, 7)),
]


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0016_enrolment_follow_up_source"),
        ("core", "0008_area_evaluation_settings"),
        ("reporting", "0006_report_narratives"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorFact",
            fields=[
                (
                    "enrolment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="indicator_fact",
                        serialize=False,
                        to="clients.enrolment",
                        verbose_name="programme enrolment",
                    ),
                ),
                ("ref", models.PositiveIntegerField(verbose_name="client")),
                (
                    "gender",
                    models.CharField(blank=True, max_length=12, verbose_name="gender group"),
                ),
                ("entered_on", models.DateField(verbose_name="entry date")),
                ("left_on", models.DateField(null=True, verbose_name="exit date")),
                (
                    "followed_up",
                    models.BooleanField(default=False, verbose_name="six-month follow-up recorded"),
                ),
                *(
                    (name, models.BooleanField(null=True, verbose_name=name.upper()))
                    for name in VERDICTS
                ),
                ("signature", models.BigIntegerField(verbose_name="verdicts in one")),
                ("computed_at", models.DateTimeField(verbose_name="computed")),
                (
                    "area",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.employmentarea",
                        verbose_name="area",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "indicator fact",
                "verbose_name_plural": "indicator facts",
                "indexes": [
                    models.Index(fields=["area", "entered_on"], name="fact_area_entered"),
                    models.Index(fields=["area", "left_on"], name="fact_area_left"),
                    models.Index(fields=["entered_on"], name="fact_entered"),
                    models.Index(fields=["left_on"], name="fact_left"),
                ],
            },
        ),
        migrations.CreateModel(
            name="IndicatorFactMark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "last_enrolment",
                    models.BigIntegerField(default=0, verbose_name="last enrolment seen"),
                ),
                (
                    "last_spell",
                    models.BigIntegerField(default=0, verbose_name="last status period seen"),
                ),
                (
                    "checked_at",
                    models.DateTimeField(null=True, verbose_name="sources last compared"),
                ),
            ],
            options={
                "verbose_name": "indicator facts' mark",
                "verbose_name_plural": "indicator facts' marks",
            },
        ),
    ]
