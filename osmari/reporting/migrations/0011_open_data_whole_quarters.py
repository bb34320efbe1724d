from django.db import migrations

QUARTER_STARTS = {1, 4, 7, 10}
QUARTER_ENDS = {(3, 31), (6, 30), (9, 30), (12, 31)}


def drop_clipped_quarters(apps, schema_editor):
    """Quarters were once clipped to a programme's dates while counting the whole area:
    beside another programme's whole quarter, the two subtracted to the days between. Such
    a row goes, and the daily job freezes the whole quarter in its place."""
    OpenDataQuarter = apps.get_model("reporting", "OpenDataQuarter")
    clipped = [
        row.pk
        for row in OpenDataQuarter.objects.only("pk", "start", "end")
        if not (
            row.start.day == 1
            and row.start.month in QUARTER_STARTS
            and (row.end.month, row.end.day) in QUARTER_ENDS
            and row.end.year == row.start.year
            and row.end.month == row.start.month + 2
        )
    ]
    OpenDataQuarter.objects.filter(pk__in=clipped).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0010_open_data_targets"),
    ]

    operations = [
        # Nothing to put back: the clipped figures were the wrong ones.
        migrations.RunPython(drop_clipped_quarters, migrations.RunPython.noop),
    ]
