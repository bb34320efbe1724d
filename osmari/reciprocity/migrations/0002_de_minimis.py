import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

# The kinds that are always undertakings (osmari.reciprocity.deminimis), as they were when
# this migration was written: a later change of the rule must not change what it did.
UNDERTAKINGS = ("company", "private_trader", "cooperative", "social_enterprise")


def mark_aid_to_undertakings(apps, schema_editor):
    """Decisions made before the declaration existed count against the ceiling too."""
    SubsidyCommitment = apps.get_model("reciprocity", "SubsidyCommitment")
    SubsidyCommitment.objects.filter(organisation__kind__in=UNDERTAKINGS).update(de_minimis=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reciprocity", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="subsidycommitment",
            name="de_minimis",
            field=models.BooleanField(default=False, verbose_name="de minimis aid"),
        ),
        migrations.AddField(
            model_name="subsidycommitment",
            name="declared_on",
            field=models.DateField(blank=True, null=True, verbose_name="declaration signed on"),
        ),
        migrations.AddField(
            model_name="subsidycommitment",
            name="other_aid_declared",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=11,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="other de minimis aid declared for the last three years (€)",
            ),
        ),
        migrations.AddField(
            model_name="subsidycommitment",
            name="other_aid_from",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="who granted the other aid"
            ),
        ),
        migrations.CreateModel(
            name="AidRefusal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "decision_number",
                    models.CharField(max_length=40, verbose_name="decision number"),
                ),
                ("decided_on", models.DateField(verbose_name="decided on")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2, max_digits=11, verbose_name="aid asked (€)"
                    ),
                ),
                (
                    "other_aid_declared",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=11,
                        verbose_name="other de minimis aid declared (€)",
                    ),
                ),
                (
                    "granted_here",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=11,
                        verbose_name="granted by the area in three years (€)",
                    ),
                ),
                (
                    "ceiling",
                    models.DecimalField(decimal_places=2, max_digits=11, verbose_name="ceiling (€)"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="aid_refusals",
                        to="employers.organisation",
                    ),
                ),
                (
                    "refused_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reciprocity.subsidyscheme",
                    ),
                ),
            ],
            options={
                "verbose_name": "refused de minimis aid",
                "ordering": ["-decided_on", "-pk"],
            },
        ),
        migrations.RunPython(mark_aid_to_undertakings, migrations.RunPython.noop),
    ]
