"""A period's history note (often why it ended: health or life) is stored encrypted, in a
text column; the next migration encrypts what is stored."""

import osmari.core.encryption
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('placements', '0003_history_in_the_shared_shape'),
    ]

    operations = [
        migrations.AlterField(
            model_name='placementtransition',
            name='note',
            field=osmari.core.encryption.EncryptedCharField(blank=True, max_length=500, verbose_name='note'),
        ),
    ]
