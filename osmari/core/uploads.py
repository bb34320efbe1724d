"""Uploaded files: judged by what they contain, never by their name, and capped in size
while they arrive.

A name says nothing: an HTML page called `signed.pdf` would be served back to the next
reader. So every upload field names the kinds it takes, the first bytes decide the kind,
and a stored file gets a name we make, with the extension of the kind that was found.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, and its handlers write any size to a
temporary file. `UploadLimitHandler`, first in FILE_UPLOAD_HANDLERS, stops keeping a file as
soon as the request declares, or the file has sent, more than the limit, and leaves a
`RefusedUpload` in its place, so that the form can say the file was too large.
"""

from __future__ import annotations

import codecs
import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext_lazy as _

PDF, PNG, JPEG, XLSX, CSV = "pdf", "png", "jpeg", "xlsx", "csv"
SCAN_KINDS = (PDF, PNG, JPEG)
TABLE_KINDS = (XLSX, CSV)

# How each kind begins. XLSX is a ZIP archive; CSV has no mark and is recognised as text.
MAGIC = {
    PDF: b"%PDF-",
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
    XLSX: b"PK\x03\x04",
}
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", XLSX: "xlsx", CSV: "csv"}

NOT_A_SCAN = _(
    "This file is not a PDF, JPEG or PNG file, whatever its name says. "
    "Save or scan it again as one of those."
)
NOT_A_TABLE = _(
    "This file is neither a CSV file saved as UTF-8 nor an XLSX workbook, whatever its name "
    "says. Save it again as one of those."
)


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def _is_utf8_text(upload) -> bool:
    """UTF-8 from start to end, without the NUL bytes that only binary files have."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_kind(upload, kinds: tuple[str, ...]) -> str | None:
    """Which of `kinds` the file's content is, or None; the file is left at its start."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = next((k for k in kinds if k in MAGIC and head.startswith(MAGIC[k])), None)
    if kind is None and CSV in kinds and not any(head.startswith(m) for m in MAGIC.values()):
        kind = CSV if _is_utf8_text(upload) else None
        upload.seek(0)
    return kind


def stored_name(kind: str) -> str:
    """A name of our making: the uploaded one could carry anything, a person's name included."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}"


def too_large_error() -> ValidationError:
    return ValidationError(
        _("The file is too large (at most %(mb)s MB)."),
        code="too_large",
        params={"mb": settings.MAX_UPLOAD_MB},
    )


class RefusedUpload(UploadedFile):
    """Stands in for a file that went over the size limit: nothing of it was kept."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name, content_type, size, None)


class CheckedFileField(forms.FileField):
    """A file of one of `kinds`, by its content, and within the upload limit."""

    def __init__(self, *, kinds: tuple[str, ...], wrong_kind_message, **kwargs):
        self.kinds = kinds
        self.wrong_kind_message = wrong_kind_message
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, RefusedUpload):
            raise too_large_error()
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        if upload.size > max_upload_bytes():
            raise too_large_error()
        if detect_kind(upload, self.kinds) is None:
            raise ValidationError(self.wrong_kind_message, code="wrong_kind")
        return upload


class UploadLimitHandler(FileUploadHandler):
    """Keeps nothing of a file larger than MAX_UPLOAD_MB.

    A request whose declared length cannot fit one allowed file and the form's fields has
    its files refused before any of them is read; otherwise a file is dropped at the first
    chunk past the limit. The rest of the body is read and thrown away, as Django does after
    StopUpload(connection_reset=False), so that the browser gets the form back with the
    message instead of a broken connection; the other fields arrive as sent.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_upload_bytes()
        self.request_too_large = False
        self.refused = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        fields_allowance = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        self.request_too_large = content_length > self.limit + fields_allowance
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.refused = self.request_too_large
        if self.refused:
            # The handlers after this one never open a file for it.
            raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if self.refused:
            return None
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
            self._discard_what_others_kept()
            return None
        return raw_data

    def _discard_what_others_kept(self) -> None:
        # The handler after this one that took the file (in memory or in a temporary file)
        # holds at most the limit of it so far: close it now rather than when the request
        # ends. Each opens a new `file` for every file it takes, so an earlier one stays.
        for handler in getattr(self.request, "upload_handlers", []):
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()

    def file_complete(self, file_size):
        if self.refused:
            return RefusedUpload(self.file_name, self.content_type, self.received)
        return None
