"""The ready-made surveys, version 1. Their wording is in a file that never changes: a new
wording is a new version (and a new file and migration)."""

import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parent.parent / "surveys" / "2026-12-v1.json"


def load(apps, schema_editor):
    Survey = apps.get_model("feedback", "Survey")
    SurveyVersion = apps.get_model("feedback", "SurveyVersion")
    Question = apps.get_model("feedback", "Question")
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    for spec in data["surveys"]:
        title = spec["title"]
        survey = Survey.objects.create(
            key=spec["key"],
            audience=spec["audience"],
            moment=spec["moment"],
            title_fi=title["fi"],
            title_sv=title["sv"],
            title_en=title["en"],
            title_fi_plain=title.get("fi_plain", ""),
        )
        notice = data["notice"][spec["audience"]]
        version = SurveyVersion.objects.create(
            survey=survey,
            number=1,
            notice_fi=notice["fi"],
            notice_sv=notice["sv"],
            notice_en=notice["en"],
            notice_fi_plain=notice.get("fi_plain", ""),
        )
        for order, key in enumerate(spec["questions"], start=1):
            q = data["questions"][key]
            Question.objects.create(
                version=version,
                order=order,
                key=key,
                kind=q["kind"],
                required=q.get("required", False),
                text_fi=q["fi"],
                text_sv=q["sv"],
                text_en=q["en"],
                text_fi_plain=q.get("fi_plain", ""),
                choices=data["choices"].get(q.get("choices", ""), []),
                signal_at_most=q.get("signal_at_most"),
                signal_choices=q.get("signal_choices", []),
                signal_reason=q.get("signal_reason", ""),
            )


def unload(apps, schema_editor):
    apps.get_model("feedback", "Question").objects.all().delete()
    apps.get_model("feedback", "SurveyVersion").objects.all().delete()
    apps.get_model("feedback", "Survey").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_feedback")]

    operations = [migrations.RunPython(load, unload)]
