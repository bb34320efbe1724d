"""The active language, and the label of a multilingual row in it."""

from django.utils.translation import get_language


def current_language() -> str:
    """The two-letter code of the active language ("fi", "sv", "en"); Finnish outside a
    request."""
    return (get_language() or "fi")[:2]


def localized(
    obj: object, prefix: str, fallbacks: tuple[str, ...] = ("fi", "en"), language: str = ""
) -> str:
    """Return obj.<prefix>_<lang> for `language` (a code such as "sv" or "fi_plain"; the
    active language when not given), falling back in order: plain Finnish falls back to
    Finnish."""
    lang = language or current_language()
    for code in (lang, *fallbacks):
        value = getattr(obj, f"{prefix}_{code}", "")
        if value:
            return str(value)
    return ""
