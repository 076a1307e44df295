"""Attendance: a tablet check list per session and the households x sessions grid."""

from django.urls import path

from .offering_views import OfferingAdminView


class AttendanceGridView(OfferingAdminView):  # placeholder, replaced by the attendance work
    pass


class SessionAttendanceView(OfferingAdminView):  # placeholder
    pass


urlpatterns = [
    path("<int:offering_id>/attendance/", AttendanceGridView.as_view(), name="attendance"),
    path(
        "<int:offering_id>/sessions/<int:session_id>/attendance/",
        SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
]
