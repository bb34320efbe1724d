"""The operations of version 1, each part in its own module; importing this registers them."""

from osmari.api import about, organisation, reporting, system  # noqa: F401
