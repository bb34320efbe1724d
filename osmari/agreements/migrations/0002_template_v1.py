"""The first published agreement template: its sections and the guidance for filling them."""

from datetime import date

from django.db import migrations

# key, (title fi, sv, en), (guidance fi, sv, en)
SECTIONS = [
    ("parties", ("Sopijapuolet", "Avtalsparter", "Parties"), (
        "Työllisyysalue ja organisaatio Y-tunnuksineen sekä niiden yhteyshenkilöt.",
        "Sysselsättningsområdet och organisationen med FO-nummer samt deras kontaktpersoner.",
        "The employment area and the organisation with its business ID, and their contacts.")),
    ("purpose", ("Yhteistyön tarkoitus", "Samarbetets syfte", "Purpose of the cooperation"), (
        "Mitä yhteistyöllä tavoitellaan: työkokeilu- ja palkkatukipaikat pitkään työttömänä olleille.",
        "Vad samarbetet ska uppnå: platser för arbetsprövning och lönesubventionerat arbete för långtidsarbetslösa.",
        "What the cooperation aims at: work-trial and wage-subsidy places for long-term unemployed people.")),
    ("tasks", ("Tehtäväsisällöt", "Arbetsuppgifter", "Task contents"), (
        "Tehtävät, joita osallistujat tekevät. Osallistuja ei korvaa palkattua työntekijää.",
        "Uppgifter som deltagarna utför. Deltagaren ersätter inte en avlönad anställd.",
        "The tasks participants do. A participant does not replace paid staff.")),
    ("learning_environments", ("Oppimisympäristöt", "Lärmiljöer", "Learning environments"), (
        "Missä ja miten osallistuja oppii: perehdytys, työpisteet, välineet.",
        "Var och hur deltagaren lär sig: introduktion, arbetsplatser, redskap.",
        "Where and how the participant learns: induction, workstations, tools.")),
    ("competences_and_work_ability", ("Osaaminen ja työkyky", "Kompetens och arbetsförmåga", "Competences and work ability"), (
        "Hyödyllinen osaaminen ja työn vaatimukset. Työkokeilussa ei aseteta osaamisvaatimuksia.",
        "Kompetens som hjälper och arbetets krav. Vid arbetsprövning ställs inga kompetenskrav.",
        "Helpful competences and what the work asks. A work trial sets no competence requirements.")),
    ("restrictions_and_needs", ("Rajoitteet ja erityistarpeet", "Begränsningar och särskilda behov", "Restrictions and special needs"), (
        "Mitä työpaikka voi järjestää: osa-aikaisuus, tauot, esteettömyys, rauhallinen tila.",
        "Vad arbetsplatsen kan ordna: deltid, pauser, tillgänglighet, lugnt utrymme.",
        "What the place can arrange: part time, breaks, accessibility, a quiet space.")),
    ("guidance_and_supervision", ("Ohjaus ja valvonta", "Handledning och tillsyn", "Guidance and supervision"), (
        "Nimetty työpaikkaohjaaja ja ohjaussitoumus: kuinka paljon aikaa ohjaukseen varataan.",
        "Utsedd arbetsplatshandledare och handledningsåtagande: hur mycket tid som reserveras.",
        "The named workplace instructor and the guidance commitment: how much time is set aside.")),
    ("information_exchange", ("Tiedonvaihto", "Informationsutbyte", "Information exchange"), (
        "Yhteydenpidon rytmi, palautteen jakaminen ja ongelmista ilmoittaminen.",
        "Kontaktrytm, hur respons delas och hur problem rapporteras.",
        "The contact rhythm, how feedback is shared and how problems are reported.")),
    ("reciprocity", ("Vastine", "Motprestation", "Reciprocity"), (
        "Mitä organisaatio saa yhteistyöstä: ohjaustuki, työpaikkaohjaajakoulutus, verkostot.",
        "Vad organisationen får av samarbetet: handledningsstöd, utbildning för handledare, nätverk.",
        "What the organisation gets back: guidance support, instructor training, networking.")),
    ("data_protection", ("Tietosuoja", "Dataskydd", "Data protection"), (
        "Osallistujien tietoja käsitellään vain sovittuun tarkoitukseen ja suostumuksen rajoissa.",
        "Deltagarnas uppgifter behandlas endast för det avtalade ändamålet och inom samtycket.",
        "Participants' data is processed only for the agreed purpose and within their consent.")),
    ("validity_review_termination", ("Voimassaolo, arviointi ja päättäminen", "Giltighet, uppföljning och uppsägning", "Validity, review and termination"), (
        "Voimassaoloaika, arviointiväli ja irtisanominen.",
        "Giltighetstid, uppföljningsintervall och uppsägning.",
        "Period of validity, review interval and termination.")),
    ("signatures", ("Allekirjoitukset", "Underskrifter", "Signatures"), (
        "Osapuolten allekirjoitukset; organisaation edustajan nimenkirjoitusoikeus tarkistetaan.",
        "Parternas underskrifter; organisationens representants namnteckningsrätt kontrolleras.",
        "The parties' signatures; the organisation representative's signing right is checked.")),
]


def publish(apps, schema_editor):
    Template = apps.get_model("agreements", "AgreementTemplate")
    Section = apps.get_model("agreements", "TemplateSection")
    template, _ = Template.objects.get_or_create(version=1, defaults={"published_on": date(2025, 8, 1)})
    for order, (key, titles, guidance) in enumerate(SECTIONS, start=1):
        Section.objects.get_or_create(
            template=template,
            key=key,
            defaults={
                "order": order,
                "title_fi": titles[0], "title_sv": titles[1], "title_en": titles[2],
                "guidance_fi": guidance[0], "guidance_sv": guidance[1], "guidance_en": guidance[2],
            },
        )


def unpublish(apps, schema_editor):
    apps.get_model("agreements", "TemplateSection").objects.filter(template__version=1).delete()
    apps.get_model("agreements", "AgreementTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(publish, unpublish)]
