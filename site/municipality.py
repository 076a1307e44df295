"""What each municipality (one Wagtail Site) says about itself: its name, who controls the
personal data of its bookings, how long it keeps them, its privacy and accessibility pages, and
where its accessibility feedback goes.

Set per site in the Wagtail admin (Settings → Municipality). The retention time must lie
within the floor and ceiling the install sets (PERSONAL_DATA_RETENTION_MIN_DAYS and
PERSONAL_DATA_RETENTION_MAX_DAYS); without a setting, PERSONAL_DATA_RETENTION_DAYS applies.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


def validate_retention_days(days: int) -> None:
    floor = settings.PERSONAL_DATA_RETENTION_MIN_DAYS
    ceiling = settings.PERSONAL_DATA_RETENTION_MAX_DAYS
    if not floor <= days <= ceiling:
        raise ValidationError(
            _("Choose between %(floor)d and %(ceiling)d days.")
            % {"floor": floor, "ceiling": ceiling}
        )


@register_setting(icon="home")
class MunicipalitySettings(BaseSiteSetting):
    municipality_name = models.CharField(
        _("municipality"), max_length=100, blank=True, help_text=_("e.g. 'Gnesta kommun'.")
    )
    data_controller = models.CharField(
        _("data controller"),
        max_length=200,
        blank=True,
        help_text=_("Who is responsible for the personal data, e.g. 'Socialnämnden i Gnesta'."),
    )
    privacy_contact = models.EmailField(
        _("privacy contact"),
        blank=True,
        help_text=_(
            "Where parents ask about their personal data (e.g. the data protection officer)."
        ),
    )
    accessibility_contact = models.EmailField(
        _("accessibility contact"),
        blank=True,
        help_text=_(
            "Where the accessibility statement's feedback form sends messages. Leave empty "
            "to use the reply-to address of e-mail to parents."
        ),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days personal data is kept after a group ends"),
        null=True,
        blank=True,
        validators=[validate_retention_days],
        help_text=_("Leave empty for the install's default."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy notice page"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement page"),
    )

    panels = [
        FieldPanel("municipality_name"),
        MultiFieldPanel(
            [
                FieldPanel("data_controller"),
                FieldPanel("privacy_contact"),
                FieldPanel("retention_days"),
            ],
            heading=_("Personal data"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("accessibility_contact"),
            ],
            heading=_("Pages in the footer"),
        ),
    ]

    class Meta:
        verbose_name = _("municipality")

    @property
    def days_kept(self) -> int:
        """How many days this site keeps bookings' personal data after a group ends."""
        return self.retention_days or settings.PERSONAL_DATA_RETENTION_DAYS


def retention_days_by_site() -> dict[Site, int]:
    """Every site with the days it keeps personal data. One query."""
    chosen = MunicipalitySettings.objects.filter(site=OuterRef("pk")).values("retention_days")
    sites = Site.objects.select_related("root_page").annotate(days=Subquery(chosen[:1]))
    return {site: site.days or settings.PERSONAL_DATA_RETENTION_DAYS for site in sites}


def municipality_names() -> list[tuple[str, str]]:
    """(root page path, name) of every site, the deepest root first: the name is the
    municipality's own (its settings), else the site's. One query."""
    chosen = MunicipalitySettings.objects.filter(site=OuterRef("pk")).values("municipality_name")
    sites = Site.objects.annotate(
        root_path=F("root_page__path"), chosen_name=Subquery(chosen[:1])
    ).order_by("-root_page__depth")
    return [(site.root_path, site.chosen_name or site.site_name or site.hostname) for site in sites]


def municipality_of(page_path: str, names: list[tuple[str, str]]) -> str:
    """The name of the municipality whose page tree holds the page at `page_path`."""
    return next((name for root, name in names if page_path.startswith(root)), "")
