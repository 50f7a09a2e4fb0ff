"""Compose an issue into plain sections, then render them for the web, as HTML email and as text.

The three versions come from the same composed sections, so they always say the same thing.
Per-recipient links (preferences, unsubscribe) are placeholders in the rendered email, filled
in per message by ``personalize`` — rendering happens once per language, not once per recipient.
"""

import re
import textwrap
from dataclasses import dataclass, field

import css_inline
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from newsletter.models import ContactSettings
from newsletter.tokens import make_click_token, make_preferences_token

EMAIL_RENDITION = "fill-560x315"
WEB_RENDITION = "fill-640x360"
PREFERENCES_PLACEHOLDER = "https://newsletter.invalid/preferences-placeholder/"
UNSUBSCRIBE_PLACEHOLDER = "https://newsletter.invalid/unsubscribe-placeholder/"

_inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def base_url() -> str:
    return getattr(settings, "NEWSLETTER_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://", "mailto:")):
        return url
    return base_url().rstrip("/") + url


def page_path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else ""


_BLOCK_END = re.compile(r"(?i)</(?:p|h[1-6]|li|ul|ol|blockquote|div)>|<br\s*/?>")


def plain_text(html: str) -> str:
    """Rich text for the text/plain part: tags removed, one paragraph a line."""
    text = strip_tags(_BLOCK_END.sub("\n", html))
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def email_card_templates(item) -> tuple[str, str]:
    """The (HTML, text) templates of ``item``'s email card: ``<app>/cards/email/<model>.html``
    and ``.txt`` for its type, else the library's generic card. Django's cached template loader
    keeps the lookups, per process."""
    meta = item.specific_class._meta
    return tuple(
        select_template(
            [
                f"{meta.app_label}/cards/email/{meta.model_name}.{extension}",
                f"resources/cards/email/librarypage.{extension}",
            ]
        ).template.name
        for extension in ("html", "txt")
    )


def default_button_label(item) -> str:
    name = item.specific_class._meta.model_name
    labels = {
        "projectpage": _("Discover the project"),
        "dossierpage": _("Discover the resource"),
        "conceptpage": _("Discover the concept"),
        "newspage": _("Read the news"),
        "eventpage": _("Register for the event"),
    }
    return labels.get(name, _("Read more"))


class ItemResolver:
    """Finds each referenced item's live, public version in the reader's language, in few
    queries: an item made private or unpublished after the issue is left out of every version
    (web, email, text)."""

    def __init__(self, pages, locale):
        pages = [p for p in pages if p is not None]
        keys = {p.translation_key for p in pages}
        ids = {p.pk for p in pages}
        found = (
            Page.objects.live()
            .public()
            .filter(Q(translation_key__in=keys, locale=locale) | Q(pk__in=ids))
            .specific()
        )
        self.by_key = {}
        self.by_pk = {}
        for page in found:
            self.by_pk[page.pk] = page
            if page.locale_id == locale.pk:
                self.by_key[page.translation_key] = page

    def get(self, page):
        if page is None:
            return None
        return self.by_key.get(page.translation_key) or self.by_pk.get(page.pk)


@dataclass
class Composer:
    page: object
    mode: str  # "web" or "email"
    request: object = None
    tracking: bool = True
    resolver: ItemResolver | None = None
    cited: list = field(default_factory=list)

    def link(self, item) -> str:
        if self.mode == "web":
            return item.get_url(self.request) or ""
        if self.tracking and self.page.pk:
            token = make_click_token(self.page.pk, item.pk)
            return absolute(reverse("newsletter:click", args=[token]))
        return absolute(page_path(item))

    def image(self, image, spec):
        if image is None:
            return None
        rendition = image.get_rendition(spec)
        url = rendition.url if self.mode == "web" else absolute(rendition.url)
        return {"url": url, "width": rendition.width, "height": rendition.height}

    def item(self, value):
        """One referenced item: its current data, with the issue's overrides on top."""
        item = self.resolver.get(value.get("page"))
        if item is None:
            return None
        self.cited.append(item)
        spec = EMAIL_RENDITION if self.mode == "email" else WEB_RENDITION
        data = {
            "page": item,
            "title": value.get("title") or item.title,
            "blurb": value.get("blurb") or getattr(item, "summary", ""),
            "button_label": value.get("button_label") or default_button_label(item),
            "url": self.link(item),
            "image": self.image(getattr(item, "listing_image", None), spec),
            "type_label": getattr(item, "type_label", ""),
            "blurb_chosen": bool(value.get("blurb")),
            "document": self.document(getattr(item, "document", None)),
        }
        data["image_alt"] = data["title"]
        data["card_html"], data["card_text"] = email_card_templates(item)
        starts_at = getattr(item, "starts_at", None)
        if starts_at:
            data["starts_at"] = timezone.localtime(starts_at)
            ends_at = getattr(item, "ends_at", None)
            data["ends_at"] = timezone.localtime(ends_at) if ends_at else None
            data["place"] = _("Online") if item.is_online else item.city
        return data

    def document(self, document):
        """A downloadable file: its address, format and size (for the cards that offer it)."""
        if document is None:
            return None
        url = document.url if self.mode == "web" else absolute(document.url)
        return {
            "url": url,
            "extension": (document.file_extension or "").upper(),
            "size": document.get_file_size(),  # measured (and kept) if not yet known
        }

    def target(self, value):
        """A call to action's label and absolute address."""
        if not value:
            return None
        url = ""
        if value.get("page"):
            target = self.resolver.get(value["page"]) or value["page"].specific
            url = (
                target.get_url(self.request) if self.mode == "web" else absolute(page_path(target))
            )
        elif value.get("document"):
            url = absolute(value["document"].url)
        else:
            url = (value.get("url") or "").strip()
        if not url or not value.get("label"):
            return None
        return {"label": value["label"], "url": url}

    def richtext(self, value):
        html = expand_db_html(value.source if hasattr(value, "source") else str(value or ""))
        if self.mode == "email":
            html = html.replace('href="/', f'href="{base_url().rstrip("/")}/')
        return html


def _chooser_pages(page):
    """Every page chosen anywhere in the issue, for one bulk lookup."""
    pages = []
    for block in page.body:
        value = block.value
        if block.block_type in ("featured_item",):
            pages.append(value["item"].get("page"))
        elif block.block_type in ("items_section", "agenda"):
            key = "items" if block.block_type == "items_section" else "events"
            pages.extend(v.get("page") for v in value[key] or [])
        elif block.block_type == "concept":
            pages.append(value.get("concept"))
        elif block.block_type == "contribution_call":
            pages.append(value.get("next_theme"))
        if isinstance(value, dict) and value.get("call_to_action"):
            pages.append(value["call_to_action"].get("page"))
    return pages


def compose(page, *, mode="web", request=None, tracking=True, collect=None):
    """The issue as a list of plain sections (dicts) for the templates of ``mode``."""
    from events.models import upcoming_events

    locale = page.locale
    with translation.override(locale.language_code):
        composer = Composer(page=page, mode=mode, request=request, tracking=tracking)
        composer.resolver = ItemResolver([*_chooser_pages(page), page.theme], locale)
        sections = []
        for block in page.body:
            kind, value = block.block_type, block.value
            section = {"type": kind, "id": block.id}
            if kind == "theme_of_month":
                theme = composer.resolver.get(page.theme) if page.theme else None
                if theme is None:
                    continue
                section.update(
                    heading=value.get("heading") or _("Theme of the month"),
                    title=theme.title,
                    text=value.get("text") or theme.intro,
                    url=(theme.get_url(request) if mode == "web" else absolute(page_path(theme))),
                    image=composer.image(theme.image, EMAIL_RENDITION),
                )
            elif kind == "featured_item":
                item = composer.item(value["item"])
                if item is None:
                    continue
                section.update(heading=value.get("heading"), item=item)
            elif kind == "items_section":
                items = [composer.item(v) for v in value["items"]]
                section.update(
                    heading=value["heading"],
                    intro=value.get("intro"),
                    items=[i for i in items if i],
                )
                if not section["items"]:
                    continue
            elif kind == "concept":
                concept = composer.resolver.get(value.get("concept"))
                if concept is None:
                    continue
                composer.cited.append(concept)
                text = composer.richtext(value["text"]) if value.get("text") else ""
                diagram = (
                    composer.image(concept.diagram, "max-560x560") if concept.diagram else None
                )
                section.update(
                    heading=value["heading"],
                    intro=value.get("intro"),
                    title=concept.title,
                    text=text,
                    plain_text=plain_text(text) if text else concept.definition,
                    diagram=diagram,
                    diagram_alt=concept.diagram_description or concept.title,
                    url=composer.link(concept),
                    download=(
                        {
                            "url": absolute(concept.diagram_document.url),
                            "label": value.get("download_label") or _("Download the diagram"),
                        }
                        if concept.diagram_document
                        else None
                    ),
                )
            elif kind == "key_figure":
                text = composer.richtext(value["text"])
                section.update(
                    figure=value.get("figure"),
                    text=text,
                    plain_text=plain_text(text),
                    cta=composer.target(value.get("call_to_action")),
                )
            elif kind == "contribution_call":
                theme = composer.resolver.get(value.get("next_theme"))
                section.update(
                    heading=value["heading"],
                    intro=value.get("intro"),
                    next_theme=theme.title if theme else "",
                    question=value.get("question"),
                    text=value["text"],
                    cta=composer.target(value.get("call_to_action")),
                )
            elif kind == "external_call":
                section.update(
                    heading=value["heading"],
                    text=value["text"],
                    cta=composer.target(value.get("call_to_action")),
                )
            elif kind == "agenda":
                chosen = [composer.item(v) for v in value.get("events") or []]
                chosen = [i for i in chosen if i]
                if not chosen and value.get("upcoming_count"):
                    upcoming = upcoming_events(locale).specific()[: value["upcoming_count"]]
                    composer.resolver.by_pk.update({e.pk: e for e in upcoming})
                    chosen = [composer.item({"page": e}) for e in upcoming]
                if not chosen:
                    continue
                section.update(heading=value["heading"], items=chosen)
            elif kind == "rich_text":
                text = composer.richtext(value)
                section.update(text=text, plain_text=plain_text(text))
            elif kind == "partners":
                from resources.models import Organisation

                partners = []
                for partner in Organisation.network_partners():
                    logo = composer.image(partner.logo, "max-160x80") if partner.logo else None
                    partners.append({"name": partner.name, "url": partner.website, "logo": logo})
                section.update(
                    text=value.get("text"),
                    contact_label=value.get("contact_label"),
                    contact_link_label=value.get("contact_link_label"),
                    partners=partners,
                )
            sections.append(section)
        if collect is not None:
            collect.extend(composer.cited)
        return sections


@dataclass
class RenderedEmail:
    language: str
    subject: str
    html: str
    text: str
    web_url: str


def render_email(page, *, request=None, tracking=True) -> RenderedEmail:
    """The issue's email, once for all recipients of its language (placeholders for their links)."""
    sections = compose(page, mode="email", request=request, tracking=tracking)
    language = page.locale.language_code
    with translation.override(language):
        contact = None
        site = page.get_site()
        if site is not None:
            contact = ContactSettings.for_site(site)
        context = {
            "page": page,
            "sections": sections,
            "language": language,
            "web_url": absolute(page_path(page)),
            "site_url": absolute(f"/{language}/"),
            "preferences_url": PREFERENCES_PLACEHOLDER,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "contact": contact,
            "year": page.month.year if page.month else timezone.now().year,
        }
        html = render_to_string("newsletter/email/issue.html", context)
        text = render_to_string("newsletter/email/issue.txt", context)
    html = short_lines(_inliner.inline(html))
    return RenderedEmail(
        language=language,
        subject=page.subject,
        html=html,
        text=short_lines(_tidy_text(text)),
        web_url=context["web_url"],
    )


def short_lines(body: str, limit: int = 900) -> str:
    """Keep every line under SMTP's 998-byte limit, so bodies travel as 8-bit, not re-encoded:
    break long lines after a tag's ``>`` or at a space."""
    out = []
    for line in body.split("\n"):
        while len(line.encode()) > limit:
            cut = max(line.rfind(">", 0, limit // 3), line.rfind(" ", 0, limit // 3))
            if cut <= 0:
                cut = limit // 3
            out.append(line[: cut + 1])
            line = line[cut + 1 :]
        out.append(line)
    return "\n".join(out)


TEXT_WIDTH = 76


def _tidy_text(text: str) -> str:
    """Collapse the blank lines templates leave behind (at most one empty line in a row) and
    wrap prose at a readable width; a line carrying an address stays whole with its label."""
    out = []
    for line in (line.rstrip() for line in text.splitlines()):
        if not line and (not out or not out[-1]):
            continue
        if len(line) > TEXT_WIDTH and "://" not in line:
            out.extend(
                textwrap.wrap(line, TEXT_WIDTH, break_long_words=False, break_on_hyphens=False)
            )
        else:
            out.append(line)
    return "\n".join(out).strip() + "\n"


def recipient_links(subscriber_pk: int, language: str) -> dict:
    """The preferences and one-click unsubscribe addresses of one recipient."""
    token = make_preferences_token(subscriber_pk)
    with translation.override(language):
        return {
            "preferences": absolute(reverse("newsletter:preferences", args=[token])),
            "unsubscribe": absolute(reverse("newsletter:unsubscribe", args=[token])),
        }


def personalize(body: str, links: dict) -> str:
    return body.replace(PREFERENCES_PLACEHOLDER, links["preferences"]).replace(
        UNSUBSCRIBE_PLACEHOLDER, links["unsubscribe"]
    )


def cited_item_keys(page) -> set:
    """Translation keys of the library items an issue cites (for the reference table)."""
    from resources.models import LibraryPage

    ids = {p.pk for p in _chooser_pages(page) if p is not None}
    return set(LibraryPage.objects.filter(pk__in=ids).values_list("translation_key", flat=True))
