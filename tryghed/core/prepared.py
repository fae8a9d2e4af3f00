"""A query the ORM builds and compiles once, then runs with fresh parameters.

Building a query with a handful of subqueries and compiling it to SQL costs the ORM about
3 ms; running it costs a tenth of that. A query that every page runs (the layout's,
home/layout.py) is therefore kept compiled, once per process for each key (at most `size`
keys; the least recently used are compiled again when next asked), and only its parameters
change from one request to the next.

The key must name everything the query's SQL and parameters depend on, except the current
time: `build(now)` may compare a column with `now` as it is, and each run puts the moment of
the run in its place. A query that would depend on the time otherwise (`now` shifted, or
truncated to a day) is refused when it is first compiled. Everything else the query reads
(names, counters, phone numbers) it reads when it runs, so nothing it returns is ever older
than the request.
"""

import threading
from collections import OrderedDict
from datetime import UTC, datetime

from django.db import connections
from django.utils import timezone

# Moments no query compares with: where one is found among the compiled query's parameters, a
# run puts its own moment. Two, to tell `now` from a value that only looks like it.
_SENTINELS = (
    datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
    datetime(1902, 3, 4, 5, 6, 7, 890123, tzinfo=UTC),
)


class PreparedValues:
    """`values()` queries kept compiled, at most `size` of them."""

    def __init__(self, size=2000):
        self._size = size
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def rows(self, key, build, *, using, now=None):
        """The rows of `build(now)`, a `values()` queryset, as dicts, as list(build(now))
        gives them, from the database `using`."""
        connection = connections[using]
        key = (using, connection.vendor, key)
        compiled = self._get(key)
        if compiled is None:
            compiled = _Compiled(build, using)
            self._put(key, compiled)
        return compiled.run(connection, now or timezone.now())

    def clear(self):
        with self._lock:
            self._kept.clear()

    def _get(self, key):
        with self._lock:
            compiled = self._kept.get(key)
            if compiled is not None:
                self._kept.move_to_end(key)
            return compiled

    def _put(self, key, compiled):
        with self._lock:
            self._kept[key] = compiled
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)


class _Compiled:
    def __init__(self, build, using):
        self.sql, params, self.names, self.columns = _compile(build(_SENTINELS[0]), using)
        sql_again, params_again, _names, _columns = _compile(build(_SENTINELS[1]), using)
        first, second = map(connections[using].ops.adapt_datetimefield_value, _SENTINELS)
        self.params = list(params)
        self.now_at = [i for i, param in enumerate(params) if param == first]
        pairs = zip(params, params_again, strict=False)  # unequal lengths are refused below
        changed = [i for i, (a, b) in enumerate(pairs) if a != b]
        if (
            sql_again != self.sql
            or len(params_again) != len(params)
            or changed != self.now_at
            or any(params_again[i] != second for i in changed)
        ):
            raise ValueError("the query depends on the time otherwise than by comparing with now")

    def run(self, connection, now):
        params = list(self.params)
        moment = connection.ops.adapt_datetimefield_value(now)
        for i in self.now_at:
            params[i] = moment
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        # As Django's compiler converts a row's values, with this request's connection.
        converters = []
        for position, column in enumerate(self.columns):
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((position, found, column))
        result = []
        for row in rows:
            row = list(row)
            for position, found, column in converters:
                for converter in found:
                    row[position] = converter(row[position], column, connection)
            result.append(dict(zip(self.names, row, strict=True)))
        return result


def _compile(queryset, using):
    """(SQL, parameters, the names of a row's values, the selected columns), as Django's
    ValuesIterable names them."""
    query = queryset.query
    compiler = query.get_compiler(using)
    sql, params = compiler.as_sql()
    if query.selected:
        names = list(query.selected)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    columns = [column[0] for column in compiler.select[: compiler.col_count]]
    return sql, params, names, columns
