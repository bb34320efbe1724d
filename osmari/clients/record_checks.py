"""Contradictions in a client's record that the apps above this one find (placements: the
service stage, ESF+ dates and status periods against the periods), registered in their
ready(), so that the client's page flags them where the coach will correct them."""

from __future__ import annotations

from collections.abc import Callable

from osmari.clients.models import Client

RECORD_CHECKS: dict[str, Callable[[Client], list[str]]] = {}


def record_check_register(name: str, check: Callable[[Client], list[str]]) -> None:
    RECORD_CHECKS[name] = check


def contradictions_of(client: Client) -> list[str]:
    """Every contradiction the registered checks find in the client's record, in words."""
    return [reason for check in RECORD_CHECKS.values() for reason in check(client)]
