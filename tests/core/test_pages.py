import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tryghed.organizations.models import Contact, ContactKind


def test_the_quick_guide_shows_the_municipalitys_numbers_from_its_data(client, tree):
    response = client.get(reverse("home:quick_guide"))
    assert response.status_code == 200
    assert "<title>Lyn-guide · Tryghed</title>" in response.text
    assert reverse("followup:online_checklist") in response.text.split("</title>")[1]
    assert 'href="tel:28880901"' in response.text
    assert "70 10 20 12" in response.text
    Contact.objects.filter(kind=ContactKind.SITE_GUARD).update(phone="43 57 70 00")
    assert 'href="tel:43577000"' in client.get(reverse("home:quick_guide")).text


def test_a_site_can_have_its_own_guard_number(client, tree, employee):
    Contact.objects.create(
        unit=tree["own"],
        kind=ContactKind.SITE_GUARD,
        name="Vagten på Kløverengen",
        phone="11 22 33 44",
    )
    client.force_login(employee)
    response = client.get(reverse("home:home"))
    assert "11 22 33 44" in response.text
    assert "28 88 09 01" not in response.text


@pytest.mark.parametrize(
    "name", ["home:home", "home:quick_guide", "accounts:profile", "notifications:inbox"]
)
def test_every_page_offers_report_an_episode_and_the_quick_guide_in_danish(client, employee, name):
    client.force_login(employee)
    response = client.get(reverse(name))
    assert '<html lang="da">' in response.text
    assert "Registrér episode" in response.text
    assert "Lyn-guide" in response.text
    assert employee.name in response.text
    assert "Kløverengen" in response.text, "the header names the person's units"


def test_the_language_switch_turns_the_page_english(client, employee):
    client.force_login(employee)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home:home"))
    assert '<html lang="en">' in response.text
    assert "Report an episode" in response.text


def test_a_missing_page_answers_in_danish_without_a_trace(client, employee):
    client.force_login(employee)
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert "Traceback" not in response.text


def test_every_response_carries_a_request_id_and_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home:quick_guide"))
    assert len(response["X-Request-ID"]) == 36
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_quick_guide_prints_as_a_one_page_poster_with_the_numbers(client, tree):
    import io

    from pypdf import PdfReader

    response = client.get(reverse("home:quick_guide_poster"))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "28 88 09 01" in text and "70 10 20 12" in text and "112" in text
    assert "Afbryd mødet" in text


def test_the_front_page_tells_a_manager_about_overdue_tasks(client, tree, employee, manager):
    from datetime import timedelta

    from django.utils import timezone

    from tests.incidents.factories import make_incident

    make_incident(employee, tree["own"], occurred_at=timezone.now() - timedelta(days=10))
    client.force_login(manager)
    text = client.get(reverse("home:home")).text
    assert "åbne opfølgningsopgaver" in text
    assert "af dem er over fristen" in text
    client.force_login(employee)
    assert "opfølgningsopgave" not in client.get(reverse("home:home")).text


def test_a_wrong_password_is_one_problem_not_an_answer_counted(client, employee):
    page = client.post(
        reverse("account_login"), {"login": employee.email, "password": "forkert"}
    ).content.decode()
    assert "Der er et problem" in page
    assert "1 svar" not in page


class _Pair(forms.Form):
    first = forms.CharField(label="Første")
    second = forms.CharField(label="Hvad skete der?", required=False)

    def clean(self):
        raise forms.ValidationError("Noget i formularen passer ikke sammen.")


def test_the_error_summary_counts_answers_and_writes_no_colon_after_a_question():
    form = _Pair(data={"second": "x"})
    form.add_error("second", "Skriv mere.")
    with translation.override("da"):
        html = render_to_string("components/error_summary.html", {"form": form})
    assert "fejl i 2 svar" in html, "two fields have errors; the form's own error is no answer"
    assert "Noget i formularen passer ikke sammen." in html
    assert "Hvad skete der? Skriv mere." in html


def test_the_quick_guides_phone_numbers_in_its_texts_are_links_and_its_data_stays_text(
    client, tree
):
    Contact.objects.filter(kind=ContactKind.COUNSELLING).update(
        description='<script>alert("x")</script> Ring også 33 12 34 56 i 2026 eller +45 7010 2012.'
    )
    page = client.get(reverse("home:quick_guide")).text
    steps = page.split('class="tryghed-steps"')[1]
    assert '<a href="tel:28880901">28 88 09 01</a>' in steps, "the site guard, in the text"
    assert '<a href="tel:112">112</a>' in steps
    assert '<a href="tel:70102012">70 10 20 12</a>' in steps
    assert '<a href="tel:33123456">33 12 34 56</a>' in steps
    assert '<a href="tel:+4570102012">+45 7010 2012</a>' in steps
    assert "tel:2026" not in steps, "a year is not a phone number"
    assert "<script>alert" not in page and "&lt;script&gt;alert" in steps
