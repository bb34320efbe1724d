"""Notices that apps below employers put on an organisation's page, without employers
depending on them: an app registers, in its ready(), a function that gives the notices for
the user and the organisation (the work-trial figures do so from reporting)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageNotice:
    """A short text with a link to the details; `numbers` are what raised it."""

    text: str
    url: str
    link_text: str
    numbers: tuple[str, ...] = ()


NoticesFor = Callable[[Any, Any], list[PageNotice]]
_registered: list[NoticesFor] = []


def notice_register(notices_for: NoticesFor) -> None:
    if notices_for not in _registered:
        _registered.append(notices_for)


def notices_for(user: Any, organisation: Any) -> list[PageNotice]:
    found: list[PageNotice] = []
    for notices in _registered:
        found.extend(notices(user, organisation))
    return found
