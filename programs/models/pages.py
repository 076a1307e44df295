"""Program pages: the index that lists programs and the page that describes one program.

Pages are thin: fields, panels, page-type rules and search. Offerings and sessions are plain
models in `bookings` (never inline children), so page revisions cannot touch booked data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from programs.blocks import BodyBlock
from programs.dates import program_dates
from programs.localization import VisitorLanguageUrlMixin, original


class ProgramKind(models.TextChoices):
    COURSE = "course", _("Course")
    MEETUP = "meetup", _("Meetup")
    EVENT = "event", _("Event")


class ProgramFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person or online")


class ProgramIndexPage(VisitorLanguageUrlMixin, Page):
    """Lists the programs below it, with filters a parent can combine."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["parentsite.HomePage"]
    subpage_types = ["programs.ProgramPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("program index page")

    def get_context(self, request, *args, **kwargs):
        from programs.selectors import ProgramFilterForm, filter_programs

        context = super().get_context(request, *args, **kwargs)
        form = ProgramFilterForm(request.GET or None)
        criteria = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["programs"] = filter_programs(
            index_page=self, shown_in=translation.get_language(), **criteria
        )
        return context


class ProgramPage(VisitorLanguageUrlMixin, Page):
    """One parent-support program: who it is for, how it runs, and its bookable offerings."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    audience = models.CharField(
        _("audience"),
        max_length=200,
        help_text=_("Who the program is for, e.g. 'Parents of children aged 3-11'."),
    )
    child_age_min = models.PositiveSmallIntegerField(_("child age from"), default=0)
    child_age_max = models.PositiveSmallIntegerField(_("child age to"), default=18)
    languages = ParentalManyToManyField(
        "programs.Language", blank=True, related_name="programs", verbose_name=_("languages")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=ProgramFormat.choices, default=ProgramFormat.IN_PERSON
    )
    intro = models.TextField(_("intro"), help_text=_("One or two sentences shown in listings."))
    easy_read_summary = models.TextField(
        _("easy-to-read summary"),
        blank=True,
        help_text=_("Lättläst: short sentences, everyday words."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    venue = models.ForeignKey(
        "programs.Venue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("venue"),
    )
    contact = models.ForeignKey(
        "programs.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact"),
    )
    is_free = models.BooleanField(_("free of charge"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("child_age_min"), FieldPanel("child_age_max")]),
                FieldPanel("format"),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("is_free"),
            ],
            heading=_("Facts"),
        ),
        FieldPanel("easy_read_summary"),
        FieldPanel("body"),
        FieldPanel("venue"),
        FieldPanel("contact"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("audience"),
        index.SearchField("easy_read_summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("format"),
    ]
    parent_page_types = ["programs.ProgramIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("program page")

    def clean(self):
        super().clean()
        if self.child_age_min > self.child_age_max:
            raise ValidationError(
                {"child_age_max": _("The upper age must not be below the lower age.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every translation of a program shows the same groups: those of the Swedish original.
        context["dates"] = program_dates(program=original(self), params=request.GET)
        return context
