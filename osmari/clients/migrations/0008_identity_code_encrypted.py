"""The identity code and the notes on work ability are stored encrypted (text columns wide
enough for a token), and the identity code gets its keyed hash beside it. The values are
encrypted by the next migration; one identity per area is held on the hash after that."""

import osmari.core.encryption
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0007_consent_recipient_on_the_organisations_side'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='client',
            name='client_unique_hetu_per_area',
        ),
        migrations.AddField(
            model_name='client',
            name='identity_hash',
            field=osmari.core.encryption.LookupHashField(default='', editable=False, max_length=64, source='personal_identity_code'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='client',
            name='personal_identity_code',
            field=osmari.core.encryption.EncryptedCharField(max_length=11, verbose_name='personal identity code'),
        ),
        migrations.AlterField(
            model_name='sensitivedata',
            name='reduced_work_ability_notes',
            field=osmari.core.encryption.EncryptedTextField(blank=True, verbose_name='notes on work ability'),
        ),
    ]
