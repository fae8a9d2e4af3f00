"""Lookups Django has not got."""

from django.db.models import Lookup


class AnyOf(Lookup):
    """`lhs` is one of `values`, a list read beforehand. On PostgreSQL it goes as one array
    (`= ANY(%s)`): the planner sees how many values there are, as with `IN (…)`, but parses
    one parameter instead of thousands. Elsewhere it is `IN (…)`. Use it as a filter:
    `queryset.filter(AnyOf(F("pk"), ids))`."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*params, values)
        if not values:
            return "1 = 0", tuple(params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*params, *values)
