"""The guideline's part "Efter" as a case template: seeded as data that an administrator can
change. Texts are Tryghed's own words; the facts (deadlines, roles) are the guideline's and the
law's. Idempotent: the migration and the demo both call it."""

PEER_FIRST_AID = (
    "Vis omsorg og skab ro. Find ud af, hvad den ramte har brug for, og følg det. "
    "Lyt og spørg ind til, hvad der skete, uden at give skyld, bagatellisere eller komme med "
    "gode råd. Giv plads til pauser og følelser. Følg med til skadestuen, hvis det er nødvendigt, "
    "og sørg for, at den ramte ikke er alene, når hun eller han kommer hjem. Hjælp gerne med "
    "det praktiske: indkøb, hentning af børn, aflysninger."
)

# kind, title, guidance, assignee, required, anchor, days, hours, condition
VIOLENCE_TASKS = [
    (
        "acknowledge",
        "Anerkend episoden og tal med medarbejderen i dag",
        "Sig tydeligt, at det, der skete, ikke er i orden, og at arbejdspladsen tager det alvorligt. "
        "Tal med medarbejderen samme dag.\n\nKollegial førstehjælp: " + PEER_FIRST_AID,
        "manager",
        True,
        "episode",
        0,
        0,
        "always",
    ),
    (
        "support",
        "Sørg for støtte, også til vidner",
        "Se medarbejderens støttepersoner nedenfor, og aftal hvem der følger op. Husk kolleger, "
        "der så episoden: de kan også have brug for støtte.",
        "manager",
        True,
        "episode",
        1,
        0,
        "always",
    ),
    (
        "counselling",
        "Tilbyd psykologisk rådgivning",
        "Fortæl medarbejderen om muligheden for anonym psykologisk rådgivning. Tilbuddet er frivilligt. "
        "Her registreres kun datoen for tilbuddet, aldrig noget om selve rådgivningen.",
        "manager",
        True,
        "episode",
        1,
        0,
        "always",
    ),
    (
        "police_report",
        "Politianmeldelse: beslut og anmeld",
        "Som hovedregel politianmeldes alle episoder med vold og trusler om vold. Voldsofferets ret "
        "til erstatning forudsætter en anmeldelse senest 72 timer efter episoden. Vælger I ikke at "
        "anmelde, skal begrundelsen skrives. Det er ikke en anmeldelse, at politiet blev tilkaldt.",
        "manager",
        True,
        "episode",
        0,
        72,
        "always",
    ),
    (
        "work_injury",
        "Anmeld arbejdsskaden",
        "Vold og trusler anmeldes som arbejdsskade efter arbejdsskadeloven, sammen med skemaet om "
        "krænkende hændelser. Fristen er 14 dage efter første fraværsdag, eller 14 dage efter "
        "episoden, hvis der ikke er fravær.",
        "manager_or_safety_rep",
        True,
        "absence",
        14,
        0,
        "always",
    ),
    (
        "inform",
        "Orientér AMR og beslut, hvem der ellers skal vide det",
        "Arbejdsmiljørepræsentanten orienteres altid. Beslut, om andre kolleger eller "
        "tillidsrepræsentanten skal orienteres. Der gives ikke en generel orientering til hele "
        "organisationen.",
        "manager",
        True,
        "episode",
        2,
        0,
        "always",
    ),
    (
        "serious_case",
        "Orientér Direktionen og HR om den alvorlige episode",
        "Episoden er alvorlig. Som centerchef orienterer du Direktionen og HR om episoden og om den "
        "information, der er givet. Når opgaven er løst, kan de se sagen.",
        "center_head",
        True,
        "episode",
        2,
        0,
        "serious",
    ),
    (
        "follow_up_talk",
        "Opfølgende samtale med de tilstedeværende og AMR",
        "Tal episoden igennem med dem, der var til stede, og med arbejdsmiljørepræsentanten.",
        "manager",
        True,
        "episode",
        7,
        0,
        "always",
    ),
    (
        "evaluation",
        "Evaluér med arbejdsmiljøgruppen",
        "Vurdér sammen med arbejdsmiljøgruppen, om der skal gøres mere for at undgå, at det sker "
        "igen. Opret tiltag med ansvarlig og frist, eller skriv, hvorfor der ikke er brug for nogen.",
        "manager",
        True,
        "episode",
        30,
        0,
        "always",
    ),
]


def seed_templates(case_template_model, task_template_model):
    """Create the default template if there is none for all kinds."""
    if case_template_model.objects.filter(kind="").exists():
        return
    template = case_template_model.objects.create(name="Vold, trusler og krænkende adfærd", kind="")
    for order, row in enumerate(VIOLENCE_TASKS, start=1):
        kind, title, guidance, assignee, required, anchor, days, hours, condition = row
        task_template_model.objects.create(
            case_template=template,
            order=order,
            kind=kind,
            title=title,
            guidance=guidance,
            assignee=assignee,
            is_required=required,
            anchor=anchor,
            offset_days=days,
            offset_hours=hours,
            condition=condition,
        )
