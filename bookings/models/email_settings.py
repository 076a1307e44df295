"""How e-mail to parents looks for one site (one municipality): sender name, reply-to, signature.

Kept with the engine because every message the engine sends is signed with it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class EmailSettings(BaseSiteSetting):
    """How e-mail to parents looks for one site (one municipality): sender, reply-to, signature.

    The sending address itself is DEFAULT_FROM_EMAIL (it must be one the provider may send
    from); staff choose the name shown with it and where replies go.
    """

    sender_name = models.CharField(
        _("sender name"),
        max_length=100,
        blank=True,
        help_text=_("Shown as the sender, e.g. 'Föräldrastöd Gnesta kommun'."),
    )
    reply_to = models.EmailField(
        _("reply-to address"),
        blank=True,
        help_text=_("Where parents' replies go, e.g. the parent-support team's mailbox."),
    )
    signature = models.TextField(
        _("signature"),
        blank=True,
        help_text=_("Ends every e-mail to parents. Leave empty for 'Kind regards' and the name."),
    )

    panels = [FieldPanel("sender_name"), FieldPanel("reply_to"), FieldPanel("signature")]

    class Meta:
        verbose_name = _("e-mail to parents")
