from allauth.account import forms as allauth_forms
from django import forms

from tryghed.accounts.models import User


class PersonCreationForm(forms.ModelForm):
    """An administrator adds a person without a password: they set one through "forgot your
    password" or log in through the municipality's single sign-on."""

    class Meta:
        model = User
        fields = ["name", "email", "job_title", "employment_type", "started_on"]

    def save(self, commit=True):
        person = super().save(commit=False)
        person.set_unusable_password()
        if commit:
            person.save()
        return person


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form without the link inside the password hint: the link sits below the
    button instead, so Tab goes straight from the e-mail to the password field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
