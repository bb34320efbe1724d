"""The notes on work ability, a decision's grounds and the engine's result it was made on
are stored encrypted, in text columns; the next migration encrypts what is stored."""

import osmari.core.encryption
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0002_official_reference'),
    ]

    operations = [
        migrations.AlterField(
            model_name='decision',
            name='engine_result',
            field=osmari.core.encryption.EncryptedJSONField(verbose_name='eligibility result'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='reason',
            field=osmari.core.encryption.EncryptedTextField(verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='needsassessment',
            name='work_ability_notes',
            field=osmari.core.encryption.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
    ]
