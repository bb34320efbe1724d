import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def letters_from_dates(apps, schema_editor):
    """Each date kept before becomes a letter of that date, without a document or signatory:
    nobody recorded them, and the pipeline's rule now asks for a letter."""
    Organisation = apps.get_model("employers", "Organisation")
    LetterOfIntent = apps.get_model("employers", "LetterOfIntent")
    dated = Organisation.objects.filter(letter_of_intent_on__isnull=False).order_by("pk")
    LetterOfIntent.objects.bulk_create(
        LetterOfIntent(organisation_id=pk, signed_on=day)
        for pk, day in dated.values_list("pk", "letter_of_intent_on").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0010_staff_reductions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LetterOfIntent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("signed_on", models.DateField(verbose_name="signed on")),
                (
                    "signatory",
                    models.CharField(blank=True, max_length=150, verbose_name="signed by"),
                ),
                (
                    "document",
                    models.FileField(
                        blank=True, upload_to="letters-of-intent/%Y/", verbose_name="letter"
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="letters_of_intent",
                        to="employers.organisation",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "letter of intent",
                "verbose_name_plural": "letters of intent",
                "ordering": ["-signed_on", "-id"],
            },
        ),
        migrations.RunPython(letters_from_dates, migrations.RunPython.noop),
    ]
