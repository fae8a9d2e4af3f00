"""Figures from several tables in one query."""

from django.db import models


class CountOf(models.Subquery):
    """The number of rows of `queryset`, as a value in another query's row: the layout's
    counters (unread messages, open tasks) come back together in one round trip."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = models.IntegerField()

    def __init__(self, queryset):
        super().__init__(queryset.order_by().values("pk"))
