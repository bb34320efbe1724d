"""Every existing area starts with the usual kinds of coaching activity (data, not schema).
Areas made later get the same list when it is first needed (`coaching.kinds_ensure`)."""

from django.db import migrations

# As shipped when the activities arrived: code, Finnish, Swedish, English, group session.
KINDS = [
    ("individual", "Yksilövalmennus", "Individuell coachning", "Individual coaching", False),
    ("group", "Ryhmävalmennus", "Gruppcoachning", "Group session", True),
    ("job_search", "Työnhaun tuki", "Stöd i jobbsökandet", "Job search support", False),
    ("study_guidance", "Opinto-ohjaus", "Studievägledning", "Study guidance", False),
    ("workplace_visit", "Työpaikkakäynti", "Arbetsplatsbesök", "Workplace visit", False),
]


def seed(apps, schema_editor):
    area_model = apps.get_model("core", "EmploymentArea")
    kind_model = apps.get_model("clients", "ActivityKind")
    for area in area_model.objects.all():
        for order, (code, fi, sv, en, is_group) in enumerate(KINDS, start=1):
            kind_model.objects.get_or_create(
                area=area,
                code=code,
                defaults={
                    "name_fi": fi,
                    "name_sv": sv,
                    "name_en": en,
                    "is_group": is_group,
                    "order": order * 10,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("clients", "0013_coaching_activities")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
