"""Print the register of personal data: one entry per personal-data field.

manage.py record_of_processing --json        # the inventory, for tools and reviews
manage.py record_of_processing --language fi # the record of processing as text
"""

import json as json_module

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from osmari.core import privacy_documents, register


class Command(BaseCommand):
    help = (
        "Print the record of processing activities (GDPR art. 30) generated from the "
        "personal-data declarations next to the models; --json prints the field inventory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON entry per field")
        parser.add_argument("--language", default="en", choices=["fi", "sv", "en"])

    def handle(self, *args, json: bool = False, language: str = "en", **options):
        with translation.override(language):
            if json:
                self._json()
            else:
                self._text()

    def _json(self) -> None:
        entries = [entry.as_json() for entry in register.inventory()]
        self.stdout.write(_dumps(entries))

    def _text(self) -> None:
        write = self.stdout.write
        for section in privacy_documents.record_of_processing():
            write(f"# {section.purpose.label}")
            rows = [
                (_("Legal basis"), section.legal_bases),
                (_("Data subjects"), section.subjects),
                (_("Categories of personal data"), section.categories),
                (_("Recipients"), section.recipients),
                (_("Retention"), section.retentions),
            ]
            for name, terms in rows:
                write(f"{name}: " + "; ".join(_described(t) for t in terms))
            fields = ", ".join(f"{e.model}.{e.field}" for e in section.entries)
            write(f"{_('Fields')}: {fields}")
            write("")


def _described(term) -> str:
    if isinstance(term, register.Retention):
        return _("%(retention)s: %(period)s, then %(end)s") % {
            "retention": term.label,
            "period": term.period,
            "end": term.at_end,
        }
    return f"{term.label} ({term.detail})" if term.detail else str(term.label)


def _dumps(value) -> str:
    return json_module.dumps(value, ensure_ascii=False, indent=2)
