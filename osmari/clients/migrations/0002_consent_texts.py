"""The first published wording of each consent purpose (data, not schema)."""

from datetime import date

from django.db import migrations

TEXTS = {
    "share_profile": (
        "Annan luvan näyttää työkokeilu- tai palkkatukipaikkaa tarjoavalle organisaatiolle "
        "yhteystietoni, kielitaitoni, koulutukseni, työhistoriani ja osaamiseni sekä "
        "tarvitsemani työjärjestelyt. Terveystietojani ei näytetä. Voin perua luvan milloin "
        "tahansa.",
        "Jag ger tillstånd att visa min kontaktinformation, mina språkkunskaper, min "
        "utbildning, min arbetshistorik och min kompetens samt de arbetsarrangemang jag behöver "
        "för en organisation som erbjuder arbetsprövning eller lönesubventionerat arbete. "
        "Mina hälsouppgifter visas inte. Jag kan återkalla tillståndet när som helst.",
        "I allow my contact details, languages, education, work history, skills and the work "
        "arrangements I need to be shown to an organisation offering a work trial or "
        "wage-subsidised work. My health information is not shown. I can withdraw this at "
        "any time.",
    ),
    "feedback_contact": (
        "Minulle saa lähettää palautekyselyn jakson alussa, puolivälissä ja lopussa. "
        "Vastaaminen on vapaaehtoista.",
        "Jag får skickas en responsenkät i början, mitten och slutet av perioden. Det är "
        "frivilligt att svara.",
        "I may be sent a feedback survey at the start, middle and end of a period. Answering "
        "is voluntary.",
    ),
    "follow_up": (
        "Minuun saa ottaa yhteyttä kuusi kuukautta hankkeen jälkeen tilanteeni "
        "selvittämiseksi hankkeen seurantaa varten.",
        "Man får kontakta mig sex månader efter projektet för att ta reda på min situation för "
        "projektets uppföljning.",
        "I may be contacted six months after the programme about my situation, for the "
        "programme's follow-up.",
    ),
}


def publish(apps, schema_editor):
    ConsentText = apps.get_model("clients", "ConsentText")
    for purpose, (fi, sv, en) in TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={"text_fi": fi, "text_sv": sv, "text_en": en, "published_on": date(2025, 8, 1)},
        )


def unpublish(apps, schema_editor):
    apps.get_model("clients", "ConsentText").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [migrations.RunPython(publish, unpublish)]
