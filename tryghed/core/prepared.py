"""A query the ORM builds and compiles once, then runs with fresh parameters.

Building a query with a handful of subqueries and compiling it to SQL costs the ORM about
3 ms; running it costs a tenth of that. A query that every page runs (the layout's,
home/layout.py) is therefore kept compiled, once per process for each key, and only its
parameters change from one request to the next.

The key must name everything the query's SQL and parameters depend on, except the current
time: `build(now)` may compare with `now`, and each run puts the moment of the run in its
place. Everything else the query reads (names, counters, phone numbers) it reads when it runs,
so nothing it returns is ever older than the request.
"""

import threading
from collections import OrderedDict
from datetime import UTC, datetime

from django.db import connections
from django.utils import timezone

# A moment no query compares with: where it is found among the compiled query's parameters,
# a run puts its own moment.
_SENTINEL = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


class PreparedValues:
    """`values()` queries kept compiled, at most `size` of them (the least recently used go)."""

    def __init__(self, size=2000):
        self._size = size
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def rows(self, key, build, *, using="default", now=None):
        """The rows of `build(now)`, a `values()` queryset, as dicts, as list(build(now))
        gives them."""
        connection = connections[using]
        compiled = self._get((using, connection.vendor, key))
        if compiled is None:
            compiled = _Compiled(build(_SENTINEL), using)
            self._put((using, connection.vendor, key), compiled)
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
    def __init__(self, queryset, using):
        query = queryset.query
        compiler = query.get_compiler(using)
        self.sql, params = compiler.as_sql()
        # As Django's ValuesIterable names a row's values, and its compiler converts them.
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())
        sentinel = compiler.connection.ops.adapt_datetimefield_value(_SENTINEL)
        self.params = list(params)
        self.now_at = [i for i, param in enumerate(self.params) if param == sentinel]

    def run(self, connection, now):
        params = list(self.params)
        moment = connection.ops.adapt_datetimefield_value(now)
        for i in self.now_at:
            params[i] = moment
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        names = self.names
        result = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in self.converters:
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
            result.append(dict(zip(names, row, strict=True)))
        return result
