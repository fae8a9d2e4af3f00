"""The order tests/conftest.py gives a run: the tests outside tests/e2e, then the browser tests;
within each, those marked `slow` first, the rest in the order collected."""

from tests.conftest import pytest_collection_modifyitems


class Item:
    def __init__(self, nodeid, *marks):
        self.nodeid, self.marks = nodeid, set(marks)

    def get_closest_marker(self, name):
        return name if name in self.marks else None

    def add_marker(self, marker):  # a browser test skipped on PostgreSQL
        self.marks.add("skip")


def test_slow_tests_start_first_within_each_part():
    items = [
        Item("tests/e2e/test_a.py::test_quick", "also_on_postgresql"),
        Item("tests/stats/test_a.py::test_quick"),
        Item("tests/e2e/test_b.py::test_long", "slow", "also_on_postgresql"),
        Item("tests/demo/test_a.py::test_long", "slow"),
        Item("tests/core/test_a.py::test_quick"),
    ]
    pytest_collection_modifyitems(None, items)
    assert [item.nodeid for item in items] == [
        "tests/demo/test_a.py::test_long",
        "tests/stats/test_a.py::test_quick",
        "tests/core/test_a.py::test_quick",
        "tests/e2e/test_b.py::test_long",
        "tests/e2e/test_a.py::test_quick",
    ]
