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
        "report",
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
        "report",
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
        "report",
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
        "report",
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
        "report",
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
        "report",
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
        "report",
        30,
        0,
        "always",
    ),
]


# The guideline's twelve steps for harassment and threats on social media.
ONLINE_TASKS = [
    (
        "acknowledge",
        "Tag imod medarbejderens henvendelse og overtag håndteringen",
        "Medarbejderen har fortalt ledelsen om chikanen. Anerkend det, og aftal, at du eller en anden "
        "nøgleperson tager over, så medarbejderen ikke står alene med det.",
        "manager",
        True,
        "report",
        0,
        0,
        "always",
    ),
    (
        "evidence",
        "Sikr beviser",
        "Tag skærmbilleder eller print af opslag og kommentarer, med adresse og tidspunkt, og læg dem "
        "under Beviser på sagen. Et bevis ændres aldrig; en rettelse er et nyt bevis.",
        "manager",
        True,
        "report",
        0,
        0,
        "always",
    ),
    (
        "post_removal",
        "Beslut, om opslag skal slettes",
        "Opslag på kommunens egne sider skal slettes, hvis de chikanerer navngivne medarbejdere, "
        "indeholder personoplysninger eller personsager, eller strider mod loven. De kan slettes, hvis "
        "de ikke hører til sidens formål eller på anden måde er upassende. Sikr beviserne først.",
        "manager",
        True,
        "report",
        1,
        0,
        "always",
    ),
    (
        "blocking",
        "Beslut, om borgeren skal blokeres",
        "Blokering kræver gentagelse: mindst to episoder fra samme person, eller en skriftlig "
        "begrundelse. Det er lederen, der beslutter; IT udfører blokeringen.",
        "manager",
        True,
        "report",
        2,
        0,
        "always",
    ),
    (
        "counselling",
        "Psykisk førstehjælp og tilbud om psykologisk rådgivning",
        "Giv medarbejderen støtte med det samme, og fortæl om tilbuddet om anonym psykologisk "
        "rådgivning. Her registreres kun datoen for tilbuddet.",
        "manager",
        True,
        "report",
        1,
        0,
        "always",
    ),
    (
        "inform",
        "Beslut, om andre skal orienteres",
        "Kan sagen påvirke andre medarbejdere, så overvej at orientere dem og eventuelt AMR og TR.",
        "manager",
        True,
        "report",
        2,
        0,
        "always",
    ),
    (
        "dialogue",
        "Dialog med borgeren",
        "Bed borgeren om at stoppe chikanen eller truslerne, og fortæl om de mulige konsekvenser, for "
        "eksempel en politianmeldelse. Forklar, at medarbejderne handler inden for de politiske og "
        "ledelsesmæssige rammer og ikke på egen hånd.",
        "manager",
        True,
        "report",
        3,
        0,
        "always",
    ),
    (
        "meeting",
        "Eventuelt møde med ledelsen",
        "Borgeren kan inviteres til et møde med ledelsen for at afklare uenigheder.",
        "manager",
        False,
        "report",
        14,
        0,
        "always",
    ),
    (
        "police_report",
        "Politianmeld, hvis det er ulovligt",
        "Er der tale om ulovligheder, anmeldes borgeren til politiet efter kommunens retningslinje. "
        "Beslutter I ikke at anmelde, skrives begrundelsen.",
        "manager",
        True,
        "episode",
        0,
        72,
        "always",
    ),
    (
        "work_injury",
        "Anmeld som krænkende hændelse",
        "Anmeld hændelsen som arbejdsskade, med skemaet om krænkende hændelser.",
        "manager_or_safety_rep",
        True,
        "absence",
        14,
        0,
        "always",
    ),
    (
        "follow_up_talk",
        "Følg op med medarbejderen",
        "Lederen følger op med medarbejderen. Det kan aftales, at en kollega, AMR eller TR også "
        "følger op.",
        "manager",
        True,
        "report",
        7,
        0,
        "always",
    ),
    (
        "evaluation",
        "Evaluér og justér praksis",
        "Evaluér hændelsen senere, og justér praksis, så lignende hændelser forebygges. Opret tiltag "
        "med ansvarlig og frist, eller skriv, hvorfor der ikke er brug for nogen.",
        "manager",
        True,
        "report",
        30,
        0,
        "always",
    ),
]

TEMPLATES = [
    ("", "Vold, trusler og krænkende adfærd", VIOLENCE_TASKS),
    ("online", "Chikane og trusler på sociale medier", ONLINE_TASKS),
]


def seed_templates(case_template_model, task_template_model):
    """Create each default template that has no template of its kind yet."""
    for kind, name, tasks in TEMPLATES:
        if not case_template_model.objects.filter(kind=kind).exists():
            _create(case_template_model, task_template_model, kind, name, tasks)


def _create(case_template_model, task_template_model, kind, name, tasks):
    template = case_template_model.objects.create(name=name, kind=kind)
    for order, row in enumerate(tasks, start=1):
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
