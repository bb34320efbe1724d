import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("draft", "Draft"),
    ("pilot", "In pilot"),
    ("published", "Published"),
    ("retired", "Retired"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0006_transition_reason_label"),
        ("employers", "0010_staff_reductions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agreementtemplate",
            name="based_on",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agreements.agreementtemplate",
            ),
        ),
        migrations.AddField(
            model_name="agreementtemplate",
            name="pilot_organisations",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="employers.organisation",
                verbose_name="pilot organisations",
            ),
        ),
        migrations.AddField(
            model_name="agreementtemplate",
            name="piloted_from",
            field=models.DateField(blank=True, null=True, verbose_name="piloted from"),
        ),
        migrations.AddField(
            model_name="agreementtemplate",
            name="retired_on",
            field=models.DateField(blank=True, null=True, verbose_name="retired"),
        ),
        # The versions that exist were published by a migration: they stay published.
        migrations.AddField(
            model_name="agreementtemplate",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="published", max_length=10, verbose_name="status"
            ),
        ),
        migrations.AlterField(
            model_name="agreementtemplate",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="draft", max_length=10, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="templatesection",
            name="guidance_plain_fi",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="agreementtemplate",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published"),
        ),
        migrations.CreateModel(
            name="TemplateChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("what_changed", models.TextField(blank=True, verbose_name="what changed")),
                ("why", models.TextField(blank=True, verbose_name="why")),
                (
                    "prompted_by_feedback",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="feedback that prompted it"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "prompted_by_meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="agreements.meeting",
                        verbose_name="agreement review or meeting that prompted it",
                    ),
                ),
                (
                    "template",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="change",
                        to="agreements.agreementtemplate",
                    ),
                ),
            ],
        ),
    ]
