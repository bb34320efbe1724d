"""Re-encrypt what is stored under the first key of OSMARI_FIELD_KEYS.

    manage.py rotate_field_keys             # after putting a new key first
    manage.py rotate_field_keys --rehash    # after changing OSMARI_LOOKUP_KEY as well

Safe to run again: a value the first key already opens is left alone.
"""

from django.core.management.base import BaseCommand, CommandError

from osmari.core.encryption import EncryptionKeyError, field_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of OSMARI_FIELD_KEYS; with "
        "--rehash, also recompute the identity codes' lookup hashes with OSMARI_LOOKUP_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="recompute the lookup hashes with the OSMARI_LOOKUP_KEY now set",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, rehash: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            done = field_keys_rotate(actor=None, rehash=rehash, batch_size=batch_size)
        except EncryptionKeyError as error:
            raise CommandError(str(error)) from None
        for rotated in done:
            line = f"{rotated.model}: {rotated.reencrypted} rows re-encrypted"
            if rehash:
                line += f", {rotated.rehashed} lookup hashes recomputed"
            self.stdout.write(line)
