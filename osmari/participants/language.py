"""Which language a participant's pages and mails speak, from the client's preferred language."""

from __future__ import annotations

# The interface's language for each preferred language of a client record: plain Finnish
# reads the Finnish pages, whose participant texts are plain already. "Other" has none.
UI_LANGUAGES = {"fi": "fi", "fi_plain": "fi", "sv": "sv", "en": "en"}


def ui_language(preferred: str) -> str | None:
    """The interface language of a client's preferred language, or None for one it lacks."""
    return UI_LANGUAGES.get(preferred)


def preferred_after_choice(preferred: str, chosen: str) -> str:
    """The preferred language to keep once the participant chose `chosen` on their pages:
    choosing Finnish keeps plain Finnish, which the coach chose for a reason."""
    return preferred if ui_language(preferred) == chosen else chosen
