"""``{% csp_nonce %}`` (library ``admin_csp``): the nonce of the response being rendered.

Wagtail renders its date widgets without the request in their context, so the nonce that
django-csp puts on the request is also kept in a context variable for the time of the request
(set and reset by ``config.middleware.ContentSecurityPolicyMiddleware``).
"""

from contextvars import ContextVar

from django import template
from django.utils.safestring import mark_safe

request_nonce = ContextVar("request_nonce", default="")
register = template.Library()


@register.simple_tag
def csp_nonce():
    """The request's nonce (and, once used, django-csp adds it to the policy)."""
    return str(request_nonce.get())


def nonce_wagtail_choosers():
    """Give the inline script of Wagtail's chooser widgets the request's nonce.

    ``BaseChooser.render`` writes a bare ``<script>`` that no template can reach; without the
    nonce the policy blocks it and the image, page and document choosers stay inert. Applied
    once, by the middleware. To be removed when Wagtail nonces its own scripts.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "adds_csp_nonce", False):
        return
    wagtail_render = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        html = wagtail_render(self, name, value, attrs=attrs, renderer=renderer)
        nonced = html.replace("<script>", f'<script nonce="{csp_nonce()}">', 1)
        return mark_safe(nonced)  # noqa: S308 (Wagtail's own markup, plus a base64 nonce)

    render.adds_csp_nonce = True
    BaseChooser.render = render
