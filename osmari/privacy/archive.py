"""The hand-over to the archive of records whose retention ends in archiving (the programme).

A package is a folder under ARCHIVE_ROOT: `records.json`, the records in Django's own
serialisation (which loads back with `loaddata`), and `manifest.json`, which says what they
are, under which retention, from which destruction list, with the records' SHA-256 for the
archive to check on receipt. Only once the package is written and read back unchanged do
Osmari's own copies go.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.utils import timezone

from osmari.core import register, retention_hooks
from osmari.privacy.models import DestructionEntry, FrozenPeriod, ProgrammePayment


class PackageDamaged(Exception):
    """The package read back differs from what was written: nothing is removed."""


def _write(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    if path.read_bytes() != content:
        raise PackageDamaged(str(path))
    return hashlib.sha256(content).hexdigest()


def programme_hand_over(entry: DestructionEntry, today: date) -> None:
    """Hand the programme of `entry` to the archive and remove it from Osmari; the entry
    records where it went and its checksum. The caller holds the transaction."""
    pk = int(entry.object_pk)
    listing = entry.destruction_list
    records = [
        *retention_hooks.programme_records(pk),
        *ProgrammePayment.objects.filter(programme_id=pk),
        *FrozenPeriod.objects.filter(programme_id=pk),
    ]
    relative = Path(listing.area.code) / f"{today:%Y%m%d}-programme-{pk}"
    folder = Path(settings.ARCHIVE_ROOT) / relative
    folder.mkdir(parents=True, exist_ok=True)
    content = serializers.serialize("json", records, indent=1).encode()
    checksum = _write(folder, "records.json", content)
    counts: dict[str, int] = {}
    for record in records:
        counts[record._meta.label] = counts.get(record._meta.label, 0) + 1
    retention = register.PROGRAMME_RECORD
    manifest = {
        "record_type": str(register.PROGRAMME_RECORD_TYPE.name),
        "retention": f"{retention.period}; {retention.at_end}",
        "area": listing.area.code,
        "destruction_list": listing.pk,
        "handed_over_at": timezone.now().isoformat(),
        "files": [{"name": "records.json", "sha256": checksum, "bytes": len(content)}],
        "records": counts,
        "format": "Django serialisation (JSON); loads back with manage.py loaddata",
    }
    _write(folder, "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    FrozenPeriod.objects.filter(programme_id=pk).delete()
    ProgrammePayment.objects.filter(programme_id=pk).delete()
    retention_hooks.programme_remove(pk)
    entry.archived_to = str(relative)
    entry.checksum = checksum
