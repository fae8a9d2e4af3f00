"""Small checks on rendered HTML, shared by the tests of several apps."""

from collections import Counter
from html.parser import HTMLParser


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(page):
    """The ids used more than once on a page: a label or an aria reference to one of them
    points at the wrong element."""
    parser = _Ids()
    parser.feed(page)
    return sorted(value for value, count in parser.ids.items() if count > 1)


def sent_back(client, response):
    """The page a refused POST sends the browser back to, as text. A refused POST redirects
    (redirect after POST), so reloading the page never sends it again."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    return client.get(response.url).text
