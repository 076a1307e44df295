"""URLs of the organizer screens, under /admin/organize/ (namespace "organize")."""

from django.urls import path

from . import (
    attendance,
    background_pdf_views,
    exports,
    interest_invitations,
    offering_page,
    printing,
    statistics_views,
    unmet_demand_views,
)

app_name = "organize"

urlpatterns = [
    path("<id:offering_id>/", offering_page.OfferingPageView.as_view(), name="offering"),
    *offering_page.action_urlpatterns,
    *interest_invitations.urlpatterns,
    *attendance.urlpatterns,
    *printing.urlpatterns,
    *background_pdf_views.urlpatterns,
    *exports.urlpatterns,
    *statistics_views.urlpatterns,
    *unmet_demand_views.urlpatterns,
]
