# ruff: noqa: E501 (data: one benefit text per line reads best)
"""The standard benefit catalogue an area starts from; each area then edits its own."""

# (kind, {language: (name, description, what it asks of the organisation)})
STANDARD_CATALOGUE = [
    (
        "guidance_visit",
        {
            "fi": (
                "Ohjaustukikäynti",
                "Työvalmentaja käy työpaikalla tukemassa työpaikkaohjaajaa ja osallistujaa: tehtävien rajaus, ohjauksen keinot, ongelmien ratkaisu.",
                "Aikaa käynnille ja työpaikkaohjaajan läsnäolo.",
            ),
            "sv": (
                "Handledningsbesök",
                "Jobbcoachen besöker arbetsplatsen och stöder handledaren och deltagaren: avgränsning av uppgifter, handledningsmetoder, problemlösning.",
                "Tid för besöket och att handledaren är med.",
            ),
            "en": (
                "Guidance-support visit",
                "The coach visits the workplace to support the workplace instructor and the participant: shaping tasks, ways of guiding, solving problems.",
                "Time for the visit and the workplace instructor present.",
            ),
        },
    ),
    (
        "instructor_training",
        {
            "fi": (
                "Työpaikkaohjaajakoulutus",
                "Koulutus työpaikkaohjaajille: perehdytys, palautteen antaminen, työkyvyn tukeminen ja mukautukset.",
                "Työpaikkaohjaajan osallistuminen koulutukseen (noin 2 × 3 tuntia).",
            ),
            "sv": (
                "Utbildning för arbetsplatshandledare",
                "Utbildning för handledare: introduktion, att ge respons, att stödja arbetsförmågan och anpassningar.",
                "Att handledaren deltar i utbildningen (cirka 2 × 3 timmar).",
            ),
            "en": (
                "Workplace-instructor training",
                "Training for workplace instructors: induction, giving feedback, supporting work ability and adjustments.",
                "The workplace instructor attends the training (about 2 × 3 hours).",
            ),
        },
    ),
    (
        "networking",
        {
            "fi": (
                "Verkostotapaaminen",
                "Isäntäorganisaatioiden yhteinen tapaaminen: kokemusten vaihto, rekrytointitarpeet, alueen palvelut.",
                "Edustajan osallistuminen ja omien kokemusten jakaminen.",
            ),
            "sv": (
                "Nätverksträff",
                "Gemensam träff för värdorganisationerna: erfarenhetsutbyte, rekryteringsbehov, områdets tjänster.",
                "En representant deltar och delar sina erfarenheter.",
            ),
            "en": (
                "Networking event",
                "A meeting of host organisations: sharing experience, recruitment needs, the area's services.",
                "A representative attends and shares the organisation's experience.",
            ),
        },
    ),
    (
        "recognition",
        {
            "fi": (
                "Näkyvyys vastuullisuusprofiilissa",
                "Julkinen vastuullisuusprofiili ja todistus, jonka kuka tahansa voi tarkistaa.",
                "Suostumus profiilin julkaisemiseen; kirjatut jaksot, arvioinnit ja palautteet.",
            ),
            "sv": (
                "Synlighet i ansvarsprofilen",
                "En offentlig ansvarsprofil och ett intyg som vem som helst kan kontrollera.",
                "Samtycke till publicering; registrerade perioder, uppföljningar och respons.",
            ),
            "en": (
                "Recognition in the responsibility profile",
                "A public responsibility profile and a certificate anyone can verify.",
                "Consent to publish the profile; periods, reviews and feedback recorded.",
            ),
        },
    ),
    (
        "recruitment_help",
        {
            "fi": (
                "Rekrytointiapu",
                "Apu työpaikkailmoitukseen, hakijoiden esivalintaan ja palkkatuen hakemiseen.",
                "Avoimen tehtävän kuvaus ja yhteyshenkilö rekrytoinnille.",
            ),
            "sv": (
                "Rekryteringshjälp",
                "Hjälp med platsannonsen, förhandsurval av sökande och ansökan om lönesubvention.",
                "En beskrivning av den lediga uppgiften och en kontaktperson för rekryteringen.",
            ),
            "en": (
                "Recruitment help",
                "Help with the job advertisement, shortlisting applicants and applying for the wage subsidy.",
                "A description of the open job and a contact person for the recruitment.",
            ),
        },
    ),
    (
        "local_subsidy",
        {
            "fi": (
                "Kunnan lisätuki",
                "Työllisyysalueen oma tuki palkkatuen lisäksi, kun rahaa on talousarviossa jäljellä.",
                "Palkkatuettu työsuhde ja tuen ehtojen täyttyminen; maksatushakemus.",
            ),
            "sv": (
                "Kommunalt tilläggsstöd",
                "Sysselsättningsområdets eget stöd utöver lönesubventionen, så länge budgeten räcker.",
                "Ett lönesubventionerat anställningsförhållande som uppfyller villkoren; ansökan om utbetalning.",
            ),
            "en": (
                "Local subsidy",
                "The employment area's own subsidy on top of the wage subsidy, while its budget lasts.",
                "Wage-subsidised employment that meets the scheme's conditions; a payment claim.",
            ),
        },
    ),
]
