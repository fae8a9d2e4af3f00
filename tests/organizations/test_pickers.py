"""Unit pickers label each unit by its path in the tree and group the units by the top level."""

from django import forms

from tryghed.core.pickers import SEPARATOR
from tryghed.incidents.forms import QuickReportForm
from tryghed.organizations.models import Unit
from tryghed.organizations.pickers import UnitChoiceField


def path(*parts):
    return SEPARATOR.join(parts)


class PickForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.all(), empty_label="Vælg")


def test_units_are_labelled_by_their_path_and_grouped_by_the_top_level(tree):
    choices = list(PickForm().fields["unit"].choices)
    assert choices[0] == ("", "Vælg")
    groups = {group: [label for _value, label in options] for group, options in choices[1:]}
    assert groups["Center for Sundhed og Omsorg"] == [
        "Center for Sundhed og Omsorg",
        path("Center for Sundhed og Omsorg", "Hjemmeplejen"),
        path("Center for Sundhed og Omsorg", "Kløverengen"),
        path("Center for Sundhed og Omsorg", "Kløverengen", "Afsnit Æblehaven"),
    ]
    assert groups["Ishøj Kommune"] == ["Ishøj Kommune"]
    assert list(groups) == [
        "Center for Børn og Læring",
        "Center for Sundhed og Omsorg",
        "Ishøj Kommune",
    ]


def test_the_picker_is_marked_for_the_search_box_and_still_validates_on_the_server(tree):
    html = str(PickForm()["unit"])
    assert 'data-picker="path"' in html and "tom-select.complete" in html
    assert '<optgroup label="Center for Sundhed og Omsorg">' in html
    assert PickForm({"unit": tree["own"].pk}).is_valid()
    assert not PickForm({"unit": "999999"}).is_valid()


def test_the_quick_report_offers_only_the_reporters_units_by_path(employee, tree):
    form = QuickReportForm(reporter=employee)
    labels = [label for _value, label in form.fields["unit"].choices if _value != ""]
    assert path("Center for Sundhed og Omsorg", "Kløverengen") in labels
    assert not any("Strandgårdskolen" in label for label in labels)


def test_the_picker_writes_the_same_select_as_django_with_names_escaped(tree):
    """The options are written in Python (core/pickers.py, options_html), not by Django's
    template per option: the same elements, the chosen one selected, every name escaped."""
    from html.parser import HTMLParser

    tree["own"].name = '<script>alert("x")</script> & Co'
    tree["own"].save()
    html = str(PickForm(initial={"unit": tree["own"].pk})["unit"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html

    class Options(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.groups, self.label = [], [], None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "optgroup":
                self.groups.append(attrs["label"])
            elif tag == "option":
                self.label = [attrs["value"], "selected" in attrs, ""]
                self.found.append(self.label)

        def handle_data(self, data):
            if self.label is not None:
                self.label[2] += data

        def handle_endtag(self, tag):
            if tag == "option":
                self.label = None

    written = Options()
    written.feed(html)
    # As Django's own Select writes the same choices.
    django = Options()
    django.feed(
        forms.Select(choices=PickForm().fields["unit"].choices).render("unit", tree["own"].pk)
    )
    assert (written.found, written.groups) == (django.found, django.groups)
    choices = list(PickForm().fields["unit"].choices)
    expected = [[str(choices[0][0]), False, choices[0][1]]] + [
        [str(value), str(value) == str(tree["own"].pk), label]
        for _group, options in choices[1:]
        for value, label in options
    ]
    assert written.found == expected
    assert written.groups == [group for group, _options in choices[1:]]
