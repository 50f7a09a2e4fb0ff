"""What the demo content is read into (``home.demo.content``): bilingual texts and objects.

Every text that readers see is a ``T`` holding its French and its English wording, so the English
version of each page and snippet is written next to the French one and cannot be forgotten.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class T:
    """A text in French (the source language) and in English."""

    fr: str
    en: str


@dataclass(frozen=True)
class ImageRef:
    """A generated image, by its key in ``content/files.toml``."""

    key: str


@dataclass(frozen=True)
class DocumentRef:
    """A generated PDF, by its key in ``content/files.toml``."""

    key: str


@dataclass(frozen=True)
class Stream:
    """A StreamField value: ``(block type, value)`` pairs whose texts may be ``T``."""

    blocks: tuple


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: T | str
    kind: str
    acronym: str = ""
    website: str = ""
    description: T | str = ""
    is_network_member: bool = False


@dataclass(frozen=True)
class AudienceSpec:
    key: str
    name: T


@dataclass(frozen=True)
class TerritorySpec:
    """A place; ``code`` is the INSEE code (SIREN for an EPCI), empty for the whole country."""

    key: str
    name: str
    kind: str
    code: str = ""
    parent: str | None = None
    latitude: str | None = None
    longitude: str | None = None


@dataclass(frozen=True)
class TagSpec:
    slug: str
    name: str
    name_en: str


@dataclass(frozen=True)
class ImageSpec:
    """A flat illustration: a background, a motif and the colours to draw it with."""

    key: str
    title: str
    motif: str
    background: str
    colours: tuple[str, ...]


@dataclass(frozen=True)
class DocumentSpec:
    """A PDF: a title, paragraphs and, optionally, the open democracy diagram on its first page;
    ``more_pages`` are the paragraphs of each following page."""

    key: str
    title: str
    heading: str
    paragraphs: tuple[str, ...]
    diagram: bool = False
    more_pages: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class PageSpec:
    """A page of the demo tree; ``parent`` is the key of its parent (None: the tree's root).

    ``fields`` maps model field names to values; ``T`` values are translated, ``Stream`` values
    become StreamField data with stable block ids, refs become the generated image or document.
    """

    key: str
    model: str
    title: T
    slug: T
    parent: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    show_in_menus: bool = False
    themes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
