"""The area's responses to a survey by month, with the groups they are counted by."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("feedback", "0008_answer_carries_its_groups")]

    operations = [
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["area", "survey", "submitted_on"],
                include=("organisation", "municipality", "position_kind"),
                name="response_area_survey_groups",
            ),
        ),
        migrations.RemoveIndex(model_name="response", name="response_area_survey"),
    ]
