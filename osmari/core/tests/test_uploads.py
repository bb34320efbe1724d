"""Uploads are judged by content, and a file over the limit is not kept while it arrives."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from osmari.core.uploads import SCAN_KINDS, TABLE_KINDS, RefusedUpload, detect_kind


@pytest.mark.parametrize(
    ("name", "content", "kinds", "expected"),
    [
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", SCAN_KINDS, "pdf"),
        ("scan.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", SCAN_KINDS, "png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF", SCAN_KINDS, "jpeg"),
        ("signed.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", SCAN_KINDS, None),
        ("signed.pdf", b"%PDF", SCAN_KINDS, None),  # not even the header's dash
        ("virus.png", b"MZ\x90\x00\x03", SCAN_KINDS, None),
        ("clients.csv", "henkilötunnus;etunimi\n".encode(), TABLE_KINDS, "csv"),
        ("clients.csv", b"\xef\xbb\xbfa,b\n", TABLE_KINDS, "csv"),  # Excel's UTF-8 mark
        ("clients.xlsx", b"PK\x03\x04\x14\x00\x06\x00", TABLE_KINDS, "xlsx"),
        ("clients.csv", b"PK\x03\x04\x14\x00\x06\x00", TABLE_KINDS, "xlsx"),
        ("clients.csv", "henkilötunnus\n".encode("latin-1"), TABLE_KINDS, None),
        ("clients.csv", b"a,b\n\x00\x01,c\n", TABLE_KINDS, None),
        ("clients.csv", b"%PDF-1.4 looks like text", TABLE_KINDS, None),
        ("clients.xlsx", b"\x89PNG\r\n\x1a\n", TABLE_KINDS, None),
    ],
)
def test_the_content_decides_the_kind_whatever_the_name(name, content, kinds, expected):
    upload = SimpleUploadedFile(name, content)
    assert detect_kind(upload, kinds) == expected
    assert upload.read() == content  # left at its start for whoever reads it next


def _post_with_file(rf, size: int):
    scan = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n" + b"0" * (size - 9))
    return rf.post("/", {"party": "organisation", "scan": scan})


def test_a_file_over_the_limit_is_dropped_while_it_arrives_and_nothing_stays_on_disk(
    rf, settings, tmp_path
):
    settings.MAX_UPLOAD_MB = 1
    # Above Django's in-memory size, so that without the limit it would go to a disk file.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = _post_with_file(rf, 1024 * 1024 + 1)
    scan = request.FILES["scan"]
    assert isinstance(scan, RefusedUpload)
    assert scan.read() == b""
    assert request.POST["party"] == "organisation"  # the other fields arrive as sent
    assert list(tmp_path.iterdir()) == []


def test_dropping_a_file_over_the_limit_keeps_an_earlier_file_of_the_same_request(
    rf, settings, tmp_path
):
    settings.MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    first = SimpleUploadedFile("first.pdf", b"%PDF-1.4\n" + b"1" * (600 * 1024))
    second = SimpleUploadedFile("second.pdf", b"%PDF-1.4\n" + b"2" * (1024 * 1024))
    request = rf.post("/", {"first": first, "second": second})
    assert isinstance(request.FILES["second"], RefusedUpload)
    kept = request.FILES["first"]
    assert not isinstance(kept, RefusedUpload)
    assert kept.read(9) == b"%PDF-1.4\n" and kept.size == 9 + 600 * 1024


def test_a_request_declared_too_large_keeps_nothing_of_the_file(rf, settings, tmp_path):
    settings.MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = _post_with_file(rf, 4 * 1024 * 1024)
    scan = request.FILES["scan"]
    assert isinstance(scan, RefusedUpload) and scan.size == 0
    assert list(tmp_path.iterdir()) == []


def test_a_file_within_the_limit_arrives_whole(rf, settings):
    settings.MAX_UPLOAD_MB = 1
    request = _post_with_file(rf, 1024 * 1024)
    scan = request.FILES["scan"]
    assert not isinstance(scan, RefusedUpload)
    assert scan.size == 1024 * 1024 and scan.read(5) == b"%PDF-"
