"""One employment area's data, handed over whole: exported, loaded elsewhere, erased here.

Every employment area is its own data controller on a shared database. When an area leaves
(to another supplier, or its own installation), everything of it goes in one file: the rows
of every model that belong to the area, directly or through a chain of foreign keys, the
shared rows they point to (accounts, national survey versions and agreement templates), and
the uploaded files those rows name. The models are found from Django's registry, not listed
by hand: a model whose rows lead to `EmploymentArea` is the area's; a model that does not
must be named in one of the maps below, and `tests` fail for a new model that is not.

Rows keep their primary keys, so that the references between them hold in the new
installation. Classifications (`load_reference`) are written by their codes instead, since
a fresh installation numbers them itself. The file holds personal data in clear (the
encrypted fields decrypted): it is carried as the database itself is (docs/area-handover.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers import python as python_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from osmari.accounts.models import Membership, User
from osmari.accounts.services import user_personal_data_remove
from osmari.core.audit import audit_record, log_expire, operator_name
from osmari.core.models import AuditEvent, EmploymentArea
from osmari.employers.models import OrganisationMembership

FORMAT = 1
AREA = "core.EmploymentArea"
# A sealed export: this line, the key's salt, the nonce, then the tar under AES-256-GCM.
SEALED = b"OSMARI-AREA-SEALED-1\n"
SALT_BYTES, NONCE_BYTES = 16, 12
# scrypt's cost: about a second and 32 MiB to try one passphrase.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
EXPORTED = "area.handover_export"
ERASED = "area.handover_erase"

# Classifications every installation loads itself (`load_reference`): a row refers to them
# by this field, never by the number this installation gave them.
REFERENCE: dict[str, str] = {
    "core.Region": "code",
    "core.Municipality": "code",
    "core.PostalCode": "code",
    "core.OccupationGroup": "code",
    "core.Occupation": "esco_uri",
    "core.Skill": "esco_uri",
    "core.Industry": "code",
    "core.EducationLevel": "code",
    AREA: "code",
    "auth.Group": "name",
}

# Rows of no area that an area's rows point to: they go in the file with the rows pointing
# to them, and a new installation that already has the same row keeps its own. The fields
# say which row it is, so that a different row under the same key is refused.
SHARED: dict[str, tuple[str, ...]] = {
    "accounts.User": ("email",),
    "feedback.Survey": ("key",),
    # The national versions, surveys and templates (no area): those of an area are its own.
    "feedback.SurveyVersion": ("survey", "number"),
    "feedback.Question": ("version", "key"),
    "agreements.AgreementTemplate": ("version",),
    "agreements.TemplateSection": ("template", "key"),
    "clients.ConsentText": ("purpose", "version"),
}

# Rows that would go with an account: none do. Sign-in secrets stay with the installation
# that issued them (see NOT_HANDED_OVER): the receiver's people set up a second factor and
# their identity provider's binding there, as newly invited staff do.
FOLLOW_USER: dict[str, str] = {}

# An account goes in the file as a person to name (who recorded what), never as a way in:
# no password hash, no administrator flags, no direct permissions. These are written so on
# export and forced so again on import, whatever the file says.
ACCOUNT_SCRUBBED: dict[str, Any] = {
    "password": "!",  # Django's unusable password: the receiver invites them to set one
    "is_superuser": False,
    "is_staff": False,
    "last_login": None,
    "groups": [],
    "user_permissions": [],
}

# Models of no area that stay with the installation, and why.
NOT_HANDED_OVER: dict[str, str] = {
    "auth.Permission": "made by migrate from the models",
    "contenttypes.ContentType": "made by migrate from the models",
    "sessions.Session": "logins are not carried over: people log in again",
    "participants.UsedSignInLink": "digests of used sign-in links, which end in half an hour",
    "axes.AccessFailureLog": "lockout counters of this installation",
    "axes.AccessAttempt": "lockout counters of this installation",
    "axes.AccessAttemptExpiration": "lockout counters of this installation",
    "axes.AccessLog": "lockout counters of this installation",
    "core.AuditLogExpiry": "expiries of the whole installation's log",
    "feedback.LinkMiss": "limits on guessed feedback links, by address",
    "admin.LogEntry": "the admin site's own list; the audit log is what is handed over",
    "otp_totp.TOTPDevice": "sign-in secrets stay with the installation that issued them",
    "otp_static.StaticDevice": "sign-in secrets stay with the installation that issued them",
    "otp_static.StaticToken": "sign-in secrets stay with the installation that issued them",
    "accounts.ExternalIdentity": "a binding to this installation's identity provider",
    "reporting.IndicatorFactMark": "how far this installation's indicator facts have caught \
up; the receiver's catch up on their own",
    "django_tasks_database.DBTaskResult": "background jobs of this installation; their results \
are in the area's own rows",
}

# Foreign keys not followed when finding a model's way to its area: they point to
# accounts and classifications, which belong to no area.
_NOT_OWNERS = {"accounts.User", *REFERENCE}
_MAX_DEPTH = 5


class HandoverError(Exception):
    """The file or the database is not what the handover needs: nothing was changed."""


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _paths_to_area(model: type[models.Model], depth: int = 0) -> list[str]:
    """Every chain of foreign keys from the model to its employment area, as lookups."""
    if depth > _MAX_DEPTH:
        return []
    paths: list[str] = []
    for fk in model._meta.concrete_fields:
        if not fk.is_relation or fk.related_model is model:
            continue
        target = fk.related_model
        if _label(target) == AREA:
            paths.append(fk.name)
        elif _label(target) not in _NOT_OWNERS:
            paths += [f"{fk.name}__{rest}" for rest in _paths_to_area(target, depth + 1)]
    return paths


def area_models() -> dict[str, list[str]]:
    """The models whose rows belong to an area, with their ways to it."""
    found = {}
    for model in apps.get_models():
        label = _label(model)
        if label in REFERENCE:
            continue
        paths = _paths_to_area(model)
        if paths:
            found[label] = paths
    return found


def undecided_models() -> list[str]:
    """Models with no way to an area that no map here names: each needs a decision."""
    owned = area_models()
    named = {*REFERENCE, *SHARED, *FOLLOW_USER, *NOT_HANDED_OVER}
    return sorted(
        _label(m) for m in apps.get_models() if _label(m) not in owned and _label(m) not in named
    )


def _in_area(paths: list[str], area: EmploymentArea) -> Q:
    query = Q()
    for path in paths:
        query |= Q(**{path: area.pk})
    return query


def _ordered(labels: Iterable[str]) -> list[str]:
    """Dependencies first, where the references allow it (a cycle is loaded as one)."""
    labels = set(labels)
    done: list[str] = []
    seen: set[str] = set()

    def visit(label: str, path: set[str]) -> None:
        if label in seen or label in path:
            return
        path.add(label)
        model = apps.get_model(label)
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        for fk in fields:
            if fk.is_relation and _label(fk.related_model) in labels:
                visit(_label(fk.related_model), path)
        path.discard(label)
        seen.add(label)
        done.append(label)

    for label in sorted(labels):
        visit(label, set())
    return done


# --- Rows as text ----------------------------------------------------------------------------


class _Keys:
    """The codes of the classifications, both ways, read once per run."""

    def __init__(self) -> None:
        self._by_pk: dict[str, dict[Any, str]] = {}
        self._by_key: dict[str, dict[str, Any]] = {}

    def _load(self, label: str) -> None:
        if label not in self._by_pk:
            pairs = apps.get_model(label)._default_manager.values_list("pk", REFERENCE[label])
            self._by_pk[label] = dict(pairs)
            self._by_key[label] = {key: pk for pk, key in self._by_pk[label].items()}

    def key(self, label: str, pk: Any) -> str:
        self._load(label)
        return self._by_pk[label][pk]

    def pk(self, label: str, key: str) -> Any:
        self._load(label)
        try:
            return self._by_key[label][key]
        except KeyError:
            raise HandoverError(
                f"{label} {key!r} is not in this installation: run load_reference first."
            ) from None


def _rows(model: type[models.Model], queryset: models.QuerySet, keys: _Keys) -> list[dict]:
    """The rows as Django's serializer writes them, classifications by code, in key order;
    the area's own row without its number, which each installation gives itself."""
    label = _label(model)
    objects = queryset.order_by("pk")
    if model._meta.many_to_many:
        objects = objects.prefetch_related(*(f.name for f in model._meta.many_to_many))
    rows = python_serializer.Serializer().serialize(objects.iterator(chunk_size=500))
    relations = {
        f.name: _label(f.related_model)
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.is_relation and _label(f.related_model) in REFERENCE
    }
    for row in rows:
        if label == AREA:
            row["pk"] = None
        if label == "accounts.User":
            row["fields"].update(ACCOUNT_SCRUBBED)
        for name, target in relations.items():
            value = row["fields"][name]
            if isinstance(value, list):
                row["fields"][name] = sorted(keys.key(target, pk) for pk in value)
            elif value is not None:
                row["fields"][name] = keys.key(target, value)
        for name, value in row["fields"].items():
            if name not in relations and isinstance(value, list) and name in _m2m(model):
                row["fields"][name] = sorted(value)
    return rows


def _m2m(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.many_to_many}


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, and a row
    loaded from the file would then differ from the row exported."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _text(rows: list[dict]) -> bytes:
    return json.dumps(rows, cls=_Encoder, sort_keys=True, indent=1).encode()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- What the area holds ---------------------------------------------------------------------


@dataclass
class Selection:
    """The rows of one area and the shared rows they point to, by model."""

    area: EmploymentArea
    own: dict[str, models.QuerySet] = field(default_factory=dict)
    shared: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))


def _pointed_to(model: type[models.Model], rows: models.QuerySet) -> Iterator[tuple[str, Any]]:
    """The rows of no classification that these rows point to, as (model, key)."""
    for fk in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if fk.is_relation and _label(fk.related_model) not in REFERENCE:
            name = fk.name if fk.many_to_many else fk.attname
            for value in rows.values_list(name, flat=True).distinct():
                if value is not None:
                    yield _label(fk.related_model), value


def select(area: EmploymentArea) -> Selection:
    selection = Selection(area)
    selection.own[AREA] = EmploymentArea.objects.filter(pk=area.pk)
    for label, paths in area_models().items():
        model = apps.get_model(label)
        selection.own[label] = model._default_manager.filter(_in_area(paths, area)).distinct()
    own_pks = {label: set(qs.values_list("pk", flat=True)) for label, qs in selection.own.items()}

    # The shared rows the area's rows point to, and the rows those point to, until closed.
    pending: dict[str, models.QuerySet] = dict(selection.own)
    while pending:
        found: dict[str, set[Any]] = defaultdict(set)
        for label, rows in pending.items():
            for target, pk in _pointed_to(apps.get_model(label), rows):
                if pk not in own_pks.get(target, ()) and pk not in selection.shared[target]:
                    found[target].add(pk)
        for label, pks in found.items():
            selection.shared[label] |= pks
        pending = {
            label: apps.get_model(label)._default_manager.filter(pk__in=pks)
            for label, pks in found.items()
        }

    users = selection.shared.get("accounts.User", set())
    for label, path in FOLLOW_USER.items():
        model = apps.get_model(label)
        pks = model._default_manager.filter(**{f"{path}__in": users}).values_list("pk", flat=True)
        selection.shared[label] |= set(pks)
    unknown = sorted(
        label
        for label, pks in selection.shared.items()
        if pks and label not in SHARED and label not in FOLLOW_USER
    )
    if unknown:
        # An area's row points to another area's: the areas are not separable as they are.
        raise HandoverError(f"Rows of {area.code} point to rows of no area in: {unknown}")
    return selection


def _files(model: type[models.Model], rows: list[dict]) -> Iterator[str]:
    names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    for row in rows:
        for name in names:
            if row["fields"].get(name):
                yield row["fields"][name]


def media_of(selection: Selection) -> list[str]:
    """The uploaded files the area's own rows name."""
    found: list[str] = []
    for label, queryset in selection.own.items():
        model = apps.get_model(label)
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                found += [n for n in queryset.values_list(f.attname, flat=True) if n]
    return sorted(found)


def _content(area: EmploymentArea, keys: _Keys | None = None) -> dict[str, str]:
    """The checksum of each of the area's own models as it now stands."""
    keys = keys or _Keys()
    return {
        label: _sha(_text(_rows(apps.get_model(label), qs, keys)))
        for label, qs in sorted(select(area).own.items())
    }


def _digest(checksums: dict[str, str]) -> str:
    return _sha(json.dumps(checksums, sort_keys=True).encode())


def osmari_version() -> dict[str, str]:
    """The latest migration of each app: what the rows' shapes are."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


# --- Export ----------------------------------------------------------------------------------


@dataclass
class Export:
    manifest: dict[str, Any]
    reference: str  # the manifest's checksum, which erasing asks for


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def export_area(area: EmploymentArea, out: io.BufferedIOBase | Any) -> Export:
    """Write the area to `out` as a tar: `manifest.json`, a fixture per model and kind
    (`own/`, `shared/`) and the files under `media/`. Recorded in the log (no area: the
    record outlives the area's rows) with the manifest's checksum."""
    keys = _Keys()
    # One consistent reading, also on PostgreSQL, where each query would see its own
    # (already so where a caller's transaction is open).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        selection = select(area)
        entries, media, fixtures = [], {}, {}
        labels = _ordered([*selection.own, *selection.shared])
        for label in labels:
            model = apps.get_model(label)
            for kind, queryset in (
                ("own", selection.own.get(label)),
                ("shared", model._default_manager.filter(pk__in=selection.shared.get(label, ()))),
            ):
                if queryset is None:
                    continue
                rows = _rows(model, queryset, keys)
                if kind == "shared" and not rows:
                    continue
                data = _text(rows)
                name = f"{kind}/{label}.json"
                fixtures[name] = data
                entries.append({"file": name, "model": label, "kind": kind, "rows": len(rows)})
                entries[-1]["sha256"] = _sha(data)
                for path in _files(model, rows):
                    with default_storage.open(path, "rb") as handle:
                        media[path] = handle.read()
        manifest = {
            "format": FORMAT,
            "area": area.code,
            "exported_at": timezone.now().isoformat(),
            "osmari_version": osmari_version(),
            "fixtures": entries,
            "media": [
                {"name": name, "size": len(data), "sha256": _sha(data)}
                for name, data in sorted(media.items())
            ],
        }
        content = {e["model"]: e["sha256"] for e in entries if e["kind"] == "own"}
        manifest["content"] = _digest(content)
        manifest_data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        reference = _sha(manifest_data)
        with tarfile.open(fileobj=out, mode="w") as tar:
            _add(tar, "manifest.json", manifest_data)
            for name, data in fixtures.items():
                _add(tar, name, data)
            for name, data in sorted(media.items()):
                _add(tar, f"media/{name}", data)
    audit_record(
        actor=None,
        action=EXPORTED,
        changes={
            "area": [None, area.code],
            "manifest": [None, reference],
            "content": [None, manifest["content"]],
            "operator": [None, operator_name()],
            "rows": [None, sum(e["rows"] for e in entries if e["kind"] == "own")],
        },
    )
    return Export(manifest, reference)


def _passphrase_key(passphrase: str, salt: bytes) -> bytes:
    if len(passphrase) < 16:
        raise HandoverError("The passphrase is shorter than 16 characters.")
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode())


def seal(data: bytes, passphrase: str) -> bytes:
    """The export encrypted and authenticated with a key from the passphrase, which the
    receiving controller gets by another way than the file."""
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key = _passphrase_key(passphrase, salt)
    return SEALED + salt + nonce + AESGCM(key).encrypt(nonce, data, SEALED)


def is_sealed(data: bytes) -> bool:
    return data.startswith(SEALED)


def unseal(data: bytes, passphrase: str) -> bytes:
    body = data[len(SEALED) :]
    salt, nonce = body[:SALT_BYTES], body[SALT_BYTES : SALT_BYTES + NONCE_BYTES]
    key = _passphrase_key(passphrase, salt)
    try:
        return AESGCM(key).decrypt(nonce, body[SALT_BYTES + NONCE_BYTES :], SEALED)
    except InvalidTag:
        raise HandoverError(
            "The file does not open with this passphrase, or it was changed after sealing."
        ) from None


# --- Import ----------------------------------------------------------------------------------


def read(path: str, passphrase: str | None = None) -> tuple[dict[str, Any], str, dict[str, bytes]]:
    """The manifest, its checksum and every member of the file (opened with the passphrase
    when sealed), each checked against the manifest."""
    with open(path, "rb") as handle:
        data = handle.read()
    if is_sealed(data):
        if passphrase is None:
            raise HandoverError("The file is sealed: give its passphrase.")
        data = unseal(data, passphrase)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
        members = {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }
    if "manifest.json" not in members:
        raise HandoverError("The file has no manifest.json: it is not an area's export.")
    manifest = json.loads(members["manifest.json"])
    if manifest.get("format") != FORMAT:
        raise HandoverError(f"Unknown export format {manifest.get('format')!r}.")
    for entry in manifest["fixtures"]:
        data = members.get(entry["file"])
        if data is None or _sha(data) != entry["sha256"]:
            raise HandoverError(f"{entry['file']} is missing or does not match the manifest.")
    for entry in manifest["media"]:
        data = members.get(f"media/{entry['name']}")
        if data is None or _sha(data) != entry["sha256"]:
            raise HandoverError(f"media/{entry['name']} is missing or does not match.")
    return manifest, _sha(members["manifest.json"]), members


def _to_local(model: type[models.Model], rows: list[dict], keys: _Keys) -> list[dict]:
    relations = {
        f.name: _label(f.related_model)
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.is_relation and _label(f.related_model) in REFERENCE
    }
    for row in rows:
        row["model"] = _label(model).lower()
        for name, target in relations.items():
            value = row["fields"].get(name)
            if isinstance(value, list):
                row["fields"][name] = [keys.pk(target, v) for v in value]
            elif value is not None:
                row["fields"][name] = keys.pk(target, value)
    return rows


def _same(model: type[models.Model], existing: models.Model, row: dict) -> bool:
    names = SHARED.get(_label(model), ())
    for name in names:
        field_ = model._meta.get_field(name)
        mine = getattr(existing, field_.attname)
        if str(mine) != str(row["fields"][name]):
            return False
    return True


@dataclass
class Loaded:
    area: str
    own: dict[str, int]
    shared_added: dict[str, int]
    shared_kept: dict[str, int]
    files: int


def import_area(path: str, passphrase: str | None = None) -> Loaded:
    """Load an area's export into this installation, keeping the rows' keys, and check that
    what is now here is what was exported. All or nothing."""
    manifest, _reference, members = read(path, passphrase)
    mine = osmari_version()
    behind = sorted(
        app for app, name in manifest["osmari_version"].items() if mine.get(app, "") < name
    )
    if behind:
        raise HandoverError(f"This installation is older than the export in {behind}: migrate.")
    keys = _Keys()
    loaded = Loaded(manifest["area"], {}, defaultdict(int), defaultdict(int), 0)
    written: list[str] = []
    try:
        with transaction.atomic():
            for entry in manifest["fixtures"]:
                model = apps.get_model(entry["model"])
                rows = _to_local(model, json.loads(members[entry["file"]]), keys)
                if entry["model"] == AREA:
                    _area_row(rows[0], manifest["area"])
                    loaded.own[AREA] = 1
                    keys = _Keys()  # the area may be new here
                    continue
                _load(entry, model, rows, loaded)
            connection.check_constraints()
            _reset_sequences(manifest)
            area = EmploymentArea.objects.get(code=manifest["area"])
            _verify(manifest, members, area)
            _media_write(manifest, members, loaded, written)
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise
    audit_record(
        actor=None,
        action="area.handover_import",
        changes={
            "area": [None, manifest["area"]],
            "manifest": [None, _reference],
            "operator": [None, operator_name()],
        },
    )
    return loaded


def _taken(model: type[models.Model], pks: list[Any]) -> Any:
    """A key of these already in use here, if any: asked in slices, as SQLite limits how
    many values one query takes."""
    for first in range(0, len(pks), 500):
        taken = model._default_manager.filter(pk__in=pks[first : first + 500]).first()
        if taken is not None:
            return taken.pk
    return None


def _load(
    entry: dict[str, Any], model: type[models.Model], rows: list[dict], loaded: Loaded
) -> None:
    label = entry["model"]
    if entry["kind"] == "shared" and label not in SHARED:
        # A file from elsewhere is input: it may add only the kinds of shared row an export
        # writes, never a session, a role in another area or a device.
        raise HandoverError(f"The file has rows of {label}, which a handover never carries.")
    if entry["kind"] == "own" and label not in area_models():
        raise HandoverError(f"The file has rows of {label} as the area's own: it is not.")
    if label == "accounts.User":
        rows = [{**r, "fields": {**r["fields"], **ACCOUNT_SCRUBBED}} for r in rows]
    if entry["kind"] == "own":
        taken = _taken(model, [r["pk"] for r in rows])
        if taken is not None:
            raise HandoverError(
                f"{label} already has rows under the export's keys (e.g. {taken}): "
                "load into a fresh installation."
            )
        loaded.own[label] = len(rows)
    by_pk = {r["pk"]: r for r in rows}
    for obj in python_serializer.Deserializer(rows, handle_forward_references=False):
        if entry["kind"] == "shared":
            existing = model._default_manager.filter(pk=obj.object.pk).first()
            if existing is not None:
                if not _same(model, existing, by_pk[obj.object.pk]):
                    raise HandoverError(f"{label} {obj.object.pk} is another row here.")
                loaded.shared_kept[label] += 1
                continue
            loaded.shared_added[label] += 1
        obj.save(force_insert=True)


def _media_write(
    manifest: dict[str, Any], members: dict[str, bytes], loaded: Loaded, written: list[str]
) -> None:
    for entry in manifest["media"]:
        name = entry["name"]
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if _sha(handle.read()) != entry["sha256"]:
                    raise HandoverError(f"{name} is already here with other content.")
            continue
        saved = default_storage.save(name, ContentFile(members[f"media/{name}"]))
        written.append(saved)
        if saved != name:
            raise HandoverError(f"{name} could not be written under its own name.")
        loaded.files += 1


def _area_row(row: dict, code: str) -> None:
    """The area's own settings come with it; the installation keeps its number for it."""
    fields = dict(row["fields"])
    municipalities = fields.pop("municipalities", [])
    area = EmploymentArea.objects.filter(code=code).first()
    if area is None:
        area = EmploymentArea(**fields)
    else:
        for name, value in fields.items():
            setattr(area, name, value)
    area.save()
    area.municipalities.set(municipalities)


def _reset_sequences(manifest: dict[str, Any]) -> None:
    from django.core.management.color import no_style

    models_ = [apps.get_model(e["model"]) for e in manifest["fixtures"]]
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _verify(manifest: dict[str, Any], members: dict[str, bytes], area: EmploymentArea) -> None:
    """What this installation now holds of the area is, row for row, what was exported."""
    now = _content(area)
    expected = {e["model"]: e["sha256"] for e in manifest["fixtures"] if e["kind"] == "own"}
    differ = sorted(label for label in expected if now.get(label) != expected[label])
    if differ:
        raise HandoverError(f"After loading, these differ from the export: {differ}")
    if _digest(now) != manifest["content"]:
        raise HandoverError("After loading, the area's models differ from the export's.")


# --- Erase -----------------------------------------------------------------------------------


@dataclass
class Erased:
    rows: dict[str, int]
    files: int
    log_events: int
    accounts_ended: int


def recorded_export(area: EmploymentArea, reference: str) -> AuditEvent | None:
    for event in AuditEvent.objects.filter(action=EXPORTED, area__isnull=True):
        changes = event.changes
        if changes.get("area", [None, None])[1] == area.code and (
            changes.get("manifest", [None, None])[1] == reference
        ):
            return event
    return None


def _delete_own(selection: Selection) -> dict[str, int]:
    """Delete the area's rows, children first; a row held by another waits for a later
    round. The log and the area's row are not among them."""
    counts: dict[str, int] = defaultdict(int)
    kept = {AREA, _label(AuditEvent)}
    waiting = [label for label in reversed(_ordered(selection.own)) if label not in kept]
    while waiting:
        refused = []
        for label in waiting:
            model = apps.get_model(label)
            rows = model._default_manager.filter(pk__in=selection.own[label].values("pk"))
            try:
                with transaction.atomic():
                    _total, by_model = rows.delete()
            except (ProtectedError, RestrictedError):
                refused.append(label)
                continue
            for name, n in by_model.items():
                counts[name] += n
        if refused == waiting:
            code = selection.area.code
            raise HandoverError(f"Rows of no area hold on to these of {code}: {refused}")
        waiting = refused
    return {k: v for k, v in sorted(counts.items()) if v}


def _accounts_end(users: set[Any]) -> int:
    """The accounts left with no role anywhere lose their personal data."""
    ended = 0
    for user in User.objects.filter(pk__in=users, personal_data_removed_on__isnull=True):
        if not (
            Membership.objects.filter(user=user).exists()
            or OrganisationMembership.objects.filter(user=user).exists()
        ):
            user_personal_data_remove(actor=None, user=user)
            ended += 1
    return ended


def erase_area(area: EmploymentArea, *, reference: str) -> Erased:
    """Remove every row and file of the area, after its export: `reference` is the export's
    manifest checksum, and the area must hold now exactly what that export holds. The
    accounts of people who were only the area's lose their personal data as at the end of
    their retention; the area's row stays, inactive, as the log's events name it."""
    event = recorded_export(area, reference)
    if event is None:
        raise HandoverError(f"No export of {area.code} with the reference {reference} was made.")
    with transaction.atomic():
        # One transaction from the check to the last row: the log is not removed unless the
        # rows go too, and the area's row is locked against a second erasure meanwhile.
        EmploymentArea.objects.select_for_update().filter(pk=area.pk).first()
        erased, files = _erase(area, event, reference)
    # The files go once the rows naming them are gone for good.
    for name in files:
        default_storage.delete(name)
    return erased


def _erase(area: EmploymentArea, event: AuditEvent, reference: str) -> tuple[Erased, list[str]]:
    if _digest(_content(area)) != event.changes["content"][1]:
        raise HandoverError(f"{area.code} has changed since that export: export it again.")
    selection = select(area)
    members = set(Membership.objects.filter(area=area).values_list("user_id", flat=True))
    members |= set(
        OrganisationMembership.objects.filter(organisation__area=area).values_list(
            "user_id", flat=True
        )
    )
    files = media_of(selection)
    # The log first, the way expired ranges go, up to a second from now so that only the
    # record of its removal stays. Where the database refuses the role (PostgreSQL's
    # application role), nothing has been erased yet: the owner runs the command.
    try:
        removed = log_expire(before=timezone.now() + timedelta(seconds=1), area=area)
    except DatabaseError as error:
        raise HandoverError(
            "The database refused to remove the area's log: run erase_area as the database "
            f"owner (the role that runs migrate). {error}"
        ) from error
    counts = _delete_own(selection)
    ended = _accounts_end(members)
    area.is_active = False
    area.save(update_fields=["is_active"])
    audit_record(
        actor=None,
        action=ERASED,
        changes={
            "area": [area.code, None],
            "manifest": [None, reference],
            "rows": [sum(counts.values()), 0],
            "log_events": [removed, 0],
            "files": [len(files), 0],
            "accounts_ended": [None, ended],
            "operator": [None, operator_name()],
        },
    )
    return Erased(counts, len(files), removed, ended), files
