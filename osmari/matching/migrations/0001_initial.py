import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0008_area_evaluation_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AssignmentProposal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("municipality", models.CharField(blank=True, max_length=3, verbose_name="municipality code")),
                ("made_at", models.DateTimeField(auto_now_add=True, verbose_name="made")),
                ("pairs", models.JSONField(default=list, verbose_name="pairs")),
                ("unplaced_none", models.JSONField(default=list, verbose_name="people no place allows")),
                ("unplaced_taken", models.JSONField(default=list, verbose_name="people whose places went to others")),
                ("client_count", models.PositiveIntegerField(default=0, verbose_name="people waiting")),
                ("position_count", models.PositiveIntegerField(default=0, verbose_name="open positions")),
                ("places", models.PositiveIntegerField(default=0, verbose_name="open places")),
                ("total", models.FloatField(default=0, verbose_name="total fit")),
                ("greedy_total", models.FloatField(default=0, verbose_name="total fit one pair at a time")),
                ("area", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.employmentarea", verbose_name="area")),
                ("requested_by", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="requested by")),
            ],
            options={
                "verbose_name": "assignment proposal",
                "verbose_name_plural": "assignment proposals",
                "indexes": [models.Index(fields=["requested_by", "area", "municipality", "-made_at"], name="assignment_latest")],
            },
        ),
    ]
