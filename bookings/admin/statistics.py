"""Yearly statistics per program for the municipality's annual report (CSV, XLSX)."""

from django.urls import path
from django.views.generic import TemplateView


class YearlyStatisticsView(TemplateView):  # placeholder, replaced by the statistics work
    pass


urlpatterns = [
    path("statistics/", YearlyStatisticsView.as_view(), name="statistics"),
]
