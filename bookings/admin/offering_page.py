"""The organizer's page for one offering: who is coming, the waitlist, and the actions."""

from .offering_views import OfferingAdminView


class OfferingPageView(OfferingAdminView):
    pass


action_urlpatterns = []
