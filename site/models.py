"""Site-wide pages: the home page and plain standard pages (privacy notice, accessibility)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from programs.blocks import BodyBlock
from programs.localization import VisitorLanguageUrlMixin
from programs.selectors import program_index_for_site


class HomePage(VisitorLanguageUrlMixin, Page):
    """The municipality's start page: a short welcome and a way into the programs."""

    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "programs.ProgramIndexPage",
        "parentsite.StandardPage",
        "parentsite.AccessibilityStatementPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["program_index"] = program_index_for_site(self, request)
        return context


class StandardPage(VisitorLanguageUrlMixin, Page):
    """A plain page: the privacy notice, about us."""

    intro = models.TextField(_("intro"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["parentsite.HomePage", "parentsite.StandardPage"]
    subpage_types = ["parentsite.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


# Models of this app kept in modules of their own.
from parentsite.accessibility.models import AccessibilityStatementPage  # noqa: E402, F401
from parentsite.municipality import MunicipalitySettings  # noqa: E402, F401
