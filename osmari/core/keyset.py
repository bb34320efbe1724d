"""Keyset pagination for long lists shown newest first, such as the audit log.

A page is found by where the last one ended (its time and id), not by an offset, so the
hundredth page costs what the first does and no total is counted: with millions of rows
`OFFSET` and `COUNT(*)` grow with the list, an index range scan does not. The same cursors
suit an API's lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_CURSOR = re.compile(r"-?[0-9]{1,20}\.[0-9]{1,19}")


class CursorError(ValueError):
    """A cursor that this module did not write (edited by hand, or cut short)."""


@dataclass(frozen=True)
class Cursor:
    at: datetime
    pk: int

    def __str__(self) -> str:
        # Whole microseconds since the epoch: exact, and with no "+" to escape in an address.
        return f"{(self.at - _EPOCH) // _MICROSECOND}.{self.pk}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
        if not _CURSOR.fullmatch(text):
            raise CursorError(text)
        micro, _, pk = text.partition(".")
        try:
            return cls(_EPOCH + int(micro) * _MICROSECOND, int(pk))
        except OverflowError as error:
            raise CursorError(text) from error


@dataclass(frozen=True)
class KeysetPage:
    items: list
    older: Cursor | None  # where the next page of older rows starts, if there are any
    newer: Cursor | None  # where the page of newer rows ends, if there are any

    @property
    def has_other_pages(self) -> bool:
        return self.older is not None or self.newer is not None


def keyset_page(
    rows: QuerySet,
    *,
    time_field: str,
    older: str | None = None,
    newer: str | None = None,
    size: int = 50,
) -> KeysetPage:
    """One page of `rows`, newest first by (time_field, pk), after an `older` cursor or
    before a `newer` one; neither gives the newest page. Raises CursorError for a cursor
    this module did not write."""
    if newer:
        cursor = Cursor.parse(newer)
        later = Q(**{f"{time_field}__gt": cursor.at}) | Q(
            **{time_field: cursor.at, "pk__gt": cursor.pk}
        )
        found = list(rows.filter(later).order_by(time_field, "pk")[: size + 1])
        more_newer = len(found) > size
        items = found[:size][::-1]
        return KeysetPage(
            items,
            older=_cursor(items[-1], time_field) if items else cursor,
            newer=_cursor(items[0], time_field) if more_newer else None,
        )
    rows = rows.order_by(f"-{time_field}", "-pk")
    came_from = None
    if older:
        came_from = Cursor.parse(older)
        rows = rows.filter(
            Q(**{f"{time_field}__lt": came_from.at})
            | Q(**{time_field: came_from.at, "pk__lt": came_from.pk})
        )
    found = list(rows[: size + 1])
    items = found[:size]
    return KeysetPage(
        items,
        older=_cursor(items[-1], time_field) if len(found) > size else None,
        newer=(_cursor(items[0], time_field) if items else came_from) if came_from else None,
    )


def _cursor(row, time_field: str) -> Cursor:
    return Cursor(getattr(row, time_field), row.pk)
