"""The demo content files: a mistake is reported with the file and the key, not a traceback."""

import re

import pytest

from home.demo.content import ContentError, read_specs
from home.demo.specs import PageSpec

PAGE = """
[[pages]]
key = "agenda"
model = "events.EventIndexPage"
slug = { fr = "agenda", en = "events" }
"""
TITLE = 'title = { fr = "Agenda", en = "Events" }\n'


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("", "pages.toml, pages “agenda”: the key “title” is missing"),
        (
            TITLE + "fields.starts_at = 2021-09-31T09:30:00",
            "pages.toml, key “fields.starts_at”: Invalid date or datetime (at line 7",
        ),
        (
            TITLE + 'fields.publication_date = "1 July 2021"',
            "“publication_date” must be a date like 2021-09-01, not '1 July 2021'",
        ),
    ],
    ids=["missing key", "impossible date", "date as text"],
)
def test_a_mistake_names_the_file_and_the_key(tmp_path, lines, message):
    path = tmp_path / "pages.toml"
    path.write_text(PAGE + lines, encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(message)):
        read_specs(path, pages=PageSpec)


def test_dates_and_times_are_paris_time(tmp_path):
    path = tmp_path / "pages.toml"
    path.write_text(PAGE + TITLE + "fields.starts_at = 2021-09-01T09:30:00", encoding="utf-8")
    [[page]] = read_specs(path, pages=PageSpec)
    assert page.fields["starts_at"].isoformat() == "2021-09-01T09:30:00+02:00"
