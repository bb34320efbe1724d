"""Each answer carries its response's area, survey, month and groups (Answer's docstring),
filled in from the responses for the answers already given."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

COPIED = [
    "area_id",
    "survey_id",
    "submitted_on",
    "organisation_id",
    "position_kind",
    "municipality_id",
]


def copy_from_responses(apps, schema_editor):
    Answer = apps.get_model("feedback", "Answer")
    Response = apps.get_model("feedback", "Response")
    of_response = Response.objects.filter(pk=OuterRef("response_id"))
    Answer.objects.update(**{name: Subquery(of_response.values(name)[:1]) for name in COPIED})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_area_evaluation_settings"),
        ("employers", "0011_letters_of_intent"),
        ("feedback", "0007_survey_versions_in_the_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.employmentarea",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="survey",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="feedback.survey",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="submitted_on",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="answer",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="employers.organisation",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="position_kind",
            field=models.CharField(blank=True, default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="answer",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.municipality",
            ),
        ),
        migrations.RunPython(copy_from_responses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="answer",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.employmentarea",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="survey",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="feedback.survey",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="submitted_on",
            field=models.DateField(),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                fields=["area", "survey", "question", "submitted_on"],
                include=("number", "organisation", "municipality", "position_kind"),
                name="answer_area_survey_question",
            ),
        ),
    ]
