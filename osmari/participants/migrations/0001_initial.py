from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="UsedSignInLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("used_at", models.DateTimeField(auto_now_add=True, verbose_name="used")),
            ],
            options={
                "verbose_name": "used sign-in link",
                "verbose_name_plural": "used sign-in links",
            },
        ),
    ]
