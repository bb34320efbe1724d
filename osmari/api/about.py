"""What the calling token is: its kind, scope and end, so that an integration can check its
configuration before it does anything else."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Schema, Status

from osmari.api.base import ERRORS, holder
from osmari.api.models import ApiToken
from osmari.api.v1 import api


class TokenOut(Schema):
    kind: str
    area: str
    organisation_id: int | None
    write: bool
    name: str
    expires_on: date
    permissions: list[str]


@api.get("/token", response={200: TokenOut, **ERRORS}, tags=["token"], summary="This token")
def token_about(request: HttpRequest):
    caller = holder(request)
    token = ApiToken.objects.get(pk=caller.token_id)
    return Status(
        200,
        TokenOut(
            kind=token.kind,
            area=caller.area.code,
            organisation_id=token.organisation_id,
            write=token.write,
            name=token.name,
            expires_on=token.expires_on,
            permissions=sorted(caller.permissions),
        ),
    )
