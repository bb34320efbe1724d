"""Per-request facts (request id, client address) that the audit log records.

Held in a context variable that the middleware sets and resets around each request, so
nothing survives from one request to the next and no process memory is shared.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    # What the response turned out to carry, e.g. "personal_data": set while the request runs.
    marks: set[str] = field(default_factory=set)


def mark(name: str) -> None:
    """Note a fact about the current response (outside a request, nothing is noted)."""
    context = _current.get()
    if context.request_id:
        context.marks.add(name)


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "osmari_request_context",
    default=RequestContext(),  # noqa: B039  (frozen: it cannot be changed in place)
)


def current() -> RequestContext:
    return _current.get()


def bind(context: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(context)


def unbind(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)
