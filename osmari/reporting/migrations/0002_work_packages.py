import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkPackage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(help_text="For example TP1.", max_length=10, verbose_name="code")),
                ("kind", models.CharField(choices=[("identification", "Identification (TP1)"), ("feedback", "Feedback (TP2)"), ("agreements", "Cooperation agreements (TP3)"), ("reciprocity", "Reciprocity (TP4)"), ("management", "Management")], max_length=20, verbose_name="model")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("goals", models.TextField(help_text="What the package achieves, concretely.", verbose_name="goals")),
                ("deliverables", models.TextField(blank=True, verbose_name="deliverables")),
                ("planned_salary_costs", models.DecimalField(decimal_places=2, default=Decimal("0"), help_text="The package's share of the funding decision's eligible salary costs.", max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name="planned salary costs (€)")),
                ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="work_packages", to="reporting.programme")),
            ],
            options={
                "verbose_name": "work package",
                "verbose_name_plural": "work packages",
                "ordering": ["code"],
            },
        ),
        migrations.AddConstraint(
            model_name="workpackage",
            constraint=models.UniqueConstraint(fields=("programme", "code"), name="work_package_code_once", violation_error_message="The programme already has a package with this code."),
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="milestone")),
                ("due_on", models.DateField(verbose_name="due")),
                ("status", models.CharField(choices=[("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done")], default="planned", max_length=20, verbose_name="status")),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done")),
                ("package", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="milestones", to="reporting.workpackage")),
                ("owner", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="milestones", to="reporting.staffmember", verbose_name="owner")),
            ],
            options={
                "verbose_name": "milestone",
                "verbose_name_plural": "milestones",
                "ordering": ["due_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="MilestoneUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done")], max_length=20, verbose_name="status")),
                ("on", models.DateField(verbose_name="date")),
                ("note", models.TextField(verbose_name="what was done")),
                ("evidence_link", models.CharField(blank=True, help_text="A page in Osmari (copy the address from the browser) or a document's https address.", max_length=500, verbose_name="evidence: link")),
                ("evidence_number", models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="evidence: number")),
                ("evidence_number_label", models.CharField(blank=True, max_length=200, verbose_name="what the number counts")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                ("milestone", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="updates", to="reporting.milestone")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "milestone update",
                "verbose_name_plural": "milestone updates",
                "ordering": ["-on", "-pk"],
            },
        ),
        # Hours recorded before the plan keep their month and stay "not allocated".
        migrations.RemoveConstraint(
            model_name="workingtime",
            name="working_time_one_per_month",
        ),
        migrations.AddField(
            model_name="workingtime",
            name="package",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="hours", to="reporting.workpackage", verbose_name="work package"),
        ),
        migrations.AddConstraint(
            model_name="workingtime",
            constraint=models.UniqueConstraint(fields=("staff", "month", "package"), name="working_time_one_per_package"),
        ),
        migrations.AddConstraint(
            model_name="workingtime",
            constraint=models.UniqueConstraint(condition=models.Q(("package__isnull", True)), fields=("staff", "month"), name="working_time_one_unallocated"),
        ),
    ]
