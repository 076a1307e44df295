"""The interest form, under /bokning/intresse/ (in the "bookings" namespace)."""

from django.urls import path

from bookings.views import interest

urlpatterns = [
    path("<id:program_id>/", interest.register, name="interest"),
]
