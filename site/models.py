"""Site-wide pages: the home page and plain standard pages (privacy notice, accessibility)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

# A parent's own details ("My pages"), kept in their own module.
from parentsite.profiles import ParentProfile  # noqa: F401


class BodyBlock(blocks.StreamBlock):
    """The rich content blocks editors may use on any page."""

    heading = blocks.CharBlock(
        form_classname="title", label=_("Heading"), template="components/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    question = blocks.StructBlock(
        [
            ("question", blocks.CharBlock(label=_("Question"))),
            ("answer", blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])),
        ],
        label=_("Question and answer"),
        template="components/question_block.html",
    )


class HomePage(Page):
    """The municipality's start page: a short welcome and a way into the programs."""

    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["programs.ProgramIndexPage", "parentsite.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from programs.selectors import program_index_for_site

        context = super().get_context(request, *args, **kwargs)
        context["program_index"] = program_index_for_site(self)
        return context


class StandardPage(Page):
    """A plain page: the privacy notice, the accessibility statement, about us."""

    intro = models.TextField(_("intro"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["parentsite.HomePage", "parentsite.StandardPage"]
    subpage_types = ["parentsite.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


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
