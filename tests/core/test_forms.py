"""The project's form rendering: radio buttons and checkboxes written in Python in the design
system's markup, and choices of rows read in one query."""

from unittest import mock

from django import forms
from django.db import connection
from django.urls import reverse
from django.utils.safestring import mark_safe

from tryghed.core.forms import ModelIdsField
from tryghed.incidents.models import Act


class Choices(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A & <b>"), ("b", mark_safe("<em>B</em>"))],
        widget=forms.RadioSelect,
        initial="b",
    )
    grouped = forms.MultipleChoiceField(
        label="Grouped",
        choices=[("Group <1>", [("x", "X"), ("y", 'Y "quoted"')]), ("z", "Z")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "extra", "data-on": True}),
        required=False,
    )


def test_radio_buttons_are_each_an_input_then_its_label_with_text_escaped():
    html = str(Choices()["kind"].as_widget())
    assert html == (
        '<div id="id_kind">'
        '<div>\n    <div class="form-group-radio"><input type="radio" name="kind" value="a"'
        ' class="form-radio" required id="id_kind_0"><label for="id_kind_0">A &amp; &lt;b&gt;'
        "</label></div></div>"
        '<div>\n    <div class="form-group-radio"><input type="radio" name="kind" value="b"'
        ' class="form-radio" required id="id_kind_1" checked><label for="id_kind_1"><em>B</em>'
        "</label></div></div>\n</div>"
    )


def test_checkboxes_keep_their_groups_attributes_and_what_was_chosen():
    form = Choices(data={"kind": "a", "grouped": ["y", "z"]})
    html = str(form["grouped"].as_widget())
    assert html == (
        '<div id="id_grouped" class="extra">\n  <div><label>Group &lt;1&gt;</label>'
        '<div>\n    <div class="form-group-checkbox"><input type="checkbox" name="grouped"'
        ' value="x" class="form-checkbox" data-on id="id_grouped_0_0">'
        '<label for="id_grouped_0_0">X</label></div></div>'
        '<div>\n    <div class="form-group-checkbox"><input type="checkbox" name="grouped"'
        ' value="y" class="form-checkbox" data-on id="id_grouped_0_1" checked>'
        '<label for="id_grouped_0_1">Y &#34;quoted&#34;</label></div></div>\n  </div>'
        '<div>\n    <div class="form-group-checkbox"><input type="checkbox" name="grouped"'
        ' value="z" class="form-checkbox" data-on id="id_grouped_1" checked>'
        '<label for="id_grouped_1">Z</label></div></div>\n</div>'
    )


def _no_server_side_cursor():
    """Django reads rows through a server-side cursor (on PostgreSQL: DECLARE, FETCH, FETCH,
    CLOSE) where code asks for iterator(); a page of choices asks for one query instead."""
    refuse = AssertionError("a server-side cursor for a list of choices")
    return mock.patch.object(connection, "chunked_cursor", side_effect=refuse)


def test_a_list_of_rows_to_choose_from_is_read_in_one_query(db):
    class ActsForm(forms.Form):
        acts = ModelIdsField(queryset=Act.objects.all(), widget=forms.CheckboxSelectMultiple)

    field = ActsForm()["acts"]
    with _no_server_side_cursor():
        html = str(field.as_widget())
    assert html.count('type="checkbox"') == Act.objects.count() > 0


def test_the_quick_report_reads_its_choices_in_plain_queries(client, employee):
    client.force_login(employee)
    with _no_server_side_cursor():
        response = client.get(reverse("incidents:report"))
    assert response.status_code == 200
    assert response.text.count('class="form-checkbox"') > 10
