from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TOPICS = [
    ("identification", "Identification model"),
    ("feedback", "Feedback model"),
    ("agreement", "Cooperation-agreement model"),
    ("reciprocity", "Reciprocity model"),
    ("other", "Other competence"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_municipal_shares"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="stafftraining",
            name="topic",
            field=models.CharField(default="other", max_length=20, verbose_name="topic"),
        ),
        migrations.CreateModel(
            name="AreaTraining",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(choices=TOPICS, max_length=20, verbose_name="topic")),
                ("title", models.CharField(max_length=200, verbose_name="training")),
                ("provider", models.CharField(blank=True, max_length=150, verbose_name="provider")),
                ("completed_on", models.DateField(verbose_name="completed")),
                (
                    "hours",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=5,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.5"))],
                        verbose_name="hours",
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person trained",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="area_trainings",
                        to="reporting.programme",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "training of the area's staff",
                "verbose_name_plural": "trainings of the area's staff",
                "ordering": ["-completed_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="TopicGoal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(choices=TOPICS, max_length=20, verbose_name="topic")),
                ("roles", models.JSONField(default=list, verbose_name="roles to be trained")),
                ("due_on", models.DateField(verbose_name="trained by")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="topic_goals",
                        to="reporting.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "training goal",
                "verbose_name_plural": "training goals",
                "ordering": ["topic"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "topic"), name="topic_goal_one_per_topic"
                    )
                ],
            },
        ),
    ]
