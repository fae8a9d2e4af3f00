from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Ishøj's demo data and `tryghed demo`'s one-click logins. Nothing in tryghed imports
    this app: it sits on top and uses the others as a person would."""

    name = "tryghed.demo"
