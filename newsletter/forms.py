"""Public forms: subscribe, preferences."""

import ipaddress

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from newsletter.models import LANGUAGE_CHOICES

CONSENT_VERSION = "2024-01"
CONSENT_WORDING = _(
    "I agree to receive the Territoires en Commun newsletter by email. I can unsubscribe at any "
    "time with the link in every email."
)
SOURCES = {"home", "archive", "theme", "issue", "page"}


def theme_choices():
    """The themes a reader may follow: published and public ones only, in the reader's language."""
    from resources.models import ThemePage

    return ThemePage.objects.live().public().filter(locale=Locale.get_active()).order_by("title")


def refuse_ip_literal(address):
    """Addresses at an IP address (``user@[192.0.2.1]``, ``user@192.0.2.1``) are refused."""
    domain = str(address).rpartition("@")[2].strip()
    literal = domain[1:-1] if domain.startswith("[") and domain.endswith("]") else domain
    if literal.lower().startswith("ipv6:"):
        literal = literal[5:]
    try:
        ipaddress.ip_address(literal)
    except ValueError:
        if not domain.startswith("["):
            return
    raise ValidationError(
        _("Use an address with a domain name (such as name@example.org), not an IP address."),
        code="ip_literal",
    )


class ThemesField(forms.ModelMultipleChoiceField):
    """The themes ticked; a value that cannot be a theme's id is refused before the database
    sees it (an integer past 64 bits overflows SQLite's integers instead of matching nothing)."""

    def __init__(self, label):
        super().__init__(
            label=label, queryset=None, required=False, widget=forms.CheckboxSelectMultiple
        )

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not (
                text.isascii() and text.lstrip("-").isdigit() and -(2**63) <= int(text) < 2**63
            ):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, validators=[refuse_ip_literal]
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=LANGUAGE_CHOICES)
    themes = ThemesField(_("Themes you follow (optional)"))
    consent = forms.BooleanField(label=CONSENT_WORDING, required=True)
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = theme_choices()
        self.fields["consent"].error_messages["required"] = _(
            "Please tick the box to agree to receive the newsletter."
        )

    def clean_source(self):
        source = self.cleaned_data.get("source") or "page"
        return source if source in SOURCES else "page"


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=LANGUAGE_CHOICES)
    themes = ThemesField(_("Themes you follow"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = theme_choices()
