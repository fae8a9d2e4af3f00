"""The guideline's acts and triggers: seeded as data that an administrator can change. The
seeding is idempotent; the migration and the demo both call it."""

ACTS = {
    "physical": [
        ("Overfald", False),
        ("Kvælningsforsøg", False),
        ("Knivstik", False),
        ("Spark", False),
        ("Slag", False),
        ("Skub", True),
        ("Benspænd", False),
        ("Fastholdelse eller greb", True),
        ("Kast med genstande", False),
        ("Niv", True),
        ("Bid", True),
        ("Krads", True),
        ("Spyt", True),
    ],
    "psychological": [
        ("Hån", True),
        ("Ydmygelse", False),
        ("Krænkelse", False),
        ("Chikane af medarbejderen eller familien", False),
        ("Trussel på livet", False),
        ("Trussel om hærværk mod arbejdspladsen", False),
        ("Trussel mod medarbejderens familie", False),
        ("Trussel mod medarbejderens ejendele", False),
    ],
    "online": [
        ("Bagvaskelse (usande oplysninger)", False),
        ("Æreskrænkende beskyldninger", False),
        ("Videregivelse af personlige oplysninger", False),
        ("Trussel på sociale medier", False),
    ],
}
TRIGGERS = [
    "Afslag på en ansøgning",
    "Krav til borgeren",
    "Påtale af fejl",
    "Ventetid",
    "Indgriben",
    "Påvirket af alkohol eller stoffer",
    "Ukendt",
    "Andet",
]


def seed_lists(act_model, trigger_model):
    """Create the acts and triggers that are missing; never touch those that exist."""
    order = 0
    for kind, acts in ACTS.items():
        for name, is_minor in acts:
            order += 1
            act_model.objects.get_or_create(
                kind=kind, name=name, defaults={"order": order, "is_minor": is_minor}
            )
    for position, name in enumerate(TRIGGERS, start=1):
        trigger_model.objects.get_or_create(name=name, defaults={"order": position})
