import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_work_packages"),
        ("core", "0008_area_evaluation_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="MunicipalShare",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="share of the municipal co-financing (%)",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="amount (€)",
                    ),
                ),
                (
                    "decision",
                    models.CharField(blank=True, max_length=200, verbose_name="decision"),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="municipal_shares",
                        to="reporting.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "municipal share",
                "verbose_name_plural": "municipal shares",
                "ordering": ["municipality__name_fi"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "municipality"),
                        name="municipal_share_one_per_municipality",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("amount__isnull", False), ("percent__isnull", True)),
                            models.Q(("amount__isnull", True), ("percent__isnull", False)),
                            _connector="OR",
                        ),
                        name="municipal_share_percent_or_amount",
                        violation_error_message="Give either a share in per cent or an amount.",
                    ),
                ],
            },
        ),
    ]
