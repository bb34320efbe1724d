"""Show a service's refusal on the form the user filled in."""

from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Put each message on the field it names, the rest at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)
