"""Admin menu for the facts program pages share: venues, contacts and languages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .delete_guards import refuse_deleting_programs_with_offerings, refuse_deleting_venues_in_use
from .models import Contact, Language, Venue
from .site_scoping import SiteOwnedForm, SiteScopedViewSetMixin


class VenueViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = Venue
    edit_handler = ObjectList(Venue.panels, base_form_class=SiteOwnedForm)
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "street_address", "city", "is_accessible"]
    list_filter = ["city", "is_accessible", "has_hearing_loop"]
    search_fields = ["name", "city"]


class ContactViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = Contact
    edit_handler = ObjectList(Contact.panels, base_form_class=SiteOwnedForm)
    icon = "user"
    menu_label = _("Contacts")
    list_display = ["name", "role", "email", "phone"]
    search_fields = ["name", "role"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = _("Languages")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ProgramFactsGroup(SnippetViewSetGroup):
    items = (VenueViewSet, ContactViewSet, LanguageViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Program facts")
    menu_name = "program-facts"


register_snippet(ProgramFactsGroup)
hooks.register("before_delete_page", refuse_deleting_programs_with_offerings)
hooks.register("before_delete_snippet", refuse_deleting_venues_in_use)
