"""An area leaves whole: its export loads into a fresh installation row for row, and erasing
it here takes all of it and nothing of another area's."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from osmari.accounts.models import User
from osmari.core.identity import hetu
from osmari.core.models import AuditEvent
from osmari.employers.tests.builders import make_organisation
from osmari.privacy import area_handover
from tests.conftest import build_objects

ROOT = Path(settings.BASE_DIR)

# Main tables whose rows are counted in both installations, by the area's own filter.
MAIN = [
    "clients.Client",
    "clients.JournalEntry",
    "placements.Placement",
    "employers.Organisation",
    "agreements.Signature",
    "employers.LetterOfIntent",
    "feedback.Response",
    "core.AuditEvent",
]


def test_every_model_belongs_to_an_area_or_is_named_as_not_the_areas():
    # A new model with no way to an area must be decided on in area_handover's maps:
    # shared, following an account, a classification, or staying with the installation.
    assert area_handover.undecided_models() == []
    owned = area_handover.area_models()
    for label in ("clients.Client", "placements.Placement", "core.AuditEvent"):
        assert label in owned
    named = {
        *area_handover.REFERENCE,
        *area_handover.FOLLOW_USER,
        *area_handover.NOT_HANDED_OVER,
        *area_handover.SHARED,
    }
    # A name in the maps that is no model any more is a stale decision.
    assert sorted(n for n in named if n not in {m._meta.label for m in apps.get_models()}) == []


def _counts(area) -> dict[str, int]:
    own = area_handover.select(area).own
    return {label: own[label].count() for label in MAIN}


# Run in the fresh installation: what it holds of the area, as JSON on the last line.
REPORT = """
import json
from osmari.core.models import EmploymentArea
from osmari.privacy import area_handover as h
area = EmploymentArea.objects.get(code={code!r})
own = h.select(area).own
print("REPORT " + json.dumps({{"counts": {{m: own[m].count() for m in {main!r}}},
    "content": h._content(area)}}))
"""


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class FreshDatabase:
    """A second, empty database: a file on SQLite, a database in the same cluster on
    PostgreSQL."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = connection.settings_dict
        self.name = f"osmari_handover_{uuid.uuid4().hex[:8]}"
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        else:
            self._pg("createdb")
            self.url = (
                f"postgres://{self.db['USER']}:{self.db['PASSWORD'] or ''}@"
                f"{self.db['HOST'] or '127.0.0.1'}:{self.db['PORT'] or 5432}/{self.name}"
            )

    def _pg(self, tool: str) -> None:
        from scripts.pgcluster import find_bindir

        bindir = find_bindir()
        assert bindir is not None, "the PostgreSQL run has the server's binaries"
        subprocess.run(
            [
                str(bindir / tool),
                "--host",
                self.db["HOST"] or "127.0.0.1",
                "--port",
                str(self.db["PORT"] or 5432),
                "--username",
                self.db["USER"],
                "--no-password",
                self.name,
            ],
            env={"PGPASSWORD": self.db["PASSWORD"] or "", "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
            timeout=60,
        )

    def drop(self) -> None:
        if connection.vendor != "sqlite":
            self._pg("dropdb")


@pytest.fixture
def fresh(tmp_path):
    database = FreshDatabase(tmp_path)
    yield database
    database.drop()


def _files_of(area) -> list[str]:
    return area_handover.media_of(area_handover.select(area))


@pytest.mark.django_db
def test_an_area_exported_loads_into_a_fresh_installation_and_its_erasure_leaves_the_other(
    area, other_area, coach, coach_other_area, organisation, tmp_path, fresh
):
    build_objects(area=area, coach=coach, organisation=organisation)
    other_org = make_organisation(other_area, "Lappeen Puu Oy", "1234567-1")
    build_objects(
        area=other_area,
        coach=coach_other_area,
        organisation=other_org,
        first_name="Toinen",
        hetu=hetu(date(1980, 2, 3), 123),
        certificate_code="ZXCVBNMQWRTY",
    )
    a_files, b_files = _files_of(area), _files_of(other_area)
    assert len(a_files) == len(b_files) == 3  # a scan, a letter, a dissemination
    a_counts, a_content = _counts(area), area_handover._content(area)
    b_counts, b_content = _counts(other_area), area_handover._content(other_area)
    assert all(a_counts[m] for m in MAIN) and all(b_counts[m] for m in MAIN)

    export = tmp_path / "mikkeli.osmari"
    key = tmp_path / "handover.key"
    key.write_text("correct horse battery staple\n")
    out = StringIO()
    call_command(
        "export_area", area.code, "--output", str(export), "--passphrase-file", str(key), stdout=out
    )
    reference = out.getvalue().split("for erase_area): ")[1].strip()
    sealed = export.read_bytes()
    assert area_handover.is_sealed(sealed)
    assert b"Toinen" not in sealed and b"manifest.json" not in sealed
    opened = area_handover.unseal(sealed, "correct horse battery staple")
    with tarfile.open(fileobj=io.BytesIO(opened)) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert sorted(n.removeprefix("media/") for n in names if n.startswith("media/")) == sorted(
        a_files
    )
    # Nothing of the other area's goes with it.
    assert not set(b_files) & {n.removeprefix("media/") for n in names}
    exported = {e["model"]: e["rows"] for e in manifest["fixtures"] if e["kind"] == "own"}
    assert {m: exported[m] for m in MAIN} == a_counts
    assert manifest["osmari_version"]["privacy"]
    assert {e["model"] for e in manifest["fixtures"] if e["kind"] == "shared"} >= {"accounts.User"}

    # A fresh installation: migrated, classifications loaded, then the area.
    env = {
        **os.environ,
        "DATABASE_URL": fresh.url,
        "MEDIA_ROOT": str(tmp_path / "fresh-media"),
        "DJANGO_SETTINGS_MODULE": "osmari.settings",
    }
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "load_reference")
    loaded = _manage(env, "import_area", str(export), "--passphrase-file", str(key))
    assert "every checksum matches the export" in loaded
    report = _manage(env, "shell", "-c", REPORT.format(code=area.code, main=MAIN))
    there = json.loads(report.split("REPORT ", 1)[1])
    assert there["counts"] == a_counts
    assert there["content"] == a_content
    for name in a_files:
        assert (tmp_path / "fresh-media" / name).read_bytes() == default_storage.open(name).read()

    # Erasing asks for the export's reference, and removes the area whole.
    with pytest.raises(CommandError, match="No export"):
        call_command("erase_area", area.code, "--confirm-handover", "0" * 64, stdout=StringIO())
    assert _counts(area) == a_counts
    call_command("erase_area", area.code, "--confirm-handover", reference, stdout=StringIO())

    left = {label: qs.count() for label, qs in area_handover.select(area).own.items()}
    # The area's row stays (the log names it), inactive, and one event: the log's removal.
    assert {label: n for label, n in left.items() if n} == {
        "core.EmploymentArea": 1,
        "core.AuditEvent": 1,
    }
    assert AuditEvent.objects.get(area=area).action == "audit.log_expired"
    area.refresh_from_db()
    assert area.is_active is False
    assert not any(default_storage.exists(name) for name in a_files)
    assert User.objects.get(pk=coach.pk).personal_data_removed_on is not None
    erased = AuditEvent.objects.get(action=area_handover.ERASED)
    assert erased.area is None and erased.changes["manifest"] == [None, reference]

    # The other area as it was, row for row, files and all.
    assert _counts(other_area) == b_counts
    assert area_handover._content(other_area) == b_content
    assert all(default_storage.exists(name) for name in b_files)
    assert User.objects.get(pk=coach_other_area.pk).personal_data_removed_on is None


@pytest.mark.django_db
def test_an_area_changed_after_its_export_is_not_erased(area, coach, organisation, tmp_path):
    build_objects(area=area, coach=coach, organisation=organisation)
    export = tmp_path / "mikkeli.tar"
    out = StringIO()
    call_command("export_area", area.code, "--output", str(export), "--clear", stdout=out)
    reference = out.getvalue().split("for erase_area): ")[1].strip()
    before = _counts(area)
    from osmari.clients.tests.builders import build_client

    build_client(actor=coach, area=area, hetu=hetu(date(1981, 3, 4), 234), last_name="Myöhäinen")
    with pytest.raises(CommandError, match="changed since that export"):
        call_command("erase_area", area.code, "--confirm-handover", reference, stdout=StringIO())
    assert _counts(area)["clients.Client"] == before["clients.Client"] + 1


@pytest.mark.django_db
def test_a_file_that_does_not_match_its_manifest_is_not_loaded(area, coach, organisation, tmp_path):
    build_objects(area=area, coach=coach, organisation=organisation)
    export = tmp_path / "mikkeli.tar"
    call_command("export_area", area.code, "--output", str(export), "--clear", stdout=StringIO())
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(export) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "own/clients.Client.json":
                data = data.replace(b"Testi", b"Toinen")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("import_area", str(tampered), stdout=StringIO())


@pytest.mark.django_db
def test_an_export_is_not_loaded_over_rows_already_there(area, coach, organisation, tmp_path):
    build_objects(area=area, coach=coach, organisation=organisation)
    export = tmp_path / "mikkeli.tar"
    call_command("export_area", area.code, "--output", str(export), "--clear", stdout=StringIO())
    before = _counts(area)
    with pytest.raises(CommandError, match="load into a fresh installation"):
        call_command("import_area", str(export), stdout=StringIO())
    assert _counts(area) == before


def _members(path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.mark.django_db
def test_an_export_names_its_people_but_carries_no_way_in(area, coach, organisation, tmp_path):
    from django_otp.plugins.otp_static.models import StaticDevice

    from osmari.core.audit import audit_record

    build_objects(area=area, coach=coach, organisation=organisation)
    StaticDevice.objects.create(user=coach, name="backup").token_set.create(token="backup123")
    operator = User.objects.create_superuser("root@operator.example", "Salainen-123")
    audit_record(actor=operator, action="client.view", area=area, person_ref="client:1")
    export = tmp_path / "mikkeli.tar"
    call_command("export_area", area.code, "--output", str(export), "--clear", stdout=StringIO())

    assert export.stat().st_mode & 0o777 == 0o600
    members = _members(export)
    models = {e["model"] for e in json.loads(members["manifest.json"])["fixtures"]}
    assert not models & {"otp_static.StaticToken", "otp_static.StaticDevice", "otp_totp.TOTPDevice"}
    users = json.loads(members["shared/accounts.User.json"])
    assert {u["fields"]["email"] for u in users} >= {coach.email, operator.email}
    for user in users:
        assert user["fields"]["password"] == "!"
        assert user["fields"]["is_superuser"] is False and user["fields"]["is_staff"] is False
    assert b"backup123" not in b"".join(members.values())


def _with_extra_fixture(source, target, model: str, rows: list[dict]) -> None:
    """The export with one more shared fixture, its checksum made right: a file from
    elsewhere is input, and whoever wrote it can make its manifest agree."""
    members = _members(source)
    manifest = json.loads(members["manifest.json"])
    data = json.dumps(rows).encode()
    name = f"shared/{model}.json"
    manifest["fixtures"].insert(
        0,
        {
            "file": name,
            "model": model,
            "kind": "shared",
            "rows": len(rows),
            "sha256": area_handover._sha(data),
        },
    )
    members[name] = data
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w") as tar:
        for member_name, content in members.items():
            info = tarfile.TarInfo(member_name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


@pytest.mark.django_db
def test_a_file_cannot_add_a_session_or_a_role_beside_its_area(area, coach, organisation, tmp_path):
    build_objects(area=area, coach=coach, organisation=organisation)
    export = tmp_path / "mikkeli.tar"
    call_command("export_area", area.code, "--output", str(export), "--clear", stdout=StringIO())
    crafted = tmp_path / "crafted.tar"
    session = {
        "model": "sessions.session",
        "pk": "x" * 32,
        "fields": {"session_data": "e30:", "expire_date": "2099-01-01T00:00:00Z"},
    }
    _with_extra_fixture(export, crafted, "sessions.Session", [session])
    with pytest.raises(CommandError, match="never carries"):
        call_command("import_area", str(crafted), stdout=StringIO())
    assert not apps.get_model("sessions.Session").objects.filter(pk="x" * 32).exists()


def test_an_export_is_sealed_or_written_clear_only_when_asked(area, coach, organisation, tmp_path):
    build_objects(area=area, coach=coach, organisation=organisation)
    export = tmp_path / "mikkeli.osmari"
    with pytest.raises(CommandError, match="--passphrase-file to seal the file, or --clear"):
        call_command("export_area", area.code, "--output", str(export), stdout=StringIO())
    assert not export.exists()
    short = tmp_path / "short.key"
    short.write_text("kesa2026\n")
    with pytest.raises(CommandError, match="shorter than 16"):
        call_command(
            "export_area", area.code, "--output", str(export), "--passphrase-file", str(short)
        )
    assert not export.exists()


def test_a_sealed_export_opens_only_with_its_passphrase_and_unchanged(
    area, coach, organisation, tmp_path
):
    build_objects(area=area, coach=coach, organisation=organisation)
    export, key, wrong = (tmp_path / n for n in ("mikkeli.osmari", "right.key", "wrong.key"))
    key.write_text("tama on oikea tunnuslause\n")
    wrong.write_text("tama on vaara tunnuslause\n")
    call_command(
        "export_area",
        area.code,
        "--output",
        str(export),
        "--passphrase-file",
        str(key),
        stdout=StringIO(),
    )
    assert export.stat().st_mode & 0o777 == 0o600
    with pytest.raises(CommandError, match="sealed: give its passphrase"):
        call_command("import_area", str(export), stdout=StringIO())
    with pytest.raises(CommandError, match="does not open with this passphrase"):
        call_command("import_area", str(export), "--passphrase-file", str(wrong), stdout=StringIO())
    changed = bytearray(export.read_bytes())
    changed[-5] ^= 1
    export.write_bytes(bytes(changed))
    with pytest.raises(CommandError, match="changed after sealing"):
        call_command("import_area", str(export), "--passphrase-file", str(key), stdout=StringIO())
