"""The demo content, read from the TOML files next to this module.

The files hold the texts, French and English, for editors and translators to correct; this module
only turns them into the objects of ``home.demo.specs``. In the files, ``{ fr = …, en = … }`` is a
text in both languages, ``{ image = key }`` and ``{ document = key }`` point at a generated file,
an array of tables each with a ``type`` is a StreamField, and dates and times are Paris time.
"""

import datetime
import re
import tomllib
from dataclasses import MISSING, fields
from pathlib import Path
from zoneinfo import ZoneInfo

from home.demo.specs import (
    AudienceSpec,
    DocumentRef,
    DocumentSpec,
    ImageRef,
    ImageSpec,
    OrganisationSpec,
    PageSpec,
    Stream,
    T,
    TagSpec,
    TerritorySpec,
)

DIRECTORY = Path(__file__).parent
PARIS = ZoneInfo("Europe/Paris")
DATE_SUFFIXES = {"_date": datetime.date, "_month": datetime.date, "_at": datetime.datetime}


class ContentError(ValueError):
    """A content file the loader cannot use; the message names the file and the key."""


def read(path: Path) -> dict:
    """A TOML file as a dict; a syntax error (an impossible date, say) names its line's key."""
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        key = text.splitlines()[int(line[1]) - 1].partition("=")[0].strip() if line else ""
        raise ContentError(f"{path.name}, key “{key}”: {error}") from None


def value(item, name: str, where: str):
    """A value of a file as the specs hold it (see the module's docstring)."""
    kind = next((kind for end, kind in DATE_SUFFIXES.items() if name.endswith(end)), None)
    if kind is not None and type(item) is not kind:
        example = "2021-09-01T09:30:00" if kind is datetime.datetime else "2021-09-01"
        raise ContentError(f"{where}: “{name}” must be a date like {example}, not {item!r}")
    if isinstance(item, datetime.datetime) and item.tzinfo is None:
        return item.replace(tzinfo=PARIS)
    if isinstance(item, list) and item and all(isinstance(b, dict) and "type" in b for b in item):
        blocks = [(b["type"], {k: v for k, v in b.items() if k != "type"}) for b in item]
        return Stream(tuple((kind, value(block, "", where)) for kind, block in blocks))
    if isinstance(item, list):
        return tuple(value(element, name, where) for element in item)
    if not isinstance(item, dict):
        return item
    if all(isinstance(element, str) for element in item.values()):
        if item.keys() == {"fr", "en"}:
            return T(item["fr"], item["en"])
        if item.keys() == {"image"}:
            return ImageRef(item["image"])
        if item.keys() == {"document"}:
            return DocumentRef(item["document"])
    return {key: value(element, key, f"{where}.{key}") for key, element in item.items()}


def read_specs(path: Path, **spec_classes) -> tuple:
    """For each ``table=SpecClass``, the specs made from that array of tables of the file."""
    data = read(path)
    found = []
    for table, spec_class in spec_classes.items():
        known = {spec_field.name: spec_field for spec_field in fields(spec_class)}
        specs = []
        for entry in data.get(table, []):
            where = f"{path.name}, {table} “{entry.get('key', entry.get('slug', '?'))}”"
            for name, spec_field in known.items():
                required = spec_field.default is MISSING is spec_field.default_factory
                if required and name not in entry:
                    raise ContentError(f"{where}: the key “{name}” is missing")
            if unknown := sorted(entry.keys() - known.keys()):
                raise ContentError(f"{where}: unknown key “{unknown[0]}”")
            values = {name: value(item, name, f"{where}, {name}") for name, item in entry.items()}
            specs.append(spec_class(**values))
        found.append(tuple(specs))
    return tuple(found)


AUDIENCES, ORGANISATIONS, TERRITORIES, TAGS = read_specs(
    DIRECTORY / "vocabulary.toml",
    audiences=AudienceSpec,
    organisations=OrganisationSpec,
    territories=TerritorySpec,
    tags=TagSpec,
)
IMAGES, DOCUMENTS = read_specs(DIRECTORY / "files.toml", images=ImageSpec, documents=DocumentSpec)
(TREE,) = read_specs(DIRECTORY / "pages.toml", pages=PageSpec)  # parents first
SITE = read(DIRECTORY / "site.toml")
CONTACT_EMAIL, CONTACT_ADDRESS = SITE["contact"]["email"], SITE["contact"]["address"]
ADMIN_USERNAME, ADMIN_EMAIL = SITE["admin"]["username"], SITE["admin"]["email"]
