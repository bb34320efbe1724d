"""Erase the background answers that EURA 2021 does not collect in Finland (disability,
minority, third-country nationality, foreign background, homelessness, rural residence)
before their columns are removed, so that no copy of them is left behind in the table.

The reverse leaves the columns as they are: what was erased cannot come back.
"""

from django.db import migrations

UNCOLLECTED = [
    "third_country_national",
    "foreign_background",
    "homeless",
    "rural_area",
    "disability",
    "minority",
]


def erase(apps, schema_editor):
    enrolment = apps.get_model("clients", "Enrolment")
    enrolment.objects.update(**dict.fromkeys(UNCOLLECTED, "unknown"))


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_constraint_messages")]

    operations = [migrations.RunPython(erase, migrations.RunPython.noop, elidable=True)]
