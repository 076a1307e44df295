"""Template tags for pages with forms."""

from django import template
from django.forms import BaseForm
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " when a form on the page was sent back with errors, for the start of the page's
    title: the title is what a screen reader reads first on the new page (WCAG 3.3.1)."""
    for value in context.flatten().values():
        if isinstance(value, BaseForm) and value.is_bound and value.errors:
            return _("Error: ")
    return ""
