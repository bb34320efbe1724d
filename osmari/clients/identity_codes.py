"""A personal identity code as a person types it or a file gives it, checked by python-stdnum,
with the refusal in the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import hetu


def normalise_identity_code(value: str) -> str:
    """Validate a personal identity code; temporary codes (900–999) are refused."""
    code = (value or "").strip().upper()
    try:
        code = hetu.validate(code, allow_temporary=False)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check character of the personal identity code does not match."),
            code="hetu_checksum",
        ) from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(
            _(
                "The personal identity code has an impossible date or is a temporary code "
                "(individual number 900–999)."
            ),
            code="hetu_component",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Enter a personal identity code in the form DDMMYYCZZZQ, e.g. 131052-308T."),
            code="hetu_format",
        ) from None
    return code
