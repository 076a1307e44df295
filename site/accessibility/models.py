"""The accessibility statement page: status, shortcomings and assessment, with its feedback form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from programs.localization import VisitorLanguageUrlMixin

from .feedback import statement_facts
from .forms import FeedbackForm
from .views import answer_feedback

DIGG_REPORT_URL = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-"
    "service-dos-lagen/anmal-bristande-tillganglighet"
)


class Compliance(models.TextChoices):
    """The law's three words for how far the site meets the requirements (EN 301 549)."""

    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONE = "none", _("Not compliant")


class Reason(models.TextChoices):
    """Why a part is not accessible: each has its own heading in the statement."""

    NOT_FIXED = "not_fixed", _("Not yet fixed")
    DISPROPORTIONATE = "disproportionate", _("Disproportionate burden")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the scope of the law")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Self-assessment")
    THIRD_PARTY = "third_party", _("Review by a third party")


class ShortcomingBlock(blocks.StructBlock):
    """One part of the site that is not accessible, why, and when it will be fixed."""

    description = blocks.TextBlock(
        label=_("what is not accessible"),
        help_text=_("Who is affected and how, e.g. 'The map of the venue has no text version'."),
    )
    reason = blocks.ChoiceBlock(choices=Reason.choices, default=Reason.NOT_FIXED, label=_("why"))
    explanation = blocks.TextBlock(
        required=False,
        label=_("explanation"),
        help_text=_("Required for a disproportionate burden or content outside the law."),
    )
    planned_fix = blocks.DateBlock(
        required=False,
        label=_("planned fix date"),
        help_text=_("Required for a shortcoming not yet fixed."),
    )

    class Meta:
        icon = "warning"
        label = _("shortcoming")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["reason"] == Reason.NOT_FIXED and not value["planned_fix"]:
            errors["planned_fix"] = ValidationError(_("Say when it will be fixed."))
        if value["reason"] != Reason.NOT_FIXED and not value["explanation"].strip():
            errors["explanation"] = ValidationError(_("Explain why this part is exempt."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class AccessibilityStatementPage(VisitorLanguageUrlMixin, Page):
    """The municipality's accessibility statement (Digg's model), one per site."""

    intro = models.TextField(_("intro"), blank=True)
    compliance = models.CharField(
        _("compliance with the law"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    shortcomings = StreamField(
        [("shortcoming", ShortcomingBlock())],
        blank=True,
        verbose_name=_("content that is not accessible"),
    )
    assessment_method = models.CharField(
        _("how the site was assessed"),
        max_length=12,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    assessor = models.CharField(
        _("assessed by"),
        max_length=200,
        blank=True,
        help_text=_("The third party that reviewed the site, e.g. a consultancy."),
    )
    assessed_on = models.DateField(_("date of the assessment"))
    body = RichTextField(
        _("more about accessibility"),
        blank=True,
        help_text=_("Anything else, e.g. easy-to-read texts and other languages."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("compliance"),
        FieldPanel("shortcomings"),
        MultiFieldPanel(
            [FieldPanel("assessment_method"), FieldPanel("assessor"), FieldPanel("assessed_on")],
            heading=_("Assessment"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["parentsite.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "parentsite/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("accessibility statement")

    def clean(self):
        super().clean()
        errors = {}
        not_fixed = [item for item in self.shortcomings if item.value["reason"] == Reason.NOT_FIXED]
        if self.compliance == Compliance.FULL and not_fixed:
            errors["compliance"] = _(
                "A site with shortcomings not yet fixed is not fully compliant."
            )
        if self.compliance != Compliance.FULL and not len(self.shortcomings):
            errors["shortcomings"] = _("List what is not accessible, and why.")
        if self.assessment_method == AssessmentMethod.THIRD_PARTY and not self.assessor.strip():
            errors["assessor"] = _("Name the third party that reviewed the site.")
        if errors:
            raise ValidationError(errors)

    def shortcomings_by_reason(self) -> dict[str, list]:
        """The shortcomings under their reason's heading, in the order the law lists them."""
        grouped: dict[str, list] = {reason: [] for reason in Reason.values}
        for item in self.shortcomings:
            grouped[item.value["reason"]].append(item.value)
        return grouped

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statement"] = statement_facts(self)
        context["shortcomings"] = self.shortcomings_by_reason()
        context["digg_report_url"] = DIGG_REPORT_URL
        context["form"] = kwargs.get("form") or FeedbackForm()
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the statement and an empty form; POST sends the feedback (see
        `views.answer_feedback`) and comes back here with a confirmation, or shows the form
        again with what was typed."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form, status = answer_feedback(request, page=self)
        if status is None:
            messages.success(request, _("Thank you. Your message has been sent to us."))
            return redirect(request.path)  # back to the statement, in the language it was read in
        response = super().serve(request, *args, form=form, **kwargs)
        response.status_code = status
        return response
