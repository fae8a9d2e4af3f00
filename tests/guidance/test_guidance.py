"""The employee's own guidance: calm words, the conflict staircase, colleague first aid and the
municipality's rules for social media, shown to every employee where it helps, as data the
municipality words."""

import io

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.guidance.models import GuidancePoint, Topic
from tryghed.organizations.roles import Role
from tryghed.prevention.models import OnboardingChecklist


def test_the_advice_page_shows_the_three_topics_to_anyone_without_login(client, db):
    page = client.get(reverse("guidance:advice")).text
    for heading in ("Rolige ord: tal konflikten ned", "Konflikttrappen", "Kollegial førstehjælp"):
        assert heading in page
    assert "Følg personen hjem, og sørg for, at vedkommende ikke er alene." in page
    assert "Fjendebilleder" in page


def test_the_advice_prints_on_one_a4_page_with_its_headings(client, db):
    response = client.get(reverse("guidance:advice_pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for heading in ("Råd til dig og dine kolleger", "Konflikttrappen", "Kollegial førstehjælp"):
        assert heading in text


def test_the_municipalitys_own_wording_replaces_tryghed_s_and_a_retired_point_is_gone(client, db):
    home = GuidancePoint.objects.get(code="aid.home")
    home.text = "Ring til en pårørende, og vent sammen, til de kommer."
    home.save()
    GuidancePoint.objects.filter(code="aid.practical").update(is_active=False)
    GuidancePoint.objects.create(
        topic=Topic.FIRST_AID, text="Husk vores kollegaordning.", position=99
    )
    page = client.get(reverse("guidance:advice")).text
    assert "Ring til en pårørende, og vent sammen, til de kommer." in page
    assert "Følg personen hjem" not in page
    assert "indkøb, hente børn" not in page
    assert "Husk vores kollegaordning." in page
    with translation.override("en"):
        assert str(home) == "Ring til en pårørende, og vent sammen, til de kommer."


def test_the_social_media_rules_are_shown_to_every_employee(client, db):
    page = client.get(reverse("guidance:social_media")).text
    assert "tavshedspligt" in page
    assert "venneanmodninger" in page
    assert "Giv aldrig private e-mailadresser, telefonnumre" in page
    assert "henvis til den enhed eller fagperson, der har sagen" in page


def test_the_quick_guide_carries_the_advice_and_links_to_the_social_media_rules(client, db):
    page = client.get(reverse("home:quick_guide")).text
    assert "Kollegial førstehjælp" in page and "Konflikttrappen" in page
    assert reverse("guidance:social_media") in page
    assert reverse("guidance:advice_pdf") in page


def test_a_colleague_reporting_on_behalf_gets_first_aid_on_the_receipt(client, tree, employee):
    colleague = person(tree["own"], Role.EMPLOYEE, name="Kaj Kollega", email="kaj@ishoj.example")
    incident = make_incident(colleague, tree["own"], affected=[employee])
    client.force_login(colleague)
    page = client.get(reverse("incidents:receipt", args=[incident.pk])).text
    assert "Din kollega kan have brug for dig nu" in page
    assert "Giv plads til stilhed, pauser og gråd." in page
    assert reverse("guidance:advice") in page


def test_someone_reporting_about_themself_gets_a_link_not_the_first_aid(client, tree, employee):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    page = client.get(reverse("incidents:receipt", args=[incident.pk])).text
    assert "Din kollega kan have brug for dig nu" not in page
    assert reverse("guidance:advice") in page
    assert reverse("guidance:social_media") not in page


def test_an_online_episode_links_to_the_social_media_rules_from_report_and_receipt(
    client, tree, employee
):
    client.force_login(employee)
    assert reverse("guidance:social_media") in client.get(reverse("incidents:report")).text
    incident = make_incident(employee, tree["own"], kind="online")
    page = client.get(reverse("incidents:receipt", args=[incident.pk])).text
    assert reverse("guidance:social_media") in page


def test_onboarding_goes_through_the_advice(client, tree, manager):
    from tryghed.accounts.models import EmploymentType

    temp = person(
        tree["own"],
        name="Vera Vikar",
        email="vera@ishoj.example",
        employment_type=EmploymentType.TEMP,
    )
    checklist = OnboardingChecklist.objects.get(person=temp)
    assert checklist.items.filter(code="own_guidance").exists()
    client.force_login(temp)
    page = client.get(checklist.get_absolute_url()).text
    assert "Gennemgå rådene til medarbejdere" in page
    assert reverse("guidance:advice") in page and reverse("guidance:social_media") in page
