from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The front page, the quick guide and what the layout shows on every page: they gather
    from the domain apps, so they sit on top of them."""

    name = "tryghed.home"
