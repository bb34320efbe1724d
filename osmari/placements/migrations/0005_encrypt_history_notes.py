"""Encrypt the history notes already stored, with the keys in OSMARI_FIELD_KEYS; the
reverse decrypts them."""

from django.db import migrations


def encrypt(apps, schema_editor):
    from osmari.core.encryption import encrypt_stored

    encrypt_stored(apps, schema_editor, "placements.PlacementTransition", ["note"])


def decrypt(apps, schema_editor):
    from osmari.core.encryption import decrypt_stored

    decrypt_stored(apps, schema_editor, "placements.PlacementTransition", ["note"])


class Migration(migrations.Migration):

    dependencies = [
        ('placements', '0004_encrypted_history_note'),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
