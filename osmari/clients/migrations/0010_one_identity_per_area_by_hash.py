from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0009_encrypt_identity_codes_and_notes'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='client',
            constraint=models.UniqueConstraint(fields=('area', 'identity_hash'), name='client_unique_identity_per_area'),
        ),
    ]
