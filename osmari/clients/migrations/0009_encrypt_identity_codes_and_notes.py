"""Encrypt the identity codes and notes on work ability already stored, and fill each
code's lookup hash, with the keys in OSMARI_FIELD_KEYS and OSMARI_LOOKUP_KEY. The reverse
decrypts them. On an existing database, VACUUM afterwards (docs/operations.md): the plain
values may otherwise linger in free pages or dead rows."""

from django.db import migrations


def encrypt(apps, schema_editor):
    from osmari.core.encryption import encrypt_stored

    encrypt_stored(apps, schema_editor, "clients.Client", ["personal_identity_code"])
    encrypt_stored(apps, schema_editor, "clients.SensitiveData", ["reduced_work_ability_notes"])


def decrypt(apps, schema_editor):
    from osmari.core.encryption import decrypt_stored

    decrypt_stored(apps, schema_editor, "clients.Client", ["personal_identity_code"])
    decrypt_stored(apps, schema_editor, "clients.SensitiveData", ["reduced_work_ability_notes"])


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0008_identity_code_encrypted'),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
