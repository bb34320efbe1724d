"""Encrypt the notes on work ability, the decisions' grounds and engine results already
stored, with the keys in OSMARI_FIELD_KEYS; the reverse decrypts them."""

from django.db import migrations


def encrypt(apps, schema_editor):
    from osmari.core.encryption import encrypt_stored

    encrypt_stored(apps, schema_editor, "screening.NeedsAssessment", ["work_ability_notes"])
    encrypt_stored(apps, schema_editor, "screening.Decision", ["reason", "engine_result"])


def decrypt(apps, schema_editor):
    from osmari.core.encryption import decrypt_stored

    decrypt_stored(apps, schema_editor, "screening.NeedsAssessment", ["work_ability_notes"])
    decrypt_stored(apps, schema_editor, "screening.Decision", ["reason", "engine_result"])


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0003_encrypted_notes_and_grounds'),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
