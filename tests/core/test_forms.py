"""The project's form rendering: radio buttons and checkboxes written in Python in the design
system's markup, and choices of rows read without a server-side cursor."""

from unittest import mock

import pytest
from django import forms
from django.db import connection
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tryghed.core.forms import ChoiceInputs, FormRenderer, ModelIdsField
from tryghed.incidents.models import Act


class Choices(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A & <b>"), ("b", mark_safe("<em>B</em>")), (3, gettext_lazy("Yes"))],
        widget=forms.RadioSelect(attrs={"data-off": False, "data-quote": 'it\'s "so"'}),
        initial="b",
    )
    grouped = forms.MultipleChoiceField(
        label="Grouped",
        choices=[
            ("<Group> & 1", [("x", gettext_lazy("No")), ("y", 'Y "quoted"')]),
            ('z"&<', "Z"),
        ],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "extra", "data-on": True}),
        required=False,
    )
    acts = ModelIdsField(
        queryset=Act.objects.order_by("pk")[:3], widget=forms.CheckboxSelectMultiple
    )


class OwnOption(forms.RadioSelect):
    option_template_name = "django/forms/widgets/input.html"  # an input with no label


def _both_ways(bound):
    """The widget written by ChoiceInputs, and by the templates it stands in for."""
    widget = bound.field.widget
    context = widget.get_context(
        bound.html_name,
        bound.value(),
        widget.build_attrs(widget.attrs, {"id": bound.auto_id} if bound.auto_id else {}),
    )
    renderer = FormRenderer()
    writer = renderer.get_template(widget.template_name)
    assert isinstance(writer, ChoiceInputs)
    template = renderer.widgets.get_template(widget.template_name)
    return writer.render(context), template.render(context)


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("data", [None, {"kind": "3", "grouped": ["y", 'z"&<']}])
def test_radio_buttons_and_checkboxes_are_written_as_the_templates_write_them(db, auto_id, data):
    form = Choices(data=data, auto_id=auto_id)
    for name in form.fields:
        written, templated = _both_ways(form[name])
        assert written == templated
        assert "<input" in written


def test_a_radio_button_is_its_input_then_its_label_with_text_escaped():
    html = str(Choices()["kind"].as_widget())
    assert (
        '<div class="form-group-radio"><input type="radio" name="kind" value="a"'
        ' class="form-radio" data-quote="it&#39;s &#34;so&#34;" required id="id_kind_0">'
        '<label for="id_kind_0">A &amp; &lt;b&gt;</label></div>'
    ) in html
    assert '<label for="id_kind_1"><em>B</em></label>' in html  # the label's own markup
    assert "data-off" not in html


def test_a_list_s_class_is_on_the_list_not_on_each_checkbox():
    html = str(Choices()["grouped"].as_widget())
    assert html.startswith('<div id="id_grouped" class="extra">')
    assert html.count("extra") == 1
    assert html.count(" data-on ") == 3


def test_options_with_a_template_of_their_own_are_left_to_it():
    class Own(forms.Form):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=OwnOption)

    written, templated = _both_ways(Own()["choice"])
    assert written == templated
    assert 'type="radio"' in written
    assert "<label" not in written


def _no_server_side_cursor():
    """Django reads rows through a server-side cursor (on PostgreSQL: DECLARE, FETCH, FETCH,
    CLOSE) where code asks for iterator(); a page of choices asks for one query instead."""
    refuse = AssertionError("a server-side cursor for a list of choices")
    return mock.patch.object(connection, "chunked_cursor", side_effect=refuse)


def test_a_list_of_rows_to_choose_from_is_read_without_a_server_side_cursor(db):
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
