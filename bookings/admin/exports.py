"""Participant lists as CSV and XLSX, in Swedish local time, safe to open in a spreadsheet."""

from django.urls import path

from .offering_views import OfferingAdminView


class ParticipantsExportView(OfferingAdminView):  # placeholder, replaced by the exports work
    pass


urlpatterns = [
    path(
        "<int:offering_id>/participants.<str:file_format>",
        ParticipantsExportView.as_view(),
        name="export_participants",
    ),
]
