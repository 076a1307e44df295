"""Reusable facts that many program pages point at: venues, contacts, languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def municipality_field():
    """The municipality (Wagtail Site) a venue or contact belongs to: its staff edit it and
    its pages and offerings use it; languages are shared by all."""
    return models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )


class Venue(index.Indexed, models.Model):
    """A place where sessions are held (or a video link for online groups)."""

    site = municipality_field()
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    directions = models.TextField(
        _("directions"), blank=True, help_text=_("How to get there, entrance, parking.")
    )
    is_accessible = models.BooleanField(
        _("step-free access"), default=True, help_text=_("Can be reached without stairs.")
    )
    has_hearing_loop = models.BooleanField(_("hearing loop"), default=False)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("street_address"),
        FieldPanel("postal_code"),
        FieldPanel("city"),
        FieldPanel("directions"),
        FieldPanel("is_accessible"),
        FieldPanel("has_hearing_loop"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city")]

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        """One line for calendars and listings."""
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.name, self.street_address, place) if part)


class Contact(index.Indexed, models.Model):
    """A named contact for a program: who a parent can call or write to with questions."""

    site = municipality_field()
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role")]

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language a program is run in (Swedish, Arabic, Somali, ...), named in Swedish."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("e.g. sv, ar"))
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
