"""The manager's texts in the demo's progress report: every section written for the period
the report page opens with (the programme from its start to today), so the downloaded
report shows the story beside the numbers."""

from __future__ import annotations

from datetime import date

from osmari.accounts.models import User
from osmari.reporting.models import Programme, ReportNarrative, ReportSection
from osmari.reporting.services import report_narratives_save

TEXTS = {
    ReportSection.SUMMARY: (
        "Hanke on edennyt suunnitellusti. Osallistujia on tavoitettu hyvin Mikkelistä, "
        "pienemmistä kunnista hitaammin. Kumppaniorganisaatioiden määrä kasvaa, ja "
        "palautteen perusteella sekä kyselyä että sopimusmallia on muutettu."
    ),
    ReportSection.TP1: (
        "Tunnistaminen tehdään rekisteriotteen ja palvelutarpeen arvioinnin pohjalta. "
        "Pienten kuntien asiakkaat tavoitetaan nyt kuntien omien valmentajien kautta."
    ),
    ReportSection.TP2: (
        "Osallistujat toivoivat selkeämpää perehdytystä. Alkukyselyn kysymyksiä "
        "selkeytettiin ja uusi versio pilotoitiin kahdessa organisaatiossa ennen käyttöönottoa."
    ),
    ReportSection.TP3: (
        "Sopimusmalliin lisättiin työpaikkaohjaajan tehtäviä koskeva osio "
        "organisaatioiden arviointitapaamisissa saadun palautteen perusteella."
    ),
    ReportSection.TP4: (
        "Organisaatioille on järjestetty työpaikkaohjaajakoulutuksia ja verkostotapaamisia. "
        "Paikallisia tukia on myönnetty de minimis -rajojen puitteissa."
    ),
    ReportSection.MANAGEMENT: (
        "Ohjausryhmä on kokoontunut neljännesvuosittain. Kuntien rahoitusosuudet on "
        "seurattu toteutuneita kustannuksia vasten, ja koko alueen henkilöstö on "
        "koulutettu malleihin."
    ),
}


def seed_report_texts(programme: Programme, manager: User, today: date) -> None:
    end = min(today, programme.ends_on)
    if ReportNarrative.objects.filter(programme=programme, start=programme.starts_on, end=end):
        return
    report_narratives_save(
        actor=manager,
        programme=programme,
        start=programme.starts_on,
        end=end,
        texts={str(section): text for section, text in TEXTS.items()},
    )
