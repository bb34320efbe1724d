"""The demo's agreement template in a second version: drafted after an agreement review,
piloted with two of the demo area's organisations, one of which already has an agreement on it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from osmari.accounts.models import User
from osmari.agreements import template_services
from osmari.agreements.models import AgreementTemplate, CooperationAgreement, TemplateStatus
from osmari.agreements.services import agreement_create, meeting_record
from osmari.core.models import EmploymentArea

NEW_SECTION = {
    "title_fi": "Palautteen käsittely",
    "title_sv": "Hantering av respons",
    "title_en": "Handling feedback",
    "guidance_fi": (
        "Miten osallistujien ja työpaikan palaute käsitellään yhdessä ja mitä sen perusteella "
        "muutetaan. Sovitaan, kuka kertoo organisaatiolle palautteen tulokset."
    ),
    "guidance_sv": (
        "Hur deltagarnas och arbetsplatsens respons behandlas tillsammans och vad som ändras "
        "utifrån den. Man kommer överens om vem som berättar resultaten för organisationen."
    ),
    "guidance_en": (
        "How the participants' and the workplace's feedback is handled together and what is "
        "changed because of it. Agree who tells the organisation the results."
    ),
    "guidance_plain_fi": "Kerromme teille, mitä palautetta saimme ja mitä teemme sen takia.",
}
EXCHANGE_PLAIN = "Sovimme, kuinka usein tapaamme ja kenelle soitatte, jos on ongelma."


def seed_template_pilot(
    rng: random.Random, area: EmploymentArea, manager: User, today: date
) -> None:
    if AgreementTemplate.objects.filter(version__gt=1).exists():
        return
    published = AgreementTemplate.objects.filter(status=TemplateStatus.PUBLISHED).first()
    reviewed = (
        CooperationAgreement.objects.filter(
            organisation__area=area, status__in=["active", "review_due"]
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if published is None or reviewed is None:
        return
    review = meeting_record(
        actor=manager,
        agreement=reviewed,
        held_on=today - timedelta(days=80),
        participants="Työpaikkaohjaaja, työvalmentaja, projektipäällikkö",
        notes=(
            "Sopimuksen arviointi. Organisaatio ei tiennyt, mitä osallistujien palautteelle "
            "tapahtuu; sovittiin, että sopimusmalliin lisätään palautteen käsittely."
        ),
    )
    draft = template_services.template_draft(actor=manager, base=published, area=area)
    exchange = draft.sections.get(key="information_exchange")
    template_services.template_section_save(
        actor=manager,
        template=draft,
        section=exchange,
        texts={
            **{name: getattr(exchange, name) for name in template_services.SECTION_TEXTS},
            "guidance_plain_fi": EXCHANGE_PLAIN,
        },
    )
    position = exchange.order + 1
    template_services.template_section_save(
        actor=manager, template=draft, texts=NEW_SECTION, position=position
    )
    template_services.template_change_save(
        actor=manager,
        template=draft,
        what_changed=(
            "Uusi kohta palautteen käsittelystä tiedonvaihdon jälkeen; tiedonvaihdon ohje "
            "myös selkokielellä."
        ),
        why=(
            "Organisaatiot eivät tienneet, mitä palautteelle tapahtuu, eikä palautteen "
            "tuloksista sovittu sopimuksissa."
        ),
        prompted_by_meeting=review,
        prompted_by_feedback="Työpaikkojen palautekysely: teema tiedonkulku",
    )
    candidates = list(
        area.organisations.filter(stage="interested", agreements__isnull=True).order_by("pk")
    )
    pilots = rng.sample(candidates, min(2, len(candidates))) or [reviewed.organisation]
    template_services.template_pilot(
        actor=manager, template=draft, organisations=pilots, today=today - timedelta(days=60)
    )
    # The first pilot organisation's agreement is already drafted on the pilot version.
    agreement_create(
        actor=manager,
        organisation=pilots[0],
        valid_from=today,
        texts={"parties": f"{area} – {pilots[0].name} ({pilots[0].business_id})"},
    )
