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


def package_found(area_folder: Path, pk: int, checksum: str) -> Path | None:
    """A package of this programme already in the archive with the same records, intact: a
    run that wrote it and was then interrupted before Osmari's copy went. It is used as it
    is, so that a second run never hands the same records over twice."""
    for folder in sorted(area_folder.glob(f"*-programme-{pk}")):
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            content = (folder / "records.json").read_bytes()
        except (OSError, ValueError):
            continue
        listed = [f.get("sha256") for f in manifest.get("files", [])]
        if hashlib.sha256(content).hexdigest() == checksum and checksum in listed:
            return folder
    return None


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
    content = serializers.serialize("json", records, indent=1).encode()
    checksum = hashlib.sha256(content).hexdigest()
    root = Path(settings.ARCHIVE_ROOT)
    found = package_found(root / listing.area.code, pk, checksum)
    if found is not None:
        _remove(pk)
        entry.archived_to = str(found.relative_to(root))
        entry.checksum = checksum
        return
    relative = Path(listing.area.code) / f"{today:%Y%m%d}-programme-{pk}"
    folder = root / relative
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder, "records.json", content)
    counts: dict[str, int] = {}
    for record in records:
        counts[record._meta.label] = counts.get(record._meta.label, 0) + 1
    retention = register.PROGRAMME_RECORD
    manifest = {
        "record_type": str(register.PROGRAMME_RECORD_TYPE.name),
        "retention": f"{retention.period}; {retention.at_end}",
        # The records plan's term the period comes from (osmari.core.register, docs/privacy.md).
        "records_plan": {"term": retention.code, "years": retention.years},
        "area": listing.area.code,
        "destruction_list": listing.pk,
        "handed_over_at": timezone.now().isoformat(),
        "files": [{"name": "records.json", "sha256": checksum, "bytes": len(content)}],
        "records": counts,
        "format": "Django serialisation (JSON); loads back with manage.py loaddata",
    }
    _write(folder, "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    _remove(pk)
    entry.archived_to = str(relative)
    entry.checksum = checksum


def _remove(pk: int) -> None:
    FrozenPeriod.objects.filter(programme_id=pk).delete()
    ProgrammePayment.objects.filter(programme_id=pk).delete()
    retention_hooks.programme_remove(pk)
