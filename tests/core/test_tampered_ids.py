"""A form that chooses several rows by id is answered with a message, not a 500, when the ids
are ones no database column can hold (a tampered form): SQLite, the demo's database, refused
such a number with an OverflowError."""

import importlib
import inspect
import pkgutil

from django import forms
from django.urls import reverse

import tryghed
from tests.incidents.factories import make_incident
from tests.incidents.test_case import details
from tryghed.core.forms import ModelIdsField

TOO_BIG = str(2**70)


def _forms_of_tryghed():
    for module in pkgutil.walk_packages(tryghed.__path__, "tryghed."):
        if module.name.endswith(".forms"):
            for _name, value in inspect.getmembers(importlib.import_module(module.name)):
                if inspect.isclass(value) and issubclass(value, forms.BaseForm):
                    yield value


def test_every_choice_of_several_rows_is_a_model_ids_field():
    loose = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _forms_of_tryghed()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelIdsField)
    ]
    assert loose == []


def test_the_full_report_with_an_act_no_column_holds_says_so_at_the_field(client, employee, tree):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]), details(incident, acts=[TOO_BIG])
    )
    assert response.status_code == 200
    assert TOO_BIG in response.text  # named in the message at the field, as Django names it
