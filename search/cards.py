"""Search result cards: rendered once per item, kept by each process and in the database.

A results page shows twelve cards, and a search with new words mostly shows items the process
never showed: loading twelve pages of several types with their images, then rendering twelve
templates, was a third of such a search. Each card is therefore stored, rendered, with the
texts its excerpt reads (``search.models.ResultCard``): ``update_index`` renders every item's,
a search renders and stores those missing or stale, and a search reads the others in one
query. Each process also keeps the cards it showed last (``kept_cards``), under the content
version.

A card is rendered without a request: its link is the page's address as Wagtail gives it for
any site (relative with a single site, absolute with several), so the same card serves every
host.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass

import django
import wagtail
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.template import Context, Engine
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from resources.models.pages import item_types, results_with_card_data
from search.facets import current_tokens, database_key
from search.kept import KeptResults
from search.texts import ItemText, plain_body

logger = logging.getLogger(__name__)

# A card and its texts are a few kilobytes: 2,000 hold the first pages of the searches people
# make for a few megabytes.
kept_cards = KeptResults(2000)
STORE_BATCH = 500


@dataclass
class Card:
    html: SafeString
    text: ItemText


@dataclass(frozen=True)
class CardTheme:
    """A theme as a card lists it (the facet index knows the titles)."""

    title: str


def _template_names(engine, name, seen):
    """``name`` and every template it extends or includes by a constant name."""
    if name in seen:
        return
    seen.add(name)
    template = engine.get_template(name)
    yield name, template.source
    nodes = template.nodelist.get_nodes_by_type(ExtendsNode)
    parents = [node.parent_name for node in nodes]
    parents += [node.template for node in template.nodelist.get_nodes_by_type(IncludeNode)]
    for expression in parents:
        if isinstance(expression.var, str):
            yield from _template_names(engine, str(expression.var), seen)


@functools.cache
def card_form() -> str:
    """A digest of what renders a card besides its item: the card templates (and those they
    extend or include), the project's translation catalogs, Django's and Wagtail's versions.
    A deploy changing any of them makes every stored card stale."""
    engine = Engine.get_default()
    digest = hashlib.blake2b(digest_size=8)
    seen = set()
    for model in item_types().values():
        meta = model._meta
        card = f"{meta.app_label}/cards/{meta.model_name}.html"  # ``LibraryPage.card_template``
        for name, source in _template_names(engine, card, seen):
            digest.update(name.encode() + b"\0" + source.encode() + b"\0")
    for folder in settings.LOCALE_PATHS:
        for catalog in sorted(folder.glob("*/LC_MESSAGES/*.mo")):
            digest.update(catalog.read_bytes())
    digest.update(f"{django.__version__} {wagtail.__version__}".encode())
    return digest.hexdigest()


def render_card(page, language) -> SafeString:
    """The card of ``page`` (loaded with its card data and ``card_themes``) in ``language``."""
    with translation.override(language):
        template = Engine.get_default().get_template(page.card_template)
        return mark_safe(template.render(Context({"item": page})))  # noqa: S308 - a template's output


def page_text(page) -> ItemText:
    """What excerpts read of a page loaded with its body."""
    return ItemText(
        page.title, page.summary, getattr(page, "document_id", None), plain_body(page.body)
    )


def attach_theme_titles(pages, index):
    """Give each page ``card_themes``: its themes' titles in the active language, from the
    facet index (no query)."""
    titles = index.theme_titles([page.pk for page in pages])
    for page in pages:
        page.card_themes = [CardTheme(title) for title in titles.get(page.pk, [])]


def render_cards(pages, language, index) -> dict:
    """{pk: Card} of ``pages`` (loaded by ``results_with_card_data``) in ``language``."""
    with translation.override(language):
        attach_theme_titles(pages, index)
    return {page.pk: Card(render_card(page, language), page_text(page)) for page in pages}


def cards_for(pks, language, index, types_of):
    """{pk: Card} of the library items ``pks`` in ``language``: kept by the process, else
    stored and valid (one query), else loaded (``results_with_card_data``), rendered and
    stored. ``index``: the facet index, for the themes a card lists; ``types_of(pks)``: the
    item types among ``pks``. A page deleted meanwhile has no card."""
    content, cards_token = current_tokens()
    version = (content, *database_key(), language)
    found = {}
    for pk in pks:
        card = kept_cards.peek((*version, pk))
        if card is not None:
            found[pk] = card
    missing = [pk for pk in pks if pk not in found]
    if missing:
        for pk, card in stored_cards(missing, language, cards_token).items():
            found[pk] = card
            kept_cards.put((*version, pk), card)
        missing = [pk for pk in pks if pk not in found]
    if missing:
        pages = results_with_card_data(missing, types_of(missing))
        rendered = render_cards(pages, language, index)
        for pk, card in rendered.items():
            found[pk] = card
            kept_cards.put((*version, pk), card)
        store_cards(pages, rendered, language, cards_token)
    return found


# One statement, written once: building it with the ORM (a join and an OR of two conditions
# on it) took as long as running it.
STORED = """
SELECT card.page_id, card.html, card.title, card.summary, card.document_id, card.body
FROM {cards} card JOIN {pages} page ON page.id = card.page_id
WHERE card.page_id IN ({pks}) AND card.language = %s AND card.token = %s AND card.form = %s
AND (card.published_at = page.last_published_at
     OR (card.published_at IS NULL AND page.last_published_at IS NULL))
"""


def stored_cards(pks, language, cards_token) -> dict:
    """{pk: Card} of the valid stored cards among ``pks`` (one query)."""
    from wagtail.models import Page

    from search.models import ResultCard

    if not pks:
        return {}
    quote = connection.ops.quote_name
    sql = STORED.format(
        cards=quote(ResultCard._meta.db_table),
        pages=quote(Page._meta.db_table),
        pks=", ".join(["%s"] * len(pks)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pks, language, cards_token, card_form()])
        rows = cursor.fetchall()
    return {
        pk: Card(mark_safe(html), ItemText(title, summary, document_id, body))  # noqa: S308
        for pk, html, title, summary, document_id, body in rows
    }


def store_cards(pages, cards, language, cards_token, strict=False):
    """Store the cards of ``pages`` (``cards``: {pk: Card}). A card is a copy: when it cannot
    be written (the page deleted meanwhile, the database busy), a search goes on without it;
    ``strict``: the error is raised (``update_index``)."""
    from search.models import ResultCard

    rows = []
    for page in pages:
        card = cards[page.pk]
        rows.append(
            ResultCard(
                page_id=page.pk,
                language=language,
                published_at=page.last_published_at,
                token=cards_token,
                form=card_form(),
                html=str(card.html),
                title=card.text.title,
                summary=card.text.summary,
                body=card.text.body,
                document_id=card.text.document_id,
            )
        )
    if not rows:
        return
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A copy: its commit need not wait for the disk (this transaction only).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            ResultCard.objects.bulk_create(
                rows,
                batch_size=STORE_BATCH,
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=[
                    "language",
                    "published_at",
                    "token",
                    "form",
                    "html",
                    "title",
                    "summary",
                    "body",
                    "document_id",
                ],
            )
    except DatabaseError as error:
        if strict:
            raise
        logger.warning("Result cards not stored: %r", error)


def render_all(locales=None, chunk=STORE_BATCH):
    """Render and store the card of every item the search shows (``update_index``), a chunk
    of items at a time. Returns the number of cards stored."""
    from wagtail.models import Locale

    from search.facets import facet_index

    _content, cards_token = current_tokens()
    done = 0
    for locale in locales or Locale.objects.all():
        language = locale.language_code
        index = facet_index(locale)
        pks = sorted(index.pks)
        for start in range(0, len(pks), chunk):
            pages = results_with_card_data(pks[start : start + chunk])
            cards = render_cards(pages, language, index)
            store_cards(pages, cards, language, cards_token, strict=True)
            done += len(pages)
    return done
