import django.db.models.deletion
from django.db import migrations, models


def existing_versions_published(apps, schema_editor):
    """The versions made before this were in use: the last of each survey still is, the
    ones before it are retired."""
    SurveyVersion = apps.get_model("feedback", "SurveyVersion")
    last: dict[int, int] = {}
    for version in SurveyVersion.objects.order_by("survey_id", "number"):
        last[version.survey_id] = version.pk
    for version in SurveyVersion.objects.all():
        on = version.created_at.date()
        if version.pk == last[version.survey_id]:
            version.status, version.published_on = "published", on
        else:
            version.status, version.published_on, version.retired_on = "retired", on, on
        version.save(update_fields=["status", "published_on", "retired_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_area_evaluation_settings"),
        ("employers", "0010_staff_reductions"),
        ("feedback", "0006_follow_up_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyversion",
            name="area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.employmentarea",
            ),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="change_reason",
            field=models.TextField(blank=True, verbose_name="why"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="change_summary",
            field=models.TextField(blank=True, verbose_name="what changed"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="guidance_en",
            field=models.TextField(blank=True, verbose_name="guidance in English"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="guidance_fi",
            field=models.TextField(blank=True, verbose_name="guidance in Finnish"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="guidance_fi_plain",
            field=models.TextField(blank=True, verbose_name="guidance in plain Finnish"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="guidance_sv",
            field=models.TextField(blank=True, verbose_name="guidance in Swedish"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="pilot_from",
            field=models.DateField(blank=True, null=True, verbose_name="pilot from"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="pilot_until",
            field=models.DateField(blank=True, null=True, verbose_name="pilot until"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="piloted_on",
            field=models.DateField(blank=True, null=True, verbose_name="piloted on"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="prompted_by_change",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="survey_versions",
                to="feedback.servicechange",
                verbose_name="prompted by a change made from feedback",
            ),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="prompted_by_question",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="feedback.question",
                verbose_name="prompted by the answers to a question",
            ),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="prompted_by_theme",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="prompted by a theme in the answers"
            ),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published on"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="retired_on",
            field=models.DateField(blank=True, null=True, verbose_name="retired on"),
        ),
        migrations.AddField(
            model_name="surveyversion",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("pilot", "In pilot"),
                    ("published", "In use"),
                    ("retired", "Retired"),
                ],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.CreateModel(
            name="SurveyPilot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="employers.organisation",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pilots",
                        to="feedback.surveyversion",
                    ),
                ),
            ],
            options={
                "ordering": ["version", "organisation__name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "organisation"), name="survey_pilot_once"
                    )
                ],
            },
        ),
        migrations.RunPython(existing_versions_published, migrations.RunPython.noop),
    ]
