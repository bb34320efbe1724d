"""Pick the label of a multilingual reference row in the active language."""

from django.utils.translation import get_language


def localized(obj: object, prefix: str, fallbacks: tuple[str, ...] = ("fi", "en")) -> str:
    """Return obj.<prefix>_<lang> for the active language, falling back in order."""
    lang = (get_language() or "fi")[:2]
    for code in (lang, *fallbacks):
        value = getattr(obj, f"{prefix}_{code}", "")
        if value:
            return str(value)
    return ""
